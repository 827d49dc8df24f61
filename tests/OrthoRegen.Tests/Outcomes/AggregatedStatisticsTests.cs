using System.Text;
using OrthoRegen.Outcomes;
using OrthoRegen.Outcomes.Snapshot;
using OrthoRegen.Statistics;
using OrthoRegen.Tests.Statistics;
using static OrthoRegen.Tests.Support.Precision;

namespace OrthoRegen.Tests.Outcomes;

/// <summary>
/// The counted (histogram) statistics of the aggregated cohort analyses equal the per-row ones and R on the expanded
/// sample; survival curves from tallies equal <see cref="SurvivalAnalysis.Analyse"/> on the members they count.
/// </summary>
public class AggregatedStatisticsTests
{
    const double Tol = 1e-12;

    /// <summary>A KOOS-like sample: values on the 100/36 grid (ties), changes of baseline and follow-up pairs.</summary>
    static (double[] Before, double[] After) Pairs(int seed, int n)
    {
        var random = new Random(seed);
        var before = new double[n]; var after = new double[n];
        for (var i = 0; i < n; i++)
        {
            before[i] = Math.Round(100 - random.Next(0, 37) * 100.0 / 36, 4);
            after[i] = Math.Round(100 - random.Next(0, 37) * 100.0 / 36, 4);
        }
        return (before, after);
    }

