namespace OrthoRegen.Statistics.Meta;

/// <summary>
/// Subgroup analysis as NUMERICS.md fixes it: <c>rma(yi, vi, subset = g == level)</c> per level, the test of subgroup
/// differences <c>rma(estimates, sei = SEs, method = "FE")</c>'s Q, and the QM test of
/// <c>rma(yi, vi, mods = ~ factor(g))</c>.
/// </summary>
internal static class Subgroups
{
    public static SubgroupAnalysis Analyse(double[] y, double[] v, IReadOnlyList<string> groups, Tau2 method, MetaTest test)
    {
        var levels = groups.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var fits = new List<SubgroupFit>();
        foreach (var level in levels)
        {
            var idx = Enumerable.Range(0, y.Length).Where(i => groups[i] == level).ToArray();
            var yg = idx.Select(i => y[i]).ToArray();
            var vg = idx.Select(i => v[i]).ToArray();
            var r = Rma.Fit(Design.Intercept(idx.Length), yg, vg, method, test);
            fits.Add(new SubgroupFit(level, idx.Length, r.Estimate, r.StandardError, r.CiLower[0], r.CiUpper[0], r.Tau2, r.I2));
        }

        if (fits.Any(f => !(f.StandardError > 0)))
            throw new NotEstimableException(MetaMessages.SubgroupModel("a subgroup estimate has a standard error of 0"));
        var between = Rma.Fit(Design.Intercept(fits.Count), fits.Select(f => f.Estimate).ToArray(),
            fits.Select(f => f.StandardError * f.StandardError).ToArray(), Tau2.FixedEffect, MetaTest.Z);

        double? qm = null, qmp = null;
        string? reason = null;
        var dummies = levels.Skip(1).Select(l => groups.Select(g => g == l ? 1.0 : 0.0).ToArray()).ToArray();
        try
        {
            var design = Design.WithColumns(y.Length, levels.Skip(1).Select(l => "factor(g)" + l).ToArray(), dummies);
            var m = Rma.Fit(design, y, v, method, test);
            (qm, qmp) = (m.QM, m.QMPValue);
            if (qm is null || qmp is null) reason = MetaMessages.RedundantModerator;
        }
        catch (NotEstimableException e) { reason = MetaMessages.SubgroupModel(e.Message); }

        return new SubgroupAnalysis(fits, between.QE, between.QEDf, between.QEPValue, qm, levels.Length - 1, qmp, reason);
    }
}
