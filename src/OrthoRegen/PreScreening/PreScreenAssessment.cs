using System.Globalization;
using OrthoRegen.Assessment;
using OrthoRegen.Candidacy;
using OrthoRegen.Instruments;

namespace OrthoRegen.PreScreening;

/// <summary>The two answers a pre-screening gives (DOMAIN.md 1, step 1); never a promise.</summary>
public static class PreScreenVerdict
{
    public const string WorthConsultation = "WORTH_CONSULTATION", ProbablyNotSuitable = "PROBABLY_NOT_SUITABLE";
}

/// <summary>One reason behind the verdict: the candidacy rule and its result, and the sentence in the patient's language.</summary>
public sealed record PreScreenReason(string RuleId, string? RuleResult, string MessageKey, string Text);

/// <summary>The self-pay cost line: the configured amount (null = the clinic quotes it) and the sentence to show.</summary>
public sealed record PreScreenCost(SelfPayCost? Configured, string Text);

/// <summary>
/// What the result page shows for one self-report, in one language: the verdict with its reasons (from the candidacy
/// rules), and for the indication the evidence tier, time course, self-pay cost, risks, alternatives and the questions
/// to ask any clinic. <see cref="ResponseRate"/> is always null: no clinic registry analysis exists yet, and a
/// literature figure is not shown as if it were the clinic's (DOMAIN.md 5.1).
/// </summary>
public sealed record PreScreenAssessment(
    string Language,
    string TargetSite,
    string Indication,
    string Verdict,
    string VerdictTitle,
    string VerdictText,
    string RuleResult,
    bool ResearchOnly,
    IReadOnlyList<PreScreenReason> Reasons,
    IReadOnlyList<string> Notes,
    string EvidenceTier,
    string TimeCourse,
    PreScreenCost Cost,
    IReadOnlyList<string> CommonRisks,
    IReadOnlyList<string> SeriousRisks,
    IReadOnlyList<string> Alternatives,
    IReadOnlyList<string> QuestionsToAsk,
    string? ResponseRate,
    string NoResponseRateNotice,
    string NotAPromise,
    string RulesVersion);

/// <summary>
/// Judges a self-report with the candidacy rules (C1–C9, <see cref="CandidacyRules"/>): the self-report is mapped onto the
/// rule inputs, the rules run with the clinic's thresholds, and the fired findings become the patient's reasons.
/// Findings that only say "not measured yet" (no X-ray grade, no MRI disc grade) are measured at the consultation and
/// do not count against the patient; everything else counts as the rules say. Pure: the day comes from the caller.
/// </summary>
public sealed class PreScreenAssessor(CandidacyRules rules, PreScreenInfo info)
{
    /// <summary>Findings about measurements a self-report cannot contain; the consultation supplies them.</summary>
    public static readonly IReadOnlyList<string> MeasuredAtConsultation = ["C1.Missing", "C7.Missing"];

    /// <summary>
    /// The candidacy input for a self-report. Tried treatments count as failed conservative care: a patient who tried them
    /// still has the symptoms that brought them here. REVIEW: a self-report cannot tell "no response" from "transient
    /// response"; both are failure in C2, so the choice of PARTIAL_TRANSIENT does not change a result. Immunosuppressant
    /// medicines are read as immunodeficiency (C3), as trial exclusions treat them.
    /// </summary>
    public static CandidacyInput ToCandidacyInput(SelfReport r, DateOnly asOf) => new()
    {
        Indication = r.Indication,
        Target = r.TargetSite,
        AsOf = asOf,
        SymptomDurationMonths = r.SymptomDurationMonths,
        KlGrade = null,
        BoneOnBone = r.ToldBoneOnBone ? true : null,
        AvnStage = null, // a stage needs MRI; told_avn becomes a note, not a guessed stage
        ActiveInfection = r.ActiveInfection,
        ImmuneDiseaseActive = r.ImmuneDiseaseActive,
        Immunodeficiency = r.Immunosuppressants,
        MalignancyActiveOrRecent = r.CancerActiveOrRecent,
        PregnantOrLactating = r.PregnantOrLactating,
        AnticoagulantOrCoagulopathy = r.Anticoagulant,
        CanAttendFollowUp24m = r.CanAttendFollowup24m,
        Treatments = r.TriedTreatments.Select(t => new PriorTreatment(t, r.TargetSite, "PARTIAL_TRANSIENT", null, null)).ToList(),
    };

