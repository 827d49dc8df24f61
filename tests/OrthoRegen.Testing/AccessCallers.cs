using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Accounts;

namespace OrthoRegen.Testing;

/// <summary>
/// Signed-in callers for access tests: one staff user per role at MAIN, and users of another site. Each caller is a
/// session cookie sent by hand on clients that keep no cookie jar, so a sign-out or a refreshed cookie in one call
/// cannot change who the next call is.
/// </summary>
public sealed class AccessCallers
{
    public const string OtherSite = "BUSAN";
    readonly OrthoRegenServer _server;
    readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);
    readonly Dictionary<string, string> _userIds = new(StringComparer.Ordinal);

    AccessCallers(OrthoRegenServer server) => _server = server;

    /// <summary>Signs in one user of each role in <paramref name="roles"/> at MAIN, and a Physician and an Admin of <see cref="OtherSite"/>.</summary>
    public static async Task<AccessCallers> SignInAsync(OrthoRegenServer server, IEnumerable<string> roles, string prefix)
    {
        await server.Services.GetRequiredService<SiteStore>().EnsureAsync(OtherSite, "Busan clinic", default);
        var callers = new AccessCallers(server);
        foreach (var role in roles) await callers.AddAsync(role, $"{prefix}.{role.ToLowerInvariant()}", [role], "MAIN");
        await callers.AddAsync("Other" + Roles.Physician, $"{prefix}.busan.dr", [Roles.Physician], OtherSite);
        await callers.AddAsync("Other" + Roles.Admin, $"{prefix}.busan.admin", [Roles.Admin], OtherSite);
        return callers;
    }

    async Task AddAsync(string name, string username, string[] roles, string site)
    {
        var admin = await _server.AdminAsync();
        var created = await admin.PostAsJsonAsync("/api/users", new
        {
            username, displayName = username, password = OrthoRegenServer.UserPassword + "-init", roles, siteCodes = new[] { site }, allSites = false, language = "en",
        });
        if (created.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"Creating {username}: {created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        var first = await SessionCookieAsync(username, OrthoRegenServer.UserPassword + "-init");
        using (var c = WithCookie(first))
            (await c.PostAsJsonAsync("/api/me/password", new { currentPassword = OrthoRegenServer.UserPassword + "-init", newPassword = OrthoRegenServer.UserPassword })).EnsureSuccessStatusCode();
        if (roles.Any(r => r is Roles.Admin or Roles.QA)) // two-factor sign-in is required for these roles by default
            using (var c = WithCookie(await SessionCookieAsync(username, OrthoRegenServer.UserPassword)))
                await _server.EnrolTwoFactorAsync(c, username);
        _cookies[name] = await SessionCookieAsync(username, OrthoRegenServer.UserPassword);
        using var me = WithCookie(_cookies[name]);
        _userIds[name] = JsonDocument.Parse(await me.GetStringAsync("/api/me")).RootElement.GetProperty("id").GetString()!;
    }

    async Task<string> SessionCookieAsync(string username, string password)
    {
        using var c = Bare();
        var r = await c.PostAsJsonAsync("/api/session", new { username, password });
        if (r.StatusCode == HttpStatusCode.Unauthorized && _server.HasTwoFactor(username))
            r = await c.PostAsJsonAsync("/api/session", new { username, password, totpCode = await _server.TotpCodeAsync(username) });
        r.EnsureSuccessStatusCode();
        var cookie = r.Headers.GetValues("Set-Cookie").Single(v => v.StartsWith("orthoregen.session=", StringComparison.Ordinal));
        return cookie[..cookie.IndexOf(';', StringComparison.Ordinal)];
    }

    // A client of our own over sockets: the factory's client options (no redirects, no cookie jar) do not reach the
    // Kestrel-bound client, and an access test must see the 302 to the sign-in page rather than the page it leads to.
    HttpClient Bare() => new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = _server.BaseAddress };

    HttpClient WithCookie(string cookie)
    {
        var c = Bare();
        c.DefaultRequestHeaders.Add("Cookie", cookie);
        return c;
    }

    /// <summary>Names of the signed-in callers: the roles, then OtherPhysician and OtherAdmin.</summary>
    public IReadOnlyCollection<string> Names => _cookies.Keys;

    /// <summary>A client that is <paramref name="name"/> (a role, OtherPhysician or OtherAdmin) on every request.</summary>
    public HttpClient As(string name) => WithCookie(_cookies[name]);

    public string UserId(string name) => _userIds[name];

    /// <summary>No credentials at all.</summary>
    public HttpClient Anonymous() => Bare();

    /// <summary>A client sending <paramref name="token"/> as <c>Authorization: Bearer</c>.</summary>
    public HttpClient Bearer(string token)
    {
        var c = Bare();
        c.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return c;
    }
}
