namespace OrthoRegen.Statistics;

/// <summary>Handling of tied event times in the Cox partial likelihood, named as <c>coxph(ties = …)</c>.</summary>
public enum Ties
{
    /// <summary>= coxph <c>ties = "efron"</c> (R's default): the r-th of d tied deaths sees the risk set minus r/d of the dead.</summary>
    Efron,

    /// <summary>= coxph <c>ties = "breslow"</c>: all d tied deaths see the full risk set.</summary>
    Breslow,
}

/// <summary>One model term of a Cox fit (a row of <c>summary(coxph)$coefficients</c> and <c>$conf.int</c>).</summary>
/// <param name="Coef">Log hazard ratio.</param>
/// <param name="Se">Model-based standard error (sqrt of the diagonal of the inverse information).</param>
/// <param name="Z">Wald z = Coef / Se.</param>
/// <param name="P">Two-sided normal p-value.</param>
/// <param name="HazardRatio">exp(Coef).</param>
/// <param name="HrLower">exp(Coef − z·Se) at the fit's level.</param>
public sealed record CoxTerm(string Term, double Coef, double Se, double Z, double P, double HazardRatio, double HrLower, double HrUpper);

/// <summary>
/// A Cox proportional hazards fit (= <c>survival::coxph(Surv(time, status) ~ …)</c> converged to full precision).
/// </summary>
/// <param name="LogLikNull">Partial log-likelihood at β = 0 (<c>fit$loglik[1]</c>).</param>
/// <param name="LogLik">Partial log-likelihood at the estimate (<c>fit$loglik[2]</c>).</param>
/// <param name="LikelihoodRatio">2·(LogLik − LogLikNull) on p df.</param>
/// <param name="Wald">βᵀ V⁻¹ β (<c>fit$wald.test</c>).</param>
/// <param name="Score">The score (log-rank) test at β = 0 (<c>fit$score</c>).</param>
/// <param name="Concordance">Harrell's C as <c>survival::concordance</c> on the linear predictor: ties in the predictor count
/// one half, pairs with tied event times are not comparable, a censoring tied with an event counts as longer; null when
/// no pair is comparable.</param>
/// <param name="Variance">Inverse information (<c>fit$var</c>), terms in the order of <paramref name="Terms"/>.</param>
public sealed record CoxFit(int N, int Events, IReadOnlyList<CoxTerm> Terms, double LogLikNull, double LogLik,
    ChiSquareTest LikelihoodRatio, ChiSquareTest Wald, ChiSquareTest Score, double? Concordance, Ties Ties,
    int Iterations, double[,] Variance);

/// <summary>Cox proportional hazards regression (= coxph), Newton-Raphson with step halving, iterated to ~1e-12.</summary>
public static class CoxRegression
{
    const int MaxIterations = 100;

