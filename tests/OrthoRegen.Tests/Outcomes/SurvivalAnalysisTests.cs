using System.Globalization;
using System.Text;
using System.Xml.Linq;
using OrthoRegen.Outcomes;
using OrthoRegen.Statistics;
using OrthoRegen.Tests.Statistics;
using static OrthoRegen.Tests.Support.Precision;

namespace OrthoRegen.Tests.Outcomes;

public class SurvivalAnalysisTests
{
    static readonly DateOnly Day0 = new(2020, 1, 1);

    /// <summary>A treated knee, followed for <paramref name="days"/> days; an endpoint or death on that day when asked.</summary>
    public static CohortMember Member(int i, int days, bool endpoint = false, bool died = false, string route = "INTRA_ARTICULAR",
        int? kl = 3, double? bmi = 26, int age = 60, string cellSource = "BM_MSC", string target = "KNEE_R", int? pfirrmann = null)
    {
        var end = Day0.AddDays(days);
        return new CohortMember($"p{i}", $"PS-{i:D4}", "site", $"plan{i}", $"s{i}", Day0, target.StartsWith("KNEE", StringComparison.Ordinal) ? "KNEE_OA" : "DISC_DEGENERATION",
            target, null, null, kl, null, pfirrmann, cellSource, "AUTOLOGOUS", route, "MEDIUM", 50, 50, 0.8, 1, [], age, "F", bmi, ["lot1"],
            endpoint ? "TOTAL_KNEE_ARTHROPLASTY" : null, endpoint ? end : null, died ? end : null, null, endpoint || died ? Day0.AddDays(Math.Max(0, days - 30)) : end);
    }

    [Theory]
    [InlineData(730, true, false, 730, true, false)]    // replacement at 2 y: event at the surgery date
    [InlineData(400, false, true, 400, false, true)]    // death: censored at death, competing event
    [InlineData(500, false, false, 500, false, false)]  // alive, no surgery: censored at last follow-up
    public void SubjectOf_TimeAndStatus_FollowTheEndpointDeathAndLastVisit(int days, bool endpoint, bool died, int endDays, bool expectEvent, bool expectDied)
    {
        var s = SurvivalAnalysis.SubjectOf(Member(1, days, endpoint, died), SurvivalGrouping.None);
        Assert.Equal((Day0.AddDays(endDays), expectEvent, expectDied), (s.EndOn, s.Endpoint, s.Died));
        AssertClose(endDays / 365.25, s.Years, 1e-15);
        Assert.Equal("PS-0001", s.PseudonymCode);
    }

    [Fact]
    public void Analyse_NumberAtRisk_CountsTimesAtOrAfterEachWholeYear()
    {
        var members = new[] { Member(1, 100), Member(2, 365 * 2, endpoint: true), Member(3, 1200), Member(4, 800, route: "SUBCHONDRAL_INTRAOSSEOUS") };
        var r = SurvivalAnalysis.Analyse(members, new SurvivalOptions(SurvivalGrouping.Route));
        Assert.Equal([0.0, 1, 2, 3], r.AtRisk.Times);   // longest follow-up 1200 d = 3.29 y
        Assert.Equal(["INTRA_ARTICULAR", "SUBCHONDRAL_INTRAOSSEOUS"], r.AtRisk.Rows.Select(x => x.Group));
        Assert.Equal([3, 2, 1, 1], r.AtRisk.Rows[0].Counts);   // 730 d = 1.9986 y is below 2 y
        Assert.Equal([1, 1, 1, 0], r.AtRisk.Rows[1].Counts);
        Assert.NotNull(r.LogRank);
        Assert.Null(r.CompetingRisks);
    }

    [Fact]
    public void Analyse_MissingKlOrBmi_IsLeftOutOfCoxAndCountedButKeptInTheCurves()
    {
        var rng = new Random(7);
        var members = Enumerable.Range(1, 40).Select(i => Member(i, 200 + rng.Next(1500), endpoint: rng.NextDouble() < 0.4, kl: i == 5 ? null : 2 + rng.Next(2),
            bmi: i is 7 or 8 ? null : 20 + rng.Next(15), age: 45 + rng.Next(30))).ToList();
        var r = SurvivalAnalysis.Analyse(members, new SurvivalOptions(SurvivalGrouping.KlGrade));
        Assert.Equal(40, r.N);
        Assert.Equal(["KL2", "KL3", SurvivalGrouping.NotRecorded], r.Curves.Select(c => c.Group));
        Assert.Equal((37, 3), (r.Cox.Used, r.Cox.Excluded));
        Assert.Equal(["age", "bmi", "kl"], r.Cox.Covariates);   // grouped by KL: the grade enters once, as the factor
        Assert.True(r.Cox.Fit is not null, r.Cox.NotEstimable);
        Assert.Equal(["age", "bmi", "klKL3"], r.Cox.Fit.Terms.Select(t => t.Term));
    }

