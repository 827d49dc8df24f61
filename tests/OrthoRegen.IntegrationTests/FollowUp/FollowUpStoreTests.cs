using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.FollowUp;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.FollowUp;

/// <summary>The follow-up store on both engines. The test clock stands at 2026-06-15 09:00 UTC unless moved.</summary>
public class FollowUpStoreTests
{
    static readonly DateOnly Today = new(2026, 6, 15);

    static async Task<(TestDatabase Db, Actor Coordinator, FollowUpStore Store)> SetUpAsync(DatabaseProvider engine)
    {
        var db = await TestDatabase.CreateAsync(engine);
        return (db, await db.StaffAtMainSiteAsync(Roles.Coordinator, "co.han"), db.Get<FollowUpStore>());
    }

    static async Task<long> CountAsync(TestDatabase db, string table)
    {
        await using var c = await db.Database.OpenAsync(CancellationToken.None);
        return await c.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
    }

    /// <summary>Starts a schedule the way the administration slice does: inside its own transaction.</summary>
    static Task<string> StartInTransactionAsync(TestDatabase db, Actor actor, string patientId, string? planId, string target, DateOnly day0) =>
        db.Database.InTransactionAsync((c, tx) => db.Get<FollowUpStore>().StartScheduleAsync(c, tx, actor, patientId, planId, target, day0, default), default);

    static async Task<FollowUpScheduleView> StartAsync(FollowUpStore store, Actor actor, string patientId, DateOnly day0, string? physician = "dr.lee", string target = "KNEE_R")
    {
        var outcome = await store.StartAsync(actor, patientId, new StartSchedule { Target = target, Day0 = day0.ToString("yyyy-MM-dd"), TreatingPhysician = physician }, default);
        return Assert.IsType<Outcome<ScheduleStart>.Done>(outcome).Value.Schedule;
    }

    static FollowUpVisitView Visit(FollowUpScheduleView s, string code) => s.Visits.Single(v => v.Code == code);

    [Theory, BothEngines]
    public async Task StartSchedule_SecondInjection_DoesNotResetTheSchedule(DatabaseProvider engine)
    {
        var (db, coordinator, store) = await SetUpAsync(engine);
        await using var _ = db;
        var physician = await db.StaffAtMainSiteAsync(Roles.Physician, "dr.lee");
        var p = await db.RegisterPatientAsync(coordinator);
        const string plan = "0123456789abcdef0123456789abcdef";

        var first = await StartInTransactionAsync(db, physician, p.Id, plan, "KNEE_R", new DateOnly(2026, 5, 1));
        var counts = (await CountAsync(db, "follow_up_visit_versions"), await CountAsync(db, "record_heads"), await CountAsync(db, "audit_log"));
        var second = await StartInTransactionAsync(db, physician, p.Id, plan, "KNEE_R", new DateOnly(2026, 5, 29)); // the second injection

        Assert.Equal(first, second);
        Assert.Equal(counts, (await CountAsync(db, "follow_up_visit_versions"), await CountAsync(db, "record_heads"), await CountAsync(db, "audit_log")));
        var schedule = Assert.Single((await store.ReadAsync(coordinator, p.Id, default))!);
        Assert.Equal((new DateOnly(2026, 5, 1), "dr.lee", plan, 15), (schedule.Day0, schedule.TreatingPhysician, schedule.PlanId, schedule.Visits.Count));
        Assert.Equal(new DateOnly(2026, 5, 31), Visit(schedule, "M1").TargetDate);

        var otherTarget = await StartInTransactionAsync(db, physician, p.Id, plan, "KNEE_L", new DateOnly(2026, 5, 29));
        var otherPlan = await StartInTransactionAsync(db, physician, p.Id, null, "KNEE_R", new DateOnly(2026, 5, 29));
        Assert.Equal(3, new[] { first, otherTarget, otherPlan }.Distinct().Count());
    }

