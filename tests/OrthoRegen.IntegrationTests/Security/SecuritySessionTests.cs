using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Security;

/// <summary>
/// Session expiry (idle and absolute) and the sign-in lockout, on a server whose clock the test moves
/// (cookie authentication and the user store read the same injected TimeProvider).
/// </summary>
public sealed class SecuritySessionTests : IAsyncLifetime
{
    // Whole seconds, so that "12 hours after sign-in" is exact (the sign-in time is kept in seconds).
    readonly FakeClock _clock = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
    OrthoRegenServer _server = null!;
    static int _n;
    static string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref _n)}";

    public async Task InitializeAsync() => _server = await OrthoRegenServer.StartAsync(DatabaseProvider.Sqlite, clock: _clock);
    public async Task DisposeAsync() => await _server.DisposeAsync();

    static async Task<JsonElement> JsonAsync(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Session_IdleLongerThan30Minutes_Ends()
    {
        var c = await _server.SignInAsAsync(Unique("idle"), [Roles.Rehab]);
        _clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/api/patients")).StatusCode);
        _clock.Advance(TimeSpan.FromMinutes(29)); // 29 min after the last request: still alive (sliding)
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/api/patients")).StatusCode);
        _clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(HttpStatusCode.Unauthorized, (await c.GetAsync("/api/patients")).StatusCode);
        var page = await c.GetAsync("/patients"); // the test client follows the redirect
        Assert.Equal("/login", page.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Session_ActiveAllDay_EndsAfter12Hours()
    {
        var c = await _server.SignInAsAsync(Unique("busy"), [Roles.Rehab]);
        for (var elapsed = TimeSpan.FromMinutes(20); elapsed <= TimeSpan.FromHours(12); elapsed += TimeSpan.FromMinutes(20))
        {
            _clock.Advance(TimeSpan.FromMinutes(20));
            Assert.True((await c.GetAsync("/api/me")).StatusCode == HttpStatusCode.OK, $"session ended early, {elapsed} after sign-in");
        }
        _clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(HttpStatusCode.Unauthorized, (await c.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Lockout_AfterFiveFailures_LiftsAfter15Minutes_AndIsAudited()
    {
        var name = Unique("lock");
        await _server.SignInAsAsync(name, [Roles.Rehab]);
        var c = _server.Anonymous();
        for (var i = 1; i < UserStore.LockoutThreshold; i++)
            Assert.Equal("Sign-in failed", (await JsonAsync(await c.PostAsJsonAsync("/api/session", new { username = name, password = "Wrong-Password-" + i }))).GetProperty("title").GetString());
        var fifth = await c.PostAsJsonAsync("/api/session", new { username = name, password = "Wrong-Password-5" });
        Assert.Equal(HttpStatusCode.Unauthorized, fifth.StatusCode);
        Assert.Equal("Account locked", (await JsonAsync(fifth)).GetProperty("title").GetString());

        _clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal("Account locked", (await JsonAsync(await c.PostAsJsonAsync("/api/session", new { username = name, password = OrthoRegenServer.UserPassword }))).GetProperty("title").GetString());
        _clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await c.PostAsJsonAsync("/api/session", new { username = name, password = OrthoRegenServer.UserPassword })).StatusCode);

        await using var db = await _server.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        var audit = (await db.QueryAsync<(string Action, string? Fields)>("""
            SELECT a.action, a.fields FROM audit_log a JOIN users u ON u.id = a.entity_id WHERE u.username = @name AND a.action IN ('LOGIN', 'LOGIN_FAILED') ORDER BY a.seq
            """, new { name })).ToList();
        Assert.Equal(UserStore.LockoutThreshold + 1, audit.Count(a => a.Action == "LOGIN_FAILED")); // five wrong, one while locked
        Assert.Contains(audit, a => a.Action == "LOGIN_FAILED" && a.Fields!.Contains("locked_until"));
        Assert.Contains(audit, a => a.Action == "LOGIN_FAILED" && a.Fields!.Contains("locked_out"));
        Assert.Equal("LOGIN", audit[^1].Action);
    }

    [Fact]
    public async Task SignIn_UnknownUserAndWrongPassword_LookTheSame()
    {
        var name = Unique("same");
        await _server.SignInAsAsync(name, [Roles.Rehab]);
        var unknown = await _server.Anonymous().PostAsJsonAsync("/api/session", new { username = "no.such.user", password = "Wrong-Password-1" });
        var wrong = await _server.Anonymous().PostAsJsonAsync("/api/session", new { username = name, password = "Wrong-Password-1" });
        Assert.Equal(unknown.StatusCode, wrong.StatusCode);
        var (u, w) = (await JsonAsync(unknown), await JsonAsync(wrong));
        Assert.Equal(u.GetProperty("title").GetString(), w.GetProperty("title").GetString());
        Assert.Equal(u.GetProperty("detail").GetString(), w.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task TwoFactor_CodeWithinOneStep_Accepted_TwoStepsOld_Refused()
    {
        var name = Unique("qa");
        await _server.SignInAsAsync(name, [Roles.QA]);
        var code = await _server.TotpCodeAsync(name);
        _clock.Advance(TimeSpan.FromSeconds(91)); // at least two steps past the code's step: expired
        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.Anonymous().PostAsJsonAsync("/api/session",
            new { username = name, password = OrthoRegenServer.UserPassword, totpCode = code })).StatusCode);
        var fresh = await _server.TotpCodeAsync(name);
        _clock.Advance(TimeSpan.FromSeconds(30)); // one step of drift is allowed
        Assert.Equal(HttpStatusCode.OK, (await _server.Anonymous().PostAsJsonAsync("/api/session",
            new { username = name, password = OrthoRegenServer.UserPassword, totpCode = fresh })).StatusCode);
    }
}
