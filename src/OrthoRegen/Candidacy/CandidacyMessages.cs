using System.Globalization;

namespace OrthoRegen.Candidacy;

/// <summary>
/// The English sentence of every rule finding, keyed so the UI can show the same sentence in Korean or Chinese.
/// Placeholders {0}, {1} … take the finding's arguments.
/// </summary>
public static class CandidacyMessages
{
    public static readonly IReadOnlyDictionary<string, string> English = new Dictionary<string, string>
    {
        ["C1.Eligible"] = "Kellgren-Lawrence grade {0} is in the range where cell therapy is best supported (grades {1}).",
        ["C1.Doubtful"] = "Kellgren-Lawrence grade {0} is doubtful osteoarthritis: confirm cartilage damage on MRI before treating.",
        ["C1.EndStage"] = "Kellgren-Lawrence grade {0}: end-stage osteoarthritis, where cell therapy is unlikely to help; discuss arthroplasty.",
        ["C1.NoOa"] = "Kellgren-Lawrence grade {0}: no radiographic osteoarthritis to treat.",
        ["C1.BoneOnBone"] = "Bone-on-bone contact (complete joint-space loss) on the radiograph: not suitable for cell therapy.",
        ["C1.Missing"] = "No Kellgren-Lawrence grade is recorded for this joint: obtain a standing radiograph before deciding.",
        ["C2.Failed"] = "Failed conservative care is documented: {0}.",
        ["C2.NoneFailed"] = "No failed conservative treatment (NSAID, intra-articular steroid or hyaluronic acid, or physiotherapy with no or only transient response) is documented.",
        ["C2.ShortSymptoms"] = "Symptoms for {0} months, under the {1} months expected before cell therapy: conservative care may still help.",
        ["C3.Infection"] = "Active infection (systemic or at the harvest or injection site) excludes treatment.",
        ["C3.ImmuneDisease"] = "Active immune disease excludes treatment.",
        ["C3.Immunodeficiency"] = "Immunodeficiency excludes treatment.",
        ["C3.Malignancy"] = "Active or recent malignancy excludes treatment.",
        ["C3.Pregnancy"] = "Pregnancy or lactation excludes treatment.",
        ["C3.Anticoagulant"] = "Anticoagulant treatment or coagulopathy: plan harvest and injection with haematology advice.",
        ["C3.Hba1c"] = "HbA1c {0}% is above {1}%: improve glycaemic control or document why treatment proceeds.",
        ["C3.Bmi"] = "BMI {0} is at or above {1}: weight affects outcome and procedure; document the plan.",
        ["C3.Clear"] = "No contraindication recorded (infection, immune disease, malignancy, pregnancy, anticoagulation, HbA1c, BMI).",
        ["C4.Advanced"] = "Avascular necrosis {0}: advanced (collapse), not suitable for cell therapy.",
        ["C4.Clear"] = "Avascular necrosis stage {0}: not advanced.",
        ["C4.NotRecorded"] = "No avascular necrosis stage recorded for this hip.",
        ["C5.NoFollowUp"] = "The patient cannot attend follow-up for 24 months, which this treatment needs.",
        ["C5.PoorAdherence"] = "Documented poor adherence to rehabilitation, which is part of the treatment.",
        ["C5.Clear"] = "The patient can attend 24 months of follow-up and rehabilitation.",
        ["C6.RecentInjection"] = "Intra-articular injection ({0}) on {1}, {2} days ago: wait until {3} ({4} days after it).",
        ["C6.Clear"] = "No intra-articular injection into this joint in the last {0} days.",
        ["C7.Suitable"] = "Disc degeneration Pfirrmann {0}: early to moderate.",
        ["C7.Unsuitable"] = "Disc degeneration Pfirrmann {0}: grade 1 is a normal disc and grade 5 a collapsed one; neither suits cell therapy.",
        ["C7.Missing"] = "No Pfirrmann grade recorded for any disc level: obtain a T2-weighted MRI before deciding.",
        ["C8.ResearchOnly"] = "{0}: cell therapy is experimental; it may be offered only within approved research.",
        ["C8.SciGrade"] = "Spinal cord injury AIS grade {0}; incomplete injuries are preferred for research enrolment.",
        ["C9.Ok"] = "Allogeneic product: donor eligible and the consent acknowledges the allogeneic source.",
        ["C9.Donor"] = "Allogeneic product: donor eligibility is {0}, not ELIGIBLE. This product is excluded.",
        ["C9.Consent"] = "Allogeneic product: no valid consent acknowledges the allogeneic source. This product is excluded.",
    };

    public static string Format(string key, IReadOnlyList<string> args) =>
        string.Format(CultureInfo.InvariantCulture, English[key], args.Cast<object>().ToArray());
}
