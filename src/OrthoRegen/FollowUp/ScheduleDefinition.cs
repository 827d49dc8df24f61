using System.Text.Json;
using System.Text.Json.Serialization;
using OrthoRegen.Candidacy;

namespace OrthoRegen.FollowUp;

/// <summary>What a visit is for (DOMAIN.md 4.2, "Content").</summary>
public static class VisitContent
{
    public const string Proms = "PROMS", AeCheck = "AE_CHECK", Xray = "XRAY", Mri = "MRI", MriOptional = "MRI_OPTIONAL",
        Labs = "LABS", Biomarkers = "BIOMARKERS", SafetyCall = "SAFETY_CALL", ArthroplastyStatus = "ARTHROPLASTY_STATUS";
    public static readonly IReadOnlyList<string> All = [Proms, AeCheck, Xray, Mri, MriOptional, Labs, Biomarkers, SafetyCall, ArthroplastyStatus];
}

/// <summary>One fixed visit of the schedule. Days are relative to Day 0 and both window ends are inclusive.</summary>
/// <param name="InWindowOnly">The visit only makes sense inside its window (D1_7, the early safety call): analysis never
/// stretches its window (<see cref="VisitAssignment"/>), though a late contact is still kept and flagged (V1).</param>
public sealed record VisitDefinition(
    string Code, int TargetDay, int WindowStartDay, int WindowEndDay, bool InWindowOnly, string[] Content, string Source);

/// <summary>The yearly visits Y<i>n</i> from <see cref="FromYear"/> to the horizon.</summary>
/// <param name="DaysPerYear">Y<i>n</i> is due on day round(<see cref="DaysPerYear"/> × n), half away from zero
/// (365.25: Y3 = day 1096, Y4 = 1461, Y5 = 1826, Y10 = 3653).</param>
/// <param name="ToleranceDays">The window is target ± this many days.</param>
public sealed record YearlyVisits(int FromYear, double DaysPerYear, int ToleranceDays, string[] Content, string Source);

/// <summary>
/// The follow-up schedule of DOMAIN.md 4.2 as configuration (<c>follow-up-schedule.json</c>, embedded default or the
/// clinic's file named by <c>FollowUp:ScheduleFile</c>). Every window, target and the horizon carry their source.
/// </summary>
public sealed record ScheduleDefinition
{
    /// <summary>What the file is, in the file's own words (read, not used by the rules).</summary>
    public string? Description { get; init; }

    public string Version { get; init; } = "";
    public required VisitDefinition[] Visits { get; init; }
    public required YearlyVisits Yearly { get; init; }
    /// <summary>The last yearly visit (Y10 by default). At least 2: the fixed visits run to M24.</summary>
    public required Sourced<int> HorizonYears { get; init; }
    /// <summary>V1: an out-of-window visit is assigned to the nearest target only within this multiple of its window.</summary>
    public required Sourced<double> AnalysisWindowFactor { get; init; }
    /// <summary>V3: the content that remains once joint PROMs stop (after arthroplasty or spine surgery of the target).</summary>
    public required Sourced<string[]> SafetyContent { get; init; }
    /// <summary>How far back the worklist looks for missed visits, in days.</summary>
    public required Sourced<int> MissedLookbackDays { get; init; }

    /// <summary>The schedule shipped with OrthoRegen.</summary>
    public static ScheduleDefinition Default { get; } = LoadEmbedded();

    /// <summary>Reads and checks a schedule file; a malformed file is a configuration error and throws.</summary>
    public static ScheduleDefinition Parse(string json)
    {
        var d = JsonSerializer.Deserialize<ScheduleDefinition>(json, SettingsFile.Json) ?? throw new InvalidOperationException("Follow-up schedule file is empty.");
        if (d.Visits is not { Length: > 0 }) throw new InvalidOperationException("The follow-up schedule needs at least one visit.");
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var previousTarget = int.MinValue;
        foreach (var v in d.Visits)
        {
            if (string.IsNullOrWhiteSpace(v.Code) || !codes.Add(v.Code)) throw new InvalidOperationException($"Visit code '{v.Code}' is empty or listed twice.");
            if (!(v.WindowStartDay <= v.TargetDay && v.TargetDay <= v.WindowEndDay))
                throw new InvalidOperationException($"Visit {v.Code}: the target day must lie inside its window.");
            if (v.TargetDay <= previousTarget) throw new InvalidOperationException($"Visit {v.Code}: visits must be listed in order of target day.");
            CheckContent(v.Code, v.Content);
            if (string.IsNullOrWhiteSpace(v.Source)) throw new InvalidOperationException($"Visit {v.Code} needs a source.");
            previousTarget = v.TargetDay;
        }
        if (d.Yearly.FromYear < 1 || d.Yearly.DaysPerYear is < 360 or > 370 || d.Yearly.ToleranceDays is < 0 or > 180)
            throw new InvalidOperationException("yearly: fromYear >= 1, daysPerYear 360-370 and toleranceDays 0-180.");
        CheckContent("yearly", d.Yearly.Content);
        if (d.HorizonYears.Value is < 2 or > 50) throw new InvalidOperationException("horizonYears must be 2-50.");
        if (d.AnalysisWindowFactor.Value is < 1 or > 5) throw new InvalidOperationException("analysisWindowFactor must be 1-5.");
        CheckContent("safetyContent", d.SafetyContent.Value);
        if (d.MissedLookbackDays.Value is < 0 or > 3650) throw new InvalidOperationException("missedLookbackDays must be 0-3650.");
        return d;
    }

    /// <summary>Target day of the yearly visit of <paramref name="year"/>: round(daysPerYear × year), half away from zero.</summary>
    public int YearlyTargetDay(int year) =>
        checked((int)Math.Round(Yearly.DaysPerYear * year, MidpointRounding.AwayFromZero));

    /// <summary>
    /// The visits for <paramref name="day0"/>, in order: the fixed visits, then Y<i>n</i> from <c>yearly.fromYear</c> to the
    /// horizon. A yearly visit is skipped if its target does not come after the last fixed visit's target.
    /// </summary>
    public IReadOnlyList<PlannedVisit> Generate(DateOnly day0)
    {
        var list = new List<PlannedVisit>();
        foreach (var v in Visits)
            list.Add(new PlannedVisit(v.Code, list.Count + 1, day0.AddDays(v.TargetDay),
                VisitWindow.Between(day0.AddDays(v.WindowStartDay), day0.AddDays(v.WindowEndDay)), v.InWindowOnly, v.Content));
        var lastFixed = Visits[^1].TargetDay;
        for (var year = Yearly.FromYear; year <= HorizonYears.Value; year++)
        {
            var day = YearlyTargetDay(year);
            if (day <= lastFixed) continue;
            var target = day0.AddDays(day);
            list.Add(new PlannedVisit($"Y{year}", list.Count + 1, target, VisitWindow.Around(target, Yearly.ToleranceDays), false, Yearly.Content));
        }
        return list;
    }

    static void CheckContent(string where, string[]? content)
    {
        if (content is null || content.Any(c => !VisitContent.All.Contains(c)))
            throw new InvalidOperationException($"{where}: content must be drawn from {string.Join(", ", VisitContent.All)}.");
    }

    static ScheduleDefinition LoadEmbedded() => Parse(SettingsFile.Embedded("FollowUp/follow-up-schedule.json"));
}

/// <summary>A visit of a generated schedule: its code, order, target date and protocol window, and its content.</summary>
public sealed record PlannedVisit(string Code, int Seq, DateOnly Target, VisitWindow Window, bool InWindowOnly, IReadOnlyList<string> Content);
