using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Administration;
using OrthoRegen.CellLab;
using OrthoRegen.Data;
using OrthoRegen.FollowUp;
using OrthoRegen.Outcomes;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Outcomes;

/// <summary>Cohort selection on both engines, on patients built with the normal stores.</summary>
public class CohortSelectorTests
{
    /// <summary>Five treated knees that differ in one or two attributes each.</summary>
    static async Task<(CohortBench Bench, TreatedKnee[] Knees)> ClinicAsync(DatabaseProvider engine)
    {
        var bench = await CohortBench.CreateAsync(engine);
        var knees = new[]
        {
            // 0: woman, 64 at Day 0, BMI 25.0, KL 3, BM-MSC intra-articular, no adjunct
            await bench.TreatAsync(new KneeCase { Family = "Kim", BirthDate = "1960-03-02", Day0 = "2024-05-10", HeightCm = 160, WeightKg = 64 }),
            // 1: man, 55, BMI 30.9, KL 2, AD-MSC with PRP
            await bench.TreatAsync(new KneeCase { Family = "Park", Sex = "M", BirthDate = "1969-08-01", Day0 = "2024-09-02", HeightCm = 175, WeightKg = 94.7,
                KlGrade = 2, CellSource = "AD_MSC", Adjuncts = ["PRP"], Target = "KNEE_L" }),
            // 2: woman, 70, KL 3, BMAC subchondral under fluoroscopy, HA
            await bench.TreatAsync(new KneeCase { Family = "Lee", BirthDate = "1954-11-20", Day0 = "2025-02-03", CellSource = "BMAC", Manipulation = "MINIMAL",
                Route = "SUBCHONDRAL_INTRAOSSEOUS", Guidance = "FLUOROSCOPY", Adjuncts = ["HA"], TotalCellsE6 = 120 }),
            // 3: man, 47 (48th birthday the day after Day 0), KL 2, BM-MSC, PRP and HA
            await bench.TreatAsync(new KneeCase { Family = "Choi", Sex = "M", BirthDate = "1977-06-02", Day0 = "2025-06-01", KlGrade = 2, Adjuncts = ["PRP", "HA"],
                HeightCm = 180, WeightKg = 81 }),
            // 4: woman, 58, KL 3, AD-MSC, treated 2026
            await bench.TreatAsync(new KneeCase { Family = "Jung", BirthDate = "1967-12-31", Day0 = "2026-01-15", CellSource = "AD_MSC" }),
        };
        return (bench, knees);
    }

    static async Task<IReadOnlyList<CohortMember>> Select(CohortBench b, CohortDefinition d, Actor? actor = null) =>
        await b.Db.Get<CohortSelector>().SelectAsync(actor ?? b.Researcher, d, default);

    static string[] Codes(IEnumerable<CohortMember> m) => m.Select(x => x.PseudonymCode).ToArray();

    [Theory, BothEngines]
    public async Task Everyone_AssemblesEachMemberFromTheStores(DatabaseProvider engine)
    {
        var (bench, knees) = await ClinicAsync(engine);
        await using var _ = bench;
        var all = await Select(bench, CohortDefinition.Everyone);
        Assert.Equal(knees.Select(k => k.Patient.PseudonymCode), Codes(all));   // ordered by Day 0

        var park = all[1];
        Assert.Equal(knees[1].Plan.Id, park.PlanId);
        Assert.Equal(knees[1].Schedule.Id, park.ScheduleId);
        Assert.Equal(new DateOnly(2024, 9, 2), park.DayZero);
        Assert.Equal(("KNEE_OA", "KNEE_L", "L"), (park.Indication, park.Target, park.Side));
        Assert.Equal(2, park.KlGrade);
        Assert.Equal(("AD_MSC", "AUTOLOGOUS", "INTRA_ARTICULAR"), (park.CellSource, park.Origin, park.Route));
        Assert.Equal(["PRP"], park.Adjuncts);
        Assert.Equal(55, park.AgeAtDayZero);
        Assert.Equal("M", park.Sex);
        Assert.Equal(30.9, park.Bmi);
        Assert.Equal(50, park.TotalCellsE6);
        Assert.Equal(0, park.Injections);                          // schedule started by hand, no injection recorded here
        Assert.Equal(park.DayZero, park.LastFollowUp);
        Assert.Null(park.EndpointOn);
        Assert.Equal(47, all[3].AgeAtDayZero);                      // 48th birthday falls the day after Day 0
    }