    [Theory, BothEngines]
    public async Task StartByHand_TwiceAndInvalid_IsIdempotentAndNamesFields(DatabaseProvider engine)
    {
        var (db, coordinator, store) = await SetUpAsync(engine);
        await using var _ = db;
        var p = await db.RegisterPatientAsync(coordinator);
        var created = Assert.IsType<Outcome<ScheduleStart>.Done>(await store.StartAsync(coordinator, p.Id,
            new StartSchedule { Target = "HIP_L", Day0 = "2025-11-03", TreatingPhysician = "dr.kang" }, default)).Value;
        var again = Assert.IsType<Outcome<ScheduleStart>.Done>(await store.StartAsync(coordinator, p.Id,
            new StartSchedule { Target = "HIP_L", Day0 = "2026-01-03", TreatingPhysician = "dr.kang" }, default)).Value;
        Assert.Equal((true, false, created.Schedule.Id), (created.Created, again.Created, again.Schedule.Id));
        Assert.Equal(new DateOnly(2025, 11, 3), again.Schedule.Day0);

        var bad = Assert.IsType<Outcome<ScheduleStart>.Invalid>(await store.StartAsync(coordinator, p.Id,
            new StartSchedule { Target = "ELBOW", Day0 = "2026-06-16" }, default));
        Assert.Equal(["day0", "target", "treatingPhysician"], bad.Errors.Keys.Order(StringComparer.Ordinal)); // coordinator must name the physician
    }

    [Theory, BothEngines]
    public async Task RecordVisit_InAndOutOfWindow_V1StatusesAnalysisAndCorrection(DatabaseProvider engine)
    {
        var (db, coordinator, store) = await SetUpAsync(engine);
        await using var _ = db;
        var p = await db.RegisterPatientAsync(coordinator);
        var s = await StartAsync(store, coordinator, p.Id, new DateOnly(2026, 1, 10));
        var m1 = Visit(s, "M1");   // target 2026-02-09, window 02-02..02-16
        var m3 = Visit(s, "M3");   // target 2026-04-11, window 03-28..04-25

        var done = Assert.IsType<Outcome<FollowUpVisitView>.Done>(await store.RecordVisitAsync(coordinator, m1.Id, new RecordVisit
        {
            Version = 1, ActualDate = "2026-02-16", Instruments = [new CompletedInstrument { Instrument = "KOOS" }],
            Exam = new ExamFindingsInput { FlexionDeg = 120, ChairStand30sCount = 12 },
        }, default)).Value;
        Assert.Equal((VisitStatus.DoneInWindow, "M1", 2), (done.Status, done.AnalysisVisit, done.Version));
        Assert.Equal(12, done.Findings!.Exam!.ChairStand30sCount);

        // Recorded as M3 on day 40: flagged out of window, assigned to M1 for analysis (|40 − 30| ≤ 10.5).
        var late = Assert.IsType<Outcome<FollowUpVisitView>.Done>(await store.RecordVisitAsync(coordinator, m3.Id,
            new RecordVisit { Version = 1, ActualDate = "2026-02-19" }, default)).Value;
        Assert.Equal((VisitStatus.DoneOutOfWindow, "M1"), (late.Status, late.AnalysisVisit));

        var noReason = Assert.IsType<Outcome<FollowUpVisitView>.Invalid>(await store.RecordVisitAsync(coordinator, m1.Id,
            new RecordVisit { Version = 2, ActualDate = "2026-02-15" }, default));
        Assert.Equal([FollowUpMessages.CorrectionNeedsReason], noReason.Errors["reason"]);
        var stale = await store.RecordVisitAsync(coordinator, m1.Id, new RecordVisit { Version = 1, ActualDate = "2026-02-15", Reason = "typo" }, default);
        Assert.IsType<Outcome<FollowUpVisitView>.Conflict>(stale);
        var fixedVisit = Assert.IsType<Outcome<FollowUpVisitView>.Done>(await store.RecordVisitAsync(coordinator, m1.Id,
            new RecordVisit { Version = 2, ActualDate = "2026-02-15", Reason = "typo in date" }, default)).Value;
        Assert.Equal((3, new DateOnly(2026, 2, 15)), (fixedVisit.Version, fixedVisit.ActualDate));
        var history = (await store.VisitHistoryAsync(coordinator, m1.Id, default))!;
        Assert.Equal([(1, (DateOnly?)null, (string?)null), (2, new DateOnly(2026, 2, 16), null), (3, new DateOnly(2026, 2, 15), "typo in date")],
            history.Select(h => (h.Version, h.ActualDate, h.Reason)));
    }

