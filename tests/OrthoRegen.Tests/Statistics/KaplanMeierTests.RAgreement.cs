using System.Globalization;
using OrthoRegen.Statistics;

namespace OrthoRegen.Tests.Statistics;

/// <summary>Kaplan-Meier against <c>survival::survfit</c> on random datasets: every field of the step table, the median
/// and its CI, and survival at chosen times, for each band type at several levels.</summary>
public partial class KaplanMeierTests
{
    const string KmScript = """
        man <- read.csv("manifest.csv", stringsAsFactors = FALSE)
        for (r in seq_len(nrow(man))) {
          d <- read.csv(man$file[r], stringsAsFactors = FALSE)
          ct <- man$ctype[r]; lv <- man$level[r]
          at <- as.numeric(strsplit(man$at[r], ";")[[1]])
          if (man$grouped[r] == 1) {
            d$g <- clevels(d$g)
            f <- survfit(Surv(time, status) ~ g, data = d, conf.type = ct, conf.int = lv)
            if (is.null(f$strata)) { labels <- levels(d$g); grp <- rep(labels, length(f$time)) }
            else { labels <- sub("^g=", "", names(f$strata)); grp <- rep(labels, f$strata) }
          } else {
            f <- survfit(Surv(time, status) ~ 1, data = d, conf.type = ct, conf.int = lv)
            labels <- "all"; grp <- rep("all", length(f$time))
          }
          out(data.frame(group = grp, time = f$time, n_risk = f$n.risk, n_event = f$n.event, n_censor = f$n.censor,
                         surv = f$surv, std_err = f$std.err, lower = f$lower, upper = f$upper), sprintf("km_%d.csv", r))
          q <- quantile(f, 0.5)
          out(data.frame(group = labels, median = as.vector(q$quantile), lower = as.vector(q$lower), upper = as.vector(q$upper)),
              sprintf("median_%d.csv", r))
          s <- summary(f, times = at)
          sg <- if (is.null(s$strata)) rep(labels[1], length(s$time)) else sub("^g=", "", as.character(s$strata))
          out(data.frame(group = sg, time = s$time, surv = s$surv, lower = s$lower, upper = s$upper), sprintf("at_%d.csv", r))
        }
        """;

    static readonly (ConfidenceBand Band, string R)[] Bands = [(ConfidenceBand.Log, "log"), (ConfidenceBand.LogLog, "log-log"), (ConfidenceBand.Plain, "plain")];
    static readonly double[] Levels = [0.8, 0.9, 0.95, 0.99];

    [Fact]
    public void FitByGroup_RandomDatasets_MatchesSurvfitEveryField()
    {
        const double relTol = 1e-6;
        var cases = Enumerable.Range(1000, 72).Select(seed =>
        {
            var data = SurvivalDatasets.Make(seed);
            var rng = new Random(seed);
            var (band, rName) = Bands[seed % 3];
            var level = Levels[rng.Next(Levels.Length)];
            var max = data.Time.Max();
            var at = new[] { 0, max * 0.1, max * 0.33, max / 2, max * 0.9, max }.Select(v => Math.Round(v, 2)).Distinct().ToArray();
            return (data, band, rName, level, at, grouped: data.Group.Distinct().Count() > 1 || seed % 2 == 0);
        }).ToArray();
        var inputs = new Dictionary<string, string>();
        var manifest = new System.Text.StringBuilder("file,ctype,level,grouped,at\n");
        for (var c = 0; c < cases.Length; c++)
        {
            inputs[$"d{c + 1}.csv"] = cases[c].data.ToCsv();
            manifest.Append(CultureInfo.InvariantCulture, $"d{c + 1}.csv,{cases[c].rName},{ROracle.R(cases[c].level)},{(cases[c].grouped ? 1 : 0)},{string.Join(";", cases[c].at.Select(ROracle.R))}\n");
        }
        inputs["manifest.csv"] = manifest.ToString();
        var dir = ROracle.Run(KmScript, inputs);

        for (var c = 0; c < cases.Length; c++)
        {
            var (data, band, _, level, at, grouped) = cases[c];
            var curves = grouped
                ? KaplanMeier.FitByGroup(data.Time, data.Status, data.Group, band, level)
                : [KaplanMeier.Fit(data.Time, data.Status, band, level)];
            var what = $"{data.Describe}, {band} {level}";
            var km = ROracle.ReadCsv(dir, $"km_{c + 1}.csv");
            var steps = curves.SelectMany(k => k.Steps.Select(s => (k.Group, s))).ToArray();
            Assert.Equal(km.Count, steps.Length);
            for (var r = 0; r < km.Count; r++)
            {
                var (g, s) = steps[r];
                var w = $"{what}, group {g}, time {s.Time}";
                Assert.Equal(km.Text(r, "group"), g);
                RCompare.Close(km.Number(r, "time"), s.Time, 1e-15, w + " time");
                Assert.Equal(km.Number(r, "n_risk"), s.NRisk);
                Assert.Equal(km.Number(r, "n_event"), s.NEvent);
                Assert.Equal(km.Number(r, "n_censor"), s.NCensor);
                RCompare.Close(km.Number(r, "surv"), s.Surv, relTol, w + " surv");
                RCompare.Close(km.Number(r, "std_err"), s.StdErr, relTol, w + " std.err");
                RCompare.Close(km.Number(r, "lower"), s.Lower, relTol, w + " lower");
                RCompare.Close(km.Number(r, "upper"), s.Upper, relTol, w + " upper");
            }
            var med = ROracle.ReadCsv(dir, $"median_{c + 1}.csv");
            Assert.Equal(med.Count, curves.Count);
            for (var r = 0; r < med.Count; r++)
            {
                Assert.Equal(med.Text(r, "group"), curves[r].Group);
                RCompare.Close(med.Number(r, "median"), curves[r].Median, relTol, $"{what} median");
                RCompare.Close(med.Number(r, "lower"), curves[r].MedianLower, relTol, $"{what} median lower");
                RCompare.Close(med.Number(r, "upper"), curves[r].MedianUpper, relTol, $"{what} median upper");
            }
            var atR = ROracle.ReadCsv(dir, $"at_{c + 1}.csv");
            for (var r = 0; r < atR.Count; r++)
            {
                var curve = curves.Single(k => k.Group == atR.Text(r, "group"));
                var t = atR.Number(r, "time")!.Value;
                var ours = curve.At([t]).Single();
                RCompare.Close(atR.Number(r, "surv"), ours.Surv, relTol, $"{what} S({t})");
                RCompare.Close(atR.Number(r, "lower"), ours.Lower, relTol, $"{what} lower({t})");
                RCompare.Close(atR.Number(r, "upper"), ours.Upper, relTol, $"{what} upper({t})");
            }
        }
    }
}
