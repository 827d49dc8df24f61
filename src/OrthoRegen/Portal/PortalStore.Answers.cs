using System.Data.Common;
using System.Text.Json;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;
using OrthoRegen.FollowUp;
using OrthoRegen.Instruments;

namespace OrthoRegen.Portal;

// The patient side: a token opens its patient's due instruments at its visits, answers are saved one at a time as drafts,
// and a complete, valid draft is scored and stored as a PORTAL response that marks the visit's instrument done.
public sealed partial class PortalStore
{
    const string ResolveSql = """
        SELECT l.id AS Id, l.patient_id AS PatientId, l.expires_at AS ExpiresAt, l.revoked_at AS RevokedAt, p.site_id AS SiteId
        FROM portal_links l JOIN patients p ON p.id = l.patient_id WHERE l.token_hash = @hash
        """;
    const string DraftSql = "SELECT items FROM portal_drafts WHERE link_id = @linkId AND visit_id = @visitId AND instrument = @instrument";
    const string DraftsOfLinkSql = "SELECT visit_id AS VisitId, instrument AS Instrument, items AS Items FROM portal_drafts WHERE link_id = @linkId";
    const string UpsertDraftSql = """
        INSERT INTO portal_drafts (link_id, visit_id, instrument, items, updated_at) VALUES (@linkId, @visitId, @instrument, @items, @now)
        ON CONFLICT (link_id, visit_id, instrument) DO UPDATE SET items = excluded.items, updated_at = excluded.updated_at
        """;
    const string InsertSubmissionSql = """
        INSERT INTO portal_submissions (visit_id, instrument, link_id, response_id, submitted_at) VALUES (@visitId, @instrument, @linkId, @responseId, @now)
        ON CONFLICT (visit_id, instrument) DO NOTHING
        """;

    /// <summary>
    /// What <paramref name="token"/> opens now, or null: an unknown, malformed, expired or revoked token all give the same
    /// null (no oracle). Not audited; <see cref="OpenAsync"/> audits the opening of the start page.
    /// </summary>
    public async Task<PortalSession?> ResolveAsync(string? token, CancellationToken ct)
    {
        var found = await FindAsync(token, ct);
        return found is null ? null : await SessionAsync(found.Value.Link, found.Value.Actor, ct);
    }

    /// <summary><see cref="ResolveAsync"/>, audited as the patient opening the link (actor <c>portal:&lt;linkId&gt;</c>).</summary>
    public async Task<PortalSession?> OpenAsync(string? token, string? origin, CancellationToken ct)
    {
        var found = await FindAsync(token, ct, origin);
        if (found is null) return null;
        await audit.AppendAsync(found.Value.Actor, new AuditEvent(AuditAction.Read, LinkKind, found.Value.Link.Id, found.Value.Link.PatientId, ["opened"]), ct);
        return await SessionAsync(found.Value.Link, found.Value.Actor, ct);
    }

    /// <summary>The portal actor of a link: it may see only its patient's site, and has no staff role.</summary>
    static Actor PortalActor(string linkId, string siteId, string? origin) => new("portal:" + linkId, "portal:" + linkId, [], false, [siteId], origin);

    async Task<(ResolvedLink Link, Actor Actor)?> FindAsync(string? token, CancellationToken ct, string? origin = null)
    {
        if (!PortalToken.LooksValid(token)) return null;
        await using var c = await database.OpenAsync(ct);
        var link = await c.QuerySingleOrDefaultAsync<ResolvedLink>(new CommandDefinition(ResolveSql, new { hash = PortalToken.Hash(token!) }, cancellationToken: ct));
        if (link is null || link.RevokedAt is not null || Now >= link.ExpiresAt) return null;
        return (link, PortalActor(link.Id, link.SiteId, origin));
    }

