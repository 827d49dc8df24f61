namespace OrthoRegen.Treatment;

/// <summary>
/// A treatment plan as the physician enters it (DOMAIN.md 2, TreatmentPlan). Codes are checked against
/// <see cref="TreatmentCodes"/>; the dose tier, cells/kg and the candidacy decision are derived, never entered.
/// </summary>
public record PlanTreatment
{
    /// <summary>KNEE_OA, HIP_OA, DISC_DEGENERATION or SCI; must fit the target and match the candidacy decision.</summary>
    public string? Indication { get; init; }
    /// <summary>A target of <c>AssessmentCodes.Targets</c> (KNEE_L … SCI).</summary>
    public string? Target { get; init; }
    /// <summary>Spinal targets only: the level, e.g. L4-5 or L5-S1.</summary>
    public string? TargetLevel { get; init; }
    /// <summary>The valid TREATMENT consent the plan rests on.</summary>
    public string? ConsentId { get; init; }
    /// <summary>The valid RESEARCH consent; required when the candidacy decision is REFER_TO_RESEARCH.</summary>
    public string? ResearchConsentId { get; init; }
    public string? CellSource { get; init; }
    public string? Origin { get; init; }
    public string? Manipulation { get; init; }
    /// <summary>Planned total cells per injection, ×10^6.</summary>
    public double? TotalCellsE6 { get; init; }
    public string? Route { get; init; }
    public string? Guidance { get; init; }
    public int? PlannedInjections { get; init; }
    /// <summary>Days between injections; only when more than one injection is planned.</summary>
    public int? IntervalDays { get; init; }
    /// <summary>PRP and/or HA; empty or absent means none.</summary>
    public IReadOnlyList<string>? Adjuncts { get; init; }
    /// <summary>Rehabilitation programme (text or code); when given, weeks and sessions per week are required.</summary>
    public string? RehabProgramme { get; init; }
    public int? RehabWeeks { get; init; }
    public int? RehabSessionsPerWeek { get; init; }
    /// <summary>One of the consent pathways; stored as given, not derived (DOMAIN.md 3.6).</summary>
    public string? RegulatoryPathway { get; init; }
}

/// <summary>An amendment: the whole plan again, with the version the physician edited and the reason.</summary>
public sealed record AmendTreatmentPlan : PlanTreatment
{
    public int? Version { get; init; }
    public string? Reason { get; init; }
}

/// <summary>Completes or cancels an active plan (a new version with the reason).</summary>
public sealed record ChangePlanStatus
{
    public int? Version { get; init; }
    /// <summary>COMPLETED or CANCELLED.</summary>
    public string? Status { get; init; }
    public string? Reason { get; init; }
}

/// <summary>
/// A rule that did not stop the plan but must be shown with it (e.g. R1 for the knee): the rule id, the field it is
/// about, a message key with arguments for the UI, and the English sentence.
/// </summary>
public sealed record PlanWarning(string Rule, string Field, string MessageKey, IReadOnlyList<string> MessageArgs, string Message);

/// <summary>The current (or a past) version of a treatment plan.</summary>
public sealed record TreatmentPlan
{
    public string Id { get; init; } = "";
    public string PatientId { get; init; } = "";
    public int Version { get; init; }
    /// <summary>ACTIVE, COMPLETED or CANCELLED.</summary>
    public string Status { get; init; } = "";
    public string Indication { get; init; } = "";
    public string Target { get; init; } = "";
    public string? TargetLevel { get; init; }
    /// <summary>The latest candidacy decision for the target when the plan (version) was saved.</summary>
    public string CandidacyDecisionId { get; init; } = "";
    public string ConsentId { get; init; } = "";
    public string? ResearchConsentId { get; init; }
    public string CellSource { get; init; } = "";
    public string Origin { get; init; } = "";
    public string Manipulation { get; init; } = "";
    /// <summary>Planned total cells per injection, ×10^6.</summary>
    public double TotalCellsE6 { get; init; }
    /// <summary>The patient's latest weight when the version was saved (kg); null when none was recorded.</summary>
    public double? WeightKg { get; init; }
    public DateOnly? WeightMeasuredOn { get; init; }
    /// <summary>Total cells ÷ weight, ×10^6 cells per kg; null without a weight.</summary>
    public double? CellsPerKgE6 { get; init; }
    /// <summary>LOW, MEDIUM or HIGH by the cut-offs of <see cref="RulesVersion"/> (DOMAIN.md 3.2 Q9).</summary>
    public string DoseTier { get; init; } = "";
    /// <summary>The version of treatment-rules.json the tier and rules were evaluated with.</summary>
    public string RulesVersion { get; init; } = "";
    public string Route { get; init; } = "";
    public string Guidance { get; init; } = "";
    public int PlannedInjections { get; init; }
    public int? IntervalDays { get; init; }
    public IReadOnlyList<string> Adjuncts { get; init; } = [];
    public string? RehabProgramme { get; init; }
    public int? RehabWeeks { get; init; }
    public int? RehabSessionsPerWeek { get; init; }
    public string RegulatoryPathway { get; init; } = "";
    public IReadOnlyList<PlanWarning> Warnings { get; init; } = [];
    public string RecordedBy { get; init; } = "";
    public DateTimeOffset RecordedAt { get; init; }
    /// <summary>Why this version was made (amendment, completion, cancellation); null for the first.</summary>
    public string? Reason { get; init; }

    public bool IsActive => Status == TreatmentCodes.Active;
}
