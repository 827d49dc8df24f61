namespace OrthoRegen.Statistics;

/// <summary>One time point of a cumulative incidence curve (= a row of survfit's multi-state <c>pstate</c> column).</summary>
/// <param name="NRisk">Number still event-free and under observation just before the time (<c>n.risk</c> of the initial state).</param>
/// <param name="NEvent">Events of this cause at the time.</param>
/// <param name="NCensor">Censorings at the time.</param>
/// <param name="Estimate">Aalen-Johansen cumulative incidence of this cause (<c>pstate</c>).</param>
/// <param name="StdErr">Standard error of the cumulative incidence itself (survfit's multi-state <c>std.err</c>,
/// the infinitesimal-jackknife variance), not of a log.</param>
/// <param name="Lower">Lower limit; null where survfit reports NA (log band at an incidence of 0).</param>
public sealed record IncidenceStep(double Time, int NRisk, int NEvent, int NCensor, double Estimate, double StdErr, double? Lower, double? Upper);

/// <summary>The cumulative incidence curve of one cause.</summary>
public sealed record CumulativeIncidence(string Cause, int Events, IReadOnlyList<IncidenceStep> Steps);

/// <summary>
/// Aalen-Johansen estimate for competing risks in one group (= <c>survival::survfit(Surv(time, status) ~ group)</c>
/// with <c>status</c> a factor whose first level is censoring): one curve per cause, with the infinitesimal-jackknife
/// standard errors and the band of survfit (<c>conf.type</c> applied to the probability, with se/p as the log-scale se).
/// </summary>
public sealed record CompetingRisksFit(string Group, int N, IReadOnlyList<CumulativeIncidence> Causes,
    ConfidenceBand Band, double Level, IReadOnlyList<string> Messages);

/// <summary>
/// Competing-risks cumulative incidence (= survfit with a multi-state factor status). When death competes with joint
/// replacement, 1 − Kaplan-Meier for replacement (death censored) overstates it; the Aalen-Johansen estimate does not.
/// </summary>
public static class AalenJohansen
{
    /// <summary>Fits each group separately (ordinal order of labels); without groups one fit labelled "all".</summary>
    /// <param name="time">Times, finite and ≥ 0.</param>
    /// <param name="cause">0 = censored, k = 1..K the cause of the event.</param>
    /// <param name="causeNames">Names of causes 1..K (defaults to "1".."K"); K is the length of this list if given.</param>
    public static IReadOnlyList<CompetingRisksFit> Fit(IReadOnlyList<double> time, IReadOnlyList<int> cause,
        IReadOnlyList<string>? causeNames = null, IReadOnlyList<string>? group = null,
        ConfidenceBand band = ConfidenceBand.Log, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(time); ArgumentNullException.ThrowIfNull(cause);
        if (cause.Count != time.Count) throw new ArgumentException("time and cause must have the same length.", nameof(cause));
        Descriptive.RequireLevel(level);
        var k = causeNames?.Count ?? (cause.Count == 0 ? 0 : cause.Max());
        for (var i = 0; i < cause.Count; i++)
            if (cause[i] < 0 || cause[i] > k) throw new ArgumentException($"Cause {i + 1} must be 0 (censored) or 1..{k}.", nameof(cause));
        var names = causeNames?.ToArray() ?? Enumerable.Range(1, k).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var order = SurvivalInput.SortedIndex(time);
        if (group is null) return [FitOne("all", order, time, cause, names, band, level)];
        var (levels, codes) = SurvivalInput.Levels(group, time.Count);
        var per = levels.Select(_ => new List<int>()).ToArray();
        foreach (var i in order) per[codes[i]].Add(i);
        return levels.Select((l, g) => FitOne(l, per[g].ToArray(), time, cause, names, band, level)).ToArray();
    }

