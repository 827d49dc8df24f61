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
/// API use. Default: the aggregated path (round 15): <see cref="AnalyticsSnapshot.RefreshAsync"/> (nothing to do unless
/// something was audited since), then survival = <see cref="AnalyticsSnapshot.SurvivalTalliesAsync"/> +
/// <see cref="SurvivalAnalysis.Curves"/> (Kaplan-Meier by route, log-rank, at risk, competing risks), trajectory =
/// <see cref="AnalyticsSnapshot.TrajectoryAsync"/> (KOOS pain, without member series), responders =
/// <see cref="AnalyticsSnapshot.RespondersAsync"/> (KOOS pain MCID at M6/M12/M24; the M12 share is printed). "full" adds
/// the rest after the first result (survival: subjects and Cox from the members; trajectory: with every member's series).
/// "rows" times the previous round's path (snapshot members → row statistics), "live" the path before the snapshot
/// (live selector and observations, read-only). The only step of the page path left out is the one-row
/// <see cref="AnalysisLog"/> insert. One process runs one analysis: the first run is "cold" (fresh process, fresh
/// connection pool; the OS page cache is whatever it is), the following runs are "warm".
/// "refresh N" submits N KOOS responses for N knee members through <see cref="ResponseStore"/> (audited, as the
/// portal does) and times the refresh that brings the snapshot up to date.
/// </summary>
public sealed class CohortAnalyticsBenchmark : IBenchmark
{
    public string Name => "cohort-analytics";
    public string Description => "Cohort analytics time to first result. Args: DB survival|trajectory|responders|refresh [RUNS (refresh: N responses)=1] [AS_OF=2026-11-01] [live|rows|full]";

    public async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2) { Console.Error.WriteLine("usage: cohort-analytics DB survival|trajectory|responders [RUNS] [AS_OF]"); return 2; }
        var db = args[0];
        var analysis = args[1];
        if (analysis is not ("survival" or "trajectory" or "responders" or "refresh")) { Console.Error.WriteLine("analysis: must be survival, trajectory, responders or refresh"); return 2; }
        var mode = args.Length > 4 ? args[4] : "";
        if (mode is not ("" or "live" or "rows" or "full")) { Console.Error.WriteLine("mode: must be live, rows or full"); return 2; }
        var live = mode == "live";
        var rows = mode == "rows";
        var full = mode == "full";
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

        if (!live && !rows)
        {
            // The aggregated path (round 15): what CohortAnalytics / SurvivalRuns run for the pages and the API.
            for (var run = 1; run <= runs; run++)
            {
                var sw = Stopwatch.StartNew();
                var refreshed = await snapshot.RefreshAsync(ct);
                var refresh = sw.Elapsed.TotalSeconds;
                string summary;
                double first;
                if (analysis == "survival")
                {
                    var tallies = await snapshot.SurvivalTalliesAsync(actor, knee, SurvivalGrouping.Route, ct);
                    var read = sw.Elapsed.TotalSeconds - refresh;
                    var r = SurvivalAnalysis.Curves(tallies, SurvivalGrouping.Route);
                    first = sw.Elapsed.TotalSeconds;
                    summary = string.Create(CultureInfo.InvariantCulture,
                        $"read={read:F2}({tallies.Count} tallies)\tcompute={first - refresh - read:F2}\tn={r.N} events={r.Events} groups={r.Curves.Count} logrank_p={(r.LogRank?.P is { } p ? p.ToString("G6", CultureInfo.InvariantCulture) : "-")}");
                    if (full)
                    {
                        // What SurvivalRuns.RunAsync does for the survival page and API (subjects, Cox, everything).
                        var (subjects, allSpinal) = await snapshot.SurvivalSubjectsAsync(actor, knee, SurvivalGrouping.Route, ct);
                        var subjectsRead = sw.Elapsed.TotalSeconds - first;
                        var all = SurvivalAnalysis.Analyse(subjects, new SurvivalOptions(SurvivalGrouping.Route), allSpinal);
                        summary += string.Create(CultureInfo.InvariantCulture, $"\tfull_with_subjects_and_cox={sw.Elapsed.TotalSeconds - first:F2}(subjects_read={subjectsRead:F2} cox_used={all.Cox.Used})");
                    }
                }
                else if (analysis == "trajectory")
                {
                    var pain = koos.Scores.First(s => s.Name == "pain");
                    var (t, n) = await snapshot.TrajectoryAsync(actor, knee, "KOOS.pain", "KOOS: pain", pain.Unit, true, "KOOS", "pain", null, false, schedule, asOf, ct);
                    first = sw.Elapsed.TotalSeconds;
                    summary = $"members={n} measure={t.Measure} groups={t.Groups.Count} M12={t.Groups[0].Visits.First(v => v.Code == "M12")}";
                    if (full)
                    {
                        var (ts, _) = await snapshot.TrajectoryAsync(actor, knee, "KOOS.pain", "KOOS: pain", pain.Unit, true, "KOOS", "pain", null, true, schedule, asOf, ct);
                        summary += string.Create(CultureInfo.InvariantCulture, $"\twith_series={sw.Elapsed.TotalSeconds - first:F2}({ts.Groups.Sum(g => g.Series.Count)} series)");
                    }
                }
                else
                {
                    var r = (await snapshot.RespondersAsync(actor, knee, [ResponderSpec.Mcid(koos, "pain")], catalog, schedule, asOf, ct))[0];
                    first = sw.Elapsed.TotalSeconds;
                    var m12 = r.Visits.First(v => v.Visit == "M12");
                    summary = $"M12 responders={m12.Share.Events}/{m12.Share.N}";
                    if (full)
                    {
                        // The responders page: every MCID score present among the members (and OARSI when WOMAC is), one pass.
                        var present = await snapshot.MeasuresPresentAsync(actor, knee, ct);
                        var specs = present.SelectMany(p => catalog.Find(p.Instrument)?.Definition is { } def
                            ? def.ChangeThresholds.Where(t => t.Kind == ChangeThresholdKind.MinimalImportantChange).Select(t => t.Score).Distinct()
                                .Where(p.Scores.Contains).Select(s => ResponderSpec.Mcid(def, s)) : []).ToList();
                        if (present.Any(p => p.Instrument == "WOMAC")) specs.Add(ResponderSpec.OmeractOarsi);
                        var set = await snapshot.RespondersAsync(actor, knee, specs, catalog, schedule, asOf, ct);
                        summary += string.Create(CultureInfo.InvariantCulture, $"\tresponder_set={sw.Elapsed.TotalSeconds - first:F2}({set.Count} analyses: {string.Join(",", set.Select(a => a.Instrument + "." + a.Score))})");
                    }
                }
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{analysis}\t{(run == 1 ? "cold" : "warm")}\t{first:F2}\trefresh={refresh:F2}({refreshed.Patients})\tprocess={total.Elapsed.TotalSeconds:F2}\tpeak_ws_mb={Process.GetCurrentProcess().PeakWorkingSet64 / 1048576}\t{summary}"));
            }
            return 0;
        }

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
                $"{analysis}{(live ? "-live" : "-rows")}\t{(run == 1 ? "cold" : "warm")}\t{elapsed:F2}\trefresh={refresh:F2}({refreshed?.Patients ?? 0})\tselect={select:F2}\tload={load:F2}\tcompute={elapsed - refresh - select - load:F2}\tprocess={total.Elapsed.TotalSeconds:F2}\tpeak_ws_mb={Process.GetCurrentProcess().PeakWorkingSet64 / 1048576}\t{summary}"));
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
