using System.Data.Common;
using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;

namespace OrthoRegen.Data;

/// <summary>A forward-only schema script <c>NNNN_slice_change.sql</c> embedded in Core.</summary>
public sealed record Migration(int Version, string Name, string Sql);

/// <summary>What one run of the runner did.</summary>
public sealed record MigrationReport(IReadOnlyList<Migration> Applied, int CurrentVersion);

/// <summary>
/// Applies the embedded scripts for the configured engine in version order, each in its own transaction together with
/// its row in <c>schema_migrations</c>. Running it again applies nothing. On PostgreSQL a session advisory lock keeps
/// several nodes starting at once from racing; on SQLite the IMMEDIATE transaction does the same.
/// </summary>
public sealed partial class MigrationRunner(Database database)
{
    const long PostgresLockKey = 0x4F5254484F524547; // "ORTHOREG"

    const string CreateJournal = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version integer PRIMARY KEY,
            name text NOT NULL,
            applied_at text NOT NULL
        )
        """;

    public static IReadOnlyList<Migration> Scripts(DatabaseProvider provider)
    {
        var folder = provider == DatabaseProvider.Postgres ? "postgres" : "sqlite";
        var asm = typeof(MigrationRunner).Assembly;
        var list = new List<Migration>();
        foreach (var name in asm.GetManifestResourceNames())
        {
            var m = ScriptName().Match(name);
            if (!m.Success || m.Groups["folder"].Value != folder) continue;
            using var stream = asm.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            list.Add(new Migration(int.Parse(m.Groups["v"].Value), m.Groups["name"].Value, reader.ReadToEnd()));
        }
        return list.OrderBy(x => x.Version).ToList();
    }

    /// <summary>The migrations of this build the database has not applied (every one for an empty database); reads only.</summary>
    public async Task<IReadOnlyList<Migration>> PendingAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var journal = database.IsPostgres
            ? await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT to_regclass('schema_migrations') IS NOT NULL", cancellationToken: ct))
            : await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'", cancellationToken: ct)) > 0;
        var done = journal
            ? (await connection.QueryAsync<int>(new CommandDefinition("SELECT version FROM schema_migrations", cancellationToken: ct))).ToHashSet()
            : [];
        return Scripts(database.Provider).Where(m => !done.Contains(m.Version)).ToList();
    }

    public async Task<MigrationReport> MigrateAsync(TimeProvider clock, CancellationToken ct)
    {
        var applied = new List<Migration>();
        await using var connection = await database.OpenAsync(ct);
        if (database.IsPostgres) await connection.ExecuteAsync("SELECT pg_advisory_lock(@k)", new { k = PostgresLockKey });
        try
        {
            await connection.ExecuteAsync(CreateJournal);
            foreach (var script in Scripts(database.Provider))
            {
                await using var tx = await BeginAsync(connection, ct);
                var done = await connection.ExecuteScalarAsync<long>(
                    "SELECT count(*) FROM schema_migrations WHERE version = @v", new { v = script.Version }, tx);
                if (done > 0) { await tx.RollbackAsync(ct); continue; }
                await connection.ExecuteAsync(script.Sql, transaction: tx);
                await connection.ExecuteAsync(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @at)",
                    new { v = script.Version, n = script.Name, at = TypeHandlers.ToSqliteText(clock.GetUtcNow()) }, tx);
                await tx.CommitAsync(ct);
                applied.Add(script);
            }
            var current = await connection.ExecuteScalarAsync<long?>("SELECT max(version) FROM schema_migrations") ?? 0;
            return new MigrationReport(applied, (int)current);
        }
        finally
        {
            if (database.IsPostgres) await connection.ExecuteAsync("SELECT pg_advisory_unlock(@k)", new { k = PostgresLockKey });
        }
    }

    static async Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken ct) =>
        connection is Microsoft.Data.Sqlite.SqliteConnection s
            ? s.BeginTransaction(deferred: false)
            : await connection.BeginTransactionAsync(ct);

    [GeneratedRegex(@"^Migrations/(?<folder>sqlite|postgres)/(?<v>\d{4})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex ScriptName();
}
