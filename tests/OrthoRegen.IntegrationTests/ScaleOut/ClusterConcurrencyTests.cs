namespace OrthoRegen.IntegrationTests.ScaleOut;

/// <summary>
/// The concurrency checks every cluster runs (<see cref="ConcurrencyScenarios"/>), written once: each test class over a
/// cluster (two PostgreSQL nodes, one SQLite node) inherits them and gives its <see cref="Cluster"/>. The scenarios
/// spread their clients over every node of the cluster.
/// </summary>
public abstract class ClusterConcurrencyTests
{
    protected abstract ScaleOutCluster Cluster { get; }

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
