using System.Text;
using System.Xml.Linq;
using OrthoRegen.Outcomes;
using OrthoRegen.Statistics;
using OrthoRegen.Tests.Statistics;
using static OrthoRegen.Tests.Support.Precision;

namespace OrthoRegen.Tests.Outcomes;

public class LotOutcomeAnalysisTests
{
    const string OlsScript = """
        man <- read.csv("manifest.csv")
        for (r in seq_len(nrow(man))) {
          d <- read.csv(man$file[r])
          fit <- lm(y ~ x, data = d)
          s <- summary(fit)
          grid <- data.frame(x = seq(min(d$x), max(d$x), length.out = 7))
          pr <- predict(fit, grid, interval = "confidence", level = man$level[r])
          ci <- confint(fit, level = man$level[r])
          out(data.frame(x = grid$x, fit = pr[, 1], lwr = pr[, 2], upr = pr[, 3],
                         a = coef(fit)[1], b = coef(fit)[2], se_a = s$coefficients[1, 2], se_b = s$coefficients[2, 2],
                         p_b = s$coefficients[2, 4], sigma = s$sigma, r2 = s$r.squared, b_lo = ci[2, 1], b_hi = ci[2, 2]), sprintf("ols_%d.csv", r))
        }
        """;

    /// <summary>The least-squares line, its coefficient tests and the confidence band against <c>lm</c> and <c>predict(interval = "confidence")</c>.</summary>
    [Fact]
    public void LinearRegression_RandomData_MatchesLmAndPredict()
    {
        var rng = new Random(365);
        var cases = Enumerable.Range(0, 25).Select(i =>
        {
            var n = 3 + rng.Next(60);
            var x = Enumerable.Range(0, n).Select(_ => Math.Round(200 * rng.NextDouble(), 3)).ToList();
            var y = x.Select(v => -5 + 0.08 * v + 12 * (rng.NextDouble() - 0.5) * (i % 3 + 1)).ToList();
            return (x, y, level: i % 4 == 0 ? 0.9 : 0.95);
        }).ToList();
        var inputs = new Dictionary<string, string>();
        var manifest = new StringBuilder("file,level\n");
        for (var c = 0; c < cases.Count; c++)
        {
            var sb = new StringBuilder("x,y\n");
            for (var i = 0; i < cases[c].x.Count; i++) sb.Append($"{ROracle.R(cases[c].x[i])},{ROracle.R(cases[c].y[i])}\n");
            inputs[$"d{c + 1}.csv"] = sb.ToString();
            manifest.Append($"d{c + 1}.csv,{ROracle.R(cases[c].level)}\n");
        }
        inputs["manifest.csv"] = manifest.ToString();
        var dir = ROracle.Run(OlsScript, inputs);
        for (var c = 0; c < cases.Count; c++)
        {
            var (x, y, level) = cases[c];
            var fit = Assert.IsType<FitOutcome<LinearFit>.Fitted>(LinearRegression.Fit(x, y, level)).Fit;
            var r = ROracle.ReadCsv(dir, $"ols_{c + 1}.csv");
            AssertClose(r.Number(0, "a")!.Value, fit.Intercept, 1e-9, "intercept");
            AssertClose(r.Number(0, "b")!.Value, fit.Slope, 1e-9, "slope");
            AssertClose(r.Number(0, "se_a")!.Value, fit.InterceptSe, 1e-9, "se intercept");
            AssertClose(r.Number(0, "se_b")!.Value, fit.SlopeSe, 1e-9, "se slope");
            AssertClose(r.Number(0, "p_b")!.Value, fit.SlopeP, 1e-7, "p slope");
            AssertClose(r.Number(0, "sigma")!.Value, fit.Sigma, 1e-9, "sigma");
            AssertClose(r.Number(0, "r2")!.Value, fit.RSquared, 1e-9, "r2");
            AssertClose(r.Number(0, "b_lo")!.Value, fit.SlopeLower, 1e-9, "slope lower");
            AssertClose(r.Number(0, "b_hi")!.Value, fit.SlopeUpper, 1e-9, "slope upper");
            for (var row = 0; row < r.Count; row++)
            {
                var at = fit.At(r.Number(row, "x")!.Value);
                AssertClose(r.Number(row, "fit")!.Value, at.Fit, 1e-9, $"fit {c}/{row}");
                AssertClose(r.Number(row, "lwr")!.Value, at.Lower, 1e-9, $"lwr {c}/{row}");
                AssertClose(r.Number(row, "upr")!.Value, at.Upper, 1e-9, $"upr {c}/{row}");
            }
        }
    }