    /// <summary>
    /// Fits the model (= <c>coxph(Surv(time, status) ~ covariates, ties = …)</c>). Non-convergence, a diverging
    /// coefficient (monotone likelihood, as when a level has no events) and collinear terms give
    /// <see cref="FitOutcome{T}.NotEstimable"/> with a message naming the term.
    /// </summary>
    public static FitOutcome<CoxFit> Fit(IReadOnlyList<double> time, IReadOnlyList<bool> status, DesignMatrix design,
        Ties ties = Ties.Efron, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(design);
        Descriptive.RequireLevel(level);
        var order = SurvivalInput.SortedIndex(time, status);
        var n = time.Count;
        if (design.Rows != n) throw new ArgumentException("The design matrix must have one row per observation.", nameof(design));
        if (design.Terms.Contains("(Intercept)")) throw new ArgumentException("A Cox model has no intercept.", nameof(design));
        var p = design.Columns;
        var events = status.Count(s => s);
        if (n == 0) return new FitOutcome<CoxFit>.NotEstimable(StatisticsMessages.NoObservations);
        if (events == 0) return new FitOutcome<CoxFit>.NotEstimable(StatisticsMessages.NoEventsForModel);
        if (p == 0) throw new ArgumentException("The model needs at least one term.", nameof(design));

        // Rows in descending time (risk sets accumulate), covariates centred as coxph does.
        var x = new double[n * p];
        var means = new double[p];
        for (var i = 0; i < n; i++) for (var j = 0; j < p; j++) means[j] += design[i, j];
        for (var j = 0; j < p; j++) means[j] /= n;
        var t = new double[n];
        var dead = new bool[n];
        for (var r = 0; r < n; r++)
        {
            var i = order[n - 1 - r];
            t[r] = time[i]; dead[r] = status[i];
            for (var j = 0; j < p; j++) x[r * p + j] = design[i, j] - means[j];
        }
        var work = new Workspace(p);
        var beta = new double[p];
        var ll0 = work.Evaluate(t, dead, x, beta, ties);
        var u0 = (double[])work.U.Clone();
        var i0 = (double[,])work.I.Clone();
        var v0 = LinearAlgebra.InverseSpd(i0, out var bad0);
        if (v0 is null) return new FitOutcome<CoxFit>.NotEstimable(StatisticsMessages.Collinear(design.Terms[bad0]));
        var score = LinearAlgebra.Dot(u0, LinearAlgebra.Multiply(v0, u0));

        double ll = ll0;
        var v = v0;
        var step = LinearAlgebra.Multiply(v0, u0);
        var iter = 0;
        var converged = false;
        var flatRuns = 0;
        while (iter < MaxIterations)
        {
            iter++;
            var next = new double[p];
            for (var j = 0; j < p; j++) next[j] = beta[j] + step[j];
            var llNext = work.Evaluate(t, dead, x, next, ties);
            var halvings = 0;
            while (!(llNext >= ll - 1e-12 * Math.Abs(ll)) && halvings < 60)
            {
                for (var j = 0; j < p; j++) next[j] = (next[j] + beta[j]) / 2;
                llNext = work.Evaluate(t, dead, x, next, ties);
                halvings++;
            }
            if (!double.IsFinite(llNext)) return new FitOutcome<CoxFit>.NotEstimable(StatisticsMessages.Separation(design.Terms[ArgMaxRel(step, beta)]));
            var vNext = LinearAlgebra.InverseSpd(work.I, out var bad);
            if (vNext is null)
            {
                // An information matrix that collapses away from β = 0 means some coefficient ran off to infinity.
                return new FitOutcome<CoxFit>.NotEstimable(StatisticsMessages.Separation(design.Terms[bad < 0 ? 0 : bad]));
            }
            var gain = llNext - ll;
            beta = next; ll = llNext; v = vNext;
            step = LinearAlgebra.Multiply(v, work.U);
            var maxRel = 0.0;
            for (var j = 0; j < p; j++) maxRel = Math.Max(maxRel, Math.Abs(step[j]) / (1 + Math.Abs(beta[j])));
            if (maxRel < 1e-10) { converged = true; break; }
            // Monotone likelihood: the log-likelihood has stopped moving while a coefficient keeps stepping out.
            if (Math.Abs(gain) <= 1e-10 * Math.Abs(ll) && maxRel > 1e-4) { if (++flatRuns >= 3) break; }
            else flatRuns = 0;
        }
        if (!converged)
        {
            if (flatRuns >= 3 || beta.Any(b => Math.Abs(b) > 15))
                return new FitOutcome<CoxFit>.NotEstimable(StatisticsMessages.Separation(design.Terms[ArgMaxRel(step, beta)]));
            return new FitOutcome<CoxFit>.NotEstimable(StatisticsMessages.NotConverged(MaxIterations));
        }
        // Polish: one final Newton step is below 1e-10 relative; apply it and take the variance there.
        for (var j = 0; j < p; j++) beta[j] += step[j];
        ll = work.Evaluate(t, dead, x, beta, ties);
        v = LinearAlgebra.InverseSpd(work.I, out _) ?? v;

        var z = Probability.NormalQuantile(1 - (1 - level) / 2);
        var terms = new CoxTerm[p];
        for (var j = 0; j < p; j++)
        {
            var se = Math.Sqrt(v[j, j]);
            var zj = beta[j] / se;
            terms[j] = new CoxTerm(design.Terms[j], beta[j], se, zj, Probability.NormalTwoSidedP(zj),
                Math.Exp(beta[j]), Math.Exp(beta[j] - z * se), Math.Exp(beta[j] + z * se));
        }
        var info = InverseOf(v);
        var wald = LinearAlgebra.Dot(beta, LinearAlgebra.Multiply(info, beta));
        var lr = 2 * (ll - ll0);
        var eta = new double[n];
        for (var r = 0; r < n; r++) { double s = 0; for (var j = 0; j < p; j++) s += x[r * p + j] * beta[j]; eta[r] = s; }
        var concordance = Concordance.Harrell(t, dead, eta);
        return new FitOutcome<CoxFit>.Fitted(new CoxFit(n, events, terms, ll0, ll,
            new ChiSquareTest(lr, p, Probability.ChiSquareUpperTail(lr, p)),
            new ChiSquareTest(wald, p, Probability.ChiSquareUpperTail(wald, p)),
            new ChiSquareTest(score, p, Probability.ChiSquareUpperTail(score, p)),
            concordance, ties, iter, v));
    }

