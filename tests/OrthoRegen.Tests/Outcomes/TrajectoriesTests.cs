using System.Xml.Linq;
using OrthoRegen.FollowUp;
using OrthoRegen.Outcomes;
using OrthoRegen.Statistics;

namespace OrthoRegen.Tests.Outcomes;

public class TrajectoriesTests
{
    static readonly ScheduleDefinition Schedule = ScheduleDefinition.Default;
    static readonly DateOnly Today = new(2026, 6, 15);

    static CohortMember Member(string code, DateOnly day0, string route = "INTRA_ARTICULAR", DateOnly? endpoint = null, DateOnly? ended = null) =>
        new("pat-" + code, code, "s", "plan-" + code, "sch-" + code, day0, "KNEE_OA", "KNEE_R", "R", null, 3, null, null, "BM_MSC", "AUTOLOGOUS",
            route, "MEDIUM", 50, 50, 0.7, 1, [], 60, "F", 25, [], endpoint is null ? null : "TOTAL_KNEE_ARTHROPLASTY", endpoint, null, ended, day0);

    static Observation O(CohortMember m, int day, double value) => new(m.PlanId, m.DayZero.AddDays(day), value);

    [Fact]
    public void Compute_AssignsByWindowAndCountsEveryMemberAtEveryVisit()
    {
        var a = Member("A", new(2025, 1, 10));
        var b = Member("B", new(2025, 1, 20));
        var c = Member("C", new(2025, 2, 1), endpoint: new(2025, 7, 1));
        var d = Member("D", new(2025, 2, 15), ended: new(2025, 3, 1));
        var e = Member("E", new(2026, 5, 1));                      // M6 not yet due on 2026-06-15
        var obs = new Dictionary<string, IReadOnlyList<Observation>>
        {
            // A: baseline 60, M6 at day 200 (in window 152-212) 40, and a second M6 value further from the target (ignored)
            [a.PlanId] = [O(a, -3, 60), O(a, 200, 40), O(a, 211, 10)],
            // B: baseline 55, M6 at day 230: outside the window, but within 1.5x (182 + 45 = 227)? no: 230 > 227 -> unassigned
            [b.PlanId] = [O(b, 0, 55), O(b, 182, 35), O(b, 230, 5)],
            // C: baseline 70, M6 after the replacement (day 182 > endpoint) - none recorded -> after endpoint
            [c.PlanId] = [O(c, -10, 70), O(c, 91, 50)],
            // D: withdrew before M1; no values at all -> missing at BASE? BASE window is -30..0 and passed: missing
            [e.PlanId] = [O(e, 0, 65)],
        };
        var t = Trajectories.Compute("WOMAC.pain_100", "Pain", "0-100", false, [a, b, c, d, e], obs, Schedule, Today);
        var g = Assert.Single(t.Groups);
        var baseVisit = g.Visits.Single(v => v.Code == "BASE");
        Assert.Equal(new VisitCounts(5, 0, 0, 5, 4, 1, 0, 0), baseVisit.Counts);
        var m6 = g.Visits.Single(v => v.Code == "M6");
        Assert.Equal(new VisitCounts(5, 1, 1, 3, 2, 1, 1, 0), m6.Counts);
        var expected = Descriptive.PairedChange([60, 55], [40, 35]);
        Assert.Equal(expected, m6.Change);
        Assert.Equal(-20, m6.MedianChange);
        Assert.Equal(2, m6.Values.N);
        var m3 = g.Visits.Single(v => v.Code == "M3");
        Assert.Equal(1, m3.Counts.Observed);                          // C at day 91
        Assert.Equal(-20, m3.Change.Mean);
        var series = g.Series.Single(s => s.PseudonymCode == "A");
        Assert.Equal([("BASE", 0.0), ("M6", -20.0)], series.Points.Select(p => (p.Code, p.Change ?? double.NaN)));
    }

