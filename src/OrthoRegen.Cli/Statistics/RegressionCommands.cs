using System.CommandLine;
using System.Text;
using OrthoRegen.Cli.Common;
using OrthoRegen.Statistics;

namespace OrthoRegen.Cli.Statistics;

/// <summary>
/// <c>orthoregen cox</c> (= coxph) and <c>orthoregen logit</c> (= glm binomial). Exit 2 for bad input (one line per
/// problem), exit 1 when the model cannot be estimated (non-convergence, separation, collinearity) with the reason on
/// stderr; nothing on stdout in either case.
/// </summary>
public static class RegressionCommands
{
    public sealed record TestJson(double Chisq, int Df, double P);
    public sealed record CoxTermJson(string Term, double Coef, double Se, double Z, double P, double Hr, double HrLower, double HrUpper);
    public sealed record CoxJson(int N, int Events, IReadOnlyList<CoxTermJson> Terms, double LoglikNull, double Loglik,
        TestJson LrTest, TestJson WaldTest, TestJson ScoreTest, double? Concordance);
    public sealed record LogitTermJson(string Term, double Coef, double Se, double Z, double P, double Or, double OrLower, double OrUpper);
    public sealed record LogitJson(int N, IReadOnlyList<LogitTermJson> Terms, double Deviance, double NullDeviance, double Aic, int DfResidual);

    static TestJson T(ChiSquareTest t) => new(t.ChiSquare, t.Df, t.P);

    public static CoxJson ToJson(CoxFit f) => new(f.N, f.Events,
        f.Terms.Select(t => new CoxTermJson(t.Term, t.Coef, t.Se, t.Z, t.P, t.HazardRatio, t.HrLower, t.HrUpper)).ToArray(),
        f.LogLikNull, f.LogLik, T(f.LikelihoodRatio), T(f.Wald), T(f.Score), f.Concordance);

    public static LogitJson ToJson(LogisticFit f) => new(f.N,
        f.Terms.Select(t => new LogitTermJson(t.Term, t.Coef, t.Se, t.Z, t.P, t.OddsRatio, t.OrLower, t.OrUpper)).ToArray(),
        f.Deviance, f.NullDeviance, f.Aic, f.DfResidual);

    public static IEnumerable<Command> Create() => [Cox(), Logit()];

    static (Option<string?> Covariates, Option<string?> Factors, Option<string?> Reference) ModelOptions() => (
        StatisticsInput.Optional("--covariates", "Comma-separated covariate columns."),
        StatisticsInput.Optional("--factors", "Which covariates are categorical (treatment coding)."),
        StatisticsInput.Optional("--reference", "Reference levels, e.g. cell_source=BM,kl=2 (default: first level in ordinal order)."));