    static int ArgMaxRel(double[] step, double[] beta)
    {
        var best = 0; var bestV = -1.0;
        for (var j = 0; j < step.Length; j++)
        {
            var r = Math.Abs(step[j]) + Math.Abs(beta[j]);
            if (r > bestV) { bestV = r; best = j; }
        }
        return best;
    }

    static double[,] InverseOf(double[,] v) => LinearAlgebra.InverseSpd(v, out _) ?? throw new InvalidOperationException("variance not invertible");

    /// <summary>Log-likelihood, score U and information I at β, data in descending time order.</summary>
    sealed class Workspace(int p)
    {
        public readonly double[] U = new double[p];
        public readonly double[,] I = new double[p, p];
        readonly double[] s1 = new double[p], d1 = new double[p], a = new double[p];
        readonly double[] s2 = new double[p * p], d2 = new double[p * p];
        double[] _w = [];
        double[] _eta = [];

        public double Evaluate(double[] t, bool[] dead, double[] x, double[] beta, Ties ties)
        {
            var n = t.Length;
            if (_w.Length != n) { _w = new double[n]; _eta = new double[n]; }
            var shift = double.NegativeInfinity;
            for (var r = 0; r < n; r++)
            {
                double e = 0;
                for (var j = 0; j < p; j++) e += x[r * p + j] * beta[j];
                _eta[r] = e;
                if (e > shift) shift = e;
            }
            // Weights exp(η − max η) keep the sums finite; the shift is added back to each log-denominator.
            for (var r = 0; r < n; r++) _w[r] = Math.Exp(_eta[r] - shift);
            Array.Clear(U); Array.Clear(I); Array.Clear(s1); Array.Clear(s2);
            double s0 = 0, ll = 0;
            for (var r = 0; r < n;)
            {
                var tt = t[r];
                double d0 = 0; var nd = 0;
                Array.Clear(d1); Array.Clear(d2);
                for (; r < n && t[r] == tt; r++)
                {
                    var w = _w[r];
                    s0 += w;
                    var row = r * p;
                    for (var j = 0; j < p; j++)
                    {
                        var wx = w * x[row + j];
                        s1[j] += wx;
                        for (var k = 0; k <= j; k++) s2[j * p + k] += wx * x[row + k];
                    }
                    if (!dead[r]) continue;
                    nd++; d0 += w; ll += _eta[r];
                    for (var j = 0; j < p; j++)
                    {
                        var xj = x[row + j];
                        U[j] += xj;
                        var wx = w * xj;
                        d1[j] += wx;
                        for (var k = 0; k <= j; k++) d2[j * p + k] += wx * x[row + k];
                    }
                }
                if (nd == 0) continue;
                if (ties == Ties.Breslow || nd == 1)
                {
                    ll -= nd * (Math.Log(s0) + shift);
                    for (var j = 0; j < p; j++) a[j] = s1[j] / s0;
                    for (var j = 0; j < p; j++)
                    {
                        U[j] -= nd * a[j];
                        for (var k = 0; k <= j; k++) I[j, k] += nd * (s2[j * p + k] / s0 - a[j] * a[k]);
                    }
                }
                else
                {
                    for (var m = 0; m < nd; m++)
                    {
                        var f = (double)m / nd;
                        var den = s0 - f * d0;
                        ll -= Math.Log(den) + shift;
                        for (var j = 0; j < p; j++) a[j] = (s1[j] - f * d1[j]) / den;
                        for (var j = 0; j < p; j++)
                        {
                            U[j] -= a[j];
                            for (var k = 0; k <= j; k++) I[j, k] += (s2[j * p + k] - f * d2[j * p + k]) / den - a[j] * a[k];
                        }
                    }
                }
            }
            for (var j = 0; j < p; j++) for (var k = 0; k < j; k++) I[k, j] = I[j, k];
            return ll;
        }
    }
}

