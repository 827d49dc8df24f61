using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;
using OrthoRegen.Accounts;
using OrthoRegen.Data;

namespace OrthoRegen.Testing;

/// <summary>
/// The real web host on Kestrel at 127.0.0.1 (a free port) over a fresh database of the chosen engine. Tests talk to it
/// over HTTP only, through intent methods: sign in as admin or as a user of a role, register a patient.
/// </summary>
public sealed class OrthoRegenServer : WebApplicationFactory<Program>
{
    public const string AdminInitialPassword = "Initial-Admin-Pass-1";
    public const string AdminPassword = "Chosen-Pass-For-Root-2";
    public const string UserPassword = "Staff-Chosen-Pass-3";

    readonly string _connection;
    readonly string? _sqliteFile;
    readonly string? _pgName;
    HttpClient? _admin;

    public DatabaseProvider Provider { get; }
    public string ConnectionString => _connection;
    /// <summary>The address Kestrel bound (127.0.0.1 and the free port it picked).</summary>
    public Uri BaseAddress => new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    readonly IReadOnlyDictionary<string, string?> _settings;
    readonly TimeProvider? _clock;
    readonly Dictionary<string, byte[]> _totpSecrets = new(StringComparer.Ordinal);
    readonly Dictionary<string, long> _lastTotpStep = new(StringComparer.Ordinal);
    readonly Dictionary<string, IReadOnlyList<string>> _recoveryCodes = new(StringComparer.Ordinal);
    readonly SemaphoreSlim _totpGate = new(1, 1);

    /// <summary>The file this server logs to (Information and above), or null when logs are not collected.</summary>
    public string? LogFile { get; }

    OrthoRegenServer(DatabaseProvider provider, string connection, string? sqliteFile, string? pgName, IReadOnlyDictionary<string, string?> settings,
        TimeProvider? clock, string? logFile)
    {
        (Provider, _connection, _sqliteFile, _pgName, _settings, _clock) = (provider, connection, sqliteFile, pgName, settings, clock);
        LogFile = logFile ?? TestLog.NewServerLogFile();
        UseKestrel(0);
    }

