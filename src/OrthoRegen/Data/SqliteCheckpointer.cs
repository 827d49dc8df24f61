using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace OrthoRegen.Data;

/// <summary>
/// Copies SQLite's write-ahead log into the database file beside the writers instead of inside a commit (SQLite
/// Database with group commit; the group connection's automatic checkpoints are off).
/// </summary>
/// <remarks>
/// Left to SQLite, the commit that takes the log past its checkpoint size copies the whole log and syncs the log and
/// the database file before it returns, and every other writer of the process waits behind it: the tail of the
/// submission latency (bench/README.md, rounds 16-18). Here a background loop looks once per <see cref="Interval"/>,
/// and when the commits since the log last started again, times the log pages per commit its last pass found, reach the
/// restart size (or that rate is not known yet):
/// <list type="number">
/// <item>runs a PASSIVE checkpoint on its own connection while the writers go on: it copies what the log holds now
/// (all but what a reader still needs) and syncs the log and the database file. This is the long part, and, syncing,
/// it is not run more often than the log fills.</item>
/// <item>when the log has reached the checkpoint size, runs further passes beside the writers (each copies what was
/// committed during the one before) until one finds fewer than 256 new pages, then takes the writers' turn for a last
/// PASSIVE checkpoint: it copies and syncs only those few pages, so it is short, and it leaves nothing uncopied, so the
/// next write starts the log again from its beginning. Without this step a log written to during every checkpoint would never
/// be restarted and would grow without bound.</item>
/// </list>
/// A checkpoint changes nothing a reader sees and is safe to stop at any point (a crash during one is recovered from
/// the log); a failed or busy one is tried again at the next tick.
/// </remarks>
internal sealed class SqliteCheckpointer : IDisposable
{
    /// <summary>How often the loop looks for committed work.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    /// <summary>Passes beside the writers after the first, at most, before the step under their turn.</summary>
    const int MorePasses = 3;
    /// <summary>New log pages after a pass that make another pass not worth it.</summary>
    const int FewPages = 256;

    readonly SqliteConnection _connection;
    readonly int _restartPages;
    readonly Func<Task<IDisposable>> _writersTurn;
    readonly CancellationTokenSource _stop = new();
    readonly Task _loop;
    int _commits;
    long _checkpoints, _restarts, _restartedPages;
    /// <summary>Commits since the log was last restarted, and the log pages per commit the last pass found (0: unknown,
    /// so the next tick runs a pass and learns it). Only the loop touches them.</summary>
    long _commitsInLog;
    double _pagesPerCommit;

    /// <param name="connection">An open connection of its own.</param>
    /// <param name="restartPages">The log size (pages) at which step 2 runs.</param>
    /// <param name="writersTurn">Takes the writers' turn; disposing the result gives it back.</param>
    public SqliteCheckpointer(SqliteConnection connection, int restartPages, Func<Task<IDisposable>> writersTurn)
    {
        (_connection, _restartPages, _writersTurn) = (connection, restartPages, writersTurn);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Called after each COMMIT of a writer: there is something to copy.</summary>
    public void Committed() => Interlocked.Increment(ref _commits);

    /// <summary>Checkpoints run beside the writers, and those that restarted the log under the writers' turn (tests, bench).</summary>
    /// <summary>Checkpoints run (passes and last steps), times the log was left to restart, and the pages the log held at
    /// those times, summed (tests, bench).</summary>
    public CheckpointCounts Counts => new(Interlocked.Read(ref _checkpoints), Interlocked.Read(ref _restarts), Interlocked.Read(ref _restartedPages));

    async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var commits = Interlocked.Exchange(ref _commits, 0);
                if (commits == 0) continue;
                _commitsInLog += commits;
                // Each pass syncs the log and the database file: no pass until the log is likely to be full.
                if (_pagesPerCommit > 0 && _commitsInLog * _pagesPerCommit < _restartPages) continue;
                try
                {
                    var log = Checkpoint();
                    _pagesPerCommit = (double)log / _commitsInLog;
                    if (log < _restartPages) continue;
                    // What was committed during the pass is copied by another, still beside the writers, until a pass
                    // finds little new: the step under the writers' turn then copies and syncs only a few pages.
                    for (var pass = 0; pass < MorePasses; pass++)
                    {
                        var before = log;
                        log = Checkpoint();
                        if (log - before < FewPages) break;
                    }
                    using (await _writersTurn())
                        log = Checkpoint();
                    Interlocked.Increment(ref _restarts);
                    Interlocked.Add(ref _restartedPages, log);
                    _commitsInLog = 0; // the next write starts the log again
                }
                catch (SqliteException)
                {
                    // Busy (another process checkpointing) or an I/O error: the log stays as it is, and the next tick
                    // tries again; writers are not affected.
                    _pagesPerCommit = 0;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    /// <summary>A PASSIVE checkpoint; returns the pages in the log.</summary>
    int Checkpoint()
    {
        Interlocked.Increment(ref _checkpoints);
        var rc = raw.sqlite3_wal_checkpoint_v2(_connection.Handle, null, raw.SQLITE_CHECKPOINT_PASSIVE, out var log, out _);
        if (rc != raw.SQLITE_OK) throw new SqliteException($"Checkpoint failed: {raw.sqlite3_errstr(rc).utf8_to_string()}", rc);
        return log;
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(30));
        }
        catch (AggregateException)
        {
            // The loop ends on cancellation; anything else it met is not the disposer's to rethrow.
        }
        _connection.Dispose();
        _stop.Dispose();
    }
}

/// <summary>What the <see cref="SqliteCheckpointer"/> has done since it started.</summary>
public readonly record struct CheckpointCounts(long Checkpoints, long Restarts, long RestartedPages);
