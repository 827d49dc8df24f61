namespace OrthoRegen.Statistics.Meta;

/// <summary>
/// One fitted (mixed-effects) meta-analytic model, the twin of a <c>metafor::rma.uni</c> object: coefficients with
/// their inference, τ², the residual heterogeneity test QE and I²/H², and the omnibus moderator test QM.
/// </summary>
internal sealed record RmaResult(
    int K, int P, Tau2 Method, MetaTest Test, IReadOnlyList<string> Names,
    double Tau2, double[] Beta, double[] Cov, double[] Se, double?[] Statistic, double?[] PValue,
    double[] CiLower, double[] CiUpper, double Crit, int? Df,
    double QE, int QEDf, double QEPValue, double I2, double H2, double Vt,
    double? QM, int QMDf, double? QMPValue)
{
    public double Estimate => Beta[0];
    public double StandardError => Se[0];
}

/// <summary>A result that cannot be estimated from the data (k too small, a redundant moderator, no convergence).</summary>
internal sealed class NotEstimableException(string message) : Exception(message);

/// <summary>
/// The model fitting behind every meta-analysis result: <c>metafor::rma.uni(yi, vi, mods, method, test)</c> with
/// control = list(threshold = 1e-12, tol = 1e-12, maxiter = 10000), in O(k·p²) time and O(k) memory.
/// </summary>
internal static class Rma
{
    const int MaxIterations = 10000;
    const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>
    /// Fits the model. As metafor does, k = 1 (intercept only) gives τ² = 0 and z inference whatever was asked.
    /// Throws <see cref="NotEstimableException"/> when the model has more parameters than the data support.
    /// </summary>
    public static RmaResult Fit(Design d, ReadOnlySpan<double> y, ReadOnlySpan<double> v, Tau2 method, MetaTest test)
    {
        int k = d.K, p = d.P;
        var k1 = k == 1 && d.IsInterceptOnly;
        if (k1) test = MetaTest.Z;
        if (!k1)
        {
            if (method == Tau2.FixedEffect ? p > k : p + 1 > k)
                throw new NotEstimableException(MetaMessages.TooFewStudies(k, p, method));
        }

        var tau2 = k1 || method == Tau2.FixedEffect ? 0 : EstimateTau2(d, y, v, method);
        var fit = Wls.Fit(d, y, v, tau2) ?? throw new NotEstimableException(MetaMessages.RedundantModerator);

        var df = k - p;
        var s2w = 1.0;
        if (test == MetaTest.KnappHartung)
            s2w = fit.Rss <= MachineEpsilon ? 0 : fit.Rss / df; // metafor: RSS ≤ .Machine$double.eps gives s2w = 0
        var cov = fit.Cov.Select(c => c * s2w).ToArray();
        var crit = test == MetaTest.KnappHartung ? Distributions.TQuantile(0.975, df) : Distributions.NormalQuantile(0.975);
        var se = new double[p];
        var stat = new double?[p];
        var pval = new double?[p];
        var lb = new double[p];
        var ub = new double[p];
        for (var j = 0; j < p; j++)
        {
            se[j] = Math.Sqrt(cov[j * p + j]);
            if (se[j] > 0)
            {
                var z = fit.Beta[j] / se[j];
                stat[j] = z;
                pval[j] = test == MetaTest.KnappHartung ? Distributions.TwoSidedT(z, df) : Distributions.TwoSidedNormal(z);
            }
            lb[j] = fit.Beta[j] - crit * se[j];
            ub[j] = fit.Beta[j] + crit * se[j];
        }

        // Residual heterogeneity, always with the fixed-effect weights 1/vᵢ.
        double qe = 0, qep = 1, i2 = 0, h2 = 1, vt = 0;
        if (k > p)
        {
            var fe = tau2 == 0 ? fit : Wls.Fit(d, y, v, 0)!;
            qe = Math.Max(0, fe.Rss);
            qep = Distributions.ChiSquareUpper(qe, df);
            vt = df / fe.TrP;
            if (method == Tau2.FixedEffect)
            {
                i2 = qe > 0 ? Math.Max(0, 100 * (qe - df) / qe) : 0;
                h2 = qe / df;
            }
            else
            {
                i2 = 100 * tau2 / (vt + tau2);
                h2 = tau2 / vt + 1;
            }
        }

        // Omnibus test of all coefficients but the intercept.
        double? qm = null, qmp = null;
        var m = p - 1;
        if (m > 0)
        {
            var sub = new double[m * m];
            for (var r = 0; r < m; r++)
                for (var c = 0; c < m; c++) sub[r * m + c] = cov[(r + 1) * p + c + 1];
            var (inv, _) = SmallMatrix.InvertSymmetric(sub, m);
            if (inv is not null)
            {
                var bm = fit.Beta.Skip(1).ToArray();
                var iv = SmallMatrix.Multiply(inv, bm, m);
                double q = 0;
                for (var j = 0; j < m; j++) q += bm[j] * iv[j];
                if (test == MetaTest.KnappHartung)
                {
                    qm = q / m;
                    qmp = df > 0 ? Distributions.FUpper(q / m, m, df) : null;
                }
                else
                {
                    qm = q;
                    qmp = Distributions.ChiSquareUpper(q, m);
                }
            }
        }

        return new RmaResult(k, p, method, test, d.Names, tau2, fit.Beta, cov, se, stat, pval, lb, ub, crit,
            test == MetaTest.KnappHartung ? df : null, qe, k > p ? df : 0, qep, i2, h2, vt, qm, m, qmp);
    }

