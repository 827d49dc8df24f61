namespace OrthoRegen.Statistics.Meta;

/// <summary>
/// The model matrix of a (mixed-effects) meta-analysis: an intercept plus p − 1 moderator columns, stored row-major.
/// The intercept-only model stores nothing, so k = 1,000,000 costs no extra memory.
/// </summary>
internal sealed class Design
{
    readonly double[]? _x; // row-major k × p, null for the intercept-only model

    public int K { get; }
    public int P { get; }
    public IReadOnlyList<string> Names { get; }

    Design(int k, int p, double[]? x, IReadOnlyList<string> names) { K = k; P = p; _x = x; Names = names; }

    public static Design Intercept(int k) => new(k, 1, null, ["intrcpt"]);

    /// <summary>An intercept followed by the given columns (each of length k), named as metafor names them.</summary>
    public static Design WithColumns(int k, IReadOnlyList<string> names, IReadOnlyList<double[]> columns)
    {
        var p = columns.Count + 1;
        var x = new double[k * p];
        for (var i = 0; i < k; i++)
        {
            x[i * p] = 1;
            for (var j = 1; j < p; j++) x[i * p + j] = columns[j - 1][i];
        }
        return new Design(k, p, x, ["intrcpt", .. names]);
    }

    public bool IsInterceptOnly => _x is null;

    /// <summary>Copies row i into <paramref name="row"/> (length P).</summary>
    public void Row(int i, Span<double> row)
    {
        if (_x is null) { row[0] = 1; return; }
        _x.AsSpan(i * P, P).CopyTo(row);
    }
}

/// <summary>
/// The weighted least-squares quantities of one τ² value, all computed in O(k·p²) without any k × k matrix. With
/// W = diag(w), A = (X'WX)⁻¹ and P = W − WXAX'W (metafor's P):
/// <list type="bullet">
/// <item><c>Rss</c> = y'Py = Σ wᵢeᵢ² (the generalized Q, or RSS of the weighted fit)</item>
/// <item><c>Ypp</c> = y'PPy = Σ wᵢ²eᵢ² (= −dQ/dτ²)</item>
/// <item><c>TrP</c> = Σ wᵢ − Σ wᵢ²hᵢ and <c>TrPP</c> = Σ wᵢ² − 2 Σ wᵢ³hᵢ + tr((A·X'W²X)²), hᵢ = xᵢ'Axᵢ</item>
/// </list>
/// </summary>
internal sealed record Wls(double[] Beta, double[] Cov, double Rss, double Ypp, double TrP, double TrPP,
    double SumW, double SumW2, double LogDetXwx)
{
    /// <summary>Fits with weights 1/(vᵢ + τ²); <paramref name="unitWeights"/> gives ordinary least squares instead.</summary>
    public static Wls? Fit(Design d, ReadOnlySpan<double> y, ReadOnlySpan<double> v, double tau2, bool unitWeights = false)
    {
        int k = d.K, p = d.P;
        Span<double> x = stackalloc double[p];
        var a = new double[p * p];
        var b = new double[p * p];
        var xwy = new double[p];
        double sumW = 0, sumW2 = 0;
        for (var i = 0; i < k; i++)
        {
            var w = unitWeights ? 1 : 1 / (v[i] + tau2);
            sumW += w; sumW2 += w * w;
            if (p == 1) { a[0] += w; b[0] += w * w; xwy[0] += w * y[i]; continue; }
            d.Row(i, x);
            for (var r = 0; r < p; r++)
            {
                var wr = w * x[r];
                xwy[r] += wr * y[i];
                for (var c = 0; c <= r; c++) { a[r * p + c] += wr * x[c]; b[r * p + c] += w * wr * x[c]; }
            }
        }
        for (var r = 0; r < p; r++)
            for (var c = 0; c < r; c++) { a[c * p + r] = a[r * p + c]; b[c * p + r] = b[r * p + c]; }
        var (cov, logDet) = SmallMatrix.InvertSymmetric(a, p);
        if (cov is null) return null;
        var beta = SmallMatrix.Multiply(cov, xwy, p);

        double rss = 0, ypp = 0, sumW2h = 0, sumW3h = 0;
        for (var i = 0; i < k; i++)
        {
            var w = unitWeights ? 1 : 1 / (v[i] + tau2);
            double fitted, h;
            if (p == 1) { fitted = beta[0]; h = cov[0]; }
            else
            {
                d.Row(i, x);
                fitted = 0; h = 0;
                for (var r = 0; r < p; r++)
                {
                    fitted += x[r] * beta[r];
                    double ax = 0;
                    for (var c = 0; c < p; c++) ax += cov[r * p + c] * x[c];
                    h += x[r] * ax;
                }
            }
            var e = y[i] - fitted;
            rss += w * e * e;
            ypp += w * w * e * e;
            sumW2h += w * w * h;
            sumW3h += w * w * w * h;
        }
        var m = SmallMatrix.Multiply(cov, b, p, p);
        double trMm = 0;
        for (var r = 0; r < p; r++)
            for (var c = 0; c < p; c++) trMm += m[r * p + c] * m[c * p + r];
        return new Wls(beta, cov, rss, ypp, sumW - sumW2h, sumW2 - 2 * sumW3h + trMm, sumW, sumW2, logDet);
    }

    /// <summary>Σ vᵢ(1 − hᵢ) for the unweighted fit (metafor's tr(PV) in the HE estimator).</summary>
    public static double TracePv(Design d, ReadOnlySpan<double> v, double[] olsCov)
    {
        int p = d.P;
        Span<double> x = stackalloc double[p];
        double tr = 0;
        for (var i = 0; i < d.K; i++)
        {
            double h;
            if (p == 1) h = olsCov[0];
            else
            {
                d.Row(i, x);
                h = 0;
                for (var r = 0; r < p; r++)
                {
                    double ax = 0;
                    for (var c = 0; c < p; c++) ax += olsCov[r * p + c] * x[c];
                    h += x[r] * ax;
                }
            }
            tr += v[i] * (1 - h);
        }
        return tr;
    }
}

