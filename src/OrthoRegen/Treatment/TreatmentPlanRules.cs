using System.Text.RegularExpressions;
using OrthoRegen.Assessment;
using OrthoRegen.Candidacy;
using OrthoRegen.Patients;
using static OrthoRegen.Treatment.TreatmentMessages;

namespace OrthoRegen.Treatment;

/// <summary>A candidacy decision with the target of the assessment it was made on.</summary>
public sealed record TargetDecision(string Target, CandidacyDecision Decision);

/// <summary>What the plan rules read from the patient's record besides the plan itself.</summary>
public sealed record PlanContext
{
    /// <summary>The patient's consents (current versions).</summary>
    public IReadOnlyList<ConsentRecord> Consents { get; init; } = [];
    /// <summary>The patient's candidacy decisions, newest first.</summary>
    public IReadOnlyList<TargetDecision> Decisions { get; init; } = [];
    /// <summary>The latest recorded weight, or null when none was recorded.</summary>
    public BodyMeasurement? LatestWeight { get; init; }
}

/// <summary>A plan that passed every rule, with its derived values, ready to store.</summary>
public sealed record ValidPlan(
    string Indication, string Target, string? TargetLevel, string CandidacyDecisionId, string ConsentId, string? ResearchConsentId,
    string CellSource, string Origin, string Manipulation, double TotalCellsE6, double? WeightKg, DateOnly? WeightMeasuredOn,
    double? CellsPerKgE6, string DoseTier, string RulesVersion, string Route, string Guidance, int PlannedInjections, int? IntervalDays,
    IReadOnlyList<string> Adjuncts, string? RehabProgramme, int? RehabWeeks, int? RehabSessionsPerWeek, string RegulatoryPathway,
    IReadOnlyList<PlanWarning> Warnings);

/// <summary>The result of checking a plan: errors keyed by field (empty when valid), the warnings, and the plan if valid.</summary>
public sealed record PlanEvaluation(IReadOnlyDictionary<string, string[]> Errors, IReadOnlyList<PlanWarning> Warnings, ValidPlan? Plan);

/// <summary>
/// The treatment-plan rules as pure functions: field checks, procedure rules R1–R3 (DOMAIN.md 3.5), the gate (a valid
/// TREATMENT consent and a PROCEED decision, or REFER_TO_RESEARCH with a valid RESEARCH consent; allogeneic plans need
/// the consent's allogeneic-source acknowledgement), and the derived dose values (DOMAIN.md 2 and 3.2 Q9).
/// </summary>
public sealed partial class TreatmentPlanRules(TreatmentThresholds thresholds)
{
    public TreatmentThresholds Thresholds => thresholds;

    /// <summary>
    /// The analysis label of a dose of <paramref name="totalCellsE6"/> ×10^6 total cells: LOW below the MEDIUM cut-off,
    /// MEDIUM from it (inclusive) to below the HIGH cut-off, HIGH from the HIGH cut-off (inclusive). Defaults 25 and 75.
    /// </summary>
    public string DoseTier(double totalCellsE6) =>
        totalCellsE6 >= thresholds.DoseTierHighFromE6.Value ? TreatmentCodes.High
        : totalCellsE6 >= thresholds.DoseTierMediumFromE6.Value ? TreatmentCodes.Medium
        : TreatmentCodes.Low;

    /// <summary>Cells per kg body weight (×10^6/kg) = total cells ÷ weight; null without a positive weight. Not rounded.</summary>
    public static double? CellsPerKg(double totalCellsE6, double? weightKg) =>
        weightKg is > 0 and var w ? totalCellsE6 / w : null;

    /// <summary>The latest weight: the measurement with a weight on the latest date (latest recorded on a tie).</summary>
    public static BodyMeasurement? LatestWeight(IEnumerable<BodyMeasurement> measurements) =>
        measurements.Where(m => m.WeightKg is not null).OrderBy(m => m.MeasuredOn).ThenBy(m => m.RecordedAt).LastOrDefault();

