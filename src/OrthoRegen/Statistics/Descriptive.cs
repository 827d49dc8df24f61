namespace OrthoRegen.Statistics;

/// <summary>Mean and standard deviation of a sample (R: <c>mean(x)</c>, <c>sd(x)</c>, denominator n − 1).</summary>
/// <param name="N">Number of values.</param>
/// <param name="Mean">Arithmetic mean; null when N = 0.</param>
/// <param name="Sd">Sample SD with denominator n − 1; null when N &lt; 2.</param>
/// <param name="Message">Why a field is null, otherwise null.</param>
public sealed record SampleSummary(int N, double? Mean, double? Sd, string? Message);

/// <summary>
/// Mean paired change (after − before) with a Student-t confidence interval
/// (R: <c>t.test(after, before, paired = TRUE, conf.level = level)</c>).
/// </summary>
/// <param name="Lower">Lower confidence limit; null when not estimable (N &lt; 2 or zero variance of the changes).</param>
/// <param name="P">Two-sided p-value of "mean change = 0"; null when not estimable.</param>
public sealed record MeanChange(int N, double? Mean, double? Sd, double? Se, double? Lower, double? Upper, double? T, double? Df, double? P, string? Message);

/// <summary>A proportion x/n with its Wilson score interval (R: <c>prop.test(x, n, correct = FALSE)$conf.int</c>).</summary>
public sealed record Proportion(int Events, int N, double? Estimate, double? Lower, double? Upper, string? Message);

/// <summary>
/// Difference of two means (first − second) with Welch's unequal-variance t interval
/// (R: <c>t.test(x, y, var.equal = FALSE, conf.level = level)</c>).
/// </summary>
/// <param name="Df">Welch–Satterthwaite degrees of freedom.</param>
public sealed record MeanDifference(double? Difference, double? Se, double? Lower, double? Upper, double? T, double? Df, double? P, string? Message);

/// <summary>Descriptive statistics for PROM scores and response rates; every method names its R twin.</summary>
public static class Descriptive
{
    /// <summary>Mean and SD (R: <c>mean</c>, <c>sd</c>). Values must be finite (missing values are the caller's to drop).</summary>
    public static SampleSummary Summarize(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        RequireFinite(values, nameof(values));
        var n = values.Count;
        if (n == 0) return new SampleSummary(0, null, null, StatisticsMessages.EmptySample);
        var (mean, ss) = MeanAndSumOfSquares(values);
        if (n < 2) return new SampleSummary(n, mean, null, StatisticsMessages.TooFewForSd);
        return new SampleSummary(n, mean, Math.Sqrt(ss / (n - 1)), null);
    }

    /// <summary>
    /// Mean change after − before with a paired-t interval at <paramref name="level"/> (R:
    /// <c>t.test(after, before, paired = TRUE)</c>). With fewer than 2 pairs or identical changes the interval, t and p
    /// are null with a message (R stops with "data are essentially constant").
    /// </summary>
    public static MeanChange PairedChange(IReadOnlyList<double> before, IReadOnlyList<double> after, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(before); ArgumentNullException.ThrowIfNull(after);
        if (before.Count != after.Count) throw new ArgumentException(StatisticsMessages.PairedLengthMismatch, nameof(after));
        RequireLevel(level);
        var d = new double[before.Count];
        for (var i = 0; i < d.Length; i++) d[i] = after[i] - before[i];
        RequireFinite(d, nameof(after));
        var n = d.Length;
        if (n == 0) return new MeanChange(0, null, null, null, null, null, null, null, null, StatisticsMessages.EmptySample);
        var (mean, ss) = MeanAndSumOfSquares(d);
        return ChangeOf(n, mean, ss, level);
    }

    /// <summary>
    /// <see cref="Summarize"/> of a sample given as distinct values and how often each occurs (a histogram): the same
    /// mean (with the same correction pass) and SD as the expanded sample, up to the order of floating-point sums.
    /// </summary>
    public static SampleSummary SummarizeCounted(IReadOnlyList<double> values, IReadOnlyList<long> counts)
    {
        var (n, mean, ss) = CountedMoments(values, counts, nameof(values));
        if (n == 0) return new SampleSummary(0, null, null, StatisticsMessages.EmptySample);
        if (n < 2) return new SampleSummary(1, mean, null, StatisticsMessages.TooFewForSd);
        return new SampleSummary(checked((int)n), mean, Math.Sqrt(ss / (n - 1)), null);
    }

    /// <summary>
    /// <see cref="PairedChange"/> from the paired differences (after − before) given as distinct values and their counts.
    /// </summary>
    public static MeanChange PairedChangeCounted(IReadOnlyList<double> differences, IReadOnlyList<long> counts, double level = 0.95)
    {
        RequireLevel(level);
        var (n, mean, ss) = CountedMoments(differences, counts, "after");
        if (n == 0) return new MeanChange(0, null, null, null, null, null, null, null, null, StatisticsMessages.EmptySample);
        return ChangeOf(checked((int)n), mean, ss, level);
    }

