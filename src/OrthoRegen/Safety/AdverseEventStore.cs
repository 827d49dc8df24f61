using System.Data.Common;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;
using OrthoRegen.Patients;

namespace OrthoRegen.Safety;

/// <summary>The current version of an adverse event with what was derived from it when it was recorded.</summary>
public sealed record AdverseEventRecord
{
    public string Id { get; init; } = "";
    public string PatientId { get; init; } = "";
    public int Version { get; init; }
    public string Term { get; init; } = "";
    public string? MeddraPt { get; init; }
    public string? CtcaeTerm { get; init; }
    public string CtcaeVersion { get; init; } = "";
    public int Grade { get; init; }
    public DateOnly Onset { get; init; }
    public DateOnly? Resolved { get; init; }
    public string Outcome { get; init; } = "";
    public IReadOnlyList<string> SeriousnessCriteria { get; init; } = [];
    public bool SeriousnessAssessed { get; init; }
    public string RelatedToProduct { get; init; } = "";
    public string RelatedToProcedure { get; init; } = "";
    public string Action { get; init; } = "";
    public DateOnly AwareDate { get; init; }
    public string Reporter { get; init; } = "";
    public string? AdministrationId { get; init; }
    public string? LotId { get; init; }
    public string? CellSource { get; init; }
    public string? Route { get; init; }
    /// <summary>The pathway the reports were routed by: as given, else the latest valid consent's at first recording.</summary>
    public string? Pathway { get; init; }
    /// <summary>A1, derived from the criteria.</summary>
    public bool Serious { get; init; }
    /// <summary>A3 for the product and for the procedure: POSSIBLE, PROBABLE or DEFINITE.</summary>
    public bool Related => AdverseEventCodes.IsRelated(RelatedToProduct) || AdverseEventCodes.IsRelated(RelatedToProcedure);
    /// <summary>A4, derived against the reference safety list of <see cref="RulesVersion"/>.</summary>
    public bool Expected { get; init; }
    /// <summary>One of <see cref="Safety.ExpectednessBasis"/>.</summary>
    public string ExpectednessBasis { get; init; } = "";
    /// <summary>The reference-list entry that decided expectedness, if any.</summary>
    public string? ExpectednessReference { get; init; }
    /// <summary>A5: serious, related and unexpected.</summary>
    public bool Susar { get; init; }
    public bool FatalOrLifeThreatening { get; init; }
    public string RulesVersion { get; init; } = "";
    public string RecordedBy { get; init; } = "";
    public DateTimeOffset RecordedAt { get; init; }
    /// <summary>Why this version was recorded (follow-up, resolution, re-grading); null on the first.</summary>
    public string? Reason { get; init; }
}