    static (double[] Values, long[] Counts) Histogram(IEnumerable<double> xs)
    {
        var h = xs.GroupBy(x => x).OrderBy(g => g.Key).ToList();
        return (h.Select(g => g.Key).ToArray(), h.Select(g => (long)g.Count()).ToArray());
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 7)]
    [InlineData(3, 250)]
    [InlineData(4, 5000)]
    public void CountedSummaryAndChange_EqualThePerRowResults(int seed, int n)
    {
        var (before, after) = Pairs(seed, n);
        var (values, counts) = Histogram(after);
        var rows = Descriptive.Summarize(after);
        var counted = Descriptive.SummarizeCounted(values, counts);
        Assert.Equal((rows.N, rows.Message), (counted.N, counted.Message));
        AssertClose(rows.Mean!.Value, counted.Mean!.Value, Tol, "mean");
        AssertClose(rows.Sd!.Value, counted.Sd!.Value, Tol, "sd");

        var diffs = after.Select((a, i) => a - before[i]).ToArray();
        var (d, dc) = Histogram(diffs);
        var change = Descriptive.PairedChange(before, after);
        var countedChange = Descriptive.PairedChangeCounted(d, dc);
        Assert.Equal((change.N, change.Df, change.Message), (countedChange.N, countedChange.Df, countedChange.Message));
        foreach (var (x, y, what) in new[] { (change.Mean, countedChange.Mean, "mean"), (change.Sd, countedChange.Sd, "sd"), (change.Se, countedChange.Se, "se"),
            (change.Lower, countedChange.Lower, "lower"), (change.Upper, countedChange.Upper, "upper"), (change.T, countedChange.T, "t"), (change.P, countedChange.P, "p") })
            if (x is null) Assert.Null(y); else AssertClose(x.Value, y!.Value, Tol, what);
        Assert.Equal(Trajectories.Median(diffs), AnalyticsSnapshotMedian(d, dc));
    }

    static double? AnalyticsSnapshotMedian(double[] values, long[] counts) => AnalyticsSnapshot.MedianOf(values, counts);

    [Fact]
    public void CountedStatistics_EmptyAndSingle_AsThePerRowPath()
    {
        Assert.Equal(Descriptive.Summarize([]), Descriptive.SummarizeCounted([], []));
        Assert.Equal(Descriptive.Summarize([3.5]), Descriptive.SummarizeCounted([3.5], [1]));
        Assert.Equal(Descriptive.PairedChange([], []), Descriptive.PairedChangeCounted([], []));
        Assert.Equal(Descriptive.PairedChange([1], [4]), Descriptive.PairedChangeCounted([3], [1]));
        Assert.Equal(Descriptive.PairedChange([1, 2], [4, 5]), Descriptive.PairedChangeCounted([3], [2]));
        Assert.Throws<ArgumentException>(() => Descriptive.SummarizeCounted([1, 2], [1]));
        Assert.Throws<ArgumentException>(() => Descriptive.SummarizeCounted([1], [-1]));
        Assert.Throws<ArgumentException>(() => Descriptive.PairedChangeCounted([double.NaN], [1]));
    }

    [Fact]
    public void CountedChange_EqualsR_OnTheExpandedSample()
    {
        var (before, after) = Pairs(11, 400);
        var (d, dc) = Histogram(after.Select((a, i) => a - before[i]));
        var input = new StringBuilder("value,count\n");
        for (var i = 0; i < d.Length; i++) input.Append($"{ROracle.R(d[i])},{dc[i]}\n");
        var dir = ROracle.Run("""
            h <- read.csv("h.csv")
            x <- rep(h$value, h$count)
            t <- t.test(x)
            out(data.frame(n = length(x), mean = mean(x), sd = sd(x), lower = t$conf.int[1], upper = t$conf.int[2], t = unname(t$statistic),
                           p = t$p.value, median = median(x)), "r.csv")
            """, new Dictionary<string, string> { ["h.csv"] = input.ToString() });
        var r = ROracle.ReadCsv(dir, "r.csv");
        var ours = Descriptive.PairedChangeCounted(d, dc);
        Assert.Equal(r.Number(0, "n"), ours.N);
        RCompare.Close(r.Number(0, "mean"), ours.Mean, 1e-12, "mean");
        RCompare.Close(r.Number(0, "sd"), ours.Sd, 1e-12, "sd");
        RCompare.Close(r.Number(0, "lower"), ours.Lower, 1e-10, "lower");
        RCompare.Close(r.Number(0, "upper"), ours.Upper, 1e-10, "upper");
        RCompare.Close(r.Number(0, "t"), ours.T, 1e-10, "t");
        RCompare.Close(r.Number(0, "median"), AnalyticsSnapshotMedian(d, dc), 1e-15, "median");
    }

    [Theory]
    [InlineData(SurvivalGrouping.Route)]
    [InlineData(SurvivalGrouping.KlGrade)]
    [InlineData(SurvivalGrouping.None)]
    public void CurvesFromTallies_EqualTheMemberAnalysis(string grouping)
    {
        var random = new Random(5);
        var members = Enumerable.Range(0, 600).Select(i =>
        {
            var kind = random.Next(0, 10);
            return SurvivalAnalysisTests.Member(i, random.Next(0, 12) * 91, endpoint: kind < 2, died: kind == 2,
                route: random.Next(0, 3) == 0 ? "SUBCHONDRAL_INTRAOSSEOUS" : "INTRA_ARTICULAR", kl: random.Next(0, 5) == 0 ? null : random.Next(1, 5));
        }).ToList();
        var rows = SurvivalAnalysis.Analyse(members, new SurvivalOptions(grouping));
        var tallies = members.Select(m => SurvivalAnalysis.TallyOf(m, grouping))
            .GroupBy(t => (t.Group, t.Days, t.Kind)).Select(g => g.First() with { Count = g.Count() }).Reverse().ToList();
        Assert.True(tallies.Count < members.Count / 2, "ties must collapse");
        var curves = SurvivalAnalysis.Curves(tallies, grouping);
        Assert.Equal((rows.N, rows.Events, rows.Deaths), (curves.N, curves.Events, curves.Deaths));
        AssertClose(rows.Subjects.Max(s => s.Years), curves.MaxYears, 1e-15);
        Assert.Equal(rows.AtRisk.Times, curves.AtRisk.Times);
        Assert.Equal(rows.AtRisk.Rows.Select(r => (r.Group, string.Join(",", r.Counts))), curves.AtRisk.Rows.Select(r => (r.Group, string.Join(",", r.Counts))));
        Assert.Equal(rows.Curves.Count, curves.Curves.Count);
        for (var g = 0; g < rows.Curves.Count; g++)
        {
            var (a, b) = (rows.Curves[g], curves.Curves[g]);
            Assert.Equal((a.Group, a.N, a.Events, a.Steps.Count, a.Median, a.MedianLower, a.MedianUpper), (b.Group, b.N, b.Events, b.Steps.Count, b.Median, b.MedianLower, b.MedianUpper));
            for (var k = 0; k < a.Steps.Count; k++)
            {
                Assert.Equal((a.Steps[k].Time, a.Steps[k].NRisk, a.Steps[k].NEvent, a.Steps[k].NCensor), (b.Steps[k].Time, b.Steps[k].NRisk, b.Steps[k].NEvent, b.Steps[k].NCensor));
                AssertClose(a.Steps[k].Surv, b.Steps[k].Surv, Tol, "surv");
            }
        }
        if (rows.LogRank is { } lr)
        {
            AssertClose(lr.ChiSquare, curves.LogRank!.ChiSquare, Tol, "chisq");
            Assert.Equal(lr.Groups.Select(x => x.Observed), curves.LogRank.Groups.Select(x => x.Observed));
            for (var j = 0; j < lr.Groups.Count; j++) AssertClose(lr.Groups[j].Expected, curves.LogRank.Groups[j].Expected, Tol, "expected");
        }
        else Assert.Null(curves.LogRank);
        Assert.NotNull(rows.CompetingRisks);
        for (var g = 0; g < rows.CompetingRisks!.Groups.Count; g++)
        {
            var (a, b) = (rows.CompetingRisks.Groups[g].Replacement, curves.CompetingRisks!.Groups[g].Replacement);
            Assert.Equal(a.Steps.Count, b.Steps.Count);
            for (var k = 0; k < a.Steps.Count; k++)
            {
                AssertClose(a.Steps[k].Estimate, b.Steps[k].Estimate, Tol, "cif");
                AssertClose(a.Steps[k].StdErr, b.Steps[k].StdErr, 1e-10, "cif se");
            }
        }
        Assert.Throws<ArgumentException>(() => SurvivalAnalysis.Curves([new SurvivalTally("x", -1, 0, 1)], grouping));
    }
}
