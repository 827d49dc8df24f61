using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.Patients;
using OrthoRegen.Web.Accounts;

namespace OrthoRegen.Testing;

/// <summary>
/// A fresh, migrated database on either engine, with Core's services built over it. SQLite uses a temporary file;
/// PostgreSQL a new database on the server named by <c>ORTHOREGEN_TEST_POSTGRES</c> (./test.sh starts one), dropped
/// on dispose. Without that variable the PostgreSQL rows fail with a message saying how to run them: they never skip.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "ORTHOREGEN_TEST_POSTGRES";

    readonly ServiceProvider _services;
    readonly string? _sqliteFile;
    readonly string? _pgName;

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    public FakeClock Clock { get; }

    TestDatabase(DatabaseProvider provider, string connectionString, string? sqliteFile, string? pgName, FakeClock clock)
    {
        (Provider, ConnectionString, _sqliteFile, _pgName, Clock) = (provider, connectionString, sqliteFile, pgName, clock);
        _services = BuildServices(provider, connectionString, clock);
    }

    /// <summary>
    /// Core's services over a database, as the hosts register them, with <paramref name="clock"/> as "now" (password
    /// hashing and Data Protection included: UserStore needs the secret protection of two-factor sign-in).
    /// </summary>
    public static ServiceProvider BuildServices(DatabaseProvider provider, string connectionString, TimeProvider clock)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(Settings(provider, connectionString)).Build();
        var services = new ServiceCollection();
        services.AddOrthoRegen(config);
        services.AddSingleton(clock);
        services.AddSingleton<IPasswordHashing, IdentityPasswordHashing>();
        services.AddOrthoRegenDataProtection();
        return services.BuildServiceProvider();
    }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public Database Database => Get<Database>();

    /// <summary>A staff actor with <paramref name="role"/> at the bootstrap site (MAIN).</summary>
    public async Task<Actor> StaffAtMainSiteAsync(string role = Roles.Physician, string username = "dr.lee")
    {
        var site = (await Get<SiteStore>().ListAsync(CancellationToken.None)).Single(s => s.Code == "MAIN");
        return new Actor("u-" + username, username, [role], false, [site.Id], "127.0.0.1");
    }

    /// <summary>Registers a patient as <paramref name="actor"/>; fails the test if registration is refused.</summary>
    public async Task<PatientView> RegisterPatientAsync(Actor actor, string family = "Kim", string given = "Minji", string? recordNumber = null)
    {
        var outcome = await Get<PatientStore>().RegisterAsync(actor, new RegisterPatient
        {
            FamilyName = family, GivenName = given, BirthDate = "1960-03-02", Sex = "F", Language = "ko", RecordNumber = recordNumber,
        }, CancellationToken.None);
        return outcome is Outcome<PatientView>.Done d ? d.Value : throw new InvalidOperationException($"Registration refused: {outcome}");
    }

    public static Dictionary<string, string?> Settings(DatabaseProvider provider, string connectionString) => new()
    {
        ["Database:Provider"] = provider == DatabaseProvider.Postgres ? "postgres" : "sqlite",
        ["ConnectionStrings:Default"] = connectionString,
    };

    /// <summary>Creates, migrates and bootstraps (default site and admin) a new database.</summary>
    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, DateTimeOffset? now = null)
    {
        var clock = new FakeClock(now ?? new DateTimeOffset(2026, 6, 15, 9, 0, 0, TimeSpan.Zero));
        var (cs, file, pg) = await NewConnectionStringAsync(provider);
        var db = new TestDatabase(provider, cs, file, pg, clock);
        await MigrateAndBootstrapAsync(db.Get<MigrationRunner>(), db.Get<UserStore>(), clock);
        return db;
    }

    /// <summary>Applies every migration and bootstraps the default site and the admin (one-time password <see cref="OrthoRegenServer.AdminInitialPassword"/>).</summary>
    public static async Task MigrateAndBootstrapAsync(MigrationRunner migrations, UserStore users, TimeProvider clock)
    {
        await migrations.MigrateAsync(clock, CancellationToken.None);
        await users.BootstrapAsync(OrthoRegenServer.AdminInitialPassword, CancellationToken.None);
    }

    /// <summary>A connection string to a new empty database (not migrated).</summary>
    public static async Task<(string ConnectionString, string? SqliteFile, string? PostgresName)> NewConnectionStringAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"orthoregen-test-{Guid.NewGuid():N}.db");
            return ($"Data Source={file}", file, null);
        }
        var admin = PostgresAdmin();
        var name = $"ortho_test_{Guid.NewGuid():N}";
        await using (var c = new NpgsqlConnection(admin))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", c);
            await cmd.ExecuteNonQueryAsync();
        }
        return (PostgresConnectionString(name), null, name);
    }

    /// <summary>A connection string to database <paramref name="name"/> on the test server.</summary>
    public static string PostgresConnectionString(string name) =>
        new NpgsqlConnectionStringBuilder(PostgresAdmin()) { Database = name, MaxPoolSize = 20 }.ConnectionString;

    public static string PostgresAdmin() =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } s
            ? s
            : throw new InvalidOperationException(
                $"PostgreSQL tests need {PostgresVariable} (a connection string to a server where the user may CREATE DATABASE). Run ./test.sh, which starts a throwaway server and sets it.");

    public static async Task DropAsync(string? sqliteFile, string? pgName)
    {
        NpgsqlConnection.ClearAllPools();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (sqliteFile is not null)
            foreach (var f in new[] { sqliteFile, sqliteFile + "-wal", sqliteFile + "-shm" }) if (File.Exists(f)) File.Delete(f);
        if (pgName is not null)
        {
            await using var c = new NpgsqlConnection(PostgresAdmin());
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {pgName} WITH (FORCE)", c);
            await cmd.ExecuteNonQueryAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await DropAsync(_sqliteFile, _pgName);
    }
}

/// <summary>A clock that stands still until told to move.</summary>
public sealed class FakeClock(DateTimeOffset now) : TimeProvider
{
    DateTimeOffset _now = now;
    public override DateTimeOffset GetUtcNow() => _now;
    public void Advance(TimeSpan by) => _now += by;
}
