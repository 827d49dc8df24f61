using System.Text.Json;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.FollowUp;
using OrthoRegen.Instruments;
using OrthoRegen.Portal;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Portal;

/// <summary>
/// Portal links on both engines. The test clock stands at 2026-06-15 09:00 UTC; a right-knee schedule with Day 0 on
/// 2026-05-15 has its M1 window (2026-06-07 to 2026-06-21) open, with KOOS and the pain NRS to do.
/// </summary>
public class PortalStoreTests
{
    static readonly DateOnly Day0 = new(2026, 5, 15);

    sealed record World(TestDatabase Db, Actor Coordinator, PortalStore Store, string PatientId, FollowUpScheduleView Schedule) : IAsyncDisposable
    {
        public FollowUpVisitView Visit(string code) => Schedule.Visits.Single(v => v.Code == code);
        public ValueTask DisposeAsync() => Db.DisposeAsync();
    }

    static async Task<World> SetUpAsync(DatabaseProvider engine, string family = "Kim")
    {
        var db = await TestDatabase.CreateAsync(engine);
        var coordinator = await db.StaffAtMainSiteAsync(Roles.Coordinator, "co.han");
        var p = await db.RegisterPatientAsync(coordinator, family);
        var schedule = await ScheduleAsync(db, coordinator, p.Id);
        return new World(db, coordinator, db.Get<PortalStore>(), p.Id, schedule);
    }

    static async Task<FollowUpScheduleView> ScheduleAsync(TestDatabase db, Actor actor, string patientId, string target = "KNEE_R")
    {
        var outcome = await db.Get<FollowUpStore>().StartAsync(actor, patientId,
            new StartSchedule { Target = target, Day0 = Day0.ToString("yyyy-MM-dd"), TreatingPhysician = "dr.lee" }, default);
        return Assert.IsType<Outcome<ScheduleStart>.Done>(outcome).Value.Schedule;
    }

    static async Task<(IssuedPortalLink Link, string Token)> IssueAsync(World w, params string[] visitIds)
    {
        var outcome = await w.Store.IssueAsync(w.Coordinator, w.PatientId, new IssuePortalLink { VisitIds = visitIds }, "http://clinic.test", default);
        var issued = Assert.IsType<Outcome<IssuedPortalLink>.Done>(outcome).Value;
        return (issued, issued.Url[(issued.Url.LastIndexOf('/') + 1)..]);
    }

    static async Task<long> CountAsync(TestDatabase db, string sql, object? args = null)
    {
        await using var c = await db.Database.OpenAsync(default);
        return await c.ExecuteScalarAsync<long>(sql, args);
    }

    /// <summary>Answers every KOOS item with value (item number mod 5), as a patient would, one save per item.</summary>
    static async Task<Dictionary<string, Answer>> AnswerAllAsync(World w, string token, string visitId, string instrument, int? upTo = null)
    {
        var questions = PortalInstruments.Questions(InstrumentCatalog.Default.Find(instrument)!.Definition);
        var given = new Dictionary<string, Answer>(StringComparer.Ordinal);
        foreach (var (q, i) in questions.Take(upTo ?? questions.Count).Select((q, i) => (q, i)))
        {
            var choice = (AnswerScale.Choice)q.Scale;
            var value = choice.Options[i % choice.Options.Count].Value;
            var saved = await w.Store.SaveAnswerAsync(token, visitId, instrument, q.Code, PortalInstruments.Value(value), "127.0.0.1", default);
            Assert.IsType<Outcome<string?>.Done>(saved);
            given[q.Code] = Answer.Of(value);
        }
        return given;
    }