    [Fact]
    public void Compute_GroupsByRoute()
    {
        var a = Member("A", new(2025, 1, 10));
        var b = Member("B", new(2025, 1, 20), route: "SUBCHONDRAL_INTRAOSSEOUS");
        var obs = new Dictionary<string, IReadOnlyList<Observation>> { [a.PlanId] = [O(a, 0, 60), O(a, 30, 50)], [b.PlanId] = [O(b, 0, 60), O(b, 30, 30)] };
        var t = Trajectories.Compute("X", "X", "u", false, [a, b], obs, Schedule, Today, m => m.Route);
        Assert.Equal(["INTRA_ARTICULAR", "SUBCHONDRAL_INTRAOSSEOUS"], t.Groups.Select(g => g.Key));
        Assert.Equal(-30, t.Groups[1].Visits.Single(v => v.Code == "M1").Change.Mean);
    }

    [Fact]
    public void Median_MatchesRDefinition()
    {
        Assert.Null(Trajectories.Median([]));
        Assert.Equal(3, Trajectories.Median([5, 1, 3]));
        Assert.Equal(2.5, Trajectories.Median([4, 1, 3, 2]));
    }

    [Fact]
    public void Chart_IsXmlWithOneMeanLinePerGroupAndOneLinePerPatientWhenAsked()
    {
        var members = Enumerable.Range(0, 4).Select(i => Member("P" + i, new DateOnly(2025, 1, 1).AddDays(i * 5), route: i % 2 == 0 ? "INTRA_ARTICULAR" : "INTRADISCAL")).ToList();
        var obs = members.ToDictionary(m => m.PlanId, m => (IReadOnlyList<Observation>)[O(m, 0, 60), O(m, 30, 50 - members.IndexOf(m)), O(m, 182, 40)]);
        var t = Trajectories.Compute("X", "X", "points", false, members, obs, Schedule, Today, m => m.Route);
        XNamespace ns = "http://www.w3.org/2000/svg";

        var plain = XDocument.Parse(TrajectoryChart.Render(t, "Pain <WOMAC>", false));
        Assert.Equal("Pain <WOMAC>", plain.Root!.Element(ns + "title")!.Value);
        Assert.Equal(2, plain.Descendants(ns + "polyline").Count());
        var legend = plain.Descendants(ns + "text").Select(x => x.Value).ToList();
        Assert.Contains("INTRA_ARTICULAR (n = 2)", legend);
        Assert.Contains("INTRADISCAL (n = 2)", legend);

        var spaghetti = XDocument.Parse(TrajectoryChart.Render(t, "Pain", true, individualLabel: "Each patient"));
        Assert.Equal(2 + 4, spaghetti.Descendants(ns + "polyline").Count());
        Assert.Contains("Each patient", spaghetti.Descendants(ns + "text").Select(x => x.Value));
    }

    [Fact]
    public void Csv_HasOneRowPerGroupAndVisitWithTheEngineNumbers()
    {
        var a = Member("A", new(2025, 1, 10));
        var b = Member("B", new(2025, 1, 20));
        var obs = new Dictionary<string, IReadOnlyList<Observation>> { [a.PlanId] = [O(a, 0, 60), O(a, 30, 50.5)], [b.PlanId] = [O(b, 0, 61), O(b, 31, 40)] };
        var t = Trajectories.Compute("WOMAC.pain_100", "Pain", "0-100", false, [a, b], obs, Schedule, Today);
        var lines = OutcomeCsv.Trajectory(t).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        var m1 = lines.Single(l => l.Split(',')[2] == "M1").Split(',');
        var change = Descriptive.PairedChange([60, 61], [50.5, 40]);
        Assert.Equal(change.Mean!.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture), m1[Array.IndexOf(header, "mean_change")]);
        Assert.Equal(change.Lower!.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture), m1[Array.IndexOf(header, "ci95_lower")]);
        Assert.Equal("2", m1[Array.IndexOf(header, "observed")]);
        Assert.Contains("A", OutcomeCsv.Series(t));
    }
}
