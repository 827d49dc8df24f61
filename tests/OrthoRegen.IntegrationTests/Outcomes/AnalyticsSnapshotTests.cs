using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.Demo;
using OrthoRegen.FollowUp;
using OrthoRegen.Instruments;
using OrthoRegen.Outcomes;
using OrthoRegen.Outcomes.Snapshot;
using OrthoRegen.Patients;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Outcomes;

/// <summary>
/// The analytics snapshot answers exactly as the live path (members assembled from the registry tables, scores parsed
/// from the stored responses) on a generated demo cohort, for the whole registry and for a researcher of one site, and
/// keeps doing so after edits that the refresh must pick up from the audit trail: a new response, a second response the same day,
/// a joint replacement, follow-up ended by withdrawal and a corrected birth date.
/// </summary>
public class AnalyticsSnapshotTests
{
    static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, Converters = { new MatrixJson() } };

    /// <summary>Writes a matrix (the log-rank variance, Cox covariance) row by row, every value bit for bit ("R" round trip).</summary>
    sealed class MatrixJson : JsonConverter<double[,]>
    {
        public override double[,] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();
        public override void Write(Utf8JsonWriter writer, double[,] value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            for (var i = 0; i < value.GetLength(0); i++)
            {
                writer.WriteStartArray();
                for (var j = 0; j < value.GetLength(1); j++) writer.WriteStringValue(value[i, j].ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                writer.WriteEndArray();
            }
            writer.WriteEndArray();
        }
    }
    static string J<T>(T value) => JsonSerializer.Serialize(value, Json);

    static readonly CohortDefinition[] Definitions =
    [
        CohortDefinition.Everyone,
        new() { Indications = ["KNEE_OA"] },
        new() { Indications = ["KNEE_OA"], Routes = ["INTRA_ARTICULAR"], AgeMin = 50, TreatedFrom = new DateOnly(2022, 1, 1) },
        new() { Indications = ["HIP_OA", "DISC_DEGENERATION"], Sexes = ["F"] },
    ];

    /// <summary>Live and snapshot answers for every definition: members, survival by route, KOOS pain trajectory and MCID responders.</summary>
    static async Task AssertSameAsync(TestDatabase db, Actor actor, string when)
    {
        var selector = db.Get<CohortSelector>();
        var analytics = db.Get<CohortAnalytics>();
        var koos = db.Get<InstrumentCatalog>().Find("KOOS")!.Definition;
        var schedule = db.Get<ScheduleDefinition>();
        var today = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        foreach (var d in Definitions)
        {
            var label = $"{when}, {actor.Username}, {d.ToCanonicalJson()}";
            var live = await selector.SelectLiveAsync(actor, d, default);
            var snap = await selector.SelectAsync(actor, d, default);
            Assert.True(J(live) == J(snap), $"members differ ({label}): live {live.Count}, snapshot {snap.Count}");

            Assert.Equal(J(SurvivalAnalysis.Analyse(live, new SurvivalOptions(SurvivalGrouping.Route))),
                J(SurvivalAnalysis.Analyse(snap, new SurvivalOptions(SurvivalGrouping.Route))));

            var observations = await CohortObservations.LoadAsync(db.Database, actor, live, default);
            var pain = koos.Scores.First(s => s.Name == "pain");
            var liveTrajectory = Trajectories.Compute("KOOS.pain", $"{koos.Title.En}: {pain.Label.En}", pain.Unit, true, live,
                observations.Scores("KOOS", "pain"), schedule, today, CohortAnalytics.Grouping("ROUTE"));
            var snapTrajectory = Assert.IsType<Outcome<CohortAnalysis<Trajectory>>.Done>(
                await analytics.TrajectoryAsync(actor, d, new TrajectoryRequest("KOOS", "pain", null, "ROUTE"), default)).Value.Result;
            // The trajectory is aggregated on the snapshot (per-visit histograms): the same counts, means summed in another order.
            NumbersClose.Equal(liveTrajectory, snapTrajectory, $"KOOS pain trajectory ({label})");

            // The whole responder set, as the live path computed it before the snapshot.
            var liveResponders = new List<ResponderAnalysis>();
            foreach (var (code, scores) in observations.InstrumentsPresent())
            {
                if (db.Get<InstrumentCatalog>().Find(code)?.Definition is not { } def) continue;
                foreach (var s in def.ChangeThresholds.Where(t => t.Kind == ChangeThresholdKind.MinimalImportantChange).Select(t => t.Score).Distinct())
                    if (scores.Contains(s)) liveResponders.Add(Responders.Mcid(def, s, live, observations.Scores(code, s), schedule, today));
            }
            if (observations.InstrumentsPresent().Any(i => i.Instrument == "WOMAC"))
                liveResponders.Add(Responders.Oarsi(db.Get<InstrumentCatalog>(), live, observations.Scores("WOMAC", "pain_100"), observations.Scores("WOMAC", "function_100"), schedule, today));
            var snapResponders = Assert.IsType<Outcome<CohortAnalysis<IReadOnlyList<ResponderAnalysis>>>.Done>(
                await analytics.RespondersAsync(actor, d, default)).Value.Result;
            Assert.True(J(liveResponders) == J(snapResponders), $"responders differ ({label})");
        }
    }

    static T Done<T>(Outcome<T> o) => Clinic.Done(o);

    [Theory, BothEngines]
    public async Task Snapshot_AnswersAsTheLivePath_AndRefreshPicksUpEachEdit(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var system = Actor.System("test");
        Done(await db.Get<DemoGenerator>().GenerateAsync(system, new DemoRequest(240, 20269, 2, "2026-06-15"), false, null, default));
        string demo1;
        await using (var c = await db.Database.OpenAsync(default))
            demo1 = await c.ExecuteScalarAsync<string>("SELECT id FROM sites WHERE code = 'DEMO1'") ?? throw new InvalidOperationException("no DEMO1");
        var researcher = new Actor("u-re", "re.demo1", [Roles.Researcher], false, [demo1], null);
        var snapshot = db.Get<AnalyticsSnapshot>();

        // First analysis builds the snapshot (the demo generation wrote in bulk); a second refresh has nothing to do.
        await AssertSameAsync(db, system, "built");
        await AssertSameAsync(db, researcher, "built");
        Assert.Equal(0, (await snapshot.RefreshAsync(default)).Patients);

        var knee = (await db.Get<CohortSelector>().SelectLiveAsync(researcher, new CohortDefinition { Indications = ["KNEE_OA"] }, default))
            .Where(m => m.ScheduleId is not null && m.EndpointOn is null && m.FollowUpEndedOn is null).ToList();
        Assert.True(knee.Count >= 4, $"demo knees at DEMO1: {knee.Count}");

        // A new KOOS response (a visit at about 13 months) and a WOMAC response (a new instrument in the cohort).
        var definition = db.Get<InstrumentCatalog>().Find("KOOS")!.Definition;
        var items = definition.Items.ToDictionary(i => i.Code, _ => JsonSerializer.SerializeToElement(0));
        var koos = Done(await db.Get<ResponseStore>().SubmitAsync(system, knee[0].PatientId, new SubmitResponse
        {
            Instrument = "KOOS", Items = items, Language = "ko", Mode = "CLINIC_TABLET", VisitCode = "M12", Target = knee[0].Target,
            CompletedOn = knee[0].DayZero.AddDays(380).ToString("yyyy-MM-dd"),
        }, default));
        await Clinic.WomacAsync(t => typeof(TestDatabase).GetMethod(nameof(TestDatabase.Get))!.MakeGenericMethod(t).Invoke(db, null)!,
            system, knee[1].PatientId, knee[1].Target, knee[1].DayZero.AddDays(-3), 3, 3, "BASE");
        var refresh = await snapshot.RefreshAsync(default);
        Assert.Equal((2, false), (refresh.Patients, refresh.Full));
        await AssertSameAsync(db, researcher, "new responses");

        // A corrected response the same day (two observations on one date: the order rule picks the same one on both paths).
        Done(await db.Get<ResponseStore>().SubmitAsync(system, knee[0].PatientId, new SubmitResponse
        {
            Instrument = "KOOS", Items = definition.Items.ToDictionary(i => i.Code, _ => JsonSerializer.SerializeToElement(2)), Language = "ko",
            Mode = "CLINIC_TABLET", VisitCode = "M12", Target = knee[0].Target, CompletedOn = koos.CompletedOn.ToString("yyyy-MM-dd"),
        }, default));
        // A joint replacement, and follow-up ended by withdrawal.
        var followUp = db.Get<FollowUpStore>();
        var replaced = (await followUp.ReadAsync(system, knee[2].PatientId, default))!.Single(x => x.Id == knee[2].ScheduleId);
        Done(await followUp.RecordEndpointAsync(system, knee[2].ScheduleId!, new RecordEndpoint
        {
            Version = replaced!.Version, Type = "TOTAL_KNEE_ARTHROPLASTY", Date = knee[2].DayZero.AddDays(200).ToString("yyyy-MM-dd"), Note = "Replaced.",
        }, default));
        var withdrawn = (await followUp.ReadAsync(system, knee[3].PatientId, default))!.Single(x => x.Id == knee[3].ScheduleId);
        Done(await followUp.EndFollowUpAsync(system, knee[3].ScheduleId!, new EndFollowUp
        {
            Version = withdrawn!.Version, Kind = "WITHDRAWN", Date = knee[3].DayZero.AddDays(100).ToString("yyyy-MM-dd"), Reason = "Consent withdrawn.",
        }, default));
        // A corrected birth date (age at Day 0 changes, and with it the age filter).
        var patients = db.Get<PatientStore>();
        var p0 = (await patients.LoadAsync(system, knee[0].PatientId, default))!;
        Done(await patients.CorrectAsync(system, p0.Id, new CorrectPatient
        {
            Version = p0.Version, Reason = "Typo in the year.", BirthDate = "1949-02-03", FamilyName = p0.FamilyName, GivenName = p0.GivenName,
            Sex = p0.Sex, Language = p0.Language, RecordNumber = p0.RecordNumber, NationalId = p0.NationalId, Phone = p0.Phone, Email = p0.Email,
        }, default));
        await AssertSameAsync(db, system, "edited");
        await AssertSameAsync(db, researcher, "edited");
        var member = (await db.Get<CohortSelector>().SelectAsync(researcher, CohortDefinition.Everyone, default)).First(m => m.PlanId == knee[2].PlanId);
        Assert.Equal(knee[2].DayZero.AddDays(200), member.EndpointOn);

    }
}
