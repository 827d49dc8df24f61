using System.Data.Common;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.Treatment;

namespace OrthoRegen.Interop.Fhir;

/// <summary>
/// A treatment plan's status history as it travels on the CarePlan: one <c>careplan-status-history</c> extension per status
/// the plan held, oldest first (documented in FHIR_EXTENSIONS.md). Sub-extensions: <c>status</c> (ACTIVE, COMPLETED,
/// CANCELLED), <c>at</c> (valueDateTime: when the status took effect, the version's recorded time) and <c>reason</c>
/// (the reason given for the change). R4 CarePlan has no status history (R4 keeps one only on Encounter and
/// EpisodeOfCare, R5 none on CarePlan): a project extension, shaped like <c>Encounter.statusHistory</c>.
/// </summary>
/// <remarks>
/// An amendment keeps the plan ACTIVE and is not a status change, so it is not listed: the CarePlan carries the current
/// content only.
/// </remarks>
public static class PlanStatusImport
{
    public static readonly string Url = FhirCodes.Extension("careplan-status-history");

    const string OfPatientSql = """
        SELECT p.id AS PlanId, p.status AS Status, p.recorded_at AS At, p.reason AS Reason
        FROM treatment_plan_versions p
        WHERE p.patient_id = @patientId AND NOT p.entered_in_error
        ORDER BY p.id, p.version
        """;

    /// <summary>One status as its extension.</summary>
    public static FhirDetail DetailOf(string status, DateTimeOffset at, string? reason) =>
        FhirDetail.Of(Url, ("status", status), ("at", at), ("reason", reason));

    /// <summary>The status changes of a patient's plans (the first version and each version whose status differs from the one before), keyed by plan.</summary>
    internal static async Task<ILookup<string, FhirDetail>> OfPatientAsync(DbConnection c, string patientId, CancellationToken ct)
    {
        var changes = new List<(string PlanId, FhirDetail Detail)>();
        string? plan = null, status = null;
        foreach (var v in await c.QueryAsync<VersionRow>(new CommandDefinition(OfPatientSql, new { patientId }, cancellationToken: ct)))
        {
            if (v.PlanId == plan && v.Status == status) continue;
            changes.Add((v.PlanId, DetailOf(v.Status, v.At, v.Reason)));
            (plan, status) = (v.PlanId, v.Status);
        }
        return changes.ToLookup(x => x.PlanId, x => x.Detail);
    }

    /// <summary>
    /// The status in force at <paramref name="at"/>: the last one that took effect at or before it. Before the first (a plan
    /// imported without its history is stamped with the import's time) the plan is judged ACTIVE: injections are recorded
    /// only under an active plan.
    /// </summary>
    public static string StatusAt(IEnumerable<PlanStatusChange> history, DateTimeOffset at) =>
        history.LastOrDefault(h => h.At <= at)?.Status ?? TreatmentCodes.Active;

    sealed record VersionRow
    {
        public string PlanId { get; init; } = "";
        public string Status { get; init; } = "";
        public DateTimeOffset At { get; init; }
        public string? Reason { get; init; }
    }
}

/// <summary>One status of a plan: which, from when, and why (null for the first).</summary>
public sealed record PlanStatusChange(string Status, DateTimeOffset At, string? Reason);

public sealed partial class FhirImport
{
    const string PlanStatusesSql = """
        SELECT p.status AS Status, p.recorded_at AS At, p.reason AS Reason
        FROM treatment_plan_versions p WHERE p.id = @id AND NOT p.entered_in_error ORDER BY p.version
        """;

    /// <summary>The recorded versions of a plan in the registry as its status history (amendments repeat a status, which changes nothing).</summary>
    static async Task<List<PlanStatusChange>> StoredPlanStatusesAsync(FhirImportBatch batch, string planId, CancellationToken ct) =>
        [.. (await batch.Connection.QueryAsync<PlanStatusRow>(new CommandDefinition(PlanStatusesSql, new { id = planId }, batch.Transaction, cancellationToken: ct)))
            .Select(r => new PlanStatusChange(r.Status, r.At, r.Reason))];

