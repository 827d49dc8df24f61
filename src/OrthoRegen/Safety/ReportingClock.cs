namespace OrthoRegen.Safety;

/// <summary>A report an authority must receive for a SUSAR, and the last calendar day it is on time.</summary>
public sealed record RequiredReport(string Authority, string Type, DateOnly DueDate);

/// <summary>
/// The expedited reporting clock of rule A5 (ICH E2A), in calendar days from the awareness date (Day 0).
/// Fatal or life-threatening SUSAR (criterion DEATH or LIFE_THREATENING): an INITIAL report due on Day 7 and a completion
/// (FOLLOW_UP) report due 8 days later, on Day 15. Any other SUSAR: an INITIAL report due on Day 15. A report is on time on
/// its due date and overdue from the next day. Each authority of the pathway's route gets its own reports.
/// </summary>
public static class ReportingClock
{
    /// <summary>The report types and due dates for one authority.</summary>
    public static IReadOnlyList<(string Type, DateOnly DueDate)> DueDates(ReportingClocks clocks, bool fatalOrLifeThreatening, DateOnly awareDate)
    {
        if (!fatalOrLifeThreatening) return [(ReportCodes.Initial, awareDate.AddDays(clocks.OtherSusarDays.Value))];
        var initial = awareDate.AddDays(clocks.FatalOrLifeThreateningInitialDays.Value);
        return [(ReportCodes.Initial, initial), (ReportCodes.FollowUp, initial.AddDays(clocks.CompletionAdditionalDays.Value))];
    }

    /// <summary>Every report a SUSAR needs under <paramref name="pathway"/>; none when the event is not a SUSAR.</summary>
    public static IReadOnlyList<RequiredReport> Required(SafetyRules rules, AdverseEventDerivation derivation, DateOnly awareDate, string? pathway)
    {
        if (!derivation.Susar) return [];
        var dates = DueDates(rules.Clocks, derivation.FatalOrLifeThreatening, awareDate);
        return rules.RouteFor(pathway).Authorities.SelectMany(a => dates.Select(d => new RequiredReport(a, d.Type, d.DueDate))).ToList();
    }

    /// <summary>Overdue when the clock's date is past the due date (the due date itself is still on time).</summary>
    public static bool IsOverdue(DateOnly dueDate, DateOnly today) => today > dueDate;
}
