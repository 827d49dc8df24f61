using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.Outcomes;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Outcomes;

/// <summary>
/// Survival, lot-to-outcome and safety run on a saved cohort (<c>cohort=ID[&amp;version=V]</c>): a pinned version keeps
/// its own definition after the cohort is changed, and the analysis log names the saved cohort and version and carries
/// the SHA-256 of the definition that ran. The survival SVG speaks the reader's language.
/// </summary>
public class SavedCohortRunsTests
{
    [Theory, BothEngines]
    public async Task Runs_SavedCohortById_PinnedVersionAndLoggedHash(DatabaseProvider engine)
    {
        var (bench, knees) = await SurvivalRunsTests.ClinicAsync(engine);
        await using var _ = bench;
        var store = bench.Db.Get<SavedCohortStore>();
        var saved = CohortBench.Done(await store.CreateAsync(bench.Researcher, new SaveCohort
        {
            Name = "Intra-articular knees", Definition = """{"routes":["INTRA_ARTICULAR"]}""",
        }, default));
        var v2 = CohortBench.Done(await store.UpdateAsync(bench.Researcher, saved.Id, new SaveCohort
        {
            Definition = """{"routes":["SUBCHONDRAL_INTRAOSSEOUS"]}""", Version = 1, Reason = "subchondral instead",
        }, default));

        var pinned = ((Outcome<CohortSource>.Done)await CohortSource.FromQueryStringAsync(store, $"?cohort={saved.Id}&version=1&groupBy=ROUTE", default)).Value;
        Assert.Equal((saved.Id, 1, $"cohort={saved.Id}&version=1"), (pinned.SavedId, pinned.SavedVersion!.Value, pinned.Query));
        // runs recorded at the same instant have no order: move the clock so "latest" is well defined
        void Tick() => bench.Db.Clock.Advance(TimeSpan.FromMinutes(1));
        Tick();
        var r1 = await bench.Db.Get<SurvivalRuns>().RunAsync(bench.Researcher, pinned, new SurvivalOptions(SurvivalGrouping.None), default);
        Assert.Equal(knees.Count(k => k.Route == "INTRA_ARTICULAR"), r1.N);
        var run = (await bench.Db.Get<AnalysisLog>().RecentAsync(1, default)).Single();
        Assert.Equal(AnalysisLog.HashOf(saved.Definition.ToCanonicalJson()), run.DefinitionHash);
        Assert.StartsWith($"cohort={saved.Id};version=1;", run.Parameters);

        var current = ((Outcome<CohortSource>.Done)await CohortSource.FromQueryStringAsync(store, $"cohort={saved.Id}", default)).Value;
        Assert.Equal(2, current.SavedVersion);
        Tick();
        var r2 = await bench.Db.Get<SurvivalRuns>().RunAsync(bench.Researcher, current, new SurvivalOptions(SurvivalGrouping.None), default);
        Assert.Equal(knees.Count(k => k.Route == "SUBCHONDRAL_INTRAOSSEOUS"), r2.N);
        run = (await bench.Db.Get<AnalysisLog>().RecentAsync(1, default)).Single();
        Assert.Equal(AnalysisLog.HashOf(v2.Definition.ToCanonicalJson()), run.DefinitionHash);
        Assert.NotEqual(AnalysisLog.HashOf(saved.Definition.ToCanonicalJson()), run.DefinitionHash);

        Tick();
        await bench.Db.Get<SafetySignalRuns>().RunAsync(bench.Researcher, current, ((Outcome<SafetySignalOptions>.Done)SafetySignalOptions.From(null)).Value, default);
        Assert.StartsWith($"cohort={saved.Id};version=2;", (await bench.Db.Get<AnalysisLog>().RecentAsync(1, default)).Single().Parameters);
        var lot = bench.Db.Get<LotOutcomeRuns>();
        Tick();
        await lot.RunAsync(bench.Researcher, current, ((Outcome<LotOutcomeOptions>.Done)LotOutcomeOptions.From(lot.Catalog, "PAIN_NRS", null, null)).Value, default);
        var lotRun = (await bench.Db.Get<AnalysisLog>().RecentAsync(1, default)).Single();
        Assert.Equal((LotOutcomeRuns.Analysis, AnalysisLog.HashOf(v2.Definition.ToCanonicalJson())), (lotRun.Analysis, lotRun.DefinitionHash));
        Assert.StartsWith($"cohort={saved.Id};version=2;", lotRun.Parameters);

        Assert.Equal(["No saved cohort with this id."], Errors(await CohortSource.FromQueryStringAsync(store, "cohort=01NOSUCHCOHORT0000000000000", default))["cohort"]);
        Assert.Equal(["The saved cohort has no such version."], Errors(await CohortSource.FromQueryStringAsync(store, $"cohort={saved.Id}&version=3", default))["version"]);
        Assert.True(Errors(await CohortSource.FromQueryStringAsync(store, $"cohort={saved.Id}&routes=INTRA_ARTICULAR", default)).ContainsKey("cohort"));
        Assert.True(Errors(await CohortSource.FromQueryStringAsync(store, "version=2", default)).ContainsKey("version"));
    }

