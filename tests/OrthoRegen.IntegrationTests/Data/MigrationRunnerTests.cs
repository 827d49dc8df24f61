using Dapper;
using OrthoRegen.Data;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Data;

public class MigrationRunnerTests
{
    [Theory, BothEngines]
    public async Task Migrate_Twice_AppliesEachScriptOnce(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var again = await db.Get<MigrationRunner>().MigrateAsync(db.Clock, default);
        Assert.Empty(again.Applied);
        Assert.Equal(MigrationRunner.Scripts(engine).Count, again.CurrentVersion);
        await using var c = await db.Database.OpenAsync(default);
        Assert.Equal(again.CurrentVersion, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
    }

    [Theory, BothEngines]
    public async Task Migrate_ConcurrentRunners_DoNotCollide(DatabaseProvider engine)
    {
        var (cs, file, pg) = await TestDatabase.NewConnectionStringAsync(engine);
        try
        {
            var runs = Enumerable.Range(0, 3).Select(async _ =>
            {
                using var database = new Database(new DatabaseOptions(engine, cs, true));
                return await new MigrationRunner(database).MigrateAsync(TimeProvider.System, default);
            });
            var reports = await Task.WhenAll(runs);
            Assert.Equal(MigrationRunner.Scripts(engine).Count, reports.Sum(r => r.Applied.Count));
        }
        finally { await TestDatabase.DropAsync(file, pg); }
    }

    [Fact]
    public async Task Sqlite_Connection_HasWalForeignKeysAndBusyTimeout()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var c = await db.Database.OpenAsync(default);
        Assert.Equal("wal", await c.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(1L, await c.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
        Assert.True(await c.ExecuteScalarAsync<long>("PRAGMA busy_timeout") >= 5000);
        Assert.Equal(DatabaseOptions.DefaultSqliteWalAutocheckpointPages, await c.ExecuteScalarAsync<long>("PRAGMA wal_autocheckpoint"));
        // A pooled native connection opened again keeps them (they are set once per native connection).
        await c.DisposeAsync();
        for (var i = 0; i < 3; i++)
        {
            await using var again = await db.Database.OpenAsync(default);
            Assert.Equal(1L, await again.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
            Assert.True(await again.ExecuteScalarAsync<long>("PRAGMA busy_timeout") >= 5000);
            Assert.Equal(DatabaseOptions.DefaultSqliteWalAutocheckpointPages, await again.ExecuteScalarAsync<long>("PRAGMA wal_autocheckpoint"));
        }
    }

    [Fact]
    public async Task Sqlite_WalAutocheckpoint_IsTheConfiguredPages()
    {
        var file = Path.Combine(Path.GetTempPath(), $"orthoregen-ckpt-{Guid.NewGuid():N}.db");
        try
        {
            using var db = new Database(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={file}", false) { SqliteWalAutocheckpointPages = 250 });
            await using (var c = await db.OpenAsync(default))
                Assert.Equal(250L, await c.ExecuteScalarAsync<long>("PRAGMA wal_autocheckpoint"));
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
        finally { foreach (var f in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(file) + "*")) File.Delete(f); }
    }
}
