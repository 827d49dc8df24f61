namespace OrthoRegen.Statistics;

/// <summary>Observed and expected events of one group in the log-rank test (survdiff's <c>obs</c> and <c>exp</c>).</summary>
public sealed record LogRankGroup(string Group, int N, double Observed, double Expected);

/// <summary>
/// The log-rank test (= <c>survival::survdiff(Surv(time, status) ~ group)</c>, rho = 0).
/// </summary>
/// <param name="ChiSquare">(O − E)ᵀ V⁻¹ (O − E) over the groups with expected events, the first such group dropped, as survdiff.</param>
/// <param name="Df">Number of groups with expected events &gt; 0, minus 1.</param>
/// <param name="P">Upper chi-square tail; null when Df = 0 (no test), with a message.</param>
/// <param name="Variance">survdiff's <c>var</c> matrix, groups in the order of <paramref name="Groups"/>.</param>
public sealed record LogRankTest(double ChiSquare, int Df, double? P, IReadOnlyList<LogRankGroup> Groups,
    double[,] Variance, string? Message);

/// <summary>Log-rank test for 2..k groups (= survdiff, rho = 0).</summary>
public static class LogRank
{
    /// <summary>
    /// Compares the groups' survival (= <c>survdiff(Surv(time, status) ~ group)</c>). Groups are ordered ordinally,
    /// as R's factor levels in the C locale; at least two groups are required.
    /// </summary>
    public static LogRankTest Test(IReadOnlyList<double> time, IReadOnlyList<bool> status, IReadOnlyList<string> group)
    {
        var order = SurvivalInput.SortedIndex(time, status);
        var (levels, codes) = SurvivalInput.Levels(group, time.Count);
        var k = levels.Length;
        if (k < 2) throw new ArgumentException("The log-rank test needs at least two groups.", nameof(group));
        var atRisk = new double[k];
        foreach (var c in codes) atRisk[c]++;
        var sizes = atRisk.Select(x => (int)x).ToArray();
        var obs = new double[k];
        var exp = new double[k];
        var v = new double[k, k];
        var dj = new double[k];
        var leave = new double[k];
        double n = time.Count;
        for (var idx = 0; idx < order.Length;)
        {
            var t = time[order[idx]];
            Array.Clear(dj); Array.Clear(leave);
            double d = 0;
            for (; idx < order.Length && time[order[idx]] == t; idx++)
            {
                var i = order[idx];
                leave[codes[i]]++;
                if (status[i]) { dj[codes[i]]++; d++; }
            }
            if (d > 0)
            {
                for (var j = 0; j < k; j++) { obs[j] += dj[j]; exp[j] += d * atRisk[j] / n; }
                if (n > 1)
                {
                    var kk = d * (n - d) / (n * n * (n - 1));
                    for (var j = 0; j < k; j++)
                    {
                        if (atRisk[j] == 0) continue;
                        v[j, j] += kk * atRisk[j] * (n - atRisk[j]);
                        for (var m = j + 1; m < k; m++)
                        {
                            var x = kk * atRisk[j] * atRisk[m];
                            v[j, m] -= x; v[m, j] -= x;
                        }
                    }
                }
            }
            for (var j = 0; j < k; j++) { atRisk[j] -= leave[j]; n -= leave[j]; }
        }
        var groups = levels.Select((l, j) => new LogRankGroup(l, sizes[j], obs[j], exp[j])).ToArray();
        var used = Enumerable.Range(0, k).Where(j => exp[j] > 0).ToArray();
        var df = used.Length - 1;
        if (used.Length < 2) return new LogRankTest(0, Math.Max(df, 0), null, groups, v, StatisticsMessages.FewerThanTwoGroupsWithExpected);
        var sub = used.Skip(1).ToArray();
        var m2 = sub.Length;
        var a = new double[m2, m2];
        var b = new double[m2];
        for (var r = 0; r < m2; r++)
        {
            b[r] = obs[sub[r]] - exp[sub[r]];
            for (var c = 0; c < m2; c++) a[r, c] = v[sub[r], sub[c]];
        }
        var x2 = LinearAlgebra.Solve(a, b);
        if (x2 is null) return new LogRankTest(0, df, null, groups, v, "The log-rank variance matrix is singular: the test is not estimable.");
        double chi = 0;
        for (var r = 0; r < m2; r++) chi += x2[r] * b[r];
        return new LogRankTest(chi, df, Probability.ChiSquareUpperTail(chi, df), groups, v, null);
    }
}