    [Theory, BothEngines]
    public async Task Statuses_V2MissedTheDayAfterWindowEnd_FromTheInjectedClock(DatabaseProvider engine)
    {
        var (db, coordinator, store) = await SetUpAsync(engine);
        await using var _ = db;
        var p = await db.RegisterPatientAsync(coordinator);
        var s = await StartAsync(store, coordinator, p.Id, Today); // Day 0 today: D1_7 window 06-17..06-22
        Assert.Equal(VisitStatus.Scheduled, Visit(s, "D1_7").Status);

        db.Clock.Advance(TimeSpan.FromDays(7)); // 2026-06-22: last day of the D1_7 window
        s = (await store.ReadAsync(coordinator, p.Id, default))!.Single();
        Assert.Equal((VisitStatus.Missed, VisitStatus.Scheduled), (Visit(s, "BASE").Status, Visit(s, "D1_7").Status));

        db.Clock.Advance(TimeSpan.FromDays(1)); // 2026-06-23
        s = (await store.ReadAsync(coordinator, p.Id, default))!.Single();
        Assert.Equal((VisitStatus.Missed, VisitStatus.Scheduled), (Visit(s, "D1_7").Status, Visit(s, "M1").Status));
    }

    [Theory, BothEngines]
    public async Task Reschedule_KeepsHistoryAndTheProtocolWindow(DatabaseProvider engine)
    {
        var (db, coordinator, store) = await SetUpAsync(engine);
        await using var _ = db;
        var p = await db.RegisterPatientAsync(coordinator);
        var m6 = Visit(await StartAsync(store, coordinator, p.Id, new DateOnly(2026, 1, 10)), "M6"); // target 07-11, window 06-11..08-10

        var moved = Assert.IsType<Outcome<FollowUpVisitView>.Done>(await store.RescheduleAsync(coordinator, m6.Id,
            new RescheduleVisit { Version = 1, ScheduledOn = "2026-07-20", Reason = "Patient abroad until mid-July" }, default)).Value;
        Assert.Equal((2, new DateOnly(2026, 7, 20), new DateOnly(2026, 7, 11)), (moved.Version, moved.ScheduledOn, moved.TargetDate));
        Assert.Equal((m6.WindowStart, m6.WindowEnd), (moved.WindowStart, moved.WindowEnd));

        Assert.IsType<Outcome<FollowUpVisitView>.Conflict>(await store.RescheduleAsync(coordinator, m6.Id,
            new RescheduleVisit { Version = 1, ScheduledOn = "2026-07-25", Reason = "again" }, default));
        var noReason = Assert.IsType<Outcome<FollowUpVisitView>.Invalid>(await store.RescheduleAsync(coordinator, m6.Id,
            new RescheduleVisit { Version = 2, ScheduledOn = "2026-07-25" }, default));
        Assert.Equal(["reason"], noReason.Errors.Keys);

        var history = (await store.VisitHistoryAsync(coordinator, m6.Id, default))!;
        Assert.Equal([(new DateOnly(2026, 7, 11), (string?)null), (new DateOnly(2026, 7, 20), "Patient abroad until mid-July")],
            history.Select(h => (h.ScheduledOn, h.Reason)));
    }

