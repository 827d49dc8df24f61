using OrthoRegen.Evidence;
using OrthoRegen.Statistics.Meta;
using static OrthoRegen.Tests.Support.Precision;

namespace OrthoRegen.Tests.Evidence;

/// <summary>
/// The clinic row's effect on each measure. Reference values from R 4.2.2, metafor 3.8.1 (script in the comment below):
/// <code>
/// b &lt;- c(60,55,70,64,58); a &lt;- c(30,41,35,40,22); d &lt;- a - b
/// escalc("SMCC", m1i=mean(a), m2i=mean(b), sd1i=sd(a), sd2i=sd(b), ni=5, ri=cor(a,b))     # -2.44652100396241 0.798546502282921
/// b2 &lt;- c(62,50,66,71); a2 &lt;- c(50,45,60,52); d2 &lt;- a2 - b2
/// escalc("MD",  m1i=mean(d), sd1i=sd(d), n1i=5, m2i=mean(d2), sd2i=sd(d2), n2i=4)          # -17.3 26.8566666666667
/// escalc("SMD", m1i=mean(d), sd1i=sd(d), n1i=5, m2i=mean(d2), sd2i=sd(d2), n2i=4)          # -1.90842487183956 0.652338082858657
/// escalc("RR", ai=3, n1i=5, ci=1, n2i=4)                                                    # 0.8754687373539 0.883333333333333
/// escalc("OR", ai=3, n1i=5, ci=1, n2i=4)                                                    # 1.50407739677627 2.16666666666667
/// </code>
/// </summary>
public class ClinicEffectsTests
{
    static readonly double[] Before = [60, 55, 70, 64, 58], After = [30, 41, 35, 40, 22];
    static readonly double[] Before2 = [62, 50, 66, 71], After2 = [50, 45, 60, 52];

    [Theory]
    [InlineData("SMD", false, "PRE_POST_SMCC", -2.44652100396241, 0.798546502282921, 1e-12)]   // standardised mean change
    [InlineData("MD", true, "BETWEEN_MD", -17.3, 26.8566666666667, 1e-12)]                     // difference in mean change
    [InlineData("SMD", true, "BETWEEN_SMD", -1.90842487183956, 0.652338082858657, 1e-12)]      // Hedges' g on change scores
    [InlineData("RR", true, "BETWEEN_RR", 0.8754687373539, 0.883333333333333, 1e-12)]          // 3/5 vs 1/4 responders
    [InlineData("OR", true, "BETWEEN_OR", 1.50407739677627, 2.16666666666667, 1e-12)]
    public void Estimate_MatchesMetaforEscalc(string measure, bool withComparison, string definition, double yi, double vi, double tol)
    {
        var (effect, note) = ClinicEffects.Estimate(measure, Before, After, withComparison ? (Before2, After2) : null, (3, 1));
        Assert.Null(note);
        Assert.Equal(definition, effect!.Definition);
        AssertClose(yi, effect.Estimate, tol);
        AssertClose(vi, effect.Variance, tol);
        var z = Distributions.NormalQuantile(0.975);
        AssertClose(yi - z * Math.Sqrt(vi), effect.Lower, tol);
        AssertClose(yi + z * Math.Sqrt(vi), effect.Upper, tol);
    }

    [Fact]
    public void Estimate_PrePostMd_IsThePairedChangeWithItsPairedTInterval()
    {
        var (effect, _) = ClinicEffects.Estimate("MD", Before, After, null, (null, null));
        var change = OrthoRegen.Statistics.Descriptive.PairedChange(Before, After);
        Assert.Equal((ClinicEffects.PrePostMd, change.Mean!.Value, change.Lower!.Value, change.Upper!.Value),
            (effect!.Definition, effect.Estimate, effect.Lower, effect.Upper));
    }

    [Theory]
    [InlineData("RR", false, null, null, EvidenceMessages.ClinicNeedsComparison)]   // a ratio needs two groups
    [InlineData("OR", true, null, null, EvidenceMessages.ClinicNoThreshold)]        // no MCID: no responders
    [InlineData("RR", true, 5, 4, EvidenceMessages.ClinicNoContrast)]               // everyone responded on both sides
    public void Estimate_NotComputable_SaysWhy(string measure, bool withComparison, int? r1, int? r2, string why)
    {
        var (effect, note) = ClinicEffects.Estimate(measure, Before, After, withComparison ? (Before2, After2) : null, (r1, r2));
        Assert.Null(effect);
        Assert.Equal(why, note);
    }

    [Fact]
    public void Estimate_SmdWithTwoPatients_IsTooFew()
    {
        var (effect, note) = ClinicEffects.Estimate("SMD", [60, 50], [40, 45], null, (null, null));
        Assert.Null(effect);
        Assert.Equal(EvidenceMessages.ClinicTooFew, note);
    }
}
