using MathNet.Numerics;

namespace OrthoRegen.Statistics;

/// <summary>
/// The few distribution functions the engine needs, written so that tail probabilities keep full relative precision
/// (R's <c>pnorm(lower.tail = FALSE)</c>, <c>pchisq(lower.tail = FALSE)</c>, <c>qnorm</c>, <c>qt</c>); computing
/// <c>1 − CDF</c> would lose every digit of a p-value below 1e-16.
/// </summary>
public static class Probability
{
    /// <summary>Standard normal quantile (R: <c>qnorm(p)</c>).</summary>
    public static double NormalQuantile(double p)
    {
        if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), "Probability must be in (0, 1).");
        return -Constants.Sqrt2 * SpecialFunctions.ErfcInv(2 * p);
    }

    /// <summary>Upper tail of the standard normal (R: <c>pnorm(z, lower.tail = FALSE)</c>).</summary>
    public static double NormalUpperTail(double z) => 0.5 * SpecialFunctions.Erfc(z / Constants.Sqrt2);

    /// <summary>Two-sided normal p-value 2·P(Z &gt; |z|) (R: <c>2 * pnorm(-abs(z))</c>).</summary>
    public static double NormalTwoSidedP(double z) => SpecialFunctions.Erfc(Math.Abs(z) / Constants.Sqrt2);

    /// <summary>Upper tail of chi-square (R: <c>pchisq(x, df, lower.tail = FALSE)</c>); 1 when df = 0 or x ≤ 0.</summary>
    public static double ChiSquareUpperTail(double x, double df)
    {
        if (df <= 0 || x <= 0) return 1;
        return SpecialFunctions.GammaUpperRegularized(df / 2, x / 2);
    }

    /// <summary>Upper tail of Student's t (R: <c>pt(t, df, lower.tail = FALSE)</c>).</summary>
    public static double StudentTUpperTail(double t, double df)
    {
        if (df <= 0) throw new ArgumentOutOfRangeException(nameof(df));
        var half = 0.5 * SpecialFunctions.BetaRegularized(df / 2, 0.5, df / (df + t * t));
        return t >= 0 ? half : 1 - half;
    }

    /// <summary>Two-sided t p-value (R: <c>2 * pt(-abs(t), df)</c>).</summary>
    public static double StudentTTwoSidedP(double t, double df) => SpecialFunctions.BetaRegularized(df / 2, 0.5, df / (df + t * t));

    /// <summary>
    /// Student's t quantile (R: <c>qt(p, df)</c>), by Newton's method on the upper tail from a normal start, refined to
    /// machine precision; MathNet's own <c>StudentT.InvCDF</c> stops at about 1e-8.
    /// </summary>
    public static double StudentTQuantile(double p, double df)
    {
        if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), "Probability must be in (0, 1).");
        if (df <= 0) throw new ArgumentOutOfRangeException(nameof(df));
        if (p == 0.5) return 0;
        if (p < 0.5) return -StudentTQuantile(1 - p, df);
        var q = 1 - p; // upper tail wanted
        // Bracket [lo, hi] on t > 0 where upper tail decreases; start at the normal quantile, doubled until bracketed.
        double lo = 0, hi = Math.Max(1, NormalQuantile(p));
        while (StudentTUpperTail(hi, df) > q) { lo = hi; hi *= 2; if (hi > 1e300) return double.PositiveInfinity; }
        var t = 0.5 * (lo + hi);
        for (var i = 0; i < 200; i++)
        {
            var f = StudentTUpperTail(t, df) - q;
            if (f > 0) lo = t; else hi = t;
            var dens = Math.Exp(SpecialFunctions.GammaLn((df + 1) / 2) - SpecialFunctions.GammaLn(df / 2)
                - 0.5 * Math.Log(df * Math.PI) - (df + 1) / 2 * Math.Log(1 + t * t / df));
            var next = t + f / dens;
            if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
            if (Math.Abs(next - t) <= 1e-15 * Math.Abs(t)) { t = next; break; }
            t = next;
        }
        return t;
    }
}
