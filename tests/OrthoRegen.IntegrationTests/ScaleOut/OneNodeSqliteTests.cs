using OrthoRegen.Data;

namespace OrthoRegen.IntegrationTests.ScaleOut;

/// <summary>One web node (a separate process) over one fresh SQLite database.</summary>
public sealed class OneNodeSqliteHost : IAsyncLifetime
{
    public ScaleOutCluster Cluster { get; private set; } = null!;
    public async Task InitializeAsync() => Cluster = await ScaleOutCluster.StartAsync(DatabaseProvider.Sqlite, nodes: 1);
    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

/// <summary>
/// The concurrency checks of the two-node cluster on SQLite with one node: 100 concurrent writers queue on the write lock
/// (BEGIN IMMEDIATE, busy timeout) instead of failing with "database is locked", and races create nothing twice.
/// </summary>
public class OneNodeSqliteTests(OneNodeSqliteHost fixture) : IClassFixture<OneNodeSqliteHost>
{
    ScaleOutCluster Cluster => fixture.Cluster;

    [Fact]
    public Task Corrections_100Clients_LoseNone() => ConcurrencyScenarios.CorrectionsLoseNoneAsync(Cluster, clients: 100, attempts: 4);

    [Fact]
    public Task BlindInserts_AllLand() => ConcurrencyScenarios.BlindInsertsAllLandAsync(Cluster, count: 100);

    [Fact]
    public Task FollowUpStart_Raced_CreatesOneSchedule() => ConcurrencyScenarios.FollowUpScheduleCreatedOnceAsync(Cluster, clients: 30);

    [Fact]
    public Task CandidacyDecision_Raced_IsRecordedOnce() => ConcurrencyScenarios.CandidacyDecisionRecordedOnceAsync(Cluster, clients: 30);

    [Fact]
    public Task LotRelease_Raced_IsDecidedOnce() => ConcurrencyScenarios.LotReleaseDecidedOnceAsync(Cluster, clients: 30);

    [Fact]
    public Task PortalAutoIssue_Raced_IssuesOneLinkPerVisit() => ConcurrencyScenarios.PortalLinkAutoIssuedOnceAsync(Cluster, runs: 20);

    [Fact]
    public Task ConsentSignature_Raced_IsRecordedOnce() => ConcurrencyScenarios.ConsentSignatureRecordedOnceAsync(Cluster, clients: 30);
}