/// <summary>A report to one authority about one event, in its current version.</summary>
public sealed record RegulatoryReport
{
    public string Id { get; init; } = "";
    public string AdverseEventId { get; init; } = "";
    public string PatientId { get; init; } = "";
    public string Authority { get; init; } = "";
    public string Type { get; init; } = "";
    public int Version { get; init; }
    /// <summary>Last calendar day on time (inclusive).</summary>
    public DateOnly DueDate { get; init; }
    public DateTimeOffset? SubmittedAt { get; init; }
    public string? ReferenceNumber { get; init; }
    public string? SubmittedBy { get; init; }
    /// <summary>Set when a later version of the event is no longer a SUSAR; cleared if it becomes one again.</summary>
    public DateTimeOffset? NotRequiredSince { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public bool Open => SubmittedAt is null && NotRequiredSince is null;
}

/// <summary>An event with its reports and the versions it went through (oldest first).</summary>
public sealed record AdverseEventView(AdverseEventRecord Event, IReadOnlyList<RegulatoryReport> Reports, IReadOnlyList<AdverseEventRecord> History, IReadOnlyList<string> Warnings);

/// <summary>The submission of a report: when, the authority's reference number, optionally the version seen.</summary>
public sealed record SubmitReport
{
    /// <summary>ISO date-time with offset, or a date; now when empty.</summary>
    public string? SubmittedAt { get; init; }
    public string? ReferenceNumber { get; init; }
    public int? Version { get; init; }
}

/// <summary>
/// The only code touching <c>adverse_event_versions</c>, <c>regulatory_reports</c> and <c>regulatory_report_versions</c>.
/// Every write runs in one transaction with its audit rows. Creating or updating an event that is (or becomes) a SUSAR
/// creates the reports its pathway needs, once per authority and type; a re-grading may tighten an open report's due date,
/// never extend it.
/// </summary>
public sealed partial class AdverseEventStore(
    Database database, AuditTrail audit, PatientStore patients, ConsentStore consents, AdverseEventAssessment assessment, TimeProvider clock)
{
    public const string Kind = "adverse_event";
    public const string ReportKind = "regulatory_report";

    internal const string InsertSql = """
        INSERT INTO adverse_event_versions (id, version, patient_id, term, meddra_pt, ctcae_term, ctcae_version, grade, onset, resolved,
            outcome, seriousness_criteria, seriousness_assessed, related_to_product, related_to_procedure, action, aware_date, reporter,
            administration_id, lot_id, cell_source, route, pathway, serious, expected, expectedness_basis, expectedness_reference, susar,
            fatal_or_life_threatening, rules_version, recorded_by, recorded_at, source, reason)
        VALUES (@Id, @Version, @PatientId, @Term, @MeddraPt, @CtcaeTerm, @CtcaeVersion, @Grade, @Onset, @Resolved,
            @Outcome, @SeriousnessCriteria, @SeriousnessAssessed, @RelatedToProduct, @RelatedToProcedure, @Action, @AwareDate, @Reporter,
            @AdministrationId, @LotId, @CellSource, @Route, @Pathway, @Serious, @Expected, @ExpectednessBasis, @ExpectednessReference, @Susar,
            @FatalOrLifeThreatening, @RulesVersion, @RecordedBy, @RecordedAt, @Source, @Reason)
        """;
    const string Columns = """
        SELECT a.id AS Id, a.patient_id AS PatientId, a.version AS Version, a.term AS Term, a.meddra_pt AS MeddraPt, a.ctcae_term AS CtcaeTerm,
               a.ctcae_version AS CtcaeVersion, a.grade AS Grade, a.onset AS Onset, a.resolved AS Resolved, a.outcome AS Outcome,
               a.seriousness_criteria AS SeriousnessCriteria, a.seriousness_assessed AS SeriousnessAssessed,
               a.related_to_product AS RelatedToProduct, a.related_to_procedure AS RelatedToProcedure, a.action AS Action,
               a.aware_date AS AwareDate, a.reporter AS Reporter, a.administration_id AS AdministrationId, a.lot_id AS LotId,
               a.cell_source AS CellSource, a.route AS Route, a.pathway AS Pathway, a.serious AS Serious, a.expected AS Expected,
               a.expectedness_basis AS ExpectednessBasis, a.expectedness_reference AS ExpectednessReference, a.susar AS Susar,
               a.fatal_or_life_threatening AS FatalOrLifeThreatening, a.rules_version AS RulesVersion, a.recorded_by AS RecordedBy,
               a.recorded_at AS RecordedAt, a.reason AS Reason
        FROM adverse_event_versions a

        """;
    const string CurrentSql = Columns + """
        JOIN record_heads h ON h.id = a.id AND h.current_version = a.version
        WHERE a.id = @id AND NOT a.entered_in_error
        """;
    const string ByPatientSql = Columns + """
        JOIN record_heads h ON h.id = a.id AND h.current_version = a.version
        WHERE a.patient_id = @patientId AND NOT a.entered_in_error
        ORDER BY a.onset DESC, a.recorded_at DESC
        """;
    const string HistorySql = Columns + "WHERE a.id = @id ORDER BY a.version";

    internal const string InsertReportSql = """
        INSERT INTO regulatory_reports (id, adverse_event_id, patient_id, authority, report_type, created_at)
        VALUES (@Id, @AdverseEventId, @PatientId, @Authority, @Type, @CreatedAt)
        """;
    internal const string InsertReportVersionSql = """
        INSERT INTO regulatory_report_versions (id, version, due_date, submitted_at, reference_number, submitted_by, not_required_since,
            recorded_by, recorded_at, source, reason)
        VALUES (@Id, @Version, @DueDate, @SubmittedAt, @ReferenceNumber, @SubmittedBy, @NotRequiredSince, @RecordedBy, @RecordedAt, @Source, @Reason)
        """;
    /// <summary>A regulatory report's current version (the FHIR import reads them too); append the WHERE clause.</summary>
    internal const string ReportColumns = """
        SELECT r.id AS Id, r.adverse_event_id AS AdverseEventId, r.patient_id AS PatientId, r.authority AS Authority, r.report_type AS Type,
               v.version AS Version, v.due_date AS DueDate, v.submitted_at AS SubmittedAt, v.reference_number AS ReferenceNumber,
               v.submitted_by AS SubmittedBy, v.not_required_since AS NotRequiredSince, r.created_at AS CreatedAt
        FROM regulatory_reports r
        JOIN record_heads h ON h.id = r.id
        JOIN regulatory_report_versions v ON v.id = r.id AND v.version = h.current_version

        """;
    const string ReportsOfEventSql = ReportColumns + "WHERE r.adverse_event_id = @id ORDER BY r.authority, v.due_date";

    DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Records a new event on a patient; creates its reports when it is a SUSAR.</summary>
    public async Task<Outcome<AdverseEventView>> RecordAsync(Actor actor, string patientId, RecordAdverseEvent r, CancellationToken ct)
    {
        if (await patients.LoadAsync(actor, patientId, ct) is null) return Outcome.NotFound<AdverseEventView>();
        var consentList = await consents.ListAsync(patientId, ct);
        var (data, errors) = AdverseEventAssessment.Validate(r, Today, FirstConsentOn(consentList), actor.Username);
        if (data is null) return Outcome.Invalid<AdverseEventView>(errors.ToDictionary());
        // Pathway: as given, else the latest valid consent's (consents are listed newest first).
        data = data with { Pathway = data.Pathway ?? consentList.FirstOrDefault(c => c.IsValid)?.Pathway };
        Outcome<AdverseEventData> linked;
        await using (var lc = await database.OpenAsync(ct)) linked = await LinkAdministrationAsync(lc, null, patientId, data, ct);
        if (linked is Outcome<AdverseEventData>.Invalid bad) return Outcome.Invalid<AdverseEventView>(bad.Errors);
        data = ((Outcome<AdverseEventData>.Done)linked).Value;
        var derived = assessment.Derive(data);

        var id = Ids.New(clock);
        var now = clock.GetUtcNow();
        await database.InTransactionAsync(async (c, tx) =>
        {
            await VersionedRecords.CreateAsync(c, tx, id, Kind, patientId, now, actor.Username);
            await c.ExecuteAsync(InsertSql, Row(id, 1, patientId, data, derived, actor, now, null), tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, Kind, id, patientId, ["term", "grade", "seriousness_criteria", "relatedness", "aware_date"]));
            await SyncReportsAsync(c, tx, actor, id, patientId, 1, data, derived, now); // new reports only: cannot be stale
            return 0;
        }, ct);
        return (await ViewAsync(id, ct))!;
    }

