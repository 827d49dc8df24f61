using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.IntegrationTests.Api;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Security;

/// <summary>
/// Two-factor sign-in over HTTP (issue 9, "TOTP two-factor sign-in for staff"): enrolment is forced for Admin and QA,
/// the password alone gives no session, codes cannot be replayed, recovery codes work once, wrong codes lock the account,
/// bearer tokens are unaffected, the page flow works with antiforgery, and the secret is stored encrypted.
/// </summary>
public sealed class SecurityTwoFactorTests(SqliteServerFixture f) : IClassFixture<SqliteServerFixture>
{
    readonly OrthoRegenServer _server = f.Server;
    static int _n;
    static string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref _n)}";
    static async Task<JsonElement> JsonAsync(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    async Task<(string Username, HttpClient Client)> NewUserWithPasswordChangedAsync(string role)
    {
        var admin = await _server.AdminAsync();
        var name = Unique("tfa");
        (await admin.PostAsJsonAsync("/api/users", new { username = name, displayName = name, password = "Temporary-Pass-91", roles = new[] { role }, siteCodes = new[] { "MAIN" } }))
            .EnsureSuccessStatusCode();
        var c = _server.Anonymous();
        (await c.PostAsJsonAsync("/api/session", new { username = name, password = "Temporary-Pass-91" })).EnsureSuccessStatusCode();
        (await c.PostAsJsonAsync("/api/me/password", new { currentPassword = "Temporary-Pass-91", newPassword = OrthoRegenServer.UserPassword })).EnsureSuccessStatusCode();
        return (name, c);
    }

    [Fact]
    public async Task RequiredRole_WithoutTotp_CanOnlyEnrol()
    {
        var (_, qa) = await NewUserWithPasswordChangedAsync(Roles.QA);
        var me = await JsonAsync(await qa.GetAsync("/api/me"));
        Assert.True(me.GetProperty("mustEnrolTwoFactor").GetBoolean());
        var blocked = await qa.GetAsync("/api/lab/worklist");
        Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
        Assert.Equal("Two-factor set-up required", (await JsonAsync(blocked)).GetProperty("title").GetString());
        // An API token made now would sign in without the second factor.
        Assert.Equal(HttpStatusCode.Forbidden, (await qa.PostAsJsonAsync("/api/me/tokens", new { name = "sneaky" })).StatusCode);
        var page = await qa.GetAsync("/lab"); // the test client follows the redirect
        Assert.Equal("/account/totp", page.RequestMessage!.RequestUri!.AbsolutePath);
        // A role that does not require it is not held up.
        var (_, rehab) = await NewUserWithPasswordChangedAsync(Roles.Rehab);
        Assert.Equal(HttpStatusCode.OK, (await rehab.GetAsync("/api/patients")).StatusCode);
    }

    [Fact]
    public async Task Enrolment_WrongCodeRefused_RightCodeGivesTenRecoveryCodes_SecretStoredEncrypted()
    {
        var (name, qa) = await NewUserWithPasswordChangedAsync(Roles.QA);
        var begin = await JsonAsync(await qa.PostAsync("/api/me/totp", null));
        var secret = begin.GetProperty("secret").GetString()!;
        Assert.Matches("^[A-Z2-7]{32}$", secret);
        Assert.Equal($"otpauth://totp/OrthoRegen:{name}?secret={secret}&issuer=OrthoRegen&algorithm=SHA1&digits=6&period=30",
            begin.GetProperty("otpauthUri").GetString());
        // Asking again shows the same pending secret (a reload of the page must not invalidate the scanned QR code).
        Assert.Equal(secret, (await JsonAsync(await qa.PostAsync("/api/me/totp", null))).GetProperty("secret").GetString());

        var key = Base32.Decode(secret)!;
        var now = _server.Clock.GetUtcNow();
        var wrongCode = Totp.Hotp(key, Totp.TimeStepAt(now) + 5);
        var wrong = await qa.PostAsJsonAsync("/api/me/totp/confirm", new { code = wrongCode });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.True((await JsonAsync(wrong)).GetProperty("errors").TryGetProperty("code", out _));
        Assert.Equal(HttpStatusCode.Forbidden, (await qa.GetAsync("/api/lab/worklist")).StatusCode);

        var ok = await qa.PostAsJsonAsync("/api/me/totp/confirm", new { code = Totp.CodeAt(key, now) });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var codes = (await JsonAsync(ok)).GetProperty("recoveryCodes").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(10, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[a-z2-9]{5}-[a-z2-9]{5}$", c));
        Assert.Equal(HttpStatusCode.OK, (await qa.GetAsync("/api/lab/worklist")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await qa.PostAsync("/api/me/totp", null)).StatusCode);

        // At rest: the secret is ciphertext, recovery codes are hashes, and neither reaches the audit trail.
        await using var c = await _server.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        var stored = await c.QuerySingleAsync<string>("SELECT totp_secret FROM users WHERE username = @name", new { name });
        Assert.DoesNotContain(secret, stored, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(secret, _server.Services.GetRequiredService<ISecretProtection>().Unprotect(stored));
        var hashes = (await c.QueryAsync<string>("SELECT code_hash FROM user_recovery_codes r JOIN users u ON u.id = r.user_id WHERE u.username = @name", new { name })).ToList();
        Assert.Equal(10, hashes.Count);
        Assert.All(hashes, h => Assert.Matches("^[0-9a-f]{64}$", h));
        var audit = string.Join("\n", await c.QueryAsync<string>("SELECT actor || action || entity || COALESCE(fields, '') || COALESCE(origin, '') FROM audit_log"));
        Assert.DoesNotContain(secret, audit, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("totp_secret", audit);
        Assert.DoesNotContain(codes[0], audit);
    }

    [Fact]
    public async Task SignIn_PasswordAlone_GivesNoSession_CodeCompletesIt_SameCodeIsNotAcceptedTwice()
    {
        var name = Unique("qa");
        await _server.SignInAsAsync(name, [Roles.QA]);
        var c = _server.Anonymous();
        var first = await c.PostAsJsonAsync("/api/session", new { username = name, password = OrthoRegenServer.UserPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.True((await JsonAsync(first)).GetProperty("codeRequired").GetBoolean());
        Assert.DoesNotContain(first.Headers.TryGetValues("Set-Cookie", out var set) ? set : [], v => v.StartsWith("orthoregen.session=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, (await c.GetAsync("/api/me")).StatusCode); // the half-session is no session

        var code = await _server.TotpCodeAsync(name);
        var second = await c.PostAsJsonAsync("/api/session/code", new { code });
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/api/lab/worklist")).StatusCode);

        // Replay: the same code (same time step) on another client, in one call.
        var replay = await _server.Anonymous().PostAsJsonAsync("/api/session", new { username = name, password = OrthoRegenServer.UserPassword, totpCode = code });
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal("Sign-in failed", (await JsonAsync(replay)).GetProperty("title").GetString());
        // The code step without a password step first is refused (before any code is looked at).
        var alone = await _server.Anonymous().PostAsJsonAsync("/api/session/code", new { code });
        Assert.Equal(HttpStatusCode.Unauthorized, alone.StatusCode);
        Assert.StartsWith("Sign in with username and password first", (await JsonAsync(alone)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task RecoveryCode_SignsInOnce()
    {
        var name = Unique("qa");
        await _server.SignInAsAsync(name, [Roles.QA]);
        var recovery = _server.RecoveryCodesOf(name)[3];
        var once = await _server.Anonymous().PostAsJsonAsync("/api/session", new { username = name, password = OrthoRegenServer.UserPassword, totpCode = recovery.ToUpperInvariant() });
        Assert.Equal(HttpStatusCode.OK, once.StatusCode);
        var twice = await _server.Anonymous().PostAsJsonAsync("/api/session", new { username = name, password = OrthoRegenServer.UserPassword, totpCode = recovery });
        Assert.Equal(HttpStatusCode.Unauthorized, twice.StatusCode);
        var client = _server.Anonymous();
        await _server.SignInWithPasswordAsync(client, name, OrthoRegenServer.UserPassword);
        Assert.Equal(9, (await JsonAsync(await client.GetAsync("/api/me/totp"))).GetProperty("recoveryCodesLeft").GetInt32());
    }

    [Fact]
    public async Task WrongCodes_CountTowardsLockout_AndAreAudited()
    {
        var name = Unique("qa");
        await _server.SignInAsAsync(name, [Roles.QA]);
        for (var i = 0; i < UserStore.LockoutThreshold; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await _server.Anonymous().PostAsJsonAsync("/api/session",
                new { username = name, password = OrthoRegenServer.UserPassword, totpCode = "000000" })).StatusCode);
        var right = await _server.Anonymous().PostAsJsonAsync("/api/session",
            new { username = name, password = OrthoRegenServer.UserPassword, totpCode = await _server.TotpCodeAsync(name) });
        Assert.Equal("Account locked", (await JsonAsync(right)).GetProperty("title").GetString());
        await using var c = await _server.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        var fields = (await c.QueryAsync<string>("""
            SELECT a.fields FROM audit_log a JOIN users u ON u.id = a.entity_id WHERE u.username = @name AND a.action = 'LOGIN_FAILED' ORDER BY a.seq
            """, new { name })).ToList();
        Assert.True(fields.Count >= UserStore.LockoutThreshold);
        Assert.Contains("second_factor", fields[0]);
        Assert.Contains(fields, f => f.Contains("locked_until"));
    }

    [Fact]
    public async Task BearerToken_OfTwoFactorUser_NeedsNoCode()
    {
        var name = Unique("qa");
        var qa = await _server.SignInAsAsync(name, [Roles.QA]);
        var created = await JsonAsync(await qa.PostAsJsonAsync("/api/me/tokens", new { name = "lims sync" }));
        var script = _server.Anonymous();
        script.DefaultRequestHeaders.Authorization = new("Bearer", created.GetProperty("token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/lab/worklist")).StatusCode);
    }

    [Fact]
    public async Task PageFlow_PasswordThenCodePage_WithAntiforgery_EndsOnReturnUrl()
    {
        var name = Unique("qa");
        await _server.SignInAsAsync(name, [Roles.QA]);
        var c = SecurityHeadersTests.NotFollowingRedirects(_server);
        var login = await c.GetStringAsync("/login?returnUrl=%2Flab");
        var afterPassword = await c.PostAsync("/account/login", Form(login, ("username", name), ("password", OrthoRegenServer.UserPassword), ("returnUrl", "/lab")));
        Assert.Equal(HttpStatusCode.Redirect, afterPassword.StatusCode);
        Assert.Equal("/login/code?returnUrl=%2Flab", afterPassword.Headers.Location?.OriginalString);
        Assert.StartsWith("/login?", (await c.GetAsync("/lab")).Headers.Location?.PathAndQuery); // still signed out

        var codePage = await c.GetStringAsync("/login/code?returnUrl=%2Flab");
        var wrong = await c.PostAsync("/account/login/code", Form(codePage, ("code", "12345"), ("returnUrl", "/lab")));
        Assert.StartsWith("/login/code?error=failed", wrong.Headers.Location?.OriginalString);
        codePage = await c.GetStringAsync("/login/code?returnUrl=%2Flab");
        var right = await c.PostAsync("/account/login/code", Form(codePage, ("code", await _server.TotpCodeAsync(name)), ("returnUrl", "/lab")));
        Assert.Equal("/lab", right.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/lab")).StatusCode);
    }

    [Fact]
    public async Task EnrolmentPage_ShowsQrAndKey_AndConfirmsWithRecoveryCodes()
    {
        var (_, qa) = await NewUserWithPasswordChangedAsync(Roles.QA);
        var page = await qa.GetStringAsync("/account/totp");
        Assert.Contains("<svg", page);
        var key = Regex.Match(page, "id=\"totp-secret\">([A-Z2-7 ]+)<").Groups[1].Value.Replace(" ", "");
        Assert.Equal(32, key.Length);
        var posted = await qa.PostAsync("/account/totp", Form(page, ("_handler", "totp"), ("Form.Code", Totp.CodeAt(Base32.Decode(key)!, _server.Clock.GetUtcNow()))));
        var html = await posted.Content.ReadAsStringAsync();
        Assert.True(posted.StatusCode == HttpStatusCode.OK, $"{posted.StatusCode} {html}");
        Assert.True(Regex.Matches(html, "<li><code>[a-z2-9]{5}-[a-z2-9]{5}</code></li>").Count == 10, html);
        Assert.Equal(HttpStatusCode.OK, (await qa.GetAsync("/api/lab/worklist")).StatusCode);
    }

    [Fact]
    public async Task Requirement_IsConfigurable()
    {
        await using var server = await OrthoRegenServer.StartAsync(DatabaseProvider.Sqlite,
            new Dictionary<string, string?> { ["Accounts:RequireTwoFactorRoles"] = "Physician" });
        var admin = await server.AdminAsync();
        Assert.False(server.HasTwoFactor("admin"));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/users")).StatusCode);
        await server.SignInAsAsync("dr.tfa", [Roles.Physician]);
        Assert.True(server.HasTwoFactor("dr.tfa"));
    }

    /// <summary>A form post carrying the antiforgery token of <paramref name="html"/>.</summary>
    internal static FormUrlEncodedContent Form(string html, params (string Name, string Value)[] fields)
    {
        var token = Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);
        return new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))
            .Append(new("__RequestVerificationToken", WebUtility.HtmlDecode(token))));
    }
}
