using OrthoRegen.Evidence;
using OrthoRegen.Statistics.Meta;
using static OrthoRegen.Tests.Support.Precision;

namespace OrthoRegen.Tests.Evidence;

public class StudyEffectsTests
{
    [Fact]
    public void Build_TwoArms_IsEscalcMeanDifference()
    {
        var s = EvidenceBuilders.Stored(EvidenceBuilders.Valid(EvidenceBuilders.TwoArmInput()), 1);
        var c = StudyEffects.Build(s, 1, "PAIN_VAS", "vas_mm", 12, true, "MD");
        var (yi, vi) = EffectSizes.MeanDifference(20, 30, 12, 20, 45, 14);
        Assert.Equal("arms", c.Basis);
        Assert.Equal(40, c.Patients);
        AssertClose(yi, c.Effect!.Yi, 1e-15);
        AssertClose(vi, c.Effect.Vi, 1e-15);
    }

    [Fact]
    public void Build_SmdOnBinaryData_IsExcludedWithReason()
    {
        var input = EvidenceBuilders.TwoArmInput() with
        {
            Outcomes = [new() { Arm = "MSC", Instrument = "X", Subscale = "r", Month = 6, Events = 3, N = 20 }, new() { Arm = "Saline", Instrument = "X", Subscale = "r", Month = 6, Events = 1, N = 20 }],
        };
        var s = EvidenceBuilders.Stored(EvidenceBuilders.Valid(input), 1);
        Assert.Equal(EvidenceMessages.WrongKindContinuous, StudyEffects.Build(s, 1, "X", "r", 6, true, "SMD").Excluded);
        var rr = StudyEffects.Build(s, 1, "X", "r", 6, true, "RR");
        var (y, v) = EffectSizes.LogRiskRatio(3, 20, 1, 20);
        AssertClose(y, rr.Effect!.Yi, 1e-15);
        AssertClose(v, rr.Effect.Vi, 1e-15);
    }

    [Fact]
    public void FromReported_VarianceComesFromTheCi()
    {
        // Ma 2020 (DOMAIN.md §5): VAS MD −19.24 (−26.31 to −12.18); SE = (−12.18 − −26.31)/(2·qnorm(0.975)).
        var e = StudyEffects.FromReported(1, "Ma 2020", new ReportedEffect("PAIN_VAS", "vas_mm", null, "MD", -19.24, -26.31, -12.18, 335));
        AssertClose(-19.24, e.Yi, 1e-15);
        AssertClose(Math.Pow(14.13 / (2 * 1.959963984540054), 2), e.Vi, 1e-12);
        var r = StudyEffects.FromReported(1, "x", new ReportedEffect("A", "b", null, "OR", 2, 1, 4, null));
        AssertClose(Math.Log(2), r.Yi, 1e-15);
        AssertClose(Math.Pow(Math.Log(4) / (2 * 1.959963984540054), 2), r.Vi, 1e-12);
    }

    [Fact]
    public void Combine_EqualsTheStatisticsOfThePooledRawData()
    {
        double[] a = [3, 5, 8, 9, 12, 4], b = [10, 14, 9, 20, 17], c = [1, 2, 2, 7];
        static (double M, double S) Stats(double[] x) { var m = x.Average(); return (m, Math.Sqrt(x.Sum(v => (v - m) * (v - m)) / (x.Length - 1))); }
        ArmOutcome Arm(double[] x) { var (m, s) = Stats(x); return new ArmOutcome("a", "X", "y", 1, m, s, x.Length, null); }
        var (n, mean, sd) = StudyEffects.Combine([Arm(a), Arm(b), Arm(c)]);
        var all = a.Concat(b).Concat(c).ToArray();
        var (em, es) = Stats(all);
        Assert.Equal(all.Length, n);
        AssertClose(em, mean, 1e-14);
        AssertClose(es, sd, 1e-13);
    }

    [Fact]
    public void Build_NoMonth_UsesTheLatestStatedTimePoint()
    {
        var input = EvidenceBuilders.TwoArmInput() with
        {
            Outcomes =
            [
                new() { Arm = "MSC", Instrument = "PAIN_VAS", Subscale = "vas_mm", Month = 6, Mean = 40, Sd = 10, N = 20 },
                new() { Arm = "Saline", Instrument = "PAIN_VAS", Subscale = "vas_mm", Month = 6, Mean = 42, Sd = 10, N = 20 },
                new() { Arm = "MSC", Instrument = "PAIN_VAS", Subscale = "vas_mm", Month = 24, Mean = 20, Sd = 10, N = 18 },
                new() { Arm = "Saline", Instrument = "PAIN_VAS", Subscale = "vas_mm", Month = 24, Mean = 44, Sd = 10, N = 17 },
            ],
        };
        var s = EvidenceBuilders.Stored(EvidenceBuilders.Valid(input), 1);
        AssertClose(-24, StudyEffects.Build(s, 1, "PAIN_VAS", "vas_mm", null, false, "MD").Effect!.Yi, 1e-15);
        Assert.Equal(EvidenceMessages.NoReportedEffect("MD"), StudyEffects.Build(s, 1, "PAIN_VAS", "vas_mm", 12, true, "MD").Excluded);
    }
}
