namespace OrthoRegen.Statistics.Meta;

/// <summary>Meta-regression on one continuous moderator: <c>rma(yi, vi, mods = ~ x, method, test)</c>.</summary>
internal static class MetaRegression
{
    public static MetaRegressionFit Fit(double[] y, double[] v, double[] x, string name, Tau2 method, MetaTest test, MetaFit withoutModerator)
    {
        var k = y.Length;
        var r = Rma.Fit(Design.WithColumns(k, [name], [x]), y, v, method, test);
        if (r.QM is null || r.QMPValue is null) throw new NotEstimableException(MetaMessages.RedundantModerator);
        var terms = Enumerable.Range(0, r.P)
            .Select(j => new MetaTerm(r.Names[j], r.Beta[j], r.Se[j], r.Statistic[j], r.PValue[j], r.CiLower[j], r.CiUpper[j]))
            .ToList();
        double r2;
        if (method == Tau2.FixedEffect)
        {
            // metafor: max(0, 100 · adjusted R² of lm(yi ~ x, weights = 1/vi)); 0 when var(yi) is 0.
            var tss = withoutModerator.Q;
            r2 = tss == 0 ? 0 : Math.Max(0, 100 * (1 - r.QE / tss * (k - 1.0) / (k - r.P)));
        }
        else
        {
            var t0 = withoutModerator.Tau2;
            r2 = t0 == 0 ? 0 : Math.Max(0, 100 * (t0 - r.Tau2) / t0);
        }
        return new MetaRegressionFit(terms, r.QM.Value, r.QMDf, r.QMPValue.Value, r.Tau2, r.I2, r.QE, r.QEDf, r.QEPValue, r2);
    }
}
