using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.IntegrationTests.Api;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Security;

/// <summary>
/// Security headers on every kind of response, cookie flags of the session, half-session and antiforgery cookies, and
/// antiforgery on every form post of the app's own route table (issue 9, "Security details that must hold").
/// </summary>
public sealed class SecurityHeadersTests(SqliteServerFixture f) : IClassFixture<SqliteServerFixture>
{
    readonly OrthoRegenServer _server = f.Server;

    static void AssertSecurityHeaders(HttpResponseMessage r, string what)
    {
        string One(string name) =>
            r.Headers.TryGetValues(name, out var v) || r.Content.Headers.TryGetValues(name, out v) ? v.Single() : throw new Xunit.Sdk.XunitException($"{what}: no {name} header");
        var csp = One("Content-Security-Policy");
        var scriptSrc = csp.Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("script-src ", StringComparison.Ordinal));
        Assert.DoesNotContain("unsafe-inline", scriptSrc);
        Assert.DoesNotContain("unsafe-eval", scriptSrc);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.Equal("nosniff", One("X-Content-Type-Options"));
        Assert.Equal("no-referrer", One("Referrer-Policy"));
        Assert.Equal("DENY", One("X-Frame-Options"));
    }

    [Fact]
    public async Task EveryKindOfResponse_CarriesSecurityHeaders()
    {
        var anon = _server.Anonymous();
        var login = await anon.GetAsync("/login");
        var css = "/" + Regex.Match(await login.Content.ReadAsStringAsync(), "rel=\"stylesheet\" href=\"([^\"]+)\"").Groups[1].Value.TrimStart('/');
        var admin = await _server.AdminAsync();
        var samples = new List<(string What, HttpResponseMessage Response, HttpStatusCode Expected)>
        {
            ("page, anonymous", login, HttpStatusCode.OK),
            ("stylesheet", await anon.GetAsync(css), HttpStatusCode.OK),
            ("script", await anon.GetAsync("/fast-entry.js"), HttpStatusCode.OK),
            ("redirect to sign-in", await NotFollowingRedirects(_server).GetAsync("/patients"), HttpStatusCode.Redirect),
            ("API 401 problem", await anon.GetAsync("/api/patients"), HttpStatusCode.Unauthorized),
            ("API unknown route, anonymous", await anon.GetAsync("/api/no-such-route"), HttpStatusCode.Unauthorized),
            ("health", await anon.GetAsync("/healthz"), HttpStatusCode.OK),
            ("OpenAPI document", await anon.GetAsync("/openapi/v1.json"), HttpStatusCode.OK),
            ("form post without antiforgery", await anon.PostAsync("/account/login", new FormUrlEncodedContent([new("username", "x")])), HttpStatusCode.BadRequest),
            ("malformed JSON", await anon.PostAsync("/api/session", new StringContent("{\"username\":", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest),
            ("page, signed in", await admin.GetAsync("/patients"), HttpStatusCode.OK),
            ("unknown page", await admin.GetAsync("/no-such-page"), HttpStatusCode.NotFound),
            ("API JSON", await admin.GetAsync("/api/me"), HttpStatusCode.OK),
            ("API unknown route", await admin.GetAsync("/api/no-such-route"), HttpStatusCode.NotFound),
            ("API 404 problem", await admin.GetAsync("/api/patients/00000000000000000000000000"), HttpStatusCode.NotFound),
            ("API 400 validation problem", await admin.PostAsJsonAsync("/api/patients", new { familyName = "" }), HttpStatusCode.BadRequest),
        };
        foreach (var (what, r, expected) in samples)
        {
            Assert.True(expected == r.StatusCode, $"{what}: expected {expected}, got {r.StatusCode} {r.RequestMessage?.RequestUri} {(await r.Content.ReadAsStringAsync())[..Math.Min(300, (await r.Content.ReadAsStringAsync()).Length)]}");
            AssertSecurityHeaders(r, what);
        }
    }

    /// <summary>A client that shows a redirect instead of following it (the factory's clients follow those of a GET).</summary>
    internal static HttpClient NotFollowingRedirects(OrthoRegenServer server) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = server.BaseAddress };

    static string CookieHeader(HttpResponseMessage r, string name) =>
        (r.Headers.TryGetValues("Set-Cookie", out var v) ? v : []).SingleOrDefault(c => c.StartsWith(name + "=", StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"no {name} cookie set");

    static void AssertFlags(string cookie, bool secure)
    {
        var attributes = cookie.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant()).ToList();
        Assert.Contains("httponly", attributes);
        Assert.Contains(attributes, a => a is "samesite=strict" or "samesite=lax");
        Assert.Equal(secure, attributes.Contains("secure"));
    }

    [Theory]
    [InlineData(false)] // plain HTTP on loopback (a development machine)
    [InlineData(true)]  // behind a TLS-terminating proxy on the same host: X-Forwarded-Proto: https
    public async Task Cookies_AreHttpOnlySameSite_AndSecureWhenTheRequestIsHttps(bool https)
    {
        var name = "cookie" + (https ? "s" : "p");
        await _server.SignInAsAsync(name + ".rehab", [Roles.Rehab]);
        await _server.SignInAsAsync(name + ".qa", [Roles.QA]);
        var c = _server.Anonymous();
        if (https) c.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        AssertFlags(CookieHeader(await c.GetAsync("/login"), "orthoregen.af"), https);
        AssertFlags(CookieHeader(await c.PostAsJsonAsync("/api/session", new { username = name + ".rehab", password = OrthoRegenServer.UserPassword }), "orthoregen.session"), https);
        var half = await _server.Anonymous().SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/session")
        {
            Content = JsonContent.Create(new { username = name + ".qa", password = OrthoRegenServer.UserPassword }),
            Headers = { { "X-Forwarded-Proto", https ? "https" : "http" } },
        });
        AssertFlags(CookieHeader(half, "orthoregen.2fa"), https);
    }

    [Fact]
    public async Task EveryFormPost_WithoutAntiforgeryToken_Is400AndWritesNothing()
    {
        // A user every policy admits, so that what stops the post is the missing token and nothing else.
        var everything = await _server.SignInAsAsync("all.roles", [.. Roles.All], allSites: true);
        var database = _server.Services.GetRequiredService<Database>();
        var before = await RowCountsAsync(database);
        var posts = _server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.Contains("POST") == true)
            .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))
            .Where(p => !p.StartsWith("/api/", StringComparison.Ordinal) && p != "/api")
            .Distinct().Order().ToList();
        Assert.Contains("/account/login", posts);
        Assert.Contains("/patients/new", posts);
        Assert.True(posts.Count >= 40, $"only {posts.Count} form routes found: {string.Join(", ", posts)}");
        var failures = new List<string>();
        foreach (var pattern in posts)
        {
            var path = Regex.Replace(pattern, @"\{[^}]+\}", "x1");
            var r = await everything.PostAsync(path, new FormUrlEncodedContent(
                [new("_handler", "form"), new("Form.Note", "posted without a token"), new("username", "admin"), new("password", OrthoRegenServer.AdminPassword)]));
            if (r.StatusCode != HttpStatusCode.BadRequest) failures.Add($"{pattern}: {(int)r.StatusCode}");
        }
        Assert.True(failures.Count == 0, "form posts accepted without an antiforgery token: " + string.Join("; ", failures));
        Assert.Equal(before, await RowCountsAsync(database));
    }

    /// <summary>Rows in every table (SQLite), to show a refused post wrote nothing, not even an audit row.</summary>
    internal static async Task<Dictionary<string, long>> RowCountsAsync(Database database)
    {
        await using var c = await database.OpenAsync(CancellationToken.None);
        var tables = (await c.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")).ToList();
        var counts = new Dictionary<string, long>();
        foreach (var t in tables) counts[t] = await c.ExecuteScalarAsync<long>($"SELECT count(*) FROM \"{t}\"");
        return counts;
    }

    [Fact]
    public async Task ApiToken_IsShownOnce_AndStoredOnlyAsSha256()
    {
        var rehab = await _server.SignInAsAsync("token.owner", [Roles.Rehab]);
        var created = await rehab.PostAsJsonAsync("/api/me/tokens", new { name = "nightly" });
        var secret = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
        Assert.StartsWith("orr_", secret);
        Assert.DoesNotContain(secret, await rehab.GetStringAsync("/api/me/tokens"));
        await using var c = await _server.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        var stored = (await c.QueryAsync<string>("SELECT token_hash FROM api_tokens")).ToList();
        Assert.DoesNotContain(stored, h => h.Contains(secret, StringComparison.Ordinal));
        Assert.Contains(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret))), stored);
    }
}
