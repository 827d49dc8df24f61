using System.Text;
using System.Xml.Linq;
using OrthoRegen.Outcomes;
using OrthoRegen.Tests.Statistics;
using static OrthoRegen.Tests.Support.Precision;

namespace OrthoRegen.Tests.Outcomes;

/// <summary>Exact Poisson intervals, the one-sided test and the funnel limits against R's <c>poisson.test</c> and <c>qpois</c>.</summary>
public class SafetySignalStatisticsTests
{
    const string Script = """
        d <- read.csv("cases.csv")
        ci <- t(mapply(function(x, n, lv) poisson.test(x, n, conf.level = lv)$conf.int, d$x, d$n, d$level))
        p <- mapply(function(x, n, r) poisson.test(x, n, r, alternative = "greater")$p.value, d$x, d$n, d$r)
        out(data.frame(lower = ci[, 1], upper = ci[, 2], p = p,
                       q025 = qpois(0.025, d$n * d$r), q975 = qpois(0.975, d$n * d$r), q001 = qpois(0.001, d$n * d$r), q999 = qpois(0.999, d$n * d$r)), "r.csv")
        """;

    [Fact]
    public void ExactPoisson_ManyCases_MatchPoissonTestAndQpois()
    {
        var rng = new Random(71);
        var cases = new List<(int X, int N, double Level, double R)>
        {
            (0, 10, 0.95, 0.05),    // no event: lower limit 0
            (1, 1, 0.95, 0.5),      // one injection
            (3, 120, 0.95, 0.01),   // a lot above the clinic's rate
            (40, 800, 0.9, 0.06),
            (250, 3000, 0.99, 0.08),
        };
        for (var i = 0; i < 60; i++)
        {
            var n = 1 + rng.Next(500);
            var rate = 0.001 + 0.3 * rng.NextDouble();
            cases.Add((rng.Next((int)(n * rate * 2) + 2), n, i % 3 == 0 ? 0.9 : 0.95, rate));
        }
        var csv = new StringBuilder("x,n,level,r\n");
        foreach (var c in cases) csv.Append($"{c.X},{c.N},{ROracle.R(c.Level)},{ROracle.R(c.R)}\n");
        var dir = ROracle.Run(Script, new Dictionary<string, string> { ["cases.csv"] = csv.ToString() });
        var r = ROracle.ReadCsv(dir, "r.csv");
        for (var i = 0; i < cases.Count; i++)
        {
            var (x, n, level, rate) = cases[i];
            var (lo, up) = ExactPoisson.RateInterval(x, n, level);
            AssertClose(r.Number(i, "lower")!.Value, lo, 1e-10, $"lower {cases[i]}");
            AssertClose(r.Number(i, "upper")!.Value, up, 1e-10, $"upper {cases[i]}");
            AssertClose(r.Number(i, "p")!.Value, ExactPoisson.UpperTailP(x, n * rate), 1e-10, $"p {cases[i]}");
            Assert.Equal((int)r.Number(i, "q025")!.Value, ExactPoisson.Quantile(0.025, n * rate));
            Assert.Equal((int)r.Number(i, "q975")!.Value, ExactPoisson.Quantile(0.975, n * rate));
            Assert.Equal((int)r.Number(i, "q001")!.Value, ExactPoisson.Quantile(0.001, n * rate));
            Assert.Equal((int)r.Number(i, "q999")!.Value, ExactPoisson.Quantile(0.999, n * rate));
        }
    }

    // Rscript -e 'print(poisson.test(2, 100)$conf.int, digits=10)'  ->  0.002422092785 0.072246876677
    [Fact]
    public void RateInterval_TwoIn100_IsGarwoodInterval()
    {
        var (lo, up) = ExactPoisson.RateInterval(2, 100);
        AssertClose(0.002422092785, lo, 1e-9);
        AssertClose(0.072246876677, up, 1e-9);
        Assert.True(lo < 0.02 && 0.02 < up);   // the interval contains its estimate
    }

    static SafetyInjection Inj(int i, string lot, string source = "BM_MSC", string route = "INTRA_ARTICULAR", string? run = "2025-01-02 tech") =>
        new($"a{i}", $"p{i}", lot, "N-" + lot, source, route, run, new DateOnly(2025, 2, 1));

