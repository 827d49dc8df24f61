using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Api;

/// <summary>The HTTP contract, run against a real Kestrel server on each engine (see ServerFixtures).</summary>
public abstract class ApiContractTests(OrthoRegenServer server)
{
    static int _users;
    static string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref _users)}";

    protected static object KneeAssessment(int kl = 3, string? lastIa = "2025-01-10", bool infection = false) => new
    {
        indication = "KNEE_OA", target = "KNEE_R", assessedOn = DateTime.UtcNow.ToString("yyyy-MM-dd"), symptomDurationMonths = 14,
        activeInfection = infection,
        imaging = new[] { new { modality = "XRAY", readOn = DateTime.UtcNow.ToString("yyyy-MM-dd"), reader = "Dr Lee", klGrade = kl } },
        conservativeTreatments = new[] { new { type = "IA_HA", response = "PARTIAL_TRANSIENT", lastIaInjectionOn = lastIa } },
    };

    static async Task<JsonElement> JsonAsync(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    /// <summary>The only anonymous API routes besides sign-in: the public pre-screening submission (rate-limited).</summary>
    static readonly string[] AnonymousByDesign = ["/api/prescreen"];

    [Fact]
    public async Task EveryApiRoute_WithoutCredentials_Is401ProblemExceptSessionAndHealth()
    {
        var sources = server.Services.GetRequiredService<EndpointDataSource>();
        var anon = server.Anonymous();
        var checkedRoutes = 0;
        foreach (var e in sources.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + e.RoutePattern.RawText!.TrimStart('/');
            if (!pattern.StartsWith("/api/", StringComparison.Ordinal) || pattern.StartsWith("/api/session", StringComparison.Ordinal)) continue;
            if (AnonymousByDesign.Contains(pattern)) continue; // declared public; tested in its slice
            var path = System.Text.RegularExpressions.Regex.Replace(pattern, "{[^}]+}", "0123456789abcdef0123456789abcdef");
            foreach (var method in e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                using var req = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PUT") req.Content = JsonContent.Create(new { });
                var r = await anon.SendAsync(req);
                Assert.True(r.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} gave {(int)r.StatusCode}");
                Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
                checkedRoutes++;
            }
        }
        Assert.True(checkedRoutes >= 20, $"only {checkedRoutes} routes found");
    }

    [Fact]
    public async Task Health_IsAnonymousAndReadyChecksDatabase()
    {
        var anon = server.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await anon.GetAsync("/healthz")).StatusCode);
        Assert.Equal("Healthy", await (await anon.GetAsync("/readyz")).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await anon.GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Theory]
    [InlineData("Researcher", "POST", "/api/patients")]       // researchers never write
    [InlineData("Researcher", "POST", "/api/patients/{id}/responses")]
    [InlineData("CellLab", "GET", "/api/patients/{id}/responses")] // questionnaires are part of the clinical chart
    [InlineData("CellLab", "GET", "/api/patients")]           // cell lab works on products, not the clinical chart
    [InlineData("QA", "GET", "/api/patients")]
    [InlineData("Rehab", "POST", "/api/patients/{id}/candidacy/decisions")] // only physicians decide candidacy
    [InlineData("Coordinator", "POST", "/api/patients/{id}/candidacy/decisions")]
    [InlineData("Physician", "GET", "/api/users")]            // user management is Admin's
    [InlineData("Physician", "GET", "/api/audit/verify")]
    public async Task Route_RoleWithoutRight_Is403(string role, string method, string path)
    {
        var admin = await server.AdminAsync();
        var patientId = await OrthoRegenServer.RegisterPatientAsync(admin, mrn: Unique("M"));
        var client = await server.SignInAsAsync(Unique(role.ToLowerInvariant()), [role]);
        using var req = new HttpRequestMessage(new HttpMethod(method), path.Replace("{id}", patientId));
        if (method == "POST") req.Content = JsonContent.Create(new { });
        var r = await client.SendAsync(req);
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
    }

    [Fact]
    public async Task RegisterPatient_BadInput_Is400NamingFieldsAndWritesNothing()
    {
        var coordinator = await server.SignInAsAsync(Unique("coord"), ["Coordinator"]);
        var before = (await JsonAsync(await coordinator.GetAsync("/api/patients?pageSize=1"))).GetProperty("total").GetInt32();
        var r = await coordinator.PostAsJsonAsync("/api/patients", new { familyName = "", givenName = "A", birthDate = "1960-02-30", sex = "Q", language = "ko" });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var errors = (await JsonAsync(r)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("familyName", out _));
        Assert.True(errors.TryGetProperty("birthDate", out _));
        Assert.True(errors.TryGetProperty("sex", out _));
        var wrongType = await coordinator.PostAsync("/api/patients", new StringContent("""{"familyName":"A","heightCm":"tall"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.True((await JsonAsync(wrongType)).GetProperty("errors").TryGetProperty("heightCm", out _));
        var notJson = await coordinator.PostAsync("/api/patients", new StringContent("{", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(before, (await JsonAsync(await coordinator.GetAsync("/api/patients?pageSize=1"))).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task CorrectPatient_StaleVersion_Is409Problem()
    {
        var coordinator = await server.SignInAsAsync(Unique("coord"), ["Coordinator"]);
        var id = await OrthoRegenServer.RegisterPatientAsync(coordinator, mrn: Unique("M"));
        object Fix(string given) => new { version = 1, reason = "typo", familyName = "Kim", givenName = given, birthDate = "1961-04-05", sex = "F", language = "ko" };
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PutAsJsonAsync($"/api/patients/{id}", Fix("Min-ji"))).StatusCode);
        var stale = await coordinator.PutAsJsonAsync($"/api/patients/{id}", Fix("Minjee"));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        var history = await JsonAsync(await coordinator.GetAsync($"/api/patients/{id}/history"));
        Assert.Equal(2, history.GetArrayLength());
    }

    [Fact]
    public async Task Pathway_ConsentAssessmentCandidacyDecision_WorksEndToEnd()
    {
        var physician = await server.SignInAsAsync(Unique("dr"), ["Physician"]);
        var id = await OrthoRegenServer.RegisterPatientAsync(physician, mrn: Unique("M"));
        var consent = await physician.PostAsJsonAsync($"/api/patients/{id}/consents", new
        {
            formCode = "TREATMENT", formVersion = "1.0", language = "ko", signedAt = DateTime.UtcNow.ToString("yyyy-MM-dd"), signer = "PATIENT",
            pathway = "ROUTINE_CARE", risksExplained = true, evidenceLevelExplained = true, alternativesExplained = true,
            personalDataProcessing = true, rightToWithdraw = true, longTermFollowUpAck = true, selfPayCostKrw = 4500000,
        });
        Assert.Equal(HttpStatusCode.Created, consent.StatusCode);
        var a = await physician.PostAsJsonAsync($"/api/patients/{id}/assessments", KneeAssessment());
        Assert.Equal(HttpStatusCode.Created, a.StatusCode);
        var assessmentId = (await JsonAsync(a)).GetProperty("id").GetString();

        var candidacy = await JsonAsync(await physician.GetAsync($"/api/patients/{id}/candidacy"));
        Assert.Equal("ELIGIBLE", candidacy.GetProperty("evaluation").GetProperty("ruleResult").GetString());
        Assert.Contains(candidacy.GetProperty("evaluation").GetProperty("findings").EnumerateArray(),
            f => f.GetProperty("ruleId").GetString() == "C1" && f.GetProperty("result").GetString() == "ELIGIBLE");

        var contradicting = await physician.PostAsJsonAsync($"/api/patients/{id}/candidacy/decisions", new { assessmentId, decision = "DO_NOT_PROCEED" });
        Assert.True((await JsonAsync(contradicting)).GetProperty("errors").TryGetProperty("overrideReason", out _));
        var ok = await physician.PostAsJsonAsync($"/api/patients/{id}/candidacy/decisions", new { assessmentId, decision = "PROCEED" });
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        var decisions = (await JsonAsync(await physician.GetAsync($"/api/patients/{id}/candidacy"))).GetProperty("decisions");
        Assert.Equal("PROCEED", decisions[0].GetProperty("decision").GetString());
        Assert.Equal("ELIGIBLE", decisions[0].GetProperty("ruleResult").GetString());
    }

    [Fact]
    public async Task Candidacy_RecentInjection_IsDeferredWithDate()
    {
        var physician = await server.SignInAsAsync(Unique("dr"), ["Physician"]);
        var id = await OrthoRegenServer.RegisterPatientAsync(physician, mrn: Unique("M"));
        var injected = DateTime.UtcNow.AddDays(-30).ToString("yyyy-MM-dd");
        (await physician.PostAsJsonAsync($"/api/patients/{id}/assessments", KneeAssessment(kl: 2, lastIa: injected))).EnsureSuccessStatusCode();
        var e = (await JsonAsync(await physician.GetAsync($"/api/patients/{id}/candidacy"))).GetProperty("evaluation");
        Assert.Equal("DEFER", e.GetProperty("ruleResult").GetString());
        Assert.Equal(DateTime.UtcNow.AddDays(60).ToString("yyyy-MM-dd"), e.GetProperty("deferUntil").GetString());
    }

    [Fact]
    public async Task Researcher_NeverReceivesDirectIdentifiers()
    {
        var coordinator = await server.SignInAsAsync(Unique("coord"), ["Coordinator"]);
        var mrn = Unique("MRNR");
        var id = await OrthoRegenServer.RegisterPatientAsync(coordinator, family: "Yoon", given: "Seoyeon", mrn: mrn);
        (await coordinator.PostAsJsonAsync($"/api/patients/{id}/assessments", KneeAssessment())).EnsureSuccessStatusCode();
        var researcher = await server.SignInAsAsync(Unique("res"), ["Researcher"]);
        foreach (var path in new[] { $"/api/patients/{id}", "/api/patients", $"/api/patients/{id}/assessments", $"/api/patients/{id}/candidacy" })
        {
            var r = await researcher.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            var body = await r.Content.ReadAsStringAsync();
            Assert.DoesNotContain("Yoon", body);
            Assert.DoesNotContain("Seoyeon", body);
            Assert.DoesNotContain(mrn, body);
            Assert.DoesNotContain("1961-04-05", body);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await researcher.GetAsync($"/api/patients/{id}/history")).StatusCode); // versions hold identifiers
    }

    [Fact]
    public async Task PatientOfAnotherSite_Is404LikeAMissingOne()
    {
        var seoul = await server.SignInAsAsync(Unique("seoul"), ["Physician"], "MAIN");
        var id = await OrthoRegenServer.RegisterPatientAsync(seoul, mrn: Unique("M"));
        var sites = server.Services.GetRequiredService<OrthoRegen.Accounts.SiteStore>();
        await sites.EnsureAsync("BUSAN", "Busan clinic", default);
        var busan = await server.SignInAsAsync(Unique("busan"), ["Physician"], "BUSAN");
        var hidden = await busan.GetAsync($"/api/patients/{id}");
        var missing = await busan.GetAsync("/api/patients/0123456789abcdef0123456789abcdef");
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (hidden.StatusCode, missing.StatusCode));
        Assert.Equal(await missing.Content.ReadAsStringAsync().ContinueWith(t => StripTrace(t.Result)), StripTrace(await hidden.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await busan.PostAsJsonAsync($"/api/patients/{id}/assessments", KneeAssessment())).StatusCode);
    }

    static string StripTrace(string json) => System.Text.RegularExpressions.Regex.Replace(json, "\"traceId\":\"[^\"]*\"", "");

    [Fact]
    public async Task ApiToken_WorksUntilRevokedAndIsShownOnce()
    {
        var physician = await server.SignInAsAsync(Unique("dr"), ["Physician"]);
        var created = await JsonAsync(await physician.PostAsJsonAsync("/api/me/tokens", new { name = "analysis script" }));
        var secret = created.GetProperty("token").GetString()!;
        var tokenId = created.GetProperty("id").GetString()!;
        var listed = await (await physician.GetAsync("/api/me/tokens")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, listed);

        var script = server.Anonymous();
        script.DefaultRequestHeaders.Authorization = new("Bearer", secret);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/patients")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await physician.DeleteAsync($"/api/me/tokens/{tokenId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/patients")).StatusCode);
    }

    [Fact]
    public async Task SignIn_FiveWrongPasswords_LocksTheAccount()
    {
        var name = Unique("locky");
        await server.SignInAsAsync(name, ["Rehab"]);
        var c = server.Anonymous();
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await c.PostAsJsonAsync("/api/session", new { username = name, password = "wrong-password-" + i })).StatusCode);
        var right = await c.PostAsJsonAsync("/api/session", new { username = name, password = OrthoRegenServer.UserPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Equal("Account locked", (await JsonAsync(right)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task FirstSignIn_RequiresPasswordChangeBeforeAnythingElse()
    {
        var admin = await server.AdminAsync();
        var name = Unique("fresh");
        (await admin.PostAsJsonAsync("/api/users", new { username = name, displayName = "Fresh", password = "Temporary-Pass-99", roles = new[] { "Physician" }, siteCodes = new[] { "MAIN" } })).EnsureSuccessStatusCode();
        var c = server.Anonymous();
        (await c.PostAsJsonAsync("/api/session", new { username = name, password = "Temporary-Pass-99" })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Forbidden, (await c.GetAsync("/api/patients")).StatusCode);
        var weak = await c.PostAsJsonAsync("/api/me/password", new { currentPassword = "Temporary-Pass-99", newPassword = "short" });
        Assert.True((await JsonAsync(weak)).GetProperty("errors").TryGetProperty("newPassword", out _));
        (await c.PostAsJsonAsync("/api/me/password", new { currentPassword = "Temporary-Pass-99", newPassword = "A-Much-Better-Pass-7" })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/api/patients")).StatusCode);
    }

    [Fact]
    public async Task Responses_CarrySecurityHeaders()
    {
        var r = await server.Anonymous().GetAsync("/login");
        Assert.Contains("frame-ancestors 'none'", r.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotContain("unsafe-inline", r.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", r.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", r.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task LoginForm_WithoutAntiforgeryToken_IsRejected()
    {
        var r = await server.Anonymous().PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
            { ["username"] = "admin", ["password"] = OrthoRegenServer.AdminPassword }));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.False(r.Headers.Contains("Set-Cookie") && r.Headers.GetValues("Set-Cookie").Any(v => v.StartsWith("orthoregen.session", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Reads_AreAuditedAndChainVerifies()
    {
        var admin = await server.AdminAsync();
        var id = await OrthoRegenServer.RegisterPatientAsync(admin, mrn: Unique("M"));
        (await admin.GetAsync($"/api/patients/{id}")).EnsureSuccessStatusCode();
        var rows = await JsonAsync(await admin.GetAsync($"/api/audit/patients/{id}"));
        Assert.Contains(rows.EnumerateArray(), r => r.GetProperty("action").GetString() == "READ" && r.GetProperty("actor").GetString() == "admin");
        Assert.Contains(rows.EnumerateArray(), r => r.GetProperty("action").GetString() == "CREATE");
        var verify = await JsonAsync(await admin.GetAsync("/api/audit/verify"));
        Assert.True(verify.GetProperty("isIntact").GetBoolean());
    }
}
