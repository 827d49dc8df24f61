using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Assessment;
using OrthoRegen.Candidacy;
using OrthoRegen.Data;
using OrthoRegen.Patients;
using OrthoRegen.Testing;
using OrthoRegen.Treatment;

namespace OrthoRegen.IntegrationTests.Treatment;

public class TreatmentPlanStoreTests
{
    const string Today = "2026-06-15"; // TestDatabase's clock

    /// <summary>A registered patient weighing 62.5 kg with a right-knee assessment (KL 3, failed HA), as a physician at MAIN.</summary>
    sealed record Chart(TestDatabase Db, Actor Physician, string PatientId, string AssessmentId) : IAsyncDisposable
    {
        public TreatmentPlanStore Plans => Db.Get<TreatmentPlanStore>();
        public ValueTask DisposeAsync() => Db.DisposeAsync();

        public async Task<string> ConsentAsync(string form = "TREATMENT", string pathway = "KR_ARM_TREATMENT", bool allogeneicAck = false)
        {
            var outcome = await Db.Get<ConsentStore>().RecordAsync(Physician, PatientId, new RecordConsent
            {
                FormCode = form, FormVersion = "1.0", Language = "ko", SignedAt = "2026-06-10", Signer = "PATIENT", Pathway = pathway,
                RisksExplained = true, EvidenceLevelExplained = true, AlternativesExplained = true, PersonalDataProcessing = true,
                RightToWithdraw = true, LongTermFollowUpAck = true, AllogeneicSourceAck = allogeneicAck,
            }, default);
            return Assert.IsType<Outcome<ConsentRecord>.Done>(outcome).Value.Id;
        }

        public async Task<string> DecideAsync(string decision)
        {
            var outcome = await Db.Get<CandidacyStore>().DecideAsync(Physician, PatientId, new RecordCandidacyDecision
            {
                AssessmentId = AssessmentId, Decision = decision, OverrideReason = decision == PhysicianDecision.Proceed ? null : "Discussed with the patient",
            }, default);
            return Assert.IsType<Outcome<CandidacyDecision>.Done>(outcome).Value.Id;
        }

        public async Task<long> CountAsync(string table)
        {
            await using var c = await Db.Database.OpenAsync(default);
            return await c.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
        }
    }

    static async Task<Chart> ChartAsync(DatabaseProvider engine)
    {
        var db = await TestDatabase.CreateAsync(engine);
        var physician = await db.StaffAtMainSiteAsync();
        var patient = await db.RegisterPatientAsync(physician);
        Assert.IsType<Outcome<BodyMeasurement>.Done>(await db.Get<PatientStore>().RecordMeasurementAsync(physician, patient.Id,
            new RecordBodyMeasurement { MeasuredOn = "2026-06-01", WeightKg = 62.5 }, default));
        var assessment = await db.Get<AssessmentStore>().RecordAsync(physician, patient.Id, new RecordAssessment
        {
            Indication = "KNEE_OA", Target = "KNEE_R", AssessedOn = "2026-06-10", SymptomDurationMonths = 14,
            Imaging = [new ImagingReadInput { Modality = "XRAY", ReadOn = "2026-06-10", Reader = "Dr Lee", KlGrade = 3 }],
            ConservativeTreatments = [new ConservativeTreatmentInput { Type = "IA_HA", Response = "PARTIAL_TRANSIENT", LastIaInjectionOn = "2025-01-10" }],
        }, default);
        return new Chart(db, physician, patient.Id, Assert.IsType<Outcome<AssessmentRecord>.Done>(assessment).Value.Id);
    }

    static PlanTreatment Knee(string consentId) => new()
    {
        Indication = "KNEE_OA", Target = "KNEE_R", ConsentId = consentId, CellSource = "BM_MSC", Origin = "AUTOLOGOUS",
        Manipulation = "MORE_THAN_MINIMAL", TotalCellsE6 = 50, Route = "INTRA_ARTICULAR", Guidance = "ULTRASOUND",
        PlannedInjections = 2, IntervalDays = 28, Adjuncts = ["PRP", "HA"], RehabProgramme = "Knee OA programme", RehabWeeks = 12,
        RehabSessionsPerWeek = 2, RegulatoryPathway = "KR_ARM_TREATMENT",
    };

