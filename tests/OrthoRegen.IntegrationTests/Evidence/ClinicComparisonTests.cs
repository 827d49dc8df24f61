using System.Text.Json;
using OrthoRegen.Administration;
using OrthoRegen.Assessment;
using OrthoRegen.Candidacy;
using OrthoRegen.CellLab;
using OrthoRegen.Data;
using OrthoRegen.Evidence;
using OrthoRegen.Instruments;
using OrthoRegen.IntegrationTests.CellLab;
using OrthoRegen.Patients;
using OrthoRegen.Statistics;
using OrthoRegen.Testing;
using OrthoRegen.Treatment;
using static OrthoRegen.IntegrationTests.CellLab.LabBench;

namespace OrthoRegen.IntegrationTests.Evidence;

/// <summary>
/// The clinic row beside the literature, from registry data written through the stores: treated patients (first
/// injection 2026-06-15 = Day 0, right knee), pain VAS at baseline and follow-up. It must equal
/// Descriptive.PairedChange on the pairs the rules pick by hand.
/// </summary>
public class ClinicComparisonTests
{
    static async Task<string> TreatedPatientAsync(LabBench lab, int i)
    {
        var db = lab.Db;
        var patient = await lab.PatientAsync("Kim", $"P{i}", $"MRN-EV-{i}");
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
            TotalCellsE6 = 50, Route = "INTRA_ARTICULAR", Guidance = "ULTRASOUND", PlannedInjections = 1, RegulatoryPathway = consent.Pathway,
        }, default));
        var col = await lab.BoneMarrowAsync(patient.Id);
        var lot = Done(await lab.Lots.CreateAsync(lab.Tech, new CreateLot
        {
            LotNumber = $"L-EV-{i}", ProductType = "EXPANDED_MSC", CellSource = "BM_MSC", Manipulation = "MORE_THAN_MINIMAL", CollectionIds = [col.Id],
            IntendedRoute = "INTRA_ARTICULAR", DoseVolumeMl = 2, TreatingPhysician = "dr.lee", PlanId = plan.Id, ExpiresAt = "2026-08-01T00:00:00Z",
        }, default));
        Done(await lab.Lots.AddDivisionAsync(lab.Tech, lot.Id, new AddDivision { DivisionCode = "A0", VolumeMl = 2, ViableCellsE6 = 100 }, default));
        await lab.PassingQcAsync(lot.Id);
        lot = Done(await lab.Lots.DecideAsync(lab.Qa, lot.Id, new DecideRelease { Status = "RELEASED" }, default));
        var attempt = Done(await db.Get<AdministrationStore>().RecordAsync(lab.Physician, plan.Id, new RecordAdministration
        {
            LotId = lot.Id, DivisionCode = "A0", InjectionNumber = 1, AdministeredAt = "2026-06-15T08:30:00Z", DoseViableCellsE6 = 50, VolumeMl = 2,
            Route = "INTRA_ARTICULAR", Guidance = "ULTRASOUND", Target = "KNEE_R", ObservationMinutes = 30, ImmediateReaction = false,
            ScannedDin = lot.Din.Code + lot.Din.Flags, ScannedProductCode = lot.ProductCode.WithDivision("A0").Code,
            ScannedPatientIdentifier = patient.PseudonymCode, ProductTempC = 21, Location = "Procedure room 2",
        }, default));
        Assert.NotNull(attempt.Record);
        return patient.Id;
    }

    static async Task VasAsync(LabBench lab, string patientId, string on, int mm, string visit, string target = "KNEE_R") =>
        Done(await lab.Db.Get<ResponseStore>().SubmitAsync(lab.Physician, patientId, new SubmitResponse
        {
            Instrument = "PAIN_VAS", Items = new() { ["vas_mm"] = JsonSerializer.SerializeToElement(mm) }, Language = "ko", Mode = "CLINIC_TABLET",
            VisitCode = visit, Target = target, CompletedOn = on,
        }, default));

    [Theory, BothEngines]
    public async Task Compute_EqualsPairedChangeOnTheRegistryPairs(DatabaseProvider engine)
    {
        await using var lab = await LabBench.CreateAsync(engine);
        var a = await TreatedPatientAsync(lab, 1);
        var b = await TreatedPatientAsync(lab, 2);
        var c = await TreatedPatientAsync(lab, 3);
        var untreated = (await lab.PatientAsync("Lee", "U", "MRN-EV-U")).Id;
        lab.Db.Clock.Advance(new DateTimeOffset(2027, 7, 1, 9, 0, 0, TimeSpan.Zero) - lab.Db.Clock.GetUtcNow());

        await VasAsync(lab, a, "2026-05-20", 80, "BASE");   // older baseline: not the latest before Day 0
        await VasAsync(lab, a, "2026-06-10", 70, "BASE");   // baseline of A
        await VasAsync(lab, a, "2026-12-14", 50, "M6");     // another visit
        await VasAsync(lab, a, "2027-06-20", 30, "M12");    // day 370: inside M12 (365 ± 30)
        await VasAsync(lab, a, "2027-06-01", 20, "M12", "KNEE_L"); // the other knee: not the treated target
        await VasAsync(lab, b, "2026-06-15", 60, "BASE");   // on Day 0 counts as baseline
        await VasAsync(lab, b, "2027-06-08", 45, "M12");    // in window, 7 days from target
        await VasAsync(lab, b, "2027-06-16", 35, "M12");    // in window, 1 day from target: chosen
        await VasAsync(lab, c, "2026-06-01", 55, "BASE");
        await VasAsync(lab, c, "2026-12-10", 40, "M6");     // no M12 for C
        await VasAsync(lab, untreated, "2026-06-01", 65, "BASE");
        await VasAsync(lab, untreated, "2027-06-15", 20, "M12");

        var comparison = lab.Db.Get<ClinicComparison>();
        var row = ((Outcome<ClinicRow>.Done)await comparison.ComputeAsync(lab.Physician, "PAIN_VAS", "vas_mm", 12, default)).Value;
        var expected = Descriptive.PairedChange([70, 60], [30, 35]);
        Assert.Equal("M12", row.VisitCode);
        Assert.Equal(3, row.Treated);
        Assert.Equal(0, row.WithoutBaseline);
        Assert.Equal(1, row.WithoutFollowUp);
        Assert.Equal(expected, row.Change);

        var m6 = ((Outcome<ClinicRow>.Done)await comparison.ComputeAsync(lab.Physician, "PAIN_VAS", "vas_mm", 6, default)).Value;
        Assert.Equal(Descriptive.PairedChange([70, 55], [50, 40]), m6.Change);
        Assert.Equal(1, m6.WithoutFollowUp);

        var otherSite = new OrthoRegen.Accounts.Actor("u-x", "dr.far", [OrthoRegen.Accounts.Roles.Physician], false, ["no-such-site"], "test");
        var none = ((Outcome<ClinicRow>.Done)await comparison.ComputeAsync(otherSite, "PAIN_VAS", "vas_mm", 12, default)).Value;
        Assert.Equal(0, none.Treated);
        Assert.Equal(0, none.Change.N);

        var invalid = (Outcome<ClinicRow>.Invalid)await comparison.ComputeAsync(lab.Physician, "PAIN_VAS", "vas_mm", 9, default);
        Assert.Equal([EvidenceMessages.NoVisitForMonth(9)], invalid.Errors["month"]);

        // The workspace puts the same row under the pooled diamond.
        var store = lab.Db.Get<EvidenceStore>();
        foreach (var t in new[] { EvidenceStoreTests.Trial(), EvidenceStoreTests.Trial("Vega A", 2015, 38, 41, 15) })
            Assert.IsType<Outcome<Study>.Done>(await store.CreateAsync(lab.Physician, t, default));
        var w = ((Outcome<MetaWorkspaceResult>.Done)await lab.Db.Get<MetaWorkspace>().RunAsync(lab.Physician,
            new MetaRequest { Instrument = "PAIN_VAS", Subscale = "vas_mm", Month = 12 }, default)).Value;
        Assert.Equal(expected, w.Clinic!.Change);
        Assert.True(EvidenceCharts.ClinicDrawn(w));
    }
}