    sealed record PlanStatusRow
    {
        public string Status { get; init; } = "";
        public DateTimeOffset At { get; init; }
        public string? Reason { get; init; }
    }

    /// <summary>
    /// The carried status history of a CarePlan to create, checked as the plan store would have recorded it: it starts
    /// ACTIVE; each later status is a change by <see cref="TreatmentPlanStore.ValidateStatusChange"/> (COMPLETED or
    /// CANCELLED with a reason) from an ACTIVE plan; times are not in the future and never go back; it ends in the
    /// CarePlan's status. Null when the CarePlan carries none (an export of an older version).
    /// </summary>
    static List<PlanStatusChange>? CheckStatusHistory(Entry en, FhirCarePlan x, DateTimeOffset now, List<(Entry Entry, string Path, string Message)> problems)
    {
        if (x.StatusHistory.Count == 0) return null;
        var list = new List<PlanStatusChange>();
        var before = problems.Count;
        for (var i = 0; i < x.StatusHistory.Count; i++)
        {
            var d = x.StatusHistory[i];
            var index = i;
            string PathOf(string field) => FhirDetail.PathOf(en.Resource, en.Path, PlanStatusImport.Url, index, field);
            var e = new FieldErrors();
            var at = e.Instant("at", d["at"], required: true, notAfter: now);
            string? status, reason;
            if (i == 0)
            {
                status = e.OneOf("status", d["status"], [TreatmentCodes.Active]);
                reason = e.Optional("reason", d["reason"], 500);
            }
            else
            {
                (status, reason) = TreatmentPlanStore.ValidateStatusChange(e, new ChangePlanStatus { Status = d["status"], Reason = d["reason"] });
                if (list.Count > 0 && list[^1].Status != TreatmentCodes.Active)
                    e.Add("status", TreatmentMessages.Format(TreatmentMessages.StatusNotActive, list[^1].Status));
            }
            if (at is not null && list.Count > 0 && at < list[^1].At) e.Add("at", FhirMessages.BadValue("Earlier than the status before it: the history is oldest first."));
            foreach (var (field, m) in e.Messages) problems.Add((en, PathOf(field), m));
            if (e.IsEmpty) list.Add(new PlanStatusChange(status!, at!.Value, reason));
        }
        if (problems.Count == before && list[^1].Status != x.Status)
            problems.Add((en, en.Path + ".status", FhirMessages.BadValue($"The plan is {x.Status}, but its status history ends {list[^1].Status}.")));
        return list;
    }
}

public sealed partial class FhirImport
{
    /// <summary>A new version of a plan with the current version's content and another status (a status change carried by a later export).</summary>
    const string CopyPlanVersionSql = """
        INSERT INTO treatment_plan_versions (id, version, patient_id, status, indication, target, target_level, candidacy_decision_id,
            consent_id, research_consent_id, cell_source, origin, manipulation, total_cells_e6, weight_kg, weight_measured_on,
            cells_per_kg_e6, dose_tier, rules_version, route, guidance, planned_injections, interval_days, adjuncts, rehab_programme,
            rehab_weeks, rehab_sessions_per_week, regulatory_pathway, warnings, recorded_by, recorded_at, source, reason)
        SELECT id, @Version, patient_id, @Status, indication, target, target_level, candidacy_decision_id,
            consent_id, research_consent_id, cell_source, origin, manipulation, total_cells_e6, weight_kg, weight_measured_on,
            cells_per_kg_e6, dose_tier, rules_version, route, guidance, planned_injections, interval_days, adjuncts, rehab_programme,
            rehab_weeks, rehab_sessions_per_week, regulatory_pathway, warnings, @By, @At, 'import', @Reason
        FROM treatment_plan_versions WHERE id = @Id AND version = @Previous
        """;
    const string PlanVersionSql = "SELECT h.current_version FROM record_heads h WHERE h.id = @id";