    async Task<PortalSession?> SessionAsync(ResolvedLink link, Actor actor, CancellationToken ct)
    {
        var patient = await patients.LoadAsync(actor, link.PatientId, ct);
        if (patient is null) return null;
        List<string> scoped;
        Dictionary<(string, string), Dictionary<string, JsonElement>> drafts;
        await using (var c = await database.OpenAsync(ct))
        {
            scoped = (await c.QueryAsync<string>(new CommandDefinition("SELECT visit_id FROM portal_link_visits WHERE link_id = @linkId",
                new { linkId = link.Id }, cancellationToken: ct))).ToList();
            drafts = (await c.QueryAsync<(string VisitId, string Instrument, string Items)>(new CommandDefinition(DraftsOfLinkSql,
                    new { linkId = link.Id }, cancellationToken: ct)))
                .ToDictionary(d => (d.VisitId, d.Instrument), d => ParseDraft(d.Items));
        }
        var visits = new List<PortalVisit>();
        foreach (var s in await followUp.SchedulesOfAsync(link.PatientId, ct))
            foreach (var v in s.Visits.Where(v => scoped.Contains(v.Id)).OrderBy(v => v.Seq))
            {
                var done = PortalInstruments.Done(v);
                var states = PortalInstruments.ForVisit(s.Target, v).Select(code =>
                {
                    var definition = catalog.Find(code)!.Definition;
                    var questions = PortalInstruments.Questions(definition);
                    var draft = drafts.GetValueOrDefault((v.Id, code)) ?? [];
                    var answered = questions.Count(q => draft.ContainsKey(q.Code));
                    var next = done.Contains(code) ? null : questions.FirstOrDefault(q => !draft.ContainsKey(q.Code))?.Code;
                    return new PortalInstrumentState(v.Id, code, definition.Title, done.Contains(code) ? questions.Count : answered, questions.Count,
                        done.Contains(code), next);
                }).ToList();
                visits.Add(new PortalVisit(v.Id, v.Code, s.Target, v.WindowEnd, states));
            }
        var language = patient.Language is "ko" or "zh" or "en" ? patient.Language : "en";
        return new PortalSession(link.Id, link.PatientId, language, link.ExpiresAt, visits);
    }

    /// <summary>
    /// One question of an instrument the link opens, with the answer saved so far; null when the token is refused, or the
    /// visit, instrument or item is not in the link's scope (another patient's visit looks exactly like a missing one).
    /// </summary>
    /// <param name="language">en, ko or zh: the language the page is shown in.</param>
    public async Task<PortalQuestion?> QuestionAsync(string? token, string visitId, string instrument, string itemCode, string language, CancellationToken ct)
    {
        var session = await ResolveAsync(token, ct);
        var state = session?.Find(visitId, instrument);
        if (state is null) return null;
        var definition = catalog.Find(instrument)!.Definition;
        var questions = PortalInstruments.Questions(definition);
        var index = questions.ToList().FindIndex(q => q.Code == itemCode);
        if (index < 0) return null;
        var item = questions[index];
        var draft = await DraftAsync(session!.LinkId, visitId, instrument, ct);
        var saved = draft.TryGetValue(item.Code, out var a) ? Display(a) : null;
        var section = definition.Sections.First(s => s.Items.Contains(item)).Title;
        return new PortalQuestion(state, item, section, PortalInstruments.Wording(definition, item, language, wordings), index + 1, questions.Count,
            index > 0 ? questions[index - 1].Code : null, index + 1 < questions.Count ? questions[index + 1].Code : null, saved);
    }

