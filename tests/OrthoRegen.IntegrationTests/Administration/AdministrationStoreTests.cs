using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Administration;
using OrthoRegen.Assessment;
using OrthoRegen.Audit;
using OrthoRegen.Candidacy;
using OrthoRegen.CellLab;
using OrthoRegen.Data;
using OrthoRegen.FollowUp;
using OrthoRegen.IntegrationTests.CellLab;
using OrthoRegen.Patients;
using OrthoRegen.Safety;
using OrthoRegen.Testing;
using OrthoRegen.Treatment;
using static OrthoRegen.IntegrationTests.CellLab.LabBench;

namespace OrthoRegen.IntegrationTests.Administration;

/// <summary>
/// The administration store on both engines: a released autologous BM-MSC lot given to its donor under an active knee plan.
/// The test clock stands at 2026-06-15 09:00 UTC.
/// </summary>
public class AdministrationStoreTests
{
    /// <summary>A lab bench with a patient ready for treatment: plan for 2 injections 28 days apart, and a released lot with division A0.</summary>
    sealed record Ward(LabBench Lab, PatientView Patient, TreatmentPlan Plan, LotView Lot) : IAsyncDisposable
    {
        public AdministrationStore Store => Lab.Db.Get<AdministrationStore>();
        public ValueTask DisposeAsync() => Lab.DisposeAsync();

        public RecordAdministration Injection(int number = 1, string at = "2026-06-15T08:30:00Z", string? wristband = null) => new()
        {
            LotId = Lot.Id, DivisionCode = "A0", InjectionNumber = number, AdministeredAt = at, DoseViableCellsE6 = 50, VolumeMl = 2,
            Route = "INTRA_ARTICULAR", Guidance = "ULTRASOUND", Target = "KNEE_R", ObservationMinutes = 30, ImmediateReaction = false,
            ScannedDin = Lot.Din.Code + Lot.Din.Flags, ScannedProductCode = Lot.ProductCode.WithDivision("A0").Code,
            ScannedPatientIdentifier = wristband ?? Patient.PseudonymCode, ProductTempC = 21, Location = "Procedure room 2",
        };

        public async Task<long> CountAsync(string table)
        {
            await using var c = await Lab.Db.Database.OpenAsync(default);
            return await c.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
        }
    }

    static async Task<Ward> WardAsync(DatabaseProvider engine)
    {
        var lab = await LabBench.CreateAsync(engine);
        var patient = await lab.PatientAsync();
        var db = lab.Db;
        var consent = (await db.Get<ConsentStore>().ListAsync(patient.Id, default)).Single();
        var assessment = Done(await db.Get<AssessmentStore>().RecordAsync(lab.Physician, patient.Id, new RecordAssessment
        {
            Indication = "KNEE_OA", Target = "KNEE_R", AssessedOn = "2026-06-10", SymptomDurationMonths = 14,
            Imaging = [new ImagingReadInput { Modality = "XRAY", ReadOn = "2026-06-10", Reader = "Dr Lee", KlGrade = 3 }],
            ConservativeTreatments = [new ConservativeTreatmentInput { Type = "IA_HA", Response = "PARTIAL_TRANSIENT", LastIaInjectionOn = "2025-01-10" }],
        }, default));
        Done(await db.Get<CandidacyStore>().DecideAsync(lab.Physician, patient.Id, new RecordCandidacyDecision { AssessmentId = assessment.Id, Decision = "PROCEED" }, default));
        var plan = Done(await db.Get<TreatmentPlanStore>().CreateAsync(lab.Physician, patient.Id, new PlanTreatment
        {
            Indication = "KNEE_OA", Target = "KNEE_R", ConsentId = consent.Id, CellSource = "BM_MSC", Origin = "AUTOLOGOUS", Manipulation = "MORE_THAN_MINIMAL",
            TotalCellsE6 = 50, Route = "INTRA_ARTICULAR", Guidance = "ULTRASOUND", PlannedInjections = 2, IntervalDays = 28, RegulatoryPathway = consent.Pathway,
        }, default));
        var col = await lab.BoneMarrowAsync(patient.Id);
        var lot = Done(await lab.Lots.CreateAsync(lab.Tech, new CreateLot
        {
            LotNumber = "L-ADM-1", ProductType = "EXPANDED_MSC", CellSource = "BM_MSC", Manipulation = "MORE_THAN_MINIMAL", CollectionIds = [col.Id],
            IntendedRoute = "INTRA_ARTICULAR", DoseVolumeMl = 2, TreatingPhysician = "dr.lee", PlanId = plan.Id, ExpiresAt = "2026-08-01T00:00:00Z",
        }, default));
        Done(await lab.Lots.AddDivisionAsync(lab.Tech, lot.Id, new AddDivision { DivisionCode = "A0", VolumeMl = 2, ViableCellsE6 = 100 }, default));
        await lab.PassingQcAsync(lot.Id);
        lot = Done(await lab.Lots.DecideAsync(lab.Qa, lot.Id, new DecideRelease { Status = "RELEASED" }, default));
        return new Ward(lab, patient, plan, lot);
    }