    static AmendTreatmentPlan Amend(PlanTreatment p, int version, string reason) => new()
    {
        Version = version, Reason = reason, Indication = p.Indication, Target = p.Target, TargetLevel = p.TargetLevel, ConsentId = p.ConsentId,
        ResearchConsentId = p.ResearchConsentId, CellSource = p.CellSource, Origin = p.Origin, Manipulation = p.Manipulation,
        TotalCellsE6 = p.TotalCellsE6, Route = p.Route, Guidance = p.Guidance, PlannedInjections = p.PlannedInjections,
        IntervalDays = p.IntervalDays, Adjuncts = p.Adjuncts, RehabProgramme = p.RehabProgramme, RehabWeeks = p.RehabWeeks,
        RehabSessionsPerWeek = p.RehabSessionsPerWeek, RegulatoryPathway = p.RegulatoryPathway,
    };

    static async Task<IReadOnlyDictionary<string, string[]>> RefusedAsync(Chart chart, PlanTreatment plan)
    {
        var before = (await chart.CountAsync("treatment_plan_versions"), await chart.CountAsync("audit_log"));
        var outcome = await chart.Plans.CreateAsync(chart.Physician, chart.PatientId, plan, default);
        Assert.Equal(before, (await chart.CountAsync("treatment_plan_versions"), await chart.CountAsync("audit_log")));
        return Assert.IsType<Outcome<TreatmentPlan>.Invalid>(outcome).Errors;
    }

    [Theory, BothEngines]
    public async Task Create_OnConsentAndProceed_StoresActivePlanWithDerivedDose(DatabaseProvider engine)
    {
        await using var chart = await ChartAsync(engine);
        var consent = await chart.ConsentAsync();
        var decision = await chart.DecideAsync(PhysicianDecision.Proceed);
        var plan = Assert.IsType<Outcome<TreatmentPlan>.Done>(await chart.Plans.CreateAsync(chart.Physician, chart.PatientId, Knee(consent), default)).Value;

        Assert.Equal((1, "ACTIVE", decision, consent), (plan.Version, plan.Status, plan.CandidacyDecisionId, plan.ConsentId));
        Assert.Equal(("MEDIUM", 62.5, 0.8, new DateOnly(2026, 6, 1)), (plan.DoseTier, plan.WeightKg, plan.CellsPerKgE6!.Value, plan.WeightMeasuredOn!.Value));
        Assert.Equal(["PRP", "HA"], plan.Adjuncts);
        Assert.Equal((12, 2), (plan.RehabWeeks!.Value, plan.RehabSessionsPerWeek!.Value));
        Assert.Equal(TreatmentThresholds.Default.Version, plan.RulesVersion);
        Assert.Equivalent(plan, await chart.Plans.FindAsync(plan.Id, default), strict: true);
        Assert.Equal([plan.Id], (await chart.Plans.ReadAllAsync(chart.Physician, chart.PatientId, default))!.Select(p => p.Id));

        await using var c = await chart.Db.Database.OpenAsync(default);
        var audited = await c.QuerySingleAsync<(string Action, string Fields)>(
            "SELECT action AS Action, fields AS Fields FROM audit_log WHERE entity = 'treatment_plan' AND entity_id = @id AND action = 'CREATE'", new { id = plan.Id });
        Assert.Contains("dose_tier", audited.Fields);
    }

