using System.Globalization;
using OrthoRegen.Assessment;

namespace OrthoRegen.Candidacy;

/// <summary>
/// Rules C1–C9 of DOMAIN.md 3.1, evaluated all together. Each rule reports what it read and why it fired (or did not);
/// the final result is the worst fired result in the configured severity order. Pure: no I/O, no clock.
/// </summary>
public sealed class CandidacyRules(CandidacyThresholds thresholds)
{
    public CandidacyThresholds Thresholds => thresholds;

    public CandidacyEvaluation Evaluate(CandidacyInput input)
    {
        var findings = new List<RuleFinding>();
        var oa = input.Indication is AssessmentCodes.KneeOa or AssessmentCodes.HipOa;
        if (oa) C1(input, findings);
        if (input.Indication != AssessmentCodes.Sci) C2(input, findings);
        C3(input, findings);
        if (input.Indication == AssessmentCodes.HipOa) C4(input, findings);
        C5(input, findings);
        DateOnly? deferUntil = oa ? C6(input, findings) : null;
        if (input.Indication == AssessmentCodes.DiscDegeneration) C7(input, findings);
        var researchOnly = thresholds.ResearchOnlyIndications.Value.Contains(input.Indication);
        if (researchOnly) C8(input, findings);
        if (input.PlannedOrigin == "ALLOGENEIC") C9(input, findings);

        var result = Worst(findings.Where(f => f.Fired).Select(f => f.Result!));
        return new CandidacyEvaluation(input.Indication, input.Target, input.AsOf, result, researchOnly, findings, AllowedDecisions(researchOnly),
            result == CandidacyResult.Defer ? deferUntil : null, thresholds.Version);
    }

    /// <summary>The worst of <paramref name="results"/> in the configured order; ELIGIBLE when nothing fired.</summary>
    public string Worst(IEnumerable<string> results)
    {
        var order = thresholds.SeverityOrder.Value;
        var worst = CandidacyResult.Eligible;
        foreach (var r in results)
            if (Array.IndexOf(order, r) < Array.IndexOf(order, worst)) worst = r;
        return worst;
    }

    /// <summary>The decisions a physician may record: for a research-only indication only REFER_TO_RESEARCH or DO_NOT_PROCEED (C8).</summary>
    public static IReadOnlyList<string> AllowedDecisions(bool researchOnly) => researchOnly ? ResearchOnlyDecisions : PhysicianDecision.All;

    static readonly IReadOnlyList<string> ResearchOnlyDecisions = [PhysicianDecision.ReferToResearch, PhysicianDecision.DoNotProceed];

    /// <summary>
    /// A physician's decision checked against the rule result it is made on (the store's decision and the FHIR import):
    /// a decision C8 does not allow, or one that contradicts the rule result without an override reason, is refused.
    /// </summary>
    public static void CheckDecision(string decision, string indication, string ruleResult, bool researchOnly, string? overrideReason, FieldErrors e)
    {
        var allowed = AllowedDecisions(researchOnly);
        if (!allowed.Contains(decision))
            e.Add("decision", $"For {indication} the decision may only be {string.Join(" or ", allowed)} (rule C8: research only).");
        else if (Contradicts(decision, ruleResult) && string.IsNullOrWhiteSpace(overrideReason))
            e.Add("overrideReason", $"Required: the decision {decision} contradicts the rule result {ruleResult}.");
    }

    /// <summary>
    /// True when a decision contradicts the rule result and therefore needs an override reason: proceeding against
    /// DEFER, NOT_SUITABLE or EXCLUDED; referring an EXCLUDED patient to research; or not proceeding with an ELIGIBLE one.
    /// </summary>
    public static bool Contradicts(string decision, string ruleResult) => decision switch
    {
        PhysicianDecision.Proceed => ruleResult is CandidacyResult.Defer or CandidacyResult.NotSuitable or CandidacyResult.Excluded,
        PhysicianDecision.ReferToResearch => ruleResult is CandidacyResult.Excluded or CandidacyResult.Eligible,
        PhysicianDecision.DoNotProceed => ruleResult is CandidacyResult.Eligible,
        _ => false,
    };

    // ---- the rules -------------------------------------------------------------------------------------------------

    void C1(CandidacyInput i, List<RuleFinding> f)
    {
        var inputs = In(("kl_grade", Str(i.KlGrade)), ("bone_on_bone", Str(i.BoneOnBone)));
        var t = thresholds;
        if (i.BoneOnBone == true)
            f.Add(Finding("C1", CandidacyResult.NotSuitable, inputs, "C1.BoneOnBone", [], t.KlNotSuitableGrades.Source));
        else if (i.KlGrade is not { } kl)
            f.Add(Finding("C1", CandidacyResult.Defer, inputs, "C1.Missing", [], t.KlEligibleGrades.Source));
        else if (t.KlEligibleGrades.Value.Contains(kl))
            f.Add(Finding("C1", CandidacyResult.Eligible, inputs, "C1.Eligible", [Str(kl)!, string.Join("–", t.KlEligibleGrades.Value)], t.KlEligibleGrades.Source));
        else if (t.KlConditionalGrades.Value.Contains(kl))
            f.Add(Finding("C1", CandidacyResult.Conditional, inputs, "C1.Doubtful", [Str(kl)!], t.KlConditionalGrades.Source));
        else if (t.KlNotSuitableGrades.Value.Contains(kl))
            f.Add(Finding("C1", CandidacyResult.NotSuitable, inputs, kl == 0 ? "C1.NoOa" : "C1.EndStage", [Str(kl)!], t.KlNotSuitableGrades.Source));
        else
            f.Add(Finding("C1", CandidacyResult.Defer, inputs, "C1.Missing", [], t.KlEligibleGrades.Source));
    }

