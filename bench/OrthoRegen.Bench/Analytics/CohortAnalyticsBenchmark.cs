using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Accounts;
using OrthoRegen.FollowUp;
using OrthoRegen.Instruments;
using OrthoRegen.Outcomes;

namespace OrthoRegen.Bench.Analytics;

/// <summary>
/// Time to first result of the cohort analyses on an existing database, opened read-only, through the Core code the
/// outcomes pages and API use: <see cref="CohortSelector"/> → (<see cref="CohortObservations"/>) → the analysis. The
/// only step of the page path left out is the one-row <see cref="AnalysisLog"/> insert, which a read-only database
/// cannot take. One process runs one analysis: the first run is "cold" (fresh process, fresh connection pool; the OS
/// page cache is whatever it is), the following runs are "warm". Each phase is timed separately.
/// Analyses (whole knee-OA cohort): survival (Kaplan-Meier by route + log-rank), trajectory (KOOS pain), responders
/// (KOOS pain MCID at M6/M12/M24; the figure reported is the M12 share).
/// </summary>
public sealed class CohortAnalyticsBenchmark : IBenchmark
{
    public string Name => "cohort-analytics";
    public string Description => "Cohort analytics time to first result, read-only DB. Args: DB survival|trajectory|responders [RUNS=1] [AS_OF=2026-11-01]";

    public async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2) { Console.Error.WriteLine("usage: cohort-analytics DB survival|trajectory|responders [RUNS] [AS_OF]"); return 2; }
        var db = args[0];
        var analysis = args[1];
        if (analysis is not ("survival" or "trajectory" or "responders")) { Console.Error.WriteLine("analysis: must be survival, trajectory or responders"); return 2; }
        var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
        var asOf = args.Length > 3 ? DateOnly.Parse(args[3], CultureInfo.InvariantCulture) : new DateOnly(2026, 11, 1);
        if (!File.Exists(db)) { Console.Error.WriteLine($"DB: no such file {db}"); return 2; }

        var total = Stopwatch.StartNew();
        await using var services = new ServiceCollection().AddOrthoRegen(new ConfigurationBuilder().AddInMemoryCollection(
            new Dictionary<string, string?> { ["ConnectionStrings:Default"] = $"Data Source={db};Mode=ReadOnly", ["Database:Provider"] = "sqlite" }).Build())
            .BuildServiceProvider();
        var selector = services.GetRequiredService<CohortSelector>();
        var database = services.GetRequiredService<OrthoRegen.Data.Database>();
        var catalog = services.GetRequiredService<InstrumentCatalog>();
        var schedule = services.GetRequiredService<ScheduleDefinition>();
        var actor = Actor.System("bench cohort-analytics");
        var knee = new CohortDefinition { Indications = ["KNEE_OA"] };
        var koos = catalog.Find("KOOS")!.Definition;
        var ct = CancellationToken.None;

        for (var run = 1; run <= runs; run++)
        {
            var sw = Stopwatch.StartNew();
            var members = await selector.SelectAsync(actor, knee, ct);
            var select = sw.Elapsed.TotalSeconds;
            double load = 0;
            string summary;
            if (analysis == "survival")
            {
                var r = SurvivalAnalysis.Analyse(members, new SurvivalOptions(SurvivalGrouping.Route));
                summary = $"n={r.N} events={r.Events} groups={r.Curves.Count} logrank_p={(r.LogRank?.P is { } p ? p.ToString("G6", CultureInfo.InvariantCulture) : "-")}";
            }
            else
            {
                var observations = await CohortObservations.LoadAsync(database, actor, members, ct);
                load = sw.Elapsed.TotalSeconds - select;
                if (analysis == "trajectory")
                {
                    var pain = koos.Scores.First(s => s.Name == "pain");
                    var t = Trajectories.Compute("KOOS.pain", "KOOS: pain", pain.Unit, true, members, observations.Scores("KOOS", "pain"), schedule, asOf);
                    summary = $"members={members.Count} measure={t.Measure} groups={t.Groups.Count} visits={string.Join(",", t.Groups[0].Visits.Select(v => v.ToString()))}";
                }
                else
                {
                    var r = Responders.Mcid(koos, "pain", members, observations.Scores("KOOS", "pain"), schedule, asOf);
                    var m12 = r.Visits.First(v => v.Visit == "M12");
                    summary = $"members={members.Count} M12 responders={m12.Share.Events}/{m12.Share.N}";
                }
            }
            var elapsed = sw.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{analysis}\t{(run == 1 ? "cold" : "warm")}\t{elapsed:F2}\tselect={select:F2}\tload={load:F2}\tcompute={elapsed - select - load:F2}\tprocess={total.Elapsed.TotalSeconds:F2}\tpeak_ws_mb={Process.GetCurrentProcess().PeakWorkingSet64 / 1048576}\t{summary}"));
        }
        return 0;
    }
}
