using System.Data.Common;
using System.Globalization;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;
using OrthoRegen.Safety;

namespace OrthoRegen.Interop.Fhir;

/// <summary>
/// The regulatory reports of an adverse event as they travel on the AdverseEvent: one <c>adverse-event-report</c>
/// extension per report, in its current version (documented in FHIR_EXTENSIONS.md). Sub-extensions: <c>authority</c>,
/// <c>reportType</c>, <c>dueDate</c> (YYYY-MM-DD string), and when submitted <c>submittedAt</c> (dateTime),
/// <c>referenceNumber</c>, <c>submittedBy</c>; <c>notRequiredSince</c> (dateTime) when a later version of the event was no
/// longer a SUSAR. R4 and R5 have no element for a report of an adverse event to an authority: a project extension.
/// </summary>
public static class RegulatoryReportImport
{
    public static readonly string Url = FhirCodes.Extension("adverse-event-report");

    const string OfPatientSql = """
        SELECT r.id AS Id, r.adverse_event_id AS AdverseEventId, r.patient_id AS PatientId, r.authority AS Authority, r.report_type AS Type,
               v.version AS Version, v.due_date AS DueDate, v.submitted_at AS SubmittedAt, v.reference_number AS ReferenceNumber,
               v.submitted_by AS SubmittedBy, v.not_required_since AS NotRequiredSince, r.created_at AS CreatedAt
        FROM regulatory_reports r
        JOIN record_heads h ON h.id = r.id
        JOIN regulatory_report_versions v ON v.id = r.id AND v.version = h.current_version
        WHERE r.patient_id = @patientId AND NOT v.entered_in_error
        ORDER BY r.adverse_event_id, r.authority, r.report_type, r.id
        """;

    /// <summary>One report as its extension.</summary>
    public static FhirDetail DetailOf(string authority, string type, DateOnly dueDate, DateTimeOffset? submittedAt, string? referenceNumber,
        string? submittedBy, DateTimeOffset? notRequiredSince) =>
        FhirDetail.Of(Url, ("authority", authority), ("reportType", type), ("dueDate", FhirWrite.Date(dueDate)), ("submittedAt", submittedAt),
            ("referenceNumber", referenceNumber), ("submittedBy", submittedBy), ("notRequiredSince", notRequiredSince));

    /// <summary>The reports of a patient's events (current versions), keyed by event id, ordered by authority and type.</summary>
    internal static async Task<ILookup<string, FhirDetail>> OfPatientAsync(DbConnection c, string patientId, CancellationToken ct) =>
        (await c.QueryAsync<RegulatoryReport>(new CommandDefinition(OfPatientSql, new { patientId }, cancellationToken: ct)))
            .ToLookup(r => r.AdverseEventId, r => DetailOf(r.Authority, r.Type, r.DueDate, r.SubmittedAt, r.ReferenceNumber, r.SubmittedBy, r.NotRequiredSince));
}

/// <summary>A report to write with an imported event: its current state as the source registry kept it.</summary>
sealed record CarriedReport(string Authority, string Type, DateOnly DueDate, DateTimeOffset? SubmittedAt, string? ReferenceNumber,
    string? SubmittedBy, DateTimeOffset? NotRequiredSince);

