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
    readonly string _sqlitePragmas = "";
    readonly string _sqliteUnpooled = "";

    public DatabaseProvider Provider { get; }

    public Database(DatabaseOptions options)
    {
        TypeHandlers.Register();
        Provider = options.Provider;
        _group = options.GroupCommit;
        if (Provider == DatabaseProvider.Postgres)
        {
            _postgres = NpgsqlDataSource.Create(options.ConnectionString);
            if (_group.Enabled) _writer = new SemaphoreSlim(1, 1);
        }
        else
        {
            SQLitePCL.Batteries_V2.Init();
            var builder = new SqliteConnectionStringBuilder(options.ConnectionString);
            var dir = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(dir) && builder.DataSource != ":memory:") Directory.CreateDirectory(dir);
            // foreign_keys=ON is one of the pragmas run once per native connection (OpenOwnAsync); the connection string's
            // ForeignKeys option would send it again on every open of a pooled connection (8 of a chart page's 37 statements).
            builder.Pooling = true;
            _sqlite = builder.ToString();
            _sqliteUnpooled = new SqliteConnectionStringBuilder(_sqlite) { Pooling = false }.ToString();
            _sqlitePragmas = $"{SqliteConnectionPragmas} PRAGMA wal_autocheckpoint={options.SqliteWalAutocheckpointPages.ToString(System.Globalization.CultureInfo.InvariantCulture)};";
            _writer = new SemaphoreSlim(1, 1);
            _walPages = options.SqliteWalAutocheckpointPages;
            _backgroundCheckpoints = options.SqliteBackgroundCheckpoints;
            using var c = new SqliteConnection(_sqlite);
            c.Open();
            using var mode = c.CreateCommand();
            mode.CommandText = "PRAGMA journal_mode=WAL;";
            // An in-memory database has no log to copy.
            _backgroundCheckpoints &= mode.ExecuteScalar() is string journal && journal.Equals("wal", StringComparison.OrdinalIgnoreCase);
        }
    }

    public bool IsPostgres => Provider == DatabaseProvider.Postgres;

    /// <summary>Groups committed and writes they held since start (group commit only): the bench and tests read them.</summary>
    public (long Groups, long Writes) GroupCommitCounts => (Interlocked.Read(ref _groupsCommitted), Interlocked.Read(ref _writesCommitted));

    /// <summary>Writers of this process waiting for their turn right now.</summary>
    public int QueuedWriters => Volatile.Read(ref _queued);

    /// <summary>Opens a connection; dispose it when done. Inside <see cref="InUnitOfWorkAsync{T}"/> it is the unit's own
    /// connection (disposing it does nothing), so reads see the unit's uncommitted writes.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        if (_unit.Value is { } unit) return new SharedConnection(unit.Connection, unit.Transaction);
        if (_reading.Value is { } reading) return new SharedConnection(reading, null);
        return await OpenOwnAsync(ct);
    }

    /// <summary>
    /// Runs <paramref name="reads"/> (a page's sequential reads through several stores) on one connection: every
    /// <see cref="OpenAsync"/> inside it lends that connection instead of opening one per store. Writes inside it still
    /// take their own transaction. Reads must not run in parallel inside it. Inside a unit of work it is the unit's.
    /// </summary>
    public async Task<T> ReadingAsync<T>(Func<Task<T>> reads, CancellationToken ct)
    {
        if (_unit.Value is not null || _reading.Value is not null) return await reads();
        await using var connection = await OpenOwnAsync(ct);
        _reading.Value = connection;
        try
        {
            return await reads();
        }
        finally
        {
            _reading.Value = null;
        }
    }

    readonly AsyncLocal<DbConnection?> _reading = new();

    async Task<DbConnection> OpenOwnAsync(CancellationToken ct)
    {
        if (_postgres is not null) return await _postgres.OpenConnectionAsync(ct);
        var c = new SqliteAtConnection(_sqlite);
        await c.OpenAsync(ct);
        // The pragmas stay set on the native connection, which the pool reuses: run them once per native connection.
        if (_prepared.TryAdd(c.Handle!, _prepared)) Execute(c, _sqlitePragmas);
        return c;
    }

    readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> _prepared = new();

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction and commits it; any exception rolls its work back.
    /// On SQLite the transaction begins IMMEDIATE, so writers queue instead of failing on lock upgrade. With group commit
    /// (the default) the transaction may be shared with writes that queued at the same time, each in its own savepoint:
    /// an exception rolls back this write only, and the call returns only after the COMMIT that holds its work.
    /// </summary>
    public async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct)
    {
        // Inside a unit of work the store's transaction is the unit's: it commits (or rolls back) with the unit.
        if (_unit.Value is { } unit) return await work(unit.Connection, unit.Transaction);
        if (_group.Enabled) return await InGroupAsync(async u => (true, await work(u.Connection, u.Transaction)), ct);
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
    /// (Without group commit only; with it see <see cref="InGroupAsync{T}"/>.)
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
    /// <summary>Run on every SQLite connection opened (with the checkpoint size of the options); the busy timeout is the same one the writer queue waits at most.</summary>
    static readonly string SqliteConnectionPragmas =
        $"PRAGMA busy_timeout={(int)SqliteBusyTimeout.TotalMilliseconds}; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;";

    /// <summary>
    /// Runs <paramref name="work"/>, which may call several stores, as one transaction on one connection: every
    /// <see cref="InTransactionAsync{T}"/> and <see cref="OpenAsync"/> inside it joins the unit. It commits when
    /// <paramref name="work"/> returns <c>(true, …)</c> and rolls everything back when it returns <c>(false, …)</c> or throws,
    /// so an import can refuse a whole record after a store accepted part of it. Units do not nest. With group commit the
    /// unit is one savepoint of a group transaction and "rolls back" means back to its savepoint.
    /// </summary>
    public async Task<T> InUnitOfWorkAsync<T>(Func<Task<(bool Commit, T Result)>> work, CancellationToken ct)
    {
        if (_unit.Value is not null) throw new InvalidOperationException("Units of work do not nest.");
        if (_group.Enabled) return await InGroupAsync(_ => work(), ct);
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

    // ---- Group commit ------------------------------------------------------------------------------------------------
    //
    // Every write of the process takes the turn (the semaphore), in arrival order, and runs in the open group
    // transaction (opening one if there is none) inside a savepoint of its own, with the group's connection as its unit
    // (so a store it calls, and the audit trail, join it). Then, still holding the turn, it decides: if another writer is
    // queued and the group is below its size and age bounds, it leaves the group open for that writer; otherwise it
    // commits the group. Either way it releases the turn and waits for the group's outcome: the COMMIT that holds its
    // work, or the failure of that COMMIT. The turn is waited for without cancellation and without a timeout, so a
    // writer counted as queued always comes and closes a group left open for it. On PostgreSQL the group takes the
    // audit chain's lock when it opens, before any row lock, so groups of two nodes cannot deadlock on each other.

    readonly GroupCommitOptions _group;
    WriteGroup? _open;
    int _queued;
    long _groupsCommitted, _writesCommitted;

    async Task<T> InGroupAsync<T>(Func<Unit, Task<(bool Commit, T Result)>> work, CancellationToken ct)
    {
        Interlocked.Increment(ref _queued);
        try
        {
            await _writer!.WaitAsync(CancellationToken.None);
        }
        finally
        {
            Interlocked.Decrement(ref _queued);
        }
        WriteGroup group;
        try
        {
            group = _open ??= await OpenGroupAsync();
        }
        catch
        {
            _writer.Release();
            throw;
        }
        Exception? failure = null;
        T result = default!;
        var savepoint = group.NextSavepoint();
        var chainEnd = group.ChainEnd;
        try
        {
            await group.Transaction.SaveAsync(savepoint, CancellationToken.None);
            _unit.Value = group.Unit;
            ct.ThrowIfCancellationRequested();
            (var commit, result) = await work(group.Unit);
            if (commit)
            {
                await group.Transaction.ReleaseAsync(savepoint, CancellationToken.None);
                group.Writes++;
            }
            else
            {
                await group.RollbackToAsync(savepoint);
                group.ChainEnd = chainEnd;
            }
        }
        catch (Exception ex)
        {
            failure = ex;
            group.ChainEnd = chainEnd;
            try
            {
                await group.RollbackToAsync(savepoint);
            }
            catch (Exception rollback)
            {
                // The engine ended the transaction itself (an I/O error, a full disk) or the connection broke: the writes
                // before this one in the group are gone too, so the group fails as a whole.
                group.Broken ??= rollback;
            }
        }
        finally
        {
            _unit.Value = null;
        }
        try
        {
            if (group.Broken is not null || Volatile.Read(ref _queued) == 0 || group.Size >= _group.MaxSize
                || group.Age >= _group.MaxWait)
            {
                _open = null;
                await CompleteAsync(group);
            }
        }
        finally
        {
            _writer.Release();
        }
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        await group.Committed.Task;
        return result;
    }

    async Task<WriteGroup> OpenGroupAsync()
    {
        var connection = await GroupConnectionAsync();
        try
        {
            var tx = await BeginAsync(connection, CancellationToken.None);
            if (_postgres is not null)
            {
                await using var lockChain = connection.CreateCommand();
                lockChain.Transaction = tx;
                lockChain.CommandText = $"SELECT pg_advisory_xact_lock({AuditChainLockKey})";
                await lockChain.ExecuteNonQueryAsync();
            }
            return new WriteGroup(connection, tx);
        }
        catch
        {
            await DisposeGroupConnectionAsync(connection);
            throw;
        }
    }

    /// <summary>
    /// SQLite: every group runs on one connection, kept open between groups. SQLite empties a connection's page cache
    /// when another connection has written since its last transaction; the groups are the only writers of the process,
    /// so on their own connection the pages the inserts walk (the indexes' upper levels, the tables' last leaves) stay
    /// cached from one group to the next instead of being read again through the file system (bench/README.md, "Round
    /// 18"). A group that fails closes it; the next opens a new one. PostgreSQL: a pooled connection per group.
    /// </summary>
    async Task<DbConnection> GroupConnectionAsync()
    {
        if (_postgres is not null) return await OpenOwnAsync(CancellationToken.None);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_groupConnection is null)
        {
            var connection = await OpenUnpooledAsync();
            Execute(connection, $"PRAGMA cache_size=-{GroupCacheKib.ToString(System.Globalization.CultureInfo.InvariantCulture)};");
            if (_backgroundCheckpoints)
            {
                // The groups are the process's writers: their commits leave the log to the checkpointer.
                _checkpointer ??= new SqliteCheckpointer(await OpenUnpooledAsync(), _walPages, TakeWritersTurnAsync);
                Execute(connection, "PRAGMA wal_autocheckpoint=0;");
            }
            _groupConnection = connection;
        }
        return _groupConnection;
    }

    /// <summary>A SQLite connection of its own, not from the pool: the group connection and the checkpointer's carry
    /// pragmas of their own (page cache, no automatic checkpoints) that must not reach a pooled reader; closed, they are
    /// gone.</summary>
    async Task<SqliteConnection> OpenUnpooledAsync()
    {
        var c = new SqliteAtConnection(_sqliteUnpooled);
        await c.OpenAsync(CancellationToken.None);
        Execute(c, _sqlitePragmas);
        return c;
    }

    /// <summary>The writers' turn for the checkpointer's short second step (see <see cref="SqliteCheckpointer"/>).</summary>
    async Task<IDisposable> TakeWritersTurnAsync()
    {
        await _writer!.WaitAsync(CancellationToken.None);
        try
        {
            // A group left open for a queued writer began before the checkpoint's last step: committed now, so the
            // next write begins with the whole log copied and restarts it.
            if (_open is { } group)
            {
                _open = null;
                await CompleteAsync(group);
            }
        }
        catch
        {
            _writer.Release();
            throw;
        }
        return new WriterTurn(this);
    }

    readonly bool _backgroundCheckpoints;
    readonly int _walPages;
    SqliteCheckpointer? _checkpointer;

    /// <summary>SQLite with background checkpoints: what the checkpointer has done (bench, tests); zeros otherwise.</summary>
    public CheckpointCounts CheckpointCounts => _checkpointer?.Counts ?? default;

    /// <summary>The checkpointer's last failure, if any (tests); it tries again at its next look.</summary>
    public Exception? CheckpointFailure => _checkpointer?.LastFailure;

    /// <summary>The group connection's page cache: 64 MB (SQLite's default is 2 MB per connection).</summary>
    const int GroupCacheKib = 64 * 1024;

    DbConnection? _groupConnection;

    /// <summary>Returns a group's connection after its group: a pooled one (PostgreSQL) goes back to the pool, the kept
    /// SQLite one stays open unless <paramref name="failed"/>.</summary>
    async Task DisposeGroupConnectionAsync(DbConnection connection, bool failed = true)
    {
        if (ReferenceEquals(connection, _groupConnection))
        {
            if (!failed) return;
            _groupConnection = null;
        }
        await connection.DisposeAsync();
    }

    /// <summary>Commits the group (or rolls it back when broken) and tells every member how it went.</summary>
    async Task CompleteAsync(WriteGroup group)
    {
        var failed = true;
        try
        {
            if (group.Broken is not null) throw new InvalidOperationException("A write of this group could not be rolled back alone; the group was rolled back.", group.Broken);
            await group.Transaction.CommitAsync(CancellationToken.None);
            Interlocked.Increment(ref _groupsCommitted);
            Interlocked.Add(ref _writesCommitted, group.Writes);
            failed = false;
            _checkpointer?.Committed();
            group.Committed.SetResult();
        }
        catch (Exception ex)
        {
            group.Committed.SetException(ex);
        }
        finally
        {
            try
            {
                await group.Transaction.DisposeAsync();
            }
            catch (DbException)
            {
                // Rolling back a transaction whose connection broke: the server or file has already dropped it.
            }
            await DisposeGroupConnectionAsync(group.Connection, failed);
        }
    }

    /// <summary>The audit chain's writer lock on PostgreSQL (see <see cref="Audit.AuditTrail"/>): "AUDITCHN".</summary>
    internal const long AuditChainLockKey = 0x415544495443484E;

    sealed class WriteGroup
    {
        public WriteGroup(DbConnection connection, DbTransaction transaction)
        {
            (Connection, Transaction) = (connection, transaction);
            Unit = new(connection, transaction, this);
        }


        readonly long _opened = System.Diagnostics.Stopwatch.GetTimestamp();
        public DbConnection Connection { get; }
        public DbTransaction Transaction { get; }
        public Unit Unit { get; }
        /// <summary>The hash of the audit chain's last row as this group's transaction sees it, once an append of the
        /// group read or wrote it; null when unknown (read it from the table). Reset to its value at a member's
        /// savepoint when the member rolls back.</summary>
        public string? ChainEnd { get; set; }
        /// <summary>Completed after the COMMIT (or with its failure); members wait on it without holding the turn.</summary>
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Size { get; private set; }
        public int Writes { get; set; }
        public Exception? Broken { get; set; }
        public TimeSpan Age => System.Diagnostics.Stopwatch.GetElapsedTime(_opened);

        public string NextSavepoint() => "w" + (++Size).ToString(System.Globalization.CultureInfo.InvariantCulture);

        public async Task RollbackToAsync(string savepoint)
        {
            await Transaction.RollbackAsync(savepoint, CancellationToken.None);
            await Transaction.ReleaseAsync(savepoint, CancellationToken.None);
        }
    }

    static async Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken ct) => connection is SqliteConnection s
        ? s.BeginTransaction(IsolationLevel.Serializable, deferred: false)
        : await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);

    readonly AsyncLocal<Unit?> _unit = new();

    sealed record Unit(DbConnection Connection, DbTransaction Transaction, WriteGroup? Group = null);

    /// <summary>
    /// The audit chain's end as the write group of <paramref name="tx"/> knows it (null when <paramref name="tx"/> is not a
    /// group's, or the group has not read it yet). The group holds the chain's writer lock (PostgreSQL's advisory lock
    /// taken when it opened; SQLite's write lock) for its whole transaction, so no one else appends while it is open, and
    /// its members append in turn: an append in the group need not take the lock and read the last row again.
    /// </summary>
    internal string? GroupChainEnd(DbTransaction tx) => GroupOf(tx)?.ChainEnd;

    /// <summary>Records the chain's new end for the rest of the group (null: unknown, read it again).</summary>
    internal void SetGroupChainEnd(DbTransaction tx, string? hash)
    {
        if (GroupOf(tx) is { } group) group.ChainEnd = hash;
    }

    WriteGroup? GroupOf(DbTransaction tx) => _unit.Value?.Group is { } g && ReferenceEquals(g.Transaction, tx) ? g : null;

    /// <summary>The unit's (or a read scope's) connection lent to a store: commands carry the unit's transaction; close and
    /// dispose do nothing.</summary>
    sealed class SharedConnection(DbConnection inner, DbTransaction? tx) : DbConnection
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

    bool _disposed;

    public void Dispose()
    {
        _disposed = true;
        _checkpointer?.Dispose();
        _groupConnection?.Dispose();
        _postgres?.Dispose();
    }
}
