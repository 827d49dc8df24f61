namespace OrthoRegen.Statistics;

/// <summary>
/// One row of survfit's step table: a distinct observed time (event or censoring).
/// </summary>
/// <param name="Time">The observed time, in the input's units.</param>
/// <param name="NRisk">Number at risk just before <paramref name="Time"/> (survfit <c>n.risk</c>).</param>
/// <param name="NEvent">Events at this time (<c>n.event</c>).</param>
/// <param name="NCensor">Censorings at this time (<c>n.censor</c>).</param>
/// <param name="Surv">Kaplan-Meier survival just after this time (<c>surv</c>).</param>
/// <param name="StdErr">
/// survfit's <c>std.err</c>: the Greenwood standard error of the cumulative hazard −log S, not of S (the SE of S is
/// <c>Surv × StdErr</c>); null where it is infinite (the curve has dropped to 0).
/// </param>
/// <param name="Lower">Lower confidence limit (<c>lower</c>); null where survfit reports NA.</param>
/// <param name="Upper">Upper confidence limit (<c>upper</c>); null where survfit reports NA.</param>
public sealed record SurvivalStep(double Time, int NRisk, int NEvent, int NCensor, double Surv, double? StdErr, double? Lower, double? Upper);

/// <summary>Survival read off a curve at a chosen time (R: <c>summary(fit, times = …)</c>).</summary>
/// <param name="Surv">S(t), the step at or before t; null beyond the last follow-up when the curve has not reached 0.</param>
/// <param name="Message">Why a value is null, otherwise null.</param>
public sealed record SurvivalAt(double Time, double? Surv, double? Lower, double? Upper, string? Message);

/// <summary>
/// A Kaplan-Meier curve (= <c>survival::survfit(Surv(time, status) ~ 1)</c>) for one group, with its median and
/// median CI as <c>quantile(fit, 0.5)</c> computes them.
/// </summary>
/// <param name="Group">Group label; "all" when the data were not grouped.</param>
/// <param name="N">Number of observations.</param>
/// <param name="Events">Number of events.</param>
/// <param name="Median">Median survival; null when not reached.</param>
/// <param name="MedianLower">Lower limit of the median: where the lower band first reaches 0.5; null if never.</param>
/// <param name="MedianUpper">Upper limit of the median: where the upper band first reaches 0.5; null when not reached.</param>
/// <param name="Messages">Notes on degenerate parts (no events, median not reached, undefined band).</param>
public sealed record KaplanMeierCurve(
    string Group, int N, int Events, IReadOnlyList<SurvivalStep> Steps,
    double? Median, double? MedianLower, double? MedianUpper,
    ConfidenceBand Band, double Level, IReadOnlyList<string> Messages)
{
    /// <summary>
    /// Survival and its band at each time (R: <c>summary(fit, times = t)</c>): before the first observed time S = 1 with
    /// limits 1 and 1; beyond the last observed time the value is null with a message unless the curve is at 0.
    /// </summary>
    public IReadOnlyList<SurvivalAt> At(IEnumerable<double> times)
    {
        ArgumentNullException.ThrowIfNull(times);
        var result = new List<SurvivalAt>();
        foreach (var t in times)
        {
            if (!double.IsFinite(t)) throw new ArgumentException("Times must be finite.", nameof(times));
            var i = LastAtOrBefore(t);
            if (i < 0)
            {
                // Before the first observed time summary.survfit reports S = 1 with limits 1 and 1, whatever the band.
                result.Add(new SurvivalAt(t, 1, 1, 1, null));
                continue;
            }
            var s = Steps[i];
            if (i == Steps.Count - 1 && t > s.Time && s.Surv > 0)
            {
                result.Add(new SurvivalAt(t, null, null, null, StatisticsMessages.BeyondFollowUp(t, s.Time)));
                continue;
            }
            result.Add(new SurvivalAt(t, s.Surv, s.Lower, s.Upper, s.Lower is null ? StatisticsMessages.BandUndefined : null));
        }
        return result;
    }

    int LastAtOrBefore(double t)
    {
        int lo = 0, hi = Steps.Count - 1, ans = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Steps[mid].Time <= t) { ans = mid; lo = mid + 1; } else hi = mid - 1;
        }
        return ans;
    }
}