    void C2(CandidacyInput i, List<RuleFinding> f)
    {
        var t = thresholds;
        var relevant = i.Treatments.Where(x => x.Target == i.Target || x.Target == "SYSTEMIC").ToList();
        var failed = relevant.Where(x => t.FailedCareTypes.Value.Contains(x.Type) && t.FailedCareResponses.Value.Contains(x.Response)).ToList();
        var inputs = In(
            ("failed_treatments", failed.Count == 0 ? "none" : string.Join(", ", failed.Select(x => $"{x.Type}:{x.Response}"))),
            ("symptom_duration_months", Str(i.SymptomDurationMonths)));
        if (failed.Count == 0)
            f.Add(Finding("C2", CandidacyResult.Conditional, inputs, "C2.NoneFailed", [], t.FailedCareTypes.Source));
        else
            f.Add(Finding("C2", null, inputs, "C2.Failed", [string.Join(", ", failed.Select(x => x.Type).Distinct())], t.FailedCareTypes.Source));
        if (i.SymptomDurationMonths < t.MinSymptomDurationMonths.Value)
            f.Add(Finding("C2", CandidacyResult.Conditional, inputs, "C2.ShortSymptoms",
                [Str(i.SymptomDurationMonths)!, Str(t.MinSymptomDurationMonths.Value)!], t.MinSymptomDurationMonths.Source));
    }

    void C3(CandidacyInput i, List<RuleFinding> f)
    {
        var t = thresholds;
        const string source = "[S000] infection and active immune disease exclude; typical trial exclusions (PMC10268462 Table 1)";
        var inputs = In(("active_infection", Str(i.ActiveInfection)), ("immune_disease_active", Str(i.ImmuneDiseaseActive)),
            ("immunodeficiency", Str(i.Immunodeficiency)), ("malignancy_active_or_recent", Str(i.MalignancyActiveOrRecent)),
            ("pregnant_or_lactating", Str(i.PregnantOrLactating)), ("anticoagulant_or_coagulopathy", Str(i.AnticoagulantOrCoagulopathy)),
            ("hba1c_pct", Str(i.Hba1cPct)), ("bmi", Str(i.Bmi)));
        var before = f.Count;
        if (i.ActiveInfection) f.Add(Finding("C3", CandidacyResult.Excluded, inputs, "C3.Infection", [], source));
        if (i.ImmuneDiseaseActive) f.Add(Finding("C3", CandidacyResult.Excluded, inputs, "C3.ImmuneDisease", [], source));
        if (i.Immunodeficiency) f.Add(Finding("C3", CandidacyResult.Excluded, inputs, "C3.Immunodeficiency", [], source));
        if (i.MalignancyActiveOrRecent) f.Add(Finding("C3", CandidacyResult.Excluded, inputs, "C3.Malignancy", [], source));
        if (i.PregnantOrLactating) f.Add(Finding("C3", CandidacyResult.Excluded, inputs, "C3.Pregnancy", [], source));
        if (i.AnticoagulantOrCoagulopathy) f.Add(Finding("C3", CandidacyResult.Conditional, inputs, "C3.Anticoagulant", [], source));
        if (i.Hba1cPct is { } h && h > t.Hba1cConditionalAbovePct.Value)
            f.Add(Finding("C3", CandidacyResult.Conditional, inputs, "C3.Hba1c", [Str(h)!, Str(t.Hba1cConditionalAbovePct.Value)!], t.Hba1cConditionalAbovePct.Source));
        if (i.Bmi is { } b && b >= t.BmiConditionalAtOrAbove.Value)
            f.Add(Finding("C3", CandidacyResult.Conditional, inputs, "C3.Bmi", [Str(b)!, Str(t.BmiConditionalAtOrAbove.Value)!], t.BmiConditionalAtOrAbove.Source));
        if (f.Count == before) f.Add(Finding("C3", null, inputs, "C3.Clear", [], source));
    }

    void C4(CandidacyInput i, List<RuleFinding> f)
    {
        var t = thresholds.AvnNotSuitableStages;
        var inputs = In(("avn_stage", i.AvnStage));
        if (i.AvnStage is null) f.Add(Finding("C4", null, inputs, "C4.NotRecorded", [], t.Source));
        else if (t.Value.Contains(i.AvnStage)) f.Add(Finding("C4", CandidacyResult.NotSuitable, inputs, "C4.Advanced", [i.AvnStage], t.Source));
        else f.Add(Finding("C4", null, inputs, "C4.Clear", [i.AvnStage], t.Source));
    }

