using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace OrthoRegen.Statistics.Meta;

/// <summary>
/// Tail probabilities and quantiles as R computes them (pnorm, pt, pchisq, pf with lower.tail = FALSE; qnorm, qt,
/// qchisq). Upper tails come from the regularized incomplete gamma/beta functions directly, so a small p-value keeps
/// its relative precision instead of being 1 − CDF. Quantiles are solved on those CDFs to full double precision,
/// because the meta-analysis results are compared with R to 1e-6 and an approximate quantile would leak into every CI.
/// </summary>
internal static class Distributions
{
    /// <summary>2 · pnorm(−|z|).</summary>
    public static double TwoSidedNormal(double z) => SpecialFunctions.Erfc(Math.Abs(z) / Math.Sqrt(2));

    /// <summary>2 · pt(−|t|, df).</summary>
    public static double TwoSidedT(double t, double df) =>
        t == 0 ? 1 : SpecialFunctions.BetaRegularized(df / 2, 0.5, df / (df + t * t));

    /// <summary>pchisq(x, df, lower.tail = FALSE).</summary>
    public static double ChiSquareUpper(double x, double df) =>
        x <= 0 ? 1 : SpecialFunctions.GammaUpperRegularized(df / 2, x / 2);

    /// <summary>pf(f, df1, df2, lower.tail = FALSE).</summary>
    public static double FUpper(double f, double df1, double df2) =>
        f <= 0 ? 1 : SpecialFunctions.BetaRegularized(df2 / 2, df1 / 2, df2 / (df2 + df1 * f));

    /// <summary>qnorm(p).</summary>
    public static double NormalQuantile(double p) => Normal.InvCDF(0, 1, p);

    /// <summary>qt(p, df) for p in (0.5, 1): the root of the upper tail.</summary>
    public static double TQuantile(double p, double df)
    {
        if (p <= 0.5 || p >= 1) throw new ArgumentOutOfRangeException(nameof(p));
        var upper = 1 - p;
        // The upper tail P(T > t) = I_{df/(df+t²)}(df/2, 1/2) / 2 decreases in t.
        return SolveDecreasing(t => SpecialFunctions.BetaRegularized(df / 2, 0.5, df / (df + t * t)) / 2 - upper,
            NormalQuantile(p));
    }

    /// <summary>qchisq(p, df).</summary>
    public static double ChiSquareQuantile(double p, double df)
    {
        if (p <= 0 || p >= 1) throw new ArgumentOutOfRangeException(nameof(p));
        // Solve on whichever tail is smaller, to keep relative precision.
        return p < 0.5
            ? SolveIncreasing(x => SpecialFunctions.GammaLowerRegularized(df / 2, x / 2) - p, df)
            : SolveDecreasing(x => SpecialFunctions.GammaUpperRegularized(df / 2, x / 2) - (1 - p), df);
    }

    static double SolveIncreasing(Func<double, double> f, double guess) => SolveDecreasing(x => -f(x), guess);

    /// <summary>The root on (0, ∞) of a decreasing function: bracket by doubling, then bisect to adjacent doubles.</summary>
    static double SolveDecreasing(Func<double, double> f, double guess)
    {
        double lo = 0, hi = Math.Max(guess, 1e-3);
        while (f(hi) > 0) { lo = hi; hi *= 2; }
        while (lo > 0 && f(lo) < 0) { hi = lo; lo /= 2; }
        for (var i = 0; i < 2000; i++)
        {
            var mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) break;
            if (f(mid) > 0) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }
}