    // The infinitesimal jackknife of survfit (survfitaj.c) tracks one influence vector U per subject. For competing
    // risks all subjects still at risk share one vector R, and after a subject leaves, its vector evolves linearly:
    // U0 = a·S(t) and Uk grows by a·ΔFk(t) with a = U0/S at exit. Keeping Σa², Σa·Uk and ΣUk² over departed subjects
    // (updated by small increments ΔFk, so nothing cancels) gives survfit's variance in O(n·K) instead of O(n²·K).
    static CompetingRisksFit FitOne(string label, int[] order, IReadOnlyList<double> time, IReadOnlyList<int> cause,
        string[] names, ConfidenceBand band, double level)
    {
        var K = names.Length;
        var z = Probability.NormalQuantile(1 - (1 - level) / 2);
        var steps = names.Select(_ => new List<IncidenceStep>()).ToArray();
        var F = new double[K + 1];       // F[0] = event-free probability S, F[k] = incidence of cause k
        F[0] = 1;
        var R = new double[K + 1];       // influence vector shared by everyone still at risk
        double a2 = 0;                   // Σ a² over departed subjects
        var pa = new double[K + 1];      // Σ a·Uk
        var q = new double[K + 1];       // Σ Uk²
        var se = new double[K + 1];
        var d = new int[K + 1];
        var eventsPerCause = new int[K + 1];
        var u = new double[K + 1];
        var nRisk = order.Length;
        for (var idx = 0; idx < order.Length;)
        {
            var t = time[order[idx]];
            Array.Clear(d);
            var cens = 0;
            for (; idx < order.Length && time[order[idx]] == t; idx++)
            {
                var c = cause[order[idx]];
                if (c == 0) cens++; else d[c]++;
            }
            var dAll = 0;
            for (var c = 1; c <= K; c++) { dAll += d[c]; eventsPerCause[c] += d[c]; }
            var n = (double)nRisk;
            if (dAll > 0)
            {
                var p0 = F[0];
                // departed subjects: Uk += a·ΔFk, where ΔFk = p0·dk/n
                for (var c = 1; c <= K; c++)
                {
                    if (d[c] == 0) continue;
                    var dF = p0 * d[c] / n;
                    var inc = 2 * dF * pa[c] + dF * dF * a2;
                    var scale = Math.Abs(q[c]) + Math.Abs(inc);
                    q[c] += inc;
                    // A sum of squares that is zero in exact arithmetic must not come back as rounding noise (whose
                    // square root, ~1e-9, would show as a standard error).
                    if (q[c] <= NoiseFloor * scale) q[c] = 0;
                    pa[c] += dF * a2;
                }
                // the shared at-risk vector: U ← U + U·H, then the at-risk part of the hazard's influence
                var r0 = R[0];
                R[0] = r0 * (1 - dAll / n) + p0 * dAll / (n * n);
                for (var c = 1; c <= K; c++) R[c] += r0 * d[c] / n - p0 * d[c] / (n * n);
                // estimates: p(t) = p(t−) · (I + dA)
                for (var c = 1; c <= K; c++)
                {
                    if (d[c] == 0) continue;
                    var h = d[c] / n;
                    F[0] -= p0 * h;
                    F[c] += p0 * h;
                }
                if (dAll == nRisk) F[0] = 0;
                // variance: departed + those leaving now + those staying
                var stay = nRisk - dAll; // includes the censored at t, whose vector is R
                for (var c = 1; c <= K; c++)
                {
                    var v = q[c] + stay * R[c] * R[c];
                    for (var e = 1; e <= K; e++)
                    {
                        if (d[e] == 0) continue;
                        var ue = R[c] + (c == e ? p0 / n : 0);
                        v += d[e] * ue * ue;
                    }
                    se[c] = Math.Sqrt(Math.Max(v, 0));
                }
                // move the subjects with an event now into the departed sums
                if (F[0] > 0)
                    for (var e = 1; e <= K; e++)
                    {
                        if (d[e] == 0) continue;
                        for (var c = 0; c <= K; c++) u[c] = R[c];
                        u[0] -= p0 / n; u[e] += p0 / n;
                        AddDeparted(u, d[e], F[0], K, ref a2, pa, q);
                    }
            }
            if (cens > 0 && F[0] > 0) AddDeparted(R, cens, F[0], K, ref a2, pa, q);
            for (var c = 1; c <= K; c++)
            {
                var est = F[c];
                var (lo, up) = Band.Limits(est, se[c] == 0 ? 0 : se[c] / est, z, band);
                steps[c - 1].Add(new IncidenceStep(t, nRisk, d[c], cens, est, se[c], lo, up));
            }
            nRisk -= dAll + cens;
        }
        var messages = new List<string>();
        var curves = new CumulativeIncidence[K];
        for (var c = 1; c <= K; c++)
        {
            curves[c - 1] = new CumulativeIncidence(names[c - 1], eventsPerCause[c], steps[c - 1]);
            if (eventsPerCause[c] == 0) messages.Add($"No events of cause '{names[c - 1]}' in group '{label}': its cumulative incidence stays 0 and its band is not defined.");
        }
        return new CompetingRisksFit(label, order.Length, curves, band, level, messages);
    }

    const double NoiseFloor = 1e-13;

    static void AddDeparted(double[] u, int count, double s, int k, ref double a2, double[] pa, double[] q)
    {
        var a = u[0] / s;
        a2 += count * a * a;
        for (var c = 1; c <= k; c++) { pa[c] += count * a * u[c]; q[c] += count * u[c] * u[c]; }
    }
}
