using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Data;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Portal;

/// <summary>
/// The staff portal-link API and the public portal pages over a real server (SQLite; the store tests cover PostgreSQL).
/// The server runs on the real clock: a schedule with Day 0 thirty days ago has its M1 window open today.
/// </summary>
public sealed class PortalApiTests : IAsyncLifetime
{
    OrthoRegenServer _server = null!;
    public async Task InitializeAsync() => _server = await OrthoRegenServer.StartAsync(DatabaseProvider.Sqlite,
        new Dictionary<string, string?> { ["Portal:RequestsPerMinute"] = "1000" });
    public async Task DisposeAsync() => await _server.DisposeAsync();

    static string Unique(string p) => $"{p}{Guid.NewGuid():N}"[..20];

    static async Task<JsonElement> JsonAsync(HttpResponseMessage r)
    {
        var text = await r.Content.ReadAsStringAsync();
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"{r.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>A Korean-speaking patient with a right-knee schedule from 30 days ago; returns the patient and the M1 visit.</summary>
    internal static async Task<(string PatientId, string M1)> PatientWithOpenM1Async(HttpClient coordinator, string mrn, string family = "Kim", string given = "Minji")
    {
        var id = await OrthoRegenServer.RegisterPatientAsync(coordinator, family, given, mrn);
        var day0 = DateTime.UtcNow.AddDays(-30).ToString("yyyy-MM-dd");
        var schedule = await JsonAsync(await coordinator.PostAsJsonAsync($"/api/patients/{id}/follow-up",
            new { target = "KNEE_R", day0, treatingPhysician = "dr.lee" }));
        var visits = schedule.GetProperty("visits").EnumerateArray();
        return (id, visits.First(v => v.GetProperty("code").GetString() == "M1").GetProperty("id").GetString()!);
    }

    internal static async Task<(string LinkId, string Url)> IssueAsync(HttpClient coordinator, string patientId, string visitId, string? expiresAt = null)
    {
        var issued = await JsonAsync(await coordinator.PostAsJsonAsync($"/api/patients/{patientId}/portal-links", new { visitIds = new[] { visitId }, expiresAt }));
        return (issued.GetProperty("link").GetProperty("id").GetString()!, issued.GetProperty("url").GetString()!);
    }

    [Fact]
    public async Task IssueListRevoke_OverTheApi_AndOtherSitesGet404()
    {
        var coordinator = await _server.SignInAsAsync(Unique("co"), ["Coordinator"]);
        var (patient, m1) = await PatientWithOpenM1Async(coordinator, Unique("MRN-"));

        var due = await JsonAsync(await coordinator.GetAsync($"/api/patients/{patient}/portal-links/due"));
        Assert.Equal(m1, due[0].GetProperty("visitId").GetString());
        var bad = await coordinator.PostAsJsonAsync($"/api/patients/{patient}/portal-links", new { visitIds = new[] { "0123456789abcdef0123456789abcdef" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True(JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("visitIds[0]", out _));

        var (linkId, url) = await IssueAsync(coordinator, patient, m1);
        Assert.StartsWith(_server.BaseAddress.ToString().TrimEnd('/') + "/portal/", url);
        var list = await JsonAsync(await coordinator.GetAsync($"/api/patients/{patient}/portal-links"));
        Assert.Equal("ACTIVE", list[0].GetProperty("status").GetString());
        Assert.DoesNotContain(url[(url.LastIndexOf('/') + 1)..], list.GetRawText());

        await _server.Services.GetRequiredService<OrthoRegen.Accounts.SiteStore>().EnsureAsync("BUSAN", "Busan clinic", default);
        var busan = await _server.SignInAsAsync(Unique("busan"), ["Coordinator"], "BUSAN");
        Assert.Equal(HttpStatusCode.NotFound, (await busan.GetAsync($"/api/patients/{patient}/portal-links")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await busan.PostAsJsonAsync($"/api/patients/{patient}/portal-links", new { visitIds = new[] { m1 } })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await busan.PostAsync($"/api/portal-links/{linkId}/revoke", null)).StatusCode);
        var researcher = await _server.SignInAsAsync(Unique("res"), ["Researcher"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await researcher.GetAsync($"/api/patients/{patient}/portal-links")).StatusCode);

        var revoked = await JsonAsync(await coordinator.PostAsync($"/api/portal-links/{linkId}/revoke", null));
        Assert.Equal("REVOKED", revoked.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await coordinator.PostAsync($"/api/portal-links/{linkId}/revoke", null)).StatusCode);
    }

    [Fact]
    public async Task PublicPages_ExposeNoIdentifiers_AndUnknownLooksLikeRevoked()
    {
        var coordinator = await _server.SignInAsAsync(Unique("co"), ["Coordinator"]);
        var mrn = Unique("MRN-");
        var (patient, m1) = await PatientWithOpenM1Async(coordinator, mrn, "Yoon", "Seoyeon");
        var (linkId, url) = await IssueAsync(coordinator, patient, m1);
        var token = url[(url.LastIndexOf('/') + 1)..];
        var anon = _server.Anonymous();

        var start = await anon.GetAsync($"/portal/{token}");
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        var html = await start.Content.ReadAsStringAsync();
        Assert.Contains("<meta name=\"robots\" content=\"noindex, nofollow\">", html);
        Assert.Contains("추적 관찰 설문", html); // the patient's preferred language (ko) without any switch
        Assert.Contains($"/portal/{token}/{m1}/KOOS/S1", html);
        var question = await (await anon.GetAsync($"/portal/{token}/{m1}/KOOS/S1")).Content.ReadAsStringAsync();
        var results = await (await anon.GetAsync($"/portal/{token}/results")).Content.ReadAsStringAsync();
        foreach (var page in new[] { html, question, results })
        {
            foreach (var identifier in new[] { "Yoon", "Seoyeon", mrn, patient, "1961-04-05", "/patients", "/api/" })
                Assert.DoesNotContain(identifier, page);
        }
        Assert.Contains("1/42", question.Replace("42문항 중 1번째", "1/42"));

        var unknown = await anon.GetAsync($"/portal/{new string('A', 43)}");
        var otherVisit = await anon.GetAsync($"/portal/{token}/0123456789abcdef0123456789abcdef/KOOS/S1");
        Assert.Contains("data-portal-refused", await unknown.Content.ReadAsStringAsync());
        Assert.Contains("data-portal-refused", await otherVisit.Content.ReadAsStringAsync());
        await coordinator.PostAsync($"/api/portal-links/{linkId}/revoke", null);
        var revoked = await anon.GetAsync($"/portal/{token}");
        Assert.Contains("data-portal-refused", await revoked.Content.ReadAsStringAsync());
        static string Main(string page) => page[page.IndexOf("<main", StringComparison.Ordinal)..page.IndexOf("</main>", StringComparison.Ordinal)];
        Assert.Equal(Main(await unknown.Content.ReadAsStringAsync()), Main(await revoked.Content.ReadAsStringAsync()));
        Assert.Contains("이 링크를 열 수 없습니다", await otherVisit.Content.ReadAsStringAsync()); // a valid token: the refusal in the patient's language
    }

    [Fact]
    public async Task PublicPages_TooManyRequests_Answer429()
    {
        await using var server = await OrthoRegenServer.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Portal:RequestsPerMinute"] = "3" });
        var anon = server.Anonymous();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++) statuses.Add((await anon.GetAsync($"/portal/{new string('B', 43)}")).StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, (await anon.GetAsync("/prescreen")).StatusCode); // other public pages keep their own limits
    }
}
