using System.Text;
using OrthoRegen.Statistics;

namespace OrthoRegen.Tests.Statistics;

/// <summary>Cox and logistic regression against <c>coxph</c> and <c>glm</c> on random datasets. Where R warns (monotone
/// likelihood, singular design, fitted probabilities 0 or 1, aliased terms) we must refuse with a message; elsewhere
/// every reported field must agree.</summary>
public class RegressionOracleTests
{
    const string CoxScript = """
        man <- read.csv("manifest.csv", stringsAsFactors = FALSE)
        for (r in seq_len(nrow(man))) {
          d <- read.csv(man$file[r], stringsAsFactors = FALSE)
          d$f <- relevel(clevels(d$f), ref = man$ref[r]); d$g <- clevels(d$g)
          form <- if (man$withg[r] == 1) Surv(time, status) ~ x1 + x2 + f + g else Surv(time, status) ~ x1 + x2 + f
          warned <- ""
          fit <- withCallingHandlers(coxph(form, data = d, ties = man$ties[r], control = coxph.control(eps = 1e-11, iter.max = 100)),
                                     warning = function(w) { warned <<- conditionMessage(w); invokeRestart("muffleWarning") })
          if (any(is.na(coef(fit)))) warned <- paste(warned, "aliased")
          co <- summary(fit)$coefficients
          p <- length(coef(fit))
          out(data.frame(term = rownames(co), coef = co[, 1], se = co[, 3], z = co[, 4], p = co[, 5],
                         lo = exp(co[, 1] - qnorm(man$level[r] / 2 + 0.5) * co[, 3]), hi = exp(co[, 1] + qnorm(man$level[r] / 2 + 0.5) * co[, 3]),
                         warned = warned, n = fit$n, events = fit$nevent, ll0 = fit$loglik[1], ll = fit$loglik[2],
                         lr = 2 * diff(fit$loglik), lr_p = pchisq(2 * diff(fit$loglik), p, lower.tail = FALSE),
                         wald = fit$wald.test, wald_p = pchisq(fit$wald.test, p, lower.tail = FALSE),
                         score = fit$score, score_p = pchisq(fit$score, p, lower.tail = FALSE),
                         conc = fit$concordance[["concordance"]]), sprintf("cox_%d.csv", r))
        }
        """;

