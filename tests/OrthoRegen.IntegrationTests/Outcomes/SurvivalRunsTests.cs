using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.FollowUp;
using OrthoRegen.Outcomes;
using OrthoRegen.Safety;
using OrthoRegen.Statistics;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Outcomes;

/// <summary>
/// Survival on a cohort built with the normal stores, on both engines: the run's numbers equal the statistics engine fed
/// with times worked out by hand from the recorded dates; the API returns the same numbers; every run is logged.
/// </summary>
public class SurvivalRunsTests
{
    /// <summary>
    /// Six treated knees (clock 2026-06-15): two replaced, one died (a FATAL adverse event), three censored at their last visit.
    /// Returns each knee with its expected (days, event) by hand.
    /// </summary>
    public static async Task<(CohortBench Bench, (TreatedKnee Knee, int Days, bool Event, string Route)[] Knees)> ClinicAsync(DatabaseProvider engine)
    {
        var b = await CohortBench.CreateAsync(engine);
        var fu = b.Db.Get<FollowUpStore>();
        async Task Visit(TreatedKnee k, string code)
        {
            var s = (await fu.ReadAsync(b.Physician, k.Patient.Id, default))!.Single();
            var v = s.Visits.First(x => x.Code == code);
            CohortBench.Done(await fu.RecordVisitAsync(b.Physician, v.Id, new RecordVisit { Version = v.Version, ActualDate = v.TargetDate.ToString("yyyy-MM-dd"), Contact = "VISIT" }, default));
        }
        async Task Replace(TreatedKnee k, string on)
        {
            var s = (await fu.ReadAsync(b.Physician, k.Patient.Id, default))!.Single();
            CohortBench.Done(await fu.RecordEndpointAsync(b.Physician, s.Id, new RecordEndpoint { Version = s.Version, Type = "TOTAL_KNEE_ARTHROPLASTY", Date = on }, default));
        }
        var a = await b.TreatAsync(new KneeCase { Family = "Kim", Day0 = "2023-03-01", KlGrade = 3 });
        var c = await b.TreatAsync(new KneeCase { Family = "Park", Day0 = "2023-06-01", KlGrade = 2, Sex = "M", HeightCm = 175, WeightKg = 80 });
        var d = await b.TreatAsync(new KneeCase { Family = "Lee", Day0 = "2023-09-01", Route = "SUBCHONDRAL_INTRAOSSEOUS", CellSource = "BMAC", Manipulation = "MINIMAL", Guidance = "FLUOROSCOPY", WeightKg = 70 });
        var e = await b.TreatAsync(new KneeCase { Family = "Choi", Day0 = "2024-01-10", Route = "SUBCHONDRAL_INTRAOSSEOUS", CellSource = "BMAC", Manipulation = "MINIMAL", Guidance = "FLUOROSCOPY", KlGrade = 2, BirthDate = "1950-05-05" });
        var f = await b.TreatAsync(new KneeCase { Family = "Jung", Day0 = "2024-04-01", WeightKg = 90 });
        var g = await b.TreatAsync(new KneeCase { Family = "Han", Day0 = "2024-08-01", Route = "SUBCHONDRAL_INTRAOSSEOUS", CellSource = "BMAC", Manipulation = "MINIMAL", Guidance = "FLUOROSCOPY", BirthDate = "1948-01-01" });
        await Visit(a, "M12"); await Replace(a, "2025-02-01");                       // 703 days, replaced
        await Visit(c, "M24");                                                        // censored at M24 target (730 d)
        await Visit(d, "M12"); await Replace(d, "2024-12-01");                       // 457 days, replaced
        await Visit(e, "M6");                                                         // died 2026-06-10 (882 d; after the bench consent date), competing
        CohortBench.Done(await b.Db.Get<AdverseEventStore>().RecordAsync(b.Physician, e.Patient.Id, new RecordAdverseEvent
        {
            Term = "Myocardial infarction", CtcaeVersion = "5.0", Grade = 5, Onset = "2026-06-10", Resolved = "2026-06-10", Outcome = "FATAL",
            SeriousnessCriteria = ["DEATH"], RelatedToProduct = "UNRELATED", RelatedToProcedure = "UNRELATED", Action = "NONE", AwareDate = "2026-06-11",
        }, default));
        await Visit(f, "M12");                                                        // censored at 365 d
        await Visit(g, "M6");                                                         // censored at 182 d
        return (b, [(a, 703, true, "INTRA_ARTICULAR"), (c, 730, false, "INTRA_ARTICULAR"), (d, 457, true, "SUBCHONDRAL_INTRAOSSEOUS"),
            (e, 882, false, "SUBCHONDRAL_INTRAOSSEOUS"), (f, 365, false, "INTRA_ARTICULAR"), (g, 182, false, "SUBCHONDRAL_INTRAOSSEOUS")]);
    }