    /// <summary>
    /// R1 and R2 on coded values already known to be valid: errors as (field, message) and R1's knee warning.
    /// </summary>
    public (IReadOnlyList<(string Field, string Message)> Errors, IReadOnlyList<PlanWarning> Warnings) Procedure(
        string target, string route, string guidance, string cellSource, string origin, string manipulation)
    {
        var errors = new List<(string, string)>();
        var warnings = new List<PlanWarning>();
        if (route == TreatmentCodes.IntraArticular && TreatmentCodes.IsHip(target) && !thresholds.HipIntraArticularGuidance.Value.Contains(guidance))
            errors.Add(("guidance", Format(R1HipGuidance, string.Join(" or ", thresholds.HipIntraArticularGuidance.Value), guidance)));
        if (route == TreatmentCodes.IntraArticular && TreatmentCodes.IsKnee(target) && thresholds.KneeIntraArticularWarnWithout.Value.Contains(guidance))
            warnings.Add(Warning("R1", "guidance", KneeNoGuidanceKey, guidance));

        switch (cellSource)
        {
            case TreatmentCodes.UcMsc or TreatmentCodes.UcbMsc when origin != TreatmentCodes.Allogeneic:
                errors.Add(("origin", Format(R2Allogeneic, cellSource)));
                break;
            case TreatmentCodes.Bmac:
                if (origin != TreatmentCodes.Autologous) errors.Add(("origin", R2BmacOrigin));
                if (manipulation != TreatmentCodes.Minimal) errors.Add(("manipulation", R2BmacManipulation));
                break;
            case TreatmentCodes.BmMsc or TreatmentCodes.AdMsc when manipulation != TreatmentCodes.MoreThanMinimal:
                errors.Add(("manipulation", Format(R2Expanded, cellSource)));
                break;
            case TreatmentCodes.AdSvf when manipulation != TreatmentCodes.MoreThanMinimal:
                errors.Add(("manipulation", R2Svf));
                break;
        }
        return (errors, warnings);
    }

    /// <summary>R3: true when a more-than-minimal product may be planned under one of <paramref name="consentPathways"/>.</summary>
    public bool PathwayAllows(string manipulation, IEnumerable<string> consentPathways) =>
        manipulation != TreatmentCodes.MoreThanMinimal || consentPathways.Any(thresholds.MoreThanMinimalPathways.Value.Contains);