    /// <summary>
    /// Saves one answer to the draft (resumable: reopening the link continues at the first unanswered item). Invalid,
    /// keyed by the item code, for an empty or out-of-range answer; not found outside the link's scope; conflict when
    /// the instrument was already submitted. Returns the item to show next (null: all answered, time to submit). Audited.
    /// </summary>
    public async Task<Outcome<string?>> SaveAnswerAsync(string? token, string visitId, string instrument, string itemCode, string? posted,
        string? origin, CancellationToken ct)
    {
        var found = await FindAsync(token, ct, origin);
        if (found is null) return Outcome.NotFound<string?>();
        var (link, actor) = found.Value;
        var session = await SessionAsync(link, actor, ct);
        var state = session?.Find(visitId, instrument);
        if (state is null) return Outcome.NotFound<string?>();
        if (state.Submitted) return Outcome.Conflict<string?>(PortalMessages.AlreadySubmitted);
        var definition = catalog.Find(instrument)!.Definition;
        var questions = PortalInstruments.Questions(definition);
        var item = questions.FirstOrDefault(q => q.Code == itemCode);
        if (item is null) return Outcome.NotFound<string?>();
        var answer = PortalInstruments.Read(item, posted);
        var problem = answer.IsMissing ? PortalMessages.Unanswered : ResponseValidation.Check(item, answer);
        if (problem is not null) return Outcome.Invalid<string?>(new Dictionary<string, string[]> { [item.Code] = [problem] });

        var draft = await database.InTransactionAsync(async (c, tx) =>
        {
            var items = ParseDraft(await c.ExecuteScalarAsync<string?>(new CommandDefinition(DraftSql,
                new { linkId = link.Id, visitId, instrument }, tx, cancellationToken: ct)));
            items[item.Code] = answer.ToJsonElement();
            await c.ExecuteAsync(new CommandDefinition(UpsertDraftSql, new
            {
                linkId = link.Id, visitId, instrument, items = JsonSerializer.Serialize(items), now = Now,
            }, tx, cancellationToken: ct));
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Update, DraftKind, link.Id, link.PatientId,
                [$"instrument={instrument}", $"item={item.Code}"]));
            return items;
        }, ct);
        var index = questions.ToList().IndexOf(item);
        // Next: the following item if unanswered, else the first unanswered one anywhere; null once all are answered.
        var next = questions.Skip(index + 1).FirstOrDefault(q => !draft.ContainsKey(q.Code)) ?? questions.FirstOrDefault(q => !draft.ContainsKey(q.Code));
        return next?.Code;
    }

    /// <summary>
    /// Submits the draft of one instrument: every question must be answered and in range (otherwise Invalid with one
    /// message per item code, nothing stored); then, in one transaction, the response is scored and stored with mode
    /// PORTAL, the visit's instrument is marked done with the response id, and the draft is removed. A second submission
    /// of the same instrument for the same visit is a conflict. Audited.
    /// </summary>
    public async Task<Outcome<string>> SubmitAsync(string? token, string visitId, string instrument, string? origin, CancellationToken ct)
    {
        var found = await FindAsync(token, ct, origin);
        if (found is null) return Outcome.NotFound<string>();
        var (link, actor) = found.Value;
        var session = await SessionAsync(link, actor, ct);
        var state = session?.Find(visitId, instrument);
        if (state is null) return Outcome.NotFound<string>();
        if (state.Submitted) return Outcome.Conflict<string>(PortalMessages.AlreadySubmitted);
        var visit = session!.Visits.First(v => v.VisitId == visitId);
        var definition = catalog.Find(instrument)!.Definition;
        var draft = await DraftAsync(link.Id, visitId, instrument, ct);
        var e = new FieldErrors();
        foreach (var q in PortalInstruments.Questions(definition))
        {
            if (!draft.TryGetValue(q.Code, out var value)) { e.Add(q.Code, PortalMessages.Unanswered); continue; }
            if (ResponseValidation.Check(q, Answer.FromJson(value)) is { } problem) e.Add(q.Code, problem);
        }
        if (!e.IsEmpty) return Outcome.Invalid<string>(e.ToDictionary());

        var request = new SubmitResponse
        {
            Instrument = instrument, Items = draft, Language = session.Language, Mode = ResponseModes.Portal, VisitCode = visit.VisitCode,
            Target = visit.Target, CompletedOn = DayOf(Now).ToString("yyyy-MM-dd"),
        };
        try
        {
            return await database.InTransactionAsync(async (c, tx) =>
            {
                var responseId = Ids.New(clock);
                // The submission row first: its primary key (visit, instrument) lets only one of two racing submissions through.
                var claimed = await c.ExecuteAsync(new CommandDefinition(InsertSubmissionSql,
                    new { visitId, instrument, linkId = link.Id, responseId = "", now = Now }, tx, cancellationToken: ct));
                if (claimed == 0) throw new SubmissionRefused();
                var stored = await responses.SubmitInAsync(c, tx, actor, link.PatientId, request, ct);
                if (stored is not Outcome<string>.Done done) return stored; // validated above; kept for a catalog change in between
                responseId = done.Value;
                await c.ExecuteAsync(new CommandDefinition("UPDATE portal_submissions SET response_id = @responseId WHERE visit_id = @visitId AND instrument = @instrument",
                    new { responseId, visitId, instrument }, tx, cancellationToken: ct));
                if (!await followUp.MarkInstrumentDoneAsync(c, tx, actor, visitId, instrument, responseId, ct)) throw new SubmissionRefused();
                await c.ExecuteAsync(new CommandDefinition("DELETE FROM portal_drafts WHERE link_id = @linkId AND visit_id = @visitId AND instrument = @instrument",
                    new { linkId = link.Id, visitId, instrument }, tx, cancellationToken: ct));
                await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, SubmissionKind, responseId, link.PatientId,
                    [$"visit={visit.VisitCode}", $"instrument={instrument}", $"link={link.Id}"]));
                return (Outcome<string>)responseId;
            }, ct);
        }
        catch (SubmissionRefused)
        {
            return Outcome.Conflict<string>(PortalMessages.AlreadySubmitted);
        }
    }

    /// <summary>
    /// The patient's own results: for every instrument with a stored response, the scores over time per target with the
    /// change from baseline and the minimal important change (direction-aware, thresholds of the catalog), and a chart.
    /// Null when the token is refused. Audited (a read by the portal actor).
    /// </summary>
    public async Task<PortalResults?> ResultsAsync(string? token, string language, string? origin, CancellationToken ct)
    {
        var found = await FindAsync(token, ct, origin);
        if (found is null) return null;
        var (link, actor) = found.Value;
        var codes = (await responses.ListAsync(link.PatientId, ct)).Select(r => r.Instrument).Distinct().Order(StringComparer.Ordinal).ToList();
        var list = new List<PortalInstrumentResult>();
        foreach (var code in codes)
        {
            var definition = catalog.Find(code)?.Definition;
            if (definition is null) continue;
            foreach (var history in await responses.HistoryAsync(actor, link.PatientId, code, null, ct) ?? [])
            {
                var charted = PortalChart.ScoresToChart(definition, history.Population);
                list.Add(new PortalInstrumentResult(definition, history, charted, PortalChart.Draw(definition, history, charted, language)));
            }
        }
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, LinkKind, link.Id, link.PatientId, ["results"]), ct);
        return new PortalResults(list);
    }

    async Task<Dictionary<string, JsonElement>> DraftAsync(string linkId, string visitId, string instrument, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return ParseDraft(await c.ExecuteScalarAsync<string?>(new CommandDefinition(DraftSql, new { linkId, visitId, instrument }, cancellationToken: ct)));
    }

    static Dictionary<string, JsonElement> ParseDraft(string? json) =>
        json is null ? new(StringComparer.Ordinal)
            : new Dictionary<string, JsonElement>(JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!, StringComparer.Ordinal);

    /// <summary>A saved answer as the form value it came from ("2", "true", "L3").</summary>
    static string? Display(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => Invariant(value.GetDecimal()),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.String => value.GetString(),
        _ => null,
    };

    sealed class SubmissionRefused : Exception;

    sealed record ResolvedLink
    {
        public string Id { get; init; } = "";
        public string PatientId { get; init; } = "";
        public DateTimeOffset ExpiresAt { get; init; }
        public DateTimeOffset? RevokedAt { get; init; }
        public string SiteId { get; init; } = "";
    }
}