    [Theory, BothEngines]
    public async Task Issue_DueVisit_StoresOnlyTheHashAndAudits(DatabaseProvider engine)
    {
        await using var w = await SetUpAsync(engine);
        var m1 = w.Visit("M1");
        var due = Assert.Single((await w.Store.DueVisitsAsync(w.Coordinator, w.PatientId, default))!);
        Assert.Equal(m1.Id, due.VisitId);
        Assert.Equal(["KOOS", "PAIN_NRS"], due.Instruments);

        var (issued, token) = await IssueAsync(w, m1.Id);

        Assert.True(PortalToken.LooksValid(token));
        Assert.StartsWith("http://clinic.test/portal/", issued.Url);
        Assert.Equal(PortalLinkStatus.Active, issued.Link.Status);
        Assert.Equal(new DateTimeOffset(2026, 6, 22, 0, 0, 0, TimeSpan.Zero), issued.Link.ExpiresAt); // end of the M1 window, under the 30-day cap
        Assert.Equal(PortalSendStatus.ToHandOver, issued.SendStatus);
        Assert.Equal(1, await CountAsync(w.Db, "SELECT count(*) FROM portal_links WHERE token_hash = @h", new { h = PortalToken.Hash(token) }));
        await using (var c = await w.Db.Database.OpenAsync(default))
        {
            foreach (var table in new[] { "portal_links", "portal_link_visits", "portal_outbox" })
            {
                var rows = await c.QueryAsync(new CommandDefinition($"SELECT * FROM {table}"));
                Assert.DoesNotContain(token, JsonSerializer.Serialize(rows)); // the token itself is never stored
            }
            var audit = (await c.QueryAsync<(string Actor, string Action, string Entity)>(
                "SELECT actor, action, entity FROM audit_log WHERE entity IN ('portal_link', 'portal_outbox') ORDER BY seq")).ToList();
            Assert.Contains(("co.han", "CREATE", "portal_link"), audit);
            Assert.Contains(("co.han", "UPDATE", "portal_outbox"), audit);
        }
        var outbox = Assert.Single((await w.Store.OutboxAsync(w.Coordinator, w.PatientId, default))!);
        Assert.Equal(issued.Url, outbox.Link); // the coordinator can hand the link over from the outbox
        Assert.DoesNotContain(token, outbox.Summary);
        Assert.Equal("Portal link issued for visit M1, expires 2026-06-22 00:00 UTC", outbox.Summary);
    }

    [Theory, BothEngines]
    public async Task Issue_VisitNotDueOrOfAnotherPatient_IsInvalidNamingTheVisit(DatabaseProvider engine)
    {
        await using var w = await SetUpAsync(engine);
        var other = await w.Db.RegisterPatientAsync(w.Coordinator, "Park");
        var otherSchedule = await ScheduleAsync(w.Db, w.Coordinator, other.Id);
        var otherM1 = otherSchedule.Visits.Single(v => v.Code == "M1").Id;

        var outcome = await w.Store.IssueAsync(w.Coordinator, w.PatientId,
            new IssuePortalLink { VisitIds = [w.Visit("M1").Id, w.Visit("M3").Id, otherM1] }, "http://clinic.test", default);

        var errors = Assert.IsType<Outcome<IssuedPortalLink>.Invalid>(outcome).Errors;
        Assert.Equal(["visitIds[1]", "visitIds[2]"], errors.Keys.Order().ToArray());
        Assert.Equal(PortalMessages.NotDue, errors["visitIds[2]"][0]);
        Assert.Equal(0, await CountAsync(w.Db, "SELECT count(*) FROM portal_links"));
        var empty = await w.Store.IssueAsync(w.Coordinator, w.PatientId, new IssuePortalLink(), "http://clinic.test", default);
        Assert.Equal(PortalMessages.NoVisits, Assert.IsType<Outcome<IssuedPortalLink>.Invalid>(empty).Errors["visitIds"][0]);
    }

    [Theory, BothEngines]
    public async Task Issue_PatientAtAnotherSite_IsNotFound(DatabaseProvider engine)
    {
        await using var w = await SetUpAsync(engine);
        var elsewhere = new Actor("u-x", "co.kang", [Roles.Coordinator], false, ["0123456789abcdef0123456789abcdef"], null);
        Assert.IsType<Outcome<IssuedPortalLink>.NotFound>(await w.Store.IssueAsync(elsewhere, w.PatientId,
            new IssuePortalLink { VisitIds = [w.Visit("M1").Id] }, "http://clinic.test", default));
        Assert.Null(await w.Store.ListAsync(elsewhere, w.PatientId, default));
    }

