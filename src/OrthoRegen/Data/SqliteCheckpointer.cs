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
/// restart size (or that rate is not known yet, or <see cref="Backstop"/> has passed since the last pass):
/// <list type="number">
/// <item>runs a PASSIVE checkpoint on its own connection while the writers go on: it copies what the log holds now
/// (all but what a reader still needs) and syncs the log and the database file. This is the long part, and, syncing,
/// it is not run more often than the log fills.</item>
/// <item>when the log has reached the checkpoint size, runs further passes beside the writers (each copies what was
/// committed during the one before) until one finds fewer than 256 new pages, then takes the writers' turn for a last
/// PASSIVE checkpoint: it copies and syncs only those few pages, so it is short, and it leaves nothing uncopied, so the
/// next write starts the log again from its beginning. A group left open for a queued writer is committed first (a
/// write that began before the step would append to the log), and a step that could not copy everything (a reader
/// still needs the log's end) is tried again at the next tick. Without this step a log written to during every checkpoint would never
/// be restarted and would grow without bound.</item>
/// </list>
/// A checkpoint changes nothing a reader sees and is safe to stop at any point (a crash during one is recovered from
/// the log); a failed or busy one is tried again at the next tick.
/// </remarks>
internal sealed class SqliteCheckpointer : IDisposable
{
    /// <summary>How often the loop looks for committed work.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest time between passes while something is committed, whatever the learned rate says.</summary>
    public static readonly TimeSpan Backstop = TimeSpan.FromSeconds(5);

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

    /// <summary>Checkpoints run (passes and last steps), times the log was left wholly copied under the writers' turn (so
    /// the next write restarts it), and the pages the log held at those times, summed (tests, bench).</summary>
    public CheckpointCounts Counts => new(Interlocked.Read(ref _checkpoints), Interlocked.Read(ref _restarts), Interlocked.Read(ref _restartedPages));

    async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        var sinceLastPass = System.Diagnostics.Stopwatch.StartNew();
        while (await NextTickAsync(timer))
        {
            var commits = Interlocked.Exchange(ref _commits, 0);
            if (commits == 0) continue;
            _commitsInLog += commits;
            // Each pass syncs the log and the database file: none until the log is likely full, but one at least every
            // Backstop, so a rate learned under another load cannot hold passes off for long.
            if (_pagesPerCommit > 0 && _commitsInLog * _pagesPerCommit < _restartPages && sinceLastPass.Elapsed < Backstop) continue;
            sinceLastPass.Restart();
            try
            {
                var (log, copied) = Checkpoint();
                _pagesPerCommit = (double)log / _commitsInLog;
                if (log < _restartPages)
                {
                    // Wholly copied (nothing was committed during the pass): SQLite restarts the log at the next write,
                    // so the commits counted so far are no longer in it.
                    if (copied == log) _commitsInLog = 0;
                    continue;
                }
                // What was committed during the pass is copied by another, still beside the writers, until a pass
                // finds little new: the step under the writers' turn then copies and syncs only a few pages.
                for (var pass = 0; pass < MorePasses; pass++)
                {
                    var before = log;
                    (log, _) = Checkpoint();
                    if (log - before < FewPages) break;
                }
                // The turn commits a group left open for a queued writer first: a write that began before the last step
                // would append to the log instead of restarting it.
                using (await _writersTurn())
                    (log, copied) = Checkpoint();
                if (copied < log) continue; // a reader still needs the log's end: tried again at the next tick
                Interlocked.Increment(ref _restarts);
                Interlocked.Add(ref _restartedPages, log);
                _commitsInLog = 0;
            }
            catch (Exception ex) when (!_stop.IsCancellationRequested)
            {
                // Busy (another process checkpointing), an I/O error or anything else: the log stays as it is and the
                // next tick tries again (the rate is learned again); writers are not affected. The loop never ends
                // before Dispose, as the group connection leaves every checkpoint to it.
                _pagesPerCommit = 0;
                _lastFailure = ex;
            }
        }
    }

    /// <summary>False once disposed.</summary>
    async Task<bool> NextTickAsync(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stop.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The last checkpoint failure, if any (tests).</summary>
    public Exception? LastFailure => _lastFailure;
    Exception? _lastFailure;

    /// <summary>A PASSIVE checkpoint; returns the pages in the log and how many of them are copied now.</summary>
    (int Log, int Copied) Checkpoint()
    {
        Interlocked.Increment(ref _checkpoints);
        var rc = raw.sqlite3_wal_checkpoint_v2(_connection.Handle, null, raw.SQLITE_CHECKPOINT_PASSIVE, out var log, out var copied);
        if (rc != raw.SQLITE_OK) throw new SqliteException($"Checkpoint failed: {raw.sqlite3_errstr(rc).utf8_to_string()}", rc);
        return (log, copied);
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
