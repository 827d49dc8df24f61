using OrthoRegen.Statistics.Meta;

namespace OrthoRegen.Tests.Statistics.Meta;

/// <summary>Cheap invariants over many random datasets, degenerate input as values, and the linear-memory promise.</summary>
public sealed class MetaInvariantTests
{
    public static TheoryData<Tau2, MetaTest> Models() => MetaAnalysisTests.Models();

    static IEnumerable<MetaReport> Reports(Tau2 method, MetaTest test) =>
        Enumerable.Range(5000, 20).Select(seed => MetaDatasets.Random(seed, method, test) with { LeaveOneOut = false, Cumulative = false })
            .Select(c => c.Analyse());

    [Theory]
    [MemberData(nameof(Models))]
    public void Analyse_RandomDatasets_WeightsSumTo100(Tau2 method, MetaTest test)
    {
        foreach (var r in Reports(method, test))
            MetaAssert.Close(100, r.Overall.Studies.Sum(s => s.Weight), 1e-12, 0, "sum of weights");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Analyse_RandomDatasets_IntervalsContainTheirEstimate(Tau2 method, MetaTest test)
    {
        foreach (var r in Reports(method, test))
        {
            var o = r.Overall;
            Assert.InRange(o.Estimate, o.CiLower, o.CiUpper);
            Assert.Equal(Math.Sqrt(o.Tau2), o.Tau);
            Assert.True(o.Tau2 >= 0 && o.I2 >= 0 && o.I2 < 100, "heterogeneity out of range");
            if (method != Tau2.FixedEffect) Assert.True(o.H2 >= 1, "H² below 1"); // fixed effect: H² = Q/df, may be < 1
            if (o.PredictionInterval is { } pi) Assert.True(pi.Lower <= o.CiLower && o.CiUpper <= pi.Upper, "PI narrower than CI");
            if (o.Tau2Interval is { } ci) Assert.True(ci.Tau2Lower <= ci.Tau2Upper && ci.I2Lower <= ci.I2Upper, "τ² limits out of order");
            foreach (var s in o.Studies) Assert.InRange(s.Yi, s.CiLower, s.CiUpper);
            foreach (var g in r.Subgroups?.Groups ?? []) Assert.InRange(g.Estimate, g.CiLower, g.CiUpper);
            if (r.TrimFill is { } tf) Assert.InRange(tf.Estimate, tf.CiLower, tf.CiUpper);
        }
    }

    // Three near-identical effects: Q = 0.02 < df = 2, so every estimator of τ² is 0 and the models coincide.
    [Theory]
    [InlineData(Tau2.Reml)]
    [InlineData(Tau2.MaximumLikelihood)]
    [InlineData(Tau2.DerSimonianLaird)]
    [InlineData(Tau2.PauleMandel)]
    [InlineData(Tau2.Hedges)]
    public void Fit_NoHeterogeneity_EqualsFixedEffect(Tau2 method)
    {
        StudyEffect[] studies = [new(2, "A", 0.30, 0.04), new(3, "B", 0.32, 0.05), new(4, "C", 0.31, 0.02)];
        var fe = Done(MetaAnalysis.Fit(studies, Tau2.FixedEffect));
        var re = Done(MetaAnalysis.Fit(studies, method));
        Assert.Equal(0, re.Tau2);
        Assert.Equal(fe.Estimate, re.Estimate, 15);
        Assert.Equal(fe.StandardError, re.StandardError, 15);
        Assert.Equal(fe.CiLower, re.CiLower, 15);
        Assert.Equal(fe.CiUpper, re.CiUpper, 15);
        Assert.Equal(fe.Studies.Select(s => s.Weight), re.Studies.Select(s => s.Weight));
        Assert.Equal(0, re.I2);
        Assert.Equal(0, re.Tau2Interval!.Tau2Lower);
        Assert.Equal(0, re.Tau2Interval.Tau2Upper); // Q(0) below the 2.5% χ² quantile: metafor reports [0, 0]
    }

    [Fact]
    public void Fit_OneStudy_IsInvalidNamingItsRow()
    {
        var outcome = MetaAnalysis.Fit([new StudyEffect(7, "Lone 2020", 0.2, 0.01)], Tau2.Reml);
        var errors = Assert.IsType<Outcome<MetaFit>.Invalid>(outcome).Errors;
        Assert.Equal([MetaMessages.OneStudy(7, "Lone 2020")], errors[MetaMessages.Input]);
    }

    [Fact]
    public void Fit_NoStudies_IsInvalid()
    {
        var errors = Assert.IsType<Outcome<MetaFit>.Invalid>(MetaAnalysis.Fit([], Tau2.Reml)).Errors;
        Assert.Equal([MetaMessages.NoStudies], errors[MetaMessages.Input]);
    }

    [Theory]
    [InlineData(0.0)]                     // zero variance would get infinite weight
    [InlineData(-0.01)]                   // negative variance
    [InlineData(double.NaN)]              // missing
    public void Fit_BadVariance_IsInvalidNamingRowAndColumn(double vi)
    {
        var outcome = MetaAnalysis.Fit([new StudyEffect(2, "A", 0.1, 0.02), new StudyEffect(3, "B", 0.2, vi)], Tau2.DerSimonianLaird);
        var errors = Assert.IsType<Outcome<MetaFit>.Invalid>(outcome).Errors;
        Assert.Equal([MetaMessages.Cell(3, "vi")], errors.Keys);
        Assert.Contains("(study 'B')", errors[MetaMessages.Cell(3, "vi")][0]);
    }

    [Theory]
    [InlineData(0.0, 1.0, "sd1")]   // zero SD
    [InlineData(1.0, -2.0, "sd2")]  // negative SD
    public void FromMeans_NonPositiveSd_IsInvalidNamingRowAndColumn(double sd1, double sd2, string column)
    {
        var outcome = EffectSizes.FromMeans([new ContinuousArms(5, "S", 20, 3, sd1, 20, 2, sd2)], EffectMeasure.StandardizedMeanDifference);
        var errors = Assert.IsType<Outcome<IReadOnlyList<StudyEffect>>.Invalid>(outcome).Errors;
        Assert.Equal([MetaMessages.NonPositiveSd + " (study 'S')"], errors[MetaMessages.Cell(5, column)]);
    }

    // escalc("OR", ai = c(0, 3), n1i = c(10, 10), ci = c(5, 5), n2i = c(10, 10)): 1/2 goes to the study with the zero
    // cell only. yi = -3.04452243772342301, -0.84729786038720356; vi = 2.45887445887445866, 0.87619047619047619
    [Theory]
    [InlineData(0, -3.04452243772342301, 2.45887445887445866, 1e-14)] // zero cell: 0.5 added to all four cells
    [InlineData(3, -0.84729786038720356, 0.87619047619047619, 1e-14)] // no zero cell: no correction
    public void LogOddsRatio_ZeroCellOnlyInThatStudy_MatchesEscalc(int events1, double yi, double vi, double relTol)
    {
        var (y, v) = EffectSizes.LogOddsRatio(events1, 10, 5, 10);
        MetaAssert.Close(yi, y, relTol, 0, "yi");
        MetaAssert.Close(vi, v, relTol, 0, "vi");
    }

    // escalc("SMD", m1i = 5, sd1i = 2, n1i = 4, m2i = 3, sd2i = 1, n2i = 5): yi = 1.17498200373328165, vi = 0.52669903939428209
    [Fact]
    public void HedgesG_SmallSample_UsesExactCorrectionAndMetaforVariance()
    {
        var (y, v) = EffectSizes.HedgesG(4, 5, 2, 5, 3, 1);
        MetaAssert.Close(1.17498200373328165, y, 1e-14, 0, "yi");
        MetaAssert.Close(0.52669903939428209, v, 1e-14, 0, "vi");
    }

    [Fact]
    public void Analyse_ConstantModerator_IsInvalid()
    {
        StudyEffect[] studies = [new(2, "A", 0.1, 0.02), new(3, "B", 0.4, 0.03), new(4, "C", 0.2, 0.05)];
        var outcome = MetaAnalysis.Analyse(studies, new MetaOptions(Tau2.Reml) { ModeratorColumn = "dose", Moderator = [1, 1, 1] });
        var errors = Assert.IsType<Outcome<MetaReport>.Invalid>(outcome).Errors;
        Assert.Equal([MetaMessages.ConstantModerator], errors["dose"]);
    }

    // Four studies in four subgroups: each subgroup is its own study, and rma(mods = ~ factor(g)) has 4 coefficients
    // plus τ² for 4 studies, which metafor refuses ("Number of parameters to be estimated is larger than the number of
    // observations"). The per-group fits and the test of subgroup differences still exist.
    [Fact]
    public void Analyse_SubgroupsOfSizeOne_ReportsQmAsNotEstimable()
    {
        StudyEffect[] studies = [new(2, "A", 0.1, 0.02), new(3, "B", 0.4, 0.03), new(4, "C", 0.2, 0.05), new(5, "D", -0.1, 0.04)];
        var report = Done(MetaAnalysis.Analyse(studies, new MetaOptions(Tau2.Reml) { Subgroups = ["w", "x", "y", "z"] }));
        var sg = report.Subgroups!;
        Assert.Null(sg.QM);
        Assert.Null(sg.QMPValue);
        Assert.Contains("too few", sg.QMNotEstimable);
        Assert.All(sg.Groups, g => { Assert.Equal(1, g.K); Assert.Equal(0, g.Tau2); Assert.Equal(0, g.I2); });
        Assert.Equal(3, sg.QBetweenDf);
        MetaAssert.Close(Done(MetaAnalysis.Fit(studies, Tau2.FixedEffect)).Q, sg.QBetween, 1e-12, 0, "Q between = FE Q of the studies");
    }

    [Fact]
    public void Analyse_EggerWithTwoStudies_IsInvalid()
    {
        StudyEffect[] studies = [new(2, "A", 0.1, 0.02), new(3, "B", 0.4, 0.03)];
        var outcome = MetaAnalysis.Analyse(studies, new MetaOptions(Tau2.Reml) { Egger = true });
        Assert.Equal([MetaMessages.EggerTooFew], Assert.IsType<Outcome<MetaReport>.Invalid>(outcome).Errors[MetaMessages.Input]);
    }

    // metafor would build 10⁶ × 10⁶ matrices (8 TB); the engine must stay within a few hundred bytes per study.
    [Theory]
    [InlineData(Tau2.Reml)]
    [InlineData(Tau2.DerSimonianLaird)]
    public void Fit_MillionStudies_RunsInLinearMemory(Tau2 method)
    {
        const int k = 1_000_000;
        var rng = new Random(42);
        var studies = new StudyEffect[k];
        for (var i = 0; i < k; i++)
        {
            var vi = 0.01 + 0.1 * rng.NextDouble();
            studies[i] = new StudyEffect(i + 2, "", 0.3 + Math.Sqrt(vi + 0.04) * (rng.NextDouble() - 0.5) * 3.4, vi);
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        var fit = Done(MetaAnalysis.Fit(studies, method, MetaTest.KnappHartung));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 300L * k, $"allocated {allocated / 1e6:F0} MB for k = {k}");
        Assert.InRange(fit.Estimate, fit.CiLower, fit.CiUpper);
        Assert.True(fit.Tau2 > 0.02 && fit.Tau2 < 0.06, $"τ² = {fit.Tau2}");
    }

    static T Done<T>(Outcome<T> outcome) => Assert.IsType<Outcome<T>.Done>(outcome).Value;
}