/// <summary>Harrell's concordance as <c>survival::concordance</c> computes it for a Cox model.</summary>
public static class Concordance
{
    /// <summary>
    /// (concordant + tied.x / 2) / (concordant + discordant + tied.x), where a pair is comparable when the shorter time
    /// is an event (a censoring at the same time as an event counts as longer; two tied events are not comparable),
    /// and it is concordant when the shorter time has the higher risk score. O(n log n) with a Fenwick tree.
    /// </summary>
    /// <param name="risk">Risk score, higher = shorter expected survival (the Cox linear predictor).</param>
    /// <returns>The concordance; null when there is no comparable pair.</returns>
    public static double? Harrell(IReadOnlyList<double> time, IReadOnlyList<bool> status, IReadOnlyList<double> risk)
    {
        var c = Counts(time, status, risk);
        var denom = c.Concordant + c.Discordant + c.TiedRisk;
        return denom > 0 ? (c.Concordant + c.TiedRisk / 2) / denom : null;
    }

    /// <summary>The pair counts (survival's <c>concordant</c>, <c>discordant</c>, <c>tied.x</c>).</summary>
    public static (double Concordant, double Discordant, double TiedRisk) Counts(IReadOnlyList<double> time, IReadOnlyList<bool> status, IReadOnlyList<double> risk)
    {
        var n = time.Count;
        var distinct = risk.Distinct().Order().ToArray();
        var rank = new int[n];
        for (var i = 0; i < n; i++) rank[i] = Array.BinarySearch(distinct, risk[i]);
        var order = Enumerable.Range(0, n).OrderByDescending(i => time[i]).ToArray();
        var tree = new long[distinct.Length + 1];
        long total = 0;
        double conc = 0, disc = 0, tied = 0;
        for (var k = 0; k < n;)
        {
            var tt = time[order[k]];
            var end = k;
            while (end < n && time[order[end]] == tt) end++;
            for (var q = k; q < end; q++) if (!status[order[q]]) { Add(tree, rank[order[q]]); total++; }
            for (var q = k; q < end; q++)
            {
                var i = order[q];
                if (!status[i]) continue;
                var below = Prefix(tree, rank[i] - 1);
                var atOrBelow = Prefix(tree, rank[i]);
                conc += below; tied += atOrBelow - below; disc += total - atOrBelow;
            }
            for (var q = k; q < end; q++) if (status[order[q]]) { Add(tree, rank[order[q]]); total++; }
            k = end;
        }
        return (conc, disc, tied);
    }

    static void Add(long[] tree, int rank) { for (var i = rank + 1; i < tree.Length; i += i & -i) tree[i]++; }
    static long Prefix(long[] tree, int rank) { long s = 0; for (var i = rank + 1; i > 0; i -= i & -i) s += tree[i]; return s; }
}
