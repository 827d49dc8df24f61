using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Data;

/// <summary>
/// Group commit (<see cref="Database"/>): writes that queue behind each other share one transaction, each in its own
/// savepoint. The first writer of each test holds its turn until the others are queued, so they land in one group.
/// </summary>
public class GroupCommitTests
{
    const int Writers = 8;
    const string Kind = "group_commit_probe";
    static readonly Actor Probe = new("u-probe", "probe", [Roles.Physician], false, [], "127.0.0.1");

    /// <summary>A second <see cref="Database"/> over the test database whose groups close only when no writer waits.</summary>
    static Database Grouping(TestDatabase db) => new(new DatabaseOptions(db.Provider, db.ConnectionString, false)
    {
        GroupCommit = new GroupCommitOptions(true, 64, TimeSpan.FromSeconds(30)),
    });

    /// <summary>Runs <paramref name="write"/> for writers 0..N-1 concurrently; writer 0 waits in its work until the rest queue.</summary>
    static async Task<Task<string>[]> RunQueuedAsync(Database database, Func<int, DbWork, Task<string>> write)
    {
        var othersQueued = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstInside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = database.InTransactionAsync(async (c, tx) =>
        {
            firstInside.SetResult();
            await othersQueued.Task.WaitAsync(TimeSpan.FromSeconds(10));
            return await write(0, new DbWork(c, tx));
        }, default);
        await firstInside.Task.WaitAsync(TimeSpan.FromSeconds(10)); // writer 0 holds the turn now
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var rest = Enumerable.Range(1, Writers - 1)
            .Select(i => database.InTransactionAsync((c, tx) => write(i, new DbWork(c, tx)), default)).ToList();
        while (database.QueuedWriters < Writers - 1 && DateTime.UtcNow < deadline) await Task.Delay(1);
        Assert.Equal(Writers - 1, database.QueuedWriters);
        othersQueued.SetResult();
        Task<string>[] all = [first, .. rest];
        try { await Task.WhenAll(all); } catch { /* each task is inspected by the test */ }
        return all;
    }

    sealed record DbWork(System.Data.Common.DbConnection C, System.Data.Common.DbTransaction Tx);

    static async Task<string> StoreProbeAsync(AuditTrail audit, DbWork w, int i)
    {
        var id = $"probe-{i}";
        await VersionedRecords.CreateAsync(w.C, w.Tx, id, Kind, null, DateTimeOffset.UnixEpoch, "probe");
        await audit.AppendAsync(w.C, w.Tx, Probe, new AuditEvent(AuditAction.Create, Kind, id, null));
        return id;
    }

    static async Task<(long Heads, long AuditRows)> CountProbesAsync(TestDatabase db)
    {
        await using var c = await db.Database.OpenAsync(default);
        return (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM record_heads WHERE kind = @Kind", new { Kind }),
            await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log WHERE entity = @Kind", new { Kind }));
    }

    [Theory, BothEngines]
    public async Task ConcurrentWrites_OneFailsAfterWriting_OnlyItsWorkIsRolledBack(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        using var database = Grouping(db);
        var audit = new AuditTrail(database, db.Clock);

        var tasks = await RunQueuedAsync(database, async (i, w) =>
        {
            var id = await StoreProbeAsync(audit, w, i);
            if (i == 3) throw new InvalidOperationException("writer 3 refuses after writing its record and audit row");
            return id;
        });

        Assert.Equal("writer 3 refuses after writing its record and audit row",
            (await Assert.ThrowsAsync<InvalidOperationException>(() => tasks[3])).Message);
        Assert.All(tasks.Where((_, i) => i != 3), t => Assert.True(t.IsCompletedSuccessfully));
        Assert.Equal((1, Writers - 1), database.GroupCommitCounts); // one COMMIT for the seven writes that stood
        Assert.Equal((Writers - 1L, Writers - 1L), await CountProbesAsync(db));
        await using (var c = await db.Database.OpenAsync(default))
            Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM record_heads WHERE id = 'probe-3'"));
        var chain = await db.Get<AuditTrail>().VerifyAsync(default);
        Assert.True(chain.IsIntact, chain.Problem);
    }

    [Theory, BothEngines]
    public async Task FailureAtCommit_FailsEveryWriteOfTheGroup_AndStoresNone(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        using var database = Grouping(db);
        var audit = new AuditTrail(database, db.Clock);
        long auditRowsBefore;
        await using (var c = await db.Database.OpenAsync(default))
            auditRowsBefore = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log");

        var tasks = await RunQueuedAsync(database, async (i, w) =>
        {
            var id = await StoreProbeAsync(audit, w, i);
            if (i == 5)
            {
                // A deferred foreign key is checked only at COMMIT: writer 5's own work succeeds, the group's COMMIT fails.
                await w.C.ExecuteAsync("CREATE TABLE group_commit_doomed (patient_id TEXT REFERENCES patients(id) DEFERRABLE INITIALLY DEFERRED)", transaction: w.Tx);
                await w.C.ExecuteAsync("INSERT INTO group_commit_doomed (patient_id) VALUES ('no-such-patient')", transaction: w.Tx);
            }
            return id;
        });

        Assert.All(tasks, t => Assert.True(t.IsFaulted, "every write of the failed group reports the failure"));
        Assert.Equal((0, 0), database.GroupCommitCounts);
        Assert.Equal((0L, 0L), await CountProbesAsync(db));
        await using (var c = await db.Database.OpenAsync(default))
            Assert.Equal(auditRowsBefore, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_log"));

        // The next write opens a fresh group and commits.
        Assert.Equal("probe-99", await database.InTransactionAsync((c, tx) => StoreProbeAsync(audit, new DbWork(c, tx), 99), default));
        Assert.Equal((1L, 1L), await CountProbesAsync(db));
        var chain = await db.Get<AuditTrail>().VerifyAsync(default);
        Assert.True(chain.IsIntact, chain.Problem);
    }

    [Theory, BothEngines]
    public async Task UnitOfWorkThatDeclines_RollsBackToItsSavepoint_OthersCommit(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        using var database = Grouping(db);
        var audit = new AuditTrail(database, db.Clock);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Writer A holds the turn; B (a unit of work that writes, then declines) and C queue behind it.
        var a = database.InTransactionAsync(async (c, tx) => { await gate.Task; return await StoreProbeAsync(audit, new DbWork(c, tx), 0); }, default);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var b = Task.Run(() => database.InUnitOfWorkAsync(async () =>
        {
            await database.InTransactionAsync((c, tx) => StoreProbeAsync(audit, new DbWork(c, tx), 1), default);
            return (false, "declined");
        }, default));
        while (database.QueuedWriters < 1 && DateTime.UtcNow < deadline) await Task.Delay(1);
        var cTask = Task.Run(() => database.InTransactionAsync((c, tx) => StoreProbeAsync(audit, new DbWork(c, tx), 2), default));
        while (database.QueuedWriters < 2 && DateTime.UtcNow < deadline) await Task.Delay(1);
        gate.SetResult();

        Assert.Equal(("probe-0", "declined", "probe-2"), (await a, await b, await cTask));
        Assert.Equal((1, 2), database.GroupCommitCounts);
        await using (var c = await db.Database.OpenAsync(default))
            Assert.Equal(["probe-0", "probe-2"], (await c.QueryAsync<string>("SELECT id FROM record_heads WHERE kind = @Kind ORDER BY id", new { Kind })).ToArray());
        Assert.True((await db.Get<AuditTrail>().VerifyAsync(default)).IsIntact);
    }
}
