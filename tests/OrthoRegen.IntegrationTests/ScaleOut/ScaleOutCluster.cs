using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using OrthoRegen.Data;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.ScaleOut;

/// <summary>
/// Web nodes as separate processes over one fresh database (PostgreSQL for scale-out, SQLite for the one-node case), and
/// Core services over the same database for set-up steps that have no endpoint and for checking what was stored.
/// Intent methods: a staff member signed in once, with one client per node sharing the session cookie.
/// </summary>
public sealed class ScaleOutCluster : IAsyncDisposable
{
    public const string InitialAdminPassword = OrthoRegenServer.AdminInitialPassword; // TestDatabase.CreateAsync bootstraps with it
    public const string AdminPassword = OrthoRegenServer.AdminPassword;
    public const string UserPassword = OrthoRegenServer.UserPassword;

    readonly List<WebNodeProcess> _nodes;
    StaffSession? _admin;
    int _users;

    public TestDatabase Db { get; }
    public IReadOnlyList<WebNodeProcess> Nodes => _nodes;
    public DatabaseProvider Engine => Db.Provider;

    ScaleOutCluster(TestDatabase db, List<WebNodeProcess> nodes) => (Db, _nodes) = (db, nodes);

    /// <summary>A fresh migrated database (its clock the real one: the nodes run on real time) and <paramref name="nodes"/> nodes over it.</summary>
    public static async Task<ScaleOutCluster> StartAsync(DatabaseProvider engine, int nodes)
    {
        var db = await TestDatabase.CreateAsync(engine, DateTimeOffset.UtcNow);
        try
        {
            var started = await Task.WhenAll(Enumerable.Range(0, nodes).Select(i =>
                WebNodeProcess.StartAsync(((char)('A' + i)).ToString(), engine, db.ConnectionString)));
            return new ScaleOutCluster(db, [.. started]);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more node over the same database (it is stopped with the cluster).</summary>
    public async Task<WebNodeProcess> AddNodeAsync(string name)
    {
        var node = await WebNodeProcess.StartAsync(name, Engine, Db.ConnectionString);
        lock (_nodes) _nodes.Add(node);
        return node;
    }

    /// <summary>SIGKILLs <paramref name="node"/> and takes it out of the cluster (sessions made later have no client for it).</summary>
    public async Task KillAsync(WebNodeProcess node)
    {
        await node.KillAsync();
        lock (_nodes) _nodes.Remove(node);
        await node.DisposeAsync();
    }

    /// <summary>The admin, signed in on node A with the one-time password replaced.</summary>
    public async Task<StaffSession> AdminAsync()
    {
        if (_admin is not null) return _admin;
        var session = NewSession();
        var r = await session.Via(0).PostAsJsonAsync("/api/session", new { username = "admin", password = InitialAdminPassword });
        if (r.StatusCode == HttpStatusCode.OK)
            (await session.Via(0).PostAsJsonAsync("/api/me/password", new { currentPassword = InitialAdminPassword, newPassword = AdminPassword })).EnsureSuccessStatusCode();
        else
            (await session.Via(0).PostAsJsonAsync("/api/session", new { username = "admin", password = AdminPassword })).EnsureSuccessStatusCode();
        await EnrolTwoFactorAsync(session);
        return _admin = session;
    }

    /// <summary>A new user with <paramref name="roles"/> at MAIN, signed in once (on node A) with a chosen password.</summary>
    public async Task<StaffSession> StaffAsync(params string[] roles)
    {
        var admin = await AdminAsync();
        var username = $"user{Interlocked.Increment(ref _users)}.{roles[0].ToLowerInvariant()}";
        var created = await admin.Via(0).PostAsJsonAsync("/api/users", new
        {
            username, displayName = username, password = UserPassword + "-init", roles, siteCodes = new[] { "MAIN" }, allSites = false, language = "en",
        });
        if (created.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"Creating {username}: {created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        var session = NewSession(username);
        (await session.Via(0).PostAsJsonAsync("/api/session", new { username, password = UserPassword + "-init" })).EnsureSuccessStatusCode();
        (await session.Via(0).PostAsJsonAsync("/api/me/password", new { currentPassword = UserPassword + "-init", newPassword = UserPassword })).EnsureSuccessStatusCode();
        if (roles.Any(r => r is global::OrthoRegen.Accounts.Roles.Admin or global::OrthoRegen.Accounts.Roles.QA)) await EnrolTwoFactorAsync(session);
        return session;
    }

    /// <summary>
    /// Admin and QA must use a second factor (Accounts:RequireTwoFactorRoles default): the session sets up TOTP on node A
    /// as the enrolment page does (secret, then a current code), which completes the session for both nodes.
    /// </summary>
    static async Task EnrolTwoFactorAsync(StaffSession session)
    {
        var begin = await session.Via(0).PostAsync("/api/me/totp", null);
        if (begin.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"Two-factor set-up: {begin.StatusCode} {await begin.Content.ReadAsStringAsync()}");
        var secret = JsonDocument.Parse(await begin.Content.ReadAsStringAsync()).RootElement.GetProperty("secret").GetString()!;
        var code = global::OrthoRegen.Accounts.Totp.CodeAt(global::OrthoRegen.Accounts.Base32.Decode(secret)!, DateTimeOffset.UtcNow);
        var confirm = await session.Via(0).PostAsJsonAsync("/api/me/totp/confirm", new { code });
        if (confirm.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"Two-factor confirmation: {confirm.StatusCode} {await confirm.Content.ReadAsStringAsync()}");
    }

    /// <summary>A session with no sign-in yet: one cookie jar, one client per node.</summary>
    public StaffSession NewSession(string username = "anonymous")
    {
        var jar = new CookieContainer();
        return new StaffSession(username, jar, [.. _nodes.Select(n => n.Client(jar))]);
    }

    /// <summary>Moves the Core services' clock to real time (the nodes' clock) and returns it.</summary>
    public DateTimeOffset SyncClock()
    {
        var now = DateTimeOffset.UtcNow;
        lock (Db.Clock) if (now > Db.Clock.GetUtcNow()) Db.Clock.Advance(now - Db.Clock.GetUtcNow());
        return Db.Clock.GetUtcNow();
    }

    /// <summary>One scalar from the shared database.</summary>
    public async Task<long> CountAsync(string sql, object? args = null)
    {
        await using var c = await Db.Database.OpenAsync(default);
        return await c.ExecuteScalarAsync<long>(sql, args);
    }

    /// <summary>Registers a patient through node A as <paramref name="staff"/> and returns its id.</summary>
    public static async Task<string> RegisterPatientAsync(StaffSession staff, string mrn, string family = "Kim", string given = "Minji") =>
        (await JsonAsync(await staff.Via(0).PostAsJsonAsync("/api/patients", new
        {
            familyName = family, givenName = given, birthDate = "1961-04-05", sex = "F", language = "ko", recordNumber = mrn, heightCm = 158.0, weightKg = 61.0,
            email = "minji@example.org",
        }))).GetProperty("id").GetString()!;

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage r)
    {
        var body = await r.Content.ReadAsStringAsync();
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"{r.RequestMessage?.Method} {r.RequestMessage?.RequestUri}: {(int)r.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        _admin?.Dispose();
        await Task.WhenAll(_nodes.Select(n => n.DisposeAsync().AsTask()));
        await Db.DisposeAsync();
    }
}

/// <summary>One signed-in person: a cookie jar shared by one client per node (a browser behind a load balancer).</summary>
public sealed class StaffSession(string username, CookieContainer jar, IReadOnlyList<HttpClient> clients) : IDisposable
{
    public string Username => username;
    public CookieContainer Jar => jar;
    public IReadOnlyList<HttpClient> Clients => clients;

    /// <summary>The client of node <paramref name="i"/> modulo the number of nodes (so a loop index spreads requests).</summary>
    public HttpClient Via(int i) => clients[i % clients.Count];

    public void Dispose()
    {
        foreach (var c in clients) c.Dispose();
    }
}
