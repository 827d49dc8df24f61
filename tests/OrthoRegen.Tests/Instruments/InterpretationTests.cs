using OrthoRegen.Instruments;
using static OrthoRegen.Tests.Instruments.Responses;

namespace OrthoRegen.Tests.Instruments;

// Change from baseline, relative change, MCID and PASS with the default thresholds of INSTRUMENTS.md §10.
public class InterpretationTests
{
    static ScoreChange Change(InstrumentResult r, string score) => r.Change!.Single(c => c.Score == score);

    [Theory]
    [InlineData(2, 1, null, 25.0, true, true)]       // WOMAC function 50 -> 25: improvement 25 >= 9.1 (knee), 25 <= PASS 31
    [InlineData(2, 1, "hip_oa", 25.0, true, true)]   // hip: 7.9 and PASS 34.4
    [InlineData(1, 1, null, 0.0, false, true)]       // no change: not an MCII, but in PASS at 25
    [InlineData(3, 2, null, 25.0, true, false)]      // 75 -> 50: improved but above PASS 31
    [InlineData(1, 2, null, -25.0, false, false)]    // got worse
    public void Score_WomacWithBaseline_ReportsMciiAndPass(int baselineAnswer, int followupAnswer, string? population, double improvement,
        bool mcidMet, bool passMet)
    {
        var r = Score("WOMAC", All("WOMAC", followupAnswer), population is null ? null : $$"""{"population":"{{population}}"}""",
            baseline: All("WOMAC", baselineAnswer));
        AssertOk(r);
        var c = Change(r, "function_100");
        AssertClose(improvement, c.Improvement, 1e-6);
        AssertClose(-improvement, c.Change, 1e-6);
        Assert.Equal(mcidMet, c.ThresholdMet);
        Assert.Equal(passMet, c.PassMet);
        Assert.Equal(population ?? "knee_oa", c.Threshold!.Population);
        Assert.Contains("Tubach", c.Threshold.Source);
        Assert.Null(Change(r, "pain").Threshold); // thresholds only where a source gives one
    }

    [Fact]
    public void Score_WomacRelativeThreshold_MetByPercentAlone()
    {
        // function 17 -> 12 (function_100 25 -> 17.6471): improvement 7.35 < 9.1 but 29.4 % >= 26 %.
        var baseline = All("WOMAC", 1);
        var followup = All("WOMAC", 1).With("F1", Answer.Of(0)).With("F2", Answer.Of(0)).With("F3", Answer.Of(0)).With("F4", Answer.Of(0)).With("F5", Answer.Of(0));
        var c = Change(Score("WOMAC", followup, baseline: baseline), "function_100");
        AssertClose(7.3529, c.Improvement, 1e-5);
        AssertClose(29.4118, c.RelativeImprovementPercent, 1e-5);
        Assert.True(c.ThresholdMet);
    }

    [Theory]
    [InlineData(2, 1, 25.0, true)]  // KOOS pain 50 -> 75 (higher = better): +25 >= 15
    [InlineData(2, 2, 0.0, false)]  // no change
    [InlineData(1, 2, -25.0, false)] // worse
    public void Score_KoosWithBaseline_ImprovementIsUpwards(int baselineAnswer, int followupAnswer, double improvement, bool met)
    {
        var c = Change(Score("KOOS", All("KOOS", followupAnswer), baseline: All("KOOS", baselineAnswer)), "pain");
        AssertClose(improvement, c.Change, 1e-6);
        AssertClose(improvement, c.Improvement, 1e-6);
        Assert.Equal(met, c.ThresholdMet);
        Assert.Equal(15m, c.Threshold!.Absolute);
        Assert.Null(c.Pass); // no KOOS PASS without a source
    }

    [Theory]
    [InlineData(50, 36, false)] // 14 mm and 28 %: neither
    [InlineData(50, 35, true)]  // 15 mm: absolute reached
    [InlineData(40, 28, true)]  // 12 mm but 30 %: relative reached
    [InlineData(40, 29, false)] // 11 mm, 27.5 %
    public void Score_VasLowBackPain_FifteenMmOrThirtyPercent(double baseline, double followup, bool met)
    {
        var c = Change(Score("PAIN_VAS", Items(("vas_mm", (decimal)followup)), """{"population":"low_back_pain"}""",
            baseline: Items(("vas_mm", (decimal)baseline))), "vas_mm");
        Assert.Equal(met, c.ThresholdMet);
        Assert.Null(c.Pass);
    }

    [Fact]
    public void Score_BaselineZero_RelativeChangeIsNull()
    {
        var c = Change(Score("PAIN_NRS", Items(("nrs", 3)), baseline: Items(("nrs", 0))), "nrs");
        Assert.Equal(3m, c.Change);
        Assert.Null(c.RelativeChangePercent);
        Assert.Equal(false, c.ThresholdMet); // 3 points worse
    }

    [Fact]
    public void Score_BaselineScoreNull_ChangeIsNull()
    {
        var c = Change(Score("ODI", All("ODI", 2), baseline: All("ODI", 2).Without("1", "2")), "score");
        Assert.Null(c.Baseline);
        Assert.Null(c.Change);
        Assert.Null(c.ThresholdMet);
    }

    [Fact]
    public void Score_LysholmChange_IsComparedWithSmallestDetectableChange()
    {
        var best = Items(("limp", 5), ("support", 5), ("locking", 15), ("instability", 25), ("pain", 25), ("swelling", 10), ("stairs", 10), ("squatting", 5));
        var c = Change(Score("LYSHOLM", best, baseline: best.With("pain", Answer.Of(15))), "total");
        Assert.Equal(ChangeThresholdKind.SmallestDetectableChange, c.Threshold!.Kind);
        Assert.Equal(true, c.ThresholdMet); // 10 >= 8.9
    }

    [Fact]
    public void Score_BadBaselineItem_IsRejectedWithPrefixedField()
    {
        var r = Score("KOOS", All("KOOS", 1), baseline: All("KOOS", 1).With("P1", Answer.Of(9)));
        Assert.Equal("baseline.P1", Assert.Single(r.Errors).Item);
    }

    [Fact]
    public void Score_UnknownPopulation_IsRejected()
    {
        var r = Score("WOMAC", All("WOMAC", 1), """{"population":"shoulder"}""");
        Assert.Equal("options.population", Assert.Single(r.Errors).Item);
        Assert.Contains("knee_oa", r.Errors[0].Message);
    }

    [Fact]
    public void Definitions_EveryThreshold_NamesAScoreAndASource()
    {
        foreach (var d in Catalog.Definitions)
        {
            foreach (var t in d.ChangeThresholds)
            {
                Assert.Contains(d.Scores, s => s.Name == t.Score);
                Assert.False(string.IsNullOrWhiteSpace(t.Source));
                Assert.True(t.Absolute is > 0 || t.RelativePercent is > 0, $"{d.Code} {t.Score} {t.Population}");
            }
            foreach (var p in d.PassThresholds)
            {
                Assert.Contains(d.Scores, s => s.Name == p.Score);
                Assert.False(string.IsNullOrWhiteSpace(p.Source));
            }
        }
    }
}