    static SafetyEvent Ev(int i, int patient, string related = "UNRELATED", int grade = 1, bool serious = false, string? admin = null, string? lot = null, int onsetDay = 5) =>
        new($"e{i}", $"p{patient}", grade, serious, related, "UNRELATED", admin, lot, new DateOnly(2025, 2, 1).AddDays(onsetDay));

    [Fact]
    public void Analyse_LotWithManyEvents_IsFlaggedAgainstTheClinicRate()
    {
        // 100 injections of lot A with 2 events; 10 of lot B with 6 events -> overall 8/110.
        var inj = Enumerable.Range(0, 100).Select(i => Inj(i, "A")).Concat(Enumerable.Range(100, 10).Select(i => Inj(i, "B", "AD_MSC", run: "2025-01-09 tech"))).ToList();
        var ev = new[] { Ev(1, 3), Ev(2, 40, "POSSIBLE") }.Concat(Enumerable.Range(0, 6).Select(k => Ev(10 + k, 100 + k, grade: 2))).ToList();
        var r = SafetySignalAnalysis.Analyse(inj, ev, SignalEvents.All);
        Assert.Equal((110, 8, 8), (r.Injections, r.Events, r.SignalEvents));
        var b = r.Units.Single(u => u.Dimension == SafetySignalAnalysis.Lot && u.Key == "B");
        AssertClose(10 * 8 / 110.0, b.Expected, 1e-14);
        Assert.Equal(SignalLevel.Alarm, b.Level);            // 6 events where 0.73 are expected
        Assert.Equal(SignalLevel.Within, r.Units.Single(u => u.Dimension == SafetySignalAnalysis.Lot && u.Key == "A").Level);
        Assert.Contains(r.Flagged, u => u.Dimension == SafetySignalAnalysis.ProcessingRun && u.Key == "2025-01-09 tech");
        var grade2 = r.Rates.Single(x => x.Dimension == SafetySignalAnalysis.Grade && x.Key == "2");
        Assert.Equal((6, 110), (grade2.Events, grade2.Injections));
        AssertClose(600.0 / 110, grade2.Per100!.Value, 1e-14);

        var related = SafetySignalAnalysis.Analyse(inj, ev, SignalEvents.Related);
        Assert.Equal(1, related.SignalEvents);
        Assert.Equal(8, related.Events);                     // rates still count every event
    }

    [Fact]
    public void Analyse_EventBeforeAnyInjection_IsUnattributedNotDropped()
    {
        var r = SafetySignalAnalysis.Analyse([Inj(1, "A")], [Ev(1, 1, onsetDay: -3), Ev(2, 1, onsetDay: 2)], SignalEvents.All);
        Assert.Equal((1, 1), (r.Events, r.UnattributedEvents));
    }

    [Fact]
    public void Funnel_IsValidXmlWithCentreLimitsAndUnits()
    {
        var inj = Enumerable.Range(0, 30).Select(i => Inj(i, i < 20 ? "A" : "B")).ToList();
        var r = SafetySignalAnalysis.Analyse(inj, [Ev(1, 21), Ev(2, 22), Ev(3, 23), Ev(4, 2)], SignalEvents.All);
        XNamespace svg = "http://www.w3.org/2000/svg";
        var doc = XDocument.Parse(SafetySignalFigure.Funnel(r, SafetySignalAnalysis.Lot, "Funnel", "Injections", "Events per 100 injections"));
        Assert.Equal(["centre", "limit-95-upper", "limit-95-lower", "limit-998-upper", "limit-998-lower", "units"],
            doc.Descendants(svg + "g").Select(g => (string)g.Attribute("data-series")!));
        Assert.Equal(2, doc.Descendants(svg + "g").Last().Elements(svg + "circle").Count());
        var limits = SafetySignalFigure.Limits(4 / 30.0, 20);
        Assert.All(limits, l => Assert.True(l.Lower998 <= l.Lower95 && l.Lower95 <= l.Upper95 && l.Upper95 <= l.Upper998));
    }
}
