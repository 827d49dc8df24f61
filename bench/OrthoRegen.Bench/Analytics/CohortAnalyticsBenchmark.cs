using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Accounts;
using OrthoRegen.FollowUp;
using OrthoRegen.Instruments;
using OrthoRegen.Outcomes;
using OrthoRegen.Outcomes.Snapshot;

namespace OrthoRegen.Bench.Analytics;

/// <summary>
/// Time to first result of the cohort analyses on an existing database through the Core code the outcomes pages and
/// API use: <see cref="AnalyticsSnapshot.RefreshAsync"/> (nothing to do unless something was audited since) →
/// <see cref="AnalyticsSnapshot.MembersAsync"/> → (<see cref="AnalyticsSnapshot.ScoresAsync"/>) → the analysis. The
/// only step of the page path left out is the one-row <see cref="AnalysisLog"/> insert. One process runs one analysis:
/// the first run is "cold" (fresh process, fresh connection pool; the OS page cache is whatever it is), the following
/// runs are "warm". Each phase is timed separately. "live" instead of an analysis name times the old path (the live
/// selector and observations, read-only). Analyses (whole knee-OA cohort): survival (Kaplan-Meier by route + log-rank),
/// trajectory (KOOS pain), responders (KOOS pain MCID at M6/M12/M24; the figure reported is the M12 share).
/// "refresh N" submits N KOOS responses for N knee members through <see cref="ResponseStore"/> (audited, as the
/// portal does) and times the refresh that brings the snapshot up to date.
/// </summary>
public sealed class CohortAnalyticsBenchmark : IBenchmark
{
    public string Name => "cohort-analytics";
    public string Description => "Cohort analytics time to first result. Args: DB survival|trajectory|responders|refresh [RUNS (refresh: N responses)=1] [AS_OF=2026-11-01] [live]";