    void C5(CandidacyInput i, List<RuleFinding> f)
    {
        const string source = "[S000] 24-month follow-up and integrated rehabilitation are part of the treatment";
        var inputs = In(("can_attend_followup_24m", Str(i.CanAttendFollowUp24m)), ("poor_rehab_adherence", Str(i.PoorRehabAdherence)));
        var before = f.Count;
        if (!i.CanAttendFollowUp24m) f.Add(Finding("C5", CandidacyResult.NotSuitable, inputs, "C5.NoFollowUp", [], source));
        if (i.PoorRehabAdherence) f.Add(Finding("C5", CandidacyResult.NotSuitable, inputs, "C5.PoorAdherence", [], source));
        if (f.Count == before) f.Add(Finding("C5", null, inputs, "C5.Clear", [], source));
    }

    DateOnly? C6(CandidacyInput i, List<RuleFinding> f)
    {
        var t = thresholds.IaWashoutDays;
        var last = i.Treatments
            .Where(x => x.Target == i.Target && AssessmentCodes.IntraArticularTypes.Contains(x.Type))
            .Select(x => (x.Type, On: x.LastIaInjectionOn ?? x.EndedOn))
            .Where(x => x.On is not null && x.On <= i.AsOf)
            .OrderByDescending(x => x.On)
            .FirstOrDefault();
        var inputs = In(("last_ia_injection", last.On is { } d ? $"{last.Type} {d:yyyy-MM-dd}" : "none"), ("as_of", i.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        if (last.On is { } on)
        {
            var days = i.AsOf.DayNumber - on.DayNumber;
            if (days < t.Value)
            {
                var until = on.AddDays(t.Value);
                f.Add(Finding("C6", CandidacyResult.Defer, inputs, "C6.RecentInjection",
                    [last.Type, Date(on), Str(days)!, Date(until), Str(t.Value)!], t.Source));
                return until;
            }
        }
        f.Add(Finding("C6", null, inputs, "C6.Clear", [Str(t.Value)!], t.Source));
        return null;
    }

    void C7(CandidacyInput i, List<RuleFinding> f)
    {
        var t = thresholds.PfirrmannPassGrades;
        var inputs = In(("pfirrmann", i.Pfirrmann.Count == 0 ? null : string.Join(", ", i.Pfirrmann.Select(p => $"{p.Level}:{p.Grade}"))));
        if (i.Pfirrmann.Count == 0) { f.Add(Finding("C7", CandidacyResult.Defer, inputs, "C7.Missing", [], t.Source)); return; }
        var suitable = i.Pfirrmann.Where(p => t.Value.Contains(p.Grade)).ToList();
        var text = string.Join(", ", (suitable.Count > 0 ? suitable : i.Pfirrmann).Select(p => $"{p.Grade} ({p.Level})"));
        f.Add(suitable.Count > 0
            ? Finding("C7", null, inputs, "C7.Suitable", [text], t.Source)
            : Finding("C7", CandidacyResult.NotSuitable, inputs, "C7.Unsuitable", [text], t.Source));
    }

    void C8(CandidacyInput i, List<RuleFinding> f)
    {
        var t = thresholds.ResearchOnlyIndications;
        var inputs = In(("indication", i.Indication), ("ais_grade", i.AisGrade));
        f.Add(Finding("C8", CandidacyResult.Conditional, inputs, "C8.ResearchOnly", [i.Indication], t.Source));
        if (i.Indication == AssessmentCodes.Sci && i.AisGrade is not null)
            f.Add(Finding("C8", null, inputs, "C8.SciGrade", [i.AisGrade], "[S002] incomplete injury preferred; CELLTOP enrolled AIS A/B"));
    }

    static void C9(CandidacyInput i, List<RuleFinding> f)
    {
        const string source = "DOMAIN.md 3.1 C9: allogeneic products need an eligible donor and an acknowledging consent";
        var inputs = In(("planned_origin", i.PlannedOrigin), ("donor_eligibility", i.DonorEligibility), ("consent_allogeneic_ack", Str(i.ConsentAllogeneicAck)));
        var before = f.Count;
        if (i.DonorEligibility != "ELIGIBLE")
            f.Add(Finding("C9", CandidacyResult.Excluded, inputs, "C9.Donor", [i.DonorEligibility ?? "not recorded"], source));
        if (!i.ConsentAllogeneicAck)
            f.Add(Finding("C9", CandidacyResult.Excluded, inputs, "C9.Consent", [], source));
        if (f.Count == before) f.Add(Finding("C9", null, inputs, "C9.Ok", [], source));
    }

    // ---- helpers ---------------------------------------------------------------------------------------------------

    static RuleFinding Finding(string id, string? result, IReadOnlyDictionary<string, string?> inputs, string key, string[] args, string source) =>
        new(id, result, inputs, key, args, CandidacyMessages.Format(key, args), source);

    static IReadOnlyDictionary<string, string?> In(params (string Key, string? Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);

    static string? Str(object? v) => v switch
    {
        null => null,
        bool b => b ? "true" : "false",
        double d => d.ToString("0.##", CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString(),
    };

    static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