    [Theory, BothEngines]
    public async Task Resolve_UnknownRevokedOrExpired_AllGiveTheSameRefusal(DatabaseProvider engine)
    {
        await using var w = await SetUpAsync(engine);
        var (revokedLink, revoked) = await IssueAsync(w, w.Visit("M1").Id);
        var (_, expiring) = await IssueAsync(w, w.Visit("M1").Id);
        Assert.NotNull(await w.Store.ResolveAsync(revoked, default));

        var r = Assert.IsType<Outcome<PortalLinkView>.Done>(await w.Store.RevokeAsync(w.Coordinator, revokedLink.Link.Id, default)).Value;
        Assert.Equal(PortalLinkStatus.Revoked, r.Status);
        Assert.IsType<Outcome<PortalLinkView>.Conflict>(await w.Store.RevokeAsync(w.Coordinator, revokedLink.Link.Id, default));
        Assert.Null(await w.Store.ResolveAsync(revoked, default));
        Assert.NotNull(await w.Store.ResolveAsync(expiring, default));

        w.Db.Clock.Advance(TimeSpan.FromDays(7)); // 2026-06-22 09:00, after the M1 window's end
        Assert.Null(await w.Store.ResolveAsync(expiring, default));
        Assert.Null(await w.Store.ResolveAsync(PortalToken.New(), default));
        Assert.Null(await w.Store.ResolveAsync("not-a-token", default));
        Assert.Null(await w.Store.OpenAsync(expiring, null, default));
        Assert.IsType<Outcome<string?>.NotFound>(await w.Store.SaveAnswerAsync(expiring, w.Visit("M1").Id, "PAIN_NRS", "nrs", "3", null, default));
        var statuses = (await w.Store.ListAsync(w.Coordinator, w.PatientId, default))!.Select(l => l.Status).Order().ToArray();
        Assert.Equal([PortalLinkStatus.Expired, PortalLinkStatus.Revoked], statuses);
        Assert.All((await w.Store.OutboxAsync(w.Coordinator, w.PatientId, default))!, m => Assert.Null(m.Link));
    }

    [Theory, BothEngines]
    public async Task Submit_CompleteKoos_StoresThePortalResponseScoredAsTheLibraryAndMarksTheVisit(DatabaseProvider engine)
    {
        await using var w = await SetUpAsync(engine);
        var m1 = w.Visit("M1").Id;
        var (link, token) = await IssueAsync(w, m1);
        var given = await AnswerAllAsync(w, token, m1, "KOOS");

        var id = Assert.IsType<Outcome<string>.Done>(await w.Store.SubmitAsync(token, m1, "KOOS", "127.0.0.1", default)).Value;

        var stored = (await w.Db.Get<ResponseStore>().ListAsync(w.PatientId, default)).Single(r => r.Id == id);
        var expected = InstrumentCatalog.Default.Score(new InstrumentRequest("KOOS", given));
        Assert.Equal(expected.Scores.ToDictionary(s => s.Name, s => s.Value), stored.Scores);
        Assert.Equal((ResponseModes.Portal, "M1", "KNEE_R", "ko", "portal:" + link.Link.Id, RecordSource.Patient),
            (stored.Mode, stored.VisitCode, stored.Target, stored.Language, stored.EnteredBy, stored.Source));
        var visit = (await w.Db.Get<FollowUpStore>().ReadVisitAsync(w.Coordinator, m1, default))!.Value.Visit;
        Assert.Contains(new InstrumentLink("KOOS", id), visit.Findings!.Instruments);
        Assert.Null(visit.ActualDate); // the visit itself is still recorded by staff
        Assert.Equal(0, await CountAsync(w.Db, "SELECT count(*) FROM portal_drafts WHERE instrument = 'KOOS'"));

        var again = await w.Store.SubmitAsync(token, m1, "KOOS", null, default);
        Assert.Equal(PortalMessages.AlreadySubmitted, Assert.IsType<Outcome<string>.Conflict>(again).Detail);
        Assert.IsType<Outcome<string?>.Conflict>(await w.Store.SaveAnswerAsync(token, m1, "KOOS", "P1", "1", null, default));
        var state = (await w.Store.ResolveAsync(token, default))!.Find(m1, "KOOS")!;
        Assert.True(state.Submitted);

        var actor = "portal:" + link.Link.Id;
        var audit = await CountAsync(w.Db, "SELECT count(*) FROM audit_log WHERE actor = @actor AND entity = 'portal_draft'", new { actor });
        Assert.Equal(42, audit); // one audit row per answer saved
        Assert.Equal(1, await CountAsync(w.Db, "SELECT count(*) FROM audit_log WHERE actor = @actor AND entity = 'portal_submission'", new { actor }));
        Assert.Equal(0, await CountAsync(w.Db, "SELECT count(*) FROM audit_log WHERE actor LIKE @t", new { t = "%" + token + "%" }));
        Assert.True((await w.Db.Get<OrthoRegen.Audit.AuditTrail>().VerifyAsync(default)).IsIntact);

        // NRS too: then the link is used up.
        await AnswerAllAsync(w, token, m1, "PAIN_NRS");
        Assert.IsType<Outcome<string>.Done>(await w.Store.SubmitAsync(token, m1, "PAIN_NRS", null, default));
        Assert.Equal(PortalLinkStatus.UsedUp, (await w.Store.ListAsync(w.Coordinator, w.PatientId, default))!.Single().Status);
        Assert.Empty((await w.Store.DueVisitsAsync(w.Coordinator, w.PatientId, default))!);
    }