    /// <summary>Checks a plan against its context. Nothing here reads the clock or the database.</summary>
    public PlanEvaluation Evaluate(PlanTreatment r, PlanContext context)
    {
        var e = new FieldErrors();
        var warnings = new List<PlanWarning>();

        var indication = e.OneOf("indication", r.Indication, AssessmentCodes.Indications);
        var target = e.OneOf("target", r.Target, AssessmentCodes.Targets);
        if (indication is not null && target is not null && !AssessmentCodes.TargetFits(indication, target))
            e.Add("indication", Format(IndicationTarget, indication, target));
        string? level = null;
        if (target is not null)
        {
            if (TreatmentCodes.IsSpinal(target))
            {
                level = e.Pattern("targetLevel", r.TargetLevel?.ToUpperInvariant(), SpinalLevel(), LevelShape, required: false);
                if (string.IsNullOrWhiteSpace(r.TargetLevel)) e.Add("targetLevel", LevelRequired);
            }
            else if (!string.IsNullOrWhiteSpace(r.TargetLevel)) e.Add("targetLevel", LevelJoint);
        }

        var cellSource = e.OneOf("cellSource", r.CellSource, TreatmentCodes.CellSources);
        var origin = e.OneOf("origin", r.Origin, TreatmentCodes.Origins);
        var manipulation = e.OneOf("manipulation", r.Manipulation, TreatmentCodes.Manipulations);
        var total = e.Number("totalCellsE6", r.TotalCellsE6, 0.01, 100_000, required: true, "×10^6 cells");
        var route = e.OneOf("route", r.Route, TreatmentCodes.Routes);
        var guidance = e.OneOf("guidance", r.Guidance, TreatmentCodes.Guidance);
        var injections = e.Integer("plannedInjections", r.PlannedInjections, 1, 12, required: true);
        int? interval = null;
        if (injections is > 1)
        {
            if (r.IntervalDays is null) e.Add("intervalDays", IntervalRequired);
            else interval = e.Integer("intervalDays", r.IntervalDays, 1, 365, required: true);
        }
        else if (injections == 1 && r.IntervalDays is not null) e.Add("intervalDays", IntervalSingle);
        var adjuncts = (r.Adjuncts ?? []).Select(a => a?.Trim() ?? "").ToList();
        if (adjuncts.Any(a => !TreatmentCodes.Adjuncts.Contains(a)) || adjuncts.Distinct().Count() != adjuncts.Count)
            e.Add("adjuncts", TreatmentMessages.Adjuncts);
        var programme = e.Optional("rehabProgramme", r.RehabProgramme, 200);
        int? weeks = null, sessions = null;
        if (programme is not null)
        {
            weeks = e.Integer("rehabWeeks", r.RehabWeeks, 1, 104, required: true);
            sessions = e.Integer("rehabSessionsPerWeek", r.RehabSessionsPerWeek, 1, 14, required: true);
        }
        else if (string.IsNullOrWhiteSpace(r.RehabProgramme) && (r.RehabWeeks is not null || r.RehabSessionsPerWeek is not null))
            e.Add("rehabProgramme", RehabProgrammeRequired);
        var pathway = e.OneOf("regulatoryPathway", r.RegulatoryPathway, ConsentCodes.Pathways);

        // R1, R2
        if (target is not null && route is not null && guidance is not null && cellSource is not null && origin is not null && manipulation is not null)
        {
            var (procedureErrors, procedureWarnings) = Procedure(target, route, guidance, cellSource, origin, manipulation);
            foreach (var (field, message) in procedureErrors) e.Add(field, message);
            warnings.AddRange(procedureWarnings);
        }

        // The gate: the decision for the target, then the consents it needs.
        TargetDecision? decision = null;
        if (target is not null)
        {
            decision = context.Decisions.FirstOrDefault(d => d.Target == target);
            if (decision is null) e.Add("target", Format(NoDecision, target));
            else if (decision.Decision.Decision == PhysicianDecision.DoNotProceed)
                e.Add("target", Format(DecisionDoNotProceed, target, decision.Decision.RecordedAt.ToString("yyyy-MM-dd")));
            else if (indication is not null && decision.Decision.Indication != indication)
                e.Add("indication", Format(IndicationMismatch, target, decision.Decision.Indication));
        }
        var consent = CheckConsent(e, "consentId", r.ConsentId, context, research: false);
        ConsentRecord? researchConsent = null;
        if (!string.IsNullOrWhiteSpace(r.ResearchConsentId))
            researchConsent = CheckConsent(e, "researchConsentId", r.ResearchConsentId, context, research: true);
        else if (decision?.Decision.Decision == PhysicianDecision.ReferToResearch)
            e.Add("researchConsentId", Format(ResearchConsentRequired, target));

        var restsOn = new[] { consent, researchConsent }.OfType<ConsentRecord>().ToList();
        if (consent is not null && origin == TreatmentCodes.Allogeneic && !restsOn.Any(c => c.AllogeneicSourceAck))
            e.Add("consentId", AllogeneicAck);
        if (consent is not null && manipulation is not null && !PathwayAllows(manipulation, restsOn.Select(c => c.Pathway)))
            e.Add("manipulation", Format(R3Pathway, string.Join(", ", thresholds.MoreThanMinimalPathways.Value), string.Join(" and ", restsOn.Select(c => c.Pathway).Distinct())));
        if (pathway is not null && restsOn.Count > 0 && !restsOn.Any(c => c.Pathway == pathway))
            warnings.Add(Warning("PATHWAY", "regulatoryPathway", PathwayDiffersKey, pathway, string.Join(", ", restsOn.Select(c => c.Pathway).Distinct())));

        if (!e.IsEmpty) return new PlanEvaluation(e.ToDictionary(), warnings, null);

        var weight = context.LatestWeight?.WeightKg;
        if (weight is null) warnings.Add(Warning("DOSE", "totalCellsE6", NoWeightKey));
        var plan = new ValidPlan(
            indication!, target!, level, decision!.Decision.Id, consent!.Id, researchConsent?.Id, cellSource!, origin!, manipulation!,
            total!.Value, weight, weight is null ? null : context.LatestWeight!.MeasuredOn, CellsPerKg(total.Value, weight),
            DoseTier(total.Value), thresholds.Version, route!, guidance!, injections!.Value, interval,
            [.. TreatmentCodes.Adjuncts.Where(adjuncts.Contains)], programme, weeks, sessions, pathway!, warnings);
        return new PlanEvaluation(new Dictionary<string, string[]>(), warnings, plan);
    }

    static ConsentRecord? CheckConsent(FieldErrors e, string field, string? id, PlanContext context, bool research)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            e.Add(field, ConsentRequired);
            return null;
        }
        var consent = context.Consents.FirstOrDefault(c => c.Id == id.Trim());
        if (consent is null) { e.Add(field, ConsentUnknown); return null; }
        if (research ? !consent.Research : consent.FormCode != "TREATMENT")
        {
            e.Add(field, Format(research ? ResearchConsentNotResearch : ConsentNotTreatment, consent.FormCode));
            return null;
        }
        if (!consent.IsValid)
        {
            e.Add(field, Format(ConsentWithdrawn, consent.WithdrawnAt!.Value.ToString("yyyy-MM-dd")));
            return null;
        }
        return consent;
    }

    /// <summary>C5, L4-5, L5-S1, T10-11 (a vertebra or a motion segment); the same shape the imaging read accepts.</summary>
    [GeneratedRegex(@"^(C[1-8]|T(1[0-2]|[1-9])|L[1-5]|S[1-5])(-(C[1-8]|T(1[0-2]|[1-9])|L[1-5]|S[1-5]|[1-9]|1[0-2]))?$")]
    private static partial Regex SpinalLevel();
}
