using System.Text.Json;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.Demo;
using OrthoRegen.FollowUp;
using OrthoRegen.Instruments;
using OrthoRegen.Outcomes;
using OrthoRegen.Outcomes.Snapshot;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Outcomes;

/// <summary>
/// The aggregated analyses on the snapshot (survival from counts per group and day, trajectories and responders from
/// per-visit counts and histograms) give the numbers of the row path (the live members and observations through
/// <see cref="SurvivalAnalysis.Analyse"/>, <see cref="Trajectories.Compute"/>, <see cref="Responders"/>) to 1e-12, with
/// exactly the same counts, on a generated demo cohort: every kind of cohort filter, every grouping, a researcher of one
/// site, and again after edits the refresh picks up (a response, a joint replacement, a withdrawal).
/// </summary>
public class AggregatedAnalyticsTests
{
    static readonly CohortDefinition[] Definitions =
    [
        CohortDefinition.Everyone,
        new() { Indications = ["KNEE_OA"] },
        new() { Indications = ["KNEE_OA"], KlGrades = [2, 3], Routes = ["INTRA_ARTICULAR"], AgeMin = 45, AgeMax = 75, TreatedFrom = new DateOnly(2021, 1, 1) },
        new() { Indications = ["KNEE_OA", "HIP_OA"], Adjuncts = ["PRP", CohortDefinition.NoAdjunct], BmiMin = 20, BmiMax = 31.5, Sexes = ["F"] },
        new() { Adjuncts = ["HA"], TotalCellsMinE6 = 10, TotalCellsMaxE6 = 80, InjectionsMin = 1, InjectionsMax = 2 },
        new() { CellsPerKgMinE6 = 0.2, CellsPerKgMaxE6 = 1.5, TreatedTo = new DateOnly(2024, 12, 31), DoseTiers = ["LOW", "MEDIUM"] },
        new() { Indications = ["DISC_DEGENERATION"], PfirrmannGrades = [3, 4] },
        new() { Indications = ["HIP_OA"], ArcoStages = ["ARCO_II", "ARCO_III"], Origins = ["AUTOLOGOUS"] },
    ];

