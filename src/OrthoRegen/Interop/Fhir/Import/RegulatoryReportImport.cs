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

    const string OfPatientSql = AdverseEventStore.ReportColumns + "WHERE r.patient_id = @patientId AND NOT v.entered_in_error ORDER BY r.adverse_event_id, r.authority, r.report_type, r.id";

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
            foreach (var (field, m) in e.Messages) problems.Add((en, PathOf(field), m));
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

public sealed partial class FhirImport
{
    const string ReportsOfEventSql = AdverseEventStore.ReportColumns + "WHERE r.adverse_event_id = @id AND NOT v.entered_in_error";
    const string AwareDateSql = """
        SELECT a.aware_date FROM adverse_event_versions a JOIN record_heads h ON h.id = a.id AND h.current_version = a.version
        WHERE a.id = @id AND NOT a.entered_in_error
        """;

    /// <summary>
    /// Submissions made in the source after an event came in: for each AdverseEvent this unit matched (already in the
    /// registry; the event's content hash leaves its reports out), a carried submitted report whose report here is still open
    /// is submitted here too, as <see cref="AdverseEventStore.SubmitAsync"/> would (its rules through
    /// <see cref="AdverseEventStore.ValidateSubmission"/>, a new report version, audited). A report submitted here with
    /// another reference, no longer required here, or missing here is refused at the carried report; open or no longer
    /// required carried reports leave the registry's reports as they are.
    /// </summary>
    async Task PlanMatchedReportsAsync(FhirImportBatch batch, Actor actor, List<Planned> plan, Action<Entry, string, string> reject, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        for (var i = 0; i < plan.Count; i++)
        {
            if (plan[i] is not { Fate: Fate.Match, Record: FhirAdverseEvent { Reports.Count: > 0 } x } p) continue;
            var (c, tx) = (batch.Connection, batch.Transaction);
            if (await c.QuerySingleOrDefaultAsync<DateOnly?>(new CommandDefinition(AwareDateSql, new { id = p.LocalId }, tx, cancellationToken: ct)) is not { } aware) continue;
            var stored = (await c.QueryAsync<RegulatoryReport>(new CommandDefinition(ReportsOfEventSql, new { id = p.LocalId }, tx, cancellationToken: ct))).ToList();
            var submissions = new List<(RegulatoryReport Have, DateTimeOffset At, string Reference, string By)>();
            for (var k = 0; k < x.Reports.Count; k++)
            {
                var d = x.Reports[k];
                var index = k;
                string PathOf(string field) => FhirDetail.PathOf(p.Entry.Resource, p.Entry.Path, RegulatoryReportImport.Url, index, field);
                if (d["submittedAt"] is null) continue;
                var have = stored.FirstOrDefault(r => r.Authority == d["authority"] && r.Type == d["reportType"]);
                if (have is null) { reject(p.Entry, PathOf("authority"), FhirMessages.BadValue($"This registry holds no {d["authority"]} {d["reportType"]} report for the event.")); continue; }
                if (have.SubmittedAt is { } done)
                {
                    if (have.ReferenceNumber != d["referenceNumber"])
                        reject(p.Entry, PathOf("referenceNumber"), string.Format(CultureInfo.InvariantCulture, SafetyMessages.AlreadySubmitted, done) + $" Reference {have.ReferenceNumber}.");
                    continue;
                }
                if (have.NotRequiredSince is not null) { reject(p.Entry, PathOf("authority"), SafetyMessages.NotRequired); continue; }
                var e = new FieldErrors();
                var (at, reference) = AdverseEventStore.ValidateSubmission(e, new SubmitReport { SubmittedAt = d["submittedAt"], ReferenceNumber = d["referenceNumber"] }, aware, now);
                var by = e.Required("submittedBy", d["submittedBy"], 100);
                foreach (var (field, m) in e.Messages) reject(p.Entry, PathOf(field), m);
                if (e.IsEmpty) submissions.Add((have, at!.Value, reference!, by!));
            }
            if (submissions.Count == 0) continue;
            plan[i] = p with
            {
                Write = async (conn, t, b, _, at, by) =>
                {
                    foreach (var s in submissions)
                    {
                        var next = await VersionedRecords.NextVersionAsync(conn, t, s.Have.Id, AdverseEventStore.ReportKind, s.Have.Version);
                        if (next is null or -1) throw new InvalidOperationException($"Report {s.Have.Id} changed while the import ran; import again.");
                        await conn.ExecuteAsync(new CommandDefinition(AdverseEventStore.InsertReportVersionSql, AdverseEventStore.ReportRowOf(s.Have.Id, next.Value,
                            s.Have.DueDate, s.At, s.Reference, s.By, null, by, at, "Submitted (imported)", RecordSource.Import), t, cancellationToken: ct));
                        await b.Audit.AppendAsync(actor, new AuditEvent(AuditAction.Update, AdverseEventStore.ReportKind, s.Have.Id, s.Have.PatientId,
                            [Entity, "submitted_at", "reference_number", "submitted_by"]), ct);
                    }
                    return (AdverseEventStore.ReportKind, submissions[0].Have.PatientId);
                },
            };
        }
    }
}
