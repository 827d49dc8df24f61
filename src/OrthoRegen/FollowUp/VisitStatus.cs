namespace OrthoRegen.FollowUp;

/// <summary>
/// Visit statuses (DOMAIN.md 2, FollowUpVisit) and rules V1-V2 of 4.2, computed from the recorded facts and a date
/// ("today" from the injected clock); statuses are never stored, so they cannot go stale.
/// </summary>
public static class VisitStatus
{
    public const string Scheduled = "SCHEDULED", DoneInWindow = "DONE_IN_WINDOW", DoneOutOfWindow = "DONE_OUT_OF_WINDOW",
        Missed = "MISSED", Withdrawn = "WITHDRAWN";
    public static readonly IReadOnlyList<string> All = [Scheduled, DoneInWindow, DoneOutOfWindow, Missed, Withdrawn];

    /// <summary>
    /// V1: a visit done inside its window (ends inclusive) is DONE_IN_WINDOW, outside it DONE_OUT_OF_WINDOW (kept, flagged).
    /// Not done: WITHDRAWN when the patient withdrew or was lost to follow-up on or before the window's last day;
    /// otherwise V2: MISSED when <paramref name="today"/> is after the window's last day, else SCHEDULED.
    /// </summary>
    /// <param name="endedOn">Date of withdrawal or loss to follow-up, null while follow-up continues.</param>
    public static string Of(VisitWindow window, DateOnly? actual, DateOnly today, DateOnly? endedOn)
    {
        if (actual is { } a) return window.Contains(a) ? DoneInWindow : DoneOutOfWindow;
        if (endedOn is { } e && window.End >= e) return Withdrawn;
        return today > window.End ? Missed : Scheduled;
    }

    /// <summary>
    /// V3: once the treated joint is replaced (or the treated spinal level operated on), joint PROMs and imaging of the
    /// target stop; visits after the endpoint keep only the safety content. Nothing is deleted.
    /// True for a visit whose date (actual, else target) is after <paramref name="endpointOn"/>.
    /// </summary>
    public static bool IsSafetyOnly(DateOnly target, DateOnly? actual, DateOnly? endpointOn) =>
        endpointOn is { } ep && (actual ?? target) > ep;

    /// <summary>The content still due: all of it, or only the safety content after the endpoint (at least the AE check).</summary>
    public static IReadOnlyList<string> EffectiveContent(IReadOnlyList<string> content, bool safetyOnly, IReadOnlyList<string> safetyContent)
    {
        if (!safetyOnly) return content;
        var kept = content.Where(safetyContent.Contains).ToList();
        return kept.Count > 0 ? kept : [VisitContent.AeCheck];
    }
}

/// <summary>The coordinators' worklist buckets.</summary>
public static class WorklistBucket
{
    public const string DueThisWeek = "DUE_THIS_WEEK", Overdue = "OVERDUE", Missed = "MISSED";
    public static readonly IReadOnlyList<string> All = [DueThisWeek, Overdue, Missed];

    /// <summary>
    /// The bucket of a visit that is not done and whose follow-up continues, or null when it needs no action yet.
    /// MISSED: today is after the window (V2). OVERDUE: the window is still open but the appointment date has passed.
    /// DUE_THIS_WEEK: the appointment falls within the 7 days from today (today to today + 6, a rolling week).
    /// </summary>
    /// <param name="appointment">The target date, or the rescheduled date when the visit was rescheduled.</param>
    public static string? Of(DateOnly appointment, VisitWindow window, DateOnly today)
    {
        if (today > window.End) return Missed;
        if (appointment < today) return Overdue;
        if (appointment <= today.AddDays(6)) return DueThisWeek;
        return null;
    }
}
