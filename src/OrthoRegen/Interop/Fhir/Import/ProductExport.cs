using System.Data.Common;
using Dapper;

namespace OrthoRegen.Interop.Fhir;

public sealed partial class FhirStore
{
    const string LotCollectionsSql = "SELECT collection_id FROM product_lot_collections WHERE lot_id = @lotId ORDER BY collection_id";
    static readonly string ProcessingSql = """
        SELECT s.step AS Step, s.performed_at AS PerformedAt, s.performed_by AS PerformedBy, s.passage AS Passage, s.culture_days AS CultureDays,
               s.tnc_e6 AS TncE6, s.volume_ml AS VolumeMl, s.notes AS Notes
        FROM lot_processing_versions s
        """ + Current("s") + " WHERE s.lot_id = @lotId AND NOT s.entered_in_error ORDER BY s.performed_at, s.recorded_at";
    static readonly string DivisionSql = """
        SELECT d.division_code AS DivisionCode, d.volume_ml AS VolumeMl, d.viable_cells_e6 AS ViableCellsE6, d.recipient_patient_id AS RecipientPatientId
        FROM lot_division_versions d
        """ + Current("d") + " WHERE d.lot_id = @lotId AND NOT d.entered_in_error ORDER BY d.division_code";
    static readonly string QcSql = """
        SELECT q.test AS Test, q.method AS Method, q.value AS Value, q.unit AS Unit, q.result AS Result, q.sampled_at AS SampledAt,
               q.resulted_at AS ResultedAt, q.analyst AS Analyst
        FROM qc_result_versions q
        """ + Current("q") + " WHERE q.lot_id = @lotId AND NOT q.entered_in_error ORDER BY q.sampled_at, q.recorded_at, q.test";

    /// <summary>
    /// What the lab stores need to create the lot again: its own facts, the harvests it was made from, processing steps,
    /// divisions and the current version of each QC result. A recipient other than <paramref name="exportedPatient"/> is left out.
    /// </summary>
    static async Task<ValueList<FhirDetail>> LotDetailsAsync(DbConnection c, LotRow r, string? exportedPatient, CancellationToken ct)
    {
        CommandDefinition Q(string sql) => new(sql, new { lotId = r.Id }, cancellationToken: ct);
        string? Visible(string? patient) => patient is not null && (exportedPatient is null || patient == exportedPatient) ? patient : null;
        var list = new List<FhirDetail>();
        var lot = new List<(string, object?)>
        {
            ("productType", r.ProductType), ("manipulation", r.Manipulation), ("intendedRoute", r.IntendedRoute), ("planId", r.PlanId),
            ("treatingPhysician", r.TreatingPhysician), ("doseVolumeMl", r.DoseVolumeMl),
            ("recipient", Visible(r.RecipientPatientId) is { } rp ? new FhirDetail.Ref("Patient", rp) : null),
        };
        var donorHarvests = new List<FhirDetail>();
        if (r.Origin == CellLab.CellLabCodes.Allogeneic)
            // The donor's harvests are no patient's Procedure: they travel with the lot (and its contained donor).
            foreach (var h in await c.QueryAsync<DonorHarvestRow>(Q(DonorHarvestSql)))
                donorHarvests.Add(FhirDetail.Of(ProductExtensions.DonorCollection, ("id", h.Id), ("tissue", h.Tissue), ("collectedAt", h.CollectedAt),
                    ("volumeMl", h.VolumeMl), ("collector", h.Collector), ("din", h.Din), ("dinFlags", h.DinFlags), ("isTest", h.IsTest)));
        else
            foreach (var id in await c.QueryAsync<string>(Q(LotCollectionsSql))) lot.Add(("collection", new FhirDetail.Ref("Procedure", id)));
        list.Add(FhirDetail.Of(ProductExtensions.Lot, [.. lot]));
        list.AddRange(donorHarvests);
        foreach (var s in await c.QueryAsync<ProcessingRow>(Q(ProcessingSql)))
            list.Add(FhirDetail.Of(ProductExtensions.Processing, ("step", s.Step), ("performedAt", s.PerformedAt), ("performedBy", s.PerformedBy),
                ("passage", s.Passage), ("cultureDays", s.CultureDays), ("tncE6", s.TncE6), ("volumeMl", s.VolumeMl), ("notes", s.Notes)));
        foreach (var d in await c.QueryAsync<DivisionRow>(Q(DivisionSql)))
            list.Add(FhirDetail.Of(ProductExtensions.Division, ("divisionCode", d.DivisionCode), ("volumeMl", d.VolumeMl), ("viableCellsE6", d.ViableCellsE6),
                ("recipient", Visible(d.RecipientPatientId) is { } dp ? new FhirDetail.Ref("Patient", dp) : null)));
        foreach (var q in await c.QueryAsync<QcRow>(Q(QcSql)))
            list.Add(FhirDetail.Of(ProductExtensions.Qc, ("test", q.Test), ("method", q.Method), ("value", q.Value), ("unit", q.Unit), ("result", q.Result),
                ("sampledAt", q.SampledAt), ("resultedAt", q.ResultedAt), ("analyst", q.Analyst)));
        return new(list);
    }