    [Theory]
    [InlineData(new[] { 1.0, 2 }, new[] { 3.0, 4 })]              // two points: no band
    [InlineData(new[] { 5.0, 5, 5 }, new[] { 1.0, 2, 3 })]        // constant x: no slope
    public void LinearRegression_Degenerate_IsNotEstimableWithAReason(double[] x, double[] y) =>
        Assert.IsType<FitOutcome<LinearFit>.NotEstimable>(LinearRegression.Fit(x, y));

    static LotOutcomeSubject S(int i, double dose, double? baseline, double? m12, string tier = "MEDIUM", double? perKg = 0.8, bool higherIsBetter = true, double mic = 10)
    {
        double? change = baseline is not null && m12 is not null ? m12 - baseline : null;
        double? imp = change is { } c ? (higherIsBetter ? c : -c) : null;
        return new LotOutcomeSubject($"PS-{i}", "BM_MSC", "AUTOLOGOUS", tier, dose, perKg, 90, 3, baseline, m12, change, imp, imp is { } v ? v >= mic : null);
    }

    [Fact]
    public void Analyse_CountsMissingAndFitsLineLogisticAndGroups()
    {
        var rng = new Random(12);
        var subjects = Enumerable.Range(0, 40).Select(i =>
        {
            var dose = 20 + 5 * i;
            var b = 40 + rng.Next(20);
            return S(i, dose, b, b + 0.15 * dose + rng.Next(-15, 15), tier: dose < 80 ? "LOW" : dose < 160 ? "MEDIUM" : "HIGH", perKg: dose / 70.0);
        }).Append(S(100, 50, 50, null)).Append(S(101, 60, null, 70)).ToList();
        var r = LotOutcomeAnalysis.Analyse("KOOS", "pain", true, 10, LotAttributes.ViableDose, subjects);
        Assert.Equal((40, 2, 0), (r.WithChange, r.MissingChange, r.MissingAttribute));
        Assert.NotNull(r.Line);
        Assert.Equal(50, r.Band.Count);
        Assert.True(r.Line!.Slope > 0);
        Assert.NotNull(r.Logistic);
        Assert.Equal(["(Intercept)", "viable_dose"], r.Logistic!.Terms.Select(t => t.Term));
        Assert.Equal(["HIGH", "LOW", "MEDIUM"], r.Groups.Where(g => g.Dimension == "DOSE_TIER").Select(g => g.Key));
        Assert.Equal(40, r.Groups.Where(g => g.Dimension == "CELLS_PER_KG").Sum(g => g.Change.N));
        var svg = XDocument.Parse(LotOutcomeFigure.Scatter(r, "t", "x", "y"));
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(["band", "line", "points"], svg.Descendants(ns + "g").Select(g => (string)g.Attribute("data-series")!));
        Assert.Equal(40, svg.Descendants(ns + "g").Last().Elements(ns + "circle").Count());
    }

    [Fact]
    public void Analyse_NoMinimalImportantChange_SaysWhyNoLogisticModel()
    {
        var subjects = Enumerable.Range(0, 5).Select(i => S(i, 10 * i, 50, 55 + i)).ToList();
        var r = LotOutcomeAnalysis.Analyse("X", "total", true, null, LotAttributes.ViableDose, subjects);
        Assert.Null(r.Logistic);
        Assert.Contains("minimal important change", r.LogisticNotEstimable);
    }
}
