namespace OrthoRegen.FollowUp;

/// <summary>
/// Starts a schedule by hand, for a patient treated before the system was in use (otherwise the first recorded injection
/// starts it). Idempotent per patient, target and plan: starting again returns the existing schedule unchanged.
/// </summary>
public sealed record StartSchedule
{
    /// <summary>The treated target (KNEE_L, KNEE_R, HIP_L, HIP_R, LUMBAR, CERVICAL, THORACIC, SCI).</summary>
    public string? Target { get; init; }
    /// <summary>Day 0: the date of the first injection, YYYY-MM-DD, not in the future.</summary>
    public string? Day0 { get; init; }
    /// <summary>The treatment plan, when one is recorded.</summary>
    public string? PlanId { get; init; }
    /// <summary>Username of the treating physician; defaults to the caller when the caller is a physician.</summary>
    public string? TreatingPhysician { get; init; }
}

/// <summary>Moves a visit's appointment (its target date) with a reason; the protocol window is unchanged.</summary>
public sealed record RescheduleVisit
{
    public int? Version { get; init; }
    /// <summary>The new appointment date, YYYY-MM-DD.</summary>
    public string? ScheduledOn { get; init; }
    public string? Reason { get; init; }
}

/// <summary>
/// The endpoint event of the schedule: replacement of the treated joint or surgery of the treated spinal level, with its date
/// (the event of the later survival analysis). Rule V3 applies from that date.
/// </summary>
public sealed record RecordEndpoint
{
    /// <summary>The schedule version the editor saw.</summary>
    public int? Version { get; init; }
    public string? Type { get; init; }
    /// <summary>Date of surgery, YYYY-MM-DD, on or after Day 0 and not in the future.</summary>
    public string? Date { get; init; }
    /// <summary>Operated spinal level for spine surgery (e.g. L4-5).</summary>
    public string? Level { get; init; }
    public string? Note { get; init; }
}

/// <summary>Ends follow-up early: the patient withdrew, or was lost to follow-up. Later visits become WITHDRAWN.</summary>
public sealed record EndFollowUp
{
    public int? Version { get; init; }
    /// <summary>WITHDRAWN or LOST_TO_FOLLOW_UP.</summary>
    public string? Kind { get; init; }
    /// <summary>YYYY-MM-DD, not in the future.</summary>
    public string? Date { get; init; }
    public string? Reason { get; init; }
}

/// <summary>Filters of the coordinators' worklist.</summary>
/// <param name="SiteCode">Only patients of this site (within the caller's sites).</param>
/// <param name="Physician">Only schedules of this treating physician (username).</param>
public sealed record WorklistQuery(string? SiteCode, string? Physician);

// ---- views ----------------------------------------------------------------------------------------------------------

/// <summary>The endpoint event of a schedule.</summary>
public sealed record EndpointEvent(string Type, DateOnly Date, string? Level, string? Note);

/// <summary>One visit as the schedule shows it, with its status computed for today.</summary>
/// <param name="ScheduledOn">The appointment: the target date, or the date it was rescheduled to.</param>
/// <param name="Content">The content still due: after the endpoint (V3) only the safety content.</param>
/// <param name="AnalysisVisit">For a done visit: the visit it counts as in analysis (V1, 1.5× rule); null if unassigned.</param>
public sealed record FollowUpVisitView(
    string Id, int Version, string Code, int Seq, DateOnly TargetDate, DateOnly ScheduledOn, DateOnly WindowStart, DateOnly WindowEnd,
    bool InWindowOnly, IReadOnlyList<string> PlannedContent, IReadOnlyList<string> Content, bool SafetyOnly, DateOnly? ActualDate,
    string Status, string? AnalysisVisit, VisitFindings? Findings, string RecordedBy, DateTimeOffset RecordedAt, string? Reason);

/// <summary>A follow-up schedule: its anchor, how it ended (if it did), its endpoint, and its visits in order.</summary>
public sealed record FollowUpScheduleView(
    string Id, int Version, string PatientId, string? PlanId, string Target, DateOnly Day0, string TreatingPhysician,
    string DefinitionVersion, string Status, DateOnly? EndedOn, string? EndReason, EndpointEvent? Endpoint,
    IReadOnlyList<FollowUpVisitView> Visits);

/// <summary>The result of starting a schedule by hand: the schedule, and whether this call created it.</summary>
public sealed record ScheduleStart(FollowUpScheduleView Schedule, bool Created);

/// <summary>One row of the worklist.</summary>
/// <param name="FamilyName">Null for callers who do not see identifiers.</param>
public sealed record WorklistItem(
    string Bucket, string VisitId, string ScheduleId, string PatientId, string PseudonymCode, string? FamilyName, string? GivenName,
    string SiteCode, string Target, string TreatingPhysician, string Code, DateOnly TargetDate, DateOnly ScheduledOn,
    DateOnly WindowStart, DateOnly WindowEnd, bool SafetyOnly);

/// <summary>The worklist on <paramref name="Today"/>: the rows of each bucket and their counts.</summary>
public sealed record Worklist(DateOnly Today, IReadOnlyList<WorklistItem> Items)
{
    public int DueThisWeek => Items.Count(i => i.Bucket == WorklistBucket.DueThisWeek);
    public int Overdue => Items.Count(i => i.Bucket == WorklistBucket.Overdue);
    public int Missed => Items.Count(i => i.Bucket == WorklistBucket.Missed);
}