    [Fact]
    public void Analyse_SpinalCohort_UsesPfirrmannAsSeverity()
    {
        var members = Enumerable.Range(1, 10).Select(i => Member(i, 150 * i, endpoint: i % 2 == 0, target: "LUMBAR", kl: null, pfirrmann: 2 + i % 3, age: 40 + 2 * i)).ToList();
        var r = SurvivalAnalysis.Analyse(members, SurvivalOptions.Default);
        Assert.Equal(["age", "pfirrmann", "bmi"], r.Cox.Covariates);
        Assert.Equal(0, r.Cox.Excluded);
    }

    [Fact]
    public void Options_UnknownGrouping_IsAnErrorNamingGroupBy()
    {
        var o = SurvivalOptions.From("COLOUR");
        var invalid = Assert.IsType<Outcome<SurvivalOptions>.Invalid>(o);
        Assert.Contains("groupBy", invalid.Errors.Keys);
        Assert.Equal(SurvivalGrouping.CellSource, ((Outcome<SurvivalOptions>.Done)SurvivalOptions.From("cell_source")).Value.Grouping);
    }

    [Fact]
    public void CompetingRisks_CumulativeIncidenceNeverExceedsOneMinusKm()
    {
        var members = Enumerable.Range(1, 40).Select(i => Member(i, 60 * i, endpoint: i % 4 == 0, died: i % 5 == 0, route: i % 2 == 0 ? "INTRA_ARTICULAR" : "SUBCHONDRAL_INTRAOSSEOUS")).ToList();
        var r = SurvivalAnalysis.Analyse(members, new SurvivalOptions(SurvivalGrouping.Route));
        var cr = Assert.IsType<CompetingRiskView>(r.CompetingRisks);
        Assert.Equal(members.Count(m => m.DeathOn is not null && m.EndpointOn is null), cr.Deaths);
        foreach (var g in cr.Groups)
            foreach (var s in g.Replacement.Steps)
            {
                var km = g.KaplanMeier.At([s.Time])[0].Surv!.Value;
                Assert.True(s.Estimate <= 1 - km + 1e-12, $"{g.Group} at {s.Time}: CIF {s.Estimate} > 1-KM {1 - km}");
            }
        Assert.Contains(cr.Groups, g => g.Replacement.Steps[^1].Estimate < 1 - g.KaplanMeier.Steps[^1].Surv - 1e-6);   // they differ once deaths occur
    }