    static async Task AssertSameAsync(TestDatabase db, Actor actor, string when, Action<int, int, int> seen)
    {
        var selector = db.Get<CohortSelector>();
        var snapshot = db.Get<AnalyticsSnapshot>();
        var analytics = db.Get<CohortAnalytics>();
        var catalog = db.Get<InstrumentCatalog>();
        var schedule = db.Get<ScheduleDefinition>();
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        var koos = catalog.Find("KOOS")!.Definition;
        foreach (var d in Definitions)
        {
            var label = $"{when}, {actor.Username}, {d.ToCanonicalJson()}";
            var live = await selector.SelectLiveAsync(actor, d, default);
            Assert.True(live.Count == await snapshot.CountAsync(actor, d, default), $"member count ({label})");

            foreach (var grouping in SurvivalGrouping.All)
            {
                var rows = SurvivalAnalysis.Analyse(live, new SurvivalOptions(grouping));
                var curves = SurvivalAnalysis.Curves(await snapshot.SurvivalTalliesAsync(actor, d, grouping, default), grouping);
                var maxYears = rows.Subjects.Count == 0 ? 0 : rows.Subjects.Max(s => s.Years);
                NumbersClose.Equal(new SurvivalCurves(rows.Grouping, rows.N, rows.Events, rows.Deaths, maxYears, rows.Curves, rows.AtRisk, rows.LogRank, rows.CompetingRisks),
                    curves, $"survival by {grouping} ({label})");
                if (grouping is SurvivalGrouping.Route or SurvivalGrouping.KlGrade)
                    NumbersClose.Equal(rows, await db.Get<SurvivalRuns>().RunAsync(actor, d, new SurvivalOptions(grouping), default), $"survival run by {grouping} ({label})");
                if (grouping == SurvivalGrouping.Route)
                    seen(rows.Deaths, rows.Curves.Sum(c => c.Steps.Count(s => s.NEvent + s.NCensor > 1)), rows.Events);
            }

            var observations = await CohortObservations.LoadAsync(db.Database, actor, live, default);
            foreach (var groupBy in CohortAnalytics.Groupings.Prepend(null))
                foreach (var score in new[] { "pain", "qol" })
                {
                    var s = koos.Score(score);
                    var expected = Trajectories.Compute($"KOOS.{score}", $"{koos.Title.En}: {s.Label.En}", s.Unit, true, live,
                        observations.Scores("KOOS", score), schedule, today, CohortAnalytics.Grouping(groupBy));
                    var full = Clinic.Done(await analytics.TrajectoryAsync(actor, d, new TrajectoryRequest("KOOS", score, null, groupBy), default));
                    Assert.Equal(live.Count, full.Members);
                    NumbersClose.Equal(expected, full.Result, $"KOOS {score} trajectory by {groupBy} ({label})");
                    var (plain, _) = await snapshot.TrajectoryAsync(actor, d, $"KOOS.{score}", "x", s.Unit, true, "KOOS", score, groupBy, false, schedule, today, default);
                    NumbersClose.Equal(expected.Groups.Select(g => g with { Series = [] }).ToList(), plain.Groups, $"KOOS {score} trajectory without series by {groupBy} ({label})");
                }

            var expectedResponders = new List<ResponderAnalysis>();
            foreach (var (code, scores) in observations.InstrumentsPresent())
            {
                if (catalog.Find(code)?.Definition is not { } def) continue;
                foreach (var s in def.ChangeThresholds.Where(t => t.Kind == ChangeThresholdKind.MinimalImportantChange).Select(t => t.Score).Distinct())
                    if (scores.Contains(s)) expectedResponders.Add(Responders.Mcid(def, s, live, observations.Scores(code, s), schedule, today));
            }
            if (observations.InstrumentsPresent().Any(i => i.Instrument == "WOMAC"))
                expectedResponders.Add(Responders.Oarsi(catalog, live, observations.Scores("WOMAC", "pain_100"), observations.Scores("WOMAC", "function_100"), schedule, today));
            var responders = Clinic.Done(await analytics.RespondersAsync(actor, d, default));
            Assert.Equal(live.Count, responders.Members);
            Assert.Equal(JsonSerializer.Serialize(expectedResponders), JsonSerializer.Serialize(responders.Result));
        }
    }