    static readonly string DonorHarvestSql = """
        SELECT c.id AS Id, c.tissue AS Tissue, c.collected_at AS CollectedAt, c.volume_ml AS VolumeMl, c.collector AS Collector, c.din AS Din,
               c.din_flags AS DinFlags, c.is_test AS IsTest
        FROM product_lot_collections l JOIN collection_versions c ON c.id = l.collection_id
        """ + Current("c") + " WHERE l.lot_id = @lotId AND NOT c.entered_in_error ORDER BY c.collected_at, c.id";
    static readonly string LotDonorSql = """
        SELECT d.id AS Id, d.donor_code AS DonorCode, v.donor_type AS DonorType, v.donor_consent_ref AS DonorConsentRef
        FROM donors d JOIN record_heads h ON h.id = d.id JOIN donor_versions v ON v.id = d.id AND v.version = h.current_version
        WHERE NOT v.entered_in_error AND d.id = (SELECT min(c.donor_id) FROM product_lot_collections l JOIN collection_versions c ON c.id = l.collection_id WHERE l.lot_id = @lotId)
        """;
    static readonly string DonorScreeningSql = """
        SELECT s.marker AS Marker, s.method AS Method, s.result AS Result, s.tested_on AS TestedOn
        FROM donor_screening_versions s
        """ + Current("s") + " WHERE s.donor_id = @donorId AND NOT s.entered_in_error ORDER BY s.tested_on, s.marker, s.id";

    /// <summary>The registered donor of an allogeneic lot with its screening results, or null (autologous).</summary>
    static async Task<FhirDonor?> DonorAsync(DbConnection c, string lotId, CancellationToken ct)
    {
        var d = await c.QuerySingleOrDefaultAsync<DonorRow>(new CommandDefinition(LotDonorSql, new { lotId }, cancellationToken: ct));
        if (d is null) return null;
        var details = new List<FhirDetail> { FhirDetail.Of(ProductExtensions.DonorDetail, ("donorType", d.DonorType), ("donorConsentRef", d.DonorConsentRef)) };
        foreach (var s in await c.QueryAsync<ScreeningRow>(new CommandDefinition(DonorScreeningSql, new { donorId = d.Id }, cancellationToken: ct)))
            details.Add(FhirDetail.Of(ProductExtensions.DonorScreening, ("marker", s.Marker), ("method", s.Method), ("result", s.Result),
                ("testedOn", s.TestedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))));
        return new FhirDonor(d.Id, d.DonorCode, new(details));
    }

    sealed record DonorHarvestRow
    {
        public string Id { get; init; } = ""; public string Tissue { get; init; } = ""; public DateTimeOffset CollectedAt { get; init; } public double VolumeMl { get; init; }
        public string Collector { get; init; } = ""; public string Din { get; init; } = ""; public string DinFlags { get; init; } = ""; public bool IsTest { get; init; }
    }
    sealed record DonorRow { public string Id { get; init; } = ""; public string DonorCode { get; init; } = ""; public string DonorType { get; init; } = ""; public string DonorConsentRef { get; init; } = ""; }
    sealed record ScreeningRow { public string Marker { get; init; } = ""; public string Method { get; init; } = ""; public string Result { get; init; } = ""; public DateOnly TestedOn { get; init; } }

    sealed record ProcessingRow
    {
        public string Step { get; init; } = ""; public DateTimeOffset PerformedAt { get; init; } public string PerformedBy { get; init; } = "";
        public int? Passage { get; init; } public int? CultureDays { get; init; } public double? TncE6 { get; init; } public double? VolumeMl { get; init; } public string? Notes { get; init; }
    }
    sealed record DivisionRow { public string DivisionCode { get; init; } = ""; public double VolumeMl { get; init; } public double? ViableCellsE6 { get; init; } public string? RecipientPatientId { get; init; } }
    sealed record QcRow
    {
        public string Test { get; init; } = ""; public string Method { get; init; } = ""; public double? Value { get; init; } public string? Unit { get; init; }
        public string Result { get; init; } = ""; public DateTimeOffset SampledAt { get; init; } public DateTimeOffset? ResultedAt { get; init; } public string Analyst { get; init; } = "";
    }
}
