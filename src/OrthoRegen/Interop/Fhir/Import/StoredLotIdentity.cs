using Dapper;
using OrthoRegen.CellLab;

namespace OrthoRegen.Interop.Fhir;

/// <summary>
/// The identity facts the bedside checks read of a lot that an earlier batch or import wrote (a bulk import reads
/// <c>BiologicallyDerivedProduct.ndjson</c> before the administrations of <c>Procedure.ndjson</c>): the lot number, DIN,
/// product code parts and product facts from the lot's current version, the DIN flags and test flag from its first harvest,
/// read inside the import's transaction. Together with <see cref="LotState"/> (whose decision history says which release was
/// in force at a time) this is the same <see cref="LotForAdministration"/> a lot of the same unit gives.
/// </summary>
public sealed partial class FhirImport
{
    const string StoredLotIdentitySql = """
        SELECT p.lot_number AS LotNumber, p.din AS Din, v.product_description_code AS ProductDescriptionCode, v.collection_type AS CollectionType,
               v.cell_source AS CellSource, v.origin AS Origin, v.manipulation AS Manipulation, v.plan_id AS PlanId, v.expires_at AS ExpiresAt,
               (SELECT c.din_flags FROM product_lot_collections pc JOIN record_heads ch ON ch.id = pc.collection_id
                  JOIN collection_versions c ON c.id = pc.collection_id AND c.version = ch.current_version
                  WHERE pc.lot_id = p.id ORDER BY c.collected_at, c.id LIMIT 1) AS DinFlags,
               (SELECT c.is_test FROM product_lot_collections pc JOIN record_heads ch ON ch.id = pc.collection_id
                  JOIN collection_versions c ON c.id = pc.collection_id AND c.version = ch.current_version
                  WHERE pc.lot_id = p.id ORDER BY c.collected_at, c.id LIMIT 1) AS IsTest
        FROM product_lots p JOIN record_heads h ON h.id = p.id JOIN product_lot_versions v ON v.id = p.id AND v.version = h.current_version
        WHERE p.id = @lotId AND NOT v.entered_in_error
        """;

    sealed record StoredLotIdentity
    {
        public string LotNumber { get; init; } = ""; public string Din { get; init; } = ""; public string ProductDescriptionCode { get; init; } = "";
        public string CollectionType { get; init; } = ""; public string CellSource { get; init; } = ""; public string Origin { get; init; } = "";
        public string Manipulation { get; init; } = ""; public string? PlanId { get; init; } public DateTimeOffset ExpiresAt { get; init; }
        public string? DinFlags { get; init; } public bool? IsTest { get; init; }
    }

    static Task<StoredLotIdentity?> StoredLotIdentityAsync(FhirImportBatch batch, string lotId, CancellationToken ct) =>
        batch.Connection.QuerySingleOrDefaultAsync<StoredLotIdentity>(new CommandDefinition(StoredLotIdentitySql, new { lotId }, batch.Transaction, cancellationToken: ct));
}
