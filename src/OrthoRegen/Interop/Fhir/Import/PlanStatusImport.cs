using System.Data.Common;
using Dapper;
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
            foreach (var (field, messages) in e.ToDictionary()) foreach (var m in messages) problems.Add((en, PathOf(field), m));
            if (e.IsEmpty) list.Add(new PlanStatusChange(status!, at!.Value, reason));
        }
        if (problems.Count == before && list[^1].Status != x.Status)
            problems.Add((en, en.Path + ".status", FhirMessages.BadValue($"The plan is {x.Status}, but its status history ends {list[^1].Status}.")));
        return list;
    }
}
