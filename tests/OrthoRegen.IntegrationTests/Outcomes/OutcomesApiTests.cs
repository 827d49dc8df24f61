using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.Instruments;
using OrthoRegen.Outcomes;
using OrthoRegen.Statistics;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Outcomes;

/// <summary>
/// A server of its own with a small treated knee cohort built through the Core stores (dates relative to today, the
/// server's clock): WOMAC at baseline, 6 and 12 months, one patient without a 12-month visit, one with a replacement.
/// Patients carry known names, phones and record numbers so the researcher tests can scan for them.
/// </summary>
public abstract class OutcomesServerFixture(DatabaseProvider engine) : IAsyncLifetime
{
    public OrthoRegenServer Server { get; private set; } = null!;
    public List<(TreatedKnee Knee, (int Pain, int Function)[] Levels)> Knees { get; } = [];
    public static readonly string[] Secrets = ["Zebulonsky", "Quintavalle", "010-9876-5432", "MRN-SECRET-7"];
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public async Task InitializeAsync()
    {
        Server = await OrthoRegenServer.StartAsync(engine);
        var services = Server.Services;
        object Get(Type t) => services.GetRequiredService(t);
        var main = (await services.GetRequiredService<SiteStore>().ListAsync(default)).Single(s => s.Code == "MAIN");
        var physician = new Actor("u-dr", "dr.seed", [Roles.Physician], false, [main.Id], "seed");
        // (pain, function) item levels at BASE, M6, M12; null-level rows are not recorded
        (int, int)[][] levels =
        [
            [(3, 3), (1, 2), (1, 1)],
            [(4, 3), (2, 2), (2, 1)],
            [(2, 2), (2, 2), (1, 2)],
            [(3, 4), (3, 2), (0, 1)],
            [(4, 4), (1, 1)],                 // no 12-month visit: missing at M12
            [(2, 3), (2, 3)],                 // replaced at 9 months: after endpoint at M12
        ];
        for (var i = 0; i < levels.Length; i++)
        {
            var day0 = Today.AddDays(-420 - i);
            var knee = await Clinic.TreatAsync(Get, physician, new KneeCase
            {
                Family = i == 0 ? Secrets[0] : "Park" + i, Given = i == 0 ? Secrets[1] : "Jiwoo", Phone = i == 0 ? Secrets[2] : null,
                RecordNumber = i == 0 ? Secrets[3] : $"MRN-O{i}", Day0 = day0.ToString("yyyy-MM-dd"), CellSource = i % 2 == 0 ? "BM_MSC" : "AD_MSC",
            });
            int[] days = [-3, 180, 366];
            for (var v = 0; v < levels[i].Length; v++)
                await Clinic.WomacAsync(Get, physician, knee.Patient.Id, "KNEE_R", day0.AddDays(days[v]), levels[i][v].Item1, levels[i][v].Item2, v == 0 ? "BASE" : v == 1 ? "M6" : "M12");
            if (i == 5)
            {
                var store = services.GetRequiredService<OrthoRegen.FollowUp.FollowUpStore>();
                Clinic.Done(await store.RecordEndpointAsync(physician, knee.Schedule.Id,
                    new OrthoRegen.FollowUp.RecordEndpoint { Version = knee.Schedule.Version, Type = "TOTAL_KNEE_ARTHROPLASTY", Date = day0.AddDays(270).ToString("yyyy-MM-dd") }, default));
            }
            Knees.Add((knee, levels[i]));
        }
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

public sealed class OutcomesSqliteFixture() : OutcomesServerFixture(DatabaseProvider.Sqlite);
public sealed class OutcomesPostgresFixture() : OutcomesServerFixture(DatabaseProvider.Postgres);

public sealed class OutcomesApiOnSqliteTests(OutcomesSqliteFixture f) : OutcomesApiTests(f), IClassFixture<OutcomesSqliteFixture>;
public sealed class OutcomesApiOnPostgresTests(OutcomesPostgresFixture f) : OutcomesApiTests(f), IClassFixture<OutcomesPostgresFixture>;

public abstract class OutcomesApiTests(OutcomesServerFixture fixture)
{
    static int _users;
    static string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref _users)}";
    OrthoRegenServer Server => fixture.Server;
    static readonly InstrumentCatalog Catalog = InstrumentCatalog.Default;

