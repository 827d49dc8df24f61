using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace OrthoRegen.Data;

/// <summary>
/// Opens connections to the configured engine. SQLite connections get WAL, foreign keys and a busy timeout;
/// PostgreSQL connections come from one pooled <see cref="NpgsqlDataSource"/>.
/// </summary>
public sealed class Database : IDisposable
{
    readonly NpgsqlDataSource? _postgres;
    readonly string _sqlite = "";

    public DatabaseProvider Provider { get; }

    public Database(DatabaseOptions options)
    {
        TypeHandlers.Register();
        Provider = options.Provider;
        if (Provider == DatabaseProvider.Postgres)
        {
            _postgres = NpgsqlDataSource.Create(options.ConnectionString);
        }
        else
        {
            SQLitePCL.Batteries_V2.Init();
            var builder = new SqliteConnectionStringBuilder(options.ConnectionString);
            var dir = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(dir) && builder.DataSource != ":memory:") Directory.CreateDirectory(dir);
            builder.ForeignKeys = true;
            builder.Pooling = true;
            _sqlite = builder.ToString();
            using var c = new SqliteConnection(_sqlite);
            c.Open();
            Execute(c, "PRAGMA journal_mode=WAL;");
        }
    }

    public bool IsPostgres => Provider == DatabaseProvider.Postgres;

    /// <summary>Opens a connection; dispose it when done.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        if (_postgres is not null) return await _postgres.OpenConnectionAsync(ct);
        var c = new SqliteConnection(_sqlite);
        await c.OpenAsync(ct);
        Execute(c, "PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;");
        return c;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction and commits it; any exception rolls everything back.
    /// On SQLite the transaction begins IMMEDIATE, so writers queue instead of failing on lock upgrade.
    /// </summary>
    public async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var tx = connection is SqliteConnection s
            ? s.BeginTransaction(IsolationLevel.Serializable, deferred: false)
            : await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);
        var result = await work(connection, tx);
        await tx.CommitAsync(ct);
        return result;
    }

    static void Execute(DbConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public void Dispose() => _postgres?.Dispose();
}
