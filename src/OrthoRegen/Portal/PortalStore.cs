using System.Data.Common;
using System.Globalization;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;
using OrthoRegen.FollowUp;
using OrthoRegen.Instruments;
using OrthoRegen.Patients;

namespace OrthoRegen.Portal;

/// <summary>
/// Patient portal links (issue 6, "Questionnaires" and "Security"): the only code touching <c>portal_links</c>,
/// <c>portal_link_visits</c>, <c>portal_drafts</c>, <c>portal_submissions</c> and <c>portal_outbox</c>. This file holds
/// the staff side (issue, list, revoke, outbox, the automatic rule); <c>PortalStore.Answers.cs</c> the patient side.
/// Every write is audited in its transaction; the patient side acts as <c>portal:&lt;linkId&gt;</c>, never as the token.
/// </summary>
public sealed partial class PortalStore(
    Database database, AuditTrail audit, PatientStore patients, FollowUpStore followUp, ResponseStore responses, InstrumentCatalog catalog,
    LicensedWordingLibrary wordings, IPortalLinkSender sender, IPortalLinkVault vault, PortalOptions options, TimeProvider clock)
{
    public const string LinkKind = "portal_link", DraftKind = "portal_draft", SubmissionKind = "portal_submission", OutboxKind = "portal_outbox";

    /// <summary>The automatic rule's actor.</summary>
    public const string AutoActor = "portal:auto";

    const string InsertLinkSql = """
        INSERT INTO portal_links (id, patient_id, token_hash, issued_at, issued_by, expires_at, auto_visit_id, revoked_at, revoked_by)
        VALUES (@Id, @PatientId, @TokenHash, @IssuedAt, @IssuedBy, @ExpiresAt, @AutoVisitId, NULL, NULL)
        ON CONFLICT (auto_visit_id) DO NOTHING
        """;
    const string InsertLinkVisitSql = "INSERT INTO portal_link_visits (link_id, visit_id) VALUES (@LinkId, @VisitId)";
    const string LinkColumns = """
        SELECT id AS Id, patient_id AS PatientId, issued_at AS IssuedAt, issued_by AS IssuedBy, expires_at AS ExpiresAt,
               auto_visit_id AS AutoVisitId, revoked_at AS RevokedAt, revoked_by AS RevokedBy
        FROM portal_links
        """;
    const string LinkVisitsSql = "SELECT link_id AS LinkId, visit_id AS VisitId FROM portal_link_visits WHERE link_id = @linkId ORDER BY visit_id";
    const string InsertOutboxSql = """
        INSERT INTO portal_outbox (id, link_id, patient_id, channel, summary, sealed_link, status, created_at)
        VALUES (@Id, @LinkId, @PatientId, @Channel, @Summary, @SealedLink, @Status, @CreatedAt)
        """;
    const string OutboxSql = """
        SELECT id AS Id, link_id AS LinkId, channel AS Channel, summary AS Summary, sealed_link AS SealedLink, status AS Status, created_at AS CreatedAt
        FROM portal_outbox WHERE patient_id = @patientId ORDER BY created_at DESC, id DESC
        """;

    DateTimeOffset Now => clock.GetUtcNow();
    static DateOnly DayOf(DateTimeOffset t) => DateOnly.FromDateTime(t.UtcDateTime);

    /// <summary>The end of a visit window as an instant: windows are whole days, inclusive, in UTC.</summary>
    static DateTimeOffset EndOf(DateOnly lastDay) => new(lastDay.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>
    /// The default expiry of a link for visits whose windows end on <paramref name="windowEnds"/>: the end of the latest
    /// window, capped at <see cref="PortalOptions.LinkLifetimeDays"/> from <paramref name="issuedAt"/>.
    /// </summary>
    public static DateTimeOffset DefaultExpiry(DateTimeOffset issuedAt, IEnumerable<DateOnly> windowEnds, int lifetimeDays)
    {
        var latest = EndOf(windowEnds.Max());
        var cap = issuedAt.AddDays(lifetimeDays);
        return latest < cap ? latest : cap;
    }

    // ---- due visits ------------------------------------------------------------------------------------------------

    /// <summary>The patient's visits a link can be issued for today; null when the patient is not visible. Audited.</summary>
    public async Task<IReadOnlyList<DuePortalVisit>?> DueVisitsAsync(Actor actor, string patientId, CancellationToken ct)
    {
        if (await patients.LoadAsync(actor, patientId, ct) is null) return null;
        var due = await DueOfAsync(patientId, DayOf(Now), ct);
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, LinkKind, null, patientId, ["due_visits"]), ct);
        return due;
    }

    async Task<List<DuePortalVisit>> DueOfAsync(string patientId, DateOnly today, CancellationToken ct)
    {
        var list = new List<DuePortalVisit>();
        foreach (var s in await followUp.SchedulesOfAsync(patientId, ct))
        {
            if (s.Status != FollowUpCodes.Active) continue;
            foreach (var v in s.Visits.Where(v => PortalInstruments.IsDue(s.Target, v, today)))
                list.Add(new DuePortalVisit(v.Id, v.Code, s.Target, v.WindowStart, v.WindowEnd,
                    PortalInstruments.ForVisit(s.Target, v).Except(PortalInstruments.Done(v)).ToList()));
        }
        return list;
    }

    // ---- issuing ---------------------------------------------------------------------------------------------------

    /// <summary>
    /// Issues a link for due visits of the patient and hands it to the configured sender; the outbox keeps the message.
    /// The address with the token is returned once, here. Invalid names <c>visitIds[i]</c> or <c>expiresAt</c>; not
    /// found when the patient is not visible. Audited.
    /// </summary>
    /// <param name="baseUrl">Where patients open links (scheme and host), used when <c>Portal:PublicBaseUrl</c> is unset.</param>
    public async Task<Outcome<IssuedPortalLink>> IssueAsync(Actor actor, string patientId, IssuePortalLink request, string baseUrl, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var patient = await patients.LoadAsync(actor, patientId, ct);
        if (patient is null) return Outcome.NotFound<IssuedPortalLink>();
        var now = Now;
        var due = await DueOfAsync(patientId, DayOf(now), ct);
        var e = new FieldErrors();
        var ids = request.VisitIds ?? [];
        if (ids.Count == 0) e.Add("visitIds", PortalMessages.NoVisits);
        if (ids.Count > 20) e.Add("visitIds", PortalMessages.TooManyVisits);
        var chosen = new List<DuePortalVisit>();
        for (var i = 0; i < Math.Min(ids.Count, 20); i++)
        {
            var v = due.FirstOrDefault(d => d.VisitId == ids[i]?.Trim());
            if (v is null) e.Add($"visitIds[{i}]", PortalMessages.NotDue);
            else if (chosen.Contains(v)) e.Add($"visitIds[{i}]", PortalMessages.DuplicateVisit);
            else chosen.Add(v);
        }
        var expires = chosen.Count > 0 ? DefaultExpiry(now, chosen.Select(v => v.WindowEnd), options.LinkLifetimeDays) : now;
        var asked = e.Instant("expiresAt", request.ExpiresAt, required: false);
        if (asked is { } a && chosen.Count > 0)
        {
            if (a <= now) e.Add("expiresAt", PortalMessages.ExpiryInPast);
            else if (a > expires) e.Add("expiresAt", PortalMessages.ExpiryTooLate(expires));
            else expires = a;
        }
        if (!e.IsEmpty) return Outcome.Invalid<IssuedPortalLink>(e.ToDictionary());

        var (link, url, status) = await IssueInAsync(actor, patient, chosen, expires, autoVisitId: null, baseUrl, ct);
        return new IssuedPortalLink(link!, url, status);
    }

    async Task<(PortalLinkView? Link, string Url, string Status)> IssueInAsync(Actor actor, PatientView patient, IReadOnlyList<DuePortalVisit> visits,
        DateTimeOffset expires, string? autoVisitId, string baseUrl, CancellationToken ct)
    {
        var token = PortalToken.New();
        var id = Ids.New(clock);
        var now = Now;
        var url = $"{(options.PublicBaseUrl ?? baseUrl).TrimEnd('/')}/portal/{token}";
        var message = new PortalLinkMessage(id, patient.Id, patient.Email, patient.Language, visits.Select(v => v.VisitCode).ToList(), expires, url);
        var outboxId = Ids.New(clock);
        var created = await database.InTransactionAsync(async (c, tx) =>
        {
            if (autoVisitId is not null)
            {
                // Once per visit: a visit that already has its automatic link gets none (a second run, or a slower node).
                var taken = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT COUNT(*) FROM portal_links WHERE auto_visit_id = @autoVisitId", new { autoVisitId }, tx, cancellationToken: ct));
                if (taken > 0) return false;
            }
            // The count above is only a shortcut: two nodes' timers can both read 0. The unique auto_visit_id decides, and
            // ON CONFLICT makes the loser's insert a no-op (PostgreSQL waits for the winner to commit) instead of an error.
            var inserted = await c.ExecuteAsync(new CommandDefinition(InsertLinkSql, new
            {
                Id = id, PatientId = patient.Id, TokenHash = PortalToken.Hash(token), IssuedAt = now, IssuedBy = actor.Username, ExpiresAt = expires,
                AutoVisitId = autoVisitId,
            }, tx, cancellationToken: ct));
            if (inserted == 0) return false;
            foreach (var v in visits)
                await c.ExecuteAsync(new CommandDefinition(InsertLinkVisitSql, new { LinkId = id, v.VisitId }, tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition(InsertOutboxSql, new
            {
                Id = outboxId, LinkId = id, PatientId = patient.Id, sender.Channel, message.Summary, SealedLink = vault.Seal(url),
                Status = "PENDING", CreatedAt = now,
            }, tx, cancellationToken: ct));
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, LinkKind, id, patient.Id,
                ["token_hash", "expires_at", .. visits.Select(v => $"visit={v.VisitCode}"), autoVisitId is null ? "issued_by_staff" : "automatic"]));
            return true;
        }, ct);
        if (!created) return (null, "", "");

        var status = await sender.SendAsync(message, ct);
        await database.InTransactionAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(new CommandDefinition("UPDATE portal_outbox SET status = @status WHERE id = @outboxId", new { status, outboxId }, tx, cancellationToken: ct));
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Update, OutboxKind, outboxId, patient.Id, [$"channel={sender.Channel}", $"status={status}"]));
            return 0;
        }, ct);
        return ((await LinksOfAsync(patient.Id, ct)).First(l => l.Id == id), url, status);
    }

    /// <summary>
    /// The automatic rule: for every visit whose window contains the day of <paramref name="now"/> and that is due in the
    /// portal, issues a link once (idempotent: a visit that already had an automatic link, even revoked or expired, gets
    /// no second one). Acts as <see cref="AutoActor"/>. Returns the number of links issued.
    /// </summary>
    public async Task<int> IssueForOpenWindowsAsync(DateTimeOffset now, CancellationToken ct)
    {
        var today = DayOf(now);
        var actor = Actor.System(AutoActor) with { UserId = AutoActor, Username = AutoActor };
        var issued = 0;
        foreach (var (patientId, visitId) in await followUp.OpenWindowVisitsAsync(today, ct))
        {
            await using (var c = await database.OpenAsync(ct))
                if (await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM portal_links WHERE auto_visit_id = @visitId",
                        new { visitId }, cancellationToken: ct)) > 0) continue;
            var visit = (await DueOfAsync(patientId, today, ct)).FirstOrDefault(v => v.VisitId == visitId);
            if (visit is null) continue;
            var patient = await patients.LoadAsync(actor, patientId, ct);
            if (patient is null) continue;
            var expires = DefaultExpiry(Now > now ? Now : now, [visit.WindowEnd], options.LinkLifetimeDays);
            var (link, _, _) = await IssueInAsync(actor, patient, [visit], expires, visitId, options.PublicBaseUrl ?? "http://127.0.0.1:5000", ct);
            if (link is not null) issued++;
        }
        return issued;
    }

    // ---- reading and revoking -------------------------------------------------------------------------------------

    /// <summary>The patient's links, newest first, with their status now; null when the patient is not visible. Audited.</summary>
    public async Task<IReadOnlyList<PortalLinkView>?> ListAsync(Actor actor, string patientId, CancellationToken ct)
    {
        if (await patients.LoadAsync(actor, patientId, ct) is null) return null;
        var links = await LinksOfAsync(patientId, ct);
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, LinkKind, null, patientId), ct);
        return links;
    }

    /// <summary>Revokes a link: it opens nothing from now on. Not found when missing or its patient is not visible;
    /// conflict when already revoked. Audited.</summary>
    public async Task<Outcome<PortalLinkView>> RevokeAsync(Actor actor, string linkId, CancellationToken ct)
    {
        if (!Ids.LooksValid(linkId)) return Outcome.NotFound<PortalLinkView>();
        var row = await LinkRowAsync(linkId, ct);
        if (row is null || await patients.LoadAsync(actor, row.PatientId, ct) is null) return Outcome.NotFound<PortalLinkView>();
        var now = Now;
        var changed = await database.InTransactionAsync(async (c, tx) =>
        {
            var n = await c.ExecuteAsync(new CommandDefinition(
                "UPDATE portal_links SET revoked_at = @now, revoked_by = @by WHERE id = @linkId AND revoked_at IS NULL",
                new { now, by = actor.Username, linkId }, tx, cancellationToken: ct));
            if (n == 1) await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Update, LinkKind, linkId, row.PatientId, ["revoked_at", "revoked_by"]));
            return n == 1;
        }, ct);
        if (!changed) return Outcome.Conflict<PortalLinkView>(PortalMessages.AlreadyRevoked);
        return (await LinksOfAsync(row.PatientId, ct)).First(l => l.Id == linkId);
    }

    /// <summary>
    /// The patient's outbox, newest first: every message sent or logged, with the link to hand over while it is active
    /// (unsealed from the outbox; null once the link is revoked, expired or used up). Null when the patient is not
    /// visible. Audited.
    /// </summary>
    public async Task<IReadOnlyList<PortalOutboxEntry>?> OutboxAsync(Actor actor, string patientId, CancellationToken ct)
    {
        if (await patients.LoadAsync(actor, patientId, ct) is null) return null;
        var links = (await LinksOfAsync(patientId, ct)).ToDictionary(l => l.Id);
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<OutboxRow>(new CommandDefinition(OutboxSql, new { patientId }, cancellationToken: ct));
        var list = rows.Select(r =>
        {
            var status = links.TryGetValue(r.LinkId, out var l) ? l.Status : PortalLinkStatus.Revoked;
            var link = status == PortalLinkStatus.Active && r.SealedLink is not null ? vault.Open(r.SealedLink) : null;
            return new PortalOutboxEntry(r.Id, r.LinkId, r.Channel, r.Summary, r.Status, r.CreatedAt, status, link);
        }).ToList();
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, OutboxKind, null, patientId, ["links"]), ct);
        return list;
    }

    async Task<LinkRow?> LinkRowAsync(string linkId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<LinkRow>(new CommandDefinition(LinkColumns + " WHERE id = @linkId", new { linkId }, cancellationToken: ct));
    }

    async Task<List<PortalLinkView>> LinksOfAsync(string patientId, CancellationToken ct)
    {
        List<LinkRow> rows;
        List<(string LinkId, string VisitId)> scoped;
        await using (var c = await database.OpenAsync(ct))
        {
            rows = (await c.QueryAsync<LinkRow>(new CommandDefinition(LinkColumns + " WHERE patient_id = @patientId ORDER BY issued_at DESC, id DESC",
                new { patientId }, cancellationToken: ct))).ToList();
            scoped = (await c.QueryAsync<(string LinkId, string VisitId)>(new CommandDefinition("""
                SELECT lv.link_id, lv.visit_id FROM portal_link_visits lv JOIN portal_links l ON l.id = lv.link_id
                WHERE l.patient_id = @patientId ORDER BY lv.visit_id
                """, new { patientId }, cancellationToken: ct))).ToList();
        }
        var visits = (await followUp.SchedulesOfAsync(patientId, ct)).SelectMany(s => s.Visits.Select(v => (Schedule: s, Visit: v)))
            .ToDictionary(x => x.Visit.Id);
        var now = Now;
        return rows.Select(r =>
        {
            var lv = scoped.Where(s => s.LinkId == r.Id && visits.ContainsKey(s.VisitId)).Select(s =>
            {
                var (schedule, v) = visits[s.VisitId];
                return new PortalLinkVisit(v.Id, v.Code, schedule.Target, PortalInstruments.ForVisit(schedule.Target, v),
                    PortalInstruments.ForVisit(schedule.Target, v).Intersect(PortalInstruments.Done(v)).ToList());
            }).ToList();
            var usedUp = lv.All(v => v.Instruments.Count == v.Done.Count);
            return new PortalLinkView(r.Id, r.PatientId, lv, r.IssuedAt, r.IssuedBy, r.ExpiresAt, r.RevokedAt, r.RevokedBy, r.AutoVisitId is not null,
                PortalLinkStatus.Of(now, r.ExpiresAt, r.RevokedAt, usedUp));
        }).ToList();
    }

    sealed record LinkRow
    {
        public string Id { get; init; } = "";
        public string PatientId { get; init; } = "";
        public DateTimeOffset IssuedAt { get; init; }
        public string IssuedBy { get; init; } = "";
        public DateTimeOffset ExpiresAt { get; init; }
        public string? AutoVisitId { get; init; }
        public DateTimeOffset? RevokedAt { get; init; }
        public string? RevokedBy { get; init; }
    }

    sealed record OutboxRow
    {
        public string Id { get; init; } = "";
        public string LinkId { get; init; } = "";
        public string Channel { get; init; } = "";
        public string Summary { get; init; } = "";
        public string? SealedLink { get; init; }
        public string Status { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
    }

    static string Invariant(decimal v) => v.ToString(CultureInfo.InvariantCulture);
}
