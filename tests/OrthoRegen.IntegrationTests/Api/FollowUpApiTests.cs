using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Api;

public sealed class FollowUpApiOnSqliteTests(SqliteServerFixture f) : FollowUpApiTests(f.Server), IClassFixture<SqliteServerFixture>;
public sealed class FollowUpApiOnPostgresTests(PostgresServerFixture f) : FollowUpApiTests(f.Server), IClassFixture<PostgresServerFixture>;

/// <summary>The follow-up HTTP contract and pages on a real server (system clock: dates are relative to today).</summary>
public abstract partial class FollowUpApiTests(OrthoRegenServer server)
{
    static int _users;
    static string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref _users)}";
    static string Day(int offset) => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(offset).ToString("yyyy-MM-dd");
    static async Task<JsonElement> JsonAsync(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    static async Task<JsonElement> StartAsync(HttpClient c, string patientId, int day0Offset, string target = "KNEE_R")
    {
        var r = await c.PostAsJsonAsync($"/api/patients/{patientId}/follow-up", new { target, day0 = Day(day0Offset), treatingPhysician = "dr.api" });
        Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        return await JsonAsync(r);
    }

    static JsonElement VisitOf(JsonElement schedule, string code) =>
        schedule.GetProperty("visits").EnumerateArray().Single(v => v.GetProperty("code").GetString() == code);

    [Fact]
    public async Task StartRecordAndWorklist_WorkEndToEnd()
    {
        var coordinator = await server.SignInAsAsync(Unique("coord"), ["Coordinator"]);
        var id = await OrthoRegenServer.RegisterPatientAsync(coordinator, mrn: Unique("M"));

        var first = await coordinator.PostAsJsonAsync($"/api/patients/{id}/follow-up", new { target = "KNEE_R", day0 = Day(-25), treatingPhysician = "dr.api" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var schedule = await JsonAsync(first);
        var again = await coordinator.PostAsJsonAsync($"/api/patients/{id}/follow-up", new { target = "KNEE_R", day0 = Day(-2), treatingPhysician = "dr.api" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode); // idempotent: the existing schedule, unchanged
        Assert.Equal((schedule.GetProperty("id").GetString(), Day(-25)),
            ((await JsonAsync(again)).GetProperty("id").GetString(), (await JsonAsync(again)).GetProperty("day0").GetString()));

        var list = await JsonAsync(await coordinator.GetAsync($"/api/patients/{id}/follow-up"));
        var s = list.EnumerateArray().Single();
        Assert.Equal(15, s.GetProperty("visits").GetArrayLength());
        Assert.Equal(("MISSED", "MISSED", "SCHEDULED"), (VisitOf(s, "BASE").GetProperty("status").GetString(),
            VisitOf(s, "D1_7").GetProperty("status").GetString(), VisitOf(s, "M1").GetProperty("status").GetString()));

        var m1 = VisitOf(s, "M1").GetProperty("id").GetString();
        var worklist = await JsonAsync(await coordinator.GetAsync("/api/follow-up/worklist?physician=dr.api"));
        var mine = worklist.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("patientId").GetString() == id)
            .Select(i => (i.GetProperty("bucket").GetString(), i.GetProperty("code").GetString())).Order().ToList();
        Assert.Equal([("DUE_THIS_WEEK", "M1"), ("MISSED", "BASE"), ("MISSED", "D1_7")], mine);

        var recorded = await coordinator.PostAsJsonAsync($"/api/follow-up/visits/{m1}/record", new
        {
            version = 1, actualDate = Day(-5), instruments = new[] { new { instrument = "KOOS" } },
            exam = new { flexionDeg = 118, chairStand30sCount = 10, stairClimbSeconds = 15.5, stairClimbSteps = 12 },
            biomarkers = new[] { new { analyte = "TNFA", specimen = "SERUM", value = 8.1, assay = "ELISA", lloq = 1.2, sampledOn = Day(0) } },
        });
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        var v = await JsonAsync(recorded);
        Assert.Equal(("DONE_OUT_OF_WINDOW", "M1"), (v.GetProperty("status").GetString(), v.GetProperty("analysisVisit").GetString())); // day 20: 3 days before the window, within 1.5 × 7
        Assert.Equal(10, v.GetProperty("findings").GetProperty("exam").GetProperty("chairStand30sCount").GetInt32());
        var history = await JsonAsync(await coordinator.GetAsync($"/api/follow-up/visits/{m1}/history"));
        Assert.Equal(2, history.GetArrayLength());
        var definition = await JsonAsync(await coordinator.GetAsync("/api/follow-up/schedule-definition"));
        Assert.Equal(10, definition.GetProperty("horizonYears").GetProperty("value").GetInt32());
    }

    [Fact]
    public async Task BadInput_Is400NamingTheField()
    {
        var coordinator = await server.SignInAsAsync(Unique("coord"), ["Coordinator"]);
        var id = await OrthoRegenServer.RegisterPatientAsync(coordinator, mrn: Unique("M"));
        var start = await coordinator.PostAsJsonAsync($"/api/patients/{id}/follow-up", new { target = "ELBOW", day0 = Day(1), treatingPhysician = "dr.api" });
        Assert.Equal(HttpStatusCode.BadRequest, start.StatusCode);
        var startErrors = (await JsonAsync(start)).GetProperty("errors");
        Assert.True(startErrors.TryGetProperty("target", out _) && startErrors.TryGetProperty("day0", out _));

        var s = await StartAsync(coordinator, id, -30);
        var m1 = VisitOf(s, "M1").GetProperty("id").GetString();
        var r = await coordinator.PostAsJsonAsync($"/api/follow-up/visits/{m1}/record", new { version = 1, actualDate = Day(0), exam = new { chairStand30sCount = 99 } });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var message = (await JsonAsync(r)).GetProperty("errors").GetProperty("exam.chairStand30sCount")[0].GetString();
        Assert.StartsWith("30-second chair stand: must be between 0 and 60", message);

        var move = await coordinator.PostAsJsonAsync($"/api/follow-up/visits/{m1}/reschedule", new { version = 1, scheduledOn = Day(3) });
        Assert.True((await JsonAsync(move)).GetProperty("errors").TryGetProperty("reason", out _));
        var stale = await coordinator.PostAsJsonAsync($"/api/follow-up/visits/{m1}/reschedule", new { version = 7, scheduledOn = Day(3), reason = "x" });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var endpoint = await coordinator.PostAsJsonAsync($"/api/follow-up/schedules/{s.GetProperty("id").GetString()}/endpoint", new { version = 1, type = "DISCECTOMY", date = Day(0) });
        Assert.True((await JsonAsync(endpoint)).GetProperty("errors").TryGetProperty("type", out _)); // not a knee endpoint
    }

    [Fact]
    public async Task PatientOfAnotherSite_Is404Everywhere()
    {
        var seoul = await server.SignInAsAsync(Unique("coord"), ["Coordinator"], "MAIN");
        var id = await OrthoRegenServer.RegisterPatientAsync(seoul, mrn: Unique("M"));
        var s = await StartAsync(seoul, id, -40);
        var visit = VisitOf(s, "M1").GetProperty("id").GetString();
        await server.Services.GetRequiredService<OrthoRegen.Accounts.SiteStore>().EnsureAsync("BUSAN", "Busan clinic", default);
        var busan = await server.SignInAsAsync(Unique("busan"), ["Coordinator"], "BUSAN");

        Assert.Equal(HttpStatusCode.NotFound, (await busan.GetAsync($"/api/patients/{id}/follow-up")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await busan.GetAsync($"/api/follow-up/visits/{visit}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await busan.PostAsJsonAsync($"/api/follow-up/visits/{visit}/record", new { version = 1, actualDate = Day(0) })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await busan.PostAsJsonAsync($"/api/patients/{id}/follow-up", new { target = "KNEE_L", day0 = Day(-1), treatingPhysician = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await busan.PostAsJsonAsync($"/api/follow-up/schedules/{s.GetProperty("id").GetString()}/withdrawal",
            new { version = 1, kind = "WITHDRAWN", date = Day(0), reason = "x" })).StatusCode);
        var items = (await JsonAsync(await busan.GetAsync("/api/follow-up/worklist"))).GetProperty("items");
        Assert.DoesNotContain(items.EnumerateArray(), i => i.GetProperty("patientId").GetString() == id);
    }

    [Theory]
    [InlineData("Researcher", "POST", "/api/patients/{id}/follow-up")]            // researchers never write
    [InlineData("Researcher", "POST", "/api/follow-up/visits/{visit}/record")]
    [InlineData("Researcher", "POST", "/api/follow-up/visits/{visit}/reschedule")]
    [InlineData("Researcher", "POST", "/api/follow-up/schedules/{schedule}/endpoint")]
    [InlineData("Researcher", "POST", "/api/follow-up/schedules/{schedule}/withdrawal")]
    [InlineData("Rehab", "POST", "/api/patients/{id}/follow-up")]                 // starting by hand: physician or coordinator
    [InlineData("CellLab", "GET", "/api/patients/{id}/follow-up")]                // the follow-up record is part of the clinical chart
    [InlineData("CellLab", "GET", "/api/follow-up/worklist")]
    public async Task Route_RoleWithoutRight_Is403(string role, string method, string path)
    {
        var coordinator = await server.SignInAsAsync(Unique("coord"), ["Coordinator"]);
        var id = await OrthoRegenServer.RegisterPatientAsync(coordinator, mrn: Unique("M"));
        var s = await StartAsync(coordinator, id, -40);
        var client = await server.SignInAsAsync(Unique(role.ToLowerInvariant()), [role]);
        using var req = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", id)
            .Replace("{visit}", VisitOf(s, "M1").GetProperty("id").GetString()).Replace("{schedule}", s.GetProperty("id").GetString()));
        if (method == "POST") req.Content = JsonContent.Create(new { version = 1, actualDate = Day(0), target = "KNEE_L", day0 = Day(0) });
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(req)).StatusCode);
        if (role == "Researcher") Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/patients/{id}/follow-up")).StatusCode);
    }

    [Fact]
    public async Task RehabAndPhysician_RecordVisits_PhysicianStartsAsTreatingPhysician()
    {
        var physician = await server.SignInAsAsync(Unique("dr"), ["Physician"]);
        var id = await OrthoRegenServer.RegisterPatientAsync(physician, mrn: Unique("M"));
        var r = await physician.PostAsJsonAsync($"/api/patients/{id}/follow-up", new { target = "HIP_L", day0 = Day(-3) });
        var s = await JsonAsync(r);
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        Assert.StartsWith("dr", s.GetProperty("treatingPhysician").GetString());
        var rehab = await server.SignInAsAsync(Unique("rehab"), ["Rehab"]);
        var d17 = VisitOf(s, "D1_7").GetProperty("id").GetString();
        var recorded = await rehab.PostAsJsonAsync($"/api/follow-up/visits/{d17}/record", new { version = 1, actualDate = Day(0), contact = "PHONE" });
        Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        Assert.Equal("DONE_IN_WINDOW", (await JsonAsync(recorded)).GetProperty("status").GetString());
    }
}
