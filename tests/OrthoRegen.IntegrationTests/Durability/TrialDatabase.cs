using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Durability;

/// <summary>
/// One crash trial's database: a new empty one, or a copy of a prepared template (SQLite: a file copy of the
/// checkpointed template; PostgreSQL: <c>CREATE DATABASE … TEMPLATE …</c>), so every trial starts from the same state
/// cheaply. Core's services are opened on demand ("the restart") and closed before the database is dropped.
/// </summary>
public sealed class TrialDatabase : IAsyncDisposable
{
    ServiceProvider? _services;
    readonly string? _sqliteFile;
    readonly string? _pgName;

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    TrialDatabase(DatabaseProvider provider, string connectionString, string? sqliteFile, string? pgName) =>
        (Provider, ConnectionString, _sqliteFile, _pgName) = (provider, connectionString, sqliteFile, pgName);

    public static async Task<TrialDatabase> EmptyAsync(DatabaseProvider provider)
    {
        var (cs, file, pg) = await TestDatabase.NewConnectionStringAsync(provider);
        return new TrialDatabase(provider, cs, file, pg);
    }

    /// <summary>A migrated, bootstrapped database (default site and admin), like <see cref="TestDatabase.CreateAsync"/>.</summary>
    public static async Task<TrialDatabase> MigratedAsync(DatabaseProvider provider)
    {
        var db = await EmptyAsync(provider);
        await TestDatabase.MigrateAndBootstrapAsync(db.Get<MigrationRunner>(), db.Get<UserStore>(), TimeProvider.System);
        return db;
    }

    /// <summary>A new database holding exactly what <paramref name="template"/> holds (its services are closed first).</summary>
    public static async Task<TrialDatabase> CopyOfAsync(TrialDatabase template)
    {
        await template.CloseAsync();
        if (template.Provider == DatabaseProvider.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"orthoregen-crash-{Guid.NewGuid():N}.db");
            File.Copy(template._sqliteFile!, file);
            return new TrialDatabase(template.Provider, $"Data Source={file}", file, null);
        }
        var name = $"ortho_crash_{Guid.NewGuid():N}";
        NpgsqlConnection.ClearAllPools();
        await using (var c = new NpgsqlConnection(TestDatabase.PostgresAdmin()))
        {
            await c.OpenAsync();
            // The template's last connections close asynchronously; CREATE DATABASE refuses while any is open.
            for (var attempt = 0; ; attempt++)
            {
                try { await c.ExecuteAsync($"CREATE DATABASE {name} TEMPLATE {template._pgName}"); break; }
                catch (PostgresException e) when (e.SqlState == "55006" && attempt < 50) { await Task.Delay(100); }
            }
        }
        return new TrialDatabase(template.Provider, TestDatabase.PostgresConnectionString(name), null, name);
    }

    public T Get<T>() where T : notnull =>
        (_services ??= TestDatabase.BuildServices(Provider, ConnectionString, TimeProvider.System)).GetRequiredService<T>();

    public Database Database => Get<Database>();

    /// <summary>Closes Core's services and every pooled connection, so a copy or a child process sees a quiet database.</summary>
    public async Task CloseAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        _services = null;
        if (Provider == DatabaseProvider.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            await using var c = new SqliteConnection(ConnectionString + ";Pooling=False");
            await c.OpenAsync();
            await c.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    public async Task<long> CountAsync(string sql, object? args = null)
    {
        await using var c = await Database.OpenAsync(default);
        return await c.ExecuteScalarAsync<long>(sql, args);
    }

    /// <summary>Row counts of every table of the schema (SQLite: sqlite_master; PostgreSQL: the public schema).</summary>
    public async Task<SortedDictionary<string, long>> TableCountsAsync()
    {
        await using var c = await Database.OpenAsync(default);
        var tables = Provider == DatabaseProvider.Sqlite
            ? await c.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            : await c.QueryAsync<string>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'");
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var t in tables) counts[t] = await c.ExecuteScalarAsync<long>($"SELECT count(*) FROM {t}");
        return counts;
    }

    /// <summary>
    /// What every trial checks after the kill, on a fresh connection (the restart): SQLite's <c>PRAGMA integrity_check</c>
    /// says ok, and the audit chain verifies end to end.
    /// </summary>
    public async Task AssertIntactAsync(string trial, bool audit = true)
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            await using var c = new SqliteConnection(ConnectionString + ";Pooling=False");
            await c.OpenAsync();
            var result = (await c.QueryAsync<string>("PRAGMA integrity_check")).ToList();
            Assert.True(result is ["ok"], $"{trial}: integrity_check: {string.Join("; ", result)}");
        }
        if (!audit) return;
        var chain = await Get<AuditTrail>().VerifyAsync(default);
        Assert.True(chain.IsIntact, $"{trial}: audit chain broken at seq {chain.FirstBrokenSeq}: {chain.Problem}");
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        await TestDatabase.DropAsync(_sqliteFile, _pgName);
    }
}
