using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.CellLab;
using OrthoRegen.Data;
using OrthoRegen.Patients;

namespace OrthoRegen.Safety;

/// <summary>
/// An adverse-event follow-up owed to one recipient of a lot whose sterility test failed after (conditional) release
/// (DOMAIN.md 3.2 Q8). Open until the safety officer records what was found.
/// </summary>
public sealed record ProductFollowUp(
    string Id, string DeviationId, string LotId, string LotNumber, string PatientId, string PseudonymCode, string Reason,
    DateTimeOffset OpenedAt, DateOnly DueOn, DateTimeOffset? ClosedAt, string? ClosedBy, string? Finding, string? AdverseEventId, string? Note)
{
    public bool IsOpen => ClosedAt is null;
}

/// <summary>What the follow-up found: nothing to report, or the adverse event recorded for it.</summary>
public static class ProductFollowUpFindings
{
    public const string NoEvent = "NO_EVENT", AdverseEventRecorded = "ADVERSE_EVENT_RECORDED";
    public static readonly IReadOnlyList<string> All = [NoEvent, AdverseEventRecorded];
}

public sealed record CloseProductFollowUp
{
    public string? Finding { get; init; }
    /// <summary>Required when the finding is ADVERSE_EVENT_RECORDED: an event of the same patient.</summary>
    public string? AdverseEventId { get; init; }
    public string? Note { get; init; }
}

/// <summary>
/// Opens one follow-up per recipient when the cell lab reports a late sterility failure (it is the lab's
/// <see cref="ILotDeviationListener"/>), lists the open ones for the safety officer, and closes them with the finding.
/// Opening is idempotent per deviation and recipient, so a repeated notification adds nothing.
/// </summary>
public sealed class ProductFollowUpStore(Database database, AuditTrail audit, PatientStore patients, TimeProvider clock) : ILotDeviationListener
{
    public const string Kind = "product_followup";

    const string SelectSql = """
        SELECT f.id AS Id, f.deviation_id AS DeviationId, f.lot_id AS LotId, f.lot_number AS LotNumber, f.patient_id AS PatientId,
               p.pseudonym_code AS PseudonymCode, p.site_id AS SiteId, f.reason AS Reason, f.opened_at AS OpenedAt, f.due_on AS DueOn,
               f.closed_at AS ClosedAt, f.closed_by AS ClosedBy, f.finding AS Finding, f.adverse_event_id AS AdverseEventId, f.note AS Note
        FROM safety_product_followups f JOIN patients p ON p.id = f.patient_id
        """;

