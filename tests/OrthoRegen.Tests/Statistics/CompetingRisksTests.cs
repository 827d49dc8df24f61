using System.Text;
using OrthoRegen.Statistics;

namespace OrthoRegen.Tests.Statistics;

public class CompetingRisksTests
{
    const string Script = """
        man <- read.csv("manifest.csv", stringsAsFactors = FALSE)
        for (r in seq_len(nrow(man))) {
          d <- read.csv(man$file[r], stringsAsFactors = FALSE)
          d$g <- clevels(d$g)
          d$st <- factor(d$cause, levels = 0:2, labels = c("censored", "replacement", "death"))
          f <- if (man$grouped[r] == 1) survfit(Surv(time, st) ~ g, data = d, conf.type = man$ctype[r], conf.int = man$level[r])
               else survfit(Surv(time, st) ~ 1, data = d, conf.type = man$ctype[r], conf.int = man$level[r])
          grp <- if (is.null(f$strata)) rep(if (man$grouped[r] == 1) levels(d$g)[1] else "all", length(f$time)) else rep(sub("^g=", "", names(f$strata)), f$strata)
          res <- data.frame(group = grp, time = f$time, n_risk = f$n.risk[, 1], n_censor = f$n.censor)
          for (k in 2:3) {
            nm <- c("", "replacement", "death")[k]
            res[[paste0("est_", nm)]] <- f$pstate[, k]
            res[[paste0("se_", nm)]] <- f$std.err[, k]
            res[[paste0("lo_", nm)]] <- f$lower[, k]
            res[[paste0("up_", nm)]] <- f$upper[, k]
            res[[paste0("ev_", nm)]] <- f$n.event[, k]
          }
          out(res, sprintf("aj_%d.csv", r))
        }
        """;

    [Fact]
    public void Fit_RandomDatasets_MatchesMultiStateSurvfit()
    {
        const double relTol = 1e-6;
        (ConfidenceBand, string)[] bands = [(ConfidenceBand.Log, "log"), (ConfidenceBand.LogLog, "log-log"), (ConfidenceBand.Plain, "plain")];
        var cases = Enumerable.Range(3000, 45).Select(seed =>
        {
            var d = SurvivalDatasets.Make(seed);
            return (d, band: bands[seed % 3], level: seed % 4 == 0 ? 0.9 : 0.95, grouped: seed % 2 == 1);
        }).ToArray();
        var inputs = new Dictionary<string, string>();
        var manifest = new StringBuilder("file,ctype,level,grouped\n");
        for (var c = 0; c < cases.Length; c++)
        {
            inputs[$"d{c + 1}.csv"] = cases[c].d.ToCsv();
            manifest.Append($"d{c + 1}.csv,{cases[c].band.Item2},{ROracle.R(cases[c].level)},{(cases[c].grouped ? 1 : 0)}\n");
        }
        inputs["manifest.csv"] = manifest.ToString();
        var dir = ROracle.Run(Script, inputs);
        for (var c = 0; c < cases.Length; c++)
        {
            var (d, band, level, grouped) = cases[c];
            var fits = AalenJohansen.Fit(d.Time, d.Cause, ["replacement", "death"], grouped ? d.Group : null, band.Item1, level);
            var rows = fits.SelectMany(f => f.Causes[0].Steps.Select((s, i) => (f, i))).ToArray();
            var r = ROracle.ReadCsv(dir, $"aj_{c + 1}.csv");
            Assert.Equal(r.Count, rows.Length);
            for (var i = 0; i < r.Count; i++)
            {
                var (fit, idx) = rows[i];
                Assert.Equal(r.Text(i, "group"), fit.Group);
                var what = $"{d.Describe}, {band.Item2} {level}, group {fit.Group}, row {idx}";
                var first = fit.Causes[0].Steps[idx];
                RCompare.Close(r.Number(i, "time"), first.Time, 1e-15, what + " time");
                Assert.Equal(r.Number(i, "n_risk"), first.NRisk);
                Assert.Equal(r.Number(i, "n_censor"), first.NCensor);
                foreach (var cause in fit.Causes)
                {
                    var s = cause.Steps[idx];
                    Assert.Equal(r.Number(i, "ev_" + cause.Cause), s.NEvent);
                    RCompare.Close(r.Number(i, "est_" + cause.Cause), s.Estimate, relTol, $"{what} {cause.Cause} estimate");
                    RCompare.Close(r.Number(i, "se_" + cause.Cause), s.StdErr, relTol, $"{what} {cause.Cause} std.err");
                    RCompare.Close(r.Number(i, "lo_" + cause.Cause), s.Lower, relTol, $"{what} {cause.Cause} lower");
                    RCompare.Close(r.Number(i, "up_" + cause.Cause), s.Upper, relTol, $"{what} {cause.Cause} upper");
                }
            }
        }
    }

    [Fact]
    public void Fit_SingleCause_EqualsOneMinusKaplanMeier()
    {
        var d = SurvivalDatasets.Make(77, size: 300);
        var cause = d.Status.Select(s => s ? 1 : 0).ToArray();
        var aj = AalenJohansen.Fit(d.Time, cause, ["event"]).Single().Causes.Single();
        var km = KaplanMeier.Fit(d.Time, d.Status);
        for (var i = 0; i < km.Steps.Count; i++)
            Support.Precision.AssertClose(1 - km.Steps[i].Surv, aj.Steps[i].Estimate, 1e-12, $"row {i}");
    }

    [Fact]
    public void Fit_CauseWithoutEvents_IsZeroWithMessage()
    {
        var fit = AalenJohansen.Fit([1, 2, 3, 4], [1, 0, 1, 0], ["replacement", "death"]).Single();
        Assert.All(fit.Causes[1].Steps, s => Assert.Equal(0, s.Estimate));
        Assert.All(fit.Causes[1].Steps, s => Assert.Null(s.Lower));
        Assert.Contains(fit.Messages, m => m.Contains("'death'"));
    }
}
