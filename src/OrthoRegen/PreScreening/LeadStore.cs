using System.Text.Json;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;

namespace OrthoRegen.PreScreening;

/// <summary>Where a coordinator is with a lead.</summary>
public static class LeadStatus
{
    public const string New = "NEW", Contacted = "CONTACTED", Closed = "CLOSED";
    public static readonly IReadOnlyList<string> All = [New, Contacted, Closed];
}

/// <summary>What the submitter gets back: the assessment, and whether contact details were kept.</summary>
public sealed record PreScreenSubmission(PreScreenAssessment Assessment, bool ContactKept);

/// <summary>A stored lead as coordinators see it.</summary>
public sealed record Lead(
    string Id, string SiteId, DateTimeOffset SubmittedAt, string Language, string TargetSite, string Indication,
    SelfReport SelfReport, string Verdict, string RuleResult, bool ResearchOnly, IReadOnlyList<PreScreenReason> Reasons,
    string RulesVersion, bool ContactConsent, LeadContact? Contact, string Status, DateTimeOffset? StatusChangedAt, string? StatusChangedBy);

/// <summary>A coordinator moving a lead on (contacted, closed).</summary>
public sealed record ChangeLeadStatus
{
    public string? Status { get; init; }
}

/// <summary>
/// Pre-screening submissions and the coordinators' lead list; the only code touching <c>prescreen_leads</c>. Contact
/// details are written only with the explicit consent; a filled honeypot stores nothing and is audited as denied.
/// </summary>
public sealed class LeadStore(Database database, AuditTrail audit, SiteStore sites, PreScreenAssessor assessor, PreScreeningOptions options, TimeProvider clock)
{
    public const string Kind = "prescreen_lead";
    /// <summary>The audit actor of anonymous submissions.</summary>
    public const string PublicActor = "public:prescreen";
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    const string InsertSql = """
        INSERT INTO prescreen_leads (id, site_id, submitted_at, language, target_site, indication, self_report, verdict, rule_result,
            research_only, reasons, rules_version, contact_consent, contact_name, contact_phone, contact_email, preferred_language, status)
        VALUES (@Id, @SiteId, @SubmittedAt, @Language, @TargetSite, @Indication, @SelfReport, @Verdict, @RuleResult,
            @ResearchOnly, @Reasons, @RulesVersion, @ContactConsent, @ContactName, @ContactPhone, @ContactEmail, @PreferredLanguage, 'NEW')
        """;
    const string SelectSql = """
        SELECT id AS Id, site_id AS SiteId, submitted_at AS SubmittedAt, language AS Language, target_site AS TargetSite,
               indication AS Indication, self_report AS SelfReport, verdict AS Verdict, rule_result AS RuleResult,
               research_only AS ResearchOnly, reasons AS Reasons, rules_version AS RulesVersion, contact_consent AS ContactConsent,
               contact_name AS ContactName, contact_phone AS ContactPhone, contact_email AS ContactEmail,
               preferred_language AS PreferredLanguage, status AS Status, status_changed_at AS StatusChangedAt, status_changed_by AS StatusChangedBy
        FROM prescreen_leads
        """;
    const string UpdateStatusSql = """
        UPDATE prescreen_leads SET status = @status, status_changed_at = @at, status_changed_by = @by WHERE id = @id
        """;

    DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>
    /// Assesses a public submission and stores it as a lead for the configured (or default) site. Invalid input stores
    /// nothing. A filled honeypot answers exactly like a stored lead but writes only an audit row (DENIED).
    /// </summary>
    public async Task<Outcome<PreScreenSubmission>> SubmitAsync(PreScreenRequest request, string language, string? origin, CancellationToken ct)
    {
        var actor = new Actor(PublicActor, PublicActor, [], false, [], origin);
        var (report, contact, errors) = PreScreenValidation.Validate(request);
        if (errors.Count > 0 || report is null)
        {
            if (request.IsHoneypotFilled) await audit.AppendAsync(actor, new AuditEvent(AuditAction.Denied, Kind, null, null, ["honeypot"]), ct);
            return Outcome.Invalid<PreScreenSubmission>(errors);
        }
        var assessment = assessor.Assess(report, Today, language);
        if (request.IsHoneypotFilled)
        {
            await audit.AppendAsync(actor, new AuditEvent(AuditAction.Denied, Kind, null, null, ["honeypot"]), ct);
            return new PreScreenSubmission(assessment, contact is not null);
        }

        var site = await SiteAsync(ct);
        var id = Ids.New(clock);
        await database.InTransactionAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(InsertSql, new
            {
                Id = id, SiteId = site.Id, SubmittedAt = clock.GetUtcNow(), Language = assessment.Language, report.TargetSite,
                assessment.Indication, SelfReport = JsonSerializer.Serialize(report, Json), assessment.Verdict, assessment.RuleResult,
                assessment.ResearchOnly, Reasons = JsonSerializer.Serialize(assessment.Reasons, Json), assessment.RulesVersion,
                ContactConsent = contact is not null, ContactName = contact?.Name, ContactPhone = contact?.Phone, ContactEmail = contact?.Email,
                PreferredLanguage = contact?.PreferredLanguage,
            }, tx);
            IReadOnlyList<string> fields = contact is null
                ? ["self_report", "verdict"]
                : ["self_report", "verdict", "contact_consent", "contact_name", contact.Phone is null ? "contact_email" : "contact_phone", "preferred_language"];
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, Kind, id, null, fields));
            return 0;
        }, ct);
        return new PreScreenSubmission(assessment, contact is not null);
    }

    /// <summary>Leads at the actor's sites, newest first, optionally of one status. Audited as a read (contact details).</summary>
    public async Task<Outcome<IReadOnlyList<Lead>>> ListAsync(Actor actor, string? status, CancellationToken ct)
    {
        var e = new FieldErrors();
        var s = e.OneOf("status", status, LeadStatus.All, required: false);
        if (!e.IsEmpty) return Outcome.Invalid<IReadOnlyList<Lead>>(e.ToDictionary());
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<LeadRow>(new CommandDefinition(
            SelectSql + (s is null ? "" : " WHERE status = @s") + " ORDER BY submitted_at DESC LIMIT 500", new { s }, cancellationToken: ct));
        var leads = rows.Where(r => actor.CanAccessSite(r.SiteId)).Select(r => r.ToLead(actor.SeesIdentifiers)).ToList();
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, Kind, null, null, [$"count={leads.Count}"]), ct);
        return leads;
    }

    /// <summary>Marks a lead contacted or closed. A lead at another site answers NotFound, like a missing one.</summary>
    public async Task<Outcome<Lead>> ChangeStatusAsync(Actor actor, string id, ChangeLeadStatus change, CancellationToken ct)
    {
        var e = new FieldErrors();
        var status = e.OneOf("status", change.Status, LeadStatus.All);
        if (!e.IsEmpty) return Outcome.Invalid<Lead>(e.ToDictionary());
        if (!Ids.LooksValid(id)) return Outcome.NotFound<Lead>();
        var found = await database.InTransactionAsync(async (c, tx) =>
        {
            var row = await c.QuerySingleOrDefaultAsync<LeadRow>(SelectSql + " WHERE id = @id", new { id }, tx);
            if (row is null || !actor.CanAccessSite(row.SiteId)) return false;
            await c.ExecuteAsync(UpdateStatusSql, new { id, status, at = clock.GetUtcNow(), by = actor.Username }, tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Update, Kind, id, null, ["status"]));
            return true;
        }, ct);
        if (!found) return Outcome.NotFound<Lead>();
        await using var conn = await database.OpenAsync(ct);
        var updated = await conn.QuerySingleAsync<LeadRow>(new CommandDefinition(SelectSql + " WHERE id = @id", new { id }, cancellationToken: ct));
        return updated.ToLead(actor.SeesIdentifiers);
    }

    async Task<Site> SiteAsync(CancellationToken ct)
    {
        var all = await sites.ListAsync(ct);
        if (options.SiteCode is { Length: > 0 } code)
            return all.FirstOrDefault(s => s.Code == code)
                   ?? throw new InvalidOperationException($"PreScreening:SiteCode names site {code}, which does not exist.");
        return all.FirstOrDefault(s => s.Code == PreScreeningOptions.DefaultSiteCode) ?? all.First();
    }

    sealed record LeadRow
    {
        public string Id { get; init; } = "";
        public string SiteId { get; init; } = "";
        public DateTimeOffset SubmittedAt { get; init; }
        public string Language { get; init; } = "";
        public string TargetSite { get; init; } = "";
        public string Indication { get; init; } = "";
        public string SelfReport { get; init; } = "";
        public string Verdict { get; init; } = "";
        public string RuleResult { get; init; } = "";
        public bool ResearchOnly { get; init; }
        public string Reasons { get; init; } = "";
        public string RulesVersion { get; init; } = "";
        public bool ContactConsent { get; init; }
        public string? ContactName { get; init; }
        public string? ContactPhone { get; init; }
        public string? ContactEmail { get; init; }
        public string? PreferredLanguage { get; init; }
        public string Status { get; init; } = "";
        public DateTimeOffset? StatusChangedAt { get; init; }
        public string? StatusChangedBy { get; init; }

        public Lead ToLead(bool withContact) => new(Id, SiteId, SubmittedAt, Language, TargetSite, Indication,
            JsonSerializer.Deserialize<SelfReport>(SelfReport, Json)!, Verdict, RuleResult, ResearchOnly,
            JsonSerializer.Deserialize<List<PreScreenReason>>(Reasons, Json) ?? [], RulesVersion, ContactConsent,
            withContact && ContactConsent && ContactName is not null ? new LeadContact(ContactName, ContactPhone, ContactEmail, PreferredLanguage ?? "en") : null,
            Status, StatusChangedAt, StatusChangedBy);
    }
}