    [Theory, BothEngines]
    public async Task Create_KneeWithoutGuidance_IsSavedAndReadBackWithWarning(DatabaseProvider engine)
    {
        await using var chart = await ChartAsync(engine);
        var consent = await chart.ConsentAsync();
        await chart.DecideAsync(PhysicianDecision.Proceed);
        var plan = Assert.IsType<Outcome<TreatmentPlan>.Done>(await chart.Plans.CreateAsync(chart.Physician, chart.PatientId,
            Knee(consent) with { Guidance = "NONE" }, default)).Value;
        var read = await chart.Plans.GetAsync(chart.Physician, plan.Id, default);
        var w = Assert.Single(read!.Warnings);
        Assert.Equal(("R1", "guidance", TreatmentMessages.KneeNoGuidanceKey, "NONE"), (w.Rule, w.Field, w.MessageKey, w.MessageArgs.Single()));
    }

    [Theory, BothEngines]
    public async Task Create_NoConsent_IsRefusedAndWritesNothing(DatabaseProvider engine)
    {
        await using var chart = await ChartAsync(engine);
        await chart.DecideAsync(PhysicianDecision.Proceed);
        var errors = await RefusedAsync(chart, Knee(consentId: ""));
        Assert.Equal(TreatmentMessages.ConsentRequired, errors["consentId"].Single());
    }

    [Theory, BothEngines]
    public async Task Create_WithdrawnConsent_IsRefused(DatabaseProvider engine)
    {
        await using var chart = await ChartAsync(engine);
        var consent = await chart.ConsentAsync();
        await chart.DecideAsync(PhysicianDecision.Proceed);
        Assert.IsType<Outcome<ConsentRecord>.Done>(await chart.Db.Get<ConsentStore>().WithdrawAsync(chart.Physician, chart.PatientId, consent,
            new WithdrawConsent { Version = 1, Reason = "Patient changed her mind" }, default));
        var errors = await RefusedAsync(chart, Knee(consent));
        Assert.StartsWith("This consent was withdrawn on 2026-06-15", errors["consentId"].Single());
    }

    [Theory, BothEngines]
    public async Task Create_DoNotProceed_IsRefused(DatabaseProvider engine)
    {
        await using var chart = await ChartAsync(engine);
        var consent = await chart.ConsentAsync();
        await chart.DecideAsync(PhysicianDecision.DoNotProceed);
        var errors = await RefusedAsync(chart, Knee(consent));
        Assert.Contains("DO_NOT_PROCEED", errors["target"].Single());
    }

    [Theory, BothEngines]
    public async Task Create_NoDecisionForTarget_IsRefused(DatabaseProvider engine)
    {
        await using var chart = await ChartAsync(engine);
        var consent = await chart.ConsentAsync();
        var errors = await RefusedAsync(chart, Knee(consent));
        Assert.Equal(TreatmentMessages.Format(TreatmentMessages.NoDecision, "KNEE_R"), errors["target"].Single());
    }

    [Theory, BothEngines]
    public async Task Create_ReferToResearch_NeedsAValidResearchConsent(DatabaseProvider engine)
    {
        await using var chart = await ChartAsync(engine);
        var consent = await chart.ConsentAsync();
        await chart.DecideAsync(PhysicianDecision.ReferToResearch);
        var errors = await RefusedAsync(chart, Knee(consent) with { RegulatoryPathway = "KR_ARM_RESEARCH" });
        Assert.Equal(TreatmentMessages.Format(TreatmentMessages.ResearchConsentRequired, "KNEE_R"), errors["researchConsentId"].Single());

        var research = await chart.ConsentAsync(form: "RESEARCH", pathway: "KR_ARM_RESEARCH");
        var plan = await chart.Plans.CreateAsync(chart.Physician, chart.PatientId,
            Knee(consent) with { ResearchConsentId = research, RegulatoryPathway = "KR_ARM_RESEARCH" }, default);
        Assert.Equal(research, Assert.IsType<Outcome<TreatmentPlan>.Done>(plan).Value.ResearchConsentId);
    }

