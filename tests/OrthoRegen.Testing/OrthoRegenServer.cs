using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;
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

    OrthoRegenServer(DatabaseProvider provider, string connection, string? sqliteFile, string? pgName, IReadOnlyDictionary<string, string?> settings)
    {
        (Provider, _connection, _sqliteFile, _pgName, _settings) = (provider, connection, sqliteFile, pgName, settings);
        UseKestrel(0);
    }

    /// <summary>
    /// Starts a server on a new database. The sign-in rate limit is raised for tests that sign many users in from one
    /// address, unless <paramref name="settings"/> say otherwise.
    /// </summary>
    public static async Task<OrthoRegenServer> StartAsync(DatabaseProvider provider, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var (cs, file, pg) = await TestDatabase.NewConnectionStringAsync(provider);
        var all = new Dictionary<string, string?> { ["Security:LoginAttemptsPerMinute"] = "10000" };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        var server = new OrthoRegenServer(provider, cs, file, pg, all);
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
    }

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
            var me = await r.Content.ReadFromJsonAsync<Me>();
            if (me!.MustChangePassword)
                (await c.PostAsJsonAsync("/api/me/password", new { currentPassword = AdminInitialPassword, newPassword = AdminPassword })).EnsureSuccessStatusCode();
        }
        else
        {
            (await c.PostAsJsonAsync("/api/session", new { username = "admin", password = AdminPassword })).EnsureSuccessStatusCode();
        }
        return _admin = c;
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
        (await c.PostAsJsonAsync("/api/me/password", new { currentPassword = UserPassword + "-init", newPassword = UserPassword })).EnsureSuccessStatusCode();
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
        return (await r.Content.ReadFromJsonAsync<IdOnly>())!.Id;
    }

    public sealed record Me(string Id, string Username, bool MustChangePassword);
    public sealed record IdOnly(string Id);

    public override async ValueTask DisposeAsync()
    {
        _admin?.Dispose();
        await base.DisposeAsync();
        await TestDatabase.DropAsync(_sqliteFile, _pgName);
    }
}
