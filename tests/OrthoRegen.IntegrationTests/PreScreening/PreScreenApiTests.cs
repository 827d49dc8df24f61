using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrthoRegen.Data;
using OrthoRegen.IntegrationTests.Api;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.PreScreening;

/// <summary>The public pre-screening API and the staff lead API over a real server.</summary>
public sealed class PreScreenApiTests : IAsyncLifetime
{
    OrthoRegenServer _server = null!;
    public async Task InitializeAsync() => _server = await OrthoRegenServer.StartAsync(DatabaseProvider.Sqlite,
        new Dictionary<string, string?> { ["PreScreening:SubmissionsPerHour"] = "1000" });
    public async Task DisposeAsync() => await _server.DisposeAsync();

    internal static object Knee(bool contact = false) => new
    {
        targetSite = "KNEE_L", painNrs = 7, symptomDurationMonths = 20, triedTreatments = new[] { "NSAID", "IA_HA" },
        canAttendFollowup24m = true, budgetAwareSelfPay = true,
        contactMe = contact, contactName = contact ? "Kim Minji" : null, contactEmail = contact ? "minji@example.org" : null, preferredLanguage = contact ? "ko" : null,
    };

    static async Task<JsonElement> JsonAsync(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Submit_Anonymous_ReturnsAssessmentInTheRequestLanguage()
    {
        var anon = _server.Anonymous();
        var r = await anon.PostAsJsonAsync("/api/prescreen?culture=ko&ui-culture=ko", Knee(contact: true));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var body = await JsonAsync(r);
        Assert.True(body.GetProperty("contactKept").GetBoolean());
        var a = body.GetProperty("assessment");
        Assert.Equal("WORTH_CONSULTATION", a.GetProperty("verdict").GetString());
        Assert.Equal("진료 상담을 받아볼 만합니다", a.GetProperty("verdictTitle").GetString());
        Assert.Equal(JsonValueKind.Null, a.GetProperty("responseRate").ValueKind);
        Assert.Equal(8, a.GetProperty("questionsToAsk").GetArrayLength());
    }

    [Fact]
    public async Task Submit_BadInput_Is400NamingFields()
    {
        var anon = _server.Anonymous();
        var r = await anon.PostAsJsonAsync("/api/prescreen", new { targetSite = "ELBOW", painNrs = 11, contactMe = true });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var errors = (await JsonAsync(r)).GetProperty("errors");
        foreach (var f in new[] { "targetSite", "painNrs", "symptomDurationMonths", "canAttendFollowup24m", "budgetAwareSelfPay", "contactName", "contactPhone", "preferredLanguage" })
            Assert.True(errors.TryGetProperty(f, out _), f);
        var unknown = await anon.PostAsync("/api/prescreen", new StringContent("""{"targetSite":"KNEE_L","nationalId":"123"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }

    [Fact]
    public async Task Leads_Anonymous401_WrongRole403_CoordinatorSeesAndCloses()
    {
        var anon = _server.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await anon.PostAsJsonAsync("/api/prescreen", Knee(contact: true))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.GetAsync("/api/leads")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anon.PostAsJsonAsync("/api/leads/0123456789abcdef0123456789abcdef/status", new { status = "CLOSED" })).StatusCode);
        var researcher = await _server.SignInAsAsync("res.leads", ["Researcher"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await researcher.GetAsync("/api/leads")).StatusCode);
        var lab = await _server.SignInAsAsync("lab.leads", ["CellLab"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await lab.GetAsync("/api/leads")).StatusCode);

        var coordinator = await _server.SignInAsAsync("coord.leads", ["Coordinator"]);
        var leads = await JsonAsync(await coordinator.GetAsync("/api/leads?status=NEW"));
        var lead = leads.EnumerateArray().First(l => l.GetProperty("contact").ValueKind == JsonValueKind.Object);
        Assert.Equal("minji@example.org", lead.GetProperty("contact").GetProperty("email").GetString());
        var id = lead.GetProperty("id").GetString();
        var bad = await coordinator.PostAsJsonAsync($"/api/leads/{id}/status", new { status = "WON" });
        Assert.True((await JsonAsync(bad)).GetProperty("errors").TryGetProperty("status", out _));
        var ok = await coordinator.PostAsJsonAsync($"/api/leads/{id}/status", new { status = "CLOSED" });
        Assert.Equal("CLOSED", (await JsonAsync(ok)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.PostAsJsonAsync("/api/leads/0123456789abcdef0123456789abcdef/status", new { status = "CLOSED" })).StatusCode);
    }

    [Fact]
    public async Task PublicPage_HasNoStaffLinksAndWorksWithoutScriptsOrLogin()
    {
        var anon = _server.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await anon.PostAsJsonAsync("/api/prescreen", Knee(contact: true))).StatusCode);
        var r = await anon.GetAsync("/prescreen");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var html = await r.Content.ReadAsStringAsync();
        Assert.DoesNotContain("href=\"/patients", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/account/logout", html, StringComparison.Ordinal);
        Assert.Contains("<form", html, StringComparison.Ordinal);
        // A signed-in coordinator opening the public page still sees no staff navigation.
        var coordinator = await _server.SignInAsAsync("coord.page", ["Coordinator"]);
        var staffView = await coordinator.GetStringAsync("/prescreen");
        Assert.DoesNotContain("href=\"/patients", staffView, StringComparison.Ordinal);
        Assert.DoesNotContain("coord.page", staffView, StringComparison.Ordinal);
        // The staff list is not public: an anonymous visitor ends on the sign-in form.
        var leadsPage = await (await _server.Anonymous().GetAsync("/leads")).Content.ReadAsStringAsync();
        Assert.Contains("action=\"/account/login\"", leadsPage, StringComparison.Ordinal);
        Assert.DoesNotContain("minji@example.org", leadsPage, StringComparison.Ordinal);
    }
}

public sealed class PreScreenRateLimitTests
{
    [Fact]
    public async Task Submit_OverTheLimit_Is429ProblemAndStoresNothingMore()
    {
        await using var server = await OrthoRegenServer.StartAsync(DatabaseProvider.Sqlite,
            new Dictionary<string, string?> { ["PreScreening:SubmissionsPerHour"] = "2" });
        var anon = server.Anonymous();
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.OK, (await anon.PostAsJsonAsync("/api/prescreen", PreScreenApiTests.Knee())).StatusCode);
        var limited = await anon.PostAsJsonAsync("/api/prescreen", PreScreenApiTests.Knee());
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        // Sign-in keeps its own limit and message.
        Assert.Equal(HttpStatusCode.OK, (await anon.PostAsJsonAsync("/api/session", new { username = "admin", password = OrthoRegenServer.AdminInitialPassword })).StatusCode);
        var admin = await server.AdminAsync();
        Assert.Equal(2, JsonDocument.Parse(await admin.GetStringAsync("/api/leads")).RootElement.GetArrayLength());
    }
}
