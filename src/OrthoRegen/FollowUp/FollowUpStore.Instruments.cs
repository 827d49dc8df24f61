using System.Data.Common;
using System.Text.Json;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;

namespace OrthoRegen.FollowUp;

// Instruments completed outside a staff visit record (the patient portal): marking one instrument of a visit done with
// its stored response, inside the caller's transaction so the response and the mark are saved together or not at all.
public sealed partial class FollowUpStore
{
    const string OpenWindowVisitsSql = """
        SELECT v.patient_id AS PatientId, v.id AS VisitId
        FROM follow_up_visit_versions v
        JOIN record_heads hv ON hv.id = v.id AND hv.current_version = v.version
        JOIN follow_up_schedule_versions s ON s.id = v.schedule_id
        JOIN record_heads hs ON hs.id = s.id AND hs.current_version = s.version
        WHERE NOT v.entered_in_error AND NOT s.entered_in_error AND s.status = @active
          AND v.window_start <= @today AND v.window_end >= @today
        ORDER BY v.window_start, v.id
        """;

    /// <summary>The patient's schedules with their visits and statuses for today. Not audited and not access-checked:
    /// for callers that have already scoped the patient (the portal, through its link) and audit themselves.</summary>
    internal Task<IReadOnlyList<FollowUpScheduleView>> SchedulesOfAsync(string patientId, CancellationToken ct) => LoadSchedulesAsync(patientId, ct);

    /// <summary>Visits of active schedules whose window contains <paramref name="today"/> (both ends inclusive).</summary>
    internal async Task<IReadOnlyList<(string PatientId, string VisitId)>> OpenWindowVisitsAsync(DateOnly today, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<(string PatientId, string VisitId)>(new CommandDefinition(OpenWindowVisitsSql,
            new { active = FollowUpCodes.Active, today }, cancellationToken: ct));
        return rows.ToList();
    }

    /// <summary>
    /// Marks <paramref name="instrument"/> of visit <paramref name="visitId"/> done with stored response
    /// <paramref name="responseId"/>: a new version of the visit whose findings list the instrument with its response
    /// (the visit date is not set: the visit itself is recorded by staff). Runs in the caller's transaction, audited there.
    /// Returns false, writing nothing, when the visit does not exist or already lists the instrument.
    /// </summary>
    public async Task<bool> MarkInstrumentDoneAsync(DbConnection c, DbTransaction tx, Actor actor, string visitId, string instrument,
        string responseId, CancellationToken ct)
    {
        var row = await c.QuerySingleOrDefaultAsync<VisitRow>(new CommandDefinition(
            CurrentVisits + " WHERE v.id = @visitId AND NOT v.entered_in_error", new { visitId }, tx, cancellationToken: ct));
        if (row is null) return false;
        var findings = row.Findings is null ? null : JsonSerializer.Deserialize<VisitFindings>(row.Findings, Json);
        if (findings is not null && findings.Instruments.Any(i => i.Instrument == instrument)) return false;
        var link = new InstrumentLink(instrument, responseId);
        var updated = findings is null
            ? new VisitFindings("VISIT", [link], null, [], [], [], null)
            : findings with { Instruments = [.. findings.Instruments, link] };
        var next = await VersionedRecords.NextVersionAsync(c, tx, visitId, VisitKind, row.Version);
        if (next is null or -1) return false;
        await c.ExecuteAsync(new CommandDefinition(InsertVisitSql, row with
        {
            Version = next.Value, Findings = JsonSerializer.Serialize(updated, Json), RecordedBy = actor.Username,
            RecordedAt = clock.GetUtcNow(), Source = RecordSource.Patient, Reason = $"{instrument} completed in the patient portal",
        }, tx, cancellationToken: ct));
        await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Update, VisitKind, visitId, row.PatientId,
            [$"visit={row.Code}", $"instrument={instrument}", "instruments"]));
        return true;
    }
}