    [Theory, BothEngines]
    public async Task Submit_HalfFinished_NamesEachUnansweredItemAndStoresNoResponse(DatabaseProvider engine)
    {
        await using var w = await SetUpAsync(engine);
        var m1 = w.Visit("M1").Id;
        var (_, token) = await IssueAsync(w, m1);
        await AnswerAllAsync(w, token, m1, "KOOS", upTo: 10);

        var errors = Assert.IsType<Outcome<string>.Invalid>(await w.Store.SubmitAsync(token, m1, "KOOS", null, default)).Errors;

        Assert.Equal(32, errors.Count);
        Assert.All(errors.Values, m => Assert.Equal(PortalMessages.Unanswered, m.Single()));
        Assert.Empty(await w.Db.Get<ResponseStore>().ListAsync(w.PatientId, default));
        Assert.Equal(0, await CountAsync(w.Db, "SELECT count(*) FROM portal_submissions"));
        // Resumable: the link reopens at the first unanswered item.
        var state = (await w.Store.ResolveAsync(token, default))!.Find(m1, "KOOS")!;
        var eleventh = PortalInstruments.Questions(Koos.Definition)[10].Code;
        Assert.Equal((10, 42, eleventh, false), (state.Answered, state.Total, state.NextItem, state.Submitted));
    }

    [Theory, BothEngines]
    public async Task SaveAnswer_OutOfRangeOrEmpty_MessageNamesTheItemAndNothingIsSaved(DatabaseProvider engine)
    {
        await using var w = await SetUpAsync(engine);
        var m1 = w.Visit("M1").Id;
        var (_, token) = await IssueAsync(w, m1);

        var high = Assert.IsType<Outcome<string?>.Invalid>(await w.Store.SaveAnswerAsync(token, m1, "PAIN_NRS", "nrs", "11", null, default));
        var empty = Assert.IsType<Outcome<string?>.Invalid>(await w.Store.SaveAnswerAsync(token, m1, "PAIN_NRS", "nrs", " ", null, default));

        Assert.Contains("nrs", high.Errors["nrs"][0]);
        Assert.Equal(PortalMessages.Unanswered, empty.Errors["nrs"][0]);
        Assert.Equal(0, await CountAsync(w.Db, "SELECT count(*) FROM portal_drafts"));
    }

    [Theory, BothEngines]
    public async Task Question_VisitOfAnotherPatientOrNotInTheLink_IsNotFound(DatabaseProvider engine)
    {
        await using var w = await SetUpAsync(engine);
        var other = await w.Db.RegisterPatientAsync(w.Coordinator, "Park");
        var otherM1 = (await ScheduleAsync(w.Db, w.Coordinator, other.Id)).Visits.Single(v => v.Code == "M1").Id;
        var (_, token) = await IssueAsync(w, w.Visit("M1").Id);

        Assert.NotNull(await w.Store.QuestionAsync(token, w.Visit("M1").Id, "KOOS", "P1", "ko", default));
        Assert.Null(await w.Store.QuestionAsync(token, otherM1, "KOOS", "P1", "ko", default));
        Assert.Null(await w.Store.QuestionAsync(token, w.Visit("M3").Id, "KOOS", "P1", "ko", default));
        Assert.Null(await w.Store.QuestionAsync(token, w.Visit("M1").Id, "WOMAC", "P1", "ko", default));
        Assert.IsType<Outcome<string?>.NotFound>(await w.Store.SaveAnswerAsync(token, otherM1, "PAIN_NRS", "nrs", "3", null, default));
        Assert.IsType<Outcome<string>.NotFound>(await w.Store.SubmitAsync(token, otherM1, "PAIN_NRS", null, default));
        Assert.DoesNotContain((await w.Store.ResolveAsync(token, default))!.Visits, v => v.VisitId == otherM1);
    }

