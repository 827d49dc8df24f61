namespace OrthoRegen.Statistics;

/// <summary>One term of a logistic fit (a row of <c>summary(glm)$coefficients</c> with <c>exp(confint.default(fit))</c>).</summary>
/// <param name="Coef">Log odds ratio (or log odds for the intercept).</param>
/// <param name="Se">Standard error from the inverse Fisher information.</param>
/// <param name="Z">Wald z.</param>
/// <param name="P">Two-sided normal p-value.</param>
/// <param name="OddsRatio">exp(Coef).</param>
/// <param name="OrLower">exp(Coef − z·Se): a Wald interval (R's <c>confint.default</c>), not profile likelihood.</param>
public sealed record LogisticTerm(string Term, double Coef, double Se, double Z, double P, double OddsRatio, double OrLower, double OrUpper);

/// <summary>A logistic regression fit (= <c>glm(y ~ …, family = binomial)</c> converged to full precision).</summary>
/// <param name="Deviance">Residual deviance −2·log-likelihood (binary outcome).</param>
/// <param name="NullDeviance">Deviance of the intercept-only model.</param>
/// <param name="Aic">Deviance + 2p, as glm reports for a 0/1 outcome.</param>
/// <param name="DfResidual">n − p.</param>
public sealed record LogisticFit(int N, IReadOnlyList<LogisticTerm> Terms, double Deviance, double NullDeviance,
    double Aic, int DfResidual, int DfNull, int Iterations, double[,] Variance);

/// <summary>Logistic regression by iteratively reweighted least squares (= glm binomial, logit link).</summary>
public static class LogisticRegression
{
    const int MaxIterations = 100;
    const double Eps = 10 * 2.220446049250313e-16; // glm's "numerically 0 or 1" threshold, 10 × .Machine$double.eps

