using OrthoRegen.FollowUp;
using OrthoRegen.Statistics;

namespace OrthoRegen.Outcomes;

/// <summary>One measured value of one member (plan) on one date: a PROM score, an imaging measure or a performance test.</summary>
public sealed record Observation(string PlanId, DateOnly On, double Value);

/// <summary>
/// Where each member stands at one scheduled visit. Every member is counted in exactly one of NotYetDue, AfterEndpoint
/// or Due; Due splits into Observed and Missing. Nothing is dropped silently.
/// </summary>
/// <param name="NotYetDue">The visit's window has not closed yet and nothing was recorded for it.</param>
/// <param name="AfterEndpoint">The visit falls after the joint replacement / spine surgery (V3: joint PROMs stop).</param>
/// <param name="Due">Members expected to have a value at this visit.</param>
/// <param name="Observed">Due members with a value assigned to this visit (V1 window rule).</param>
/// <param name="Missing">Due members without a value.</param>
/// <param name="FollowUpEnded">Of the missing, those whose follow-up ended (withdrawn, lost) before the visit window.</param>
/// <param name="NoBaseline">Observed members without a baseline value, so without a change.</param>
public sealed record VisitCounts(int Members, int NotYetDue, int AfterEndpoint, int Due, int Observed, int Missing, int FollowUpEnded, int NoBaseline);

/// <summary>
/// One visit of a trajectory: counts, the mean of the values, and the change from baseline over members with both
/// (mean with its paired-t 95 % CI = <c>t.test(after, before, paired = TRUE)</c>, and median).
/// </summary>
public sealed record TrajectoryVisit(
    string Code, int TargetDay, VisitCounts Counts, SampleSummary Values, MeanChange Change, double? MedianChange);

/// <summary>One member's values in a spaghetti plot: pseudonym code only.</summary>
public sealed record MemberPoint(string Code, int Day, DateOnly On, double Value, double? Change);
public sealed record MemberSeries(string PseudonymCode, string PlanId, double? Baseline, IReadOnlyList<MemberPoint> Points);

/// <summary>The trajectory of one group (the whole cohort, or one route / cell source).</summary>
public sealed record TrajectoryGroup(string Key, int Members, IReadOnlyList<TrajectoryVisit> Visits, IReadOnlyList<MemberSeries> Series);

/// <summary>A measure over time for a cohort, per group.</summary>
/// <param name="HigherIsBetter">Direction of the measure, so readers know which way an improvement goes.</param>
public sealed record Trajectory(string Measure, string Label, string Unit, bool HigherIsBetter, DateOnly Today, IReadOnlyList<TrajectoryGroup> Groups);

/// <summary>
/// Change from baseline at each scheduled visit (DOMAIN.md 4.2). Each observation is assigned to a visit by
/// <see cref="VisitAssignment"/> (in window, else the nearest target within 1.5× its window, else unassigned); when two
/// observations land on one visit the one nearest the visit's target date counts (ties: the earlier). The baseline is the
/// value assigned to BASE. Statistics come from <see cref="Descriptive"/>.
/// </summary>
public static class Trajectories
{
    public const string Baseline = "BASE";

    /// <summary>The visits an outcome is analysed at: those of the schedule whose content includes PROMs (BASE, M1 … yearly).</summary>
    public static IReadOnlyList<PlannedVisit> AnalysisVisits(ScheduleDefinition schedule, DateOnly dayZero) =>
        schedule.Generate(dayZero).Where(v => v.Content.Contains(VisitContent.Proms)).ToList();

    /// <summary>The value each member has at each visit (code → observation), by the assignment rule.</summary>
    public static IReadOnlyDictionary<string, Observation> Assign(IReadOnlyList<PlannedVisit> visits, IEnumerable<Observation> observations, double factor)
    {
        var chosen = new Dictionary<string, Observation>(StringComparer.Ordinal);
        foreach (var o in observations.OrderBy(o => o.On))
        {
            var code = VisitAssignment.Assign(visits, o.On, factor);
            if (code is null) continue;
            var target = visits.First(v => v.Code == code).Target;
            if (!chosen.TryGetValue(code, out var held) || Math.Abs(o.On.DayNumber - target.DayNumber) < Math.Abs(held.On.DayNumber - target.DayNumber))
                chosen[code] = o;
        }
        return chosen;
    }

