namespace OrthoRegen.Statistics.Meta;

/// <summary>One study in a fitted model: its effect, variance, weight in percent and its own 95% Wald interval.</summary>
/// <remarks>Weight = 100·wᵢ/Σw with wᵢ = 1/(vᵢ + τ²), as <c>weights(fit)</c> prints it. The interval is yi ± 1.96√vi.</remarks>
public sealed record StudyResult(int Row, string Study, double Yi, double Vi, double Weight, double CiLower, double CiUpper);

/// <summary>
/// Q-profile 95% confidence limits for τ² (<c>confint(fit)</c>, type "QP") and the matching limits for τ, I² and H²
/// (I² = 100τ²/(τ² + s²), H² = 1 + τ²/s² with metafor's typical within-study variance s²). A limit is 0 when the
/// Q statistic at τ² = 0 is already below the corresponding χ² quantile, as metafor reports it.
/// </summary>
public sealed record HeterogeneityInterval(
    double Tau2Lower, double Tau2Upper, double TauLower, double TauUpper,
    double I2Lower, double I2Upper, double H2Lower, double H2Upper);

/// <summary>
/// An intercept-only (random- or fixed-effect) meta-analysis: <c>rma(yi, vi, method, test)</c> with
/// <c>confint</c> and <c>predict</c>. Statistic and p-value are null only when the standard error is 0 (Knapp-Hartung
/// with identical effects). <see cref="Df"/> is k − 1 under Knapp-Hartung and null under z.
/// </summary>
/// <param name="I2">I² in percent: 100τ²/(τ² + s²) for random effects, max(0, 100(Q − df)/Q) for fixed effect.</param>
/// <param name="Tau2Interval">Q-profile limits; null for the fixed-effect model, which has no τ².</param>
/// <param name="PredictionInterval">
/// Estimate ± crit·√(SE² + τ²), crit = qt(0.975, k − 1) under Knapp-Hartung, else qnorm(0.975); null for fixed effect.
/// </param>
public sealed record MetaFit(
    int K, Tau2 Method, MetaTest Test,
    double Estimate, double StandardError, double? Statistic, double? PValue, int? Df, double CiLower, double CiUpper,
    double Tau2, double Tau, double I2, double H2, HeterogeneityInterval? Tau2Interval,
    double Q, int QDf, double QPValue,
    (double Lower, double Upper)? PredictionInterval,
    IReadOnlyList<StudyResult> Studies);

/// <summary>The fit of one subgroup level; a level with one study is that study (τ² = 0, I² = 0, z interval), as in metafor.</summary>
public sealed record SubgroupFit(string Group, int K, double Estimate, double StandardError, double CiLower, double CiUpper,
    double Tau2, double I2);

/// <summary>
/// Subgroup analysis: a separate fit per level (levels in ordinal string order), the test of subgroup differences
/// (a fixed-effect Q over the subgroup estimates with weights 1/SE², df = levels − 1), and the omnibus moderator test of
/// one mixed-effects model with the subgroup as a factor (<c>rma(yi, vi, mods = ~ factor(g))</c>, a single τ²).
/// </summary>
/// <param name="QM">χ² (z test) or F (Knapp-Hartung, df QMDf and k − levels); null when the factor model is not
/// estimable, with the reason in <paramref name="QMNotEstimable"/>.</param>
public sealed record SubgroupAnalysis(
    IReadOnlyList<SubgroupFit> Groups,
    double QBetween, int QBetweenDf, double QBetweenPValue,
    double? QM, int QMDf, double? QMPValue, string? QMNotEstimable);

/// <summary>One coefficient of a meta-regression, named as metafor names it ("intrcpt", then the moderator).</summary>
public sealed record MetaTerm(string Term, double Estimate, double StandardError, double? Statistic, double? PValue,
    double CiLower, double CiUpper);

/// <summary>
/// Meta-regression on one continuous moderator, <c>rma(yi, vi, mods = ~ x, method, test)</c>: coefficients, QM
/// (χ² on 1 df, or F(1, k − 2) under Knapp-Hartung), residual τ² and R² in percent (metafor's pseudo-R²:
/// max(0, 100(τ²_RE − τ²)/τ²_RE) with τ²_RE from the model without the moderator, 0 when that is 0; for the fixed-effect
/// model the adjusted R² of the weighted regression).
/// </summary>
public sealed record MetaRegressionFit(IReadOnlyList<MetaTerm> Terms, double QM, int QMDf, double QMPValue,
    double Tau2, double I2, double QE, int QEDf, double QEPValue, double R2);

/// <summary>
/// Egger's regression test, <c>regtest(fit)</c> with its defaults (model "rma", predictor "sei"): the fitted model's
/// method and test with the standard error as moderator. The limit estimate is the intercept, the effect as SE → 0.
/// </summary>
public sealed record EggerTest(double Statistic, double PValue, int? Df, double LimitEstimate, double LimitCiLower, double LimitCiUpper);

/// <summary>
/// Trim-and-fill, <c>trimfill(fit)</c> with estimator L0 and the side metafor chooses (left when the SE slope of
/// <c>rma(yi, vi, mods = sqrt(vi))</c> is not negative). The estimate and interval are those of the filled model,
/// which metafor fits with the default z test; when no study is filled they are the original fit's.
/// </summary>
public sealed record TrimAndFill(int K0, FunnelSide Side, double Estimate, double StandardError, double CiLower,
    double CiUpper, double Tau2, IReadOnlyList<(double Yi, double Vi)> Filled);

/// <summary>One row of <c>leave1out(fit)</c>: the model refitted without <paramref name="Omitted"/>.</summary>
public sealed record LeaveOneOutRow(string Omitted, double Estimate, double StandardError, double? PValue,
    double CiLower, double CiUpper, double Q, double Tau2, double I2);

/// <summary>One row of <c>cumul(fit)</c>: the model fitted to the first <paramref name="K"/> studies in input order.</summary>
public sealed record CumulativeRow(string Study, int K, double Estimate, double StandardError, double? PValue,
    double CiLower, double CiUpper, double Tau2, double I2);

/// <summary>What to compute beyond the main fit.</summary>
/// <param name="Subgroups">One level per study (in study order), or null.</param>
/// <param name="Moderator">One value per study (in study order), or null.</param>
public sealed record MetaOptions(Tau2 Method, MetaTest Test = MetaTest.Z)
{
    public string SubgroupColumn { get; init; } = "subgroup";
    public IReadOnlyList<string>? Subgroups { get; init; }
    public string ModeratorColumn { get; init; } = "moderator";
    public IReadOnlyList<double>? Moderator { get; init; }
    public bool Egger { get; init; }
    public bool TrimFill { get; init; }
    public bool LeaveOneOut { get; init; }
    public bool Cumulative { get; init; }
}

/// <summary>A complete meta-analysis; blocks that were not asked for are null.</summary>
public sealed record MetaReport(
    MetaFit Overall,
    SubgroupAnalysis? Subgroups,
    MetaRegressionFit? MetaRegression,
    EggerTest? Egger,
    TrimAndFill? TrimFill,
    IReadOnlyList<LeaveOneOutRow>? LeaveOneOut,
    IReadOnlyList<CumulativeRow>? Cumulative);
