using System.Text.Json;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.CellLab;

namespace OrthoRegen.Interop.Fhir;

/// <summary>
/// What the product rules need of harvests and lots written by an earlier batch (or an earlier import): a bulk import reads
/// <c>Procedure.ndjson</c> (harvests), <c>BiologicallyDerivedProduct.ndjson</c> and <c>Provenance.ndjson</c> in different
/// batches, so a lot's harvests and a custody event's lot are read back from the database, inside the import's transaction,
/// in the same shape a unit's own plan keeps them.
/// </summary>
public sealed partial class FhirImport
{
    const string LotFactsSql = """
        SELECT p.id AS Id, v.product_type AS ProductType, v.origin AS Origin, v.recipient_patient_id AS RecipientPatientId, v.intended_route AS IntendedRoute,
               v.dose_volume_ml AS DoseVolumeMl, v.expires_at AS ExpiresAt, h.patient_id AS HeadPatientId
        FROM product_lots p JOIN record_heads h ON h.id = p.id JOIN product_lot_versions v ON v.id = p.id AND v.version = h.current_version
        WHERE p.id = @lotId AND NOT v.entered_in_error
        """;
    const string LotDivisionsSql = """
        SELECT d.division_code AS DivisionCode, d.id AS Id FROM lot_division_versions d JOIN record_heads h ON h.id = d.id AND h.current_version = d.version
        WHERE d.lot_id = @lotId AND NOT d.entered_in_error
        """;
    const string LotOfSourceSql = """
        SELECT v.recipient_patient_id FROM fhir_identifiers f JOIN record_heads h ON h.id = f.local_id
        JOIN product_lot_versions v ON v.id = f.local_id AND v.version = h.current_version
        WHERE f.resource_type = 'BiologicallyDerivedProduct' AND f.source_id = @lotId AND v.origin = 'AUTOLOGOUS'
        """;
    const string PatientSourceSql = "SELECT source_id FROM fhir_identifiers WHERE resource_type = 'Patient' AND local_id = @patientId";

    const string LatestWeightSql = """
        SELECT m.weight_kg FROM body_measurement_versions m JOIN record_heads h ON h.id = m.id AND h.current_version = m.version
        WHERE m.patient_id = @patientId AND m.weight_kg IS NOT NULL AND NOT m.entered_in_error ORDER BY m.measured_on DESC, m.recorded_at DESC LIMIT 1
        """;

    /// <summary>The recipient's latest weight as the release rules read it (Q5), from what this import and the registry hold.</summary>
    static async Task<double?> PatientWeightAsync(FhirImportBatch batch, string? patientId, CancellationToken ct) =>
        patientId is null ? null
            : await batch.Connection.QueryFirstOrDefaultAsync<double?>(new CommandDefinition(LatestWeightSql, new { patientId }, batch.Transaction, cancellationToken: ct));

    sealed record LotFacts
    {
        public string Id { get; init; } = ""; public string ProductType { get; init; } = ""; public string Origin { get; init; } = "";
        public string? RecipientPatientId { get; init; } public string? IntendedRoute { get; init; } public double? DoseVolumeMl { get; init; }
        public DateTimeOffset ExpiresAt { get; init; } public string? HeadPatientId { get; init; }
    }

    /// <summary>The harvests a lot names (by source id) that an earlier batch or import wrote; null when one is unknown.</summary>
    async Task<CollectionView?> StoredCollectionAsync(FhirImportBatch batch, Actor actor, string sourceId,
        Dictionary<(string, string), string> pending, Dictionary<(string, string), string> local, CancellationToken ct)
    {
        if (await LocalIdAsync(batch, actor, "Procedure", sourceId, pending, local, ct) is not { } id) return null;
        return await batch.Connection.QuerySingleOrDefaultAsync<CollectionView>(new CommandDefinition(CollectionStore.SelectSql + " AND c.id = @id",
            new { id }, batch.Transaction, cancellationToken: ct));
    }

