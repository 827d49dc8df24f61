using System.Data.Common;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;
using OrthoRegen.Patients;

namespace OrthoRegen.CellLab;

/// <summary>
/// Harvests (DOMAIN.md 1 step 6) and the ISBT 128 DIN each one receives: the only code touching <c>collection_versions</c>,
/// <c>lab_dins</c> and <c>lab_din_sequences</c>. The chain of identity starts here.
/// </summary>
public sealed class CollectionStore(
    Database database, AuditTrail audit, LabLookups lookups, DonorStore donors, ConsentStore consents, CellLabOptions options, TimeProvider clock)
{
    public const string Kind = "collection";

    /// <summary>
    /// Takes the next sequence number for a FIN and year inside the caller's transaction. The upsert locks the counter
    /// row (PostgreSQL) or runs under the IMMEDIATE write lock (SQLite), so two harvests never get the same number;
    /// <c>lab_dins</c>' primary key is the second guard.
    /// </summary>
    const string NextSequenceSql = """
        INSERT INTO lab_din_sequences (fin, year, last_sequence) VALUES (@fin, @year, 1)
        ON CONFLICT (fin, year) DO UPDATE SET last_sequence = lab_din_sequences.last_sequence + 1
        RETURNING last_sequence
        """;
    internal const string InsertDinSql = "INSERT INTO lab_dins (din, collection_id, is_test, allocated_at) VALUES (@Din, @CollectionId, @IsTest, @At)";
    internal const string InsertSql = """
        INSERT INTO collection_versions (id, version, site_id, origin, patient_id, donor_id, tissue, collected_at, volume_ml, collector,
            din, din_flags, check_char, is_test, recorded_by, recorded_at, source, reason)
        VALUES (@Id, 1, @SiteId, @Origin, @PatientId, @DonorId, @Tissue, @CollectedAt, @VolumeMl, @Collector,
            @Din, @DinFlags, @CheckChar, @IsTest, @RecordedBy, @RecordedAt, 'clinic', NULL)
        """;
    public const string SelectSql = """
        SELECT c.id AS Id, c.site_id AS SiteId, c.origin AS Origin, c.patient_id AS PatientId, c.donor_id AS DonorId, c.tissue AS Tissue,
               c.collected_at AS CollectedAt, c.volume_ml AS VolumeMl, c.collector AS Collector, c.din AS Din, c.din_flags AS DinFlags,
               c.check_char AS CheckChar, c.is_test AS IsTest, c.recorded_by AS RecordedBy, c.recorded_at AS RecordedAt
        FROM collection_versions c JOIN record_heads h ON h.id = c.id AND h.current_version = c.version
        WHERE NOT c.entered_in_error
        """;

    public async Task<Outcome<CollectionView>> RecordAsync(Actor actor, RecordCollection r, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var e = new FieldErrors();
        var (origin, tissue, at, volume, collector) = ValidateFields(e, r, now);
        string? siteId = null, patientId = null, donorId = null;
        if (origin == CellLabCodes.Autologous)
        {
            if (!string.IsNullOrWhiteSpace(r.DonorId)) e.Add("donorId", "An autologous harvest has no separate donor: the donor is the patient.");
            var patient = await lookups.PatientAsync(actor, r.PatientId, "patientId", e, required: true, ct);
            if (patient is not null)
            {
                if (!(await consents.ListAsync(patient.Id, ct)).Any(x => x.IsValid)) e.Add("patientId", CellLabMessages.NoConsent);
                (siteId, patientId) = (patient.SiteId, patient.Id);
            }
        }
        else if (origin == CellLabCodes.Allogeneic)
        {
            if (!string.IsNullOrWhiteSpace(r.PatientId)) e.Add("patientId", "An allogeneic harvest names the donor, not a patient.");
            if (string.IsNullOrWhiteSpace(r.DonorId)) e.Add("donorId", "Required: the donor's id or donor code.");
            else if (await donors.LoadAsync(actor, r.DonorId, ct) is { } donor) (siteId, donorId) = (donor.SiteId, donor.Id);
            else e.Add("donorId", "No such donor at your sites.");
        }
        if (!e.IsEmpty) return Outcome.Invalid<CollectionView>(e.ToDictionary());

        var id = Ids.New(clock);
        var fin = options.FacilityIdentificationNumber;
        var year = at!.Value.UtcDateTime.Year % 100;
        var din = await database.InTransactionAsync(async (c, tx) =>
        {
            var sequence = await c.ExecuteScalarAsync<long>(NextSequenceSql, new { fin, year }, tx);
            if (sequence > 999_999) return null;
            var d = Din.From(fin, year, (int)sequence, "00", options.IsTestFacility);
            await VersionedRecords.CreateAsync(c, tx, id, Kind, patientId, now, actor.Username);
            await c.ExecuteAsync(InsertDinSql, new { Din = d.Code, CollectionId = id, d.IsTest, At = now }, tx);
            await c.ExecuteAsync(InsertSql, new
            {
                Id = id, SiteId = siteId, Origin = origin, PatientId = patientId, DonorId = donorId, Tissue = tissue, CollectedAt = at.Value,
                VolumeMl = volume, Collector = collector, Din = d.Code, DinFlags = d.Flags, CheckChar = d.CheckCharacter.ToString(), d.IsTest,
                RecordedBy = actor.Username, RecordedAt = now,
            }, tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, Kind, id, patientId,
                ["origin", "tissue", "collected_at", "volume_ml", "collector", "din", donorId is null ? "patient_id" : "donor_id"]));
            return d;
        }, ct);
        if (din is null) return Outcome.Conflict<CollectionView>($"The DIN sequence for {fin} in year {year:00} is exhausted (999999).");
        return (await LoadAsync(actor, id, ct))!;
    }

    /// <summary>The field rules of a harvest (shared with the FHIR import); errors are keyed by the request's field names.</summary>
    internal static (string? Origin, string? Tissue, DateTimeOffset? At, double? VolumeMl, string? Collector) ValidateFields(FieldErrors e, RecordCollection r, DateTimeOffset now) =>
        (e.OneOf("origin", r.Origin, CellLabCodes.Origins), e.OneOf("tissue", r.Tissue, CellLabCodes.Tissues),
         e.Instant("collectedAt", r.CollectedAt, required: true, notAfter: now), e.Number("volumeMl", r.VolumeMl, 0.1, 2000, required: true, "mL"),
         e.Required("collector", r.Collector, 100));

    /// <summary>The collection; null when missing or not visible. Audited.</summary>
    public async Task<CollectionView?> GetAsync(Actor actor, string id, CancellationToken ct)
    {
        var view = await LoadAsync(actor, id, ct);
        if (view is not null) await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, Kind, id, view.PatientId), ct);
        return view;
    }

    public async Task<CollectionView?> LoadAsync(Actor actor, string id, CancellationToken ct)
    {
        if (!Ids.LooksValid(id)) return null;
        await using var c = await database.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<CollectionView>(new CommandDefinition(SelectSql + " AND c.id = @id", new { id }, cancellationToken: ct));
        return row is not null && actor.CanAccessSite(row.SiteId) ? row : null;
    }

    /// <summary>The collections with these ids (no visibility check: callers check the site).</summary>
    internal static async Task<IReadOnlyList<CollectionView>> ByIdsAsync(DbConnection c, IReadOnlyList<string> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var args = new DynamicParameters();
        return (await c.QueryAsync<CollectionView>(new CommandDefinition(SelectSql + " AND " + SqlList.In("c.id", ids, args, "c") + " ORDER BY c.collected_at", args, cancellationToken: ct))).ToList();
    }
}
