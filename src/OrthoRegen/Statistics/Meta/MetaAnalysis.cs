namespace OrthoRegen.Statistics.Meta;

/// <summary>
/// The meta-analysis engine, twin of <c>metafor::rma</c> and its companions (<c>confint</c>, <c>predict</c>,
/// <c>weights</c>, <c>regtest</c>, <c>trimfill</c>, <c>leave1out</c>, <c>cumul</c>), validated against metafor 3.8
/// run with <c>control = list(threshold = 1e-12, tol = 1e-12, maxiter = 10000)</c>. Everything is O(k) memory and,
/// except leave-one-out and cumulative analysis (k refits each), O(k) time per iteration: no k × k matrix is built.
/// </summary>
public static class MetaAnalysis
{
    /// <summary>
    /// Fits the intercept-only model: <c>rma(yi, vi, method, test)</c> plus Q-profile limits for τ² and the prediction
    /// interval. Fewer than 2 studies, or a non-positive or non-finite variance, is invalid input named by row.
    /// </summary>
    public static Outcome<MetaFit> Fit(IReadOnlyList<StudyEffect> studies, Tau2 method, MetaTest test = MetaTest.Z)
    {
        var errors = ValidateStudies(studies);
        if (errors is not null) return Outcome.Invalid<MetaFit>(errors);
        try { return FitIntercept(studies, method, test); }
        catch (NotEstimableException e) { return Outcome.Invalid<MetaFit>(InputError(e.Message)); }
    }

    /// <summary>The main fit and every block asked for in <paramref name="options"/>.</summary>
    public static Outcome<MetaReport> Analyse(IReadOnlyList<StudyEffect> studies, MetaOptions options)
    {
        var errors = ValidateStudies(studies) ?? ValidateOptions(studies, options);
        if (errors is not null) return Outcome.Invalid<MetaReport>(errors);
        try
        {
            var (method, test) = (options.Method, options.Test);
            var overall = FitIntercept(studies, method, test);
            var y = studies.Select(s => s.Yi).ToArray();
            var v = studies.Select(s => s.Vi).ToArray();
            var labels = studies.Select(s => s.Study).ToArray();
            return new MetaReport(
                overall,
                options.Subgroups is null ? null : Subgroups.Analyse(y, v, options.Subgroups, method, test),
                options.Moderator is null ? null
                    : MetaRegression.Fit(y, v, options.Moderator.ToArray(), options.ModeratorColumn, method, test, overall),
                options.Egger ? PublicationBias.Egger(y, v, method, test) : null,
                options.TrimFill ? PublicationBias.TrimFill(y, v, method, test) : null,
                options.LeaveOneOut ? Sensitivity.LeaveOneOut(y, v, labels, method, test) : null,
                options.Cumulative ? Sensitivity.Cumulative(y, v, labels, method, test) : null);
        }
        catch (NotEstimableException e) { return Outcome.Invalid<MetaReport>(InputError(e.Message)); }
    }

    internal static MetaFit FitIntercept(IReadOnlyList<StudyEffect> studies, Tau2 method, MetaTest test)
    {
        var k = studies.Count;
        var y = new double[k];
        var v = new double[k];
        for (var i = 0; i < k; i++) { y[i] = studies[i].Yi; v[i] = studies[i].Vi; }
        var d = Design.Intercept(k);
        var r = Rma.Fit(d, y, v, method, test);

        HeterogeneityInterval? ci = null;
        (double, double)? pi = null;
        if (method != Tau2.FixedEffect)
        {
            ci = QProfile(d, y, v, r.QE, r.Vt, k - 1);
            var crit = test == MetaTest.KnappHartung ? Distributions.TQuantile(0.975, k - 1) : Distributions.NormalQuantile(0.975);
            var half = crit * Math.Sqrt(r.Se[0] * r.Se[0] + r.Tau2);
            pi = (r.Estimate - half, r.Estimate + half);
        }

        var z = Distributions.NormalQuantile(0.975);
        double sumW = 0;
        for (var i = 0; i < k; i++) sumW += 1 / (v[i] + r.Tau2);
        var rows = new StudyResult[k];
        for (var i = 0; i < k; i++)
        {
            var half = z * Math.Sqrt(v[i]);
            rows[i] = new StudyResult(studies[i].Row, studies[i].Study, y[i], v[i], 100 / (v[i] + r.Tau2) / sumW,
                y[i] - half, y[i] + half);
        }

        return new MetaFit(k, method, r.Test, r.Estimate, r.Se[0], r.Statistic[0], r.PValue[0], r.Df,
            r.CiLower[0], r.CiUpper[0], r.Tau2, Math.Sqrt(r.Tau2), r.I2, r.H2, ci, r.QE, r.QEDf, r.QEPValue, pi, rows);
    }

