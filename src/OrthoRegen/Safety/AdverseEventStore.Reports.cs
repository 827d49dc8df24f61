using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;

namespace OrthoRegen.Safety;

/// <summary>An open report on the due list, with the event it is about and its clock at the store's "today".</summary>
/// <param name="DaysLeft">Calendar days until the due date; 0 on the due date, negative when overdue.</param>
public sealed record DueReport(RegulatoryReport Report, string PseudonymCode, string Term, int Grade, DateOnly AwareDate, bool FatalOrLifeThreatening,
    bool Overdue, int DaysLeft);

public sealed partial class AdverseEventStore
{
    const string OpenReportsSql = """
        SELECT r.id AS Id, r.adverse_event_id AS AdverseEventId, r.patient_id AS PatientId, r.authority AS Authority, r.report_type AS Type,
               v.version AS Version, v.due_date AS DueDate, r.created_at AS CreatedAt,
               p.site_id AS SiteId, p.pseudonym_code AS PseudonymCode, a.term AS Term, a.grade AS Grade, a.aware_date AS AwareDate,
               a.fatal_or_life_threatening AS FatalOrLifeThreatening
        FROM regulatory_reports r
        JOIN record_heads h ON h.id = r.id
        JOIN regulatory_report_versions v ON v.id = r.id AND v.version = h.current_version
        JOIN patients p ON p.id = r.patient_id
        JOIN record_heads ah ON ah.id = r.adverse_event_id
        JOIN adverse_event_versions a ON a.id = r.adverse_event_id AND a.version = ah.current_version
        WHERE v.submitted_at IS NULL AND v.not_required_since IS NULL AND NOT v.entered_in_error AND NOT a.entered_in_error
        ORDER BY v.due_date, r.authority, r.report_type
        """;
    const string ReportByIdSql = ReportColumns + "WHERE r.id = @id";
    const string SummaryEventsSql = """
        SELECT a.patient_id AS PatientId, p.site_id AS SiteId, a.grade AS Grade, a.serious AS Serious, a.related_to_product AS RelatedToProduct,
               a.related_to_procedure AS RelatedToProcedure, a.susar AS Susar, a.cell_source AS CellSource, a.lot_id AS LotId
        FROM adverse_event_versions a
        JOIN record_heads h ON h.id = a.id AND h.current_version = a.version
        JOIN patients p ON p.id = a.patient_id
        WHERE NOT a.entered_in_error
        """;

