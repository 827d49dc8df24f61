using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;
using OrthoRegen.PreScreening;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.PreScreening;

public class LeadStoreTests
{
    static PreScreenRequest Knee() => new()
    {
        TargetSite = "KNEE_R", PainNrs = 6, SymptomDurationMonths = 14, TriedTreatments = ["IA_HA"], CanAttendFollowup24m = true, BudgetAwareSelfPay = true,
    };

    static async Task<(long Leads, long WithContact)> CountAsync(TestDatabase db)
    {
        await using var c = await db.Database.OpenAsync(default);
        return (await c.ExecuteScalarAsync<long>("SELECT count(*) FROM prescreen_leads"),
            await c.ExecuteScalarAsync<long>("SELECT count(*) FROM prescreen_leads WHERE contact_name IS NOT NULL OR contact_phone IS NOT NULL OR contact_email IS NOT NULL OR preferred_language IS NOT NULL"));
    }

    static async Task<List<AuditRow>> AuditAsync(TestDatabase db)
    {
        await using var c = await db.Database.OpenAsync(default);
        return (await c.QueryAsync<AuditRow>("SELECT action AS Action, entity AS Entity, entity_id AS EntityId, actor AS Actor, fields AS Fields FROM audit_log WHERE entity = 'prescreen_lead' ORDER BY seq")).ToList();
    }

    [Theory, BothEngines]
    public async Task Submit_WithConsent_KeepsContactAndAudits(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var store = db.Get<LeadStore>();
        var outcome = await store.SubmitAsync(Knee() with { ContactMe = true, ContactName = "김민지", ContactPhone = "010-1234-5678", PreferredLanguage = "ko" }, "ko", "10.0.0.7", default);
        var done = Assert.IsType<Outcome<PreScreenSubmission>.Done>(outcome).Value;
        Assert.True(done.ContactKept);
        Assert.Equal("ko", done.Assessment.Language);
        Assert.Equal((1L, 1L), await CountAsync(db));

        var coordinator = await db.StaffAtMainSiteAsync(Roles.Coordinator, "coord");
        var lead = Assert.Single(Assert.IsType<Outcome<IReadOnlyList<Lead>>.Done>(await store.ListAsync(coordinator, null, default)).Value);
        Assert.Equal(new LeadContact("김민지", "010-1234-5678", null, "ko"), lead.Contact);
        Assert.Equal(PreScreenVerdict.WorthConsultation, lead.Verdict);
        Assert.Equal("KNEE_R", lead.SelfReport.TargetSite);
        Assert.Equal(LeadStatus.New, lead.Status);
        var create = (await AuditAsync(db)).First();
        Assert.Equal((AuditAction.Create, LeadStore.PublicActor, lead.Id), (create.Action, create.Actor, create.EntityId));
        Assert.True((await db.Get<AuditTrail>().VerifyAsync(default)).IsIntact);
    }

    [Theory, BothEngines]
    public async Task Submit_WithoutConsent_KeepsNoContactEvenIfSent(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var store = db.Get<LeadStore>();
        var done = Assert.IsType<Outcome<PreScreenSubmission>.Done>(await store.SubmitAsync(
            Knee() with { ContactMe = false, ContactName = "Kim", ContactEmail = "kim@example.org", PreferredLanguage = "en" }, "en", null, default)).Value;
        Assert.False(done.ContactKept);
        Assert.Equal((1L, 0L), await CountAsync(db));
        var lead = Assert.Single(Assert.IsType<Outcome<IReadOnlyList<Lead>>.Done>(await store.ListAsync(await db.StaffAtMainSiteAsync(Roles.Coordinator, "c"), null, default)).Value);
        Assert.False(lead.ContactConsent);
        Assert.Null(lead.Contact);
    }