    public PreScreenAssessment Assess(SelfReport report, DateOnly asOf, string language)
    {
        ArgumentNullException.ThrowIfNull(report);
        var lang = LocalizedText.Languages.Contains(language) ? language : "en";
        var evaluation = rules.Evaluate(ToCandidacyInput(report, asOf));
        var counted = evaluation.Fired.Where(f => !MeasuredAtConsultation.Contains(f.MessageKey)).Select(f => f.Result!);
        var ruleResult = rules.Worst(counted);
        var notSuitable = ruleResult is CandidacyResult.Excluded or CandidacyResult.NotSuitable;
        var verdict = notSuitable ? PreScreenVerdict.ProbablyNotSuitable : PreScreenVerdict.WorthConsultation;

        var reasons = evaluation.Fired
            .OrderBy(f => MeasuredAtConsultation.Contains(f.MessageKey))
            .ThenBy(f => Array.IndexOf(rules.Thresholds.SeverityOrder.Value, f.Result))
            .Select(f => new PreScreenReason(f.RuleId, MeasuredAtConsultation.Contains(f.MessageKey) ? null : f.Result, f.MessageKey, ReasonText(f, lang)))
            .ToList();
        var notes = new List<string>();
        if (report.ToldAvn) notes.Add(PreScreenTexts.AvnNote.In(lang));

        var indication = report.Indication;
        var spinal = indication is AssessmentCodes.DiscDegeneration or AssessmentCodes.Sci;
        var common = PreScreenTexts.CommonRisks.Select(t => t.In(lang)).ToList();
        if (spinal) common.Add(PreScreenTexts.SpinalRisk.In(lang));
        var alternatives = indication switch
        {
            AssessmentCodes.Sci => PreScreenTexts.SciAlternatives,
            AssessmentCodes.DiscDegeneration => PreScreenTexts.SpineAlternatives,
            _ => PreScreenTexts.JointAlternatives,
        };

        return new PreScreenAssessment(
            lang, report.TargetSite, indication, verdict,
            (notSuitable ? PreScreenTexts.VerdictNotSuitable : PreScreenTexts.VerdictConsultation).In(lang),
            (notSuitable ? PreScreenTexts.VerdictNotSuitableText : PreScreenTexts.VerdictConsultationText).In(lang),
            ruleResult, evaluation.ResearchOnly, reasons, notes,
            PreScreenTexts.EvidenceTier[indication].In(lang),
            PreScreenTexts.TimeCourse.In(lang),
            Cost(indication, evaluation.ResearchOnly, report.BudgetAwareSelfPay, lang),
            common,
            PreScreenTexts.SeriousRisks.Select(t => t.In(lang)).ToList(),
            alternatives.Select(t => t.In(lang)).ToList(),
            PreScreenTexts.IsscrQuestions.Select(t => t.In(lang)).ToList(),
            ResponseRate: null,
            PreScreenTexts.NoClinicFigures.In(lang),
            PreScreenTexts.NotAPromise.In(lang),
            evaluation.RulesVersion);
    }

    PreScreenCost Cost(string indication, bool researchOnly, bool budgetAware, string lang)
    {
        var configured = info.CostFor(indication);
        var parts = new List<string>();
        if (researchOnly) parts.Add(PreScreenTexts.CostResearch.In(lang));
        else if (configured is null) parts.Add(PreScreenTexts.CostQuoted.In(lang));
        else parts.Add(string.Format(CultureInfo.InvariantCulture, PreScreenTexts.CostConfigured.In(lang), Amount(configured)));
        if (!budgetAware && !researchOnly) parts.Add(PreScreenTexts.CostNotAware.In(lang));
        return new PreScreenCost(researchOnly ? null : configured, string.Join(" ", parts));
    }

    static string Amount(SelfPayCost c)
    {
        var from = c.From.ToString("#,0.##", CultureInfo.InvariantCulture);
        var amount = c.To is { } to ? $"{from}–{to.ToString("#,0.##", CultureInfo.InvariantCulture)} {c.Currency}" : $"{from} {c.Currency}";
        return c.Covers is { Length: > 0 } covers ? $"{amount} ({covers})" : amount;
    }

    static string ReasonText(RuleFinding f, string lang)
    {
        if (!PreScreenTexts.Reasons.TryGetValue(f.MessageKey, out var text))
            throw new InvalidOperationException($"No patient wording for rule finding {f.MessageKey}.");
        return string.Format(CultureInfo.InvariantCulture, text.In(lang), f.MessageArgs.Cast<object>().ToArray());
    }
}