    /// <summary>τ² by the chosen estimator, truncated at 0 as metafor does.</summary>
    public static double EstimateTau2(Design d, ReadOnlySpan<double> y, ReadOnlySpan<double> v, Tau2 method)
    {
        int k = d.K, p = d.P;
        switch (method)
        {
            case Tau2.FixedEffect:
                return 0;
            case Tau2.DerSimonianLaird:
            {
                var s = Wls.Fit(d, y, v, 0) ?? throw new NotEstimableException(MetaMessages.RedundantModerator);
                return Math.Max(0, (s.Rss - (k - p)) / s.TrP);
            }
            case Tau2.Hedges:
                return Math.Max(0, Hedges(d, y, v));
            case Tau2.SidikJonkman:
            {
                double mean = 0;
                for (var i = 0; i < k; i++) mean += y[i];
                mean /= k;
                double t0 = 0;
                for (var i = 0; i < k; i++) t0 += (y[i] - mean) * (y[i] - mean);
                t0 /= k; // var(y)·(k − 1)/k
                var s = Wls.Fit(d, y, v, t0) ?? throw new NotEstimableException(MetaMessages.RedundantModerator);
                return Math.Max(0, t0 * s.Rss / (k - p));
            }
            case Tau2.PauleMandel:
            {
                var q0 = Wls.Fit(d, y, v, 0) ?? throw new NotEstimableException(MetaMessages.RedundantModerator);
                return q0.Rss < k - p ? 0 : QRoot(d, y, v, k - p, q0);
            }
            case Tau2.Reml:
            case Tau2.MaximumLikelihood:
                return FisherScoring(d, y, v, method == Tau2.Reml);
            default:
                throw new ArgumentOutOfRangeException(nameof(method));
        }
    }

    /// <summary>metafor's HE: (RSS_OLS − Σ vᵢ(1 − hᵢ)) / (k − p), not yet truncated (it also seeds ML/REML).</summary>
    static double Hedges(Design d, ReadOnlySpan<double> y, ReadOnlySpan<double> v)
    {
        var ols = Wls.Fit(d, y, v, 0, unitWeights: true) ?? throw new NotEstimableException(MetaMessages.RedundantModerator);
        return (ols.Rss - Wls.TracePv(d, v, ols.Cov)) / (d.K - d.P);
    }

