using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.CellLab;
using OrthoRegen.Data;
using OrthoRegen.IntegrationTests.CellLab;
using OrthoRegen.Safety;
using OrthoRegen.Testing;
using static OrthoRegen.IntegrationTests.CellLab.LabBench;

namespace OrthoRegen.IntegrationTests.Safety;

/// <summary>
/// Rule Q8: a sterility failure after (conditional) release opens an adverse-event follow-up for the recipient, once,
/// which the safety officer closes with the finding.
/// </summary>
public class ProductFollowUpStoreTests
{
    static async Task<(LabBench Lab, string PatientId, LotView Lot, string SterilityId)> ConditionallyReleasedLotAsync(DatabaseProvider engine)
    {
        var lab = await CreateAsync(engine);
        var p = await lab.PatientAsync();
        var lot = await lab.PassingQcAsync((await lab.MscLotAsync(p.Id)).Id, sterility: "PENDING");
        Done(await lab.Lots.DecideAsync(lab.Qa, lot.Id, new DecideRelease { Status = "CONDITIONAL_RELEASE" }, default));
        return (lab, p.Id, lot, lot.Qc.Single(q => q.Test == "STERILITY_USP71").Id);
    }

    [Theory, BothEngines]
    public async Task LateSterilityFailure_OpensOneFollowUpForTheRecipient_ClosedWithTheFinding(DatabaseProvider engine)
    {
        var (lab, patientId, lot, sterilityId) = await ConditionallyReleasedLotAsync(engine);
        await using var _ = lab;
        var safety = await lab.Db.StaffAtMainSiteAsync(Roles.Safety, "safety.kang");
        var followUps = lab.Db.Get<ProductFollowUpStore>();
        Assert.Empty(await followUps.OpenAsync(safety, default));

        Done(await lab.Lots.UpdateQcAsync(lab.Analyst, lot.Id, sterilityId, new UpdateQcResult
        {
            Version = 1, Result = "FAIL", ResultedAt = "2026-06-15T08:30:00Z", Reason = "Day-14 read: growth",
        }, default));
        var open = Assert.Single(await followUps.OpenAsync(safety, default));
        Assert.Equal((patientId, lot.Id, lot.LotNumber, new DateOnly(2026, 6, 15)), (open.PatientId, open.LotId, open.LotNumber, open.DueOn));

        // The hook firing again for the same deviation adds nothing.
        var deviation = Assert.Single((await lab.Lots.LoadAsync(lab.Tech, lot.Id, default))!.Deviations);
        await followUps.OnSterilityFailureAsync(new SterilityFailure(lot.Id, lot.LotNumber, deviation.Id, [patientId], "dr.lee", DateTimeOffset.Parse("2026-06-15T09:00:00Z")), default);
        Assert.Single(await followUps.OpenAsync(safety, default));

        var needsEvent = Invalid(await followUps.CloseAsync(safety, open.Id, new CloseProductFollowUp { Finding = "ADVERSE_EVENT_RECORDED" }, default));
        Assert.Contains("adverseEventId", needsEvent.Keys);
        var wrongEvent = Invalid(await followUps.CloseAsync(safety, open.Id, new CloseProductFollowUp { Finding = "ADVERSE_EVENT_RECORDED", AdverseEventId = "nope" }, default));
        Assert.Contains("adverseEventId", wrongEvent.Keys);
        Assert.Contains("finding", Invalid(await followUps.CloseAsync(safety, open.Id, new CloseProductFollowUp { Finding = "FINE" }, default)).Keys);

        var closed = Done(await followUps.CloseAsync(safety, open.Id, new CloseProductFollowUp { Finding = "NO_EVENT", Note = "Afebrile, no effusion at day 2 call." }, default));
        Assert.Equal(("NO_EVENT", "safety.kang"), (closed.Finding, closed.ClosedBy));
        Assert.Empty(await followUps.OpenAsync(safety, default));
        Assert.IsType<Outcome<ProductFollowUp>.Conflict>(await followUps.CloseAsync(safety, open.Id, new CloseProductFollowUp { Finding = "NO_EVENT" }, default));

        await using var c = await lab.Db.Database.OpenAsync(default);
        Assert.Equal(1, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM safety_product_followups"));
        Assert.Equal(2, await c.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE entity = @k AND action IN ('CREATE', 'UPDATE')", new { k = ProductFollowUpStore.Kind }));
    }

    [Theory, BothEngines]
    public async Task OtherSite_SeesNoFollowUp_AndCannotCloseIt(DatabaseProvider engine)
    {
        var (lab, _, lot, sterilityId) = await ConditionallyReleasedLotAsync(engine);
        await using var _ = lab;
        Done(await lab.Lots.UpdateQcAsync(lab.Analyst, lot.Id, sterilityId, new UpdateQcResult { Version = 1, Result = "FAIL", ResultedAt = "2026-06-15T08:30:00Z", Reason = "growth" }, default));
        var here = Assert.Single(await lab.Db.Get<ProductFollowUpStore>().OpenAsync(await lab.Db.StaffAtMainSiteAsync(Roles.Safety, "safety.main"), default));
        var elsewhere = new Actor("u-x", "safety.busan", [Roles.Safety], false, ["site-elsewhere"], "127.0.0.1");
        Assert.Empty(await lab.Db.Get<ProductFollowUpStore>().OpenAsync(elsewhere, default));
        Assert.IsType<Outcome<ProductFollowUp>.NotFound>(
            await lab.Db.Get<ProductFollowUpStore>().CloseAsync(elsewhere, here.Id, new CloseProductFollowUp { Finding = "NO_EVENT" }, default));
    }
}
