using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using OrthoRegen.Data;
using OrthoRegen.Testing;
using Xunit.Abstractions;

namespace OrthoRegen.IntegrationTests.Data;

/// <summary>
/// SQLite with group commit: the write-ahead log is copied into the database file beside the writers
/// (<see cref="SqliteCheckpointer"/>) and restarted from its beginning once it reaches the checkpoint size, so it stays
/// bounded while writers write without pause; nothing committed is lost and the file stays sound.
/// </summary>
public class SqliteCheckpointerTests(ITestOutputHelper output)
{
    const int Writers = 4, RowBytes = 4_000; // a row of about a page
    static readonly TimeSpan Writing = TimeSpan.FromSeconds(6); // twelve of the checkpointer's intervals

    [Fact]
    public async Task Log_is_checkpointed_beside_writers_and_restarted_so_it_stays_bounded()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var file = new SqliteConnectionStringBuilder(db.ConnectionString).DataSource;
        var options = new DatabaseOptions(DatabaseProvider.Sqlite, db.ConnectionString, false) { SqliteWalAutocheckpointPages = 100 };
        long total;
        CheckpointCounts counts;
        using (var database = new Database(options))
        {
            await database.InTransactionAsync((c, tx) => c.ExecuteAsync("CREATE TABLE probe (id INTEGER PRIMARY KEY, body BLOB NOT NULL)", transaction: tx), default);
            // Writers that go on through many intervals: the log is added to while every checkpoint runs.
            var until = DateTime.UtcNow + Writing;
            var written = await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
            {
                var rows = 0;
                while (DateTime.UtcNow < until)
                {
                    await database.InTransactionAsync((c, tx) => c.ExecuteAsync("INSERT INTO probe (body) VALUES (randomblob(@Bytes))", new { Bytes = RowBytes }, tx), default);
                    rows++;
                    await Task.Delay(1);
                }
                return rows;
            })));
            total = written.Sum();
            // Give the loop time for a few more looks after the last commit.
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (database.CheckpointCounts.Restarts < 3 && DateTime.UtcNow < deadline) await Task.Delay(50);
            counts = database.CheckpointCounts;
            output.WriteLine($"{counts}");
            Assert.True(counts.Restarts >= 3, $"{counts}");
        }

        SqliteConnection.ClearAllPools();
        var walPages = new FileInfo(file + "-wal").Length / (4096 + 24); // a frame: its header and a page
        await using var check = new SqliteConnection(db.ConnectionString);
        await check.OpenAsync();
        Assert.Equal(total, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM probe"));
        Assert.Equal("ok", await check.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
        // Restarted, the log file holds about one cycle's pages; never restarted, it would hold every page of all of them.
        output.WriteLine($"{total:N0} rows; log file {walPages:N0} pages");
        Assert.True(walPages < counts.RestartedPages, $"log file {walPages:N0} pages; {counts}");
    }

    [Fact]
    public async Task Under_a_light_load_passes_go_on_and_the_log_stays_small()
    {
        // One writer, a commit every 20 ms: every pass finds nothing committed during it and copies the whole log, which
        // SQLite then restarts at the next write. The rate the checkpointer learns must survive that (a pass finding a
        // few pages after many commits must not hold the next passes off), and its readers keep SQLite's own settings.
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var file = new SqliteConnectionStringBuilder(db.ConnectionString).DataSource;
        var options = new DatabaseOptions(DatabaseProvider.Sqlite, db.ConnectionString, false) { SqliteWalAutocheckpointPages = 100 };
        using var database = new Database(options);
        await database.InTransactionAsync((c, tx) => c.ExecuteAsync("CREATE TABLE probe (id INTEGER PRIMARY KEY, body BLOB NOT NULL)", transaction: tx), default);
        // The migrations left their pages in the log file: emptied, so its size tells what this test's writes left in it.
        await using (var empty = await database.OpenAsync(default))
            await empty.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        var until = DateTime.UtcNow.AddSeconds(12);
        long maxWalPages = 0;
        while (DateTime.UtcNow < until)
        {
            await database.InTransactionAsync((c, tx) => c.ExecuteAsync("INSERT INTO probe (body) VALUES (randomblob(@Bytes))", new { Bytes = RowBytes }, tx), default);
            maxWalPages = Math.Max(maxWalPages, new FileInfo(file + "-wal").Length / (4096 + 24));
            await Task.Delay(20);
        }
        var counts = database.CheckpointCounts;
        output.WriteLine($"{counts}; log file at most {maxWalPages:N0} pages");
        Assert.Null(database.CheckpointFailure);
        Assert.True(counts.Checkpoints >= 3, $"{counts}");
        // At most 50 commits a second of about 3 pages: a pass at the latest every 5 s (and a look every 0.5 s) keeps the
        // log under some 900 pages whatever the learned rate says; a log never copied would reach some 1,800.
        Assert.True(maxWalPages < 1_000, $"log file {maxWalPages:N0} pages; {counts}");
        await using var reader = await database.OpenAsync(default);
        Assert.Equal(options.SqliteWalAutocheckpointPages, await reader.ExecuteScalarAsync<long>("PRAGMA wal_autocheckpoint"));
        Assert.Equal(-2000, await reader.ExecuteScalarAsync<long>("PRAGMA cache_size"));
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public async Task Without_group_commit_or_when_switched_off_SQLite_checkpoints_as_it_always_did(bool groupCommit, bool background)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var options = new DatabaseOptions(DatabaseProvider.Sqlite, db.ConnectionString, false)
        {
            GroupCommit = groupCommit ? GroupCommitOptions.Default : GroupCommitOptions.Off,
            SqliteBackgroundCheckpoints = background,
        };
        using var database = new Database(options);
        var autocheckpoint = await database.InTransactionAsync(async (c, tx) =>
        {
            await c.ExecuteAsync("CREATE TABLE probe (id INTEGER PRIMARY KEY)", transaction: tx);
            return await c.ExecuteScalarAsync<long>("PRAGMA wal_autocheckpoint", transaction: tx);
        }, default);
        Assert.Equal(default, database.CheckpointCounts);
        Assert.Equal(DatabaseOptions.DefaultSqliteWalAutocheckpointPages, autocheckpoint);
    }

    [Fact]
    public void The_setting_is_read_from_configuration()
    {
        static DatabaseOptions Read(string? value) => DatabaseOptions.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Database:SqliteBackgroundCheckpoints"] = value }).Build());
        Assert.True(Read(null).SqliteBackgroundCheckpoints);
        Assert.False(Read("false").SqliteBackgroundCheckpoints);
    }
}
