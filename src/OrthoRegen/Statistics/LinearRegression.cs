namespace OrthoRegen.Statistics;

/// <summary>The fitted line and its confidence band at one x (a row of <c>predict(fit, data.frame(x), interval = "confidence")</c>).</summary>
public sealed record LinePoint(double X, double Fit, double Lower, double Upper);

/// <summary>
/// A simple least-squares line y = a + b·x (= <c>lm(y ~ x)</c>): coefficients with standard errors, t tests on n − 2 df,
/// residual standard error, R², and the confidence band of the mean response (not a prediction interval).
/// </summary>
/// <param name="Sigma">Residual standard error √(RSS / (n − 2)) (<c>summary(fit)$sigma</c>).</param>
/// <param name="SlopeP">Two-sided t-test p-value of the slope.</param>
public sealed record LinearFit(int N, double Intercept, double InterceptSe, double Slope, double SlopeSe, double SlopeLower, double SlopeUpper,
    double SlopeP, double Sigma, double RSquared, int Df, double MeanX, double Sxx, double Level)
{
    /// <summary>The line and its band at <paramref name="x"/>: fit ± t(1 − α/2, n − 2)·σ·√(1/n + (x − x̄)²/Sxx).</summary>
    public LinePoint At(double x)
    {
        var fit = Intercept + Slope * x;
        var t = Probability.StudentTQuantile(1 - (1 - Level) / 2, Df);
        var se = Sigma * Math.Sqrt(1.0 / N + (x - MeanX) * (x - MeanX) / Sxx);
        return new LinePoint(x, fit, fit - t * se, fit + t * se);
    }

    /// <summary>The band at <paramref name="points"/> evenly spaced x from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public IReadOnlyList<LinePoint> Band(double from, double to, int points = 50) =>
        Enumerable.Range(0, points).Select(i => At(from + (to - from) * i / (points - 1))).ToList();
}

/// <summary>Ordinary least squares for one predictor (= <c>lm(y ~ x)</c>), computed with centred sums for accuracy.</summary>
public static class LinearRegression
{
    /// <summary>
    /// Fits y on x. Fewer than 3 points or a constant x cannot give a line with a confidence band: NotEstimable with
    /// the reason. A perfect fit (zero residual) gives a zero-width band.
    /// </summary>
    public static FitOutcome<LinearFit> Fit(IReadOnlyList<double> x, IReadOnlyList<double> y, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(x); ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count) throw new ArgumentException("x and y must have the same length.", nameof(y));
        Descriptive.RequireLevel(level);
        for (var i = 0; i < x.Count; i++)
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i])) throw new ArgumentException($"Value {i + 1} is not finite.");
        var n = x.Count;
        if (n < 3) return new FitOutcome<LinearFit>.NotEstimable("A regression line with a confidence band needs at least 3 points.");
        var mx = x.Average();
        var my = y.Average();
        double sxx = 0, sxy = 0, syy = 0;
        for (var i = 0; i < n; i++) { var dx = x[i] - mx; var dy = y[i] - my; sxx += dx * dx; sxy += dx * dy; syy += dy * dy; }
        if (!(sxx > 0)) return new FitOutcome<LinearFit>.NotEstimable("All x values are equal: the slope is not estimable.");
        var b = sxy / sxx;
        var a = my - b * mx;
        double rss = 0;
        for (var i = 0; i < n; i++) { var r = y[i] - a - b * x[i]; rss += r * r; }
        var df = n - 2;
        var sigma = Math.Sqrt(rss / df);
        var seB = sigma / Math.Sqrt(sxx);
        var seA = sigma * Math.Sqrt(1.0 / n + mx * mx / sxx);
        var t = Probability.StudentTQuantile(1 - (1 - level) / 2, df);
        var p = seB > 0 ? Probability.StudentTTwoSidedP(b / seB, df) : 0;
        var r2 = syy > 0 ? 1 - rss / syy : 1;
        return new FitOutcome<LinearFit>.Fitted(new LinearFit(n, a, seA, b, seB, b - t * seB, b + t * seB, p, sigma, r2, df, mx, sxx, level));
    }
}