    static IReadOnlyDictionary<string, string[]> Errors(Outcome<CohortSource> o) => ((Outcome<CohortSource>.Invalid)o).Errors;

    [Fact]
    public async Task Api_SavedCohortId_SurvivalJsonSvgInKoreanAndBadIds()
    {
        const DatabaseProvider engine = DatabaseProvider.Sqlite;
        var (bench, knees) = await SurvivalRunsTests.ClinicAsync(engine);
        await using var _ = bench;
        var saved = CohortBench.Done(await bench.Db.Get<SavedCohortStore>().CreateAsync(bench.Researcher, new SaveCohort
        {
            Name = "Subchondral knees", Definition = """{"routes":["SUBCHONDRAL_INTRAOSSEOUS"]}""",
        }, default));
        await using var server = await OrthoRegenServer.StartAsync(engine, TestDatabase.Settings(engine, bench.Db.ConnectionString));
        var researcher = await server.SignInAsAsync("re.saved", [Roles.Researcher]);

        var json = JsonDocument.Parse(await researcher.GetStringAsync($"/api/outcomes/survival?cohort={saved.Id}")).RootElement;
        Assert.Equal(knees.Count(k => k.Route == "SUBCHONDRAL_INTRAOSSEOUS"), json.GetProperty("n").GetInt32());
        Assert.Equal($"cohort={saved.Id}&version=1", json.GetProperty("query").GetString());
        foreach (var path in new[] { $"/api/outcomes/safety?cohort={saved.Id}", $"/api/outcomes/lot-outcome?instrument=PAIN_NRS&cohort={saved.Id}" })
            Assert.Equal(HttpStatusCode.OK, (await researcher.GetAsync(path)).StatusCode);

        var bad = await researcher.GetAsync("/api/outcomes/survival?cohort=01NOSUCHCOHORT0000000000000");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True(JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("cohort", out var _));

        // The downloaded figure is in the reader's language (Accept-Language: ko), and still valid SVG.
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/outcomes/survival/svg?cohort={saved.Id}&groupBy=KL_GRADE");
        request.Headers.AcceptLanguage.ParseAdd("ko");
        var svg = await researcher.SendAsync(request);
        XNamespace ns = "http://www.w3.org/2000/svg";
        var texts = XDocument.Parse(await svg.Content.ReadAsStringAsync()).Descendants(ns + "text").Select(t => t.Value).ToList();
        Assert.Contains("인공관절 치환술 또는 척추 수술 없는 생존", texts);   // SurvTitle
        Assert.Contains("위험군 수", texts);                                  // SurvAtRisk: the number-at-risk table
        Assert.Contains(texts, t => t.Contains("사건=", StringComparison.Ordinal));   // the legend
        var english = await researcher.GetStringAsync($"/api/outcomes/survival/svg?cohort={saved.Id}");
        Assert.Contains("Number at risk", english);
    }
}