    [Theory, BothEngines]
    public async Task Endpoint_V3_LaterVisitsBecomeSafetyOnlyAndAreKept(DatabaseProvider engine)
    {
        var (db, coordinator, store) = await SetUpAsync(engine);
        await using var _ = db;
        var p = await db.RegisterPatientAsync(coordinator);
        var s = await StartAsync(store, coordinator, p.Id, new DateOnly(2025, 1, 10));

        var wrongType = Assert.IsType<Outcome<FollowUpScheduleView>.Invalid>(await store.RecordEndpointAsync(coordinator, s.Id,
            new RecordEndpoint { Version = 1, Type = "SPINAL_FUSION", Date = "2026-03-02" }, default));
        Assert.Equal(["type"], wrongType.Errors.Keys);

        var after = Assert.IsType<Outcome<FollowUpScheduleView>.Done>(await store.RecordEndpointAsync(coordinator, s.Id,
            new RecordEndpoint { Version = 1, Type = "TOTAL_KNEE_ARTHROPLASTY", Date = "2026-03-02", Note = "Progressed to KL 4" }, default)).Value;
        Assert.Equal(new EndpointEvent("TOTAL_KNEE_ARTHROPLASTY", new DateOnly(2026, 3, 2), null, "Progressed to KL 4"), after.Endpoint);
        Assert.Equal(15, after.Visits.Count);
        Assert.Equal((false, "PROMS,AE_CHECK,XRAY,MRI"), (Visit(after, "M12").SafetyOnly, string.Join(",", Visit(after, "M12").Content))); // 2026-01-10
        Assert.Equal((true, "AE_CHECK", "PROMS,AE_CHECK,XRAY,MRI_OPTIONAL"),
            (Visit(after, "M24").SafetyOnly, string.Join(",", Visit(after, "M24").Content), string.Join(",", Visit(after, "M24").PlannedContent)));
        Assert.All(after.Visits.Where(v => v.Seq > Visit(after, "M24").Seq), v => Assert.Equal(["AE_CHECK"], v.Content));

        var twice = Assert.IsType<Outcome<FollowUpScheduleView>.Invalid>(await store.RecordEndpointAsync(coordinator, s.Id,
            new RecordEndpoint { Version = 2, Type = "TOTAL_KNEE_ARTHROPLASTY", Date = "2026-03-03" }, default));
        Assert.Equal([FollowUpMessages.EndpointAlreadyRecorded], twice.Errors["type"]);
    }

    [Theory, BothEngines]
    public async Task EndFollowUp_LaterVisitsWithdrawnEarlierMissedStay(DatabaseProvider engine)
    {
        var (db, coordinator, store) = await SetUpAsync(engine);
        await using var _ = db;
        var p = await db.RegisterPatientAsync(coordinator);
        var s = await StartAsync(store, coordinator, p.Id, new DateOnly(2026, 1, 10));
        var ended = Assert.IsType<Outcome<FollowUpScheduleView>.Done>(await store.EndFollowUpAsync(coordinator, s.Id,
            new EndFollowUp { Version = 1, Kind = "LOST_TO_FOLLOW_UP", Date = "2026-04-01", Reason = "No answer to 5 calls and 2 letters" }, default)).Value;
        Assert.Equal(("LOST_TO_FOLLOW_UP", new DateOnly(2026, 4, 1)), (ended.Status, ended.EndedOn));
        Assert.Equal(VisitStatus.Missed, Visit(ended, "M1").Status);      // window closed 02-16, before the end
        Assert.Equal(VisitStatus.Withdrawn, Visit(ended, "M3").Status);   // window open on 04-01
        Assert.All(ended.Visits.Where(v => v.Seq > Visit(ended, "M3").Seq), v => Assert.Equal(VisitStatus.Withdrawn, v.Status));

        var after = Assert.IsType<Outcome<FollowUpVisitView>.Invalid>(await store.RecordVisitAsync(coordinator, Visit(ended, "M6").Id,
            new RecordVisit { Version = 1, ActualDate = "2026-06-10" }, default));
        Assert.True(after.Errors.ContainsKey("actualDate"));
        Assert.IsType<Outcome<FollowUpScheduleView>.Invalid>(await store.EndFollowUpAsync(coordinator, s.Id,
            new EndFollowUp { Version = 2, Kind = "WITHDRAWN", Date = "2026-04-02", Reason = "x" }, default));
    }