    /// <summary>
    /// confint.rma.uni type "QP": the τ² where the generalized Q equals the 97.5% (lower limit) and 2.5% (upper
    /// limit) χ² quantiles on k − p df; a limit is 0 when Q(0) is already below its quantile. Roots are solved to
    /// full precision without metafor's search cap of max(100, 10τ²).
    /// </summary>
    internal static HeterogeneityInterval QProfile(Design d, double[] y, double[] v, double q0, double vt, int df)
    {
        var critUpper = Distributions.ChiSquareQuantile(0.975, df);
        var critLower = Distributions.ChiSquareQuantile(0.025, df);
        var ub = q0 < critLower ? 0 : Rma.QRoot(d, y, v, critLower);
        var lb = q0 < critUpper ? 0 : Rma.QRoot(d, y, v, critUpper);
        return new HeterogeneityInterval(lb, ub, Math.Sqrt(lb), Math.Sqrt(ub),
            100 * lb / (vt + lb), 100 * ub / (vt + ub), lb / vt + 1, ub / vt + 1);
    }

    static IReadOnlyDictionary<string, string[]>? ValidateStudies(IReadOnlyList<StudyEffect> studies)
    {
        var errors = new FieldErrors();
        if (studies.Count == 0) errors.Add(MetaMessages.Input, MetaMessages.NoStudies);
        else if (studies.Count == 1) errors.Add(MetaMessages.Input, MetaMessages.OneStudy(studies[0].Row, studies[0].Study));
        foreach (var s in studies)
        {
            if (!double.IsFinite(s.Yi)) errors.Add(MetaMessages.Cell(s.Row, "yi"), MetaMessages.NotFinite + MetaMessages.Study(s.Study));
            if (!double.IsFinite(s.Vi)) errors.Add(MetaMessages.Cell(s.Row, "vi"), MetaMessages.NotFinite + MetaMessages.Study(s.Study));
            else if (s.Vi <= 0) errors.Add(MetaMessages.Cell(s.Row, "vi"), MetaMessages.NonPositiveVariance + MetaMessages.Study(s.Study));
        }
        return errors.IsEmpty ? null : errors.ToDictionary();
    }

    static IReadOnlyDictionary<string, string[]>? ValidateOptions(IReadOnlyList<StudyEffect> studies, MetaOptions o)
    {
        var errors = new FieldErrors();
        var k = studies.Count;
        if (o.Subgroups is { } g)
        {
            if (g.Count != k) throw new ArgumentException("One subgroup per study is required.", nameof(o));
            for (var i = 0; i < k; i++)
                if (string.IsNullOrWhiteSpace(g[i]))
                    errors.Add(MetaMessages.Cell(studies[i].Row, o.SubgroupColumn), MetaMessages.EmptySubgroup(studies[i].Study));
            if (errors.IsEmpty && g.Distinct(StringComparer.Ordinal).Count() < 2) errors.Add(o.SubgroupColumn, MetaMessages.OneSubgroup);
        }
        if (o.Moderator is { } x)
        {
            if (x.Count != k) throw new ArgumentException("One moderator value per study is required.", nameof(o));
            for (var i = 0; i < k; i++)
                if (!double.IsFinite(x[i]))
                    errors.Add(MetaMessages.Cell(studies[i].Row, o.ModeratorColumn), MetaMessages.NotFinite + MetaMessages.Study(studies[i].Study));
            if (x.All(xi => xi == x[0])) errors.Add(o.ModeratorColumn, MetaMessages.ConstantModerator);
        }
        if (o.Egger && k < 3) errors.Add(MetaMessages.Input, MetaMessages.EggerTooFew);
        if (o.TrimFill && k < 3) errors.Add(MetaMessages.Input, MetaMessages.TrimFillTooFew);
        return errors.IsEmpty ? null : errors.ToDictionary();
    }

    static IReadOnlyDictionary<string, string[]> InputError(string message) =>
        new Dictionary<string, string[]> { [MetaMessages.Input] = [message] };
}
