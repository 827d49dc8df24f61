using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;
using OrthoRegen.Patients;

namespace OrthoRegen.CellLab;

/// <summary>
/// Allogeneic donors and their infectious-marker screening (the only code touching <c>donors</c>, <c>donor_versions</c>
/// and <c>donor_screening_versions</c>). Eligibility is derived on read, never stored, so a new result changes it at once.
/// </summary>
public sealed class DonorStore(Database database, AuditTrail audit, LabLookups lookups, CellLabOptions options, TimeProvider clock)
{
    public const string Kind = "donor";
    public const string ScreeningKind = "donor_screening";

    internal const string InsertDonor = "INSERT INTO donors (id, site_id, donor_code, created_at) VALUES (@Id, @SiteId, @Code, @At)";
    internal const string InsertVersion = """
        INSERT INTO donor_versions (id, version, donor_type, donor_consent_ref, recorded_by, recorded_at, source, reason)
        VALUES (@Id, 1, @DonorType, @ConsentRef, @RecordedBy, @RecordedAt, 'clinic', NULL)
        """;
    internal const string InsertScreening = """
        INSERT INTO donor_screening_versions (id, version, donor_id, marker, method, result, tested_on, recorded_by, recorded_at, source, reason)
        VALUES (@Id, 1, @DonorId, @Marker, @Method, @Result, @TestedOn, @RecordedBy, @RecordedAt, 'clinic', NULL)
        """;
    const string DonorSelect = """
        SELECT d.id AS Id, d.donor_code AS DonorCode, d.site_id AS SiteId, v.donor_type AS DonorType, v.donor_consent_ref AS DonorConsentRef,
               v.recorded_at AS RecordedAt, v.recorded_by AS RecordedBy
        FROM donors d JOIN record_heads h ON h.id = d.id JOIN donor_versions v ON v.id = d.id AND v.version = h.current_version
        WHERE NOT v.entered_in_error
        """;
    const string ScreeningSelect = """
        SELECT s.id AS Id, s.donor_id AS DonorId, s.marker AS Marker, s.method AS Method, s.result AS Result, s.tested_on AS TestedOn,
               s.recorded_by AS RecordedBy, s.recorded_at AS RecordedAt
        FROM donor_screening_versions s JOIN record_heads h ON h.id = s.id AND h.current_version = s.version
        WHERE NOT s.entered_in_error
        """;

    DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<Outcome<DonorView>> RegisterAsync(Actor actor, RegisterDonor r, CancellationToken ct)
    {
        var e = new FieldErrors();
        var (type, consent) = ValidateDonor(e, r);
        var site = await lookups.SiteAsync(actor, r.SiteCode, e, ct);
        if (!e.IsEmpty || site is null) return Outcome.Invalid<DonorView>(e.ToDictionary());

        var id = Ids.New(clock);
        var now = clock.GetUtcNow();
        await database.InTransactionAsync(async (c, tx) =>
        {
            await VersionedRecords.CreateAsync(c, tx, id, Kind, null, now, actor.Username);
            for (var attempt = 0; ; attempt++)
            {
                // Same alphabet and check character as the patient pseudonym, with a D- prefix.
                var code = NewCode();
                if (await c.ExecuteScalarAsync<long>("SELECT count(*) FROM donors WHERE donor_code = @code", new { code }, tx) > 0 && attempt < 10) continue;
                await c.ExecuteAsync(InsertDonor, new { Id = id, SiteId = site.Id, Code = code, At = now }, tx);
                break;
            }
            await c.ExecuteAsync(InsertVersion, new { Id = id, DonorType = type, ConsentRef = consent, RecordedBy = actor.Username, RecordedAt = now }, tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, Kind, id, null, ["donor_type", "donor_consent_ref"]));
            return 0;
        }, ct);
        return (await LoadAsync(actor, id, ct))!;
    }

    /// <summary>The donor by id or donor code; null when missing or at a site the actor does not belong to. Audited.</summary>
    public async Task<DonorView?> GetAsync(Actor actor, string idOrCode, CancellationToken ct)
    {
        var donor = await LoadAsync(actor, idOrCode, ct);
        if (donor is not null) await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, Kind, donor.Id, null), ct);
        return donor;
    }

    /// <summary>Loads without auditing (callers audit their own read or just wrote).</summary>
    public async Task<DonorView?> LoadAsync(Actor actor, string idOrCode, CancellationToken ct)
    {
        var key = idOrCode.Trim();
        await using var c = await database.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<DonorRow>(new CommandDefinition(
            DonorSelect + " AND (d.id = @key OR d.donor_code = @code)", new { key, code = key.ToUpperInvariant() }, cancellationToken: ct));
        if (row is null || !actor.CanAccessSite(row.SiteId)) return null;
        var screening = (await c.QueryAsync<ScreeningRow>(new CommandDefinition(
            ScreeningSelect + " AND s.donor_id = @id ORDER BY s.tested_on, s.recorded_at", new { id = row.Id }, cancellationToken: ct))).ToList();
        return ToView(row, screening);
    }

    /// <summary>Donors at the actor's sites, newest first (the worklist shows those still PENDING).</summary>
    public async Task<IReadOnlyList<DonorView>> ListAsync(Actor actor, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var args = new DynamicParameters();
        var filter = actor.AllSites ? "" : " AND " + SqlList.In("d.site_id", actor.SiteIds, args, "site");
        var rows = (await c.QueryAsync<DonorRow>(new CommandDefinition(DonorSelect + filter + " ORDER BY d.created_at DESC LIMIT 200", args, cancellationToken: ct))).ToList();
        if (rows.Count == 0) return [];
        var sargs = new DynamicParameters();
        var screening = (await c.QueryAsync<ScreeningRow>(new CommandDefinition(
            ScreeningSelect + " AND " + SqlList.In("s.donor_id", rows.Select(r => r.Id).ToList(), sargs, "d"), sargs, cancellationToken: ct))).ToList();
        return rows.Select(r => ToView(r, screening.Where(s => s.DonorId == r.Id).ToList())).ToList();
    }

    public async Task<Outcome<DonorView>> RecordScreeningAsync(Actor actor, string donorId, RecordScreening r, CancellationToken ct)
    {
        var donor = await LoadAsync(actor, donorId, ct);
        if (donor is null) return Outcome.NotFound<DonorView>();
        var e = new FieldErrors();
        var (marker, method, result, on) = ValidateScreening(e, r, Today);
        if (!e.IsEmpty) return Outcome.Invalid<DonorView>(e.ToDictionary());
        var id = Ids.New(clock);
        var now = clock.GetUtcNow();
        await database.InTransactionAsync(async (c, tx) =>
        {
            await VersionedRecords.CreateAsync(c, tx, id, ScreeningKind, null, now, actor.Username);
            await c.ExecuteAsync(InsertScreening, new
            {
                Id = id, DonorId = donor.Id, Marker = marker, Method = method, Result = result, TestedOn = on!.Value, RecordedBy = actor.Username, RecordedAt = now,
            }, tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, ScreeningKind, id, null, ["donor_id", "marker", "method", "result", "tested_on"]));
            return 0;
        }, ct);
        return (await LoadAsync(actor, donor.Id, ct))!;
    }

    /// <summary>The field rules of a donor (shared with the FHIR import); errors keyed by the request's field names.</summary>
    internal static (string? DonorType, string? ConsentRef) ValidateDonor(FieldErrors e, RegisterDonor r) =>
        (e.OneOf("donorType", r.DonorType, CellLabCodes.DonorTypes), e.Required("donorConsentRef", r.DonorConsentRef, 100));

    /// <summary>The field rules of one screening result (shared with the FHIR import).</summary>
    internal static (string? Marker, string? Method, string? Result, DateOnly? TestedOn) ValidateScreening(FieldErrors e, RecordScreening r, DateOnly today) =>
        (e.OneOf("marker", r.Marker, CellLabCodes.Markers), e.OneOf("method", r.Method, CellLabCodes.ScreeningMethods),
         e.OneOf("result", r.Result, CellLabCodes.ScreeningResults), e.Date("testedOn", r.TestedOn, required: true, min: new DateOnly(2000, 1, 1), max: today));

    /// <summary>A new donor code: the patient pseudonym's alphabet and check character with a D- prefix.</summary>
    internal static string NewCode() => "D-" + PseudonymCode.New()[2..];

    DonorView ToView(DonorRow r, IReadOnlyList<ScreeningRow> screening)
    {
        var results = screening.Select(s => new ScreeningResult(s.Marker, s.Method, s.Result, s.TestedOn)).ToList();
        return new DonorView(r.Id, r.DonorCode, r.SiteId, r.DonorType, r.DonorConsentRef, DonorEligibility.Derive(results, options.RequiredDonorMarkers),
            options.RequiredDonorMarkers, screening.Select(s => new ScreeningView(s.Id, s.Marker, s.Method, s.Result, s.TestedOn, s.RecordedBy, s.RecordedAt)).ToList(),
            r.RecordedAt, r.RecordedBy);
    }

    sealed record DonorRow
    {
        public string Id { get; init; } = "";
        public string DonorCode { get; init; } = "";
        public string SiteId { get; init; } = "";
        public string DonorType { get; init; } = "";
        public string DonorConsentRef { get; init; } = "";
        public DateTimeOffset RecordedAt { get; init; }
        public string RecordedBy { get; init; } = "";
    }

    sealed record ScreeningRow
    {
        public string Id { get; init; } = "";
        public string DonorId { get; init; } = "";
        public string Marker { get; init; } = "";
        public string Method { get; init; } = "";
        public string Result { get; init; } = "";
        public DateOnly TestedOn { get; init; }
        public string RecordedBy { get; init; } = "";
        public DateTimeOffset RecordedAt { get; init; }
    }
}