    /// <summary>
    /// Starts a server on a new database. The sign-in rate limit is raised for tests that sign many users in from one
    /// address, unless <paramref name="settings"/> say otherwise.
    /// </summary>
    /// <param name="clock">The server's clock instead of the system's (sessions, lockout, TOTP codes follow it).</param>
    /// <param name="logFile">Where the server logs, even when the run does not collect logs (a test that reads its own log).</param>
    public static async Task<OrthoRegenServer> StartAsync(DatabaseProvider provider, IReadOnlyDictionary<string, string?>? settings = null,
        TimeProvider? clock = null, string? logFile = null)
    {
        var (cs, file, pg) = await TestDatabase.NewConnectionStringAsync(provider);
        var all = new Dictionary<string, string?> { ["Security:LoginAttemptsPerMinute"] = "10000" };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        var server = new OrthoRegenServer(provider, cs, file, pg, all, clock, logFile);
        server.StartServer();
        return server;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (k, v) in TestDatabase.Settings(Provider, _connection)) builder.UseSetting(k, v);
        builder.UseSetting("ORTHOREGEN_ADMIN_PASSWORD", AdminInitialPassword);
        foreach (var (k, v) in _settings) builder.UseSetting(k, v);
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseEnvironment("Production");
        if (LogFile is { } log) builder.ConfigureLogging(l => l.AddProvider(new FileLoggerProvider(log)));
        if (_clock is { } clock) builder.ConfigureTestServices(s => s.AddSingleton(clock));
    }

    /// <summary>The server's clock.</summary>
    public TimeProvider Clock => Services.GetRequiredService<TimeProvider>();

    /// <summary>A client with its own cookie jar and no credentials.</summary>
    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = BaseAddress });

    /// <summary>The admin, signed in, with the one-time password already replaced.</summary>
    public async Task<HttpClient> AdminAsync()
    {
        if (_admin is not null) return _admin;
        var c = Anonymous();
        var r = await c.PostAsJsonAsync("/api/session", new { username = "admin", password = AdminInitialPassword });
        if (r.StatusCode == HttpStatusCode.OK)
        {
            var me = (await r.Content.ReadFromJsonAsync<Me>())!;
            if (me.MustChangePassword)
            {
                var changed = await c.PostAsJsonAsync("/api/me/password", new { currentPassword = AdminInitialPassword, newPassword = AdminPassword });
                changed.EnsureSuccessStatusCode();
                me = (await changed.Content.ReadFromJsonAsync<Me>())!;
            }
            if (me.MustEnrolTwoFactor) await EnrolTwoFactorAsync(c, "admin");
        }
        else
        {
            await SignInWithPasswordAsync(c, "admin", AdminPassword);
        }
        return _admin = c;
    }

    /// <summary>
    /// Signs <paramref name="client"/> in with a password, answering the second-factor code when the user has one
    /// (set up through these helpers). Fails when the sign-in is refused.
    /// </summary>
    public async Task SignInWithPasswordAsync(HttpClient client, string username, string password)
    {
        var r = await client.PostAsJsonAsync("/api/session", new { username, password });
        if (r.StatusCode == HttpStatusCode.Unauthorized && _totpSecrets.ContainsKey(username))
            r = await client.PostAsJsonAsync("/api/session", new { username, password, totpCode = await TotpCodeAsync(username) });
        if (r.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"Sign-in of {username} failed: {r.StatusCode} {await r.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// Sets up two-factor sign-in for the user signed in on <paramref name="client"/> (as the enrolment page does: get the
    /// secret, answer a code) and keeps the secret and recovery codes for later sign-ins.
    /// </summary>
    public async Task<IReadOnlyList<string>> EnrolTwoFactorAsync(HttpClient client, string username)
    {
        var begin = await client.PostAsync("/api/me/totp", null);
        if (begin.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"Two-factor set-up of {username} failed: {begin.StatusCode} {await begin.Content.ReadAsStringAsync()}");
        var secret = (await begin.Content.ReadFromJsonAsync<TotpSecret>())!.Secret;
        await _totpGate.WaitAsync();
        try { _totpSecrets[username] = Base32.Decode(secret)!; }
        finally { _totpGate.Release(); }
        var confirm = await client.PostAsJsonAsync("/api/me/totp/confirm", new { code = await TotpCodeAsync(username) });
        if (confirm.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"Two-factor confirmation of {username} failed: {confirm.StatusCode} {await confirm.Content.ReadAsStringAsync()}");
        var codes = (await confirm.Content.ReadFromJsonAsync<Recovery>())!.RecoveryCodes;
        _recoveryCodes[username] = codes;
        return codes;
    }

    /// <summary>True when <paramref name="username"/> set up two-factor sign-in through these helpers.</summary>
    public bool HasTwoFactor(string username) => _totpSecrets.ContainsKey(username);

    /// <summary>The recovery codes shown at the user's two-factor set-up.</summary>
    public IReadOnlyList<string> RecoveryCodesOf(string username) => _recoveryCodes[username];

    /// <summary>
    /// The next code the user's authenticator would give that the server has not seen yet: the current time step, or a
    /// later one within the accepted window; waits for the next step when both were used (real clock only).
    /// </summary>
    public async Task<string> TotpCodeAsync(string username)
    {
        await _totpGate.WaitAsync();
        try
        {
            var key = _totpSecrets[username];
            while (true)
            {
                var now = Clock.GetUtcNow();
                var current = Totp.TimeStepAt(now);
                var step = Math.Max(current, _lastTotpStep.TryGetValue(username, out var last) ? last + 1 : current);
                if (step <= current + Totp.Window)
                {
                    _lastTotpStep[username] = step;
                    return Totp.Hotp(key, step);
                }
                if (Clock != TimeProvider.System)
                    throw new InvalidOperationException($"Every code of {username} near {now:O} was used; advance the test clock by 30 s.");
                await Task.Delay(TimeSpan.FromSeconds((current + 1) * Totp.Step.TotalSeconds - now.ToUnixTimeMilliseconds() / 1000.0) + TimeSpan.FromMilliseconds(50));
            }
        }
        finally { _totpGate.Release(); }
    }

    /// <summary>Creates a user with <paramref name="roles"/> at <paramref name="siteCode"/> and returns their signed-in client.</summary>
    public async Task<HttpClient> SignInAsAsync(string username, string[] roles, string siteCode = "MAIN", bool allSites = false)
    {
        var admin = await AdminAsync();
        var created = await admin.PostAsJsonAsync("/api/users", new
        {
            username, displayName = username, password = UserPassword + "-init", roles, siteCodes = new[] { siteCode }, allSites, language = "en",
        });
        if (created.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"Creating {username} failed: {created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        var c = Anonymous();
        (await c.PostAsJsonAsync("/api/session", new { username, password = UserPassword + "-init" })).EnsureSuccessStatusCode();
        var changed = await c.PostAsJsonAsync("/api/me/password", new { currentPassword = UserPassword + "-init", newPassword = UserPassword });
        changed.EnsureSuccessStatusCode();
        if ((await changed.Content.ReadFromJsonAsync<Me>())!.MustEnrolTwoFactor) await EnrolTwoFactorAsync(c, username);
        return c;
    }

    /// <summary>Registers a patient through the API and returns its id.</summary>
    public static async Task<string> RegisterPatientAsync(HttpClient client, string family = "Kim", string given = "Minji", string mrn = "MRN-1001")
    {
        var r = await client.PostAsJsonAsync("/api/patients", new
        {
            familyName = family, givenName = given, birthDate = "1961-04-05", sex = "F", language = "ko", recordNumber = mrn, heightCm = 158.0, weightKg = 61.0,
        });
        if (r.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"{r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
        TestLog.RecordSeeded(family, given, mrn);
        return (await r.Content.ReadFromJsonAsync<IdOnly>())!.Id;
    }

    public sealed record Me(string Id, string Username, bool MustChangePassword, bool MustEnrolTwoFactor = false, bool TwoFactorEnabled = false);
    sealed record TotpSecret(string Secret, string OtpauthUri);
    sealed record Recovery(IReadOnlyList<string> RecoveryCodes);
    public sealed record IdOnly(string Id);

    public override async ValueTask DisposeAsync()
    {
        _admin?.Dispose();
        await base.DisposeAsync();
        await TestDatabase.DropAsync(_sqliteFile, _pgName);
    }
}
