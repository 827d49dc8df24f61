using Dapper;

namespace OrthoRegen.Interop.Fhir;

/// <summary>
/// The wristband code of an imported patient. The exporting registry printed its own pseudonym on the wristband and the
/// administrations it exports carry that scan; the importing registry draws a new pseudonym. So the Patient resource's
/// source pseudonym (its <c>…/sid/pseudonym</c> identifier) is kept as an identifier mapping of its own kind
/// (<c>fhir_identifiers</c>, resource type <see cref="PseudonymMapping"/>: system the pseudonym system, value the source
/// pseudonym, local id the new patient), written in the patient's own transaction. An administration imported in a later
/// batch or import compares its scan with that code, read back in the transaction; a patient that was not imported (or
/// came without a pseudonym) is compared with its own pseudonym, as at the bedside.
/// </summary>
public sealed partial class FhirImport
{
    /// <summary>The <c>fhir_identifiers.resource_type</c> of a patient's source pseudonym (not a resource: no reference resolves to it).</summary>
    public const string PseudonymMapping = "Patient.pseudonym";

    const string InsertSourcePseudonym = """
        INSERT INTO fhir_identifiers (resource_type, system, value, source_id, local_id, patient_id, content_hash, imported_at, imported_by)
        VALUES (@Type, @System, @Value, @SourceId, @LocalId, @LocalId, @Hash, @At, @By) ON CONFLICT DO NOTHING
        """;
    const string SourcePseudonymSql = "SELECT value FROM fhir_identifiers WHERE resource_type = @Type AND local_id = @patientId";

    /// <summary>Keeps the source pseudonym of a created patient (none when the sender gave none).</summary>
    static async Task KeepSourcePseudonymAsync(FhirImportBatch batch, FhirPatient x, string localId, string hash, DateTimeOffset at, string by, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(x.PseudonymCode)) return;
        await batch.Connection.ExecuteAsync(new CommandDefinition(InsertSourcePseudonym, new
        {
            Type = PseudonymMapping, System = FhirCodes.PseudonymSystem, Value = x.PseudonymCode, SourceId = x.Id, LocalId = localId, Hash = hash, At = at, By = by,
        }, batch.Transaction, cancellationToken: ct));
    }

    /// <summary>The pseudonym on the patient's wristband as the exporting registry printed it: the kept source pseudonym, else the patient's own.</summary>
    static async Task<string> WristbandCodeAsync(FhirImportBatch batch, string patientId, CancellationToken ct) =>
        await batch.Connection.QueryFirstOrDefaultAsync<string?>(new CommandDefinition(SourcePseudonymSql, new { Type = PseudonymMapping, patientId }, batch.Transaction, cancellationToken: ct))
        ?? await batch.Connection.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT pseudonym_code FROM patients WHERE id = @patientId", new { patientId }, batch.Transaction, cancellationToken: ct))
        ?? "";
}