    [Theory, BothEngines]
    public async Task Worklist_AtFixedClock_BucketsAndFilters(DatabaseProvider engine)
    {
        var (db, coordinator, store) = await SetUpAsync(engine);
        await using var _ = db;
        var a = await db.RegisterPatientAsync(coordinator, "Kim", "Ara");
        var b = await db.RegisterPatientAsync(coordinator, "Lee", "Bora");
        var c = await db.RegisterPatientAsync(coordinator, "Park", "Chan");
        // A: Day 0 2026-05-19 -> BASE (ended 05-19) and D1_7 (ended 05-26) missed, M1 target 06-18 due this week.
        var sa = await StartAsync(store, coordinator, a.Id, new DateOnly(2026, 5, 19), "dr.lee");
        // B: Day 0 2026-05-13 -> M1 target 06-12, window to 06-19: overdue. BASE and D1_7 done.
        var sb = await StartAsync(store, coordinator, b.Id, new DateOnly(2026, 5, 13), "dr.kang");
        foreach (var (code, on) in new[] { ("BASE", "2026-05-13"), ("D1_7", "2026-05-15") })
            Assert.IsType<Outcome<FollowUpVisitView>.Done>(await store.RecordVisitAsync(coordinator, Visit(sb, code).Id, new RecordVisit { Version = 1, ActualDate = on }, default));
        // C: withdrawn: nothing of it is listed.
        var sc = await StartAsync(store, coordinator, c.Id, new DateOnly(2026, 5, 13), "dr.kang");
        await store.EndFollowUpAsync(coordinator, sc.Id, new EndFollowUp { Version = 1, Kind = "WITHDRAWN", Date = "2026-05-20", Reason = "Moved abroad" }, default);

        var all = await store.WorklistAsync(coordinator, new WorklistQuery(null, null), default);
        Assert.Equal(Today, all.Today);
        Assert.Equal(
            [("DUE_THIS_WEEK", "Kim", "M1"), ("MISSED", "Kim", "BASE"), ("MISSED", "Kim", "D1_7"), ("OVERDUE", "Lee", "M1")],
            all.Items.Select(i => (i.Bucket, i.FamilyName!, i.Code)).Order());
        Assert.Equal((1, 1, 2), (all.DueThisWeek, all.Overdue, all.Missed));

        var kang = await store.WorklistAsync(coordinator, new WorklistQuery(null, "dr.kang"), default);
        Assert.Equal([("OVERDUE", b.Id)], kang.Items.Select(i => (i.Bucket, i.PatientId)));
        Assert.Empty((await store.WorklistAsync(coordinator, new WorklistQuery("BUSAN", null), default)).Items);
        Assert.Equal(4, (await store.WorklistAsync(coordinator, new WorklistQuery("MAIN", null), default)).Items.Count);

        // Rescheduling A's M1 to next month takes it off this week's list.
        Assert.IsType<Outcome<FollowUpVisitView>.Done>(await store.RescheduleAsync(coordinator, Visit(sa, "M1").Id,
            new RescheduleVisit { Version = 1, ScheduledOn = "2026-06-24", Reason = "Clinic closed" }, default));
        Assert.Equal(0, (await store.WorklistAsync(coordinator, new WorklistQuery(null, null), default)).DueThisWeek);

        // Another site's coordinator sees none of it, and the schedule reads as not found.
        var busanSite = await db.Get<SiteStore>().EnsureAsync("BUSAN", "Busan clinic", default);
        var busan = new Actor("u-busan", "co.busan", [Roles.Coordinator], false, [busanSite.Id], null);
        Assert.Empty((await store.WorklistAsync(busan, new WorklistQuery(null, null), default)).Items);
        Assert.Null(await store.ReadAsync(busan, a.Id, default));
        Assert.IsType<Outcome<FollowUpVisitView>.NotFound>(await store.RecordVisitAsync(busan, Visit(sa, "M1").Id,
            new RecordVisit { Version = 2, ActualDate = "2026-06-15" }, default));
    }
}
