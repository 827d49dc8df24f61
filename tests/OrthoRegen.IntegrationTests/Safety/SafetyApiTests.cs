using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.IntegrationTests.Api;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Safety;

public sealed class SafetyApiOnSqliteTests(SqliteServerFixture f) : SafetyApiTests(f.Server), IClassFixture<SqliteServerFixture>;
public sealed class SafetyApiOnPostgresTests(PostgresServerFixture f) : SafetyApiTests(f.Server), IClassFixture<PostgresServerFixture>;

/// <summary>The safety HTTP contract on a real server: capture, follow-up, reports, submission, roles and sites.</summary>
public abstract class SafetyApiTests(OrthoRegenServer server)
{
    static int _users;
    static string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref _users)}";
    static string Day(int daysAgo) => DateTime.UtcNow.AddDays(-daysAgo).ToString("yyyy-MM-dd");
    static async Task<JsonElement> JsonAsync(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    /// <summary>A patient at MAIN with a treatment consent signed 30 days ago on <paramref name="pathway"/>.</summary>
    static async Task<string> PatientWithConsentAsync(HttpClient clinician, string pathway = "KR_ARM_TREATMENT")
    {
        var id = await OrthoRegenServer.RegisterPatientAsync(clinician, mrn: Unique("M"));
        var consent = await clinician.PostAsJsonAsync($"/api/patients/{id}/consents", new
        {
            formCode = "TREATMENT", formVersion = "1.0", language = "ko", signedAt = Day(30), signer = "PATIENT", pathway,
            risksExplained = true, evidenceLevelExplained = true, alternativesExplained = true, personalDataProcessing = true, rightToWithdraw = true,
        });
        Assert.Equal(HttpStatusCode.Created, consent.StatusCode);
        return id;
    }

    /// <summary>A hospitalised joint infection possibly related to the injection: a SUSAR, aware <paramref name="awareDaysAgo"/> days ago.</summary>
    static object Infection(int awareDaysAgo = 1, int grade = 3) => new
    {
        term = "Septic arthritis", ctcaeTerm = "Joint infection", ctcaeVersion = "5.0", grade, onset = Day(awareDaysAgo + 1), outcome = "RECOVERING",
        seriousnessCriteria = new[] { "HOSPITALIZATION" }, relatedToProduct = "UNLIKELY", relatedToProcedure = "POSSIBLE", action = "HOSPITALIZED",
        awareDate = Day(awareDaysAgo), route = "INTRA_ARTICULAR", cellSource = "BMAC",
    };

    [Fact]
    public async Task Capture_Susar_IsCreatedWithReportsAndFollowUpAddsAVersion()
    {
        var coordinator = await server.SignInAsAsync(Unique("coord"), ["Coordinator"]);
        var id = await PatientWithConsentAsync(coordinator);
        var created = await coordinator.PostAsJsonAsync($"/api/patients/{id}/adverse-events", Infection());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await JsonAsync(created);
        var ev = body.GetProperty("event");
        Assert.Equal((true, true, false, true), (ev.GetProperty("serious").GetBoolean(), ev.GetProperty("related").GetBoolean(),
            ev.GetProperty("expected").GetBoolean(), ev.GetProperty("susar").GetBoolean()));
        Assert.Equal(["IRB", "KR_KNIH_ARMI"], body.GetProperty("reports").EnumerateArray().Select(r => r.GetProperty("authority").GetString()));
        var aeId = ev.GetProperty("id").GetString()!;
        Assert.Equal($"/api/adverse-events/{aeId}", created.Headers.Location?.OriginalString);

        var followUp = await coordinator.PutAsJsonAsync($"/api/adverse-events/{aeId}", new
        {
            term = "Septic arthritis", ctcaeTerm = "Joint infection", ctcaeVersion = "5.0", grade = 2, onset = Day(2), resolved = Day(0), outcome = "RECOVERED",
            seriousnessCriteria = new[] { "HOSPITALIZATION" }, relatedToProduct = "UNLIKELY", relatedToProcedure = "POSSIBLE", action = "HOSPITALIZED",
            awareDate = Day(1), route = "INTRA_ARTICULAR", cellSource = "BMAC", version = 1, reason = "Resolved after washout",
        });
        Assert.Equal(HttpStatusCode.OK, followUp.StatusCode);
        var after = await JsonAsync(followUp);
        Assert.Equal((2, 2), (after.GetProperty("event").GetProperty("version").GetInt32(), after.GetProperty("reports").GetArrayLength()));
        var stale = await coordinator.PutAsJsonAsync($"/api/adverse-events/{aeId}", new
        {
            term = "x", ctcaeVersion = "5.0", grade = 1, onset = Day(2), outcome = "RECOVERING", relatedToProduct = "UNRELATED",
            relatedToProcedure = "UNRELATED", action = "NONE", awareDate = Day(1), version = 1, reason = "stale",
        });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        Assert.Equal(2, (await JsonAsync(await coordinator.GetAsync($"/api/adverse-events/{aeId}"))).GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task Capture_BadInput_Is400NamingTheFields()
    {
        var physician = await server.SignInAsAsync(Unique("dr"), ["Physician"]);
        var id = await PatientWithConsentAsync(physician);
        var grade5 = await physician.PostAsJsonAsync($"/api/patients/{id}/adverse-events", new
        {
            term = "Sepsis", ctcaeVersion = "5.0", grade = 5, onset = Day(3), outcome = "NOT_RECOVERED", seriousnessCriteria = new[] { "HOSPITALIZATION" },
            relatedToProduct = "POSSIBLE", relatedToProcedure = "POSSIBLE", action = "HOSPITALIZED", awareDate = Day(2),
        });
        Assert.Equal(HttpStatusCode.BadRequest, grade5.StatusCode);
        var errors = (await JsonAsync(grade5)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("seriousnessCriteria", out _));
        Assert.True(errors.TryGetProperty("outcome", out _));

        var grade4 = await physician.PostAsJsonAsync($"/api/patients/{id}/adverse-events", new
        {
            term = "Severe knee pain", ctcaeVersion = "6.0", grade = 4, onset = Day(3), outcome = "RECOVERING",
            relatedToProduct = "POSSIBLE", relatedToProcedure = "POSSIBLE", action = "TREATED", awareDate = Day(2),
        });
        Assert.Equal(["seriousnessAssessed"], (await JsonAsync(grade4)).GetProperty("errors").EnumerateObject().Select(p => p.Name));

        var beforeConsent = await physician.PostAsJsonAsync($"/api/patients/{id}/adverse-events", new
        {
            term = "Headache", ctcaeVersion = "5.0", grade = 1, onset = Day(40), outcome = "RECOVERING",
            relatedToProduct = "UNRELATED", relatedToProcedure = "UNRELATED", action = "NONE", awareDate = Day(40),
        });
        Assert.Equal(["onset"], (await JsonAsync(beforeConsent)).GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, (await JsonAsync(await physician.GetAsync($"/api/patients/{id}/adverse-events"))).GetArrayLength());
    }

    [Fact]
    public async Task OtherSite_Is404LikeAMissingEvent()
    {
        var seoul = await server.SignInAsAsync(Unique("seoul"), ["Physician"], "MAIN");
        var id = await PatientWithConsentAsync(seoul);
        var aeId = (await JsonAsync(await seoul.PostAsJsonAsync($"/api/patients/{id}/adverse-events", Infection()))).GetProperty("event").GetProperty("id").GetString();
        await server.Services.GetRequiredService<OrthoRegen.Accounts.SiteStore>().EnsureAsync("BUSAN", "Busan clinic", default);
        var busan = await server.SignInAsAsync(Unique("busan"), ["Physician"], "BUSAN");
        Assert.Equal(HttpStatusCode.NotFound, (await busan.GetAsync($"/api/adverse-events/{aeId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await busan.GetAsync("/api/adverse-events/0123456789abcdef0123456789abcdef")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await busan.GetAsync($"/api/patients/{id}/adverse-events")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await busan.PostAsJsonAsync($"/api/patients/{id}/adverse-events", Infection())).StatusCode);
        var busanSafety = await server.SignInAsAsync(Unique("safety"), ["Safety"], "BUSAN");
        var due = await JsonAsync(await busanSafety.GetAsync("/api/safety/reports/due"));
        Assert.DoesNotContain(due.EnumerateArray(), d => d.GetProperty("report").GetProperty("adverseEventId").GetString() == aeId);
    }

    [Fact]
    public async Task Researcher_CapturingAnEvent_Is403()
    {
        var admin = await server.AdminAsync();
        var id = await PatientWithConsentAsync(admin);
        var researcher = await server.SignInAsAsync(Unique("res"), ["Researcher"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await researcher.PostAsJsonAsync($"/api/patients/{id}/adverse-events", Infection())).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await researcher.GetAsync($"/api/patients/{id}/adverse-events")).StatusCode);
    }

    [Fact]
    public async Task Physician_SubmittingAReport_Is403_SafetyOfficerSubmitsOnce()
    {
        var physician = await server.SignInAsAsync(Unique("dr"), ["Physician"]);
        var id = await PatientWithConsentAsync(physician, pathway: "ROUTINE_CARE");
        var report = (await JsonAsync(await physician.PostAsJsonAsync($"/api/patients/{id}/adverse-events", Infection())))
            .GetProperty("reports")[0].GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Forbidden, (await physician.PostAsJsonAsync($"/api/safety/reports/{report}/submission", new { referenceNumber = "IRB-1" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await physician.GetAsync("/api/safety/reports/due")).StatusCode);

        var safety = await server.SignInAsAsync(Unique("safety"), ["Safety"]);
        var missing = await safety.PostAsJsonAsync($"/api/safety/reports/{report}/submission", new { referenceNumber = "" });
        Assert.True((await JsonAsync(missing)).GetProperty("errors").TryGetProperty("referenceNumber", out _));
        var ok = await safety.PostAsJsonAsync($"/api/safety/reports/{report}/submission", new { referenceNumber = "IRB-2026-7" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var submitted = await JsonAsync(ok);
        Assert.Equal(("IRB-2026-7", false), (submitted.GetProperty("referenceNumber").GetString(), submitted.GetProperty("open").GetBoolean()));
        Assert.Equal(HttpStatusCode.Conflict, (await safety.PostAsJsonAsync($"/api/safety/reports/{report}/submission", new { referenceNumber = "again" })).StatusCode);
        var due = await JsonAsync(await safety.GetAsync("/api/safety/reports/due"));
        Assert.DoesNotContain(due.EnumerateArray(), d => d.GetProperty("report").GetProperty("id").GetString() == report);
    }

    [Fact]
    public async Task OverdueReport_BannerOnEveryPageForSafetyOnly_UntilSubmitted()
    {
        var physician = await server.SignInAsAsync(Unique("dr"), ["Physician"]);
        var id = await PatientWithConsentAsync(physician, pathway: "ROUTINE_CARE");
        // Aware 20 days ago: the 15-day report was due 5 days ago.
        var report = (await JsonAsync(await physician.PostAsJsonAsync($"/api/patients/{id}/adverse-events", Infection(awareDaysAgo: 20))))
            .GetProperty("reports")[0].GetProperty("id").GetString()!;
        var safety = await server.SignInAsAsync(Unique("safety"), ["Safety"]);
        var due = await JsonAsync(await safety.GetAsync("/api/safety/reports/due"));
        var mine = due.EnumerateArray().Single(d => d.GetProperty("report").GetProperty("id").GetString() == report);
        Assert.Equal((true, -5), (mine.GetProperty("overdue").GetBoolean(), mine.GetProperty("daysLeft").GetInt32()));

        foreach (var page in new[] { "/safety", "/safety/summary", $"/adverse-events/{mine.GetProperty("report").GetProperty("adverseEventId").GetString()}" })
        {
            var html = await safety.GetStringAsync(page);
            Assert.Contains("data-banner=\"overdue-reports\"", html);
        }
        Assert.DoesNotContain("data-banner=\"overdue-reports\"", await physician.GetStringAsync($"/patients/{id}"));

        // Submit every overdue report at this site so the banner goes away for this officer.
        foreach (var d in due.EnumerateArray().Where(d => d.GetProperty("overdue").GetBoolean()))
            Assert.Equal(HttpStatusCode.OK, (await safety.PostAsJsonAsync($"/api/safety/reports/{d.GetProperty("report").GetProperty("id").GetString()}/submission",
                new { referenceNumber = "IRB-late" })).StatusCode);
        Assert.DoesNotContain("data-banner=\"overdue-reports\"", await safety.GetStringAsync("/safety"));
    }

    [Fact]
    public async Task Pages_CaptureFormAndSummary_RenderForTheirRoles()
    {
        var nurse = await server.SignInAsAsync(Unique("nurse"), ["Coordinator"]);
        var id = await PatientWithConsentAsync(nurse);
        var form = await nurse.GetStringAsync($"/patients/{id}/adverse-events/new");
        foreach (var field in new[] { "Form.Death", "Form.LifeThreatening", "Form.Hospitalization", "Form.RelatedToProduct", "Form.RelatedToProcedure", "Form.SeriousnessAssessed" })
            Assert.Contains($"name=\"{field}\"", form);
        Assert.Contains($"/patients/{id}/adverse-events", await nurse.GetStringAsync($"/patients/{id}"));

        var safety = await server.SignInAsAsync(Unique("safety"), ["Safety"]);
        var summary = await safety.GetStringAsync("/safety/summary");
        Assert.Contains("data-dimension=\"TOTAL\"", summary);
        Assert.Contains("href=\"/safety\"", summary);
        Assert.Equal(HttpStatusCode.OK, (await safety.GetAsync("/api/safety/summary")).StatusCode);
    }
}
