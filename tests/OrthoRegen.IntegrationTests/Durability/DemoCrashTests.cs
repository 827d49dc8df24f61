using System.Diagnostics;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.Demo;
using OrthoRegen.Testing;
using Xunit.Abstractions;

namespace OrthoRegen.IntegrationTests.Durability;

/// <summary>
/// SIGKILL during <c>orthoregen demo</c>: the database then holds exactly the rows of the batches whose audit entry
/// committed (compared table by table with a clean run stopped after the same batch), and running the same command
/// again completes the cohort to exactly the rows of an uninterrupted run.
/// </summary>
public class DemoCrashTests(ITestOutputHelper output)
{
    const int Batch = 5;
    static int Patients => 40 * CrashTrials.Scale;
    const long Seed = 4242;
    const string AsOf = "2026-06-01";

    /// <summary>Tables written by the demo batches (the evidence library, the audit log and the shared record heads are checked apart).</summary>
    static SortedDictionary<string, long> DemoTables(SortedDictionary<string, long> all) =>
        new(all.Where(kv => kv.Key is not ("audit_log" or "record_heads") && !kv.Key.StartsWith("evidence_", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal);

    static string Diff(SortedDictionary<string, long> expected, SortedDictionary<string, long> actual) =>
        string.Join(", ", expected.Keys.Union(actual.Keys).Where(k => expected.GetValueOrDefault(k, -1) != actual.GetValueOrDefault(k, -1))
            .Select(k => $"{k}: expected {expected.GetValueOrDefault(k, -1)}, found {actual.GetValueOrDefault(k, -1)}"));

    sealed class SnapshotAfterBatch(TrialDatabase db, List<SortedDictionary<string, long>> snapshots) : IProgress<DemoProgress>
    {
        public void Report(DemoProgress value) => snapshots.Add(DemoTables(db.TableCountsAsync().GetAwaiter().GetResult()));
    }

    [Theory, BothEngines]
    public async Task KilledDuringDemo_OnlyWholeBatchesVisible_AndRunningAgainCompletesTheCohort(DatabaseProvider engine)
    {
        var watch = Stopwatch.StartNew();
        await using var template = await TrialDatabase.MigratedAsync(engine);
        var request = new DemoRequest(Patients, Seed, 1, AsOf, Batch);

        // The reference: a clean in-process run, with the table counts after each committed batch.
        var afterBatch = new List<SortedDictionary<string, long>>();
        SortedDictionary<string, long> complete;
        await using (var clean = await TrialDatabase.CopyOfAsync(template))
        {
            afterBatch.Add(DemoTables(await clean.TableCountsAsync()));
            var done = await clean.Get<DemoGenerator>().GenerateAsync(Actor.System("reference"), request, false, new SnapshotAfterBatch(clean, afterBatch), default);
            Assert.IsType<Outcome<DemoResult>.Done>(done);
            complete = await clean.TableCountsAsync();
        }
        var batches = afterBatch.Count - 1;
        Assert.Equal((Patients + Batch - 1) / Batch, batches);

        var random = CrashTrials.For("demo", engine);
        var killed = 0;
        for (var trial = 0; trial < CrashTrials.Count; trial++)
        {
            var name = $"demo trial {trial} (seed {CrashTrials.Seed}, {engine})";
            await using var db = await TrialDatabase.CopyOfAsync(template);
            var target = random.Next(0, Patients);
            await using (var probe = await db.Database.OpenAsync(default))
            await using (var child = ChildProcess.StartCli(engine, db.ConnectionString, null,
                "demo", "--patients", Patients.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--as-of", AsOf, "--batch", Batch.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                if (await CrashTrials.KillWhenAsync(child, () => probe.ExecuteScalarAsync<long>("SELECT count(*) FROM patients"), target, random.Next(0, 25), TimeSpan.FromSeconds(90)))
                    killed++;
                else Assert.True(await child.WaitAsync(TimeSpan.FromSeconds(60)) == 0, $"{name}: {child.Output}");
            }
            await db.CloseAsync();

            await db.AssertIntactAsync(name);
            var committed = (int)await db.CountAsync("SELECT count(*) FROM audit_log WHERE entity = @e AND action = 'CREATE'", new { e = DemoGenerator.Kind });
            Assert.InRange(committed, 0, batches);
            var now = DemoTables(await db.TableCountsAsync());
            Assert.True(now.SequenceEqual(afterBatch[committed]), $"{name}: after {committed} committed batches the tables differ from a clean run: {Diff(afterBatch[committed], now)}");

            // The restart: the same request again finishes the cohort, with exactly the rows of an uninterrupted run.
            // A kill that came after the completion (while the process was printing or exiting) leaves a finished cohort,
            // which the same request then rightly refuses as a used seed.
            var finished = await db.CountAsync("SELECT count(*) FROM demo_cohorts WHERE completed_at IS NOT NULL") == 1;
            var again = await db.Get<DemoGenerator>().GenerateAsync(Actor.System("cli demo"), request, false, null, default);
            if (finished)
                Assert.True(again is Outcome<DemoResult>.Invalid { Errors: var e } && e["seed"][0] == DemoMessages.SeedUsed, $"{name}: {again}");
            else
                Assert.True(again is Outcome<DemoResult>.Done, $"{name}: running the demo again after {committed} of {batches} batches: " +
                    (again is Outcome<DemoResult>.Invalid i ? string.Join("; ", i.Errors.Select(kv => kv.Key + ": " + string.Join(" ", kv.Value))) : again.ToString()));
            var final = await db.TableCountsAsync();
            Assert.True(final.SequenceEqual(complete), $"{name}: after running again: {Diff(complete, final)}");
            Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM demo_cohorts WHERE completed_at IS NOT NULL"));
            await db.AssertIntactAsync(name);

            if (trial == CrashTrials.Count - 1)
            {
                // The command itself on a completed cohort: refused as a used seed (exit 1), nothing written; audit verify exit 0.
                await db.CloseAsync();
                await using var rerun = ChildProcess.StartCli(engine, db.ConnectionString, null, "demo", "--patients", Patients.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "--seed", Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--as-of", AsOf, "--batch", Batch.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal(1, await rerun.WaitAsync(TimeSpan.FromSeconds(60)));
                Assert.True((await db.TableCountsAsync()).SequenceEqual(complete));
                await using var verify = ChildProcess.StartCli(engine, db.ConnectionString, null, "audit", "verify");
                Assert.True(await verify.WaitAsync(TimeSpan.FromSeconds(60)) == 0, verify.Output);
            }
        }
        CrashTrials.Report(output, "demo", engine, CrashTrials.Count, killed, watch.Elapsed);
        Assert.True(killed >= CrashTrials.Count / 2, $"only {killed} of {CrashTrials.Count} kills landed during the generation");
    }
}
