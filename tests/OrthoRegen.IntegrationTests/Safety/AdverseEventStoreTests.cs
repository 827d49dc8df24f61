using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.Patients;
using OrthoRegen.Safety;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Safety;

public class AdverseEventStoreTests
{
    // The test clock stands at 2026-06-15 09:00 UTC.

    sealed record Setup(TestDatabase Db, Actor Actor, string PatientId, AdverseEventStore Store) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Db.DisposeAsync();
    }

    static async Task<Setup> SetUpAsync(DatabaseProvider engine, string pathway = "KR_ARM_TREATMENT")
    {
        var db = await TestDatabase.CreateAsync(engine);
        var actor = await db.StaffAtMainSiteAsync(Roles.Physician);
        var patient = await db.RegisterPatientAsync(actor);
        await ConsentAsync(db, actor, patient.Id, pathway, "2026-05-01");
        return new Setup(db, actor, patient.Id, db.Get<AdverseEventStore>());
    }

    static async Task ConsentAsync(TestDatabase db, Actor actor, string patientId, string pathway, string signedAt)
    {
        var outcome = await db.Get<ConsentStore>().RecordAsync(actor, patientId, new RecordConsent
        {
            FormCode = "TREATMENT", FormVersion = "1.0", Language = "ko", SignedAt = signedAt, Signer = "PATIENT", Pathway = pathway,
            RisksExplained = true, EvidenceLevelExplained = true, AlternativesExplained = true, PersonalDataProcessing = true, RightToWithdraw = true,
        }, default);
        Assert.IsType<Outcome<ConsentRecord>.Done>(outcome);
    }

    /// <summary>Septic arthritis after an injection, hospitalised, possibly related to the procedure: a SUSAR (not fatal).</summary>
    static RecordAdverseEvent Infection() => new()
    {
        Term = "Septic arthritis", CtcaeTerm = "Joint infection", CtcaeVersion = "5.0", Grade = 3, Onset = "2026-06-01", Outcome = "RECOVERING",
        SeriousnessCriteria = ["HOSPITALIZATION"], RelatedToProduct = "UNLIKELY", RelatedToProcedure = "POSSIBLE", Action = "HOSPITALIZED",
        AwareDate = "2026-06-02", Route = "INTRA_ARTICULAR", CellSource = "BMAC", LotId = "lot-0001",
    };

    /// <summary>A mild, expected injection-site pain.</summary>
    static RecordAdverseEvent Pain() => new()
    {
        Term = "Injection site pain", CtcaeVersion = "5.0", Grade = 1, Onset = "2026-06-01", Outcome = "RECOVERING", RelatedToProduct = "POSSIBLE",
        RelatedToProcedure = "PROBABLE", Action = "NONE", AwareDate = "2026-06-02", Route = "INTRA_ARTICULAR",
    };

    static UpdateAdverseEvent Update(RecordAdverseEvent r, int version, string reason) => new()
    {
        Term = r.Term, MeddraPt = r.MeddraPt, CtcaeTerm = r.CtcaeTerm, CtcaeVersion = r.CtcaeVersion, Grade = r.Grade, Onset = r.Onset, Resolved = r.Resolved,
        Outcome = r.Outcome, SeriousnessCriteria = r.SeriousnessCriteria, SeriousnessAssessed = r.SeriousnessAssessed, RelatedToProduct = r.RelatedToProduct,
        RelatedToProcedure = r.RelatedToProcedure, Action = r.Action, AwareDate = r.AwareDate, Reporter = r.Reporter, AdministrationId = r.AdministrationId,
        LotId = r.LotId, CellSource = r.CellSource, Route = r.Route, Pathway = r.Pathway, Version = version, Reason = reason,
    };

    static AdverseEventView Done(Outcome<AdverseEventView> o) =>
        o is Outcome<AdverseEventView>.Done d ? d.Value : throw new Xunit.Sdk.XunitException($"Expected Done, got {o}");

    static async Task<long> CountAsync(TestDatabase db, string sql)
    {
        await using var c = await db.Database.OpenAsync(default);
        return await c.ExecuteScalarAsync<long>(sql);
    }

    [Theory, BothEngines]
    public async Task Record_Susar_CreatesOneInitialReportPerAuthorityOfThePathway(DatabaseProvider engine)
    {
        await using var s = await SetUpAsync(engine);
        var v = Done(await s.Store.RecordAsync(s.Actor, s.PatientId, Infection(), default));
        Assert.Equal((true, true, false, true, "KR_ARM_TREATMENT"), (v.Event.Serious, v.Event.Related, v.Event.Expected, v.Event.Susar, v.Event.Pathway));
        Assert.Equal([("IRB", "INITIAL", new DateOnly(2026, 6, 17)), ("KR_KNIH_ARMI", "INITIAL", new DateOnly(2026, 6, 17))],
            v.Reports.Select(r => (r.Authority, r.Type, r.DueDate)));
        Assert.Equal(2, await CountAsync(s.Db, "SELECT count(*) FROM audit_log WHERE entity = 'regulatory_report' AND action = 'CREATE'"));
    }

    [Theory, BothEngines]
    public async Task Update_FollowUpsOfASusar_DoNotDuplicateReports(DatabaseProvider engine)
    {
        await using var s = await SetUpAsync(engine);
        var v1 = Done(await s.Store.RecordAsync(s.Actor, s.PatientId, Infection(), default));
        var v2 = Done(await s.Store.UpdateAsync(s.Actor, v1.Event.Id, Update(Infection() with { Grade = 2 }, 1, "Follow-up: improving on antibiotics"), default));
        var v3 = Done(await s.Store.UpdateAsync(s.Actor, v1.Event.Id,
            Update(Infection() with { Grade = 2, Outcome = "RECOVERED", Resolved = "2026-06-12" }, 2, "Resolution"), default));
        Assert.Equal((3, "Resolution", 2), (v3.Event.Version, v3.Event.Reason, v3.Reports.Count));
        Assert.Equal([null, "Follow-up: improving on antibiotics", "Resolution"], v3.History.Select(h => h.Reason));
        Assert.Equal(v1.Reports.Select(r => r.Id), v3.Reports.Select(r => r.Id));
        Assert.Equal(2, await CountAsync(s.Db, "SELECT count(*) FROM regulatory_reports"));
        Assert.Equal(2, await CountAsync(s.Db, "SELECT count(*) FROM regulatory_report_versions")); // due dates unchanged: no new versions
    }

    [Theory, BothEngines]
    public async Task Update_NonSusarBecomesSusar_CreatesReportsOnceThenNotAgain(DatabaseProvider engine)
    {
        await using var s = await SetUpAsync(engine);
        var pain = Done(await s.Store.RecordAsync(s.Actor, s.PatientId, Pain(), default));
        Assert.Equal((false, true, false), (pain.Event.Susar, pain.Event.Expected, pain.Reports.Count > 0));

        // Re-graded: the "pain" turned out to be a joint infection needing admission.
        var infected = Done(await s.Store.UpdateAsync(s.Actor, pain.Event.Id, Update(Infection(), 1, "Re-assessed: joint infection"), default));
        Assert.True(infected.Event.Susar);
        Assert.Equal(2, infected.Reports.Count);
        Done(await s.Store.UpdateAsync(s.Actor, pain.Event.Id, Update(Infection() with { Grade = 2 }, 2, "Follow-up"), default));
        Assert.Equal(2, await CountAsync(s.Db, "SELECT count(*) FROM regulatory_reports"));
    }

    [Theory, BothEngines]
    public async Task Update_ReGradedToLifeThreatening_TightensInitialAndAddsCompletion(DatabaseProvider engine)
    {
        await using var s = await SetUpAsync(engine, pathway: "US_IND");
        var v1 = Done(await s.Store.RecordAsync(s.Actor, s.PatientId, Infection(), default));
        var lt = Infection() with { Grade = 4, SeriousnessCriteria = ["LIFE_THREATENING", "HOSPITALIZATION"], Term = "Septic shock", CtcaeTerm = "Sepsis" };
        var v2 = Done(await s.Store.UpdateAsync(s.Actor, v1.Event.Id, Update(lt, 1, "Septic shock"), default));
        Assert.Equal(
            [("IRB", "INITIAL", new DateOnly(2026, 6, 9)), ("IRB", "FOLLOW_UP", new DateOnly(2026, 6, 17)),
             ("US_FDA", "INITIAL", new DateOnly(2026, 6, 9)), ("US_FDA", "FOLLOW_UP", new DateOnly(2026, 6, 17))],
            v2.Reports.OrderBy(r => r.Authority).ThenBy(r => r.DueDate).Select(r => (r.Authority, r.Type, r.DueDate)));
        Assert.Equal(4, await CountAsync(s.Db, "SELECT count(*) FROM regulatory_reports"));
    }

    [Theory, BothEngines]
    public async Task DueReports_AtFixedClock_OverdueOnlyAfterDueDateUntilSubmitted(DatabaseProvider engine)
    {
        await using var s = await SetUpAsync(engine, pathway: "ROUTINE_CARE");
        var ae = Done(await s.Store.RecordAsync(s.Actor, s.PatientId, Infection(), default)); // aware 06-02: due 06-17
        var safety = await s.Db.StaffAtMainSiteAsync(Roles.Safety, "safety.choi");

        var due = Assert.Single(await s.Store.DueReportsAsync(safety, default));       // 06-15
        Assert.Equal(("IRB", false, 2), (due.Report.Authority, due.Overdue, due.DaysLeft));
        s.Db.Clock.Advance(TimeSpan.FromDays(2));                                      // 06-17: the due date itself
        Assert.Equal(0, await s.Store.OverdueCountAsync(safety, default));
        s.Db.Clock.Advance(TimeSpan.FromDays(1));                                      // 06-18
        var overdue = Assert.Single(await s.Store.DueReportsAsync(safety, default));
        Assert.Equal((true, -1), (overdue.Overdue, overdue.DaysLeft));
        Assert.Equal(1, await s.Store.OverdueCountAsync(safety, default));

        var submitted = await s.Store.SubmitAsync(safety, due.Report.Id, new SubmitReport { ReferenceNumber = "IRB-2026-041" }, default);
        var report = Assert.IsType<Outcome<RegulatoryReport>.Done>(submitted).Value;
        Assert.Equal(("IRB-2026-041", "safety.choi", 2), (report.ReferenceNumber, report.SubmittedBy, report.Version));
        Assert.Empty(await s.Store.DueReportsAsync(safety, default));
        Assert.Equal(0, await s.Store.OverdueCountAsync(safety, default));
        Assert.IsType<Outcome<RegulatoryReport>.Conflict>(await s.Store.SubmitAsync(safety, due.Report.Id, new SubmitReport { ReferenceNumber = "again" }, default));

        // A follow-up after submission leaves the submitted report alone.
        Done(await s.Store.UpdateAsync(s.Actor, ae.Event.Id, Update(Infection() with { Grade = 2 }, 1, "Follow-up"), default));
        Assert.Empty(await s.Store.DueReportsAsync(safety, default));
    }

    [Theory, BothEngines]
    public async Task Update_NoLongerSusar_TakesOpenReportsOffTheDueList(DatabaseProvider engine)
    {
        await using var s = await SetUpAsync(engine);
        var ae = Done(await s.Store.RecordAsync(s.Actor, s.PatientId, Infection(), default));
        Assert.Equal(2, (await s.Store.DueReportsAsync(s.Actor, default)).Count);
        var unrelated = Done(await s.Store.UpdateAsync(s.Actor, ae.Event.Id,
            Update(Infection() with { RelatedToProcedure = "UNLIKELY" }, 1, "Causality: community-acquired"), default));
        Assert.False(unrelated.Event.Susar);
        Assert.All(unrelated.Reports, r => Assert.NotNull(r.NotRequiredSince));
        Assert.Empty(await s.Store.DueReportsAsync(s.Actor, default));
        // Related again: the same reports come back.
        var again = Done(await s.Store.UpdateAsync(s.Actor, ae.Event.Id, Update(Infection(), 2, "Causality revised"), default));
        Assert.All(again.Reports, r => Assert.Null(r.NotRequiredSince));
        Assert.Equal(2, await CountAsync(s.Db, "SELECT count(*) FROM regulatory_reports"));
    }

    [Theory, BothEngines]
    public async Task Update_StaleVersion_IsConflictAndChangesNothing(DatabaseProvider engine)
    {
        await using var s = await SetUpAsync(engine);
        var ae = Done(await s.Store.RecordAsync(s.Actor, s.PatientId, Pain(), default));
        Done(await s.Store.UpdateAsync(s.Actor, ae.Event.Id, Update(Pain() with { Grade = 2 }, 1, "Worse"), default));
        var stale = await s.Store.UpdateAsync(s.Actor, ae.Event.Id, Update(Infection(), 1, "Re-assessed"), default);
        Assert.Equal(SafetyMessages.StaleEvent, Assert.IsType<Outcome<AdverseEventView>.Conflict>(stale).Detail);
        var now = (await s.Store.ReadAsync(s.Actor, ae.Event.Id, default))!;
        Assert.Equal((2, 2, 0), (now.Event.Version, now.Event.Grade, now.Reports.Count));
    }

    [Theory, BothEngines]
    public async Task Record_OnsetBeforeFirstConsent_IsInvalidAndWritesNothing(DatabaseProvider engine)
    {
        await using var s = await SetUpAsync(engine);
        var before = await CountAsync(s.Db, "SELECT count(*) FROM audit_log");
        var outcome = await s.Store.RecordAsync(s.Actor, s.PatientId, Pain() with { Onset = "2026-04-20", AwareDate = "2026-04-21" }, default);
        Assert.Contains("onset", Assert.IsType<Outcome<AdverseEventView>.Invalid>(outcome).Errors.Keys);
        Assert.Equal(0, await CountAsync(s.Db, "SELECT count(*) FROM adverse_event_versions"));
        Assert.Equal(before, await CountAsync(s.Db, "SELECT count(*) FROM audit_log"));
    }

    [Theory, BothEngines]
    public async Task OtherSite_SeesNeitherEventsNorReports(DatabaseProvider engine)
    {
        await using var s = await SetUpAsync(engine);
        var ae = Done(await s.Store.RecordAsync(s.Actor, s.PatientId, Infection(), default));
        var busan = await s.Db.Get<SiteStore>().EnsureAsync("BUSAN", "Busan clinic", default);
        var stranger = new Actor("u-x", "safety.busan", [Roles.Safety], false, [busan.Id], null);
        Assert.Null(await s.Store.ReadAsync(stranger, ae.Event.Id, default));
        Assert.Null(await s.Store.ListAsync(stranger, s.PatientId, default));
        Assert.IsType<Outcome<AdverseEventView>.NotFound>(await s.Store.RecordAsync(stranger, s.PatientId, Pain(), default));
        Assert.IsType<Outcome<AdverseEventView>.NotFound>(await s.Store.UpdateAsync(stranger, ae.Event.Id, Update(Pain(), 1, "x"), default));
        Assert.Empty(await s.Store.DueReportsAsync(stranger, default));
        Assert.IsType<Outcome<RegulatoryReport>.NotFound>(await s.Store.SubmitAsync(stranger, ae.Reports[0].Id, new SubmitReport { ReferenceNumber = "x" }, default));
        Assert.Equal(0, (await s.Store.SummaryAsync(stranger, default)).Total.Events);
    }

    [Theory, BothEngines]
    public async Task Record_PathwayNotGiven_ComesFromLatestValidConsent(DatabaseProvider engine)
    {
        await using var s = await SetUpAsync(engine, pathway: "ROUTINE_CARE");
        await ConsentAsync(s.Db, s.Actor, s.PatientId, "CN_FILED_RESEARCH", "2026-05-20");
        var v = Done(await s.Store.RecordAsync(s.Actor, s.PatientId, Infection(), default));
        Assert.Equal("CN_FILED_RESEARCH", v.Event.Pathway);
        Assert.Equal(["CN_NHC", "IRB"], v.Reports.Select(r => r.Authority).Order());
        var given = Done(await s.Store.RecordAsync(s.Actor, s.PatientId, Infection() with { Pathway = "US_IND" }, default));
        Assert.Equal(["IRB", "US_FDA"], given.Reports.Select(r => r.Authority).Order());
    }

    [Theory, BothEngines]
    public async Task Summary_CountsCurrentVersions_RatesNotAvailableWithoutExposure(DatabaseProvider engine)
    {
        await using var s = await SetUpAsync(engine);
        var ae = Done(await s.Store.RecordAsync(s.Actor, s.PatientId, Pain(), default));
        Done(await s.Store.RecordAsync(s.Actor, s.PatientId, Infection(), default));
        Done(await s.Store.UpdateAsync(s.Actor, ae.Event.Id, Update(Pain() with { Grade = 2 }, 1, "Worse"), default));
        var summary = await s.Store.SummaryAsync(s.Actor, default);
        Assert.Equal((2, 1, 1), (summary.Total.Events, summary.Total.Patients, summary.SusarEvents));
        Assert.Equal([0, 1, 1, 0, 0], summary.Rows.Where(r => r.Dimension == SafetySummary.Grade).Select(r => r.Events));
        Assert.Equal(1, summary.Rows.Single(r => r.Dimension == SafetySummary.Lot && r.Key == "lot-0001").Events);
        Assert.Null(summary.Total.EventsPer100Injections.Value);
    }
}