    [Fact]
    public void CoxFit_RandomDatasets_MatchesCoxphOrRefusesWhereRWarns()
    {
        const double relTol = 1e-6;
        var cases = Enumerable.Range(4000, 48).Select(seed =>
        {
            var d = SurvivalDatasets.Make(seed, forModel: true);
            var levels = d.Factor.Distinct().Order(StringComparer.Ordinal).ToArray();
            return (d, ties: seed % 2 == 0 ? Ties.Efron : Ties.Breslow, level: seed % 3 == 0 ? 0.9 : 0.95,
                reference: levels[seed % levels.Length], withGroup: seed % 3 == 1 && d.Group.Distinct().Count() > 1);
        }).Where(c => c.d.Factor.Distinct().Count() > 1).ToArray();
        var inputs = new Dictionary<string, string>();
        var manifest = new StringBuilder("file,ties,level,ref,withg\n");
        for (var c = 0; c < cases.Length; c++)
        {
            inputs[$"d{c + 1}.csv"] = cases[c].d.ToCsv();
            manifest.Append($"d{c + 1}.csv,{cases[c].ties.ToString().ToLowerInvariant()},{ROracle.R(cases[c].level)},{cases[c].reference},{(cases[c].withGroup ? 1 : 0)}\n");
        }
        inputs["manifest.csv"] = manifest.ToString();
        var dir = ROracle.Run(CoxScript, inputs);
        var compared = 0;
        for (var c = 0; c < cases.Length; c++)
        {
            var (d, ties, level, reference, withGroup) = cases[c];
            List<Covariate> covs = [new Covariate.Numeric("x1", d.X1), new Covariate.Numeric("x2", d.X2), new Covariate.Factor("f", d.Factor, reference)];
            if (withGroup) covs.Add(new Covariate.Factor("g", d.Group));
            var (design, errors) = DesignMatrix.Build(d.N, covs, intercept: false);
            Assert.Empty(errors);
            var outcome = CoxRegression.Fit(d.Time, d.Status, design!, ties, level);
            var r = ROracle.ReadCsv(dir, $"cox_{c + 1}.csv");
            var what = $"{d.Describe}, {ties}, reference {reference}{(withGroup ? ", with g" : "")}";
            var rWarned = r.Text(0, "warned").Length > 0 || d.Status.All(s => !s);
            if (rWarned)
            {
                Assert.True(outcome is FitOutcome<CoxFit>.NotEstimable, $"{what}: R warned '{r.Text(0, "warned")}', we fitted");
                continue;
            }
            var fit = Assert.IsType<FitOutcome<CoxFit>.Fitted>(outcome, exactMatch: false).Fit;
            compared++;
            Assert.Equal(r.Count, fit.Terms.Count);
            for (var i = 0; i < r.Count; i++)
            {
                var t = fit.Terms[i];
                Assert.Equal(r.Text(i, "term"), t.Term);
                RCompare.Close(r.Number(i, "coef"), t.Coef, relTol, $"{what} {t.Term} coef");
                RCompare.Close(r.Number(i, "se"), t.Se, relTol, $"{what} {t.Term} se");
                RCompare.Close(r.Number(i, "z"), t.Z, relTol, $"{what} {t.Term} z");
                RCompare.Close(r.Number(i, "p"), t.P, relTol, $"{what} {t.Term} p");
                RCompare.Close(r.Number(i, "lo"), t.HrLower, relTol, $"{what} {t.Term} hr lower");
                RCompare.Close(r.Number(i, "hi"), t.HrUpper, relTol, $"{what} {t.Term} hr upper");
            }
            Assert.Equal(r.Number(0, "n"), fit.N);
            Assert.Equal(r.Number(0, "events"), fit.Events);
            RCompare.Close(r.Number(0, "ll0"), fit.LogLikNull, relTol, what + " loglik null");
            RCompare.Close(r.Number(0, "ll"), fit.LogLik, relTol, what + " loglik");
            RCompare.Close(r.Number(0, "lr"), fit.LikelihoodRatio.ChiSquare, relTol, what + " LR");
            RCompare.Close(r.Number(0, "lr_p"), fit.LikelihoodRatio.P, relTol, what + " LR p");
            RCompare.Close(r.Number(0, "wald"), fit.Wald.ChiSquare, relTol, what + " Wald");
            RCompare.Close(r.Number(0, "wald_p"), fit.Wald.P, relTol, what + " Wald p");
            RCompare.Close(r.Number(0, "score"), fit.Score.ChiSquare, relTol, what + " score");
            RCompare.Close(r.Number(0, "score_p"), fit.Score.P, relTol, what + " score p");
            RCompare.Close(r.Number(0, "conc"), fit.Concordance, relTol, what + " concordance");
        }
        Assert.True(compared >= cases.Length / 2, $"only {compared} of {cases.Length} Cox fits were comparable");
    }

    const string LogitScript = """
        man <- read.csv("manifest.csv", stringsAsFactors = FALSE)
        for (r in seq_len(nrow(man))) {
          d <- read.csv(man$file[r], stringsAsFactors = FALSE)
          d$f <- relevel(clevels(d$f), ref = man$ref[r])
          warned <- ""
          fit <- withCallingHandlers(glm(status ~ x1 + x2 + f, family = binomial, data = d, control = glm.control(epsilon = 1e-14, maxit = 100)),
                                     warning = function(w) { warned <<- conditionMessage(w); invokeRestart("muffleWarning") })
          if (any(is.na(coef(fit)))) warned <- paste(warned, "aliased")
          co <- summary(fit)$coefficients
          ci <- if (warned == "") exp(confint.default(fit, level = man$level[r])) else matrix(NA, nrow(co), 2)
          out(data.frame(term = rownames(co), coef = co[, 1], se = co[, 2], z = co[, 3], p = co[, 4], lo = ci[, 1], hi = ci[, 2],
                         warned = warned, deviance = fit$deviance, null_deviance = fit$null.deviance, aic = fit$aic,
                         df_residual = fit$df.residual), sprintf("logit_%d.csv", r))
        }
        """;