    [Theory, BothEngines]
    public async Task AggregatedAnalyses_EqualTheRowPath_BeforeAndAfterRefreshEdits(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var system = Actor.System("test");
        Clinic.Done(await db.Get<DemoGenerator>().GenerateAsync(system, new DemoRequest(300, 7715, 3, "2026-06-15"), false, null, default));
        string demo1;
        await using (var c = await db.Database.OpenAsync(default))
            demo1 = await c.ExecuteScalarAsync<string>("SELECT id FROM sites WHERE code = 'DEMO1'") ?? throw new InvalidOperationException("no DEMO1");
        var researcher = new Actor("u-re", "re.demo1", [Roles.Researcher], false, [demo1], null);
        var nobody = new Actor("u-no", "no.sites", [Roles.Researcher], false, [], null);
        int deaths = 0, tiedSteps = 0, events = 0;
        void Seen(int d, int t, int e) { deaths += d; tiedSteps += t; events += e; }

        await AssertSameAsync(db, system, "built", Seen);
        await AssertSameAsync(db, researcher, "built", Seen);
        Assert.Equal(0, await db.Get<AnalyticsSnapshot>().CountAsync(nobody, CohortDefinition.Everyone, default));
        Assert.Empty(await db.Get<AnalyticsSnapshot>().SurvivalTalliesAsync(nobody, CohortDefinition.Everyone, SurvivalGrouping.Route, default));

        var knee = (await db.Get<CohortSelector>().SelectLiveAsync(researcher, new CohortDefinition { Indications = ["KNEE_OA"] }, default))
            .Where(m => m.ScheduleId is not null && m.EndpointOn is null && m.FollowUpEndedOn is null).ToList();
        Assert.True(knee.Count >= 5, $"demo knees at DEMO1: {knee.Count}");
        var koos = db.Get<InstrumentCatalog>().Find("KOOS")!.Definition;
        Clinic.Done(await db.Get<ResponseStore>().SubmitAsync(system, knee[0].PatientId, new SubmitResponse
        {
            Instrument = "KOOS", Items = koos.Items.ToDictionary(i => i.Code, _ => JsonSerializer.SerializeToElement(1)), Language = "en", Mode = "CLINIC_TABLET",
            VisitCode = "M12", Target = knee[0].Target, CompletedOn = knee[0].DayZero.AddDays(372).ToString("yyyy-MM-dd"),
        }, default));
        var followUp = db.Get<FollowUpStore>();
        var replaced = (await followUp.ReadAsync(system, knee[1].PatientId, default))!.Single(x => x.Id == knee[1].ScheduleId);
        Clinic.Done(await followUp.RecordEndpointAsync(system, knee[1].ScheduleId!, new RecordEndpoint
        {
            Version = replaced.Version, Type = "TOTAL_KNEE_ARTHROPLASTY", Date = knee[1].DayZero.AddDays(190).ToString("yyyy-MM-dd"), Note = "Replaced.",
        }, default));
        var withdrawn = (await followUp.ReadAsync(system, knee[2].PatientId, default))!.Single(x => x.Id == knee[2].ScheduleId);
        Clinic.Done(await followUp.EndFollowUpAsync(system, knee[2].ScheduleId!, new EndFollowUp
        {
            Version = withdrawn.Version, Kind = "WITHDRAWN", Date = knee[2].DayZero.AddDays(95).ToString("yyyy-MM-dd"), Reason = "Moved away.",
        }, default));
        // Two deaths (FATAL adverse events): death censors and competes with replacement (Aalen-Johansen on both paths).
        foreach (var dead in knee.Skip(3).Take(2))
        {
            var on = dead.DayZero.AddDays(120).ToString("yyyy-MM-dd");
            Clinic.Done(await db.Get<OrthoRegen.Safety.AdverseEventStore>().RecordAsync(system, dead.PatientId, new OrthoRegen.Safety.RecordAdverseEvent
            {
                Term = "Myocardial infarction", CtcaeVersion = "5.0", Grade = 5, Onset = on, Resolved = on, Outcome = "FATAL",
                SeriousnessCriteria = ["DEATH"], RelatedToProduct = "UNRELATED", RelatedToProcedure = "UNRELATED", Action = "NONE", AwareDate = on,
            }, default));
        }
        await AssertSameAsync(db, researcher, "edited", Seen);
        await AssertSameAsync(db, system, "edited", Seen);
        Assert.True(deaths > 0 && tiedSteps > 0 && events > 0, $"the cohorts must exercise deaths ({deaths}), tied times ({tiedSteps}) and events ({events})");
        // The per-measure member counts the writer keeps equal a count over the rebuilt rows.
        await using (var c = await db.Database.OpenAsync(default))
        {
            const string Fresh = "SELECT s.measure_id AS M, m.indication AS I, m.site_id AS S, count(*) AS N FROM analytics_scores s JOIN analytics_members m ON m.member_no = s.member_no GROUP BY s.measure_id, m.indication, m.site_id";
            var fresh = (await c.QueryAsync<(long M, string I, string S, long N)>(Fresh)).OrderBy(x => (x.M, x.I, x.S)).ToList();
            var kept = (await c.QueryAsync<(long M, string I, string S, long N)>("SELECT measure_id, indication, site_id, members FROM analytics_measure_members")).OrderBy(x => (x.M, x.I, x.S)).ToList();
            Assert.NotEmpty(fresh);
            Assert.Equal(fresh, kept);
        }
        var tallies = await db.Get<AnalyticsSnapshot>().SurvivalTalliesAsync(researcher, new CohortDefinition { Indications = ["KNEE_OA"] }, SurvivalGrouping.None, default);
        Assert.Contains(tallies, t => t.Kind == 1 && t.Days == 190);
    }
}
