using OrthoRegen.Statistics;
using OrthoRegen.Tests.Support;

namespace OrthoRegen.Tests.Statistics;

public partial class KaplanMeierTests
{
    // R: f <- survfit(Surv(c(1,2,2,3,4,4), c(1,1,0,1,1,1)) ~ 1); f$std.err[4] is Inf, f$lower[4] and f$upper[4] are NA
    [Fact]
    public void Fit_CurveDropsToZero_StdErrAndBandNull()
    {
        var km = KaplanMeier.Fit([1, 2, 2, 3, 4, 4], [true, true, false, true, true, true]);
        var last = km.Steps[^1];
        Assert.Equal(0, last.Surv);
        Assert.Null(last.StdErr);
        Assert.Null(last.Lower);
        Assert.Null(last.Upper);
        Assert.Equal(3, km.Median);          // quantile(f, 0.5)$quantile
        Assert.Equal(2, km.MedianLower);
        Assert.Null(km.MedianUpper);
        Assert.Contains(StatisticsMessages.MedianUpperNotReached, km.Messages);
    }

    [Fact]
    public void Fit_NoEvents_SurvivalOneMedianNullWithMessage()
    {
        var km = KaplanMeier.Fit([1, 2, 3], [false, false, false]);
        Assert.All(km.Steps, s => Assert.Equal(1, s.Surv));
        Assert.Null(km.Median);
        Assert.Contains(StatisticsMessages.NoEvents, km.Messages);
    }

    // R: quantile(survfit(Surv(c(1,2,3,4), c(1,1,1,1)) ~ 1), 0.5)$quantile is 2.5: S is exactly 0.5 on [2, 3)
    [Fact]
    public void Fit_FlatStretchAtHalf_MedianIsMidpoint()
    {
        var km = KaplanMeier.Fit([1, 2, 3, 4], [true, true, true, true]);
        Assert.Equal(2.5, km.Median);
    }

    [Fact]
    public void At_BeyondLastFollowUp_NullWithMessage()
    {
        var km = KaplanMeier.Fit([1, 2, 3], [true, false, false]);
        var at = km.At([5]).Single();
        Assert.Null(at.Surv);
        Assert.Equal(StatisticsMessages.BeyondFollowUp(5, 3), at.Message);
    }

    [Theory]
    [InlineData(-1.0)]              // negative time
    [InlineData(double.NaN)]        // missing time
    public void Fit_InvalidTime_Throws(double bad)
    {
        Assert.Throws<ArgumentException>(() => KaplanMeier.Fit([1, bad], [true, true]));
    }

    [Fact]
    public void FitByGroup_RandomDatasets_SurvivalNeverIncreasesAndBandContainsEstimate()
    {
        foreach (var seed in Enumerable.Range(100, 60))
        {
            var d = SurvivalDatasets.Make(seed);
            foreach (var band in new[] { ConfidenceBand.Log, ConfidenceBand.LogLog, ConfidenceBand.Plain })
                foreach (var curve in KaplanMeier.FitByGroup(d.Time, d.Status, d.Group, band))
                {
                    var prev = 1.0;
                    foreach (var s in curve.Steps)
                    {
                        Assert.True(s.Surv <= prev, $"{d.Describe}: survival rose at {s.Time}");
                        prev = s.Surv;
                        if (s.Lower is { } lo) Assert.True(lo <= s.Surv + 1e-15, $"{d.Describe}: lower above estimate at {s.Time}");
                        if (s.Upper is { } up) Assert.True(up >= s.Surv - 1e-15, $"{d.Describe}: upper below estimate at {s.Time}");
                        Assert.True(s.StdErr is null || double.IsFinite(s.StdErr.Value));
                    }
                    if (curve.Median is { } m)
                    {
                        if (curve.MedianLower is { } ml) Assert.True(ml <= m, d.Describe);
                        if (curve.MedianUpper is { } mu) Assert.True(mu >= m, d.Describe);
                    }
                }
        }
    }

    [Fact]
    public void Fit_AmlPublishedMedians_AsPrintSurvfit()
    {
        // R: survfit(Surv(time, status) ~ x, data = aml) prints medians 31 (Maintained) and 23 (Nonmaintained)
        var aml = ReferenceData.Aml();
        var curves = KaplanMeier.FitByGroup(aml.Time, aml.Status, aml.Group);
        Precision.AssertClose(31, curves[0].Median!.Value, 0, "Maintained median");
        Precision.AssertClose(23, curves[1].Median!.Value, 0, "Nonmaintained median");
    }
}