    /// <summary>
    /// An event linked to an administration takes that injection's lot, cell source and route (so expectedness by route
    /// and the per-lot summary use what was given, not what was typed); the administration must be this patient's, and
    /// values given alongside must agree with it.
    /// </summary>
    /// <remarks>Shared with the FHIR import, which runs it in its own transaction.</remarks>
    internal static async Task<Outcome<AdverseEventData>> LinkAdministrationAsync(DbConnection c, DbTransaction? tx, string patientId, AdverseEventData data, CancellationToken ct)
    {
        if (data.AdministrationId is null) return data;
        var given = await c.QuerySingleOrDefaultAsync<GivenRow>(new CommandDefinition("""
            SELECT a.lot_id AS LotId, a.cell_source AS CellSource, a.route AS Route
            FROM administration_versions a JOIN record_heads h ON h.id = a.id AND h.current_version = a.version
            WHERE a.id = @id AND a.patient_id = @patientId AND NOT a.entered_in_error
            """, new { id = data.AdministrationId, patientId }, tx, cancellationToken: ct));
        var e = new FieldErrors();
        if (given is null) return Outcome.Invalid<AdverseEventData>(e.Add("administrationId", SafetyMessages.NoSuchAdministration).ToDictionary());
        if (data.LotId is not null && data.LotId != given.LotId) e.Add("lotId", SafetyMessages.DiffersFromAdministration("lot", given.LotId));
        if (data.CellSource is not null && data.CellSource != given.CellSource) e.Add("cellSource", SafetyMessages.DiffersFromAdministration("cell source", given.CellSource));
        if (data.Route is not null && data.Route != given.Route) e.Add("route", SafetyMessages.DiffersFromAdministration("route", given.Route));
        if (!e.IsEmpty) return Outcome.Invalid<AdverseEventData>(e.ToDictionary());
        return data with { LotId = given.LotId, CellSource = given.CellSource, Route = given.Route };
    }