    static Command Cox()
    {
        var input = CliIo.InputOption();
        var time = StatisticsInput.Required("--time", "Column with follow-up time (≥ 0).");
        var evt = StatisticsInput.Required("--event", "Column with 1 = event, 0 = censored.");
        var (covs, factors, reference) = ModelOptions();
        covs.Required = true;
        var ties = new Option<string>("--ties") { Description = "efron (default, as coxph) or breslow.", DefaultValueFactory = _ => "efron" };
        var format = StatisticsInput.Format();
        var cmd = new Command("cox", "Cox proportional hazards regression (= survival::coxph).");
        foreach (var o in new Option[] { input, time, evt, covs, factors, reference, ties, format }) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            var problems = new List<string>();
            var fmt = parse.GetValue(format)!;
            StatisticsInput.IsFormat(fmt, false, problems);
            Ties? tieMode = parse.GetValue(ties) switch { "efron" => Ties.Efron, "breslow" => Ties.Breslow, _ => null };
            if (tieMode is null) problems.Add($"--ties must be efron or breslow, not '{parse.GetValue(ties)}'.");
            if (problems.Count > 0) return CliIo.Fail(problems);
            var table = StatisticsInput.Read(parse.GetValue(input)!, problems);
            if (table is null || problems.Count > 0) return CliIo.Fail(problems);
            var t = StatisticsInput.Times(table, parse.GetValue(time)!, problems);
            var e = StatisticsInput.Binary(table, parse.GetValue(evt)!, "0 (censored) or 1 (event)", problems);
            var covariates = StatisticsInput.Covariates(table, parse.GetValue(covs), parse.GetValue(factors), parse.GetValue(reference), problems);
            if (problems.Count > 0) return CliIo.Fail(problems);
            var (design, errors) = DesignMatrix.Build(table.Rows.Count, covariates!, intercept: false);
            if (design is null) return CliIo.Fail(errors.SelectMany(kv => kv.Value));
            var outcome = CoxRegression.Fit(t!, e!.Select(v => v == 1).ToArray(), design, tieMode!.Value);
            return Write(outcome, fmt, f => ToJson(f), CoxText);
        });
        return cmd;
    }

    static Command Logit()
    {
        var input = CliIo.InputOption();
        var outcomeCol = StatisticsInput.Required("--outcome", "Column with the 0/1 outcome.");
        var (covs, factors, reference) = ModelOptions();
        covs.Required = true;
        var format = StatisticsInput.Format();
        var cmd = new Command("logit", "Logistic regression (= glm(family = binomial)) with Wald odds-ratio intervals.");
        foreach (var o in new Option[] { input, outcomeCol, covs, factors, reference, format }) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            var problems = new List<string>();
            var fmt = parse.GetValue(format)!;
            StatisticsInput.IsFormat(fmt, false, problems);
            if (problems.Count > 0) return CliIo.Fail(problems);
            var table = StatisticsInput.Read(parse.GetValue(input)!, problems);
            if (table is null || problems.Count > 0) return CliIo.Fail(problems);
            var y = StatisticsInput.Binary(table, parse.GetValue(outcomeCol)!, "0 or 1", problems);
            var covariates = StatisticsInput.Covariates(table, parse.GetValue(covs), parse.GetValue(factors), parse.GetValue(reference), problems);
            if (problems.Count > 0) return CliIo.Fail(problems);
            var (design, errors) = DesignMatrix.Build(table.Rows.Count, covariates!, intercept: true);
            if (design is null) return CliIo.Fail(errors.SelectMany(kv => kv.Value));
            return Write(LogisticRegression.Fit(y!, design), fmt, f => ToJson(f), LogitText);
        });
        return cmd;
    }

    static int Write<TFit, TJson>(FitOutcome<TFit> outcome, string format, Func<TFit, TJson> json, Func<TFit, string> text)
    {
        switch (outcome)
        {
            case FitOutcome<TFit>.NotEstimable n:
                Console.Error.WriteLine(n.Reason);
                return CliIo.Failure;
            case FitOutcome<TFit>.Fitted f:
                if (format == "json") CliIo.WriteJson(json(f.Fit));
                else Console.Out.Write(text(f.Fit));
                return CliIo.Ok;
            default: throw new InvalidOperationException("unknown outcome");
        }
    }

    static string CoxText(CoxFit f)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"n = {f.N}, events = {f.Events}, ties = {f.Ties}");
        sb.AppendLine($"{"term",-22} {"coef",10} {"exp(coef)",10} {"se(coef)",10} {"z",8} {"p",10} {"lower .95",10} {"upper .95",10}");
        foreach (var t in f.Terms)
            sb.AppendLine($"{t.Term,-22} {StatisticsInput.N(t.Coef),10} {StatisticsInput.N(t.HazardRatio),10} {StatisticsInput.N(t.Se),10} {StatisticsInput.N(t.Z),8} {StatisticsInput.N(t.P),10} {StatisticsInput.N(t.HrLower),10} {StatisticsInput.N(t.HrUpper),10}");
        sb.AppendLine($"Concordance = {StatisticsInput.N(f.Concordance)}; log-likelihood {StatisticsInput.N(f.LogLikNull)} (null) → {StatisticsInput.N(f.LogLik)}");
        sb.AppendLine($"Likelihood ratio test = {StatisticsInput.N(f.LikelihoodRatio.ChiSquare)} on {f.LikelihoodRatio.Df} df, p = {StatisticsInput.N(f.LikelihoodRatio.P)}");
        sb.AppendLine($"Wald test             = {StatisticsInput.N(f.Wald.ChiSquare)} on {f.Wald.Df} df, p = {StatisticsInput.N(f.Wald.P)}");
        sb.AppendLine($"Score (logrank) test  = {StatisticsInput.N(f.Score.ChiSquare)} on {f.Score.Df} df, p = {StatisticsInput.N(f.Score.P)}");
        return sb.ToString();
    }

    static string LogitText(LogisticFit f)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"n = {f.N}");
        sb.AppendLine($"{"term",-22} {"estimate",10} {"std.error",10} {"z",8} {"p",10} {"OR",10} {"lower .95",10} {"upper .95",10}");
        foreach (var t in f.Terms)
            sb.AppendLine($"{t.Term,-22} {StatisticsInput.N(t.Coef),10} {StatisticsInput.N(t.Se),10} {StatisticsInput.N(t.Z),8} {StatisticsInput.N(t.P),10} {StatisticsInput.N(t.OddsRatio),10} {StatisticsInput.N(t.OrLower),10} {StatisticsInput.N(t.OrUpper),10}");
        sb.AppendLine($"Null deviance {StatisticsInput.N(f.NullDeviance)} on {f.DfNull} df; residual deviance {StatisticsInput.N(f.Deviance)} on {f.DfResidual} df; AIC {StatisticsInput.N(f.Aic)}");
        return sb.ToString();
    }
}