    /// <param name="groupBy">Key of each member's group; null = one group "ALL".</param>
    public static Trajectory Compute(
        string measure, string label, string unit, bool higherIsBetter, IReadOnlyList<CohortMember> members,
        IReadOnlyDictionary<string, IReadOnlyList<Observation>> observationsByPlan, ScheduleDefinition schedule, DateOnly today,
        Func<CohortMember, string>? groupBy = null)
    {
        var factor = schedule.AnalysisWindowFactor.Value;
        var groups = members.GroupBy(m => groupBy?.Invoke(m) ?? "ALL").OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Group(g.Key, g.ToList(), observationsByPlan, schedule, today, factor)).ToList();
        return new Trajectory(measure, label, unit, higherIsBetter, today, groups);
    }

    sealed record MemberVisits(CohortMember Member, IReadOnlyList<PlannedVisit> Visits, IReadOnlyDictionary<string, Observation> Values);

    static TrajectoryGroup Group(string key, List<CohortMember> members, IReadOnlyDictionary<string, IReadOnlyList<Observation>> byPlan,
        ScheduleDefinition schedule, DateOnly today, double factor)
    {
        var assigned = members.Select(m => new MemberVisits(m, AnalysisVisits(schedule, m.DayZero),
            Assign(AnalysisVisits(schedule, m.DayZero), byPlan.TryGetValue(m.PlanId, out var obs) ? obs : [], factor))).ToList();
        var codes = assigned.SelectMany(a => a.Visits.Select(v => (v.Code, v.Seq, Day: v.Target.DayNumber - a.Member.DayZero.DayNumber)))
            .GroupBy(v => v.Code).Select(g => g.First()).OrderBy(c => c.Seq).ToList();

        var visits = new List<TrajectoryVisit>();
        foreach (var (code, _, day) in codes)
        {
            int notYet = 0, after = 0, due = 0, observed = 0, ended = 0, noBaseline = 0;
            var values = new List<double>();
            var before = new List<double>();
            var afterValues = new List<double>();
            foreach (var a in assigned)
            {
                var planned = a.Visits.FirstOrDefault(v => v.Code == code);
                if (planned is null) { notYet++; continue; }
                var has = a.Values.TryGetValue(code, out var value);
                if (code != Baseline && a.Member.EndpointOn is { } endpoint && planned.Target > endpoint && !has) { after++; continue; }
                if (!has && planned.Window.End >= today) { notYet++; continue; }
                due++;
                if (!has)
                {
                    if (a.Member.FollowUpEndedOn is { } stop && stop < planned.Window.Start) ended++;
                    continue;
                }
                observed++;
                values.Add(value!.Value);
                if (code == Baseline) continue;
                if (a.Values.TryGetValue(Baseline, out var b)) { before.Add(b.Value); afterValues.Add(value.Value); }
                else noBaseline++;
            }
            var counts = new VisitCounts(members.Count, notYet, after, due, observed, due - observed, ended, noBaseline);
            var change = code == Baseline ? Descriptive.PairedChange([], []) : Descriptive.PairedChange(before, afterValues);
            var diffs = afterValues.Select((v, i) => v - before[i]).ToList();
            visits.Add(new TrajectoryVisit(code, day, counts, Descriptive.Summarize(values), change, Median(diffs)));
        }

        var series = assigned.Select(a =>
        {
            double? baseline = a.Values.TryGetValue(Baseline, out var b) ? b.Value : null;
            var points = a.Values.OrderBy(v => v.Value.On)
                .Select(v => new MemberPoint(v.Key, v.Value.On.DayNumber - a.Member.DayZero.DayNumber, v.Value.On, v.Value.Value,
                    baseline is { } bv ? v.Value.Value - bv : null)).ToList();
            return new MemberSeries(a.Member.PseudonymCode, a.Member.PlanId, baseline, points);
        }).ToList();
        return new TrajectoryGroup(key, members.Count, visits.Where(v => v.Counts.Due > 0).ToList(), series);
    }

    /// <summary>Median (R: <c>median(x)</c>); null for an empty list.</summary>
    public static double? Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return null;
        var s = values.Order().ToArray();
        var mid = s.Length / 2;
        return s.Length % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
    }
}