    [Theory, BothEngines]
    public async Task IssueForOpenWindows_RunTwice_IssuesOncePerVisit(DatabaseProvider engine)
    {
        await using var w = await SetUpAsync(engine);
        var now = w.Db.Clock.GetUtcNow();

        Assert.Equal(1, await w.Store.IssueForOpenWindowsAsync(now, default));
        Assert.Equal(0, await w.Store.IssueForOpenWindowsAsync(now, default));
        var link = Assert.Single((await w.Store.ListAsync(w.Coordinator, w.PatientId, default))!);
        Assert.True(link.Automatic);
        Assert.Equal(("M1", PortalStore.AutoActor), (link.Visits.Single().VisitCode, link.IssuedBy));
        await w.Store.RevokeAsync(w.Coordinator, link.Id, default);
        Assert.Equal(0, await w.Store.IssueForOpenWindowsAsync(now, default)); // revoked: not reissued automatically

        w.Db.Clock.Advance(TimeSpan.FromDays(63)); // 2026-08-17: the M3 window (2026-07-31 to 2026-08-28) is open
        Assert.Equal(1, await w.Store.IssueForOpenWindowsAsync(w.Db.Clock.GetUtcNow(), default));
        Assert.Equal(0, await w.Store.IssueForOpenWindowsAsync(w.Db.Clock.GetUtcNow(), default));
        Assert.Equal(2, await CountAsync(w.Db, "SELECT count(*) FROM audit_log WHERE actor = @a AND entity = 'portal_link' AND action = 'CREATE'",
            new { a = PortalStore.AutoActor }));
    }

    [Theory, BothEngines]
    public async Task Results_AfterBaselineAndFollowUp_ShowChangeAgainstTheMinimalImportantChange(DatabaseProvider engine)
    {
        await using var w = await SetUpAsync(engine);
        var m1 = w.Visit("M1").Id;
        // Baseline NRS 8 entered by staff at BASE; the portal answer at M1 is 3: 5 points better (NRS is higher-is-worse).
        var baseline = await w.Db.Get<ResponseStore>().SubmitAsync(w.Coordinator, w.PatientId, new SubmitResponse
        {
            Instrument = "PAIN_NRS", Items = new() { ["nrs"] = JsonSerializer.SerializeToElement(8) }, Language = "ko", Mode = ResponseModes.ClinicTablet,
            VisitCode = "BASE", Target = "KNEE_R", CompletedOn = "2026-05-10",
        }, default);
        Assert.IsType<Outcome<InstrumentResponse>.Done>(baseline);
        var (_, token) = await IssueAsync(w, m1);
        await w.Store.SaveAnswerAsync(token, m1, "PAIN_NRS", "nrs", "3", null, default);
        Assert.IsType<Outcome<string>.Done>(await w.Store.SubmitAsync(token, m1, "PAIN_NRS", null, default));

        var results = (await w.Store.ResultsAsync(token, "ko", null, default))!;

        var nrs = Assert.Single(results.Instruments);
        Assert.Equal(2, nrs.History.Points.Count);
        var change = nrs.History.Points[1].Change!.Single(c => c.Score == "nrs");
        Assert.Equal((8m, 3m, -5m, 5m), (change.Baseline, change.Followup, change.Change, change.Improvement));
        Assert.Contains("<svg", nrs.Svg);
        Assert.Contains("통증 NRS", nrs.Svg);
        Assert.Null(await w.Store.ResultsAsync(PortalToken.New(), "ko", null, default));
    }
}
