namespace OrthoRegen.Candidacy;

/// <summary>Rule results, from best to worst as DOMAIN.md 3.1 orders them by default.</summary>
public static class CandidacyResult
{
    public const string Eligible = "ELIGIBLE", Conditional = "CONDITIONAL", Defer = "DEFER", NotSuitable = "NOT_SUITABLE", Excluded = "EXCLUDED";
    public static readonly IReadOnlyList<string> All = [Excluded, NotSuitable, Defer, Conditional, Eligible];
}

/// <summary>The physician's decisions.</summary>
public static class PhysicianDecision
{
    public const string Proceed = "PROCEED", DoNotProceed = "DO_NOT_PROCEED", ReferToResearch = "REFER_TO_RESEARCH";
    public static readonly IReadOnlyList<string> All = [Proceed, DoNotProceed, ReferToResearch];
}

/// <summary>A prior conservative treatment as the rules see it.</summary>
public sealed record PriorTreatment(string Type, string Target, string Response, DateOnly? LastIaInjectionOn, DateOnly? EndedOn);

/// <summary>
/// Everything rules C1–C9 read, gathered from one assessment and the patient's record. Null means "not recorded".
/// </summary>
public sealed record CandidacyInput
{
    public required string Indication { get; init; }
    public required string Target { get; init; }
    /// <summary>The day the rules are evaluated for (C6 counts days back from here).</summary>
    public required DateOnly AsOf { get; init; }
    public int SymptomDurationMonths { get; init; }
    public int? KlGrade { get; init; }
    public bool? BoneOnBone { get; init; }
    public string? AvnStage { get; init; }
    /// <summary>Pfirrmann grade of each disc level read, e.g. ("L4-5", 3).</summary>
    public IReadOnlyList<(string Level, int Grade)> Pfirrmann { get; init; } = [];
    public string? AisGrade { get; init; }
    public bool ActiveInfection { get; init; }
    public bool ImmuneDiseaseActive { get; init; }
    public bool Immunodeficiency { get; init; }
    public bool MalignancyActiveOrRecent { get; init; }
    public bool PregnantOrLactating { get; init; }
    public bool AnticoagulantOrCoagulopathy { get; init; }
    public double? Hba1cPct { get; init; }
    public double? Bmi { get; init; }
    public bool CanAttendFollowUp24m { get; init; } = true;
    public bool PoorRehabAdherence { get; init; }
    public IReadOnlyList<PriorTreatment> Treatments { get; init; } = [];
    public string? PlannedOrigin { get; init; }
    public string? DonorEligibility { get; init; }
    /// <summary>True when a valid consent acknowledges an allogeneic source.</summary>
    public bool ConsentAllogeneicAck { get; init; }
}

/// <summary>
/// One rule's verdict: the rule id, its result (null = evaluated and did not fire), the inputs it read, a message key
/// with arguments (localised by the UI) and the English sentence for a physician, plus the threshold's source.
/// </summary>
public sealed record RuleFinding(
    string RuleId,
    string? Result,
    IReadOnlyDictionary<string, string?> Inputs,
    string MessageKey,
    IReadOnlyList<string> MessageArgs,
    string Explanation,
    string Source)
{
    public bool Fired => Result is not null;
}

/// <summary>The evaluated candidacy: the worst fired result, the whole trace, and whether only research is possible.</summary>
public sealed record CandidacyEvaluation(
    string Indication,
    string Target,
    DateOnly AsOf,
    string RuleResult,
    bool ResearchOnly,
    IReadOnlyList<RuleFinding> Findings,
    IReadOnlyList<string> AllowedDecisions,
    DateOnly? DeferUntil,
    string RulesVersion)
{
    public IEnumerable<RuleFinding> Fired => Findings.Where(f => f.Fired);
}