    static async Task<JsonElement> Json(HttpResponseMessage r)
    {
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, $"{r.RequestMessage?.RequestUri}: {r.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>The WOMAC score the catalog gives for uniform item levels (the same scoring the store used).</summary>
    static double Womac(string score, int pain, int function)
    {
        var items = new Dictionary<string, Answer>();
        for (var i = 1; i <= 5; i++) items[$"P{i}"] = Answer.Of(pain);
        for (var i = 1; i <= 2; i++) items[$"S{i}"] = Answer.Of(2);
        for (var i = 1; i <= 17; i++) items[$"F{i}"] = Answer.Of(function);
        return (double)Catalog.Score(new InstrumentRequest("WOMAC", items)).Score(score)!.Value!.Value;
    }

    static JsonElement VisitOf(JsonElement trajectory, string code) =>
        trajectory.GetProperty("result").GetProperty("groups")[0].GetProperty("visits").EnumerateArray().Single(v => v.GetProperty("code").GetString() == code);

    [Fact]
    public async Task Trajectory_NumbersEqualTheEngineOnTheSameData()
    {
        var researcher = await Server.SignInAsAsync(Unique("re"), ["Researcher"]);
        var t = await Json(await researcher.GetAsync("/api/outcomes/trajectory?instrument=WOMAC&score=pain_100&targets=KNEE_R"));
        Assert.Equal(6, t.GetProperty("members").GetInt32());

        foreach (var (code, index) in new[] { ("M6", 1), ("M12", 2) })
        {
            var pairs = fixture.Knees.Where(k => k.Levels.Length > index)
                .Select(k => (Womac("pain_100", k.Levels[0].Pain, k.Levels[0].Function), Womac("pain_100", k.Levels[index].Pain, k.Levels[index].Function))).ToList();
            var expected = Descriptive.PairedChange(pairs.Select(p => p.Item1).ToList(), pairs.Select(p => p.Item2).ToList());
            var v = VisitOf(t, code);
            var change = v.GetProperty("change");
            Assert.Equal(expected.N, change.GetProperty("n").GetInt32());
            Assert.Equal(expected.Mean!.Value, change.GetProperty("mean").GetDouble(), 12);
            Assert.Equal(expected.Lower!.Value, change.GetProperty("lower").GetDouble(), 12);
            Assert.Equal(expected.Upper!.Value, change.GetProperty("upper").GetDouble(), 12);
            var diffs = pairs.Select(p => p.Item2 - p.Item1).Order().ToList();
            Assert.Equal(Trajectories.Median(diffs)!.Value, v.GetProperty("medianChange").GetDouble(), 12);
        }
        var m12 = VisitOf(t, "M12").GetProperty("counts");
        Assert.Equal((6, 1, 5, 4, 1), (m12.GetProperty("members").GetInt32(), m12.GetProperty("afterEndpoint").GetInt32(), m12.GetProperty("due").GetInt32(),
            m12.GetProperty("observed").GetInt32(), m12.GetProperty("missing").GetInt32()));

        // The CSV carries the same numbers; the SVG is XML with the mean line and one line per patient.
        var csv = await researcher.GetStringAsync("/api/outcomes/trajectory.csv?instrument=WOMAC&score=pain_100&targets=KNEE_R");
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        var row = lines.Single(l => l.Split(',')[2] == "M6").Split(',');
        Assert.Equal(VisitOf(t, "M6").GetProperty("change").GetProperty("mean").GetDouble(),
            double.Parse(row[Array.IndexOf(header, "mean_change")], CultureInfo.InvariantCulture), 12);
        var svg = XDocument.Parse(await researcher.GetStringAsync("/api/outcomes/trajectory.svg?instrument=WOMAC&score=pain_100&spaghetti=true"));
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(1 + 6, svg.Descendants(ns + "polyline").Count());
    }

    [Fact]
    public async Task Responders_ShareAndWilsonIntervalEqualTheEngine()
    {
        var researcher = await Server.SignInAsAsync(Unique("re"), ["Researcher"]);
        var r = await Json(await researcher.GetAsync("/api/outcomes/responders?targets=KNEE_R"));
        var function = r.GetProperty("result").EnumerateArray().Single(a => a.GetProperty("instrument").GetString() == "WOMAC" && a.GetProperty("score").GetString() == "function_100");
        var m6 = function.GetProperty("visits").EnumerateArray().Single(v => v.GetProperty("visit").GetString() == "M6");
        // knee_oa MCID for WOMAC function_100: improvement ≥ 9.1 points or ≥ 26 % (Tubach 2005), higher = worse
        var events = fixture.Knees.Count(k =>
        {
            var b = Womac("function_100", k.Levels[0].Pain, k.Levels[0].Function);
            var f = Womac("function_100", k.Levels[1].Pain, k.Levels[1].Function);
            return b - f >= 9.1 || (b - f) * 100 / b >= 26.0;
        });
        var expected = Descriptive.Wilson(events, 6);
        var share = m6.GetProperty("share");
        Assert.Equal((events, 6), (share.GetProperty("events").GetInt32(), share.GetProperty("n").GetInt32()));
        Assert.Equal(expected.Lower!.Value, share.GetProperty("lower").GetDouble(), 12);
        Assert.Equal(expected.Upper!.Value, share.GetProperty("upper").GetDouble(), 12);
        Assert.Contains(r.GetProperty("result").EnumerateArray(), a => a.GetProperty("instrument").GetString() == OmeractOarsi.Code);

        var cmp = await Json(await researcher.PostAsJsonAsync("/api/outcomes/responders/compare", new
        {
            first = new { cellSources = new[] { "BM_MSC" } }, second = new { cellSources = new[] { "AD_MSC" } }, instrument = "WOMAC", score = "function_100",
        }));
        var firstM6 = cmp.GetProperty("first").GetProperty("visits")[0].GetProperty("share");
        var secondM6 = cmp.GetProperty("second").GetProperty("visits")[0].GetProperty("share");
        var diff = Responders.Difference(firstM6.GetProperty("events").GetInt32(), firstM6.GetProperty("n").GetInt32(),
            secondM6.GetProperty("events").GetInt32(), secondM6.GetProperty("n").GetInt32());
        var d0 = cmp.GetProperty("differences")[0];
        Assert.Equal("M6", d0.GetProperty("visit").GetString());
        Assert.Equal(diff.Lower!.Value, d0.GetProperty("lower").GetDouble(), 12);
        Assert.Equal(diff.Upper!.Value, d0.GetProperty("upper").GetDouble(), 12);
    }

    [Fact]
    public async Task Researcher_SeesNoIdentifiersAnywhereInOutcomes()
    {
        var researcher = await Server.SignInAsAsync(Unique("re"), ["Researcher"]);
        var patientId = fixture.Knees[0].Knee.Patient.Id;
        string[] urls =
        [
            "/api/outcomes/cohort", "/api/outcomes/cohort.csv", "/api/outcomes/trajectory?instrument=WOMAC&score=pain_100",
            "/api/outcomes/trajectory.csv?instrument=WOMAC&series=members", "/api/outcomes/trajectory.svg?instrument=WOMAC&spaghetti=true",
            "/api/outcomes/responders", "/api/outcomes/responders.csv", "/outcomes", "/outcomes/trajectories?instrument=WOMAC&spaghetti=true",
            "/outcomes/structure", "/outcomes/responders", "/outcomes/report", $"/patients/{patientId}/progress",
        ];
        foreach (var url in urls)
        {
            var r = await researcher.GetAsync(url);
            var body = await r.Content.ReadAsStringAsync();
            Assert.True(r.IsSuccessStatusCode, $"{url}: {r.StatusCode}");
            foreach (var secret in OutcomesServerFixture.Secrets) Assert.DoesNotContain(secret, body);
        }
        Assert.Contains(fixture.Knees[0].Knee.Patient.PseudonymCode, await researcher.GetStringAsync("/api/outcomes/cohort.csv"));
        Assert.Contains(fixture.Knees[0].Knee.Patient.PseudonymCode, await researcher.GetStringAsync($"/patients/{patientId}/progress"));

        // The clinic's own copy of the progress report names the patient for staff who see identifiers.
        var physician = await Server.SignInAsAsync(Unique("dr"), ["Physician"]);
        var staffCopy = await physician.GetStringAsync($"/patients/{patientId}/progress");
        Assert.Contains(OutcomesServerFixture.Secrets[0], staffCopy);
        Assert.Contains(OutcomesServerFixture.Secrets[3], staffCopy);
    }

    [Fact]
    public async Task SavedCohorts_CreateRenameConflictAndValidation()
    {
        var researcher = await Server.SignInAsAsync(Unique("re"), ["Researcher"]);
        var name = Unique("Knee KL3 BM-MSC ");
        var created = await researcher.PostAsJsonAsync("/api/outcomes/cohorts", new { name, definition = new { cellSources = new[] { "BM_MSC" }, klGrades = new[] { 3 } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var saved = await Json(created);
        var id = saved.GetProperty("id").GetString();
        Assert.Equal("klGrades=3&cellSources=BM_MSC", saved.GetProperty("query").GetString());

        var dup = await researcher.PostAsJsonAsync("/api/outcomes/cohorts", new { name = name.ToUpperInvariant(), definition = new { } });
        Assert.Equal(HttpStatusCode.BadRequest, dup.StatusCode);
        Assert.Contains("\"name\"", await dup.Content.ReadAsStringAsync());
        var bad = await researcher.PostAsJsonAsync("/api/outcomes/cohorts", new { name = Unique("x"), definition = new { ageMin = 90, ageMax = 10, routes = new[] { "ORAL" } } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problems = (await Json(new HttpResponseMessage(HttpStatusCode.OK) { Content = bad.Content })).GetProperty("errors");
        Assert.True(problems.TryGetProperty("definition.ageMax", out _));
        Assert.True(problems.TryGetProperty("definition.routes", out _));

        var renamed = await Json(await researcher.PutAsJsonAsync($"/api/outcomes/cohorts/{id}", new { name = name + " v2", version = 1, reason = "clearer name" }));
        Assert.Equal((2, name + " v2"), (renamed.GetProperty("version").GetInt32(), renamed.GetProperty("name").GetString()));
        var stale = await researcher.PutAsJsonAsync($"/api/outcomes/cohorts/{id}", new { name = name + " v3", version = 1, reason = "again" });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var noReason = await researcher.PutAsJsonAsync($"/api/outcomes/cohorts/{id}", new { name = name + " v3", version = 2 });
        Assert.Contains("\"reason\"", await noReason.Content.ReadAsStringAsync());
        var list = await Json(await researcher.GetAsync("/api/outcomes/cohorts"));
        Assert.Contains(list.EnumerateArray(), c => c.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task BuilderPage_SavesTheCohortShownThroughItsForm()
    {
        var researcher = await Server.SignInAsAsync(Unique("re"), ["Researcher"]);
        const string url = "/outcomes?cellSources=AD_MSC&ageMin=30";
        var html = await researcher.GetStringAsync(url);
        Assert.Contains("3 treated targets", html);
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var name = Unique("AD-MSC over 30 ");
        var r = await researcher.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "cohort-save", ["__RequestVerificationToken"] = token, ["Form.Name"] = name,
            ["Form.Definition"] = """{"cellSources":["AD_MSC"],"ageMin":30}""",
        }));
        Assert.True(r.IsSuccessStatusCode || r.StatusCode == HttpStatusCode.Redirect, $"{r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
        var list = await Json(await researcher.GetAsync("/api/outcomes/cohorts"));
        var saved = list.EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        Assert.Equal("cellSources=AD_MSC&ageMin=30", saved.GetProperty("query").GetString());
    }

    [Fact]
    public async Task BadFilters_AreFieldErrors_AndOtherRolesAreRefused()
    {
        var researcher = await Server.SignInAsAsync(Unique("re"), ["Researcher"]);
        var r = await researcher.GetAsync("/api/outcomes/trajectory?instrument=WOMAC&klGrades=9&ageMin=abc&groupBy=COLOUR");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var body = await r.Content.ReadAsStringAsync();
        Assert.Contains("ageMin", body);
        var r2 = await researcher.GetAsync("/api/outcomes/trajectory?instrument=NOPE&groupBy=COLOUR");
        var body2 = await r2.Content.ReadAsStringAsync();
        Assert.Contains("instrument", body2);
        Assert.Contains("groupBy", body2);

        var lab = await Server.SignInAsAsync(Unique("lab"), ["CellLab"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await lab.GetAsync("/api/outcomes/cohort")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Server.Anonymous().GetAsync("/api/outcomes/cohort")).StatusCode);
    }

    [Fact]
    public async Task EveryAnalysisRun_IsLoggedWithItsCohortDefinition()
    {
        var researcher = await Server.SignInAsAsync(Unique("re"), ["Researcher"]);
        (await researcher.GetAsync("/api/outcomes/trajectory?instrument=WOMAC&score=function_100&cellSources=AD_MSC&ageMin=41")).EnsureSuccessStatusCode();
        var admin = await Server.AdminAsync();
        var runs = await Json(await admin.GetAsync("/api/outcomes/runs?limit=20"));
        var run = runs.EnumerateArray().First(x => x.GetProperty("analysis").GetString() == "trajectory" && x.GetProperty("parameters").GetString()!.Contains("WOMAC.function_100"));
        Assert.Equal("""{"cellSources":["AD_MSC"],"ageMin":41}""", run.GetProperty("definition").GetString());
        Assert.Equal(AnalysisLog.HashOf(run.GetProperty("definition").GetString()!), run.GetProperty("definitionHash").GetString());
    }

    /// <summary>A saved cohort exports through the same dataset code: only its members, pseudonymised, 404 for no cohort.</summary>
    [Fact]
    public async Task SavedCohort_ExportsItsMembersAsThePseudonymisedDataset()
    {
        var researcher = await Server.SignInAsAsync(Unique("re"), ["Researcher"]);
        var saved = await Json(await researcher.PostAsJsonAsync("/api/outcomes/cohorts", new { name = Unique("AD-MSC knees "), definition = new { cellSources = new[] { "AD_MSC" } } }));
        var id = saved.GetProperty("id").GetString();
        var members = (await Json(await researcher.GetAsync("/api/outcomes/cohort?cellSources=AD_MSC"))).GetProperty("members").EnumerateArray()
            .Select(m => m.GetProperty("pseudonymCode").GetString()!).ToHashSet();
        Assert.Equal(3, members.Count); // knees 1, 3 and 5 of the fixture are AD-MSC

        var r = await researcher.GetAsync($"/api/research/cohorts/{id}/dataset?shape=wide&format=csv");
        Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
        using var zip = new System.IO.Compression.ZipArchive(await r.Content.ReadAsStreamAsync(), System.IO.Compression.ZipArchiveMode.Read);
        using var reader = new StreamReader(zip.GetEntry("dataset.csv")!.Open());
        var lines = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        var code = Array.IndexOf(header, "pseudonym_code");
        Assert.True(code >= 0, lines[0]);
        Assert.Equal(members, lines.Skip(1).Select(l => l.Split(',')[code].Trim('"')).ToHashSet());
        foreach (var secret in OutcomesServerFixture.Secrets) Assert.DoesNotContain(secret, string.Join("\n", lines));

        Assert.Equal(HttpStatusCode.NotFound, (await researcher.GetAsync("/api/research/cohorts/no-such-cohort/dataset")).StatusCode);
    }
}
