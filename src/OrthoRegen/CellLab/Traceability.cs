using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;

namespace OrthoRegen.CellLab;

/// <summary>
/// Tracking both ways (I4, 21 CFR 1271.290(b)): from a donor (registered donor or autologous patient) to every
/// collection, lot, division and recipient, and from a recipient back to every donor.
/// </summary>
public sealed partial class LotStore
{
    const string LotsOfCollectionsSql = """
        SELECT lc.collection_id AS CollectionId, p.id AS LotId, p.lot_number AS LotNumber, v.recipient_patient_id AS RecipientPatientId
        FROM product_lot_collections lc JOIN product_lots p ON p.id = lc.lot_id
        JOIN record_heads h ON h.id = p.id JOIN product_lot_versions v ON v.id = p.id AND v.version = h.current_version
        """;
    const string LotsOfRecipientSql = """
        SELECT v.id FROM product_lot_versions v JOIN record_heads h ON h.id = v.id AND h.current_version = v.version
        WHERE v.recipient_patient_id = @patientId
        UNION
        SELECT d.lot_id FROM lot_division_versions d JOIN record_heads h ON h.id = d.id AND h.current_version = d.version
        WHERE d.recipient_patient_id = @patientId
        """;

    /// <summary>
    /// Donor → recipients. <paramref name="donorKey"/> is a donor id or code, or an autologous donor patient's id.
    /// Null when nothing visible matches. Audited.
    /// </summary>
    public async Task<DonorTrace?> TraceDonorAsync(Actor actor, string donorKey, CancellationToken ct)
    {
        var donor = await donors.LoadAsync(actor, donorKey, ct);
        string? patientId = null;
        if (donor is null)
        {
            patientId = (await patients.LoadAsync(actor, donorKey, ct))?.Id;
            if (patientId is null) return null;
        }
        await using var c = await database.OpenAsync(ct);
        var collections = (await c.QueryAsync<CollectionView>(new CommandDefinition(
            CollectionStore.SelectSql + (donor is not null ? " AND c.donor_id = @key" : " AND c.patient_id = @key") + " ORDER BY c.collected_at",
            new { key = donor?.Id ?? patientId }, cancellationToken: ct))).Where(x => actor.CanAccessSite(x.SiteId)).ToList();
        var rows = await RowsAsync(c, collections, ct);
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, "donor_trace", donor?.Id ?? patientId, patientId), ct);
        return new DonorTrace(donor?.DonorCode ?? patientId!, rows);
    }

    /// <summary>Recipient → donors: every lot or division given or allocated to the patient and where it came from. Null when the patient is not visible. Audited.</summary>
    public async Task<IReadOnlyList<TraceRow>?> DonorsOfRecipientAsync(Actor actor, string patientId, CancellationToken ct)
    {
        if (await patients.LoadAsync(actor, patientId, ct) is null) return null;
        await using var c = await database.OpenAsync(ct);
        var lotIds = (await c.QueryAsync<string>(new CommandDefinition(LotsOfRecipientSql, new { patientId }, cancellationToken: ct))).ToList();
        var rows = new List<TraceRow>();
        if (lotIds.Count > 0)
        {
            var args = new DynamicParameters();
            var collectionIds = (await c.QueryAsync<string>(new CommandDefinition(
                "SELECT collection_id FROM product_lot_collections WHERE " + SqlList.In("lot_id", lotIds, args, "l"), args, cancellationToken: ct))).Distinct().ToList();
            var collections = await CollectionStore.ByIdsAsync(c, collectionIds, ct);
            rows = (await RowsAsync(c, collections, ct)).Where(r => r.RecipientPatientId == patientId && r.LotId is not null && lotIds.Contains(r.LotId)).ToList();
        }
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, "recipient_trace", null, patientId), ct);
        return rows;
    }

    /// <summary>One row per collection × lot × division (or lot without divisions, or collection not yet in a lot).</summary>
    async Task<List<TraceRow>> RowsAsync(System.Data.Common.DbConnection c, IReadOnlyList<CollectionView> collections, CancellationToken ct)
    {
        var rows = new List<TraceRow>();
        if (collections.Count == 0) return rows;
        var args = new DynamicParameters();
        var lots = (await c.QueryAsync<LotLink>(new CommandDefinition(
            LotsOfCollectionsSql + " WHERE " + SqlList.In("lc.collection_id", collections.Select(x => x.Id).ToList(), args, "c"), args, cancellationToken: ct))).ToList();
        var dargs = new DynamicParameters();
        var divisions = lots.Count == 0 ? [] : (await c.QueryAsync<DivisionLink>(new CommandDefinition(
            DivisionSelect + " AND " + SqlList.In("d.lot_id", lots.Select(l => l.LotId).Distinct().ToList(), dargs, "l") + " ORDER BY d.division_code", dargs, cancellationToken: ct))).ToList();
        foreach (var col in collections)
        {
            var mine = lots.Where(l => l.CollectionId == col.Id).ToList();
            if (mine.Count == 0) rows.Add(new TraceRow(col.DonorId, col.PatientId, col.Id, col.Din, null, null, null, null));
            foreach (var lot in mine)
            {
                var divs = divisions.Where(d => d.LotId == lot.LotId).ToList();
                if (divs.Count == 0) rows.Add(new TraceRow(col.DonorId, col.PatientId, col.Id, col.Din, lot.LotId, lot.LotNumber, null, lot.RecipientPatientId));
                foreach (var d in divs)
                    rows.Add(new TraceRow(col.DonorId, col.PatientId, col.Id, col.Din, lot.LotId, lot.LotNumber, d.DivisionCode, d.RecipientPatientId ?? lot.RecipientPatientId));
            }
        }
        return rows;
    }

    sealed record LotLink
    {
        public string CollectionId { get; init; } = "";
        public string LotId { get; init; } = "";
        public string LotNumber { get; init; } = "";
        public string? RecipientPatientId { get; init; }
    }

    sealed record DivisionLink
    {
        public string Id { get; init; } = "";
        public string LotId { get; init; } = "";
        public string DivisionCode { get; init; } = "";
        public string? RecipientPatientId { get; init; }
    }
}
