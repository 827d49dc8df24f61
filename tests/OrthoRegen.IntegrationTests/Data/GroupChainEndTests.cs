using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Data;

/// <summary>
/// A write group keeps the audit chain's end in memory between its members' appends (no lock statement and no read of
/// the last row per append). The chain must stay linear when members append one by one, through an
/// <see cref="AuditBatch"/>, and when a member rolls back to its savepoint after appending.
/// </summary>
public class GroupChainEndTests
{
    static readonly Actor Probe = new("u-probe", "probe", [Roles.Physician], false, [], "127.0.0.1");

    [Theory, BothEngines]
    public async Task MembersAppendingSinglyInBatchesAndRollingBack_KeepTheChainIntact(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        using var database = new Database(new DatabaseOptions(db.Provider, db.ConnectionString, false)
        {
            GroupCommit = new GroupCommitOptions(true, 64, TimeSpan.FromSeconds(30)),
        });
        var audit = new AuditTrail(database, db.Clock);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task Single(string id) => audit.AppendAsync(Probe, new AuditEvent(AuditAction.Create, "chain_probe", id, null), default);

        // The first writer holds the turn until the others queue, so all of them share one group.
        var first = database.InTransactionAsync(async (c, tx) =>
        {
            inside.SetResult();
            await release.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await audit.AppendAsync(c, tx, Probe, new AuditEvent(AuditAction.Create, "chain_probe", "a", null));
            return 0;
        }, default);
        await inside.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var writes = new List<Task>
        {
            database.InTransactionAsync(async (c, tx) =>
            {
                await using var batch = await audit.BeginBatchAsync(c, tx, default);
                for (var i = 0; i < 3; i++) await batch.AppendAsync(Probe, new AuditEvent(AuditAction.Create, "chain_probe", $"batch-{i}", null), default);
                return 0;
            }, default),
        };
        await WaitQueuedAsync(database, 1);
        writes.Add(database.InTransactionAsync<int>(async (c, tx) =>
        {
            await audit.AppendAsync(c, tx, Probe, new AuditEvent(AuditAction.Create, "chain_probe", "rolled-back", null));
            throw new InvalidOperationException("refused after appending");
        }, default));
        await WaitQueuedAsync(database, 2);
        writes.Add(Single("b"));
        await WaitQueuedAsync(database, 3);
        release.SetResult();
        await first;
        await writes[0];
        await Assert.ThrowsAsync<InvalidOperationException>(() => writes[1]);
        await writes[2];
        await Single("c"); // a later group reads the chain's end from the table again

        Assert.Equal((2L, 4L), database.GroupCommitCounts); // the first four writes shared one COMMIT (three stood), "c" had its own
        await using (var c = await db.Database.OpenAsync(default))
            Assert.Equal(["a", "batch-0", "batch-1", "batch-2", "b", "c"],
                (await c.QueryAsync<string>("SELECT entity_id FROM audit_log WHERE entity = 'chain_probe' ORDER BY seq")).ToArray());
        var chain = await db.Get<AuditTrail>().VerifyAsync(default);
        Assert.True(chain.IsIntact, chain.Problem);
    }

    static async Task WaitQueuedAsync(Database database, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (database.QueuedWriters < count && DateTime.UtcNow < deadline) await Task.Delay(1);
        Assert.Equal(count, database.QueuedWriters);
    }
}