    /// <summary>
    /// Open reports (neither submitted nor no longer required) of patients at the actor's sites, earliest due first, each
    /// flagged overdue when today (UTC date of the injected clock) is past its due date. Audited as one read.
    /// </summary>
    public async Task<IReadOnlyList<DueReport>> DueReportsAsync(Actor actor, CancellationToken ct)
    {
        var list = await OpenReportsAsync(actor, ct);
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, ReportKind + "_due_list", null, null), ct);
        return list;
    }

    /// <summary>How many open reports at the actor's sites are overdue (for the banner; not audited: it shows no patient data).</summary>
    public async Task<int> OverdueCountAsync(Actor actor, CancellationToken ct) =>
        (await OpenReportsAsync(actor, ct)).Count(r => r.Overdue);

    async Task<List<DueReport>> OpenReportsAsync(Actor actor, CancellationToken ct)
    {
        var today = Today;
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<OpenReportRow>(new CommandDefinition(OpenReportsSql, cancellationToken: ct));
        return rows.Where(x => actor.CanAccessSite(x.SiteId)).Select(x => new DueReport(
            new RegulatoryReport
            {
                Id = x.Id, AdverseEventId = x.AdverseEventId, PatientId = x.PatientId, Authority = x.Authority, Type = x.Type,
                Version = x.Version, DueDate = x.DueDate, CreatedAt = x.CreatedAt,
            },
            x.PseudonymCode, x.Term, x.Grade, x.AwareDate, x.FatalOrLifeThreatening,
            ReportingClock.IsOverdue(x.DueDate, today), x.DueDate.DayNumber - today.DayNumber)).ToList();
    }

    /// <summary>
    /// Records that a report was submitted: when, the authority's reference number, and by whom (the actor). Refused as a
    /// conflict when it was already submitted, is no longer required, or changed since <see cref="SubmitReport.Version"/>.
    /// </summary>
    public async Task<Outcome<RegulatoryReport>> SubmitAsync(Actor actor, string reportId, SubmitReport r, CancellationToken ct)
    {
        var report = await ReportAsync(reportId, ct);
        if (report is null || await patients.LoadAsync(actor, report.PatientId, ct) is null) return Outcome.NotFound<RegulatoryReport>();
        var ev = await CurrentAsync(report.AdverseEventId, ct);
        if (ev is null) return Outcome.NotFound<RegulatoryReport>();
        var now = clock.GetUtcNow();
        var e = new FieldErrors();
        var (at, reference) = ValidateSubmission(e, r, ev.AwareDate, now);
        e.Integer("version", r.Version, 1, int.MaxValue, required: false);
        if (!e.IsEmpty) return Outcome.Invalid<RegulatoryReport>(e.ToDictionary());
        if (report.SubmittedAt is { } done)
            return Outcome.Conflict<RegulatoryReport>(string.Format(System.Globalization.CultureInfo.InvariantCulture, SafetyMessages.AlreadySubmitted, done));
        if (report.NotRequiredSince is not null) return Outcome.Conflict<RegulatoryReport>(SafetyMessages.NotRequired);
        if (r.Version is { } seen && seen != report.Version) return Outcome.Conflict<RegulatoryReport>(SafetyMessages.StaleReport);

        var moved = await database.InTransactionAsync((c, tx) =>
            NewReportVersionAsync(c, tx, actor, report, report.DueDate, at, reference, actor.Username, null, now, "Submitted"), ct);
        if (!moved) return Outcome.Conflict<RegulatoryReport>(SafetyMessages.StaleReport);
        return (await ReportAsync(reportId, ct))!;
    }

    /// <summary>
    /// The rules of a submission's fields: a reference number (at most 100 characters) and the submission time (now when
    /// empty), not in the future nor before the event's awareness date. Shared with the FHIR import, which carries submissions.
    /// </summary>
    internal static (DateTimeOffset? At, string? Reference) ValidateSubmission(FieldErrors e, SubmitReport r, DateOnly awareDate, DateTimeOffset now)
    {
        var reference = e.Required("referenceNumber", r.ReferenceNumber, 100);
        var at = string.IsNullOrWhiteSpace(r.SubmittedAt) ? now : e.Instant("submittedAt", r.SubmittedAt, required: true, notAfter: now);
        if (at is { } s && DateOnly.FromDateTime(s.UtcDateTime) < awareDate)
        {
            e.Add("submittedAt", string.Format(System.Globalization.CultureInfo.InvariantCulture, SafetyMessages.SubmittedBeforeAware, awareDate));
            at = null;
        }
        return (at, reference);
    }

    async Task<RegulatoryReport?> ReportAsync(string reportId, CancellationToken ct)
    {
        if (!Ids.LooksValid(reportId)) return null;
        await using var c = await database.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<RegulatoryReport>(new CommandDefinition(ReportByIdSql, new { id = reportId }, cancellationToken: ct));
    }

    /// <summary>The safety summary over the current versions of events of patients at the actor's sites. Audited as one read.</summary>
    public async Task<SafetySummaryResult> SummaryAsync(Actor actor, CancellationToken ct)
    {
        List<SummaryEvent> events;
        await using (var c = await database.OpenAsync(ct))
        {
            events = (await c.QueryAsync<SummaryRowData>(new CommandDefinition(SummaryEventsSql, cancellationToken: ct)))
                .Where(x => actor.CanAccessSite(x.SiteId))
                .Select(x => new SummaryEvent(x.PatientId, x.Grade, x.Serious, AdverseEventCodes.IsRelated(x.RelatedToProduct),
                    AdverseEventCodes.IsRelated(x.RelatedToProcedure), x.Susar, x.CellSource, x.LotId)).ToList();
        }
        var exposure = await ExposureAsync(actor, ct);
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, "safety_summary", null, null), ct);
        return SafetySummary.Summarise(events, exposure);
    }

    /// <summary>
    /// Patients treated and injections given, in total and per cell source and lot, at the actor's sites: the denominators
    /// of the summary's rates. Counted from the current versions of the administration records (one per injection; a
    /// correction does not add an injection), with the lot's cell source as recorded at the bedside. A patient treated
    /// with two lots counts once in the total and once under each lot.
    /// </summary>
    public async Task<SafetyExposure> ExposureAsync(Actor actor, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = (await c.QueryAsync<ExposureRow>(new CommandDefinition(ExposureSql, cancellationToken: ct)))
            .Where(x => actor.CanAccessSite(x.SiteId)).ToList();
        static IReadOnlyDictionary<string, int> Count(IEnumerable<ExposureRow> rows, Func<ExposureRow, string> key, bool distinctPatients) =>
            rows.GroupBy(key, StringComparer.Ordinal).ToDictionary(g => g.Key,
                g => distinctPatients ? g.Select(x => x.PatientId).Distinct().Count() : g.Count(), StringComparer.Ordinal);
        return new SafetyExposure(
            rows.Select(x => x.PatientId).Distinct().Count(), rows.Count,
            Count(rows, x => x.CellSource, false), Count(rows, x => x.LotId, false),
            Count(rows, x => x.CellSource, true), Count(rows, x => x.LotId, true));
    }

    const string ExposureSql = """
        SELECT a.patient_id AS PatientId, p.site_id AS SiteId, a.cell_source AS CellSource, a.lot_id AS LotId
        FROM administration_versions a
        JOIN record_heads h ON h.id = a.id AND h.current_version = a.version
        JOIN patients p ON p.id = a.patient_id
        WHERE NOT a.entered_in_error
        """;

    sealed record ExposureRow
    {
        public string PatientId { get; init; } = "";
        public string SiteId { get; init; } = "";
        public string CellSource { get; init; } = "";
        public string LotId { get; init; } = "";
    }

    sealed record OpenReportRow
    {
        public string Id { get; init; } = "";
        public string AdverseEventId { get; init; } = "";
        public string PatientId { get; init; } = "";
        public string Authority { get; init; } = "";
        public string Type { get; init; } = "";
        public int Version { get; init; }
        public DateOnly DueDate { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public string SiteId { get; init; } = "";
        public string PseudonymCode { get; init; } = "";
        public string Term { get; init; } = "";
        public int Grade { get; init; }
        public DateOnly AwareDate { get; init; }
        public bool FatalOrLifeThreatening { get; init; }
    }

    sealed record SummaryRowData
    {
        public string PatientId { get; init; } = "";
        public string SiteId { get; init; } = "";
        public int Grade { get; init; }
        public bool Serious { get; init; }
        public string RelatedToProduct { get; init; } = "";
        public string RelatedToProcedure { get; init; } = "";
        public bool Susar { get; init; }
        public string? CellSource { get; init; }
        public string? LotId { get; init; }
    }
}