/// <summary>
/// Kaplan-Meier estimation (= <c>survival::survfit(Surv(time, status) ~ group, conf.type = …, conf.int = level)</c>)
/// for right-censored data: a step at every distinct observed time, Greenwood variance of the cumulative hazard, and
/// survfit's confidence bands and median rule.
/// </summary>
public static class KaplanMeier
{
    /// <summary>survfit's tolerance in the quantile search, <c>sqrt(.Machine$double.eps)</c>.</summary>
    const double QuantileTolerance = 1.4901161193847656e-08;

    /// <summary>One curve over all observations, labelled "all".</summary>
    /// <param name="time">Follow-up times, finite and ≥ 0.</param>
    /// <param name="status">true = event, false = censored.</param>
    public static KaplanMeierCurve Fit(IReadOnlyList<double> time, IReadOnlyList<bool> status,
        ConfidenceBand band = ConfidenceBand.Log, double level = 0.95) =>
        FitSorted("all", SurvivalInput.SortedIndex(time, status), time, status, band, level);

    /// <summary>One curve per group, groups in ordinal string order (as R's factor levels in the C locale).</summary>
    public static IReadOnlyList<KaplanMeierCurve> FitByGroup(IReadOnlyList<double> time, IReadOnlyList<bool> status,
        IReadOnlyList<string> group, ConfidenceBand band = ConfidenceBand.Log, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(group);
        var (levels, codes) = SurvivalInput.Levels(group, time.Count);
        var order = SurvivalInput.SortedIndex(time, status);
        var perGroup = new List<int>[levels.Length];
        for (var g = 0; g < levels.Length; g++) perGroup[g] = [];
        foreach (var i in order) perGroup[codes[i]].Add(i);
        return levels.Select((l, g) => FitSorted(l, perGroup[g].ToArray(), time, status, band, level)).ToArray();
    }

    static KaplanMeierCurve FitSorted(string label, int[] order, IReadOnlyList<double> time, IReadOnlyList<bool> status,
        ConfidenceBand band, double level)
    {
        Descriptive.RequireLevel(level);
        var z = Probability.NormalQuantile(1 - (1 - level) / 2);
        var steps = new List<SurvivalStep>();
        var nRisk = order.Length;
        double surv = 1, greenwood = 0;
        var events = 0;
        var bandUndefined = false;
        for (var k = 0; k < order.Length;)
        {
            var t = time[order[k]];
            int d = 0, c = 0;
            for (; k < order.Length && time[order[k]] == t; k++)
                if (status[order[k]]) d++; else c++;
            if (d > 0)
            {
                surv *= 1 - (double)d / nRisk;
                greenwood += d < nRisk ? (double)d / ((double)nRisk * (nRisk - d)) : double.PositiveInfinity;
                if (d == nRisk) surv = 0;
            }
            var se = Math.Sqrt(greenwood);
            var (lo, up) = Band.Limits(surv, se, z, band);
            bandUndefined |= lo is null;
            steps.Add(new SurvivalStep(t, nRisk, d, c, surv, double.IsFinite(se) ? se : null, lo, up));
            events += d;
            nRisk -= d + c;
        }
        var messages = new List<string>();
        if (events == 0) messages.Add(StatisticsMessages.NoEvents);
        var median = Quantile(steps, s => s.Surv, 0.5);
        var medLo = Quantile(steps, s => s.Lower, 0.5);
        var medUp = Quantile(steps, s => s.Upper, 0.5);
        if (median is null && events > 0) messages.Add(StatisticsMessages.MedianNotReached);
        if (medUp is null && median is not null) messages.Add(StatisticsMessages.MedianUpperNotReached);
        if (medLo is null && median is not null) messages.Add(StatisticsMessages.MedianLowerNotReached);
        if (bandUndefined && events > 0) messages.Add(StatisticsMessages.BandUndefined);
        return new KaplanMeierCurve(label, order.Length, events, steps, median, medLo, medUp, band, level, messages);
    }