    [Theory, BothEngines]
    public async Task Create_ExpandedCellsOnRoutineCareConsent_IsRefusedByR3(DatabaseProvider engine)
    {
        await using var chart = await ChartAsync(engine);
        var consent = await chart.ConsentAsync(pathway: "ROUTINE_CARE");
        await chart.DecideAsync(PhysicianDecision.Proceed);
        var errors = await RefusedAsync(chart, Knee(consent) with { RegulatoryPathway = "ROUTINE_CARE" });
        Assert.StartsWith("R3: ", errors["manipulation"].Single());

        var bmac = await chart.Plans.CreateAsync(chart.Physician, chart.PatientId,
            Knee(consent) with { CellSource = "BMAC", Manipulation = "MINIMAL", RegulatoryPathway = "ROUTINE_CARE" }, default);
        Assert.IsType<Outcome<TreatmentPlan>.Done>(bmac);
    }

    [Theory, BothEngines]
    public async Task Create_AllogeneicWithoutAcknowledgement_IsRefused(DatabaseProvider engine)
    {
        await using var chart = await ChartAsync(engine);
        var consent = await chart.ConsentAsync();
        await chart.DecideAsync(PhysicianDecision.Proceed);
        var errors = await RefusedAsync(chart, Knee(consent) with { CellSource = "UC_MSC", Origin = "ALLOGENEIC" });
        Assert.Equal(TreatmentMessages.AllogeneicAck, errors["consentId"].Single());
    }

    [Theory, BothEngines]
    public async Task Amend_WithCurrentVersion_AddsVersionAndRecomputesTier(DatabaseProvider engine)
    {
        await using var chart = await ChartAsync(engine);
        var consent = await chart.ConsentAsync();
        await chart.DecideAsync(PhysicianDecision.Proceed);
        var v1 = Assert.IsType<Outcome<TreatmentPlan>.Done>(await chart.Plans.CreateAsync(chart.Physician, chart.PatientId, Knee(consent), default)).Value;
        var amended = await chart.Plans.AmendAsync(chart.Physician, v1.Id, Amend(Knee(consent) with { TotalCellsE6 = 100 }, 1, "Dose raised after lab yield"), default);
        var v2 = Assert.IsType<Outcome<TreatmentPlan>.Done>(amended).Value;
        Assert.Equal((2, "HIGH", 1.6, "Dose raised after lab yield"), (v2.Version, v2.DoseTier, v2.CellsPerKgE6!.Value, v2.Reason));
        var history = await chart.Plans.HistoryAsync(chart.Physician, v1.Id, default);
        Assert.Equal([(1, 50.0), (2, 100.0)], history!.Select(h => (h.Version, h.TotalCellsE6)));
    }

    [Theory, BothEngines]
    public async Task Amend_WithStaleVersion_IsConflictAndChangesNothing(DatabaseProvider engine)
    {
        await using var chart = await ChartAsync(engine);
        var consent = await chart.ConsentAsync();
        await chart.DecideAsync(PhysicianDecision.Proceed);
        var v1 = Assert.IsType<Outcome<TreatmentPlan>.Done>(await chart.Plans.CreateAsync(chart.Physician, chart.PatientId, Knee(consent), default)).Value;
        Assert.IsType<Outcome<TreatmentPlan>.Done>(await chart.Plans.AmendAsync(chart.Physician, v1.Id, Amend(Knee(consent) with { TotalCellsE6 = 60 }, 1, "first"), default));
        var stale = await chart.Plans.AmendAsync(chart.Physician, v1.Id, Amend(Knee(consent) with { TotalCellsE6 = 10 }, 1, "second"), default);
        Assert.IsType<Outcome<TreatmentPlan>.Conflict>(stale);
        Assert.Equal(60, (await chart.Plans.FindAsync(v1.Id, default))!.TotalCellsE6);
        Assert.Equal(2, await chart.CountAsync("treatment_plan_versions"));
    }