    /// <summary>The statuses of a recorded plan as changes (a version repeating the status before it, an amendment, is left out).</summary>
    static List<PlanStatusChange> StatusChanges(IEnumerable<PlanStatusChange> versions)
    {
        var list = new List<PlanStatusChange>();
        foreach (var v in versions) if (list.Count == 0 || list[^1].Status != v.Status) list.Add(v);
        return list;
    }

    /// <summary>
    /// Status changes made in the source after a plan came in: for each CarePlan this unit matched (already in the registry;
    /// the plan's content hash leaves its status and history out), the carried history (checked by
    /// <see cref="CheckStatusHistory"/>) must begin with the statuses the registry holds; the statuses after them are written
    /// as new versions with the current content, each stamped with its carried time (not before the plan's last version
    /// here), audited as a status change. A history that disagrees with the registry's is refused at the differing status.
    /// </summary>
    async Task PlanMatchedPlansAsync(FhirImportBatch batch, Actor actor, List<Planned> plan, Action<Entry, string, string> reject, CancellationToken ct)
    {
        for (var i = 0; i < plan.Count; i++)
        {
            if (plan[i] is not { Fate: Fate.Match, Record: FhirCarePlan { StatusHistory.Count: > 0 } x } p) continue;
            var problems = new List<(Entry Entry, string Path, string Message)>();
            var carried = CheckStatusHistory(p.Entry, x, clock.GetUtcNow(), problems)!;
            foreach (var (en, path, message) in problems) reject(en, path, message);
            if (problems.Count > 0) continue;
            var versions = await StoredPlanStatusesAsync(batch, p.LocalId, ct);
            if (versions.Count == 0) continue;
            var stored = StatusChanges(versions);
            string PathOf(int index, string field) => FhirDetail.PathOf(p.Entry.Resource, p.Entry.Path, PlanStatusImport.Url, index, field);
            var agree = true;
            for (var k = 0; k < Math.Min(stored.Count, carried.Count) && agree; k++)
                if (stored[k].Status != carried[k].Status)
                {
                    reject(p.Entry, PathOf(k, "status"), FhirMessages.BadValue($"This registry's plan was {stored[k].Status} from {FhirWrite.Instant(stored[k].At)}."));
                    agree = false;
                }
            if (!agree || carried.Count <= stored.Count) continue;
            var added = carried.Skip(stored.Count).ToList();
            if (added[0].At < versions[^1].At)
            {
                reject(p.Entry, PathOf(stored.Count, "at"), FhirMessages.BadValue($"Earlier than the plan's last version here ({FhirWrite.Instant(versions[^1].At)})."));
                continue;
            }
            var planId = p.LocalId;
            plan[i] = p with
            {
                Write = async (c, tx, b, _, _, by) =>
                {
                    var patientId = await c.ExecuteScalarAsync<string>(new CommandDefinition("SELECT patient_id FROM record_heads WHERE id = @id", new { id = planId }, tx, cancellationToken: ct));
                    foreach (var change in added)
                    {
                        var current = await c.ExecuteScalarAsync<int>(new CommandDefinition(PlanVersionSql, new { id = planId }, tx, cancellationToken: ct));
                        var next = await VersionedRecords.NextVersionAsync(c, tx, planId, TreatmentPlanStore.Kind, current);
                        if (next is null or -1) throw new InvalidOperationException($"Plan {planId} changed while the import ran; import again.");
                        await c.ExecuteAsync(new CommandDefinition(CopyPlanVersionSql, new
                        {
                            Id = planId, Version = next.Value, Previous = current, change.Status, change.Reason, By = by, change.At,
                        }, tx, cancellationToken: ct));
                        await b.Audit.AppendAsync(actor, new Audit.AuditEvent(Audit.AuditAction.Update, TreatmentPlanStore.Kind, planId, patientId, [Entity, "status"]), ct);
                    }
                    return (TreatmentPlanStore.Kind, patientId!);
                },
            };
        }
    }
}
