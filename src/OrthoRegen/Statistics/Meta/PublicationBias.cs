namespace OrthoRegen.Statistics.Meta;

/// <summary>Small-study effects: Egger's regression test and Duval and Tweedie's trim-and-fill, as metafor does them.</summary>
internal static class PublicationBias
{
    /// <summary>
    /// <c>regtest(fit)</c>: <c>rma(yi, vi, mods = ~ sqrt(vi), method, test)</c>; the statistic and p-value are those of
    /// the SE coefficient, the limit estimate and its interval those of the intercept.
    /// </summary>
    public static EggerTest Egger(double[] y, double[] v, Tau2 method, MetaTest test)
    {
        var se = v.Select(Math.Sqrt).ToArray();
        var r = Rma.Fit(Design.WithColumns(y.Length, ["sei"], [se]), y, v, method, test);
        if (r.Statistic[1] is not { } stat || r.PValue[1] is not { } p)
            throw new NotEstimableException(MetaMessages.RedundantModerator);
        return new EggerTest(stat, p, r.Df, r.Beta[0], r.CiLower[0], r.CiUpper[0]);
    }

    /// <summary>
    /// <c>trimfill(fit)</c>, estimator L0, side chosen as metafor does: left unless the slope of
    /// <c>rma(yi, vi, mods = sqrt(vi), method)</c> is negative. The trimmed and filled models use <paramref name="method"/>
    /// with the z test (metafor passes no test to them); with k0 = 0 the result is the original fit.
    /// </summary>
    public static TrimAndFill TrimFill(double[] y, double[] v, Tau2 method, MetaTest test)
    {
        var k = y.Length;
        var se = v.Select(Math.Sqrt).ToArray();
        if (se.All(s => s == se[0])) throw new NotEstimableException(MetaMessages.TrimFillEqualSe);
        var slope = Rma.Fit(Design.WithColumns(k, ["sei"], [se]), y, v, method, MetaTest.Z).Beta[1];
        var side = slope < 0 ? FunnelSide.Right : FunnelSide.Left;
        var sign = side == FunnelSide.Right ? -1.0 : 1.0;

        // Work on the scale where the missing studies are on the left; stable ascending sort as R's sort().
        var order = Enumerable.Range(0, k).OrderBy(i => sign * y[i]).ToArray();
        var ys = order.Select(i => sign * y[i]).ToArray();
        var vs = order.Select(i => v[i]).ToArray();

        int k0 = 0, k0Previous = -1, iterations = 0;
        double beta = 0;
        while (k0 != k0Previous)
        {
            k0Previous = k0;
            if (++iterations > 100) throw new NotEstimableException(MetaMessages.TrimFillNoConvergence);
            var kt = k - k0;
            beta = Rma.Fit(Design.Intercept(kt), ys.AsSpan(0, kt), vs.AsSpan(0, kt), method, MetaTest.Z).Estimate;
            // rank(abs(yi − beta), ties.method = "first"), summed over the positive deviations
            var ranks = Enumerable.Range(0, k).OrderBy(i => Math.Abs(ys[i] - beta)).ToArray();
            double sr = 0;
            for (var r = 0; r < k; r++)
                if (ys[ranks[r]] - beta > 0) sr += r + 1;
            var l0 = (4 * sr - (double)k * (k + 1)) / (2.0 * k - 1);
            k0 = (int)Math.Max(0, Math.Round(l0, MidpointRounding.ToEven));
        }

        if (k0 == 0)
        {
            var original = Rma.Fit(Design.Intercept(k), y, v, method, test);
            return new TrimAndFill(0, side, original.Estimate, original.StandardError, original.CiLower[0],
                original.CiUpper[0], original.Tau2, []);
        }

        var filled = new List<(double, double)>();
        var yf = new double[k + k0];
        var vf = new double[k + k0];
        Array.Copy(y, yf, k);
        Array.Copy(v, vf, k);
        for (var j = 0; j < k0; j++)
        {
            var src = k - k0 + j;
            var yi = sign * (2 * beta - ys[src]);
            yf[k + j] = yi;
            vf[k + j] = vs[src];
            filled.Add((yi, vs[src]));
        }
        var fit = Rma.Fit(Design.Intercept(k + k0), yf, vf, method, MetaTest.Z);
        return new TrimAndFill(k0, side, fit.Estimate, fit.StandardError, fit.CiLower[0], fit.CiUpper[0], fit.Tau2, filled);
    }
}