    static AdministrationAttempt Attempt(Outcome<AdministrationAttempt> o) => Done(o);

    [Theory, BothEngines]
    public async Task Record_FirstInjection_StoresAdministrationScheduleAndCustodyOnce(DatabaseProvider engine)
    {
        await using var w = await WardAsync(engine);
        var a = Attempt(await w.Store.RecordAsync(w.Lab.Physician, w.Plan.Id, w.Injection(), default));

        Assert.False(a.Refused);
        Assert.Empty(a.Failures);
        var record = a.Record!;
        Assert.Equal(("PASS", 1, "L-ADM-1", "A0", "BM_MSC", "dr.lee"), (record.BedsideIdCheck, record.InjectionNumber, record.LotNumber, record.DivisionCode, record.CellSource, record.Operator));
        Assert.NotNull(a.StartedScheduleId);
        Assert.Null(a.CustodyProblem);
        Assert.Equal(1, await w.CountAsync("administrations"));
        Assert.Equal(1, await w.CountAsync("administration_versions"));
        Assert.Equal(1, await w.CountAsync("follow_up_schedules"));
        var schedule = Assert.Single((await w.Lab.Db.Get<FollowUpStore>().ReadAsync(w.Lab.Physician, w.Patient.Id, default))!);
        Assert.Equal((new DateOnly(2026, 6, 15), w.Plan.Id, "KNEE_R"), (schedule.Day0, schedule.PlanId, schedule.Target)); // Day 0 = first injection (DOMAIN.md 4.2)
        var division = (await w.Lab.Lots.LoadAsync(w.Lab.Physician, w.Lot.Id, default))!.Divisions.Single();
        var custody = (await w.Lab.Custody.ForItemAsync(CellLabCodes.ItemDivision, division.Id, default)).Last();
        Assert.Equal((a.CustodyEventId, "ADMINISTERED", $"patient {w.Patient.PseudonymCode}"), (custody.Id, custody.Event, custody.ToParty));
        var audit = await w.Lab.Db.Get<AuditTrail>().ForPatientAsync(w.Patient.Id, 20, default);
        Assert.Contains(audit, x => x.Entity == AdministrationStore.Kind && x.Action == AuditAction.Create && x.EntityId == record.Id);
    }

