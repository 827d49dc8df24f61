namespace OrthoRegen.FollowUp;

/// <summary>
/// Analysis assignment of a visit date to a scheduled visit (DOMAIN.md 4.2 V1) [DESIGN]. A date inside a window belongs to
/// that visit. A date outside every window goes to the visit with the nearest target (ties: the earlier visit) only if it
/// lies within that visit's window stretched by the factor (1.5 by default) on each side of the target: for M1 (30 d ± 7)
/// the stretched window is ± 10.5 d, so day 40 is assigned and day 41 is not. Asymmetric windows stretch each side by its
/// own length (BASE, −30..0: −45..0). A visit marked in-window only (D1_7) is never stretched. Otherwise unassigned (null).
/// </summary>
public static class VisitAssignment
{
    public static string? Assign(IReadOnlyList<PlannedVisit> visits, DateOnly date, double factor)
    {
        if (factor < 1) throw new ArgumentOutOfRangeException(nameof(factor), "The factor must be at least 1.");
        var inWindow = visits.FirstOrDefault(v => v.Window.Contains(date));
        if (inWindow is not null) return inWindow.Code;
        PlannedVisit? nearest = null;
        var best = int.MaxValue;
        foreach (var v in visits.OrderBy(v => v.Target))
        {
            var distance = Math.Abs(date.DayNumber - v.Target.DayNumber);
            if (distance < best) (nearest, best) = (v, distance);
        }
        if (nearest is null || nearest.InWindowOnly) return null;
        var offset = date.DayNumber - nearest.Target.DayNumber;
        var allowed = offset < 0
            ? (nearest.Target.DayNumber - nearest.Window.Start.DayNumber) * factor
            : (nearest.Window.End.DayNumber - nearest.Target.DayNumber) * factor;
        return Math.Abs(offset) <= allowed ? nearest.Code : null;
    }
}