    sealed record GivenRow
    {
        public string LotId { get; init; } = "";
        public string CellSource { get; init; } = "";
        public string Route { get; init; } = "";
    }

    /// <summary>
    /// Follow-up information, resolution or re-grading: a new version with its reason, accepted only against the current
    /// version (compare-and-set). Reports are created when the event becomes a SUSAR and never duplicated.
    /// </summary>
    public async Task<Outcome<AdverseEventView>> UpdateAsync(Actor actor, string eventId, UpdateAdverseEvent r, CancellationToken ct)
    {
        var current = await CurrentAsync(eventId, ct);
        if (current is null || await patients.LoadAsync(actor, current.PatientId, ct) is null) return Outcome.NotFound<AdverseEventView>();
        var (data, errors) = AdverseEventAssessment.Validate(r, Today, FirstConsentOn(await consents.ListAsync(current.PatientId, ct)), actor.Username);
        errors.Integer("version", r.Version, 1, int.MaxValue, required: true);
        var reason = errors.Required("reason", r.Reason, 500);
        if (data is null || !errors.IsEmpty) return Outcome.Invalid<AdverseEventView>(errors.ToDictionary());
        data = data with { Pathway = data.Pathway ?? current.Pathway };
        var derived = assessment.Derive(data);

        var now = clock.GetUtcNow();
        bool stale;
        try
        {
            stale = await database.InTransactionAsync(async (c, tx) =>
            {
                var next = await VersionedRecords.NextVersionAsync(c, tx, eventId, Kind, r.Version!.Value);
                if (next is null or -1) return true;
                await c.ExecuteAsync(InsertSql, Row(eventId, next.Value, current.PatientId, data, derived, actor, now, reason), tx);
                await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Update, Kind, eventId, current.PatientId, ChangedFields(current, data)));
                if (await SyncReportsAsync(c, tx, actor, eventId, current.PatientId, next.Value, data, derived, now)) throw new StaleReportException();
                return false;
            }, ct);
        }
        catch (StaleReportException)
        {
            // A report was submitted while this update ran; the whole update rolled back.
            return Outcome.Conflict<AdverseEventView>(SafetyMessages.StaleReport);
        }
        if (stale) return Outcome.Conflict<AdverseEventView>(SafetyMessages.StaleEvent);
        return (await ViewAsync(eventId, ct))!;
    }

    /// <summary>The event with its reports and history; null when missing or the patient is not visible. Audited.</summary>
    public async Task<AdverseEventView?> ReadAsync(Actor actor, string eventId, CancellationToken ct)
    {
        var current = await CurrentAsync(eventId, ct);
        if (current is null || await patients.LoadAsync(actor, current.PatientId, ct) is null) return null;
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, Kind, eventId, current.PatientId), ct);
        return await ViewAsync(eventId, ct);
    }

    /// <summary>The patient's events (current versions, latest onset first); null when the patient is not visible. Audited.</summary>
    public async Task<IReadOnlyList<AdverseEventRecord>?> ListAsync(Actor actor, string patientId, CancellationToken ct)
    {
        if (await patients.LoadAsync(actor, patientId, ct) is null) return null;
        await using var c = await database.OpenAsync(ct);
        var rows = (await c.QueryAsync<EventRow>(new CommandDefinition(ByPatientSql, new { patientId }, cancellationToken: ct))).Select(x => x.ToRecord()).ToList();
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, Kind, null, patientId), ct);
        return rows;
    }

    internal static DateOnly? FirstConsentOn(IReadOnlyList<ConsentRecord> list) =>
        list.Count == 0 ? null : list.Min(c => DateOnly.FromDateTime(c.SignedAt.UtcDateTime));

    async Task<AdverseEventRecord?> CurrentAsync(string eventId, CancellationToken ct)
    {
        if (!Ids.LooksValid(eventId)) return null;
        await using var c = await database.OpenAsync(ct);
        return (await c.QuerySingleOrDefaultAsync<EventRow>(new CommandDefinition(CurrentSql, new { id = eventId }, cancellationToken: ct)))?.ToRecord();
    }

    async Task<AdverseEventView?> ViewAsync(string eventId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var current = (await c.QuerySingleOrDefaultAsync<EventRow>(new CommandDefinition(CurrentSql, new { id = eventId }, cancellationToken: ct)))?.ToRecord();
        if (current is null) return null;
        var history = (await c.QueryAsync<EventRow>(new CommandDefinition(HistorySql, new { id = eventId }, cancellationToken: ct))).Select(x => x.ToRecord()).ToList();
        var reports = (await c.QueryAsync<RegulatoryReport>(new CommandDefinition(ReportsOfEventSql, new { id = eventId }, cancellationToken: ct))).ToList();
        var warnings = current.Grade == 4 && !current.Serious ? new[] { SafetyMessages.Grade4NotSeriousWarning } : [];
        return new AdverseEventView(current, reports, history, warnings);
    }

    /// <summary>
    /// Brings the event's reports in line with its current version (inside the event's transaction, which holds the
    /// event's version pointer, so two updates cannot both create reports). Returns true when a report was changed
    /// concurrently (a submission raced the update), so the caller rolls back.
    /// </summary>
    async Task<bool> SyncReportsAsync(DbConnection c, DbTransaction tx, Actor actor, string eventId, string patientId, int eventVersion,
        AdverseEventData data, AdverseEventDerivation derived, DateTimeOffset now)
    {
        var required = ReportingClock.Required(assessment.Rules, derived, data.AwareDate, data.Pathway);
        var existing = (await c.QueryAsync<RegulatoryReport>(ReportsOfEventSql, new { id = eventId }, tx)).ToList();
        foreach (var need in required)
        {
            var have = existing.FirstOrDefault(x => x.Authority == need.Authority && x.Type == need.Type);
            if (have is null)
            {
                var id = Ids.New(clock);
                await VersionedRecords.CreateAsync(c, tx, id, ReportKind, patientId, now, actor.Username);
                await c.ExecuteAsync(InsertReportSql, new { Id = id, AdverseEventId = eventId, PatientId = patientId, need.Authority, need.Type, CreatedAt = now }, tx);
                await c.ExecuteAsync(InsertReportVersionSql, ReportRow(id, 1, need.DueDate, null, null, null, null, actor, now,
                    $"Adverse event version {eventVersion} is a SUSAR"), tx);
                await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, ReportKind, id, patientId, ["authority", "report_type", "due_date"]));
                continue;
            }
            if (have.SubmittedAt is not null) continue;
            var due = need.DueDate < have.DueDate ? need.DueDate : have.DueDate; // tighten, never extend
            if (have.NotRequiredSince is null && due == have.DueDate) continue;
            if (!await NewReportVersionAsync(c, tx, actor, have, due, null, null, null, null, now, $"Adverse event version {eventVersion} is a SUSAR"))
                return true;
        }
        foreach (var have in existing.Where(x => x.Open && !required.Any(n => n.Authority == x.Authority && n.Type == x.Type)))
            if (!await NewReportVersionAsync(c, tx, actor, have, have.DueDate, null, null, null, now, now, $"Adverse event version {eventVersion} is not a SUSAR"))
                return true;
        return false;
    }

    async Task<bool> NewReportVersionAsync(DbConnection c, DbTransaction tx, Actor actor, RegulatoryReport have, DateOnly due,
        DateTimeOffset? submittedAt, string? reference, string? submittedBy, DateTimeOffset? notRequiredSince, DateTimeOffset now, string reason)
    {
        var next = await VersionedRecords.NextVersionAsync(c, tx, have.Id, ReportKind, have.Version);
        if (next is null or -1) return false;
        await c.ExecuteAsync(InsertReportVersionSql, ReportRow(have.Id, next.Value, due, submittedAt, reference, submittedBy, notRequiredSince, actor, now, reason), tx);
        var fields = new List<string>();
        if (due != have.DueDate) fields.Add("due_date");
        if (submittedAt is not null) fields.AddRange(["submitted_at", "reference_number", "submitted_by"]);
        if (notRequiredSince != have.NotRequiredSince) fields.Add("not_required_since");
        await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Update, ReportKind, have.Id, have.PatientId, fields));
        return true;
    }

    static object ReportRow(string id, int version, DateOnly due, DateTimeOffset? submittedAt, string? reference, string? submittedBy,
        DateTimeOffset? notRequiredSince, Actor actor, DateTimeOffset now, string reason) =>
        ReportRowOf(id, version, due, submittedAt, reference, submittedBy, notRequiredSince, actor.Username, now, reason, RecordSource.Clinic);

    /// <summary>The parameters of <see cref="InsertReportVersionSql"/> (shared with the FHIR import).</summary>
    internal static object ReportRowOf(string id, int version, DateOnly due, DateTimeOffset? submittedAt, string? reference, string? submittedBy,
        DateTimeOffset? notRequiredSince, string by, DateTimeOffset now, string reason, string source) => new
    {
        Id = id, Version = version, DueDate = due, SubmittedAt = submittedAt, ReferenceNumber = reference, SubmittedBy = submittedBy,
        NotRequiredSince = notRequiredSince, RecordedBy = by, RecordedAt = now, Source = source, Reason = reason,
    };

    object Row(string id, int version, string patientId, AdverseEventData d, AdverseEventDerivation x, Actor actor, DateTimeOffset now, string? reason) =>
        RowOf(id, version, patientId, d, x, assessment.Rules.Version, actor.Username, now, reason, RecordSource.Clinic);

    /// <summary>The parameters of <see cref="InsertSql"/> (shared with the FHIR import, whose rows have source import).</summary>
    internal static object RowOf(string id, int version, string patientId, AdverseEventData d, AdverseEventDerivation x, string rulesVersion,
        string by, DateTimeOffset now, string? reason, string source) => new
    {
        Id = id, Version = version, PatientId = patientId, d.Term, d.MeddraPt, d.CtcaeTerm, d.CtcaeVersion, d.Grade, d.Onset, d.Resolved,
        d.Outcome, SeriousnessCriteria = string.Join(",", d.SeriousnessCriteria), d.SeriousnessAssessed, d.RelatedToProduct,
        d.RelatedToProcedure, d.Action, d.AwareDate, d.Reporter, d.AdministrationId, d.LotId, d.CellSource, d.Route, d.Pathway,
        x.Serious, x.Expected, ExpectednessBasis = x.Expectedness.Basis, ExpectednessReference = x.Expectedness.ReferenceCode, x.Susar,
        x.FatalOrLifeThreatening, RulesVersion = rulesVersion, RecordedBy = by, RecordedAt = now,
        Source = source, Reason = reason,
    };

    static List<string> ChangedFields(AdverseEventRecord a, AdverseEventData b)
    {
        var f = new List<string>();
        void Check(string name, object? x, object? y) { if (!Equals(x, y)) f.Add(name); }
        Check("term", a.Term, b.Term); Check("meddra_pt", a.MeddraPt, b.MeddraPt); Check("ctcae_term", a.CtcaeTerm, b.CtcaeTerm);
        Check("ctcae_version", a.CtcaeVersion, b.CtcaeVersion); Check("grade", a.Grade, b.Grade); Check("onset", a.Onset, b.Onset);
        Check("resolved", a.Resolved, b.Resolved); Check("outcome", a.Outcome, b.Outcome);
        Check("seriousness_criteria", string.Join(",", a.SeriousnessCriteria), string.Join(",", b.SeriousnessCriteria));
        Check("seriousness_assessed", a.SeriousnessAssessed, b.SeriousnessAssessed);
        Check("related_to_product", a.RelatedToProduct, b.RelatedToProduct); Check("related_to_procedure", a.RelatedToProcedure, b.RelatedToProcedure);
        Check("action", a.Action, b.Action); Check("aware_date", a.AwareDate, b.AwareDate); Check("reporter", a.Reporter, b.Reporter);
        Check("administration_id", a.AdministrationId, b.AdministrationId); Check("lot_id", a.LotId, b.LotId);
        Check("cell_source", a.CellSource, b.CellSource); Check("route", a.Route, b.Route); Check("pathway", a.Pathway, b.Pathway);
        return f;
    }

    /// <summary>Thrown inside the transaction to roll an update back when one of its reports changed concurrently.</summary>
    sealed class StaleReportException : Exception;

    sealed record EventRow
    {
        public string Id { get; init; } = "";
        public string PatientId { get; init; } = "";
        public int Version { get; init; }
        public string Term { get; init; } = "";
        public string? MeddraPt { get; init; }
        public string? CtcaeTerm { get; init; }
        public string CtcaeVersion { get; init; } = "";
        public int Grade { get; init; }
        public DateOnly Onset { get; init; }
        public DateOnly? Resolved { get; init; }
        public string Outcome { get; init; } = "";
        public string SeriousnessCriteria { get; init; } = "";
        public bool SeriousnessAssessed { get; init; }
        public string RelatedToProduct { get; init; } = "";
        public string RelatedToProcedure { get; init; } = "";
        public string Action { get; init; } = "";
        public DateOnly AwareDate { get; init; }
        public string Reporter { get; init; } = "";
        public string? AdministrationId { get; init; }
        public string? LotId { get; init; }
        public string? CellSource { get; init; }
        public string? Route { get; init; }
        public string? Pathway { get; init; }
        public bool Serious { get; init; }
        public bool Expected { get; init; }
        public string ExpectednessBasis { get; init; } = "";
        public string? ExpectednessReference { get; init; }
        public bool Susar { get; init; }
        public bool FatalOrLifeThreatening { get; init; }
        public string RulesVersion { get; init; } = "";
        public string RecordedBy { get; init; } = "";
        public DateTimeOffset RecordedAt { get; init; }
        public string? Reason { get; init; }

        public AdverseEventRecord ToRecord() => new()
        {
            Id = Id, PatientId = PatientId, Version = Version, Term = Term, MeddraPt = MeddraPt, CtcaeTerm = CtcaeTerm, CtcaeVersion = CtcaeVersion,
            Grade = Grade, Onset = Onset, Resolved = Resolved, Outcome = Outcome,
            SeriousnessCriteria = SeriousnessCriteria.Length == 0 ? [] : SeriousnessCriteria.Split(','),
            SeriousnessAssessed = SeriousnessAssessed, RelatedToProduct = RelatedToProduct, RelatedToProcedure = RelatedToProcedure, Action = Action,
            AwareDate = AwareDate, Reporter = Reporter, AdministrationId = AdministrationId, LotId = LotId, CellSource = CellSource, Route = Route,
            Pathway = Pathway, Serious = Serious, Expected = Expected, ExpectednessBasis = ExpectednessBasis, ExpectednessReference = ExpectednessReference,
            Susar = Susar, FatalOrLifeThreatening = FatalOrLifeThreatening, RulesVersion = RulesVersion, RecordedBy = RecordedBy, RecordedAt = RecordedAt,
            Reason = Reason,
        };
    }
}