    /// <summary>
    /// survfit's <c>findq</c> (used by <c>quantile.survfit</c>): on the points (0, 0), (tᵢ, 1 − curveᵢ) with repeated
    /// values dropped, the first time the curve is at or below 1 − p within a tolerance; a flat stretch exactly at 1 − p
    /// gives the midpoint of the stretch, or of the stretch and the last time when the curve ends there. Null = not reached.
    /// </summary>
    internal static double? Quantile(IReadOnlyList<SurvivalStep> steps, Func<SurvivalStep, double?> curve, double p)
    {
        var m = steps.Count + 1;
        var xs = new double[m];
        var ys = new double?[m];
        xs[0] = 0; ys[0] = 0;
        for (var i = 0; i < steps.Count; i++) { xs[i + 1] = steps[i].Time; var c = curve(steps[i]); ys[i + 1] = c is null ? null : 1 - c.Value; }
        return FindQ(xs, ys, p, QuantileTolerance);
    }

    internal static double? FindQ(double[] x0, double?[] y0, double p, double tol)
    {
        double max = double.NegativeInfinity;
        foreach (var y in y0) if (y is { } v && v > max) max = v;
        if (max < p) return null;
        var xmax = x0[^1];
        // drop duplicated y values (R's duplicated(): NA equals NA), keeping the first
        var x = new List<double>(); var yv = new List<double?>();
        var seen = new HashSet<double>(); var seenNa = false;
        for (var i = 0; i < y0.Length; i++)
        {
            if (y0[i] is { } v) { if (!seen.Add(v)) continue; }
            else { if (seenNa) continue; seenNa = true; }
            x.Add(x0[i]); yv.Add(y0[i]);
        }
        var n = yv.Count;
        var i1 = ApproxConstantRight(yv, +tol, p);
        var i2 = ApproxConstantRight(yv, -tol, p);
        double? quant = i1 is { } a && i2 is { } b ? (x[a] + x[b]) / 2 : null;
        if (yv[n - 1] is { } last && Math.Abs(p - last) < tol)
            quant = i1 is { } a1 ? (x[a1] + xmax) / 2 : null;
        return quant;
    }

    // R's approx(y + shift, seq_along(y), p, method = "constant", f = 1)$y, pairs with NA dropped, rule = 1 (NA outside).
    static int? ApproxConstantRight(List<double?> y, double shift, double p)
    {
        var pts = new List<(double V, int I)>();
        for (var i = 0; i < y.Count; i++) if (y[i] is { } v) pts.Add((v + shift, i));
        if (pts.Count == 0) return null;
        pts.Sort((a, b) => a.V.CompareTo(b.V) != 0 ? a.V.CompareTo(b.V) : a.I.CompareTo(b.I));
        if (p < pts[0].V || p > pts[^1].V) return null;
        // first point with V >= p; exact match returns that point, otherwise the right neighbour (f = 1)
        int lo = 0, hi = pts.Count - 1;
        while (lo < hi) { var mid = (lo + hi) >>> 1; if (pts[mid].V >= p) hi = mid; else lo = mid + 1; }
        return pts[lo].I;
    }
}

/// <summary>Input checks and ordering shared by the survival estimators.</summary>
internal static class SurvivalInput
{
    /// <summary>Row indices sorted by time (stable), after checking lengths and values.</summary>
    public static int[] SortedIndex(IReadOnlyList<double> time, IReadOnlyList<bool> status)
    {
        ArgumentNullException.ThrowIfNull(time); ArgumentNullException.ThrowIfNull(status);
        if (status.Count != time.Count) throw new ArgumentException("time and status must have the same length.", nameof(status));
        return SortedIndex(time);
    }

    public static int[] SortedIndex(IReadOnlyList<double> time)
    {
        var keys = new double[time.Count];
        var idx = new int[time.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            var t = time[i];
            if (!double.IsFinite(t) || t < 0) throw new ArgumentException($"Time {i + 1} must be a finite number ≥ 0.", nameof(time));
            keys[i] = t; idx[i] = i;
        }
        // The order within tied times is irrelevant: every estimator only sums over a tied block.
        Array.Sort(keys, idx);
        return idx;
    }

    /// <summary>Distinct labels in ordinal order and each row's code.</summary>
    public static (string[] Levels, int[] Codes) Levels(IReadOnlyList<string> labels, int n)
    {
        if (labels.Count != n) throw new ArgumentException("group must have one label per observation.", nameof(labels));
        var levels = labels.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < levels.Length; i++) map[levels[i]] = i;
        var codes = new int[n];
        for (var i = 0; i < n; i++) codes[i] = map[labels[i]];
        return (levels, codes);
    }
}