    [Theory, BothEngines]
    public async Task Filters_CombineAndEachNarrowsTheCohort(DatabaseProvider engine)
    {
        var (bench, k) = await ClinicAsync(engine);
        await using var _ = bench;
        string C(int i) => k[i].Patient.PseudonymCode;

        Assert.Equal([C(1), C(4)], Codes(await Select(bench, new CohortDefinition { CellSources = ["AD_MSC"] })));
        Assert.Equal([C(1), C(3)], Codes(await Select(bench, new CohortDefinition { KlGrades = [2] })));
        Assert.Equal([C(1)], Codes(await Select(bench, new CohortDefinition { KlGrades = [2], CellSources = ["AD_MSC"] })));
        Assert.Equal([C(2)], Codes(await Select(bench, new CohortDefinition { Routes = ["SUBCHONDRAL_INTRAOSSEOUS"] })));
        Assert.Equal([C(1), C(3)], Codes(await Select(bench, new CohortDefinition { Sexes = ["M"] })));
        Assert.Equal([C(0), C(4)], Codes(await Select(bench, new CohortDefinition { Adjuncts = ["NONE"] })));
        Assert.Equal([C(1), C(2), C(3)], Codes(await Select(bench, new CohortDefinition { Adjuncts = ["PRP", "HA"] })));
        Assert.Equal([C(1)], Codes(await Select(bench, new CohortDefinition { Targets = ["KNEE_L"] })));
        Assert.Equal([C(1), C(3), C(4)], Codes(await Select(bench, new CohortDefinition { AgeMin = 47, AgeMax = 58 })));
        Assert.Equal([C(1), C(4)], Codes(await Select(bench, new CohortDefinition { AgeMin = 48, AgeMax = 58 })));
        Assert.Equal([C(1)], Codes(await Select(bench, new CohortDefinition { BmiMin = 30 })));
        Assert.Equal([C(2)], Codes(await Select(bench, new CohortDefinition { TotalCellsMinE6 = 100 })));
        Assert.Equal([C(2), C(3)], Codes(await Select(bench, new CohortDefinition { TreatedFrom = new(2025, 1, 1), TreatedTo = new(2025, 12, 31) })));
        Assert.Equal([C(3)], Codes(await Select(bench, new CohortDefinition { TreatedFrom = new(2025, 1, 1), Sexes = ["M"], KlGrades = [2], Adjuncts = ["PRP"] })));
        Assert.Empty(await Select(bench, new CohortDefinition { Indications = ["HIP_OA"] }));
        Assert.Empty(await Select(bench, new CohortDefinition { InjectionsMin = 1 }));
    }

    [Theory, BothEngines]
    public async Task Sites_CallerSeesOnlyTheirSitesAndSiteFilterIntersects(DatabaseProvider engine)
    {
        var (bench, k) = await ClinicAsync(engine);
        await using var _ = bench;
        var other = new Actor("u-far", "far.away", [Roles.Researcher], false, ["no-such-site"], "127.0.0.1");
        Assert.Empty(await Select(bench, CohortDefinition.Everyone, other));
        var main = bench.Researcher.SiteIds.Single();
        Assert.Equal(5, (await Select(bench, new CohortDefinition { SiteIds = [main] })).Count);
        Assert.Empty(await Select(bench, new CohortDefinition { SiteIds = ["elsewhere"] }));
        var everywhere = new Actor("u-all", "all.sites", [Roles.Admin], true, [], "127.0.0.1");
        Assert.Equal(5, (await Select(bench, CohortDefinition.Everyone, everywhere)).Count);
    }

    [Theory, BothEngines]
    public async Task EndpointAndLastVisit_AreCarriedOnTheMember(DatabaseProvider engine)
    {
        var (bench, k) = await ClinicAsync(engine);
        await using var _ = bench;
        var store = bench.Db.Get<FollowUpStore>();
        var s = k[0].Schedule;
        var visit = s.Visits.First(v => v.Code == "M6");
        CohortBench.Done(await store.RecordVisitAsync(bench.Physician, visit.Id, new RecordVisit { Version = visit.Version, ActualDate = visit.TargetDate.ToString("yyyy-MM-dd"), Contact = "VISIT" }, default));
        var fresh = (await store.ReadAsync(bench.Physician, k[0].Patient.Id, default))!.Single();
        CohortBench.Done(await store.RecordEndpointAsync(bench.Physician, s.Id, new RecordEndpoint { Version = fresh.Version, Type = "TOTAL_KNEE_ARTHROPLASTY", Date = "2025-11-20" }, default));

        var m = (await Select(bench, CohortDefinition.Everyone))[0];
        Assert.Equal(visit.TargetDate, m.LastFollowUp);
        Assert.Equal(("TOTAL_KNEE_ARTHROPLASTY", new DateOnly(2025, 11, 20)), (m.EndpointType, m.EndpointOn!.Value));
    }

