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
public class OneNodeSqliteTests(OneNodeSqliteHost fixture) : ClusterConcurrencyTests, IClassFixture<OneNodeSqliteHost>
{
    protected override ScaleOutCluster Cluster => fixture.Cluster;
}
