namespace OrthoRegen.Statistics.Meta;

/// <summary>
/// The effect-size measure of each study, as <c>metafor::escalc(measure = …)</c> computes it. Arm 1 is the treatment
/// arm, so a positive difference (or a ratio above 1) favours higher values in the treatment arm.
/// </summary>
public enum EffectMeasure
{
    /// <summary>
    /// escalc "SMD": Hedges' g = c(m)·(m1 − m2)/s_pooled with the exact correction
    /// c(m) = Γ(m/2) / (√(m/2) Γ((m−1)/2)), m = n1 + n2 − 2; variance 1/n1 + 1/n2 + g²/(2(n1 + n2)) (vtype "LS").
    /// </summary>
    StandardizedMeanDifference,

    /// <summary>escalc "MD": m1 − m2 with variance sd1²/n1 + sd2²/n2 (vtype "HE", unequal variances).</summary>
    MeanDifference,

    /// <summary>
    /// escalc "RR": log(p1/p2), variance 1/a − 1/n1 + 1/c − 1/n2; 1/2 is added to all four cells of a study with a
    /// zero cell, and to no other study (add = 1/2, to = "only0").
    /// </summary>
    LogRiskRatio,

    /// <summary>escalc "OR": log(ad/bc), variance 1/a + 1/b + 1/c + 1/d; zero cells handled as for RR.</summary>
    LogOddsRatio,

    /// <summary>Precomputed yi and vi (rma(yi, vi)), on whatever scale the user computed them.</summary>
    Generic,
}

/// <summary>
/// The estimator of the between-study variance τ², named as <c>metafor::rma(method = …)</c>. Iterative estimators are
/// solved to a relative change below 1e-12 (metafor's default threshold of 1e-5 stops earlier, see NUMERICS.md).
/// </summary>
public enum Tau2
{
    /// <summary>method = "FE": the fixed-effect (common-effect) model, τ² = 0 by assumption.</summary>
    FixedEffect,

    /// <summary>method = "DL": DerSimonian-Laird moment estimator, max(0, (Q − df) / tr P).</summary>
    DerSimonianLaird,

    /// <summary>method = "REML" (metafor's default): restricted maximum likelihood by Fisher scoring from the HE value.</summary>
    Reml,

    /// <summary>method = "ML": maximum likelihood by Fisher scoring from the HE value.</summary>
    MaximumLikelihood,

    /// <summary>method = "PM": Paule-Mandel, the τ² at which the generalized Q equals its degrees of freedom.</summary>
    PauleMandel,

    /// <summary>method = "HE": Hedges' (Cochran's ANOVA-type) unweighted moment estimator.</summary>
    Hedges,

    /// <summary>method = "SJ": Sidik-Jonkman, one step from the crude start var(y)·(k−1)/k.</summary>
    SidikJonkman,
}

/// <summary>Inference on the model coefficients, as <c>rma(test = …)</c>.</summary>
public enum MetaTest
{
    /// <summary>test = "z": standard normal statistics and intervals (metafor's default).</summary>
    Z,

    /// <summary>
    /// test = "knha": Knapp-Hartung, the variance scaled by Σw e²/(k − p) with t on k − p degrees of freedom, without
    /// truncating the scale factor at 1 (that would be metafor's "adhoc").
    /// </summary>
    KnappHartung,
}

/// <summary>The side of the funnel on which trim-and-fill imputes studies (metafor's <c>side</c>).</summary>
public enum FunnelSide
{
    Left,
    Right,
}

/// <summary>Short codes used on the command line and in JSON, which are metafor's own argument values.</summary>
public static class MetaCodes
{
    public static string Code(this EffectMeasure m) => m switch
    {
        EffectMeasure.StandardizedMeanDifference => "SMD",
        EffectMeasure.MeanDifference => "MD",
        EffectMeasure.LogRiskRatio => "RR",
        EffectMeasure.LogOddsRatio => "OR",
        EffectMeasure.Generic => "GEN",
        _ => throw new ArgumentOutOfRangeException(nameof(m)),
    };

    public static string Code(this Tau2 m) => m switch
    {
        Tau2.FixedEffect => "FE",
        Tau2.DerSimonianLaird => "DL",
        Tau2.Reml => "REML",
        Tau2.MaximumLikelihood => "ML",
        Tau2.PauleMandel => "PM",
        Tau2.Hedges => "HE",
        Tau2.SidikJonkman => "SJ",
        _ => throw new ArgumentOutOfRangeException(nameof(m)),
    };

    public static string Code(this MetaTest t) => t == MetaTest.Z ? "z" : "knha";

    public static string Code(this FunnelSide s) => s == FunnelSide.Left ? "left" : "right";

    public static IReadOnlyList<string> MeasureCodes { get; } = ["SMD", "MD", "RR", "OR", "GEN"];
    public static IReadOnlyList<string> MethodCodes { get; } = ["FE", "DL", "REML", "ML", "PM", "HE", "SJ"];
    public static IReadOnlyList<string> TestCodes { get; } = ["z", "knha"];

    public static EffectMeasure? ParseMeasure(string code) =>
        Enum.GetValues<EffectMeasure>().Cast<EffectMeasure?>().FirstOrDefault(m => m!.Value.Code().Equals(code, StringComparison.OrdinalIgnoreCase));

    public static Tau2? ParseMethod(string code) =>
        Enum.GetValues<Tau2>().Cast<Tau2?>().FirstOrDefault(m => m!.Value.Code().Equals(code, StringComparison.OrdinalIgnoreCase));

    public static MetaTest? ParseTest(string code) =>
        code.Equals("z", StringComparison.OrdinalIgnoreCase) ? MetaTest.Z
        : code.Equals("knha", StringComparison.OrdinalIgnoreCase) ? MetaTest.KnappHartung : null;
}
