namespace OrthoRegen.Statistics.Meta;

/// <summary>Refits that show how the pooled result depends on single studies and on the order of evidence.</summary>
internal static class Sensitivity
{
    /// <summary>
    /// <c>leave1out(fit)</c>: the model refitted k times, each without one study, with the same method and test
    /// (with k = 2 each refit has one study and therefore τ² = 0 and z inference, as in metafor).
    /// </summary>
    public static IReadOnlyList<LeaveOneOutRow> LeaveOneOut(double[] y, double[] v, string[] labels, Tau2 method, MetaTest test)
    {
        var k = y.Length;
        var rows = new LeaveOneOutRow[k];
        var ys = new double[k - 1];
        var vs = new double[k - 1];
        var d = Design.Intercept(k - 1);
        for (var i = 0; i < k; i++)
        {
            for (int j = 0, t = 0; j < k; j++)
                if (j != i) { ys[t] = y[j]; vs[t] = v[j]; t++; }
            var r = Rma.Fit(d, ys, vs, method, test);
            rows[i] = new LeaveOneOutRow(labels[i], r.Estimate, r.StandardError, r.PValue[0], r.CiLower[0], r.CiUpper[0],
                r.QE, r.Tau2, r.I2);
        }
        return rows;
    }

    /// <summary><c>cumul(fit)</c>: the model fitted to studies 1..i in input order, for i = 1..k.</summary>
    public static IReadOnlyList<CumulativeRow> Cumulative(double[] y, double[] v, string[] labels, Tau2 method, MetaTest test)
    {
        var rows = new CumulativeRow[y.Length];
        for (var i = 0; i < y.Length; i++)
        {
            var r = Rma.Fit(Design.Intercept(i + 1), y.AsSpan(0, i + 1), v.AsSpan(0, i + 1), method, test);
            rows[i] = new CumulativeRow(labels[i], i + 1, r.Estimate, r.StandardError, r.PValue[0], r.CiLower[0],
                r.CiUpper[0], r.Tau2, r.I2);
        }
        return rows;
    }
}