    [Theory, BothEngines]
    public async Task Record_SecondInjection_DoesNotResetDayZero(DatabaseProvider engine)
    {
        await using var w = await WardAsync(engine);
        Attempt(await w.Store.RecordAsync(w.Lab.Physician, w.Plan.Id, w.Injection(1, "2026-06-01T08:30:00Z"), default));
        w.Lab.Db.Clock.Advance(TimeSpan.FromDays(30));
        var second = Attempt(await w.Store.RecordAsync(w.Lab.Physician, w.Plan.Id, w.Injection(2, "2026-07-10T08:30:00Z"), default));

        Assert.False(second.Refused);
        Assert.Null(second.StartedScheduleId);
        Assert.Empty(second.Warnings); // 39 days ≥ the 28-day interval
        Assert.Equal(1, await w.CountAsync("follow_up_schedules"));
        var schedule = Assert.Single((await w.Lab.Db.Get<FollowUpStore>().ReadAsync(w.Lab.Physician, w.Patient.Id, default))!);
        Assert.Equal(new DateOnly(2026, 6, 1), schedule.Day0);
        Assert.Equal([1, 2], (await w.Store.ForPlanAsync(w.Lab.Physician, w.Plan.Id, default))!.Select(x => x.InjectionNumber));
    }

    [Theory, BothEngines]
    public async Task Record_WrongPatientWristband_WritesOnlyOneAuditEntry(DatabaseProvider engine)
    {
        await using var w = await WardAsync(engine);
        var tables = new[] { "administrations", "administration_versions", "record_heads", "follow_up_schedules", "follow_up_visit_versions", "custody_event_versions" };
        var before = new List<long>();
        foreach (var t in tables) before.Add(await w.CountAsync(t));
        var auditBefore = await w.CountAsync("audit_log");

        var a = Attempt(await w.Store.RecordAsync(w.Lab.Physician, w.Plan.Id, w.Injection(wristband: "PX-NOTME"), default));

        Assert.True(a.Refused);
        var failure = Assert.Single(a.Failures);
        Assert.Equal((AdministrationMessages.PatientIdentifierMismatch, "scannedPatientIdentifier"), (failure.Code, failure.Field));
        var after = new List<long>();
        foreach (var t in tables) after.Add(await w.CountAsync(t));
        Assert.Equal(before, after);
        Assert.Equal(auditBefore + 1, await w.CountAsync("audit_log"));
        var denied = (await w.Lab.Db.Get<AuditTrail>().ForPatientAsync(w.Patient.Id, 1, default)).Single();
        Assert.Equal((AuditAction.Denied, AdministrationStore.Kind, w.Plan.Id, AdministrationMessages.PatientIdentifierMismatch),
            (denied.Action, denied.Entity, denied.EntityId, denied.Fields));
    }

    [Theory, BothEngines]
    public async Task Record_QuarantinedLotOfAnotherPatient_ListsEveryFailedCheck(DatabaseProvider engine)
    {
        await using var w = await WardAsync(engine);
        var other = await w.Lab.PatientAsync("Park", "Jisoo", "MRN-78");
        var theirs = await w.Lab.MscLotAsync(other.Id, "L-OTHER");
        var request = w.Injection() with
        {
            LotId = theirs.Id, DivisionCode = null, ScannedDin = theirs.Din.Code, ScannedProductCode = theirs.ProductCode.Code,
        };
        var a = Attempt(await w.Store.RecordAsync(w.Lab.Physician, w.Plan.Id, request, default));
        Assert.Equal([AdministrationMessages.LotNotReleased, AdministrationMessages.AutologousDonorMismatch], a.Failures.Select(f => f.Code));
        Assert.Equal(0, await w.CountAsync("administrations"));
    }