    [Fact]
    public void LogisticFit_RandomDatasets_MatchesGlmOrRefusesWhereRWarns()
    {
        const double relTol = 1e-6;
        var cases = Enumerable.Range(5000, 48).Select(seed =>
        {
            var d = SurvivalDatasets.Make(seed, forModel: true);
            var levels = d.Factor.Distinct().Order(StringComparer.Ordinal).ToArray();
            return (d, level: seed % 3 == 0 ? 0.9 : 0.95, reference: levels[seed % levels.Length]);
        }).Where(c => c.d.Factor.Distinct().Count() > 1 && c.d.Status.Distinct().Count() > 1).ToArray();
        var inputs = new Dictionary<string, string>();
        var manifest = new StringBuilder("file,level,ref\n");
        for (var c = 0; c < cases.Length; c++)
        {
            inputs[$"d{c + 1}.csv"] = cases[c].d.ToCsv();
            manifest.Append($"d{c + 1}.csv,{ROracle.R(cases[c].level)},{cases[c].reference}\n");
        }
        inputs["manifest.csv"] = manifest.ToString();
        var dir = ROracle.Run(LogitScript, inputs);
        var compared = 0;
        for (var c = 0; c < cases.Length; c++)
        {
            var (d, level, reference) = cases[c];
            var (design, _) = DesignMatrix.Build(d.N, [new Covariate.Numeric("x1", d.X1), new Covariate.Numeric("x2", d.X2),
                new Covariate.Factor("f", d.Factor, reference)], intercept: true);
            var y = d.Status.Select(s => s ? 1.0 : 0.0).ToArray();
            var outcome = LogisticRegression.Fit(y, design!, level);
            var r = ROracle.ReadCsv(dir, $"logit_{c + 1}.csv");
            var what = $"{d.Describe}, reference {reference}";
            if (r.Text(0, "warned").Length > 0)
            {
                Assert.True(outcome is FitOutcome<LogisticFit>.NotEstimable, $"{what}: R warned '{r.Text(0, "warned")}', we fitted");
                continue;
            }
            var fit = Assert.IsType<FitOutcome<LogisticFit>.Fitted>(outcome, exactMatch: false).Fit;
            compared++;
            for (var i = 0; i < r.Count; i++)
            {
                var t = fit.Terms[i];
                Assert.Equal(r.Text(i, "term"), t.Term);
                RCompare.Close(r.Number(i, "coef"), t.Coef, relTol, $"{what} {t.Term} coef");
                RCompare.Close(r.Number(i, "se"), t.Se, relTol, $"{what} {t.Term} se");
                RCompare.Close(r.Number(i, "z"), t.Z, relTol, $"{what} {t.Term} z");
                RCompare.Close(r.Number(i, "p"), t.P, relTol, $"{what} {t.Term} p");
                RCompare.Close(r.Number(i, "lo"), t.OrLower, relTol, $"{what} {t.Term} or lower");
                RCompare.Close(r.Number(i, "hi"), t.OrUpper, relTol, $"{what} {t.Term} or upper");
            }
            RCompare.Close(r.Number(0, "deviance"), fit.Deviance, relTol, what + " deviance");
            RCompare.Close(r.Number(0, "null_deviance"), fit.NullDeviance, relTol, what + " null deviance");
            RCompare.Close(r.Number(0, "aic"), fit.Aic, relTol, what + " aic");
            Assert.Equal(r.Number(0, "df_residual"), fit.DfResidual);
        }
        Assert.True(compared >= cases.Length / 2, $"only {compared} of {cases.Length} logistic fits were comparable");
    }
}