    [Theory, BothEngines]
    public async Task Death_IsTakenFromAFatalAdverseEvent(DatabaseProvider engine)
    {
        var (bench, k) = await ClinicAsync(engine);
        await using var _ = bench;
        CohortBench.Done(await bench.Db.Get<OrthoRegen.Safety.AdverseEventStore>().RecordAsync(bench.Physician, k[1].Patient.Id, new OrthoRegen.Safety.RecordAdverseEvent
        {
            Term = "Myocardial infarction", CtcaeVersion = "5.0", Grade = 5, Onset = "2026-06-10", Outcome = "FATAL", SeriousnessCriteria = ["DEATH"],
            RelatedToProduct = "UNRELATED", RelatedToProcedure = "UNRELATED", Action = "NONE", AwareDate = "2026-06-11",
        }, default));
        var all = await Select(bench, CohortDefinition.Everyone);
        Assert.Equal(new DateOnly(2026, 6, 10), all.Single(m => m.PatientId == k[1].Patient.Id).DeathOn);
        Assert.All(all.Where(m => m.PatientId != k[1].Patient.Id), m => Assert.Null(m.DeathOn));
    }

    [Theory, BothEngines]
    public async Task Injections_CarryLotsAndViableDose(DatabaseProvider engine)
    {
        await using var bench = await CohortBench.CreateAsync(engine);
        var knee = await bench.TreatAsync(new KneeCase { Family = "Yoon", Day0 = "2026-06-15" });
        var lab = bench.Lab;
        var col = await lab.BoneMarrowAsync(knee.Patient.Id);
        var lot = CohortBench.Done(await lab.Lots.CreateAsync(lab.Tech, new CreateLot
        {
            LotNumber = "L-OUT-1", ProductType = "EXPANDED_MSC", CellSource = "BM_MSC", Manipulation = "MORE_THAN_MINIMAL", CollectionIds = [col.Id],
            IntendedRoute = "INTRA_ARTICULAR", DoseVolumeMl = 2, TreatingPhysician = "dr.lee", PlanId = knee.Plan.Id, ExpiresAt = "2026-08-01T00:00:00Z",
        }, default));
        CohortBench.Done(await lab.Lots.AddDivisionAsync(lab.Tech, lot.Id, new AddDivision { DivisionCode = "A0", VolumeMl = 2, ViableCellsE6 = 100 }, default));
        await lab.PassingQcAsync(lot.Id);
        lot = CohortBench.Done(await lab.Lots.DecideAsync(lab.Qa, lot.Id, new DecideRelease { Status = "RELEASED" }, default));
        var attempt = CohortBench.Done(await bench.Db.Get<AdministrationStore>().RecordAsync(bench.Physician, knee.Plan.Id, new RecordAdministration
        {
            LotId = lot.Id, DivisionCode = "A0", InjectionNumber = 1, AdministeredAt = "2026-06-15T08:30:00Z", DoseViableCellsE6 = 48.5, VolumeMl = 2,
            Route = "INTRA_ARTICULAR", Guidance = "ULTRASOUND", Target = "KNEE_R", ObservationMinutes = 30, ImmediateReaction = false,
            ScannedDin = lot.Din.Code + lot.Din.Flags, ScannedProductCode = lot.ProductCode.WithDivision("A0").Code,
            ScannedPatientIdentifier = knee.Patient.PseudonymCode, ProductTempC = 21, Location = "Procedure room 2",
        }, default));
        Assert.False(attempt.Refused, string.Join("; ", attempt.Failures.Select(f => f.ToString())));

        var m = Assert.Single(await Select(bench, CohortDefinition.Everyone));
        Assert.Equal((1, 48.5, new DateOnly(2026, 6, 15)), (m.Injections, m.ViableCellsE6, m.DayZero));
        Assert.Equal([lot.Id], m.LotIds);
        Assert.Single(await Select(bench, new CohortDefinition { InjectionsMin = 1, InjectionsMax = 1 }));
        Assert.Empty(await Select(bench, new CohortDefinition { InjectionsMin = 2 }));
    }

    [Theory, BothEngines]
    public async Task AnalysisLog_RecordsRunWithCanonicalDefinitionAndAuditRow(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var researcher = await db.StaffAtMainSiteAsync(Roles.Researcher, "re.song");
        var d = new CohortDefinition { KlGrades = [3, 2, 3], CellSources = ["BM_MSC"], AgeMin = 40 };
        await db.Get<AnalysisLog>().RecordAsync(researcher, "trajectories", d, "instrument=KOOS", default);

        var run = Assert.Single(await db.Get<AnalysisLog>().RecentAsync(10, default));
        Assert.Equal("""{"klGrades":[2,3],"cellSources":["BM_MSC"],"ageMin":40}""", run.Definition);
        Assert.Equal(("trajectories", "re.song", "instrument=KOOS"), (run.Analysis, run.Actor, run.Parameters));
        await using var c = await db.Database.OpenAsync(default);
        var fields = await c.ExecuteScalarAsync<string>("SELECT fields FROM audit_log WHERE entity = 'cohort_analysis' AND entity_id = @id", new { id = run.Id });
        Assert.Equal($"analysis=trajectories,cohort=sha256:{AnalysisLog.HashOf(run.Definition)}", fields);
        Assert.True((await db.Get<OrthoRegen.Audit.AuditTrail>().VerifyAsync(default)).IsIntact);
    }
}
