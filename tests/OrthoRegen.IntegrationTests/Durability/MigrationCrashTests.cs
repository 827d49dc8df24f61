using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Dapper;
using OrthoRegen.Data;
using OrthoRegen.Testing;
using Xunit.Abstractions;

namespace OrthoRegen.IntegrationTests.Durability;

/// <summary>
/// SIGKILL during <c>orthoregen migrate</c> on a fresh database: afterwards the journal holds versions 1..k with no gap,
/// the schema is exactly the schema after script k (no half-applied script), and migrating again completes it.
/// </summary>
public class MigrationCrashTests(ITestOutputHelper output)
{
    static readonly ConcurrentDictionary<DatabaseProvider, Lazy<Task<IReadOnlyList<IReadOnlyList<string>>>>> References = new();

    /// <summary>The schema after each prefix of the scripts: [0] empty, [k] after scripts 1..k (journal excluded).</summary>
    static Task<IReadOnlyList<IReadOnlyList<string>>> ReferenceAsync(DatabaseProvider engine) =>
        References.GetOrAdd(engine, e => new Lazy<Task<IReadOnlyList<IReadOnlyList<string>>>>(async () =>
        {
            await using var db = await TrialDatabase.EmptyAsync(e);
            await using var c = await db.Database.OpenAsync(default);
            var list = new List<IReadOnlyList<string>> { await SchemaAsync(c, e) };
            foreach (var script in MigrationRunner.Scripts(e))
            {
                await using var tx = await c.BeginTransactionAsync();
                await c.ExecuteAsync(script.Sql, transaction: tx);
                await tx.CommitAsync();
                list.Add(await SchemaAsync(c, e));
            }
            return list;
        })).Value;

    /// <summary>Every table, column, index, constraint, view and trigger, as sorted lines.</summary>
    static async Task<IReadOnlyList<string>> SchemaAsync(DbConnection c, DatabaseProvider engine)
    {
        const string sqlite = """
            SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master
            WHERE name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY 1
            """;
        const string postgres = """
            SELECT x FROM (
              SELECT 'c ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS x
                FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'schema_migrations'
              UNION ALL SELECT 'i ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'schema_migrations'
              UNION ALL SELECT 'k ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
                FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> 'schema_migrations'
              UNION ALL SELECT 't ' || tgname FROM pg_trigger WHERE NOT tgisinternal
              UNION ALL SELECT 'v ' || table_name FROM information_schema.views WHERE table_schema = 'public'
              UNION ALL SELECT 's ' || sequence_name FROM information_schema.sequences WHERE sequence_schema = 'public'
            ) s ORDER BY 1
            """;
        return (await c.QueryAsync<string>(engine == DatabaseProvider.Sqlite ? sqlite : postgres)).ToList();
    }

    static async Task<IReadOnlyList<long>> JournalAsync(DbConnection c)
    {
        try { return (await c.QueryAsync<long>("SELECT version FROM schema_migrations ORDER BY version")).ToList(); }
        catch (DbException) { return []; } // killed before the journal table was created
    }

    [Theory, BothEngines]
    public async Task KilledDuringMigrate_SchemaIsAPrefixOfTheScripts_AndMigrateAgainCompletesIt(DatabaseProvider engine)
    {
        var watch = Stopwatch.StartNew();
        var reference = await ReferenceAsync(engine);
        var scripts = MigrationRunner.Scripts(engine);
        var random = CrashTrials.For("migrate", engine);
        var killed = 0;
        for (var trial = 0; trial < CrashTrials.Count; trial++)
        {
            var name = $"migrate trial {trial} (seed {CrashTrials.Seed}, {engine})";
            await using var db = await TrialDatabase.EmptyAsync(engine);
            var target = random.Next(0, scripts.Count);
            var extra = random.Next(0, 12);
            await using (var probe = await db.Database.OpenAsync(default))
            await using (var child = ChildProcess.StartCli(engine, db.ConnectionString, null, "migrate"))
            {
                if (await CrashTrials.KillWhenAsync(child, () => probe.ExecuteScalarAsync<long>("SELECT count(*) FROM schema_migrations"), target, extra, TimeSpan.FromSeconds(60)))
                    killed++;
                else Assert.True(await child.WaitAsync(TimeSpan.FromSeconds(30)) == 0, $"{name}: {child.Output}");
            }
            await db.CloseAsync();

            await using (var c = await db.Database.OpenAsync(default))
            {
                var journal = await JournalAsync(c);
                Assert.True(journal.SequenceEqual(scripts.Take(journal.Count).Select(s => (long)s.Version)), $"{name}: journal {string.Join(",", journal)} is not a prefix of the scripts");
                Assert.True(reference[journal.Count].SequenceEqual(await SchemaAsync(c, engine)),
                    $"{name}: the schema is not the schema after script {journal.Count} (a script was half applied or applied without its journal row)");
            }
            if (engine == DatabaseProvider.Sqlite) await db.AssertIntactAsync(name, audit: false);

            var again = await db.Get<MigrationRunner>().MigrateAsync(TimeProvider.System, default);
            Assert.Equal(scripts[^1].Version, again.CurrentVersion);
            await using (var c = await db.Database.OpenAsync(default))
            {
                Assert.Equal(scripts.Select(s => (long)s.Version), await JournalAsync(c));
                Assert.True(reference[^1].SequenceEqual(await SchemaAsync(c, engine)), $"{name}: the schema after migrating again differs");
            }
            await db.AssertIntactAsync(name);
        }
        CrashTrials.Report(output, "migrate", engine, CrashTrials.Count, killed, watch.Elapsed);
        Assert.True(killed >= CrashTrials.Count / 2, $"only {killed} of {CrashTrials.Count} kills landed during the migration");
    }
}