    public async Task OnSterilityFailureAsync(SterilityFailure failure, CancellationToken ct)
    {
        var actor = Actor.System("cell-lab Q8");
        var now = clock.GetUtcNow();
        await database.InTransactionAsync(async (c, tx) =>
        {
            foreach (var patientId in failure.RecipientPatientIds.Distinct(StringComparer.Ordinal))
            {
                var id = Ids.New(clock);
                var inserted = await c.ExecuteAsync("""
                    INSERT INTO safety_product_followups (id, deviation_id, lot_id, lot_number, patient_id, reason, opened_at, due_on)
                    VALUES (@id, @DeviationId, @LotId, @LotNumber, @patientId, @reason, @now, @due)
                    ON CONFLICT (deviation_id, patient_id) DO NOTHING
                    """, new
                {
                    id, failure.DeviationId, failure.LotId, failure.LotNumber, patientId, now,
                    reason = SafetyMessages.SterilityFollowUpReason(failure.LotNumber),
                    due = DateOnly.FromDateTime(failure.DetectedAt.UtcDateTime), // same day, as the physician's notification
                }, tx);
                if (inserted > 0)
                    await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, Kind, id, patientId, ["deviation_id", "lot_id"]));
            }
            return 0;
        }, ct);
    }

    /// <summary>Open follow-ups at the actor's sites, oldest due first.</summary>
    public async Task<IReadOnlyList<ProductFollowUp>> OpenAsync(Actor actor, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<Row>(SelectSql + " WHERE f.closed_at IS NULL ORDER BY f.due_on, f.opened_at");
        var visible = rows.Where(r => actor.CanAccessSite(r.SiteId)).Select(r => r.ToRecord()).ToList();
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, Kind, null, null, ["open"]), ct);
        return visible;
    }

    public async Task<Outcome<ProductFollowUp>> CloseAsync(Actor actor, string id, CloseProductFollowUp r, CancellationToken ct)
    {
        var current = await FindAsync(id, ct);
        if (current is null || await patients.LoadAsync(actor, current.PatientId, ct) is null) return Outcome.NotFound<ProductFollowUp>();
        var e = new FieldErrors();
        var finding = e.OneOf("finding", r.Finding, ProductFollowUpFindings.All);
        var note = e.Optional("note", r.Note, 2000);
        var eventId = e.Optional("adverseEventId", r.AdverseEventId, 64);
        if (finding == ProductFollowUpFindings.AdverseEventRecorded && eventId is null)
            e.Add("adverseEventId", SafetyMessages.FollowUpNeedsEvent);
        if (finding == ProductFollowUpFindings.NoEvent && eventId is not null)
            e.Add("adverseEventId", SafetyMessages.FollowUpNoEventWithId);
        if (!e.IsEmpty) return Outcome.Invalid<ProductFollowUp>(e.ToDictionary());
        if (!current.IsOpen) return Outcome.Conflict<ProductFollowUp>(SafetyMessages.FollowUpAlreadyClosed(current.ClosedBy!));

        var now = clock.GetUtcNow();
        var outcome = await database.InTransactionAsync(async (c, tx) =>
        {
            if (eventId is not null && await c.ExecuteScalarAsync<long>(
                    "SELECT count(*) FROM adverse_event_versions WHERE id = @eventId AND patient_id = @PatientId", new { eventId, current.PatientId }, tx) == 0)
                return 1;
            var updated = await c.ExecuteAsync("""
                UPDATE safety_product_followups SET closed_at = @now, closed_by = @by, finding = @finding, adverse_event_id = @eventId, note = @note
                WHERE id = @id AND closed_at IS NULL
                """, new { now, by = actor.Username, finding, eventId, note, id }, tx);
            if (updated == 0) return 2;
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Update, Kind, id, current.PatientId, ["finding", "closed_at"]));
            return 0;
        }, ct);
        return outcome switch
        {
            1 => Outcome.Invalid<ProductFollowUp>(new FieldErrors().Add("adverseEventId", SafetyMessages.FollowUpEventNotThisPatient).ToDictionary()),
            2 => Outcome.Conflict<ProductFollowUp>(SafetyMessages.FollowUpAlreadyClosed("another user")),
            _ => (await FindAsync(id, ct))!,
        };
    }

    async Task<ProductFollowUp?> FindAsync(string id, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return (await c.QueryAsync<Row>(SelectSql + " WHERE f.id = @id", new { id })).FirstOrDefault()?.ToRecord();
    }

    sealed record Row
    {
        public string Id { get; init; } = "";
        public string DeviationId { get; init; } = "";
        public string LotId { get; init; } = "";
        public string LotNumber { get; init; } = "";
        public string PatientId { get; init; } = "";
        public string PseudonymCode { get; init; } = "";
        public string SiteId { get; init; } = "";
        public string Reason { get; init; } = "";
        public DateTimeOffset OpenedAt { get; init; }
        public DateOnly DueOn { get; init; }
        public DateTimeOffset? ClosedAt { get; init; }
        public string? ClosedBy { get; init; }
        public string? Finding { get; init; }
        public string? AdverseEventId { get; init; }
        public string? Note { get; init; }

        public ProductFollowUp ToRecord() => new(Id, DeviationId, LotId, LotNumber, PatientId, PseudonymCode, Reason, OpenedAt, DueOn,
            ClosedAt, ClosedBy, Finding, AdverseEventId, Note);
    }
}
