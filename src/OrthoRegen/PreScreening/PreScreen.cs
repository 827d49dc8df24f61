using System.Text.RegularExpressions;
using OrthoRegen.Assessment;

namespace OrthoRegen.PreScreening;

/// <summary>Coded values of the patient-entered pre-screening (DOMAIN.md 2, PreScreen).</summary>
public static class PreScreenCodes
{
    public static IReadOnlyList<string> TargetSites => AssessmentCodes.Targets;
    public static IReadOnlyList<string> TriedTreatments => AssessmentCodes.ConservativeTypes;
    /// <summary>Languages a patient may ask to be contacted in.</summary>
    public static readonly IReadOnlyList<string> ContactLanguages = ["ko", "en", "zh"];

    /// <summary>The indication a self-reported target belongs to: knees and hips are OA, spinal regions disc degeneration.</summary>
    public static string IndicationOf(string targetSite) => targetSite switch
    {
        "KNEE_L" or "KNEE_R" => AssessmentCodes.KneeOa,
        "HIP_L" or "HIP_R" => AssessmentCodes.HipOa,
        "LUMBAR" or "CERVICAL" or "THORACIC" => AssessmentCodes.DiscDegeneration,
        "SCI" => AssessmentCodes.Sci,
        _ => throw new ArgumentException($"Unknown target site {targetSite}.", nameof(targetSite)),
    };
}

/// <summary>
/// What the public pre-screening form (or <c>POST /api/prescreen</c>) sends: the self-report of DOMAIN.md 2, the optional
/// request to be contacted, and the honeypot field that people never see and bots fill in. Booleans left out mean "no",
/// except the two questions every patient must answer (follow-up for 24 months, awareness of self-pay).
/// </summary>
public sealed record PreScreenRequest
{
    public string? TargetSite { get; init; }
    /// <summary>Pain on a 0–10 numeric rating scale (0 none, 10 worst imaginable).</summary>
    public int? PainNrs { get; init; }
    public int? SymptomDurationMonths { get; init; }
    public IReadOnlyList<string>? TriedTreatments { get; init; }
    public bool ToldBoneOnBone { get; init; }
    public bool ToldAvn { get; init; }
    public bool ActiveInfection { get; init; }
    public bool ImmuneDiseaseActive { get; init; }
    public bool Immunosuppressants { get; init; }
    public bool CancerActiveOrRecent { get; init; }
    public bool PregnantOrLactating { get; init; }
    public bool Anticoagulant { get; init; }
    public bool? CanAttendFollowup24m { get; init; }
    public bool? BudgetAwareSelfPay { get; init; }

    /// <summary>The explicit "contact me" consent. Without it no contact detail is stored, whatever else was sent.</summary>
    public bool ContactMe { get; init; }
    public string? ContactName { get; init; }
    public string? ContactPhone { get; init; }
    public string? ContactEmail { get; init; }
    /// <summary>ko, en or zh.</summary>
    public string? PreferredLanguage { get; init; }

    /// <summary>The honeypot: hidden from people, so anything in it marks the submission as automated.</summary>
    public string? Website { get; init; }

    public bool IsHoneypotFilled => !string.IsNullOrWhiteSpace(Website);
}

/// <summary>A validated self-report (DOMAIN.md 2, PreScreen).</summary>
public sealed record SelfReport(
    string TargetSite,
    int PainNrs,
    int SymptomDurationMonths,
    IReadOnlyList<string> TriedTreatments,
    bool ToldBoneOnBone,
    bool ToldAvn,
    bool ActiveInfection,
    bool ImmuneDiseaseActive,
    bool Immunosuppressants,
    bool CancerActiveOrRecent,
    bool PregnantOrLactating,
    bool Anticoagulant,
    bool CanAttendFollowup24m,
    bool BudgetAwareSelfPay)
{
    public string Indication => PreScreenCodes.IndicationOf(TargetSite);
}

/// <summary>Contact details, kept only with the explicit consent to be contacted.</summary>
public sealed record LeadContact(string Name, string? Phone, string? Email, string PreferredLanguage);

public static partial class PreScreenValidation
{
    /// <summary>Longest plausible symptom history accepted (80 years, in months).</summary>
    public const int MaxSymptomMonths = 960;

    /// <summary>
    /// Validates the self-report and, when <see cref="PreScreenRequest.ContactMe"/> is ticked, the contact details.
    /// Errors are keyed by the JSON field name. Contact details sent without the consent are ignored, never stored.
    /// </summary>
    public static (SelfReport? Report, LeadContact? Contact, IReadOnlyDictionary<string, string[]> Errors) Validate(PreScreenRequest r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var e = new FieldErrors();
        var target = e.OneOf("targetSite", r.TargetSite, PreScreenCodes.TargetSites);
        var pain = e.Integer("painNrs", r.PainNrs, 0, 10, required: true);
        var months = e.Integer("symptomDurationMonths", r.SymptomDurationMonths, 0, MaxSymptomMonths, required: true);
        var tried = new List<string>();
        foreach (var t in r.TriedTreatments ?? [])
        {
            if (!PreScreenCodes.TriedTreatments.Contains(t)) { e.Add("triedTreatments", $"Each must be one of {string.Join(", ", PreScreenCodes.TriedTreatments)}."); break; }
            if (!tried.Contains(t)) tried.Add(t);
        }
        if (r.CanAttendFollowup24m is null) e.Add("canAttendFollowup24m", "Required: yes or no.");
        if (r.BudgetAwareSelfPay is null) e.Add("budgetAwareSelfPay", "Required: yes or no.");

        LeadContact? contact = null;
        if (r.ContactMe)
        {
            var name = e.Required("contactName", r.ContactName, 100);
            var phone = e.Pattern("contactPhone", r.ContactPhone, PhonePattern(), "a telephone number (digits, spaces, +, -, parentheses)", required: false);
            var email = e.Pattern("contactEmail", r.ContactEmail, EmailPattern(), "an e-mail address", required: false);
            if (string.IsNullOrWhiteSpace(r.ContactPhone) && string.IsNullOrWhiteSpace(r.ContactEmail))
                e.Add("contactPhone", "Give a telephone number or an e-mail address so the clinic can contact you.");
            var language = e.OneOf("preferredLanguage", r.PreferredLanguage, PreScreenCodes.ContactLanguages);
            if (name is not null && language is not null && (phone ?? email) is not null)
                contact = new LeadContact(name, phone, email, language);
        }
        if (!e.IsEmpty) return (null, null, e.ToDictionary());
        var report = new SelfReport(target!, pain!.Value, months!.Value, tried, r.ToldBoneOnBone, r.ToldAvn, r.ActiveInfection,
            r.ImmuneDiseaseActive, r.Immunosuppressants, r.CancerActiveOrRecent, r.PregnantOrLactating, r.Anticoagulant,
            r.CanAttendFollowup24m!.Value, r.BudgetAwareSelfPay!.Value);
        return (report, contact, e.ToDictionary());
    }

    [GeneratedRegex(@"^\+?[0-9 ()\-]{6,30}$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,}$")]
    private static partial Regex EmailPattern();
}
