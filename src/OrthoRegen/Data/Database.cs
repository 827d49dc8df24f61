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
            _writer = new SemaphoreSlim(1, 1);
            using var c = new SqliteConnection(_sqlite);
            c.Open();
            Execute(c, "PRAGMA journal_mode=WAL;");
        }
    }

    public bool IsPostgres => Provider == DatabaseProvider.Postgres;

    /// <summary>Opens a connection; dispose it when done. Inside <see cref="InUnitOfWorkAsync{T}"/> it is the unit's own
    /// connection (disposing it does nothing), so reads see the unit's uncommitted writes.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        if (_unit.Value is { } unit) return new SharedConnection(unit.Connection, unit.Transaction);
        return await OpenOwnAsync(ct);
    }

    async Task<DbConnection> OpenOwnAsync(CancellationToken ct)
    {
        if (_postgres is not null) return await _postgres.OpenConnectionAsync(ct);
        var c = new SqliteConnection(_sqlite);
        await c.OpenAsync(ct);
        Execute(c, SqliteConnectionPragmas);
        return c;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction and commits it; any exception rolls everything back.
    /// On SQLite the transaction begins IMMEDIATE, so writers queue instead of failing on lock upgrade.
    /// </summary>
    public async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct)
    {
        // Inside a unit of work the store's transaction is the unit's: it commits (or rolls back) with the unit.
        if (_unit.Value is { } unit) return await work(unit.Connection, unit.Transaction);
        using var turn = await WriterTurnAsync(ct);
        turn?.Enter();
        await using var connection = await OpenOwnAsync(ct);
        await using var tx = await BeginAsync(connection, ct);
        var result = await work(connection, tx);
        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>
    /// SQLite has one writer at a time. Writers of this process take turns here, in arrival order, before BEGIN IMMEDIATE:
    /// left to SQLite's busy handler they would poll for the lock with sleeps of up to 100 ms each, which under load made
    /// writes seconds slow (bench/http). Other processes (the CLI) are still kept out by the lock itself and the busy
    /// timeout. A flow that already holds the turn (a write inside a write) does not wait for itself, and no one waits
    /// longer than the busy timeout for a turn: after it the transaction goes to SQLite's lock as before.
    /// </summary>
    async Task<WriterTurn?> WriterTurnAsync(CancellationToken ct)
    {
        if (_writer is null || _holdsWriter.Value) return null;
        return await _writer.WaitAsync(SqliteBusyTimeout, ct) ? new WriterTurn(this) : null;
    }

    sealed class WriterTurn(Database database) : IDisposable
    {
        /// <summary>Marks this flow as the holder (synchronously, so the mark is in the caller's async context).</summary>
        public void Enter() => database._holdsWriter.Value = true;

        public void Dispose()
        {
            database._holdsWriter.Value = false;
            database._writer!.Release();
        }
    }

    readonly SemaphoreSlim? _writer;
    readonly AsyncLocal<bool> _holdsWriter = new();
    static readonly TimeSpan SqliteBusyTimeout = TimeSpan.FromSeconds(10);
    /// <summary>Run on every SQLite connection opened; the busy timeout is the same one the writer queue waits at most.</summary>
    static readonly string SqliteConnectionPragmas =
        $"PRAGMA busy_timeout={(int)SqliteBusyTimeout.TotalMilliseconds}; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;";

    /// <summary>
    /// Runs <paramref name="work"/>, which may call several stores, as one transaction on one connection: every
    /// <see cref="InTransactionAsync{T}"/> and <see cref="OpenAsync"/> inside it joins the unit. It commits when
    /// <paramref name="work"/> returns <c>(true, …)</c> and rolls everything back when it returns <c>(false, …)</c> or throws,
    /// so an import can refuse a whole record after a store accepted part of it. Units do not nest.
    /// </summary>
    public async Task<T> InUnitOfWorkAsync<T>(Func<Task<(bool Commit, T Result)>> work, CancellationToken ct)
    {
        if (_unit.Value is not null) throw new InvalidOperationException("Units of work do not nest.");
        using var turn = await WriterTurnAsync(ct);
        turn?.Enter();
        await using var connection = await OpenOwnAsync(ct);
        await using var tx = await BeginAsync(connection, ct);
        _unit.Value = new Unit(connection, tx);
        try
        {
            var (commit, result) = await work();
            if (commit) await tx.CommitAsync(ct);
            else await tx.RollbackAsync(ct);
            return result;
        }
        finally
        {
            _unit.Value = null;
        }
    }

    static async Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken ct) => connection is SqliteConnection s
        ? s.BeginTransaction(IsolationLevel.Serializable, deferred: false)
        : await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);

    readonly AsyncLocal<Unit?> _unit = new();

    sealed record Unit(DbConnection Connection, DbTransaction Transaction);

    /// <summary>The unit's connection lent to a store: commands carry the unit's transaction; close and dispose do nothing.</summary>
    sealed class SharedConnection(DbConnection inner, DbTransaction tx) : DbConnection
    {
        [System.Diagnostics.CodeAnalysis.AllowNull]
        public override string ConnectionString { get => inner.ConnectionString; set => throw new NotSupportedException(); }
        public override string Database => inner.Database;
        public override string DataSource => inner.DataSource;
        public override string ServerVersion => inner.ServerVersion;
        public override ConnectionState State => inner.State;
        public override void ChangeDatabase(string databaseName) => throw new NotSupportedException();
        public override void Close() { }
        public override void Open() { }
        public override Task OpenAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) =>
            throw new InvalidOperationException("A store inside a unit of work must use Database.InTransactionAsync.");
        protected override DbCommand CreateDbCommand()
        {
            var command = inner.CreateCommand();
            command.Transaction = tx;
            return command;
        }
        protected override void Dispose(bool disposing) { }
        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    static void Execute(DbConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    public void Dispose() => _postgres?.Dispose();
}
