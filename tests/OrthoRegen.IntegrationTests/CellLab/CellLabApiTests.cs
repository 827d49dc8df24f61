using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Data;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.CellLab;

/// <summary>The /api/lab contract on a real server per engine: roles, field-named 400s, other-site 404s, and the release path.</summary>
public abstract class CellLabApiTests(OrthoRegenServer server)
{
    static int _n;
    static string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref _n)}";
    static async Task<JsonElement> JsonAsync(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    /// <summary>A consented patient (61 kg) and an autologous BM-MSC lot made from their harvest; returns the lot id and patient id.</summary>
    async Task<(string LotId, string PatientId, HttpClient Tech)> LotAsync()
    {
        var admin = await server.AdminAsync();
        // Registered at MAIN explicitly: another test adds the BUSAN site, which would otherwise be the admin's first site.
        var registered = await admin.PostAsJsonAsync("/api/patients", new
        {
            familyName = "Kim", givenName = "Minji", birthDate = "1961-04-05", sex = "F", language = "ko", recordNumber = Unique("MRN-"), weightKg = 61.0, siteCode = "MAIN",
        });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var patientId = (await JsonAsync(registered)).GetProperty("id").GetString()!;
        (await admin.PostAsJsonAsync($"/api/patients/{patientId}/consents", new
        {
            formCode = "TREATMENT", formVersion = "1.0", language = "ko", signedAt = DateTime.UtcNow.AddDays(-3).ToString("yyyy-MM-dd"), signer = "PATIENT",
            pathway = "KR_ARM_RESEARCH", risksExplained = true, evidenceLevelExplained = true, alternativesExplained = true, personalDataProcessing = true, rightToWithdraw = true,
        })).EnsureSuccessStatusCode();
        var tech = await server.SignInAsAsync(Unique("lab"), ["CellLab"]);
        var col = await tech.PostAsJsonAsync("/api/lab/collections", new
        {
            origin = "AUTOLOGOUS", patientId, tissue = "BONE_MARROW_ASPIRATE", collectedAt = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd"), volumeMl = 60, collector = "Dr Lee",
        });
        Assert.Equal(HttpStatusCode.Created, col.StatusCode);
        var colId = (await JsonAsync(col)).GetProperty("id").GetString();
        var lot = await tech.PostAsJsonAsync("/api/lab/lots", new
        {
            lotNumber = Unique("API-"), productType = "EXPANDED_MSC", cellSource = "BM_MSC", manipulation = "MORE_THAN_MINIMAL", collectionIds = new[] { colId },
            intendedRoute = "INTRA_ARTICULAR", doseVolumeMl = 2,
        });
        Assert.Equal(HttpStatusCode.Created, lot.StatusCode);
        return ((await JsonAsync(lot)).GetProperty("id").GetString()!, patientId, tech);
    }

    [Fact]
    public async Task Decide_AsPhysician_Is403()
    {
        var (lotId, _, _) = await LotAsync();
        var physician = await server.SignInAsAsync(Unique("dr"), ["Physician"]);
        var r = await physician.PostAsJsonAsync($"/api/lab/lots/{lotId}/decisions", new { status = "RELEASED" });
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
    }

    [Theory]
    [InlineData("Physician", "POST", "/api/lab/lots")]           // physicians do not make lots
    [InlineData("Coordinator", "GET", "/api/lab/worklist")]
    [InlineData("CellLab", "POST", "/api/lab/lots/{id}/decisions")] // only QA decides release
    [InlineData("CellLab", "POST", "/api/lab/lots/{id}/acknowledgement")] // only physicians acknowledge
    public async Task Route_RoleWithoutRight_Is403(string role, string method, string path)
    {
        var client = await server.SignInAsAsync(Unique(role.ToLowerInvariant()), [role]);
        using var req = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", "0123456789abcdef0123456789abcdef"));
        if (method == "POST") req.Content = JsonContent.Create(new { });
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(req)).StatusCode);
    }

    [Fact]
    public async Task CreateLot_Invalid_Is400NamingFields()
    {
        var tech = await server.SignInAsAsync(Unique("lab"), ["CellLab"]);
        var r = await tech.PostAsJsonAsync("/api/lab/lots", new { lotNumber = "bad lot!", productType = "NOPE", collectionIds = Array.Empty<string>(), doseVolumeMl = -1 });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var errors = (await JsonAsync(r)).GetProperty("errors");
        foreach (var field in new[] { "lotNumber", "productType", "cellSource", "manipulation", "collectionIds", "doseVolumeMl" })
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
    }

    [Fact]
    public async Task Custody_LabeledWithOneVerifier_Is400NamingVerifier2()
    {
        var (lotId, _, tech) = await LotAsync();
        var r = await tech.PostAsJsonAsync("/api/lab/custody", new
        {
            itemKind = "LOT", itemId = lotId, @event = "LABELED", fromParty = "GMP lab", toParty = "GMP lab", location = "Suite 1",
            at = DateTime.UtcNow.AddMinutes(-5).ToString("O"), tempC = 4, conditionOk = true, verifier1 = "lab.a",
        });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.True((await JsonAsync(r)).GetProperty("errors").TryGetProperty("verifier2", out _));
    }

    [Fact]
    public async Task Lot_FromOtherSite_Is404LikeMissing()
    {
        var (lotId, patientId, _) = await LotAsync();
        await server.Services.GetRequiredService<OrthoRegen.Accounts.SiteStore>().EnsureAsync("BUSAN", "Busan clinic", default);
        var busan = await server.SignInAsAsync(Unique("lab"), ["CellLab", "QA"], "BUSAN");
        Assert.Equal(HttpStatusCode.NotFound, (await busan.GetAsync($"/api/lab/lots/{lotId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await busan.GetAsync("/api/lab/lots/0123456789abcdef0123456789abcdef")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await busan.PostAsJsonAsync($"/api/lab/lots/{lotId}/decisions", new { status = "QUARANTINE" })).StatusCode);
        var busanDoctor = await server.SignInAsAsync(Unique("dr"), ["Physician"], "BUSAN");
        Assert.Equal(HttpStatusCode.NotFound, (await busanDoctor.GetAsync($"/api/lab/lots/{lotId}/status")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await busanDoctor.GetAsync($"/api/lab/patients/{patientId}/donors")).StatusCode);
    }

    [Fact]
    public async Task ReleasePath_QcThenQaDecision_StatusVisibleToPhysician()
    {
        var (lotId, patientId, tech) = await LotAsync();
        var sampled = DateTime.UtcNow.AddHours(-6).ToString("O");
        var resulted = DateTime.UtcNow.AddHours(-1).ToString("O");
        (string Test, double? Value)[] tests =
        [
            ("CD73", 98), ("CD90", 97), ("CD105", 96), ("CD45", 1), ("CD34", 0.5), ("CD14_OR_CD11B", 1), ("CD79A_OR_CD19", 0.2), ("HLA_DR", 1),
            ("VIABILITY", 92), ("VIABLE_COUNT", 100), ("GRAM_STAIN", null), ("ENDOTOXIN", 0.5), ("MYCOPLASMA", null), ("STERILITY_USP71", null),
        ];
        foreach (var (test, value) in tests)
        {
            var qc = await tech.PostAsJsonAsync($"/api/lab/lots/{lotId}/qc", new
            {
                test, method = "validated", value, result = test == "STERILITY_USP71" ? "PENDING" : "PASS", sampledAt = sampled,
                resultedAt = test == "STERILITY_USP71" ? null : resulted,
            });
            Assert.True(qc.StatusCode == HttpStatusCode.Created, $"{test}: {await qc.Content.ReadAsStringAsync()}");
        }
        var lot = await JsonAsync(await tech.GetAsync($"/api/lab/lots/{lotId}"));
        Assert.Equal("CONDITIONAL_RELEASE", lot.GetProperty("evaluation").GetProperty("ruleResult").GetString());
        Assert.Equal("305", lot.GetProperty("evaluation").GetProperty("trace").EnumerateArray().Single(l => l.GetProperty("ruleId").GetString() == "Q5")
            .GetProperty("inputs").GetProperty("limitEu").GetString()); // 61 kg × 5 EU/kg

        var qa = await server.SignInAsAsync(Unique("qa"), ["QA"]);
        var released = await qa.PostAsJsonAsync($"/api/lab/lots/{lotId}/decisions", new { status = "RELEASED" });
        Assert.Equal(HttpStatusCode.BadRequest, released.StatusCode);
        Assert.True((await JsonAsync(released)).GetProperty("errors").TryGetProperty("status", out _));
        var conditional = await qa.PostAsJsonAsync($"/api/lab/lots/{lotId}/decisions", new { status = "CONDITIONAL_RELEASE" });
        Assert.True(conditional.StatusCode == HttpStatusCode.Created, await conditional.Content.ReadAsStringAsync());

        var physician = await server.SignInAsAsync(Unique("dr"), ["Physician"]);
        var status = await JsonAsync(await physician.GetAsync($"/api/lab/lots/{lotId}/status"));
        Assert.Equal((false, "CONDITIONAL_RELEASE"), (status.GetProperty("isReleased").GetBoolean(), status.GetProperty("releaseStatus").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await physician.PostAsJsonAsync($"/api/lab/lots/{lotId}/acknowledgement", new { version = 1, acknowledgePendingTests = true })).StatusCode);
        status = await JsonAsync(await physician.GetAsync($"/api/lab/lots/{lotId}/status"));
        Assert.True(status.GetProperty("isReleased").GetBoolean());
        Assert.Equal(patientId, status.GetProperty("recipientPatientId").GetString());

        var label = await JsonAsync(await tech.GetAsync($"/api/lab/lots/{lotId}/label"));
        Assert.Contains(label.GetProperty("lines").EnumerateArray(), l => l.GetString()!.StartsWith("TEST"));

        // The lot page renders for the lab and for the physician (acknowledged, so no acknowledgement form).
        var page = await tech.GetAsync($"/lab/lots/{lotId}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("data-rule-result=\"CONDITIONAL_RELEASE\"", html);
        Assert.Equal(HttpStatusCode.OK, (await tech.GetAsync("/lab")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tech.GetAsync($"/lab/lots/{lotId}/label")).StatusCode);
    }
}

public sealed class CellLabSqliteFixture() : OrthoRegen.IntegrationTests.Api.ServerFixture(DatabaseProvider.Sqlite);
public sealed class CellLabPostgresFixture() : OrthoRegen.IntegrationTests.Api.ServerFixture(DatabaseProvider.Postgres);
public sealed class CellLabApiOnSqliteTests(CellLabSqliteFixture f) : CellLabApiTests(f.Server), IClassFixture<CellLabSqliteFixture>;
public sealed class CellLabApiOnPostgresTests(CellLabPostgresFixture f) : CellLabApiTests(f.Server), IClassFixture<CellLabPostgresFixture>;