public sealed partial class FhirImport
{
    /// <summary>
    /// The reports an imported event is written with. An AdverseEvent without <c>adverse-event-report</c> extensions (an
    /// export of an older version) gets the open reports <see cref="ReportingClock.Required"/> lists. Otherwise each carried
    /// report is checked: codes of <see cref="ReportCodes"/>, one per authority and type, a submission by the rules of
    /// <see cref="AdverseEventStore.SubmitAsync"/> (<see cref="AdverseEventStore.ValidateSubmission"/>), and agreement with
    /// the reporting clock on the event as carried: a report the event needs is not "no longer required" and, while open,
    /// is not due later than the clock allows (a re-grading tightens a due date, never extends it); a report it does not need
    /// is submitted or no longer required; and every report it needs is carried.
    /// </summary>
    static List<CarriedReport> CheckReports(Entry en, FhirAdverseEvent x, IReadOnlyList<RequiredReport> required, DateOnly awareDate,
        DateTimeOffset now, List<(Entry Entry, string Path, string Message)> problems)
    {
        if (x.Reports.Count == 0) return [.. required.Select(n => new CarriedReport(n.Authority, n.Type, n.DueDate, null, null, null, null))];
        var list = new List<CarriedReport>();
        var before = problems.Count;
        for (var i = 0; i < x.Reports.Count; i++)
        {
            var d = x.Reports[i];
            var at = i;
            string PathOf(string field) => FhirDetail.PathOf(en.Resource, en.Path, RegulatoryReportImport.Url, at, field);
            var e = new FieldErrors();
            var authority = e.Required("authority", d["authority"], 40);
            if (authority is not null && !ReportCodes.Authorities.Contains(authority)) e.Add("authority", FhirMessages.NotInValueSet("authority", ReportCodes.Authorities));
            var type = e.Required("reportType", d["reportType"], 40);
            if (type is not null && !ReportCodes.Types.Contains(type)) e.Add("reportType", FhirMessages.NotInValueSet("report type", ReportCodes.Types));
            var due = e.Date("dueDate", d["dueDate"], required: true);
            DateTimeOffset? submittedAt = null;
            string? reference = null, by = null;
            if (d["submittedAt"] is not null || d["referenceNumber"] is not null || d["submittedBy"] is not null)
            {
                if (d["submittedAt"] is null) e.Add("submittedAt", FhirMessages.Required);
                else (submittedAt, reference) = AdverseEventStore.ValidateSubmission(e,
                    new SubmitReport { SubmittedAt = d["submittedAt"], ReferenceNumber = d["referenceNumber"] }, awareDate, now);
                by = e.Required("submittedBy", d["submittedBy"], 100);
            }
            var notRequired = e.Instant("notRequiredSince", d["notRequiredSince"], required: false, notAfter: now);
            foreach (var (field, messages) in e.ToDictionary()) foreach (var m in messages) problems.Add((en, PathOf(field), m));
            if (!e.IsEmpty || authority is null || type is null || due is null) continue;
            if (list.Any(r => r.Authority == authority && r.Type == type))
            {
                problems.Add((en, PathOf("reportType"), FhirMessages.BadValue($"A second {authority} {type} report; an event has one per authority and type.")));
                continue;
            }
            var need = required.FirstOrDefault(n => n.Authority == authority && n.Type == type);
            if (need is not null && notRequired is not null)
                problems.Add((en, PathOf("notRequiredSince"), FhirMessages.BadValue($"The event as carried is a SUSAR that needs this {authority} {type} report.")));
            else if (need is not null && submittedAt is null && due > need.DueDate)
                problems.Add((en, PathOf("dueDate"), FhirMessages.BadValue(string.Format(CultureInfo.InvariantCulture,
                    "Later than the reporting clock allows ({0:yyyy-MM-dd} from the awareness date): a due date is tightened, never extended.", need.DueDate))));
            else if (need is null && submittedAt is null && notRequired is null)
                problems.Add((en, PathOf("authority"), FhirMessages.BadValue($"The event as carried needs no {authority} {type} report, so it cannot be open.")));
            list.Add(new CarriedReport(authority, type, due.Value, submittedAt, reference, by, notRequired));
        }
        if (problems.Count == before)
            foreach (var need in required.Where(n => !list.Any(r => r.Authority == n.Authority && r.Type == n.Type)))
                problems.Add((en, en.Path + ".extension", FhirMessages.BadValue(string.Format(CultureInfo.InvariantCulture,
                    "The event is a SUSAR that needs a {0} {1} report (due {2:yyyy-MM-dd}), which it does not carry.", need.Authority, need.Type, need.DueDate))));
        return list;
    }

    /// <summary>Writes one report of an imported event as version 1 in its carried state, audited.</summary>
    static async Task WriteReportAsync(DbConnection c, DbTransaction tx, FhirImportBatch batch, Actor actor, string reportId, string eventId,
        string patientId, CarriedReport r, DateTimeOffset now, string by, CancellationToken ct)
    {
        await batch.Head.ExecuteAsync(ct, reportId, AdverseEventStore.ReportKind, patientId, now, by);
        await c.ExecuteAsync(new CommandDefinition(AdverseEventStore.InsertReportSql,
            new { Id = reportId, AdverseEventId = eventId, PatientId = patientId, r.Authority, r.Type, CreatedAt = now }, tx, cancellationToken: ct));
        var reason = r.SubmittedAt is not null ? "Imported as submitted" : r.NotRequiredSince is not null ? "Imported as no longer required"
            : "Imported adverse event version 1 is a SUSAR";
        await c.ExecuteAsync(new CommandDefinition(AdverseEventStore.InsertReportVersionSql, AdverseEventStore.ReportRowOf(reportId, 1, r.DueDate, r.SubmittedAt,
            r.ReferenceNumber, r.SubmittedBy, r.NotRequiredSince, by, now, reason, RecordSource.Import), tx, cancellationToken: ct));
        List<string> fields = [Entity, "authority", "report_type", "due_date"];
        if (r.SubmittedAt is not null) fields.AddRange(["submitted_at", "reference_number", "submitted_by"]);
        if (r.NotRequiredSince is not null) fields.Add("not_required_since");
        await batch.Audit.AppendAsync(actor, new AuditEvent(AuditAction.Create, AdverseEventStore.ReportKind, reportId, patientId, fields), ct);
    }
}
