using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Instruments;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Api;

public sealed class InstrumentApiOnSqliteTests(SqliteServerFixture f) : InstrumentApiTests(f.Server), IClassFixture<SqliteServerFixture>;
public sealed class InstrumentApiOnPostgresTests(PostgresServerFixture f) : InstrumentApiTests(f.Server), IClassFixture<PostgresServerFixture>;

/// <summary>The instruments HTTP contract on a real server: definitions, submitting, reading, history and rescoring.</summary>
public abstract class InstrumentApiTests(OrthoRegenServer server)
{
    static int _users;
    static string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref _users)}";

    static async Task<JsonElement> JsonAsync(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    /// <summary>A KOOS response: every item 1, except those changed.</summary>
    static JsonObject KoosItems(params (string Code, JsonNode? Value)[] changes)
    {
        var items = new JsonObject();
        foreach (var item in InstrumentCatalog.Default.Find("KOOS")!.Definition.Items) items[item.Code] = 1;
        foreach (var (code, value) in changes) items[code] = value;
        return items;
    }

    static JsonObject Submission(JsonObject items, string visit = "BASE", string? completedOn = null) => new()
    {
        ["instrument"] = "KOOS", ["items"] = items, ["language"] = "en", ["mode"] = "PAPER_TRANSCRIPTION", ["visitCode"] = visit,
        ["target"] = "KNEE_L", ["completedOn"] = completedOn ?? DateTime.UtcNow.ToString("yyyy-MM-dd"),
    };

    static Dictionary<string, decimal?> Scores(JsonElement scores) =>
        scores.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.Null ? (decimal?)null : p.Value.GetDecimal());

    static async Task<JsonElement> CliScoreAsync(string request)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "OrthoRegen.Cli.dll"));
        psi.ArgumentList.Add("score");
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.StandardInput.WriteAsync(request);
        p.StandardInput.Close();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, await stderr);
        return JsonDocument.Parse(await stdout).RootElement;
    }

    [Fact]
    public async Task Definitions_ListGetAndFhir_ComeFromTheCatalog()
    {
        var reader = await server.SignInAsAsync(Unique("res"), ["Researcher"]);

        var list = await JsonAsync(await reader.GetAsync("/api/instruments"));
        Assert.Equal(InstrumentCatalog.Default.Definitions.Select(d => d.Code).Order(StringComparer.Ordinal), list.EnumerateArray().Select(d => d.GetProperty("code").GetString()));
        var koos = await JsonAsync(await reader.GetAsync("/api/instruments/KOOS"));
        Assert.Equal(42, koos.GetProperty("sections").EnumerateArray().Sum(s => s.GetProperty("items").GetArrayLength()));
        Assert.Equal("higher_is_better", koos.GetProperty("scores")[0].GetProperty("direction").GetString());
        var fhir = await reader.GetAsync("/api/instruments/ISNCSCI?format=fhir&lang=zh");
        Assert.Equal("application/fhir+json", fhir.Content.Headers.ContentType?.MediaType);
        var questionnaire = await JsonAsync(fhir);
        Assert.Equal(("Questionnaire", "zh"), (questionnaire.GetProperty("resourceType").GetString(), questionnaire.GetProperty("language").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/api/instruments/SF36")).StatusCode);
    }

    [Fact]
    public async Task SubmitResponse_Koos_SameScoresThroughLibraryApiAndCli()
    {
        var coordinator = await server.SignInAsAsync(Unique("coord"), ["Coordinator"]);
        var id = await OrthoRegenServer.RegisterPatientAsync(coordinator, mrn: Unique("M"));
        // Pain and ADL with missing items (still scorable under the 2012 rule), sport/rec under half answered (null).
        var items = KoosItems(("P1", 4), ("P2", 3), ("P3", null), ("A5", 2), ("A6", null), ("SP1", null), ("SP2", null), ("SP3", null), ("Q4", 0));
        var request = new JsonObject { ["instrument"] = "KOOS", ["items"] = items.DeepClone() }.ToJsonString();

        var library = InstrumentJson.Score(InstrumentCatalog.Default, JsonDocument.Parse(request).RootElement);
        var api = await coordinator.PostAsJsonAsync($"/api/patients/{id}/responses", Submission(items));
        var cli = await CliScoreAsync(request);

        Assert.Equal(HttpStatusCode.Created, api.StatusCode);
        var expected = library.Scores.ToDictionary(s => s.Name, s => s.Value);
        Assert.Null(expected["sport_rec"]);
        Assert.Equal(expected, Scores((await JsonAsync(api)).GetProperty("scores")));
        Assert.Equal(expected, Scores(cli.GetProperty("scores")));
        var stored = await JsonAsync(await coordinator.GetAsync(api.Headers.Location));
        Assert.Equal(expected, Scores(stored[0].GetProperty("result").GetProperty("scores")));
    }

    [Fact]
    public async Task SubmitResponse_BadItems_Is400PerItemCodeAndWritesNothing()
    {
        var coordinator = await server.SignInAsAsync(Unique("coord"), ["Coordinator"]);
        var id = await OrthoRegenServer.RegisterPatientAsync(coordinator, mrn: Unique("M"));

        var r = await coordinator.PostAsJsonAsync($"/api/patients/{id}/responses", Submission(KoosItems(("P3", 5), ("Q1", "never"), ("A2", 1.5))));

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var errors = (await JsonAsync(r)).GetProperty("errors");
        Assert.Equal(["A2", "P3", "Q1"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal("Answer to item P3 must be 0–4.", errors.GetProperty("P3")[0].GetString());
        var unknownField = await coordinator.PostAsJsonAsync($"/api/patients/{id}/responses", Submission(KoosItems()).Also("scoredBy", "me"));
        Assert.Equal(HttpStatusCode.BadRequest, unknownField.StatusCode);
        Assert.Equal(0, (await JsonAsync(await coordinator.GetAsync($"/api/patients/{id}/responses"))).GetArrayLength());
    }

    [Fact]
    public async Task SubmitResponse_ConcurrentWithOneInvalid_StoresTheRestAndTheChainVerifies()
    {
        var coordinator = await server.SignInAsAsync(Unique("coord"), ["Coordinator"]);
        var id = await OrthoRegenServer.RegisterPatientAsync(coordinator, mrn: Unique("M"));
        const int n = 16, bad = 7;

        // Concurrent submissions share group commits (Database): the invalid one answers its own 400, the others 201.
        var answers = await Task.WhenAll(Enumerable.Range(0, n).Select(i => coordinator.PostAsJsonAsync($"/api/patients/{id}/responses",
            Submission(i == bad ? KoosItems(("P3", 5)) : KoosItems(("P1", i % 5)), $"M{i}"))));

        Assert.Equal(Enumerable.Range(0, n).Select(i => i == bad ? HttpStatusCode.BadRequest : HttpStatusCode.Created), answers.Select(a => a.StatusCode));
        Assert.Equal(["P3"], (await JsonAsync(answers[bad])).GetProperty("errors").EnumerateObject().Select(e => e.Name));
        var stored = await JsonAsync(await coordinator.GetAsync($"/api/patients/{id}/responses"));
        Assert.Equal(Enumerable.Range(0, n).Where(i => i != bad).Select(i => $"M{i}").Order(StringComparer.Ordinal),
            stored.EnumerateArray().Select(r => r.GetProperty("visitCode").GetString()).Order(StringComparer.Ordinal));
        var created = await Task.WhenAll(answers.Where(a => a.StatusCode == HttpStatusCode.Created).Select(async a => (await JsonAsync(a)).GetProperty("id").GetString()));
        Assert.Equal(n - 1, created.Distinct().Count());
        var chain = await server.Services.GetRequiredService<OrthoRegen.Audit.AuditTrail>().VerifyAsync(default);
        Assert.True(chain.IsIntact, chain.Problem);
    }

    [Fact]
    public async Task History_BaselineAndFollowUp_ReportsChangeFromBaseline()
    {
        var physician = await server.SignInAsAsync(Unique("dr"), ["Physician"]);
        var id = await OrthoRegenServer.RegisterPatientAsync(physician, mrn: Unique("M"));
        var worst = new JsonObject();
        foreach (var (code, _) in KoosItems()) worst[code] = 4;
        var today = DateTime.UtcNow;
        Assert.Equal(HttpStatusCode.Created, (await physician.PostAsJsonAsync($"/api/patients/{id}/responses", Submission(worst, "BASE", today.AddMonths(-3).ToString("yyyy-MM-dd")))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await physician.PostAsJsonAsync($"/api/patients/{id}/responses", Submission(KoosItems(), "M3"))).StatusCode);

        var history = await JsonAsync(await physician.GetAsync($"/api/patients/{id}/responses/history?instrument=KOOS"));

        var series = Assert.Single(history.EnumerateArray());
        Assert.Equal("BASE", series.GetProperty("baseline").GetProperty("visitCode").GetString());
        var qol = series.GetProperty("points")[1].GetProperty("change").EnumerateArray().Single(c => c.GetProperty("score").GetString() == "qol");
        Assert.Equal((75m, true), (qol.GetProperty("change").GetDecimal(), qol.GetProperty("thresholdMet").GetBoolean())); // 0 → 75, MCID 12.5
        Assert.Equal("MinimalImportantChange", qol.GetProperty("threshold").GetProperty("kind").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await physician.GetAsync($"/api/patients/{id}/responses/history")).StatusCode);
    }

    [Fact]
    public async Task Rescore_UnchangedDefinition_Is409AndResearcherCannotRescore()
    {
        var physician = await server.SignInAsAsync(Unique("dr"), ["Physician"]);
        var id = await OrthoRegenServer.RegisterPatientAsync(physician, mrn: Unique("M"));
        var created = await JsonAsync(await physician.PostAsJsonAsync($"/api/patients/{id}/responses", Submission(KoosItems())));
        var responseId = created.GetProperty("id").GetString();

        var conflict = await physician.PostAsJsonAsync($"/api/patients/{id}/responses/{responseId}/rescore", new { version = 1 });
        var researcher = await server.SignInAsAsync(Unique("res"), ["Researcher"]);
        var forbidden = await researcher.PostAsJsonAsync($"/api/patients/{id}/responses/{responseId}/rescore", new { version = 1 });

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal(ResponseMessages.AlreadyCurrent("KOOS", "1.0"), (await JsonAsync(conflict)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(1, (await JsonAsync(await physician.GetAsync($"/api/patients/{id}/responses/{responseId}"))).GetArrayLength());
    }

    [Fact]
    public async Task Responses_PatientOfAnotherSite_Is404LikeAMissingOne()
    {
        var seoul = await server.SignInAsAsync(Unique("seoul"), ["Physician"], "MAIN");
        var id = await OrthoRegenServer.RegisterPatientAsync(seoul, mrn: Unique("M"));
        await server.Services.GetRequiredService<OrthoRegen.Accounts.SiteStore>().EnsureAsync("BUSAN", "Busan clinic", default);
        var elsewhere = await server.SignInAsAsync(Unique("busan"), ["Physician"], "BUSAN");

        Assert.Equal(HttpStatusCode.NotFound, (await elsewhere.GetAsync($"/api/patients/{id}/responses")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await elsewhere.PostAsJsonAsync($"/api/patients/{id}/responses", Submission(KoosItems()))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await elsewhere.GetAsync($"/api/patients/{id}/responses/history?instrument=KOOS")).StatusCode);
    }
}

static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject o, string name, JsonNode? value)
    {
        o[name] = value;
        return o;
    }
}