    /// <summary>A lot written by an earlier batch or import, as the custody and release rules see it; null when unknown.</summary>
    async Task<LotState?> StoredLotAsync(FhirImportBatch batch, Actor actor, string sourceId,
        Dictionary<(string, string), string> pending, Dictionary<(string, string), string> local, CancellationToken ct)
    {
        if (await LocalIdAsync(batch, actor, "BiologicallyDerivedProduct", sourceId, pending, local, ct) is not { } lotId) return null;
        var (c, tx) = (batch.Connection, batch.Transaction);
        CommandDefinition Q(string sql) => new(sql, new { lotId }, tx, cancellationToken: ct);
        var lot = await c.QuerySingleOrDefaultAsync<LotFacts>(Q(LotFactsSql));
        if (lot is null || rules.Specs.For(lot.ProductType) is not { } spec) return null;
        var divisions = (await c.QueryAsync<(string DivisionCode, string Id)>(Q(LotDivisionsSql))).ToDictionary(d => d.DivisionCode, d => d.Id, StringComparer.Ordinal);
        var decisions = (await c.QueryAsync<ReleaseDecisionView>(Q(LotStore.DecisionSelect))).ToList();
        var state = new LotState
        {
            LocalId = lotId, PatientLocalId = lot.Origin == CellLabCodes.Autologous ? lot.RecipientPatientId ?? lot.HeadPatientId : lot.HeadPatientId,
            ProductType = lot.ProductType, Origin = lot.Origin, Spec = spec, Route = lot.IntendedRoute, DoseVolumeMl = lot.DoseVolumeMl, ExpiresAt = lot.ExpiresAt,
            Qc = [.. await c.QueryAsync<QcResultView>(Q(LotStore.QcSelect))],
            Processing = [.. await c.QueryAsync<ProcessingStepView>(Q(LotStore.ProcessingSelect))],
            Divisions = divisions,
            DecisionId = decisions.Count > 0 ? decisions[^1].Id : null, DecisionVersion = decisions.Count > 0 ? decisions[^1].Version : 0,
            DecisionStatus = decisions.Count > 0 ? decisions[^1].Status : null,
        };
        // The decision history, as a unit's own decisions keep it: the bedside checks judge the release in force at a time.
        state.Decisions.AddRange(decisions.Select(d => (d.DecidedAt, d.Status, d.PhysicianAckAt)));
        state.Events.AddRange(await c.QueryAsync<CustodyEventView>(new CommandDefinition(CustodyStore.SelectSql + " AND e.lot_id = @lotId ORDER BY e.at, e.recorded_at",
            new { lotId }, tx, cancellationToken: ct)));
        return state;
    }

    /// <summary>
    /// The patient unit a lot or its provenance belongs to: the patient the lot was harvested from (autologous), or null
    /// (shared: an allogeneic lot serves many recipients). A provenance whose lot is not in the batch belongs to the patient
    /// of the autologous lot an earlier batch or import wrote from that source id.
    /// </summary>
    static async Task<Func<Entry, string?>> ProductKeysAsync(FhirImportBatch batch, IReadOnlyList<Entry> entries, ReferenceResolver resolve, CancellationToken ct)
    {
        var lotPatient = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var en in entries)
            if (FhirRead.TryGetText(en.Resource, "resourceType", out var t) && t == "BiologicallyDerivedProduct" && FhirRead.TryGetText(en.Resource, "id", out var id))
                lotPatient[id] = FhirRead.TryGet(en.Resource, "collection", out var col) && FhirRead.TryGet(col, "source", out var src)
                    && FhirRead.TryGetText(src, "reference", out var reference) && resolve(reference) is { Type: "Patient" } p ? p.Id : null;
        string? LotOf(Entry en) =>
            FhirRead.TryGetText(en.Resource, "resourceType", out var t) && t == "Provenance" && FhirRead.TryGet(en.Resource, "target", out var targets)
            && targets.ValueKind == JsonValueKind.Array && targets.GetArrayLength() > 0 && FhirRead.TryGetText(targets[0], "reference", out var reference)
            && resolve(reference) is { Type: "BiologicallyDerivedProduct" } lot ? lot.Id : null;
        foreach (var lot in entries.Select(LotOf).OfType<string>().Distinct(StringComparer.Ordinal).Where(l => !lotPatient.ContainsKey(l)).ToList())
        {
            var patient = await batch.Connection.QueryFirstOrDefaultAsync<string?>(new CommandDefinition(LotOfSourceSql, new { lotId = lot }, batch.Transaction, cancellationToken: ct));
            lotPatient[lot] = patient is null ? null
                : await batch.Connection.QueryFirstOrDefaultAsync<string?>(new CommandDefinition(PatientSourceSql, new { patientId = patient }, batch.Transaction, cancellationToken: ct)) ?? patient;
        }
        return en =>
        {
            var o = en.Resource;
            if (!FhirRead.TryGetText(o, "resourceType", out var t)) return null;
            if (t == "BiologicallyDerivedProduct") return FhirRead.TryGetText(o, "id", out var id) ? lotPatient.GetValueOrDefault(id) : null;
            return LotOf(en) is { } lot ? lotPatient.GetValueOrDefault(lot) : null;
        };
    }
}
