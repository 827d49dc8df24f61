using OrthoRegen.Data;

namespace OrthoRegen.Tests.Data;

public class MigrationConsistencyTests
{
    [Fact]
    public void Scripts_BothEngines_HaveTheSameVersionsAndNames()
    {
        var sqlite = MigrationRunner.Scripts(DatabaseProvider.Sqlite).Select(m => (m.Version, m.Name)).ToList();
        var postgres = MigrationRunner.Scripts(DatabaseProvider.Postgres).Select(m => (m.Version, m.Name)).ToList();
        Assert.NotEmpty(sqlite);
        Assert.Equal(postgres, sqlite);
    }

    [Fact]
    public void Scripts_Versions_AreConsecutiveFromOne()
    {
        var versions = MigrationRunner.Scripts(DatabaseProvider.Sqlite).Select(m => m.Version).ToList();
        Assert.Equal(Enumerable.Range(1, versions.Count), versions);
    }

    [Fact]
    public void Scripts_SqliteFolder_UsesNoPostgresOnlyTypes()
    {
        foreach (var m in MigrationRunner.Scripts(DatabaseProvider.Sqlite))
            foreach (var word in new[] { "timestamptz", "jsonb", "GENERATED ALWAYS", "double precision", " boolean " })
                Assert.DoesNotContain(word, m.Sql, StringComparison.OrdinalIgnoreCase);
    }
}