    [Theory, BothEngines]
    public async Task Amend_AfterConsentWithdrawn_IsRefused(DatabaseProvider engine)
    {
        await using var chart = await ChartAsync(engine);
        var consent = await chart.ConsentAsync();
        await chart.DecideAsync(PhysicianDecision.Proceed);
        var v1 = Assert.IsType<Outcome<TreatmentPlan>.Done>(await chart.Plans.CreateAsync(chart.Physician, chart.PatientId, Knee(consent), default)).Value;
        await chart.Db.Get<ConsentStore>().WithdrawAsync(chart.Physician, chart.PatientId, consent, new WithdrawConsent { Version = 1, Reason = "r" }, default);
        var outcome = await chart.Plans.AmendAsync(chart.Physician, v1.Id, Amend(Knee(consent), 1, "interval"), default);
        Assert.Contains("consentId", Assert.IsType<Outcome<TreatmentPlan>.Invalid>(outcome).Errors.Keys);
    }

    [Theory, BothEngines]
    public async Task ChangeStatus_Cancelled_KeepsContentAndBlocksFurtherChanges(DatabaseProvider engine)
    {
        await using var chart = await ChartAsync(engine);
        var consent = await chart.ConsentAsync();
        await chart.DecideAsync(PhysicianDecision.Proceed);
        var v1 = Assert.IsType<Outcome<TreatmentPlan>.Done>(await chart.Plans.CreateAsync(chart.Physician, chart.PatientId, Knee(consent), default)).Value;
        var cancelled = Assert.IsType<Outcome<TreatmentPlan>.Done>(await chart.Plans.ChangeStatusAsync(chart.Physician, v1.Id,
            new ChangePlanStatus { Version = 1, Status = "CANCELLED", Reason = "Patient moved abroad" }, default)).Value;
        Assert.Equal((2, "CANCELLED", v1.TotalCellsE6, v1.ConsentId), (cancelled.Version, cancelled.Status, cancelled.TotalCellsE6, cancelled.ConsentId));
        Assert.IsType<Outcome<TreatmentPlan>.Conflict>(await chart.Plans.ChangeStatusAsync(chart.Physician, v1.Id,
            new ChangePlanStatus { Version = 2, Status = "COMPLETED", Reason = "r" }, default));
        Assert.IsType<Outcome<TreatmentPlan>.Conflict>(await chart.Plans.AmendAsync(chart.Physician, v1.Id, Amend(Knee(consent), 2, "r"), default));
        var bad = await chart.Plans.ChangeStatusAsync(chart.Physician, v1.Id, new ChangePlanStatus { Version = 2, Status = "ACTIVE" }, default);
        Assert.Equal(["reason", "status"], Assert.IsType<Outcome<TreatmentPlan>.Invalid>(bad).Errors.Keys.Order());
    }

    [Theory, BothEngines]
    public async Task OtherSite_SeesNoPlanAndCannotWrite(DatabaseProvider engine)
    {
        await using var chart = await ChartAsync(engine);
        var consent = await chart.ConsentAsync();
        await chart.DecideAsync(PhysicianDecision.Proceed);
        var plan = Assert.IsType<Outcome<TreatmentPlan>.Done>(await chart.Plans.CreateAsync(chart.Physician, chart.PatientId, Knee(consent), default)).Value;
        var busan = await chart.Db.Get<SiteStore>().EnsureAsync("BUSAN", "Busan clinic", default);
        var stranger = new Actor("u9", "dr.park", [Roles.Physician], false, [busan.Id], "127.0.0.1");
        Assert.Null(await chart.Plans.GetAsync(stranger, plan.Id, default));
        Assert.Null(await chart.Plans.ReadAllAsync(stranger, chart.PatientId, default));
        Assert.IsType<Outcome<TreatmentPlan>.NotFound>(await chart.Plans.CreateAsync(stranger, chart.PatientId, Knee(consent), default));
        Assert.IsType<Outcome<TreatmentPlan>.NotFound>(await chart.Plans.AmendAsync(stranger, plan.Id, Amend(Knee(consent), 1, "r"), default));
    }
}