    /// <summary>
    /// Fits P(y = 1) = logit⁻¹(Xβ) (= <c>glm(y ~ …, family = binomial, control = glm.control(epsilon = 1e-14))</c>).
    /// The design should include <c>(Intercept)</c>. Separation (fitted probabilities numerically 0 or 1, where glm
    /// warns), non-convergence and collinear terms give <see cref="FitOutcome{T}.NotEstimable"/>.
    /// </summary>
    /// <param name="outcome">0/1 outcome, one per row of <paramref name="design"/>.</param>
    public static FitOutcome<LogisticFit> Fit(IReadOnlyList<double> outcome, DesignMatrix design, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(outcome); ArgumentNullException.ThrowIfNull(design);
        Descriptive.RequireLevel(level);
        var n = outcome.Count;
        if (design.Rows != n) throw new ArgumentException("The design matrix must have one row per observation.", nameof(design));
        for (var i = 0; i < n; i++)
            if (outcome[i] is not (0 or 1)) throw new ArgumentException($"Outcome {i + 1} must be 0 or 1.", nameof(outcome));
        if (n == 0) return new FitOutcome<LogisticFit>.NotEstimable(StatisticsMessages.NoObservations);
        var ones = outcome.Sum();
        if (ones == 0 || ones == n) return new FitOutcome<LogisticFit>.NotEstimable(StatisticsMessages.OutcomeConstant);
        var p = design.Columns;
        var x = design.Values;
        var y = outcome.ToArray();

        var mu = new double[n];
        var eta = new double[n];
        for (var i = 0; i < n; i++) { mu[i] = (y[i] + 0.5) / 2; eta[i] = Math.Log(mu[i] / (1 - mu[i])); }
        var dev = Deviance(y, mu);
        var beta = new double[p];
        var xtwx = new double[p, p];
        var xtwz = new double[p];
        double[,]? v = null;
        var iter = 0;
        var converged = false;
        while (iter < MaxIterations)
        {
            iter++;
            Array.Clear(xtwx); Array.Clear(xtwz);
            for (var i = 0; i < n; i++)
            {
                var w = mu[i] * (1 - mu[i]);
                if (w == 0) continue; // as glm.fit, rows whose fitted value is exactly 0 or 1 drop out of the step
                var zi = eta[i] + (y[i] - mu[i]) / w;
                var row = i * p;
                for (var j = 0; j < p; j++)
                {
                    var wx = w * x[row + j];
                    xtwz[j] += wx * zi;
                    for (var k = 0; k <= j; k++) xtwx[j, k] += wx * x[row + k];
                }
            }
            for (var j = 0; j < p; j++) for (var k = 0; k < j; k++) xtwx[k, j] = xtwx[j, k];
            v = LinearAlgebra.InverseSpd(xtwx, out var bad);
            if (v is null)
                return new FitOutcome<LogisticFit>.NotEstimable(iter == 1
                    ? StatisticsMessages.Collinear(design.Terms[bad])
                    : StatisticsMessages.LogisticSeparation(LargestTerm(design, beta)));
            var next = LinearAlgebra.Multiply(v, xtwz);
            if (next.Any(b => !double.IsFinite(b)))
                return new FitOutcome<LogisticFit>.NotEstimable(StatisticsMessages.LogisticSeparation(LargestTerm(design, beta)));
            var maxRel = 0.0;
            for (var j = 0; j < p; j++) maxRel = Math.Max(maxRel, Math.Abs(next[j] - beta[j]) / (1 + Math.Abs(next[j])));
            beta = next;
            for (var i = 0; i < n; i++)
            {
                double e = 0;
                var row = i * p;
                for (var j = 0; j < p; j++) e += x[row + j] * beta[j];
                eta[i] = e;
                mu[i] = 1 / (1 + Math.Exp(-e));
            }
            var devNew = Deviance(y, mu);
            var change = Math.Abs(devNew - dev) / (Math.Abs(devNew) + 0.1);
            dev = devNew;
            if (maxRel < 1e-11 || (change < 1e-15 && maxRel < 1e-8)) { converged = true; break; }
        }
        var extreme = mu.Any(m => m > 1 - Eps || m < Eps);
        if (extreme) return new FitOutcome<LogisticFit>.NotEstimable(StatisticsMessages.LogisticSeparation(LargestTerm(design, beta)));
        if (!converged) return new FitOutcome<LogisticFit>.NotEstimable(StatisticsMessages.NotConverged(MaxIterations));
        // Variance at the final estimate.
        Array.Clear(xtwx);
        for (var i = 0; i < n; i++)
        {
            var w = mu[i] * (1 - mu[i]);
            var row = i * p;
            for (var j = 0; j < p; j++)
            {
                var wx = w * x[row + j];
                for (var k = 0; k <= j; k++) xtwx[j, k] += wx * x[row + k];
            }
        }
        for (var j = 0; j < p; j++) for (var k = 0; k < j; k++) xtwx[k, j] = xtwx[j, k];
        v = LinearAlgebra.InverseSpd(xtwx, out _) ?? v!;
        var z = Probability.NormalQuantile(1 - (1 - level) / 2);
        var terms = new LogisticTerm[p];
        for (var j = 0; j < p; j++)
        {
            var se = Math.Sqrt(v[j, j]);
            var zj = beta[j] / se;
            terms[j] = new LogisticTerm(design.Terms[j], beta[j], se, zj, Probability.NormalTwoSidedP(zj),
                Math.Exp(beta[j]), Math.Exp(beta[j] - z * se), Math.Exp(beta[j] + z * se));
        }
        var hasIntercept = design.Terms.Contains("(Intercept)");
        var nullDev = hasIntercept ? Deviance(y, Enumerable.Repeat(ones / n, n).ToArray()) : Deviance(y, Enumerable.Repeat(0.5, n).ToArray());
        return new FitOutcome<LogisticFit>.Fitted(new LogisticFit(n, terms, dev, nullDev, dev + 2 * p, n - p,
            hasIntercept ? n - 1 : n, iter, v));
    }

    static string? LargestTerm(DesignMatrix design, double[] beta)
    {
        var best = -1; var bestV = 0.0;
        for (var j = 0; j < beta.Length; j++)
            if (design.Terms[j] != "(Intercept)" && Math.Abs(beta[j]) > bestV) { bestV = Math.Abs(beta[j]); best = j; }
        return best < 0 ? null : design.Terms[best];
    }

    // Binomial deviance for a 0/1 outcome: −2 Σ log μ (y = 1) or log(1 − μ) (y = 0).
    static double Deviance(double[] y, double[] mu)
    {
        double s = 0;
        for (var i = 0; i < y.Length; i++) s += y[i] == 1 ? -Math.Log(mu[i]) : -Math.Log(1 - mu[i]);
        return 2 * s;
    }
}
