using Microsoft.Extensions.Configuration;

namespace OrthoRegen.Data;

/// <summary>The database engines OrthoRegen runs on.</summary>
public enum DatabaseProvider
{
    /// <summary>Embedded SQLite file: the single-machine default.</summary>
    Sqlite,
    /// <summary>PostgreSQL server: several stateless web nodes share one database.</summary>
    Postgres,
}

/// <summary>
/// Where the data lives. Read from standard configuration: <c>ConnectionStrings:Default</c>,
/// <c>Database:Provider</c> (<c>sqlite</c> | <c>postgres</c>), <c>Database:ApplyMigrationsAtStartup</c> and the group
/// commit of writes (<c>Database:GroupCommit</c>, <c>Database:GroupCommitMaxSize</c>, <c>Database:GroupCommitMaxWaitMs</c>),
/// and on SQLite the write-ahead log's checkpoints (<c>Database:SqliteWalAutocheckpointPages</c>,
/// <c>Database:SqliteBackgroundCheckpoints</c>).
/// </summary>
public sealed record DatabaseOptions(DatabaseProvider Provider, string ConnectionString, bool ApplyMigrationsAtStartup)
{
    /// <summary>How concurrent writes of this process share transactions (see <see cref="Database"/>).</summary>
    public GroupCommitOptions GroupCommit { get; init; } = GroupCommitOptions.Default;

    /// <summary>
    /// SQLite: the size of the write-ahead log, in pages, at which it is copied into the database file and started again
    /// (SQLite's default is 1,000; 10,000 pages is a log of about 40 MB). With <see cref="SqliteBackgroundCheckpoints"/>
    /// (the default, with group commit) the checkpointer copies the log beside the writers and restarts it once it has
    /// reached this size; otherwise it is <c>PRAGMA wal_autocheckpoint</c>, and the commit that takes the log past it does
    /// the copying while every other writer waits. With 10,000 pages such checkpoints come a tenth as often as SQLite's
    /// default and copy a page written several times once: the submission p99 at 80 % of the maximum on the
    /// 100,000-patient bench fell from 750-990 ms to 90-200 ms (bench/README.md, round 17).
    /// </summary>
    public int SqliteWalAutocheckpointPages { get; init; } = DefaultSqliteWalAutocheckpointPages;

    /// <summary>
    /// SQLite with group commit: checkpoints run on a connection of their own beside the writers (see
    /// <see cref="SqliteCheckpointer"/>) instead of inside the commit that fills the log. In 15 alternating pairs of runs
    /// at fixed rates (bench/README.md, round 18) the chart page's p99 was under 100 ms in 12 against 4 (median 51 against
    /// 129 ms); the submission's was no better (median 180 against 119 ms, both far above 50). <c>false</c> gives
    /// SQLite's own checkpoints back.
    /// </summary>
    public bool SqliteBackgroundCheckpoints { get; init; } = true;

    public const int DefaultSqliteWalAutocheckpointPages = 10_000;

    /// <summary>The embedded default: <c>data/orthoregen.db</c> relative to the working directory.</summary>
    public const string DefaultSqliteConnectionString = "Data Source=data/orthoregen.db";

    /// <summary>Reads the options; a bad provider name is a configuration error, reported by name.</summary>
    public static DatabaseOptions FromConfiguration(IConfiguration configuration)
    {
        var providerText = configuration["Database:Provider"];
        var provider = ParseProvider(providerText);
        var connection = configuration.GetConnectionString("Default");
        if (string.IsNullOrWhiteSpace(connection))
        {
            if (provider == DatabaseProvider.Postgres)
                throw new InvalidOperationException("Database:Provider is 'postgres' but ConnectionStrings:Default is empty.");
            connection = DefaultSqliteConnectionString;
        }
        var migrate = configuration.GetValue("Database:ApplyMigrationsAtStartup", true);
        var checkpointPages = configuration.GetValue("Database:SqliteWalAutocheckpointPages", DefaultSqliteWalAutocheckpointPages);
        if (checkpointPages is < 100 or > 1_000_000)
            throw new InvalidOperationException($"Database:SqliteWalAutocheckpointPages must be between 100 and 1000000, not {checkpointPages}.");
        return new DatabaseOptions(provider, connection, migrate)
        {
            SqliteBackgroundCheckpoints = configuration.GetValue("Database:SqliteBackgroundCheckpoints", true),
            GroupCommit = GroupCommitOptions.FromConfiguration(configuration),
            SqliteWalAutocheckpointPages = checkpointPages,
        };
    }

    public static DatabaseProvider ParseProvider(string? text) => (text ?? "sqlite").Trim().ToLowerInvariant() switch
    {
        "" or "sqlite" => DatabaseProvider.Sqlite,
        "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
        _ => throw new InvalidOperationException($"Database:Provider must be 'sqlite' or 'postgres', not '{text}'."),
    };
}

/// <summary>
/// Group commit: writes that queue behind each other join one transaction, each in a savepoint of its own, and one
/// COMMIT serves them all. A group closes when no writer is waiting, when it holds <see cref="MaxSize"/> writes or when it
/// has been open for <see cref="MaxWait"/>. Nobody waits on purpose: a lone write commits at once. MaxWait bounds what the
/// first write of a busy group waits for the writes after it; at 2 ms a write on the loaded 2-core bench machine often
/// took longer than that alone, so groups stayed at one write and PostgreSQL paid one WAL flush per write (bench/README.md).
/// </summary>
public sealed record GroupCommitOptions(bool Enabled, int MaxSize, TimeSpan MaxWait)
{
    public static readonly GroupCommitOptions Default = new(true, 64, TimeSpan.FromMilliseconds(20));

    /// <summary>Every write in a transaction of its own (the behaviour before group commit).</summary>
    public static readonly GroupCommitOptions Off = Default with { Enabled = false };

    /// <summary>Reads the three keys; values out of range are configuration errors, reported by name.</summary>
    public static GroupCommitOptions FromConfiguration(IConfiguration configuration)
    {
        var enabled = configuration.GetValue("Database:GroupCommit", Default.Enabled);
        var size = configuration.GetValue("Database:GroupCommitMaxSize", Default.MaxSize);
        var waitMs = configuration.GetValue("Database:GroupCommitMaxWaitMs", Default.MaxWait.TotalMilliseconds);
        if (size is < 1 or > 10_000)
            throw new InvalidOperationException($"Database:GroupCommitMaxSize must be between 1 and 10000, not {size}.");
        if (double.IsNaN(waitMs) || waitMs is < 0 or > 10_000)
            throw new InvalidOperationException($"Database:GroupCommitMaxWaitMs must be between 0 and 10000, not {waitMs}.");
        return new GroupCommitOptions(enabled, size, TimeSpan.FromMilliseconds(waitMs));
    }
}