    [Theory, BothEngines]
    public async Task Submit_HoneypotFilled_AnswersButStoresNothingAndAuditsDenied(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var outcome = await db.Get<LeadStore>().SubmitAsync(Knee() with { Website = "http://spam.example", ContactMe = true, ContactName = "Bot", ContactEmail = "bot@example.org", PreferredLanguage = "en" }, "en", "203.0.113.9", default);
        Assert.Equal(PreScreenVerdict.WorthConsultation, Assert.IsType<Outcome<PreScreenSubmission>.Done>(outcome).Value.Assessment.Verdict);
        Assert.Equal((0L, 0L), await CountAsync(db));
        var audit = Assert.Single(await AuditAsync(db));
        Assert.Equal((AuditAction.Denied, "honeypot"), (audit.Action, audit.Fields));
    }

    [Theory, BothEngines]
    public async Task Submit_Invalid_StoresNothingAndNamesFields(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var outcome = await db.Get<LeadStore>().SubmitAsync(Knee() with { PainNrs = 12, TargetSite = null }, "en", null, default);
        Assert.Equal(["painNrs", "targetSite"], Assert.IsType<Outcome<PreScreenSubmission>.Invalid>(outcome).Errors.Keys.Order().ToArray());
        Assert.Equal((0L, 0L), await CountAsync(db));
    }

    [Theory, BothEngines]
    public async Task ChangeStatus_OtherSite_IsNotFoundAndOwnSiteIsAudited(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var store = db.Get<LeadStore>();
        Assert.IsType<Outcome<PreScreenSubmission>.Done>(await store.SubmitAsync(Knee(), "en", null, default));
        var coordinator = await db.StaffAtMainSiteAsync(Roles.Coordinator, "coord");
        var id = Assert.Single(Assert.IsType<Outcome<IReadOnlyList<Lead>>.Done>(await store.ListAsync(coordinator, null, default)).Value).Id;

        var other = await db.Get<SiteStore>().EnsureAsync("BUSAN", "Busan", default);
        var elsewhere = new Actor("u-b", "busan.coord", [Roles.Coordinator], false, [other.Id], null);
        Assert.Empty(Assert.IsType<Outcome<IReadOnlyList<Lead>>.Done>(await store.ListAsync(elsewhere, null, default)).Value);
        Assert.IsType<Outcome<Lead>.NotFound>(await store.ChangeStatusAsync(elsewhere, id, new ChangeLeadStatus { Status = LeadStatus.Closed }, default));
        Assert.IsType<Outcome<Lead>.Invalid>(await store.ChangeStatusAsync(coordinator, id, new ChangeLeadStatus { Status = "DONE" }, default));

        var changed = Assert.IsType<Outcome<Lead>.Done>(await store.ChangeStatusAsync(coordinator, id, new ChangeLeadStatus { Status = LeadStatus.Contacted }, default)).Value;
        Assert.Equal((LeadStatus.Contacted, "coord"), (changed.Status, changed.StatusChangedBy));
        Assert.Single(Assert.IsType<Outcome<IReadOnlyList<Lead>>.Done>(await store.ListAsync(coordinator, LeadStatus.Contacted, default)).Value);
        Assert.Contains(await AuditAsync(db), a => a.Action == AuditAction.Update && a.EntityId == id && a.Fields == "status");
    }

    [Theory, BothEngines]
    public async Task Submit_ConfiguredSite_GoesThere(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var busan = await db.Get<SiteStore>().EnsureAsync("BUSAN", "Busan", default);
        var store = new LeadStore(db.Database, db.Get<AuditTrail>(), db.Get<SiteStore>(), db.Get<PreScreenAssessor>(), new PreScreeningOptions("BUSAN"), db.Clock);
        Assert.IsType<Outcome<PreScreenSubmission>.Done>(await store.SubmitAsync(Knee(), "en", null, default));
        var actor = new Actor("u-b", "busan.coord", [Roles.Coordinator], false, [busan.Id], null);
        Assert.Single(Assert.IsType<Outcome<IReadOnlyList<Lead>>.Done>(await store.ListAsync(actor, null, default)).Value);
    }
}
