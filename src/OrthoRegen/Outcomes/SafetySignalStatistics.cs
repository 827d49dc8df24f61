using MathNet.Numerics;

namespace OrthoRegen.Outcomes;

/// <summary>
/// Exact Poisson methods for adverse-event rates and signal detection, named after their R twins in <c>stats</c>:
/// the rate interval of <c>poisson.test(x, T)</c> (Garwood's interval from gamma quantiles), the one-sided upper test
/// <c>poisson.test(x, T, r, alternative = "greater")</c>, and the Poisson quantile <c>qpois</c> used for funnel limits.
/// </summary>
public static class ExactPoisson
{
    /// <summary>
    /// Exact confidence interval of a rate x / T (= <c>poisson.test(x, T, conf.level = level)$conf.int</c>):
    /// lower = qgamma(α/2, x) / T (0 when x = 0), upper = qgamma(1 − α/2, x + 1) / T.
    /// </summary>
    /// <param name="exposure">T &gt; 0, e.g. the number of injections.</param>
    public static (double Lower, double Upper) RateInterval(int events, double exposure, double level = 0.95)
    {
        if (events < 0) throw new ArgumentOutOfRangeException(nameof(events));
        if (!(exposure > 0)) throw new ArgumentOutOfRangeException(nameof(exposure), "Exposure must be positive.");
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level));
        var alpha = 1 - level;
        var lower = events == 0 ? 0 : GammaQuantile(alpha / 2, events) / exposure;
        var upper = GammaQuantile(1 - alpha / 2, events + 1) / exposure;
        return (lower, upper);
    }

    /// <summary>
    /// P(X ≥ x) for X ~ Poisson(<paramref name="expected"/>): the p-value of
    /// <c>poisson.test(x, T, r, alternative = "greater")</c> with expected = r·T. 1 when x = 0.
    /// </summary>
    public static double UpperTailP(int observed, double expected)
    {
        if (observed < 0) throw new ArgumentOutOfRangeException(nameof(observed));
        if (!(expected >= 0)) throw new ArgumentOutOfRangeException(nameof(expected));
        if (observed == 0) return 1;
        if (expected == 0) return 0;
        // P(X >= x) = P(Gamma(x, 1) <= λ), the regularized lower incomplete gamma.
        return SpecialFunctions.GammaLowerRegularized(observed, expected);
    }

    /// <summary>P(X ≤ k) for X ~ Poisson(λ) (R: <c>ppois(k, λ)</c>).</summary>
    public static double Cdf(int k, double lambda)
    {
        if (k < 0) return 0;
        if (lambda == 0) return 1;
        return SpecialFunctions.GammaUpperRegularized(k + 1, lambda);
    }

    /// <summary>
    /// The smallest k with P(X ≤ k) ≥ p for X ~ Poisson(λ) (R: <c>qpois(p, λ)</c>, with R's relative fuzz of 64·ε on p
    /// so that a p computed as a CDF value maps back to its own k).
    /// </summary>
    public static int Quantile(double p, double lambda)
    {
        if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p));
        if (!(lambda >= 0)) throw new ArgumentOutOfRangeException(nameof(lambda));
        if (lambda == 0) return 0;
        var target = p * (1 - 64 * 2.220446049250313e-16);
        // start near the normal approximation, then walk
        var k = Math.Max(0, (int)Math.Floor(lambda + Math.Sqrt(lambda) * Statistics.Probability.NormalQuantile(p)));
        while (k > 0 && Cdf(k - 1, lambda) >= target) k--;
        while (Cdf(k, lambda) < target) k++;
        return k;
    }

    /// <summary>
    /// Gamma(shape, 1) quantile (R: <c>qgamma(p, shape)</c>): MathNet's inverse as a start, polished by Newton steps on
    /// the regularized incomplete gamma to full double precision.
    /// </summary>
    public static double GammaQuantile(double p, double shape)
    {
        if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p));
        if (!(shape > 0)) throw new ArgumentOutOfRangeException(nameof(shape));
        var x = SpecialFunctions.GammaLowerRegularizedInv(shape, p);
        if (!(x > 0) || !double.IsFinite(x)) x = Math.Max(1e-10, shape);
        var logGamma = SpecialFunctions.GammaLn(shape);
        for (var i = 0; i < 50; i++)
        {
            var f = SpecialFunctions.GammaLowerRegularized(shape, x) - p;
            var density = Math.Exp((shape - 1) * Math.Log(x) - x - logGamma);
            if (!(density > 0)) break;
            var step = f / density;
            var next = x - step;
            if (next <= 0) next = x / 2;
            if (Math.Abs(next - x) <= 1e-15 * x) { x = next; break; }
            x = next;
        }
        return x;
    }
}