/// <summary>Dense p × p helpers for the normal equations (p is the number of coefficients, a handful).</summary>
internal static class SmallMatrix
{
    /// <summary>The inverse of a symmetric positive-definite matrix by Cholesky, with log det; null when singular.</summary>
    public static (double[]? Inverse, double LogDet) InvertSymmetric(double[] a, int p)
    {
        var l = new double[p * p];
        double logDet = 0;
        for (var j = 0; j < p; j++)
        {
            var s = a[j * p + j];
            for (var t = 0; t < j; t++) s -= l[j * p + t] * l[j * p + t];
            if (!(s > 1e-13 * Math.Abs(a[j * p + j])) || !double.IsFinite(s)) return (null, double.NaN);
            var ljj = Math.Sqrt(s);
            l[j * p + j] = ljj;
            logDet += 2 * Math.Log(ljj);
            for (var i = j + 1; i < p; i++)
            {
                var u = a[i * p + j];
                for (var t = 0; t < j; t++) u -= l[i * p + t] * l[j * p + t];
                l[i * p + j] = u / ljj;
            }
        }
        // inverse of L, then (L⁻¹)' L⁻¹
        var li = new double[p * p];
        for (var j = 0; j < p; j++)
        {
            li[j * p + j] = 1 / l[j * p + j];
            for (var i = j + 1; i < p; i++)
            {
                double s = 0;
                for (var t = j; t < i; t++) s -= l[i * p + t] * li[t * p + j];
                li[i * p + j] = s / l[i * p + i];
            }
        }
        var inv = new double[p * p];
        for (var r = 0; r < p; r++)
            for (var c = 0; c <= r; c++)
            {
                double s = 0;
                for (var t = r; t < p; t++) s += li[t * p + r] * li[t * p + c];
                inv[r * p + c] = s; inv[c * p + r] = s;
            }
        return (inv, logDet);
    }

    public static double[] Multiply(double[] m, double[] v, int p)
    {
        var r = new double[p];
        for (var i = 0; i < p; i++)
            for (var j = 0; j < p; j++) r[i] += m[i * p + j] * v[j];
        return r;
    }

    public static double[] Multiply(double[] a, double[] b, int n, int p)
    {
        var r = new double[n * p];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < p; j++)
            {
                double s = 0;
                for (var t = 0; t < p; t++) s += a[i * p + t] * b[t * p + j];
                r[i * p + j] = s;
            }
        return r;
    }
}
