using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.CellLab;
using OrthoRegen.Data;
using OrthoRegen.Testing;
using static OrthoRegen.IntegrationTests.CellLab.LabBench;

namespace OrthoRegen.IntegrationTests.CellLab;

public class LotStoreTests
{
    // ---- DIN -----------------------------------------------------------------------------------------------------------

    [Theory, BothEngines]
    public async Task RecordCollection_Concurrently_DinsAreUniqueAndConsecutive(DatabaseProvider engine)
    {
        await using var lab = await CreateAsync(engine);
        var p = await lab.PatientAsync();
        var cols = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => lab.BoneMarrowAsync(p.Id)));
        var dins = cols.Select(c => c.Din).ToList();
        Assert.Equal(8, dins.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 8).Select(i => $"Z999926{i:000000}"), dins.Order());
        Assert.All(cols, c => Assert.Equal(Isbt128.CheckCharacter(c.Din).ToString(), c.CheckChar));
        Assert.All(cols, c => Assert.True(c.IsTest)); // the default FIN is fictitious
    }

    [Theory, BothEngines]
    public async Task DinTable_RejectsDuplicate(DatabaseProvider engine)
    {
        await using var lab = await CreateAsync(engine);
        var p = await lab.PatientAsync();
        var col = await lab.BoneMarrowAsync(p.Id);
        await using var c = await lab.Db.Database.OpenAsync(default);
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            c.ExecuteAsync("INSERT INTO lab_dins (din, collection_id, is_test, allocated_at) VALUES (@din, @id, @t, @at)",
                new { din = col.Din, id = col.Id, t = true, at = DateTimeOffset.UtcNow }));
    }

    [Theory, BothEngines]
    public async Task RecordCollection_WithoutConsent_IsRefusedAndWritesNothing(DatabaseProvider engine)
    {
        await using var lab = await CreateAsync(engine);
        var p = await lab.PatientAsync(consent: false);
        var errors = Invalid(await lab.Collections.RecordAsync(lab.Tech, new RecordCollection
        {
            Origin = "AUTOLOGOUS", PatientId = p.PseudonymCode, Tissue = "BONE_MARROW_ASPIRATE", CollectedAt = "2026-06-14", VolumeMl = 60, Collector = "Dr Lee",
        }, default));
        Assert.Equal([CellLabMessages.NoConsent], errors["patientId"]);
        await using var c = await lab.Db.Database.OpenAsync(default);
        Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM collection_versions"));
    }

    // ---- I1 ------------------------------------------------------------------------------------------------------------

    [Theory, BothEngines]
    public async Task CreateLot_AutologousForAnotherPatient_IsI1HardError(DatabaseProvider engine)
    {
        await using var lab = await CreateAsync(engine);
        var donor = await lab.PatientAsync();
        var other = await lab.PatientAsync("Park", "Jisoo", "MRN-88");
        var col = await lab.BoneMarrowAsync(donor.Id);
        var errors = Invalid(await lab.Lots.CreateAsync(lab.Tech, new CreateLot
        {
            LotNumber = "L-9", ProductType = "EXPANDED_MSC", CellSource = "BM_MSC", Manipulation = "MORE_THAN_MINIMAL", CollectionIds = [col.Id], RecipientPatientId = other.Id,
        }, default));
        Assert.Equal([CellLabMessages.I1Mismatch], errors["recipientPatientId"]);
    }

    [Theory, BothEngines]
    public async Task AllocateDivision_AutologousToAnotherPatient_IsI1HardError(DatabaseProvider engine)
    {
        await using var lab = await CreateAsync(engine);
        var donor = await lab.PatientAsync();
        var other = await lab.PatientAsync("Park", "Jisoo", "MRN-88");
        var lot = await lab.MscLotAsync(donor.Id);
        lot = Done(await lab.Lots.AddDivisionAsync(lab.Tech, lot.Id, new AddDivision { DivisionCode = "A0", VolumeMl = 2, ViableCellsE6 = 100 }, default));
        var errors = Invalid(await lab.Lots.AllocateAsync(lab.Tech, lot.Id, "A0", new AllocateDivision { PatientId = other.PseudonymCode, Version = 1 }, default));
        Assert.Equal([CellLabMessages.I1Mismatch], errors["patientId"]);
        Done(await lab.Lots.AllocateAsync(lab.Tech, lot.Id, "A0", new AllocateDivision { PatientId = donor.Id, Version = 1 }, default));
    }

    [Theory, BothEngines]
    public async Task CreateLot_R2WrongManipulation_IsRefused(DatabaseProvider engine)
    {
        await using var lab = await CreateAsync(engine);
        var p = await lab.PatientAsync();
        var col = await lab.BoneMarrowAsync(p.Id);
        var errors = Invalid(await lab.Lots.CreateAsync(lab.Tech, new CreateLot
        {
            LotNumber = "L-9", ProductType = "EXPANDED_MSC", CellSource = "BM_MSC", Manipulation = "MINIMAL", CollectionIds = [col.Id],
        }, default));
        Assert.Contains("R2", errors["manipulation"][0]);
    }

    // ---- release ---------------------------------------------------------------------------------------------------

    [Theory, BothEngines]
    public async Task Decide_AllPass_ReleasedWithTraceAndAdministrable(DatabaseProvider engine)
    {
        await using var lab = await CreateAsync(engine);
        var p = await lab.PatientAsync();
        var lot = await lab.PassingQcAsync((await lab.MscLotAsync(p.Id)).Id);
        Assert.Equal("RELEASED", lot.Evaluation.RuleResult);
        Assert.Equal("350", lot.Evaluation.Trace.Single(l => l.RuleId == "Q5").Inputs["limitEu"]); // 70 kg intra-articular
        lot = Done(await lab.Lots.DecideAsync(lab.Qa, lot.Id, new DecideRelease { Status = "RELEASED" }, default));
        Assert.Equal(("RELEASED", "qa.yoon"), (lot.CurrentDecision!.Status, lot.CurrentDecision.AuthorisedBy));
        var forAdmin = (await lab.Lots.FindForAdministrationAsync(lot.Id, null, default))!;
        Assert.True(forAdmin.IsReleased);
        Assert.Equal((p.Id, p.Id, "S1001A00", lot.Din.Code), (forAdmin.DonorPatientId, forAdmin.RecipientPatientId, forAdmin.ProductCode, forAdmin.Din));
        Assert.Equal(forAdmin.LotId, (await lab.Lots.FindForAdministrationByDinAsync(forAdmin.Din + "00", "S1001A00", default))?.LotId);
    }

    [Theory, BothEngines]
    public async Task Decide_QaWhoIsAlsoAnalyst_IsRefused(DatabaseProvider engine)
    {
        await using var lab = await CreateAsync(engine);
        var p = await lab.PatientAsync();
        var lot = await lab.PassingQcAsync((await lab.MscLotAsync(p.Id)).Id);
        var qaAnalyst = lab.Analyst with { RoleNames = [Roles.QA, Roles.CellLab] };
        var errors = Invalid(await lab.Lots.DecideAsync(qaAnalyst, lot.Id, new DecideRelease { Status = "RELEASED" }, default));
        Assert.Equal([CellLabMessages.QaIsAnalyst], errors["authorisedBy"]);
    }

    [Theory, BothEngines]
    public async Task Decide_RulesRejected_CannotBeReleasedOrConditional(DatabaseProvider engine)
    {
        await using var lab = await CreateAsync(engine);
        var p = await lab.PatientAsync();
        var lot = await lab.PassingQcAsync((await lab.MscLotAsync(p.Id)).Id, viability: 60);
        Assert.Equal("REJECTED", lot.Evaluation.RuleResult);
        Assert.Contains(CellLabMessages.ReleaseContradictsRules, Invalid(await lab.Lots.DecideAsync(lab.Qa, lot.Id, new DecideRelease { Status = "RELEASED" }, default))["status"][0]);
        Assert.Contains(CellLabMessages.ConditionalNotAllowed, Invalid(await lab.Lots.DecideAsync(lab.Qa, lot.Id, new DecideRelease { Status = "CONDITIONAL_RELEASE" }, default))["status"][0]);
        lot = Done(await lab.Lots.DecideAsync(lab.Qa, lot.Id, new DecideRelease { Status = "REJECTED", Reason = "Viability 60%" }, default));
        Assert.False((await lab.Lots.FindForAdministrationAsync(lot.Id, null, default))!.IsReleased);
    }

    [Theory, BothEngines]
    public async Task Decide_AfterQuarantine_ReleaseNeedsNewDecisionWithReason_HistoryKept(DatabaseProvider engine)
    {
        await using var lab = await CreateAsync(engine);
        var p = await lab.PatientAsync();
        var lot = await lab.PassingQcAsync((await lab.MscLotAsync(p.Id)).Id);
        lot = Done(await lab.Lots.DecideAsync(lab.Qa, lot.Id, new DecideRelease { Status = "QUARANTINE", Reason = "Label check" }, default));
        Assert.False((await lab.Lots.FindForAdministrationAsync(lot.Id, null, default))!.IsReleased);
        Assert.Equal([CellLabMessages.ReasonAfterStop], Invalid(await lab.Lots.DecideAsync(lab.Qa, lot.Id, new DecideRelease { Status = "RELEASED" }, default))["reason"]);
        lot = Done(await lab.Lots.DecideAsync(lab.Qa, lot.Id, new DecideRelease { Status = "RELEASED", Reason = "Label re-checked" }, default));
        Assert.Equal([(1, "QUARANTINE"), (2, "RELEASED")], lot.Decisions.Select(d => (d.Version, d.Status)));
        Assert.True((await lab.Lots.FindForAdministrationAsync(lot.Id, null, default))!.IsReleased);
    }

    [Theory, BothEngines]
    public async Task ConditionalRelease_NeedsPhysicianAcknowledgement(DatabaseProvider engine)
    {
        await using var lab = await CreateAsync(engine);
        var p = await lab.PatientAsync();
        var lot = await lab.PassingQcAsync((await lab.MscLotAsync(p.Id)).Id, sterility: "PENDING");
        Assert.Equal("CONDITIONAL_RELEASE", lot.Evaluation.RuleResult);
        Assert.Contains(CellLabMessages.ReleaseContradictsRules, Invalid(await lab.Lots.DecideAsync(lab.Qa, lot.Id, new DecideRelease { Status = "RELEASED" }, default))["status"][0]);
        lot = Done(await lab.Lots.DecideAsync(lab.Qa, lot.Id, new DecideRelease { Status = "CONDITIONAL_RELEASE" }, default));
        Assert.False((await lab.Lots.FindForAdministrationAsync(lot.Id, null, default))!.IsReleased);
        Assert.IsType<Outcome<LotView>.Conflict>(await lab.Lots.AcknowledgeAsync(lab.Qa, lot.Id, new AcknowledgeConditionalRelease { Version = 1, AcknowledgePendingTests = true }, default));
        Assert.Contains("acknowledgePendingTests", Invalid(await lab.Lots.AcknowledgeAsync(lab.Physician, lot.Id, new AcknowledgeConditionalRelease { Version = 1 }, default)).Keys);
        lot = Done(await lab.Lots.AcknowledgeAsync(lab.Physician, lot.Id, new AcknowledgeConditionalRelease { Version = 1, AcknowledgePendingTests = true, Note = "Discussed" }, default));
        var admin = (await lab.Lots.FindForAdministrationAsync(lot.Id, null, default))!;
        Assert.Equal((true, "CONDITIONAL_RELEASE", "dr.lee"), (admin.IsReleased, admin.ReleaseStatus, admin.AcknowledgedBy));
        Assert.Equal(2, lot.Decisions.Count);
    }

    [Theory, BothEngines]
    public async Task SterilityFailsAfterConditionalRelease_DeviationNotificationRejectionAndHook(DatabaseProvider engine)
    {
        await using var lab = await CreateAsync(engine);
        var p = await lab.PatientAsync();
        var lot = await lab.PassingQcAsync((await lab.MscLotAsync(p.Id)).Id, sterility: "PENDING");
        lot = Done(await lab.Lots.DecideAsync(lab.Qa, lot.Id, new DecideRelease { Status = "CONDITIONAL_RELEASE" }, default));
        lot = Done(await lab.Lots.AcknowledgeAsync(lab.Physician, lot.Id, new AcknowledgeConditionalRelease { Version = 1, AcknowledgePendingTests = true }, default));
        var sterility = lot.Qc.Single(q => q.Test == "STERILITY_USP71");
        lot = Done(await lab.Lots.UpdateQcAsync(lab.Analyst, lot.Id, sterility.Id, new UpdateQcResult
        {
            Version = 1, Result = "FAIL", ResultedAt = "2026-06-15T08:30:00Z", Reason = "Day-14 read: growth",
        }, default));
        Assert.Equal("STERILITY_FAIL_AFTER_RELEASE", Assert.Single(lot.Deviations).Kind);
        var notice = Assert.Single(lot.Notifications);
        Assert.Equal((p.Id, "dr.lee", new DateOnly(2026, 6, 15)), (notice.PatientId, notice.Recipient, notice.DueOn)); // same day
        Assert.Equal(("REJECTED", LotStore.SystemDecider), (lot.CurrentDecision!.Status, lot.CurrentDecision.AuthorisedBy));
        Assert.False((await lab.Lots.FindForAdministrationAsync(lot.Id, null, default))!.IsReleased);
        Assert.Single((await lab.Lots.NotificationsForPatientAsync(lab.Physician, p.Id, default))!);
    }

    [Theory, BothEngines]
    public async Task SterilityFailure_CallsRegisteredListener(DatabaseProvider engine)
    {
        var listener = new RecordingListener();
        await using var db = await TestDatabase.CreateAsync(engine);
        var lots = new LotStore(db.Database, db.Get<OrthoRegen.Audit.AuditTrail>(), db.Get<LabLookups>(), db.Get<OrthoRegen.Patients.PatientStore>(),
            db.Get<DonorStore>(), db.Get<CustodyStore>(), db.Get<ReleaseRules>(), [listener],
            Microsoft.Extensions.Logging.Abstractions.NullLogger<LotStore>.Instance, db.Clock);
        var lab = new LabBench
        {
            Db = db, Tech = await db.StaffAtMainSiteAsync(Roles.CellLab, "lab.choi"), Analyst = await db.StaffAtMainSiteAsync(Roles.CellLab, "qc.han"),
            Qa = await db.StaffAtMainSiteAsync(Roles.QA, "qa.yoon"), Physician = await db.StaffAtMainSiteAsync(Roles.Physician, "dr.lee"),
        };
        var p = await lab.PatientAsync();
        var lot = await lab.PassingQcAsync((await lab.MscLotAsync(p.Id)).Id, sterility: "PENDING");
        Done(await lots.DecideAsync(lab.Qa, lot.Id, new DecideRelease { Status = "CONDITIONAL_RELEASE" }, default));
        var sterility = lot.Qc.Single(q => q.Test == "STERILITY_USP71");
        Done(await lots.UpdateQcAsync(lab.Analyst, lot.Id, sterility.Id, new UpdateQcResult { Version = 1, Result = "FAIL", ResultedAt = "2026-06-15T08:30:00Z", Reason = "growth" }, default));
        var failure = Assert.Single(listener.Failures);
        Assert.Equal(lot.Id, failure.LotId);
        Assert.Equal([p.Id], failure.RecipientPatientIds);
    }

    sealed class RecordingListener : ILotDeviationListener
    {
        public List<SterilityFailure> Failures { get; } = [];
        public Task OnSterilityFailureAsync(SterilityFailure failure, CancellationToken ct) { Failures.Add(failure); return Task.CompletedTask; }
    }

    [Theory, BothEngines]
    public async Task UpdateQc_StaleVersion_IsConflict(DatabaseProvider engine)
    {
        await using var lab = await CreateAsync(engine);
        var p = await lab.PatientAsync();
        var lot = await lab.PassingQcAsync((await lab.MscLotAsync(p.Id)).Id, sterility: "PENDING");
        var s = lot.Qc.Single(q => q.Test == "STERILITY_USP71");
        Done(await lab.Lots.UpdateQcAsync(lab.Analyst, lot.Id, s.Id, new UpdateQcResult { Version = 1, Result = "PASS", ResultedAt = "2026-06-15", Reason = "day 14" }, default));
        Assert.IsType<Outcome<LotView>.Conflict>(await lab.Lots.UpdateQcAsync(lab.Analyst, lot.Id, s.Id, new UpdateQcResult { Version = 1, Result = "FAIL", ResultedAt = "2026-06-15", Reason = "x" }, default));
    }

    // ---- visibility ------------------------------------------------------------------------------------------------

    [Theory, BothEngines]
    public async Task Lot_OtherSite_IsNotFound(DatabaseProvider engine)
    {
        await using var lab = await CreateAsync(engine);
        var p = await lab.PatientAsync();
        var lot = await lab.MscLotAsync(p.Id);
        var busan = await lab.Db.Get<SiteStore>().EnsureAsync("BUSAN", "Busan", default);
        var stranger = new Actor("u-x", "qa.busan", [Roles.QA], false, [busan.Id], null);
        Assert.Null(await lab.Lots.GetAsync(stranger, lot.Id, default));
        Assert.IsType<Outcome<LotView>.NotFound>(await lab.Lots.DecideAsync(stranger, lot.Id, new DecideRelease { Status = "QUARANTINE" }, default));
    }

    // ---- custody (I3) ----------------------------------------------------------------------------------------------

    [Theory, BothEngines]
    public async Task Custody_ChainBreakAndSingleVerifier_AreRefused_IntactChainStored(DatabaseProvider engine)
    {
        await using var lab = await CreateAsync(engine);
        var p = await lab.PatientAsync();
        var lot = await lab.MscLotAsync(p.Id);
        RecordCustodyEvent Ev(string ev, string from, string to, string at, string? v1 = null, string? v2 = null) => new()
        {
            ItemKind = "LOT", ItemId = lot.Id, Event = ev, FromParty = from, ToParty = to, Location = "GMP suite 1", At = at, TempC = 4, ConditionOk = true, Verifier1 = v1, Verifier2 = v2,
        };
        Done(await lab.Custody.RecordAsync(lab.Tech, Ev("PROCESSED", "GMP lab", "GMP lab", "2026-06-15T06:00:00Z"), default));
        Assert.Contains("verifier2", Invalid(await lab.Custody.RecordAsync(lab.Tech, Ev("LABELED", "GMP lab", "GMP lab", "2026-06-15T07:00:00Z", "lab.choi"), default)).Keys);
        Done(await lab.Custody.RecordAsync(lab.Tech, Ev("LABELED", "GMP lab", "GMP lab", "2026-06-15T07:00:00Z", "lab.choi", "qc.han"), default));
        Done(await lab.Custody.RecordAsync(lab.Tech, Ev("SHIPPED", "GMP lab", "Courier A", "2026-06-15T07:30:00Z"), default));
        var errors = Invalid(await lab.Custody.RecordAsync(lab.Tech, Ev("RECEIVED", "Courier B", "Ward 3", "2026-06-15T08:00:00Z"), default));
        Assert.Equal([CellLabMessages.I3ChainBreak("Courier A", "SHIPPED")], errors["fromParty"]);
        var stored = await lab.Custody.ForItemAsync("LOT", lot.Id, default);
        Assert.Equal(["PROCESSED", "LABELED", "SHIPPED"], stored.Select(e => e.Event));
        Assert.All(stored, e => Assert.Equal(lot.ExpiresAt, e.ExpiresAt));
        Assert.Empty(CustodyChain.Breaks(stored));
    }

    // ---- labels (I4) and tracking ----------------------------------------------------------------------------------

    [Theory, BothEngines]
    public async Task Label_HasNoNameNationalIdOrRecordNumber(DatabaseProvider engine)
    {
        await using var lab = await CreateAsync(engine);
        var p = await lab.PatientAsync("Seo", "Yerin", "MRN-4242");
        p = LabBench.Done(await lab.Db.Get<OrthoRegen.Patients.PatientStore>().CorrectAsync(lab.Physician, p.Id, new OrthoRegen.Patients.CorrectPatient
        {
            Version = 1, Reason = "add national id", FamilyName = "Seo", GivenName = "Yerin", BirthDate = "1960-03-02", Sex = "F", Language = "ko",
            RecordNumber = "MRN-4242", NationalId = "600302-2123456",
        }, default));
        var lot = await lab.MscLotAsync(p.Id);
        var label = (await lab.Lots.LabelAsync(lab.Tech, lot.Id, null, default))!;
        var text = label.Render();
        foreach (var identifier in new[] { p.FamilyName!, p.GivenName!, p.RecordNumber!, p.NationalId!, "600302", "4242" })
            Assert.DoesNotContain(identifier, text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(p.PseudonymCode, text);
        Assert.Contains(lot.Din.EyeReadable, text);
    }

    [Theory, BothEngines]
    public async Task Trace_AllogeneicDonorToRecipients_AndBack(DatabaseProvider engine)
    {
        await using var lab = await CreateAsync(engine);
        var donor = Done(await lab.Donors.RegisterAsync(lab.Tech, new RegisterDonor { DonorType = "BIRTH_TISSUE", DonorConsentRef = "DC-2026-7" }, default));
        var col = Done(await lab.Collections.RecordAsync(lab.Tech, new RecordCollection
        {
            Origin = "ALLOGENEIC", DonorId = donor.DonorCode, Tissue = "UMBILICAL_CORD", CollectedAt = "2026-06-10", VolumeMl = 30, Collector = "Midwife Jung",
        }, default));
        var lot = Done(await lab.Lots.CreateAsync(lab.Tech, new CreateLot
        {
            LotNumber = "UC-1", ProductType = "EXPANDED_MSC", CellSource = "UC_MSC", Manipulation = "MORE_THAN_MINIMAL", CollectionIds = [col.Id], IntendedRoute = "INTRA_ARTICULAR", DoseVolumeMl = 2,
        }, default));
        Assert.Equal("S1001V00", lot.ProductCode.Code);
        Done(await lab.Lots.AddDivisionAsync(lab.Tech, lot.Id, new AddDivision { DivisionCode = "A0", VolumeMl = 2 }, default));
        Done(await lab.Lots.AddDivisionAsync(lab.Tech, lot.Id, new AddDivision { DivisionCode = "B0", VolumeMl = 2 }, default));
        var a = await lab.PatientAsync("Kim", "A", "MRN-1");
        var b = await lab.PatientAsync("Lee", "B", "MRN-2");
        // Donor eligibility still PENDING: no allocation.
        Assert.Equal([CellLabMessages.DonorNotEligible], Invalid(await lab.Lots.AllocateAsync(lab.Tech, lot.Id, "A0", new AllocateDivision { PatientId = a.Id, Version = 1 }, default))["patientId"]);
        foreach (var m in donor.RequiredMarkers)
            Done(await lab.Donors.RecordScreeningAsync(lab.Tech, donor.Id, new RecordScreening { Marker = m, Method = "NAT", Result = "NEG", TestedOn = "2026-06-11" }, default));
        Assert.Equal("ELIGIBLE", (await lab.Donors.LoadAsync(lab.Tech, donor.Id, default))!.Eligibility);
        Done(await lab.Lots.AllocateAsync(lab.Tech, lot.Id, "A0", new AllocateDivision { PatientId = a.Id, Version = 1 }, default));
        Done(await lab.Lots.AllocateAsync(lab.Tech, lot.Id, "B0", new AllocateDivision { PatientId = b.PseudonymCode, Version = 1 }, default));

        var trace = (await lab.Lots.TraceDonorAsync(lab.Tech, donor.Id, default))!;
        Assert.Equal([("A0", a.Id), ("B0", b.Id)], trace.Rows.Select(r => (r.DivisionCode!, r.RecipientPatientId!)));
        var back = (await lab.Lots.DonorsOfRecipientAsync(lab.Physician, b.Id, default))!;
        Assert.Equal((donor.Id, "B0", col.Din), (Assert.Single(back).DonorId!, back[0].DivisionCode!, back[0].Din));
        var admin = (await lab.Lots.FindForAdministrationAsync(lot.Id, "B0", default))!;
        Assert.Equal((b.Id, donor.Id, "S1001VB0"), (admin.RecipientPatientId!, admin.DonorId!, admin.ProductCode));
    }

    [Theory, BothEngines]
    public async Task Screening_Positive_MakesDonorIneligible(DatabaseProvider engine)
    {
        await using var lab = await CreateAsync(engine);
        var donor = Done(await lab.Donors.RegisterAsync(lab.Tech, new RegisterDonor { DonorType = "UNRELATED", DonorConsentRef = "DC-1" }, default));
        donor = Done(await lab.Donors.RecordScreeningAsync(lab.Tech, donor.Id, new RecordScreening { Marker = "HCV", Method = "SEROLOGY", Result = "POS", TestedOn = "2026-06-11" }, default));
        Assert.Equal("INELIGIBLE", donor.Eligibility);
        Assert.Contains("method", Invalid(await lab.Donors.RecordScreeningAsync(lab.Tech, donor.Id, new RecordScreening { Marker = "HCV", Method = "PCR", Result = "NEG", TestedOn = "2026-06-11" }, default)).Keys);
    }

    [Theory, BothEngines]
    public async Task Bmac_ReleasedOnDocumentedProcessingAndTwoPersonLabel(DatabaseProvider engine)
    {
        await using var lab = await CreateAsync(engine);
        var p = await lab.PatientAsync();
        var col = await lab.BoneMarrowAsync(p.Id);
        var lot = Done(await lab.Lots.CreateAsync(lab.Tech, new CreateLot
        {
            LotNumber = "BMAC-1", ProductType = "BMAC", CellSource = "BMAC", Manipulation = "MINIMAL", CollectionIds = [col.Id], IntendedRoute = "SUBCHONDRAL_INTRAOSSEOUS", DoseVolumeMl = 20,
        }, default));
        Assert.Equal("PENDING", lot.Evaluation.RuleResult);
        Assert.Contains("tncE6", Invalid(await lab.Lots.RecordProcessingAsync(lab.Tech, lot.Id, new RecordProcessingStep { Step = "CONCENTRATION", PerformedAt = "2026-06-14T09:00:00Z", PerformedBy = "lab.choi", VolumeMl = 20 }, default)).Keys);
        Done(await lab.Lots.RecordProcessingAsync(lab.Tech, lot.Id, new RecordProcessingStep { Step = "CONCENTRATION", PerformedAt = "2026-06-14T09:00:00Z", PerformedBy = "lab.choi", TncE6 = 900, VolumeMl = 20 }, default));
        Done(await lab.Custody.RecordAsync(lab.Tech, new RecordCustodyEvent
        {
            ItemKind = "LOT", ItemId = lot.Id, Event = "LABELED", FromParty = "POC lab", ToParty = "POC lab", Location = "OR 2", At = "2026-06-14T09:30:00Z", TempC = 20, ConditionOk = true,
            Verifier1 = "nurse.kang", Verifier2 = "dr.lee",
        }, default));
        lot = (await lab.Lots.GetAsync(lab.Tech, lot.Id, default))!;
        Assert.Equal("RELEASED", lot.Evaluation.RuleResult);
        Assert.DoesNotContain(lot.Evaluation.Trace, l => l.RuleId == "Q1");
    }
}
