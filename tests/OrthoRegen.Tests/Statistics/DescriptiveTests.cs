using System.Text;
using OrthoRegen.Statistics;
using OrthoRegen.Tests.Support;

namespace OrthoRegen.Tests.Statistics;

public class DescriptiveTests
{
    const string Script = """
        man <- read.csv("manifest.csv", stringsAsFactors = FALSE)
        res <- NULL
        for (r in seq_len(nrow(man))) {
          d <- read.csv(man$file[r])
          lv <- man$level[r]
          pt <- t.test(d$after, d$before, paired = TRUE, conf.level = lv)
          wt <- t.test(d$after, d$before, conf.level = lv)
          pr <- prop.test(man$x[r], man$n[r], correct = FALSE, conf.level = lv)
          res <- rbind(res, data.frame(mean = mean(d$before), sd = sd(d$before), change = unname(pt$estimate), change_lo = pt$conf.int[1],
                       change_hi = pt$conf.int[2], change_t = unname(pt$statistic), change_p = pt$p.value,
                       welch = unname(wt$estimate[1] - wt$estimate[2]), welch_lo = wt$conf.int[1], welch_hi = wt$conf.int[2],
                       welch_df = unname(wt$parameter), welch_p = wt$p.value, prop_lo = pr$conf.int[1], prop_hi = pr$conf.int[2]))
        }
        out(res, "desc.csv")
        """;

    [Fact]
    public void PairedChangeWelchWilson_RandomSamples_MatchTTestAndPropTest()
    {
        const double relTol = 1e-9;
        var rng = new Random(42);
        var cases = Enumerable.Range(0, 40).Select(i =>
        {
            var n = new[] { 2, 3, 5, 10, 30, 200 }[i % 6];
            var before = Enumerable.Range(0, n).Select(_ => Math.Round(40 + 20 * rng.NextDouble(), 1)).ToArray();
            var after = before.Select(b => Math.Round(b + 10 * rng.NextDouble() - 2 + (i % 2) * 5 * rng.NextDouble(), 1)).ToArray();
            var trials = new[] { 1, 5, 20, 100 }[i % 4];
            var x = rng.Next(trials + 1);
            return (before, after, level: new[] { 0.9, 0.95, 0.99 }[i % 3], x, trials);
        }).ToArray();
        var inputs = new Dictionary<string, string>();
        var manifest = new StringBuilder("file,level,x,n\n");
        for (var c = 0; c < cases.Length; c++)
        {
            inputs[$"d{c}.csv"] = "before,after\n" + string.Concat(cases[c].before.Zip(cases[c].after, (b, a) => $"{ROracle.R(b)},{ROracle.R(a)}\n"));
            manifest.Append($"d{c}.csv,{ROracle.R(cases[c].level)},{cases[c].x},{cases[c].trials}\n");
        }
        inputs["manifest.csv"] = manifest.ToString();
        var r = ROracle.ReadCsv(ROracle.Run(Script, inputs), "desc.csv");
        for (var c = 0; c < cases.Length; c++)
        {
            var (before, after, level, x, trials) = cases[c];
            var w = $"case {c} (n = {before.Length}, level {level})";
            var s = Descriptive.Summarize(before);
            RCompare.Close(r.Number(c, "mean"), s.Mean, relTol, w + " mean");
            RCompare.Close(r.Number(c, "sd"), s.Sd, relTol, w + " sd");
            var ch = Descriptive.PairedChange(before, after, level);
            RCompare.Close(r.Number(c, "change"), ch.Mean, relTol, w + " change");
            RCompare.Close(r.Number(c, "change_lo"), ch.Lower, relTol, w + " change lower");
            RCompare.Close(r.Number(c, "change_hi"), ch.Upper, relTol, w + " change upper");
            RCompare.Close(r.Number(c, "change_t"), ch.T, relTol, w + " change t");
            RCompare.Close(r.Number(c, "change_p"), ch.P, relTol, w + " change p");
            var wd = Descriptive.Welch(after, before, level);
            RCompare.Close(r.Number(c, "welch"), wd.Difference, relTol, w + " welch diff");
            RCompare.Close(r.Number(c, "welch_lo"), wd.Lower, relTol, w + " welch lower");
            RCompare.Close(r.Number(c, "welch_hi"), wd.Upper, relTol, w + " welch upper");
            RCompare.Close(r.Number(c, "welch_df"), wd.Df, relTol, w + " welch df");
            RCompare.Close(r.Number(c, "welch_p"), wd.P, relTol, w + " welch p");
            var p = Descriptive.Wilson(x, trials, level);
            RCompare.Close(r.Number(c, "prop_lo"), p.Lower, relTol, w + $" wilson lower {x}/{trials}");
            RCompare.Close(r.Number(c, "prop_hi"), p.Upper, relTol, w + $" wilson upper {x}/{trials}");
        }
    }

    // R: format(c(qt(0.975, 3), qt(0.975, 1), qt(0.995, 120), qnorm(0.975), pchisq(80, 2, lower.tail = FALSE)), digits = 17)
    [Theory]
    [InlineData(0.975, 3, 3.1824463052837078, 1e-14)]   // small df
    [InlineData(0.975, 1, 12.706204736174694, 1e-14)]   // Cauchy
    [InlineData(0.995, 120, 2.6174211451068659, 1e-14)] // large df
    public void StudentTQuantile_KnownValues_MatchesQt(double p, double df, double expected, double relTol)
    {
        Precision.AssertClose(expected, Probability.StudentTQuantile(p, df), relTol, $"qt({p}, {df})");
    }

    [Fact]
    public void ChiSquareUpperTail_FarTail_KeepsRelativePrecision()
    {
        // R: pchisq(80, 2, lower.tail = FALSE) = 4.2483542552915889e-18
        Precision.AssertClose(4.2483542552915889e-18, Probability.ChiSquareUpperTail(80, 2), 1e-12, "pchisq tail");
    }

    [Fact]
    public void PairedChange_IdenticalChanges_NullIntervalWithMessage()
    {
        var c = Descriptive.PairedChange([1, 2, 3], [2, 3, 4]);
        Assert.Equal(1, c.Mean);
        Assert.Null(c.Lower);
        Assert.Null(c.P);
        Assert.Equal(StatisticsMessages.ZeroVariance, c.Message);
    }

    [Theory]
    [InlineData(new double[0], null, null)]        // empty sample
    [InlineData(new[] { 5.0 }, 5.0, null)]         // one value: mean only
    public void Summarize_TooFewValues_NullsWithMessage(double[] values, double? mean, double? sd)
    {
        var s = Descriptive.Summarize(values);
        Assert.Equal(mean, s.Mean);
        Assert.Equal(sd, s.Sd);
        Assert.NotNull(s.Message);
    }

    [Fact]
    public void Wilson_NoTrials_NullWithMessage()
    {
        var p = Descriptive.Wilson(0, 0);
        Assert.Null(p.Estimate);
        Assert.Equal(StatisticsMessages.NoTrials, p.Message);
    }

    [Fact]
    public void Welch_BothSamplesConstant_NullWithMessage()
    {
        var d = Descriptive.Welch([3, 3, 3], [1, 1]);
        Assert.Equal(2, d.Difference);
        Assert.Null(d.Lower);
        Assert.Equal(StatisticsMessages.ZeroVariance, d.Message);
    }
}