    [Theory, BothEngines]
    public async Task Record_SameInjectionSimultaneously_OneSavedOthersRefusedWithoutError(DatabaseProvider engine)
    {
        await using var w = await WardAsync(engine);
        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => w.Store.RecordAsync(w.Lab.Physician, w.Plan.Id, w.Injection(), default)));
        var results = attempts.Select(Attempt).ToList();
        Assert.Equal(1, results.Count(a => a.Record is not null));
        Assert.All(results.Where(a => a.Record is null), a => Assert.Equal(AdministrationMessages.InjectionAlreadyGiven, Assert.Single(a.Failures).Code));
        Assert.Equal(1, await w.CountAsync("administrations"));
    }

    [Theory, BothEngines]
    public async Task Record_SameInjectionTwice_SecondIsRefused(DatabaseProvider engine)
    {
        await using var w = await WardAsync(engine);
        Attempt(await w.Store.RecordAsync(w.Lab.Physician, w.Plan.Id, w.Injection(), default));
        var again = Attempt(await w.Store.RecordAsync(w.Lab.Physician, w.Plan.Id, w.Injection(), default));
        Assert.Equal(AdministrationMessages.InjectionAlreadyGiven, Assert.Single(again.Failures).Code);
        Assert.Equal(1, await w.CountAsync("administrations"));
    }

    [Theory, BothEngines]
    public async Task Correct_Dose_AddsVersionWithReasonAndRefusesStaleVersion(DatabaseProvider engine)
    {
        await using var w = await WardAsync(engine);
        var a = Attempt(await w.Store.RecordAsync(w.Lab.Physician, w.Plan.Id, w.Injection(), default)).Record!;
        var corrected = Done(await w.Store.CorrectAsync(w.Lab.Physician, a.Id, new CorrectAdministration { Version = 1, Reason = "Dose misread", DoseViableCellsE6 = 48 }, default));
        Assert.Equal((2, 48.0, "Dose misread", "PASS"), (corrected.Version, corrected.DoseViableCellsE6, corrected.Reason, corrected.BedsideIdCheck));
        Assert.IsType<Outcome<AdministrationRecord>.Conflict>(await w.Store.CorrectAsync(w.Lab.Physician, a.Id,
            new CorrectAdministration { Version = 1, Reason = "Again", VolumeMl = 3 }, default));
        Assert.Equal([1, 2], (await w.Store.HistoryAsync(w.Lab.Physician, a.Id, default))!.Select(v => v.Version));
        Assert.Contains("reason", Invalid(await w.Store.CorrectAsync(w.Lab.Physician, a.Id, new CorrectAdministration { Version = 2 }, default)).Keys);
    }

    [Theory, BothEngines]
    public async Task Record_PlanOfPatientAtAnotherSite_IsNotFound(DatabaseProvider engine)
    {
        await using var w = await WardAsync(engine);
        var elsewhere = new Actor("x", "dr.far", [Roles.Physician], false, ["no-such-site"], "test");
        Assert.IsType<Outcome<AdministrationAttempt>.NotFound>(await w.Store.RecordAsync(elsewhere, w.Plan.Id, w.Injection(), default));
        Assert.Null(await w.Store.ForPlanAsync(elsewhere, w.Plan.Id, default));
    }

    [Theory, BothEngines]
    public async Task Exposure_TwoInjectionsOfOneLot_CountsTwoPerLotAndOnePatient(DatabaseProvider engine)
    {
        await using var w = await WardAsync(engine);
        Attempt(await w.Store.RecordAsync(w.Lab.Physician, w.Plan.Id, w.Injection(1, "2026-06-01T08:30:00Z"), default));
        Attempt(await w.Store.RecordAsync(w.Lab.Physician, w.Plan.Id, w.Injection(2, "2026-06-15T08:30:00Z"), default)); // interval warning only

        var exposure = await w.Lab.Db.Get<AdverseEventStore>().ExposureAsync(w.Lab.Physician, default);
        Assert.Equal((1, 2), (exposure.PatientsUnderObservation, exposure.Injections));
        Assert.Equal(2, exposure.InjectionsByLot[w.Lot.Id]);
        Assert.Equal(1, exposure.PatientsByLot[w.Lot.Id]);
        Assert.Equal(2, exposure.InjectionsByCellSource["BM_MSC"]);
        var elsewhere = new Actor("x", "dr.far", [Roles.Physician], false, ["no-such-site"], "test");
        Assert.Equal(0, (await w.Lab.Db.Get<AdverseEventStore>().ExposureAsync(elsewhere, default)).Injections);
    }
}