    public async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2) { Console.Error.WriteLine("usage: cohort-analytics DB survival|trajectory|responders [RUNS] [AS_OF]"); return 2; }
        var db = args[0];
        var analysis = args[1];
        if (analysis is not ("survival" or "trajectory" or "responders" or "refresh")) { Console.Error.WriteLine("analysis: must be survival, trajectory, responders or refresh"); return 2; }
        var live = args.Length > 4 && args[4] == "live";
        var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
        var asOf = args.Length > 3 ? DateOnly.Parse(args[3], CultureInfo.InvariantCulture) : new DateOnly(2026, 11, 1);
        if (!File.Exists(db)) { Console.Error.WriteLine($"DB: no such file {db}"); return 2; }

        var total = Stopwatch.StartNew();
        await using var services = new ServiceCollection().AddOrthoRegen(new ConfigurationBuilder().AddInMemoryCollection(
            new Dictionary<string, string?> { ["ConnectionStrings:Default"] = $"Data Source={db}{(live ? ";Mode=ReadOnly" : "")}", ["Database:Provider"] = "sqlite" }).Build())
            .BuildServiceProvider();
        var selector = services.GetRequiredService<CohortSelector>();
        var database = services.GetRequiredService<OrthoRegen.Data.Database>();
        var catalog = services.GetRequiredService<InstrumentCatalog>();
        var schedule = services.GetRequiredService<ScheduleDefinition>();
        var actor = Actor.System("bench cohort-analytics");
        var knee = new CohortDefinition { Indications = ["KNEE_OA"] };
        var koos = catalog.Find("KOOS")!.Definition;
        var ct = CancellationToken.None;
        var snapshot = services.GetRequiredService<AnalyticsSnapshot>();
        if (analysis == "refresh") return await RefreshAsync(services, snapshot, runs, ct);

        for (var run = 1; run <= runs; run++)
        {
            var sw = Stopwatch.StartNew();
            var refreshed = live ? null : await snapshot.RefreshAsync(ct);
            var refresh = sw.Elapsed.TotalSeconds;
            var cohort = live ? null : await snapshot.MembersAsync(actor, knee, ct);
            var members = cohort?.Members ?? await selector.SelectLiveAsync(actor, knee, ct);
            var select = sw.Elapsed.TotalSeconds - refresh;
            double load = 0;
            string summary;
            if (analysis == "survival")
            {
                var r = SurvivalAnalysis.Analyse(members, new SurvivalOptions(SurvivalGrouping.Route));
                summary = $"n={r.N} events={r.Events} groups={r.Curves.Count} logrank_p={(r.LogRank?.P is { } p ? p.ToString("G6", CultureInfo.InvariantCulture) : "-")}";
            }
            else
            {
                var scores = cohort is not null ? await snapshot.ScoresAsync(cohort, "KOOS", "pain", ct)
                    : (await CohortObservations.LoadAsync(database, actor, members, ct)).Scores("KOOS", "pain");
                load = sw.Elapsed.TotalSeconds - refresh - select;
                if (analysis == "trajectory")
                {
                    var pain = koos.Scores.First(s => s.Name == "pain");
                    var t = Trajectories.Compute("KOOS.pain", "KOOS: pain", pain.Unit, true, members, scores, schedule, asOf);
                    summary = $"members={members.Count} measure={t.Measure} groups={t.Groups.Count} visits={string.Join(",", t.Groups[0].Visits.Select(v => v.ToString()))}";
                }
                else
                {
                    var r = Responders.Mcid(koos, "pain", members, scores, schedule, asOf);
                    var m12 = r.Visits.First(v => v.Visit == "M12");
                    summary = $"members={members.Count} M12 responders={m12.Share.Events}/{m12.Share.N}";
                }
            }
            var elapsed = sw.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{analysis}{(live ? "-live" : "")}\t{(run == 1 ? "cold" : "warm")}\t{elapsed:F2}\trefresh={refresh:F2}({refreshed?.Patients ?? 0})\tselect={select:F2}\tload={load:F2}\tcompute={elapsed - refresh - select - load:F2}\tprocess={total.Elapsed.TotalSeconds:F2}\tpeak_ws_mb={Process.GetCurrentProcess().PeakWorkingSet64 / 1048576}\t{summary}"));
        }
        return 0;
    }

    /// <summary>Submits <paramref name="n"/> KOOS responses (one each for the first n knee members by plan) and times the refresh.</summary>
    static async Task<int> RefreshAsync(ServiceProvider services, AnalyticsSnapshot snapshot, int n, CancellationToken ct)
    {
        var before = await snapshot.RefreshAsync(ct);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"refresh-before\t{before.Elapsed.TotalSeconds:F2}\tpatients={before.Patients}"));
        var members = (await snapshot.MembersAsync(Actor.System("bench"), new CohortDefinition { Indications = ["KNEE_OA"] }, ct)).Members
            .Where(m => m.ScheduleId is not null && m.DayZero.AddDays(365) < DateOnly.FromDateTime(DateTime.UtcNow))
            .OrderBy(m => m.PlanId, StringComparer.Ordinal).Take(n).ToList();
        var koos = services.GetRequiredService<InstrumentCatalog>().Find("KOOS")!.Definition;
        var items = koos.Items.ToDictionary(i => i.Code, _ => System.Text.Json.JsonSerializer.SerializeToElement(1));
        var store = services.GetRequiredService<ResponseStore>();
        var actor = Actor.System("bench refresh");
        var sw = Stopwatch.StartNew();
        foreach (var m in members)
        {
            var r = await store.SubmitAsync(actor, m.PatientId, new SubmitResponse
            {
                Instrument = "KOOS", Items = items, Language = "en", Mode = "CLINIC_TABLET", VisitCode = "M12", Target = m.Target,
                CompletedOn = m.DayZero.AddDays(365).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            }, ct);
            if (r is OrthoRegen.Outcome<InstrumentResponse>.Invalid bad)
            {
                Console.Error.WriteLine($"submit refused for {m.PlanId}: {string.Join("; ", bad.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}");
                return 1;
            }
        }
        var submit = sw.Elapsed.TotalSeconds;
        var after = await snapshot.RefreshAsync(ct);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"refresh\t{after.Elapsed.TotalSeconds:F2}\tpatients={after.Patients}\tfull={after.Full}\tsubmit_{members.Count}={submit:F1}s\tpeak_ws_mb={Process.GetCurrentProcess().PeakWorkingSet64 / 1048576}"));
        return 0;
    }
}
