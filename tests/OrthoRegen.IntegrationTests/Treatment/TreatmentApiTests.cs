using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.IntegrationTests.Api;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Treatment;

public sealed class TreatmentApiOnSqliteTests(SqliteServerFixture f) : TreatmentApiTests(f.Server), IClassFixture<SqliteServerFixture>;
public sealed class TreatmentApiOnPostgresTests(PostgresServerFixture f) : TreatmentApiTests(f.Server), IClassFixture<PostgresServerFixture>;

/// <summary>The treatment-plan HTTP contract on a real server: 201, 400 naming the field, 404 other site, 403 by role, 409 stale.</summary>
public abstract class TreatmentApiTests(OrthoRegenServer server)
{
    static int _users;
    static string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref _users)}";
    static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd");

    static async Task<JsonElement> JsonAsync(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    static object Knee(string consentId, string guidance = "ULTRASOUND", double total = 50, string target = "KNEE_R", string indication = "KNEE_OA") => new
    {
        indication, target, consentId, cellSource = "BM_MSC", origin = "AUTOLOGOUS", manipulation = "MORE_THAN_MINIMAL",
        totalCellsE6 = total, route = "INTRA_ARTICULAR", guidance, plannedInjections = 2, intervalDays = 28, adjuncts = new[] { "HA" },
        rehabProgramme = "Knee OA programme", rehabWeeks = 12, rehabSessionsPerWeek = 2, regulatoryPathway = "KR_ARM_TREATMENT",
    };

    /// <summary>
    /// As a physician: a patient (61 kg at registration) with a KR_ARM_TREATMENT consent, an assessment of
    /// <paramref name="target"/> and a PROCEED decision. Returns the patient and consent ids.
    /// </summary>
    async Task<(string PatientId, string ConsentId)> ReadyPatientAsync(HttpClient physician, string target = "KNEE_R", string indication = "KNEE_OA")
    {
        var id = await OrthoRegenServer.RegisterPatientAsync(physician, mrn: Unique("M"));
        var consent = await physician.PostAsJsonAsync($"/api/patients/{id}/consents", new
        {
            formCode = "TREATMENT", formVersion = "1.0", language = "ko", signedAt = Today, signer = "PATIENT", pathway = "KR_ARM_TREATMENT",
            risksExplained = true, evidenceLevelExplained = true, alternativesExplained = true, personalDataProcessing = true,
            rightToWithdraw = true, longTermFollowUpAck = true,
        });
        Assert.Equal(HttpStatusCode.Created, consent.StatusCode);
        var a = await physician.PostAsJsonAsync($"/api/patients/{id}/assessments", new
        {
            indication, target, assessedOn = Today, symptomDurationMonths = 14,
            imaging = new[] { new { modality = "XRAY", readOn = Today, reader = "Dr Lee", klGrade = 3 } },
            conservativeTreatments = new[] { new { type = "IA_HA", response = "PARTIAL_TRANSIENT", lastIaInjectionOn = "2025-01-10" } },
        });
        Assert.Equal(HttpStatusCode.Created, a.StatusCode);
        var assessmentId = (await JsonAsync(a)).GetProperty("id").GetString();
        var decided = await physician.PostAsJsonAsync($"/api/patients/{id}/candidacy/decisions", new { assessmentId, decision = "PROCEED" });
        Assert.Equal(HttpStatusCode.Created, decided.StatusCode);
        return (id, (await JsonAsync(consent)).GetProperty("id").GetString()!);
    }

    [Fact]
    public async Task CreatePlan_Valid_Is201WithLocationTierAndCellsPerKg()
    {
        var physician = await server.SignInAsAsync(Unique("dr"), ["Physician"]);
        var (patientId, consentId) = await ReadyPatientAsync(physician);
        var r = await physician.PostAsJsonAsync($"/api/patients/{patientId}/plans", Knee(consentId, total: 61));
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var plan = await JsonAsync(r);
        var planId = plan.GetProperty("id").GetString();
        Assert.Equal($"/api/plans/{planId}", r.Headers.Location?.OriginalString);
        Assert.Equal("MEDIUM", plan.GetProperty("doseTier").GetString());
        Assert.Equal(1.0, plan.GetProperty("cellsPerKgE6").GetDouble(), 12); // 61 ×10^6 cells for 61 kg
        Assert.Equal("ACTIVE", plan.GetProperty("status").GetString());

        var read = await JsonAsync(await physician.GetAsync($"/api/plans/{planId}"));
        Assert.Equal(consentId, read.GetProperty("consentId").GetString());
        var list = await JsonAsync(await physician.GetAsync($"/api/patients/{patientId}/plans"));
        Assert.Equal(planId, Assert.Single(list.EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task CreatePlan_KneeWithoutGuidance_Is201WithWarning()
    {
        var physician = await server.SignInAsAsync(Unique("dr"), ["Physician"]);
        var (patientId, consentId) = await ReadyPatientAsync(physician);
        var r = await physician.PostAsJsonAsync($"/api/patients/{patientId}/plans", Knee(consentId, guidance: "NONE"));
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var warning = Assert.Single((await JsonAsync(r)).GetProperty("warnings").EnumerateArray());
        Assert.Equal("R1", warning.GetProperty("rule").GetString());
        Assert.Equal("guidance", warning.GetProperty("field").GetString());
    }

    [Fact]
    public async Task CreatePlan_HipWithoutGuidanceAndBadRoute_Is400NamingFieldsAndWritesNothing()
    {
        var physician = await server.SignInAsAsync(Unique("dr"), ["Physician"]);
        var (patientId, consentId) = await ReadyPatientAsync(physician, "HIP_L", "HIP_OA");
        var hip = await physician.PostAsJsonAsync($"/api/patients/{patientId}/plans", Knee(consentId, guidance: "NONE", target: "HIP_L", indication: "HIP_OA"));
        Assert.Equal(HttpStatusCode.BadRequest, hip.StatusCode);
        Assert.Equal("application/problem+json", hip.Content.Headers.ContentType?.MediaType);
        var errors = (await JsonAsync(hip)).GetProperty("errors");
        Assert.StartsWith("R1: ", errors.GetProperty("guidance")[0].GetString());

        var junk = await physician.PostAsJsonAsync($"/api/patients/{patientId}/plans", new { target = "HIP_L", route = "ORAL", totalCellsE6 = -1 });
        var junkErrors = (await JsonAsync(junk)).GetProperty("errors");
        foreach (var field in new[] { "route", "totalCellsE6", "consentId", "cellSource", "indication" })
            Assert.True(junkErrors.TryGetProperty(field, out _), field);
        Assert.Equal(0, (await JsonAsync(await physician.GetAsync($"/api/patients/{patientId}/plans"))).GetArrayLength());
    }

    [Fact]
    public async Task Plans_OfAnotherSite_Are404LikeMissing()
    {
        var physician = await server.SignInAsAsync(Unique("dr"), ["Physician"]);
        var (patientId, consentId) = await ReadyPatientAsync(physician);
        var planId = (await JsonAsync(await physician.PostAsJsonAsync($"/api/patients/{patientId}/plans", Knee(consentId)))).GetProperty("id").GetString();

        await server.Services.GetRequiredService<OrthoRegen.Accounts.SiteStore>().EnsureAsync("BUSAN", "Busan clinic", default);
        var busan = await server.SignInAsAsync(Unique("busan"), ["Physician"], "BUSAN");
        var missing = await busan.GetAsync("/api/plans/0123456789abcdef0123456789abcdef");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        foreach (var r in new[]
        {
            await busan.GetAsync($"/api/plans/{planId}"),
            await busan.GetAsync($"/api/plans/{planId}/history"),
            await busan.GetAsync($"/api/patients/{patientId}/plans"),
            await busan.PostAsJsonAsync($"/api/patients/{patientId}/plans", Knee(consentId)),
            await busan.PutAsJsonAsync($"/api/plans/{planId}", new { version = 1, reason = "r" }),
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
            Assert.Equal(Problem(await JsonAsync(missing)), Problem(await JsonAsync(r)));
        }
    }

    /// <summary>The parts of a problem that must not differ between missing and not visible (the trace id always does).</summary>
    static (string?, int) Problem(JsonElement p) => (p.GetProperty("title").GetString(), p.GetProperty("status").GetInt32());

    [Theory]
    [InlineData("Coordinator", "POST", "/api/patients/{id}/plans")] // only physicians plan treatment
    [InlineData("Coordinator", "PUT", "/api/plans/{plan}")]
    [InlineData("Rehab", "POST", "/api/plans/{plan}/status")]
    [InlineData("CellLab", "POST", "/api/patients/{id}/plans")]
    public async Task WritePlan_WithoutPhysicianRole_Is403(string role, string method, string path)
    {
        var physician = await server.SignInAsAsync(Unique("dr"), ["Physician"]);
        var (patientId, consentId) = await ReadyPatientAsync(physician);
        var planId = (await JsonAsync(await physician.PostAsJsonAsync($"/api/patients/{patientId}/plans", Knee(consentId)))).GetProperty("id").GetString()!;
        var client = await server.SignInAsAsync(Unique(role.ToLowerInvariant()), [role]);
        using var req = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", patientId).Replace("{plan}", planId))
        {
            Content = JsonContent.Create(Knee(consentId)),
        };
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(req)).StatusCode);
        // A coordinator still reads the plan.
        if (role == "Coordinator") Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/plans/{planId}")).StatusCode);
    }

    [Fact]
    public async Task AmendPlan_StaleVersion_Is409AndKeepsTheFirstAmendment()
    {
        var physician = await server.SignInAsAsync(Unique("dr"), ["Physician"]);
        var (patientId, consentId) = await ReadyPatientAsync(physician);
        var planId = (await JsonAsync(await physician.PostAsJsonAsync($"/api/patients/{patientId}/plans", Knee(consentId)))).GetProperty("id").GetString();

        object Amendment(double total, string reason) => new
        {
            version = 1, reason, indication = "KNEE_OA", target = "KNEE_R", consentId, cellSource = "BM_MSC", origin = "AUTOLOGOUS",
            manipulation = "MORE_THAN_MINIMAL", totalCellsE6 = total, route = "INTRA_ARTICULAR", guidance = "ULTRASOUND",
            plannedInjections = 2, intervalDays = 28, regulatoryPathway = "KR_ARM_TREATMENT",
        };
        var first = await physician.PutAsJsonAsync($"/api/plans/{planId}", Amendment(100, "Higher lab yield"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("HIGH", (await JsonAsync(first)).GetProperty("doseTier").GetString());
        var stale = await physician.PutAsJsonAsync($"/api/plans/{planId}", Amendment(20, "Lower"));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);

        var history = await JsonAsync(await physician.GetAsync($"/api/plans/{planId}/history"));
        Assert.Equal([50.0, 100.0], history.EnumerateArray().Select(v => v.GetProperty("totalCellsE6").GetDouble()));
        var noReason = await physician.PutAsJsonAsync($"/api/plans/{planId}", new { version = 2 });
        Assert.True((await JsonAsync(noReason)).GetProperty("errors").TryGetProperty("reason", out _));
    }

    [Fact]
    public async Task CompletePlan_ThenAmend_Is409()
    {
        var physician = await server.SignInAsAsync(Unique("dr"), ["Physician"]);
        var (patientId, consentId) = await ReadyPatientAsync(physician);
        var planId = (await JsonAsync(await physician.PostAsJsonAsync($"/api/patients/{patientId}/plans", Knee(consentId)))).GetProperty("id").GetString();
        var done = await physician.PostAsJsonAsync($"/api/plans/{planId}/status", new { version = 1, status = "COMPLETED", reason = "Both injections given" });
        Assert.Equal("COMPLETED", (await JsonAsync(done)).GetProperty("status").GetString());
        var again = await physician.PostAsJsonAsync($"/api/plans/{planId}/status", new { version = 2, status = "CANCELLED", reason = "r" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Rules_ShowDoseCutOffsWithSources()
    {
        var coordinator = await server.SignInAsAsync(Unique("coord"), ["Coordinator"]);
        var rules = await JsonAsync(await coordinator.GetAsync("/api/treatment/rules"));
        Assert.Equal(25, rules.GetProperty("doseTierMediumFromE6").GetProperty("value").GetDouble());
        Assert.Contains("Q9", rules.GetProperty("doseTierHighFromE6").GetProperty("source").GetString());
    }
}