    /// <summary>
    /// metafor's Fisher scoring for ML/REML from max(0, HE), with its step halving at the boundary, run until the
    /// change is below 1e-12 of (τ² + typical vᵢ); then metafor's check that τ² = 0 is not a higher likelihood.
    /// Where metafor's iteration oscillates without converging, a damped continuation still finds the maximum.
    /// </summary>
    static double FisherScoring(Design d, ReadOnlySpan<double> y, ReadOnlySpan<double> v, bool reml)
    {
        var tau2 = Math.Max(0, Hedges(d, y, v));
        double vMean = 0;
        for (var i = 0; i < v.Length; i++) vMean += v[i];
        vMean /= v.Length;
        var converged = false;
        for (var iter = 0; iter < MaxIterations; iter++)
        {
            var s = Wls.Fit(d, y, v, tau2) ?? throw new NotEstimableException(MetaMessages.RedundantModerator);
            var adj = reml ? (s.Ypp - s.TrP) / s.TrPP : (s.Ypp - s.SumW) / s.SumW2;
            if (!double.IsFinite(adj)) break;
            // Plain Fisher scoring can oscillate for ever (metafor then stops with "did not converge" and suggests
            // stepadj = 0.5). After 100 steps we halve the step and keep halving it until the likelihood does not
            // fall, which converges to the same local maximum metafor reaches with stepadj.
            var damped = iter >= 100;
            if (damped) adj *= 0.5;
            while (tau2 + adj < 0) adj /= 2;
            if (damped)
            {
                var now = LogLikelihood(d, y, v, tau2, reml);
                for (var h = 0; h < 60 && LogLikelihood(d, y, v, tau2 + adj, reml) < now; h++) adj /= 2;
            }
            var next = tau2 + adj;
            var change = Math.Abs(next - tau2);
            tau2 = next;
            if (change <= 1e-12 * (tau2 + vMean)) { converged = true; break; }
        }
        if (!converged) throw new NotEstimableException(MetaMessages.NoConvergence(reml ? "REML" : "ML"));

        // At the boundary the halving only creeps towards 0; the maximum is 0 when the score there is not positive.
        if (tau2 < 1e-10 * vMean)
        {
            var s0 = Wls.Fit(d, y, v, 0)!;
            var score0 = reml ? s0.Ypp - s0.TrP : s0.Ypp - s0.SumW;
            if (score0 <= 0) return 0;
        }
        if (tau2 > 0 && LogLikelihood(d, y, v, 0, reml) - LogLikelihood(d, y, v, tau2, reml) > 1e-12) return 0;
        return tau2;
    }

    /// <summary>The (restricted) log-likelihood up to a constant shared by all τ².</summary>
    static double LogLikelihood(Design d, ReadOnlySpan<double> y, ReadOnlySpan<double> v, double tau2, bool reml)
    {
        var s = Wls.Fit(d, y, v, tau2)!;
        double logSum = 0;
        for (var i = 0; i < v.Length; i++) logSum += Math.Log(v[i] + tau2);
        return -0.5 * logSum - 0.5 * s.Rss - (reml ? 0.5 * s.LogDetXwx : 0);
    }

    /// <summary>
    /// The τ² at which the generalized Q statistic Σ wᵢ(τ²) eᵢ² equals <paramref name="target"/> (Q decreases in τ²,
    /// with derivative −Σ wᵢ²eᵢ²): safeguarded Newton from the left, bisection inside the bracket if it overshoots.
    /// Requires Q(0) ≥ target. This is the Paule-Mandel estimator and each Q-profile confidence limit.
    /// </summary>
    public static double QRoot(Design d, ReadOnlySpan<double> y, ReadOnlySpan<double> v, double target, Wls? atZero = null)
    {
        double lo = 0, hi = double.PositiveInfinity, t = 0;
        var s = atZero ?? Wls.Fit(d, y, v, 0)!;
        for (var iter = 0; iter < 2000; iter++)
        {
            var f = s.Rss - target;
            if (f == 0) return t;
            if (f > 0) lo = t; else hi = t;
            var next = s.Ypp > 0 ? t + f / s.Ypp : double.NaN;
            if (double.IsFinite(next) && Math.Abs(next - t) <= 1e-15 * Math.Max(Math.Abs(t), 1e-300)) return Math.Max(next, 0);
            if (!(next > lo && next < hi))
            {
                if (double.IsPositiveInfinity(hi)) next = Math.Max(2 * t, 1e-8);
                else
                {
                    next = 0.5 * (lo + hi);
                    if (next <= lo || next >= hi) return next;
                }
            }
            t = next;
            s = Wls.Fit(d, y, v, t)!;
        }
        return t;
    }
}