    static (long N, double Mean, double SumSq) CountedMoments(IReadOnlyList<double> x, IReadOnlyList<long> w, string name)
    {
        ArgumentNullException.ThrowIfNull(x); ArgumentNullException.ThrowIfNull(w);
        if (x.Count != w.Count) throw new ArgumentException("values and counts must have the same length.", nameof(w));
        RequireFinite(x, name);
        long n = 0;
        for (var i = 0; i < w.Count; i++) { if (w[i] < 0) throw new ArgumentException($"Count {i + 1} must be ≥ 0.", nameof(w)); n += w[i]; }
        if (n == 0) return (0, 0, 0);
        double s = 0;
        for (var i = 0; i < x.Count; i++) s += x[i] * w[i];
        var mean = s / n;
        double c = 0;
        for (var i = 0; i < x.Count; i++) c += (x[i] - mean) * w[i];
        mean += c / n;
        double ss = 0;
        for (var i = 0; i < x.Count; i++) { var d = x[i] - mean; ss += d * d * w[i]; }
        return (n, mean, ss);
    }

    static MeanChange ChangeOf(int n, double mean, double ss, double level)
    {
        if (n < 2) return new MeanChange(n, mean, null, null, null, null, null, null, null, StatisticsMessages.TooFewForSd);
        var sd = Math.Sqrt(ss / (n - 1));
        if (!(sd > 0)) return new MeanChange(n, mean, 0, 0, null, null, null, n - 1, null, StatisticsMessages.ZeroVariance);
        var se = sd / Math.Sqrt(n);
        var q = Probability.StudentTQuantile(1 - (1 - level) / 2, n - 1);
        var t = mean / se;
        return new MeanChange(n, mean, sd, se, mean - q * se, mean + q * se, t, n - 1, Probability.StudentTTwoSidedP(t, n - 1), null);
    }

    /// <summary>
    /// Proportion <paramref name="events"/>/<paramref name="n"/> with the Wilson score interval without continuity
    /// correction (R: <c>prop.test(x, n, correct = FALSE)$conf.int</c>); n = 0 gives nulls with a message.
    /// </summary>
    public static Proportion Wilson(int events, int n, double level = 0.95)
    {
        if (n < 0 || events < 0 || events > n) throw new ArgumentOutOfRangeException(nameof(events), "Need 0 ≤ events ≤ n.");
        RequireLevel(level);
        if (n == 0) return new Proportion(events, n, null, null, null, StatisticsMessages.NoTrials);
        var z = Probability.NormalQuantile(1 - (1 - level) / 2);
        var z2 = z * z;
        var p = (double)events / n;
        var centre = (p + z2 / (2.0 * n)) / (1 + z2 / n);
        var half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        return new Proportion(events, n, p, Math.Max(0, centre - half), Math.Min(1, centre + half), null);
    }

    /// <summary>
    /// Difference of means first − second with Welch's interval at <paramref name="level"/> (R:
    /// <c>t.test(first, second)</c>). Each sample needs at least 2 values; two zero-variance samples give nulls.
    /// </summary>
    public static MeanDifference Welch(IReadOnlyList<double> first, IReadOnlyList<double> second, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(first); ArgumentNullException.ThrowIfNull(second);
        RequireFinite(first, nameof(first)); RequireFinite(second, nameof(second));
        RequireLevel(level);
        int n1 = first.Count, n2 = second.Count;
        if (n1 < 2 || n2 < 2)
        {
            double? diff = n1 > 0 && n2 > 0 ? MeanAndSumOfSquares(first).Mean - MeanAndSumOfSquares(second).Mean : null;
            return new MeanDifference(diff, null, null, null, null, null, null, StatisticsMessages.TooFewForSd);
        }
        var (m1, ss1) = MeanAndSumOfSquares(first);
        var (m2, ss2) = MeanAndSumOfSquares(second);
        double v1 = ss1 / (n1 - 1) / n1, v2 = ss2 / (n2 - 1) / n2;
        var se = Math.Sqrt(v1 + v2);
        if (!(se > 0)) return new MeanDifference(m1 - m2, 0, null, null, null, null, null, StatisticsMessages.ZeroVariance);
        var df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1));
        var q = Probability.StudentTQuantile(1 - (1 - level) / 2, df);
        var t = (m1 - m2) / se;
        return new MeanDifference(m1 - m2, se, m1 - m2 - q * se, m1 - m2 + q * se, t, df, Probability.StudentTTwoSidedP(t, df), null);
    }

    // Two-pass mean and centred sum of squares, as R's mean() (with its correction pass) and var().
    static (double Mean, double SumSq) MeanAndSumOfSquares(IReadOnlyList<double> x)
    {
        double s = 0;
        for (var i = 0; i < x.Count; i++) s += x[i];
        var mean = s / x.Count;
        double c = 0;
        for (var i = 0; i < x.Count; i++) c += x[i] - mean;
        mean += c / x.Count;
        double ss = 0;
        for (var i = 0; i < x.Count; i++) { var d = x[i] - mean; ss += d * d; }
        return (mean, ss);
    }

    static void RequireFinite(IReadOnlyList<double> x, string name)
    {
        for (var i = 0; i < x.Count; i++)
            if (!double.IsFinite(x[i])) throw new ArgumentException($"Value {i + 1} is not a finite number.", name);
    }

    internal static void RequireLevel(double level)
    {
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), "Confidence level must be in (0, 1).");
    }
}
