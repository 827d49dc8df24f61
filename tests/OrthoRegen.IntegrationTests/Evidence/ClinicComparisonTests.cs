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
using OrthoRegen.Statistics.Meta;
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
    static async Task<string> TreatedPatientAsync(LabBench lab, int i, double planCellsE6 = 50)
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
            TotalCellsE6 = planCellsE6, Route = "INTRA_ARTICULAR", Guidance = "ULTRASOUND", PlannedInjections = 1, RegulatoryPathway = consent.Pathway,
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

    /// <summary>
    /// The clinic against a saved comparison cohort (plans of ≥ 100 × 10⁶ cells): the comparison's patients leave the clinic
    /// side; the workspace, its API and its page show the engine's between-cohort effect on the same pairs, for MD, SMD,
    /// RR and OR (responders: PAIN_VAS MCID), and SMD without a comparison is the standardised mean change.
    /// </summary>
    [Theory, BothEngines]
    public async Task Compute_AgainstSavedCohort_EqualsTheEngineOnBothSides(DatabaseProvider engine)
    {
        await using var lab = await LabBench.CreateAsync(engine);
        var clinicIds = new List<string>();
        for (var i = 1; i <= 4; i++) clinicIds.Add(await TreatedPatientAsync(lab, i));
        var high = new List<string>();
        for (var i = 5; i <= 7; i++) high.Add(await TreatedPatientAsync(lab, i, planCellsE6: 120));
        lab.Db.Clock.Advance(new DateTimeOffset(2027, 7, 1, 9, 0, 0, TimeSpan.Zero) - lab.Db.Clock.GetUtcNow());
        double[] b1 = [70, 60, 66, 58], f1 = [30, 52, 40, 50];   // clinic: changes −40, −8, −26, −8
        double[] b2 = [64, 72, 61], f2 = [50, 70, 40];          // comparison: −14, −2, −21
        for (var i = 0; i < 4; i++) { await VasAsync(lab, clinicIds[i], "2026-06-10", (int)b1[i], "BASE"); await VasAsync(lab, clinicIds[i], "2027-06-15", (int)f1[i], "M12"); }
        for (var i = 0; i < 3; i++) { await VasAsync(lab, high[i], "2026-06-10", (int)b2[i], "BASE"); await VasAsync(lab, high[i], "2027-06-15", (int)f2[i], "M12"); }
        var saved = Done(await lab.Db.Get<OrthoRegen.Outcomes.SavedCohortStore>().CreateAsync(lab.Physician, new OrthoRegen.Outcomes.SaveCohort
        {
            Name = "High dose plans", Definition = """{"totalCellsMinE6":100}""",
        }, default));

        var catalog = lab.Db.Get<InstrumentCatalog>();
        var vas = catalog.Find("PAIN_VAS")!.Definition;
        var population = vas.ChangeThresholds.First(t => t.Score == "vas_mm" && t.Kind == ChangeThresholdKind.MinimalImportantChange).Population;
        int Responders(double[] b, double[] f) => b.Where((x, i) => OrthoRegen.Outcomes.Responders.Reached(vas, "vas_mm", population, x, f[i]) == true).Count();
        var (r1, r2) = (Responders(b1, f1), Responders(b2, f2));
        Assert.NotEqual(0, r1);
        double[] d1 = f1.Select((x, i) => x - b1[i]).ToArray(), d2 = f2.Select((x, i) => x - b2[i]).ToArray();
        static double Sd(double[] x) => Math.Sqrt(x.Sum(v => (v - x.Average()) * (v - x.Average())) / (x.Length - 1));
        var expected = new Dictionary<string, (double Yi, double Vi)>
        {
            ["MD"] = EffectSizes.MeanDifference(4, d1.Average(), Sd(d1), 3, d2.Average(), Sd(d2)),
            ["SMD"] = EffectSizes.HedgesG(4, d1.Average(), Sd(d1), 3, d2.Average(), Sd(d2)),
            ["RR"] = EffectSizes.LogRiskRatio(r1, 4, r2, 3),
            ["OR"] = EffectSizes.LogOddsRatio(r1, 4, r2, 3),
        };
        var workspace = lab.Db.Get<MetaWorkspace>();
        foreach (var (measure, (yi, vi)) in expected)
        {
            var w = ((Outcome<MetaWorkspaceResult>.Done)await workspace.RunAsync(lab.Physician,
                new MetaRequest { Instrument = "PAIN_VAS", Subscale = "vas_mm", Month = 12, Measure = measure, Comparison = saved.Id }, default)).Value;
            var c = w.Clinic!;
            Assert.Equal((4, 3, "High dose plans"), (c.Treated, c.Comparison!.Treated, c.ComparisonName));
            Assert.Equal(Descriptive.PairedChange(b1, f1), c.Change);
            Assert.Equal(Descriptive.PairedChange(b2, f2), c.Comparison.Change);
            Assert.Equal(("BETWEEN_" + measure, yi, vi), (c.Effect!.Definition, c.Effect.Estimate, c.Effect.Variance));
        }
        var smcc = ((Outcome<MetaWorkspaceResult>.Done)await workspace.RunAsync(lab.Physician,
            new MetaRequest { Instrument = "PAIN_VAS", Subscale = "vas_mm", Month = 12, Measure = "SMD" }, default)).Value.Clinic!;
        Assert.Equal(7, smcc.Treated);
        var all = d1.Concat(d2).ToArray();
        Assert.Equal(ClinicEffects.Estimate("SMD", b1.Concat(b2).ToList(), f1.Concat(f2).ToList(), null, (null, null)).Effect!.Estimate, smcc.Effect!.Estimate);
        Assert.InRange(smcc.Effect.Estimate, all.Average() / Sd(all), 0);   // Hedges-corrected: the negative change shrunk towards 0

        // the same numbers through the API and on the page
        await using var server = await OrthoRegenServer.StartAsync(engine, TestDatabase.Settings(engine, lab.Db.ConnectionString));
        var researcher = await server.SignInAsAsync("re.clinic", [OrthoRegen.Accounts.Roles.Researcher]);
        var query = $"?instrument=PAIN_VAS&subscale=vas_mm&month=12&measure=RR&comparison={saved.Id}";
        var json = JsonDocument.Parse(await researcher.GetStringAsync("/api/evidence/meta" + query)).RootElement.GetProperty("clinic").GetProperty("effect");
        Assert.Equal(expected["RR"].Yi, json.GetProperty("estimate").GetDouble());
        var page = await researcher.GetStringAsync("/evidence/meta" + query);
        var match = System.Text.RegularExpressions.Regex.Match(page, "data-value=\"clinic-effect\" data-definition=\"BETWEEN_RR\" data-estimate=\"([^\"]+)\"");
        Assert.True(match.Success, "the page shows the clinic effect");
        Assert.Equal(expected["RR"].Yi, double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        var bad = await researcher.GetAsync("/api/evidence/meta?instrument=PAIN_VAS&subscale=vas_mm&month=12&comparison=01NOSUCHCOHORT0000000000000");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