    [Fact]
    public void Figures_AreValidXmlWithOneSeriesPerGroupAndTheAtRiskTable()
    {
        var members = Enumerable.Range(1, 30).Select(i => Member(i, 70 * i, endpoint: i % 4 == 0, died: i % 7 == 0, route: i % 3 == 0 ? "INTRA_ARTICULAR" : "SUBCHONDRAL_INTRAOSSEOUS")).ToList();
        var r = SurvivalAnalysis.Analyse(members, new SurvivalOptions(SurvivalGrouping.Route));
        XNamespace svg = "http://www.w3.org/2000/svg";
        var km = XDocument.Parse(SurvivalFigure.KaplanMeier(r.FirstResult, SurvivalFigureLabels.English));
        Assert.Equal(["km:INTRA_ARTICULAR", "km:SUBCHONDRAL_INTRAOSSEOUS"], km.Descendants(svg + "g").Select(g => (string)g.Attribute("data-series")!));
        var texts = km.Descendants(svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("Number at risk", texts);
        foreach (var row in r.AtRisk.Rows) Assert.Contains(row.Counts[0].ToString(CultureInfo.InvariantCulture), texts);
        var cr = XDocument.Parse(SurvivalFigure.CompetingRisks(r.FirstResult, SurvivalFigureLabels.English)!);
        Assert.Equal(["cif:INTRA_ARTICULAR", "one-minus-km:INTRA_ARTICULAR", "cif:SUBCHONDRAL_INTRAOSSEOUS", "one-minus-km:SUBCHONDRAL_INTRAOSSEOUS"],
            cr.Descendants(svg + "g").Select(g => (string)g.Attribute("data-series")!));
    }

    [Fact]
    public void Csv_StepsAndSubjects_CarryFullPrecisionAndPseudonymsOnly()
    {
        var members = Enumerable.Range(1, 8).Select(i => Member(i, 100 * i, endpoint: i % 2 == 0)).ToList();
        var r = SurvivalAnalysis.Analyse(members, SurvivalOptions.Default);
        var steps = SurvivalCsv.Write(r, SurvivalCsv.Steps).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("group,time_years,n_risk,n_event,n_censor,surv,std_err,lower,upper", steps[0]);
        Assert.Equal(r.Curves[0].Steps.Count + 1, steps.Length);
        var first = steps[1].Split(',');
        Assert.Equal(r.Curves[0].Steps[0].Time, double.Parse(first[1], CultureInfo.InvariantCulture));
        var subjects = SurvivalCsv.Write(r, SurvivalCsv.Subjects);
        Assert.Contains("PS-0001", subjects);
        Assert.DoesNotContain("p1,", subjects);   // internal patient ids are not exported
    }

    const string Script = """
        d <- read.csv("cohort.csv", stringsAsFactors = FALSE)
        d$g <- clevels(d$g)
        km <- survfit(Surv(time, status) ~ g, data = d)
        s <- summary(km, times = 0:floor(max(d$time)), extend = TRUE)
        out(data.frame(g = as.character(s$strata), time = s$time, n_risk = s$n.risk, surv = s$surv, lower = s$lower, upper = s$upper), "atrisk.csv")
        lr <- survdiff(Surv(time, status) ~ g, data = d)
        out(data.frame(chisq = lr$chisq), "logrank.csv")
        cx <- coxph(Surv(time, status) ~ age + kl + bmi + g, data = d, control = coxph.control(eps = 1e-11, iter.max = 100))
        co <- summary(cx)$coefficients
        out(data.frame(term = rownames(co), hr = exp(co[, 1]), se = co[, 3], p = co[, 5]), "cox.csv")
        d$cause <- factor(d$cause, levels = 0:2, labels = c("censor", "replacement", "death"))
        aj <- survfit(Surv(time, cause) ~ g, data = d)
        sa <- summary(aj, times = c(1, 2, 3))
        out(data.frame(g = as.character(sa$strata), time = sa$time, cif = sa$pstate[, 2]), "aj.csv")
        """;

    /// <summary>
    /// The whole analysis against R on one synthetic cohort: number at risk and survival at the yearly times
    /// (<c>summary(survfit, times = 0:k)</c>), the log-rank chi-square (<c>survdiff</c>), the adjusted Cox model
    /// (<c>coxph(~ age + kl + bmi + g)</c>) and the Aalen-Johansen incidence of replacement (<c>survfit</c> with a
    /// multi-state status).
    /// </summary>
    [Fact]
    public void Analyse_SyntheticCohort_MatchesSurvivalPackage()
    {
        var rng = new Random(20261121);
        var members = Enumerable.Range(1, 120).Select(i =>
        {
            var route = rng.Next(3) switch { 0 => "INTRA_ARTICULAR", 1 => "SUBCHONDRAL_INTRAOSSEOUS", _ => "INTRAVENOUS" };
            var days = 30 + rng.Next(1800);
            var u = rng.NextDouble();
            return Member(i, days, endpoint: u < 0.3, died: u is >= 0.3 and < 0.4, route: route, kl: 1 + rng.Next(4),
                bmi: Math.Round(20 + 15 * rng.NextDouble(), 1), age: 45 + rng.Next(35));
        }).ToList();
        var r = SurvivalAnalysis.Analyse(members, new SurvivalOptions(SurvivalGrouping.Route));
        var csv = new StringBuilder("time,status,cause,g,age,kl,bmi\n");
        foreach (var s in r.Subjects)
            csv.Append($"{ROracle.R(s.Years)},{(s.Endpoint ? 1 : 0)},{(s.Endpoint ? 1 : s.Died ? 2 : 0)},{s.Group},{s.Age},{s.Severity},{ROracle.R(s.Bmi!.Value)}\n");
        var dir = ROracle.Run(Script, new Dictionary<string, string> { ["cohort.csv"] = csv.ToString() });

        var atRisk = ROracle.ReadCsv(dir, "atrisk.csv");
        for (var row = 0; row < atRisk.Count; row++)
        {
            var group = atRisk.Text(row, "g")["g=".Length..];
            var t = atRisk.Number(row, "time")!.Value;
            var gi = r.AtRisk.Rows.ToList().FindIndex(x => x.Group == group);
            var ti = r.AtRisk.Times.ToList().IndexOf(t);
            Assert.Equal((int)atRisk.Number(row, "n_risk")!.Value, r.AtRisk.Rows[gi].Counts[ti]);
            var at = r.Curves[gi].At([t])[0];
            if (at.Surv is { } sv) AssertClose(atRisk.Number(row, "surv")!.Value, sv, 1e-10, $"S({t}) {group}");
        }
        AssertClose(ROracle.ReadCsv(dir, "logrank.csv").Number(0, "chisq")!.Value, r.LogRank!.ChiSquare, 1e-8, "log-rank");
        var cox = ROracle.ReadCsv(dir, "cox.csv");
        Assert.Equal(cox.Count, r.Cox.Fit!.Terms.Count);
        for (var i = 0; i < cox.Count; i++)
        {
            var term = r.Cox.Fit.Terms[i];
            var rTerm = cox.Text(i, "term");
            Assert.Equal(rTerm.StartsWith('g') ? "route" + rTerm[1..] : rTerm, term.Term);
            AssertClose(cox.Number(i, "hr")!.Value, term.HazardRatio, 1e-6, term.Term);
            AssertClose(cox.Number(i, "se")!.Value, term.Se, 1e-6, term.Term + " se");
        }
        var aj = ROracle.ReadCsv(dir, "aj.csv");
        for (var row = 0; row < aj.Count; row++)
        {
            var group = aj.Text(row, "g")["g=".Length..];
            var t = aj.Number(row, "time")!.Value;
            var steps = r.CompetingRisks!.Groups.Single(g => g.Group == group).Replacement.Steps;
            var cif = steps.LastOrDefault(s => s.Time <= t)?.Estimate ?? 0;
            AssertClose(aj.Number(row, "cif")!.Value, cif, 1e-10, $"CIF({t}) {group}");
        }
    }
}