    [Theory, BothEngines]
    public async Task Run_StoreBuiltCohort_EqualsTheEngineOnHandWorkedTimesAndIsLogged(DatabaseProvider engine)
    {
        var (bench, knees) = await ClinicAsync(engine);
        await using var _ = bench;
        var r = await bench.Db.Get<SurvivalRuns>().RunAsync(bench.Researcher, CohortDefinition.Everyone, new SurvivalOptions(SurvivalGrouping.Route), default);

        Assert.Equal((6, 2, 1), (r.N, r.Events, r.Deaths));
        foreach (var (k, days, ev, _) in knees)
        {
            var s = r.Subjects.Single(x => x.PseudonymCode == k.Patient.PseudonymCode);
            Assert.Equal((days, ev), (s.EndOn.DayNumber - s.DayZero.DayNumber, s.Endpoint));
        }
        var expected = KaplanMeier.FitByGroup(knees.Select(k => k.Days / 365.25).ToList(), knees.Select(k => k.Event).ToList(), knees.Select(k => k.Route).ToList());
        Assert.Equal(expected.Count, r.Curves.Count);
        for (var i = 0; i < expected.Count; i++)
            Assert.Equal(expected[i].Steps, r.Curves[i].Steps);
        var lr = LogRank.Test(knees.Select(k => k.Days / 365.25).ToList(), knees.Select(k => k.Event).ToList(), knees.Select(k => k.Route).ToList());
        Assert.Equal(lr.ChiSquare, r.LogRank!.ChiSquare);
        Assert.Equal([3, 2, 1], r.AtRisk.Rows.Single(x => x.Group == "SUBCHONDRAL_INTRAOSSEOUS").Counts);   // 182, 457, 882 d
        Assert.NotNull(r.CompetingRisks);

        var run = (await bench.Db.Get<AnalysisLog>().RecentAsync(5, default)).First();
        Assert.Equal((SurvivalRuns.Analysis, "re.song", "groupBy=ROUTE;members=6"), (run.Analysis, run.Actor, run.Parameters));
        await using var c = await bench.Db.Database.OpenAsync(default);
        Assert.Equal(1, await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM audit_log WHERE entity = 'cohort_analysis' AND entity_id = @id", new { id = run.Id }));
    }

    [Theory, BothEngines]
    public async Task Api_SameCohort_ReturnsTheLibraryNumbersSvgAndCsv(DatabaseProvider engine)
    {
        var (bench, knees) = await ClinicAsync(engine);
        await using var _ = bench;
        await using var server = await OrthoRegenServer.StartAsync(engine, TestDatabase.Settings(engine, bench.Db.ConnectionString));
        var researcher = await server.SignInAsAsync("re.api", [Roles.Researcher]);
        var library = SurvivalAnalysis.Analyse(await bench.Db.Get<CohortSelector>().SelectAsync(bench.Researcher, CohortDefinition.Everyone, default),
            new SurvivalOptions(SurvivalGrouping.Route));

        var json = JsonDocument.Parse(await researcher.GetStringAsync("/api/outcomes/survival?groupBy=ROUTE&indications=KNEE_OA")).RootElement;
        Assert.Equal(6, json.GetProperty("n").GetInt32());
        var curves = json.GetProperty("curves").EnumerateArray().ToList();
        for (var i = 0; i < library.Curves.Count; i++)
        {
            var steps = curves[i].GetProperty("steps").EnumerateArray().ToList();
            Assert.Equal(library.Curves[i].Steps.Count, steps.Count);
            for (var j = 0; j < steps.Count; j++)
            {
                Assert.Equal(library.Curves[i].Steps[j].Time, steps[j].GetProperty("time").GetDouble());
                Assert.Equal(library.Curves[i].Steps[j].Surv, steps[j].GetProperty("surv").GetDouble());
            }
        }
        Assert.Equal(library.LogRank!.ChiSquare, json.GetProperty("logRank").GetProperty("chiSquare").GetDouble());
        Assert.Equal(library.Cox.Fit?.Terms.Select(t => t.HazardRatio) ?? [],
            json.GetProperty("cox").GetProperty("terms").EnumerateArray().Select(t => t.GetProperty("hazardRatio").GetDouble()));
        Assert.DoesNotContain("Kim", json.GetRawText());

        // The first result alone: the same curves, at-risk table, log-rank and competing risks as the whole run, no Cox model.
        var first = JsonDocument.Parse(await researcher.GetStringAsync("/api/outcomes/survival/curves?groupBy=ROUTE&indications=KNEE_OA")).RootElement;
        foreach (var part in new[] { "n", "events", "deaths", "curves", "atRisk", "logRank", "competingRisks", "grouping", "definition" })
            AssertJsonClose(json.GetProperty(part), first.GetProperty(part), part);
        Assert.False(first.TryGetProperty("cox", out var cox), "the first result has no Cox model");
        Assert.Equal(library.Subjects.Max(s => s.Years), first.GetProperty("maxYears").GetDouble(), 12);
        Assert.Contains(knees[0].Knee.Patient.PseudonymCode, await researcher.GetStringAsync("/api/outcomes/survival/csv?groupBy=ROUTE&part=subjects"));

        var svg = await researcher.GetAsync("/api/outcomes/survival/svg?groupBy=ROUTE");
        Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(2, XDocument.Parse(await svg.Content.ReadAsStringAsync()).Descendants(ns + "g").Count());
        var csv = await researcher.GetStringAsync("/api/outcomes/survival/csv?groupBy=ROUTE");
        Assert.Equal(library.Curves.Sum(c => c.Steps.Count) + 1, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var bad = await researcher.GetAsync("/api/outcomes/survival?groupBy=COLOUR&klGrades=9");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True(JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("klGrades", out var _));
        var page = await researcher.GetStringAsync("/outcomes/survival?groupBy=ROUTE");
        Assert.Contains("id=\"at-risk\"", page);
        Assert.Contains(knees.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), page);
        // The page is the first result (no member rows read): the Cox model is one link away, with the same cohort and grouping.
        Assert.DoesNotContain("id=\"cox\"", page);
        Assert.Contains("href=\"/outcomes/survival/cox?groupBy=ROUTE\"", page);
        var coxPage = await researcher.GetStringAsync("/outcomes/survival/cox?groupBy=ROUTE");
        if (library.Cox.Fit is { } fit)
            foreach (var t in fit.Terms)
                Assert.Contains($"<tr data-term=\"{t.Term}\"><th scope=\"row\">{t.Term}</th><td>{t.HazardRatio.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}</td>", coxPage);
        else Assert.Contains(library.Cox.NotEstimable!, System.Net.WebUtility.HtmlDecode(coxPage));
        Assert.Contains("href=\"/outcomes/survival?groupBy=ROUTE\"", coxPage);
        Assert.Equal(HttpStatusCode.BadRequest, (await researcher.GetAsync("/api/outcomes/survival/curves?groupBy=COLOUR")).StatusCode);
        Assert.Contains("groupBy", System.Net.WebUtility.HtmlDecode(await researcher.GetStringAsync("/outcomes/survival/cox?groupBy=COLOUR")));
        var clinician = await server.SignInAsAsync("cell.api", [Roles.CellLab]);
        Assert.Equal(HttpStatusCode.Forbidden, (await clinician.GetAsync("/api/outcomes/survival")).StatusCode);
    }

    /// <summary>Same JSON shape and values; numbers to 1e-12 relative (the first result sums counted rows in another order).</summary>
    static void AssertJsonClose(JsonElement a, JsonElement b, string path)
    {
        Assert.True(a.ValueKind == b.ValueKind, $"{path}: {a.ValueKind} vs {b.ValueKind}");
        switch (a.ValueKind)
        {
            case JsonValueKind.Object:
                Assert.Equal(a.EnumerateObject().Select(p => p.Name), b.EnumerateObject().Select(p => p.Name));
                foreach (var p in a.EnumerateObject()) AssertJsonClose(p.Value, b.GetProperty(p.Name), $"{path}.{p.Name}");
                break;
            case JsonValueKind.Array:
                Assert.Equal(a.GetArrayLength(), b.GetArrayLength());
                for (var i = 0; i < a.GetArrayLength(); i++) AssertJsonClose(a[i], b[i], $"{path}[{i}]");
                break;
            case JsonValueKind.Number:
                var (x, y) = (a.GetDouble(), b.GetDouble());
                Assert.True(Math.Abs(x - y) <= 1e-12 * Math.Max(1, Math.Abs(x)), $"{path}: {x} vs {y}");
                break;
            default:
                Assert.Equal(a.GetRawText(), b.GetRawText());
                break;
        }
    }
}
