using System.Data.Common;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;

namespace OrthoRegen.Patients;

/// <summary>
/// The only code touching <c>patients</c>, <c>patient_versions</c> and <c>body_measurement_versions</c>.
/// Every read of a patient is audited; a patient at a site the caller does not belong to is reported as not found.
/// </summary>
public sealed class PatientStore(Database database, AuditTrail audit, SiteStore sites, TimeProvider clock)
{
    public const string Kind = "patient";
    public const string MeasurementKind = "body_measurement";

    const string InsertPatient = """
        INSERT INTO patients (id, site_id, pseudonym_code, created_at) VALUES (@Id, @SiteId, @Code, @At)
        """;
    const string InsertVersion = """
        INSERT INTO patient_versions (id, version, family_name, given_name, birth_date, sex, language, record_number,
                                      national_id, phone, email, recorded_by, recorded_at, source, reason)
        VALUES (@Id, @Version, @FamilyName, @GivenName, @BirthDate, @Sex, @Language, @RecordNumber,
                @NationalId, @Phone, @Email, @RecordedBy, @RecordedAt, @Source, @Reason)
        """;
    internal const string InsertMeasurement = """
        INSERT INTO body_measurement_versions (id, version, patient_id, measured_on, height_cm, weight_kg, recorded_by, recorded_at, source, reason)
        VALUES (@Id, 1, @PatientId, @MeasuredOn, @HeightCm, @WeightKg, @RecordedBy, @RecordedAt, @Source, NULL)
        """;
    const string CurrentSelect = """
        SELECT p.id AS Id, p.pseudonym_code AS PseudonymCode, p.site_id AS SiteId, s.code AS SiteCode, v.version AS Version,
               v.family_name AS FamilyName, v.given_name AS GivenName, v.birth_date AS BirthDate, v.sex AS Sex,
               v.language AS Language, v.record_number AS RecordNumber, v.national_id AS NationalId, v.phone AS Phone,
               v.email AS Email, v.recorded_at AS RecordedAt, v.recorded_by AS RecordedBy
        FROM patients p
        JOIN record_heads h ON h.id = p.id
        JOIN patient_versions v ON v.id = h.id AND v.version = h.current_version
        JOIN sites s ON s.id = p.site_id
        """;
    /// <summary>One patient's current version with the latest height and weight: one statement (one round trip).</summary>
    const string LoadOneSql = """
        SELECT p.id AS Id, p.pseudonym_code AS PseudonymCode, p.site_id AS SiteId, s.code AS SiteCode, v.version AS Version,
               v.family_name AS FamilyName, v.given_name AS GivenName, v.birth_date AS BirthDate, v.sex AS Sex,
               v.language AS Language, v.record_number AS RecordNumber, v.national_id AS NationalId, v.phone AS Phone,
               v.email AS Email, v.recorded_at AS RecordedAt, v.recorded_by AS RecordedBy,
          (SELECT m.height_cm FROM body_measurement_versions m JOIN record_heads mh ON mh.id = m.id AND mh.current_version = m.version
           WHERE m.patient_id = @id AND m.height_cm IS NOT NULL AND NOT m.entered_in_error ORDER BY m.measured_on DESC, m.recorded_at DESC LIMIT 1) AS HeightCm,
          (SELECT m.weight_kg FROM body_measurement_versions m JOIN record_heads mh ON mh.id = m.id AND mh.current_version = m.version
           WHERE m.patient_id = @id AND m.weight_kg IS NOT NULL AND NOT m.entered_in_error ORDER BY m.measured_on DESC, m.recorded_at DESC LIMIT 1) AS WeightKg
        FROM patients p
        JOIN record_heads h ON h.id = p.id
        JOIN patient_versions v ON v.id = h.id AND v.version = h.current_version
        JOIN sites s ON s.id = p.site_id
        WHERE p.id = @id AND NOT v.entered_in_error
        """;
    const string HistorySql = """
        SELECT version AS Version, family_name AS FamilyName, given_name AS GivenName, birth_date AS BirthDate, sex AS Sex,
               language AS Language, record_number AS RecordNumber, national_id AS NationalId, phone AS Phone, email AS Email,
               recorded_by AS RecordedBy, recorded_at AS RecordedAt, source AS Source, reason AS Reason
        FROM patient_versions WHERE id = @id ORDER BY version
        """;
    const string MeasurementsSql = """
        SELECT m.id AS Id, m.measured_on AS MeasuredOn, m.height_cm AS HeightCm, m.weight_kg AS WeightKg,
               m.recorded_by AS RecordedBy, m.recorded_at AS RecordedAt
        FROM body_measurement_versions m JOIN record_heads h ON h.id = m.id AND h.current_version = m.version
        WHERE m.patient_id = @id AND NOT m.entered_in_error ORDER BY m.measured_on, m.recorded_at
        """;

    DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<Outcome<PatientView>> RegisterAsync(Actor actor, RegisterPatient request, CancellationToken ct)
    {
        var (demo, height, weight, errors) = PatientValidation.Validate(request, Today);
        var site = await ResolveSiteAsync(actor, request.SiteCode, errors, ct);
        if (!errors.IsEmpty || demo is null || site is null) return Outcome.Invalid<PatientView>(errors.ToDictionary());

        var id = Ids.New(clock);
        var now = clock.GetUtcNow();
        await database.InTransactionAsync(async (c, tx) =>
        {
            await VersionedRecords.CreateAsync(c, tx, id, Kind, id, now, actor.Username);
            await InsertWithFreshCodeAsync(c, tx, id, site.Id, now);
            await c.ExecuteAsync(InsertVersion, VersionRow(id, 1, demo, actor, now, RecordSource.Clinic, null), tx);
            if (height is not null || weight is not null)
            {
                var mid = Ids.New(clock);
                await VersionedRecords.CreateAsync(c, tx, mid, MeasurementKind, id, now, actor.Username);
                await c.ExecuteAsync(InsertMeasurement, new
                {
                    Id = mid, PatientId = id, MeasuredOn = Today, HeightCm = height, WeightKg = weight,
                    RecordedBy = actor.Username, RecordedAt = now, Source = RecordSource.Clinic,
                }, tx);
            }
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, Kind, id, id, ChangedFields(null, demo, height, weight)));
            return 0;
        }, ct);
        return (await LoadAsync(actor, id, ct))!;
    }

    /// <summary>The current version, or null when it does not exist or the caller may not see it. Audited as a read.</summary>
    public async Task<PatientView?> GetAsync(Actor actor, string id, CancellationToken ct)
    {
        var view = await LoadAsync(actor, id, ct);
        if (view is null)
        {
            // In a web request LoadAsync noted the refusal and the host audits it with the route and status it sent.
            if (AccessDenials.Current is null && Ids.LooksValid(id) && await ExistsAsync(id, ct))
                await audit.AppendAsync(actor, new AuditEvent(AuditAction.Denied, Kind, id, id), ct);
            return null;
        }
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, Kind, id, id), ct);
        return view;
    }

    /// <summary>
    /// Loads without auditing; for callers that audit their own read (candidacy, timeline) or just wrote. A patient of
    /// another site is null like a missing one, and noted in the request's <see cref="AccessDenials"/> for the host to audit.
    /// </summary>
    public async Task<PatientView?> LoadAsync(Actor actor, string id, CancellationToken ct)
    {
        if (!Ids.LooksValid(id)) return null;
        await using var c = await database.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<PatientRow>(new CommandDefinition(LoadOneSql, new { id }, cancellationToken: ct));
        if (row is null) return null;
        if (!actor.CanAccessSite(row.SiteId))
        {
            AccessDenials.Current?.HidPatient(id);
            return null;
        }
        return row.ToView(actor, Today, row.HeightCm, row.WeightKg);
    }

    /// <summary>
    /// Whether <paramref name="actor"/> may see the patient, as <see cref="LoadAsync"/> decides it (it exists, is not
    /// entered in error, and belongs to one of the actor's sites), in one statement and without building the view: the
    /// check a write about the patient needs. A patient of another site is noted in <see cref="AccessDenials"/> the same way.
    /// </summary>
    public async Task<bool> IsVisibleAsync(Actor actor, string id, CancellationToken ct)
    {
        if (!Ids.LooksValid(id)) return false;
        await using var c = await database.OpenAsync(ct);
        var siteId = await c.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(VisibleSiteSelect, new { id }, cancellationToken: ct));
        if (siteId is null) return false;
        if (actor.CanAccessSite(siteId)) return true;
        AccessDenials.Current?.HidPatient(id);
        return false;
    }

    const string VisibleSiteSelect = """
        SELECT p.site_id FROM patients p
        JOIN record_heads h ON h.id = p.id
        JOIN patient_versions v ON v.id = h.id AND v.version = h.current_version
        WHERE p.id = @id AND NOT v.entered_in_error
        """;

    public async Task<Outcome<PatientView>> CorrectAsync(Actor actor, string id, CorrectPatient request, CancellationToken ct)
    {
        var current = await LoadAsync(actor, id, ct);
        if (current is null) return Outcome.NotFound<PatientView>();
        var (demo, errors) = PatientValidation.Validate(request, Today);
        if (demo is null) return Outcome.Invalid<PatientView>(errors.ToDictionary());

        var now = clock.GetUtcNow();
        var conflict = await database.InTransactionAsync(async (c, tx) =>
        {
            var next = await VersionedRecords.NextVersionAsync(c, tx, id, Kind, request.Version!.Value);
            if (next is null or -1) return true;
            await c.ExecuteAsync(InsertVersion, VersionRow(id, next.Value, demo, actor, now, RecordSource.Clinic, request.Reason!.Trim()), tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Update, Kind, id, id, ChangedFields(current, demo, null, null)));
            return false;
        }, ct);
        if (conflict)
            return Outcome.Conflict<PatientView>($"The patient record was changed by someone else (you edited version {request.Version}, the current version is newer). Reload and apply your correction again.");
        return (await LoadAsync(actor, id, ct))!;
    }

    /// <summary>Every version of the demographic record, oldest first. Researchers get no history (it holds identifiers).</summary>
    public async Task<IReadOnlyList<PatientVersion>?> HistoryAsync(Actor actor, string id, CancellationToken ct)
    {
        var current = await LoadAsync(actor, id, ct);
        if (current is null || !actor.SeesIdentifiers) return null;
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<PatientVersionRow>(new CommandDefinition(HistorySql, new { id }, cancellationToken: ct));
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, Kind + "_history", id, id), ct);
        return rows.Select(r => new PatientVersion(r.Version, r.FamilyName, r.GivenName, r.BirthDate, r.Sex, r.Language,
            r.RecordNumber, r.Phone, r.Email, r.RecordedBy, r.RecordedAt, r.Source, r.Reason)).ToList();
    }

    /// <summary>Height and weight history for <paramref name="actor"/>; null when the patient is not visible. Audited.</summary>
    public async Task<IReadOnlyList<BodyMeasurement>?> ReadMeasurementsAsync(Actor actor, string patientId, CancellationToken ct)
    {
        if (await LoadAsync(actor, patientId, ct) is null) return null;
        var list = await MeasurementsAsync(patientId, ct);
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, MeasurementKind, null, patientId), ct);
        return list;
    }

    /// <summary>Height and weight history, oldest first.</summary>
    public async Task<IReadOnlyList<BodyMeasurement>> MeasurementsAsync(string patientId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return (await c.QueryAsync<BodyMeasurement>(new CommandDefinition(MeasurementsSql, new { id = patientId }, cancellationToken: ct))).ToList();
    }

    public async Task<Outcome<BodyMeasurement>> RecordMeasurementAsync(Actor actor, string patientId, RecordBodyMeasurement request, CancellationToken ct)
    {
        if (await LoadAsync(actor, patientId, ct) is null) return Outcome.NotFound<BodyMeasurement>();
        var e = new FieldErrors();
        var (on, h, w) = ValidateMeasurement(e, request, Today);
        if (!e.IsEmpty) return Outcome.Invalid<BodyMeasurement>(e.ToDictionary());
        var id = Ids.New(clock);
        var now = clock.GetUtcNow();
        await database.InTransactionAsync(async (c, tx) =>
        {
            await VersionedRecords.CreateAsync(c, tx, id, MeasurementKind, patientId, now, actor.Username);
            await c.ExecuteAsync(InsertMeasurement, new
            {
                Id = id, PatientId = patientId, MeasuredOn = on!.Value, HeightCm = h, WeightKg = w,
                RecordedBy = actor.Username, RecordedAt = now, Source = RecordSource.Clinic,
            }, tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, MeasurementKind, id, patientId,
                [.. new[] { h is null ? null : "height_cm", w is null ? null : "weight_kg" }.OfType<string>()]));
            return 0;
        }, ct);
        return new BodyMeasurement { Id = id, MeasuredOn = on!.Value, HeightCm = h, WeightKg = w, RecordedBy = actor.Username, RecordedAt = now };
    }

    /// <summary>The field rules of a height/weight measurement (also applied to an imported FHIR vital-signs Observation).</summary>
    public static (DateOnly? MeasuredOn, double? HeightCm, double? WeightKg) ValidateMeasurement(FieldErrors e, RecordBodyMeasurement request, DateOnly today)
    {
        var on = e.Date("measuredOn", request.MeasuredOn, required: true, min: new DateOnly(1900, 1, 1), max: today);
        var h = e.Number("heightCm", request.HeightCm, 50, 250, required: false, "cm");
        var w = e.Number("weightKg", request.WeightKg, 10, 400, required: false, "kg");
        if (e.IsEmpty && h is null && w is null) e.Add("weightKg", "Give a height, a weight or both.");
        return (on, h, w);
    }

    /// <summary>
    /// Search by name (substring, case-insensitive), medical record number (exact) or pseudonym code (exact), within
    /// the caller's sites, with paging. Researchers search by pseudonym only and get pseudonymised rows.
    /// </summary>
    public async Task<PatientPage> SearchAsync(Actor actor, string? query, int page, int pageSize, CancellationToken ct)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 100);
        var q = string.IsNullOrWhiteSpace(query) ? null : query.Trim();
        if (q is { Length: > 100 }) q = q[..100];
        var args = new DynamicParameters();
        var where = new List<string> { "NOT v.entered_in_error" };
        if (!actor.AllSites) where.Add(SqlList.In("p.site_id", actor.SiteIds, args, "site"));
        if (q is not null)
        {
            where.Add(actor.SeesIdentifiers
                ? "(lower(v.family_name) LIKE @like ESCAPE '\\' OR lower(v.given_name) LIKE @like ESCAPE '\\' OR lower(v.family_name || v.given_name) LIKE @like ESCAPE '\\' OR lower(v.given_name || ' ' || v.family_name) LIKE @like ESCAPE '\\' OR v.record_number = @q OR p.pseudonym_code = @code)"
                : "p.pseudonym_code = @code");
        }
        var filter = " WHERE " + string.Join(" AND ", where);
        var order = actor.SeesIdentifiers ? " ORDER BY v.family_name, v.given_name, p.id" : " ORDER BY p.pseudonym_code";
        if (q is not null)
        {
            if (actor.SeesIdentifiers)
            {
                args.Add("q", q);
                args.Add("like", "%" + EscapeLike(q.ToLowerInvariant()) + "%");
            }
            args.Add("code", q.ToUpperInvariant());
        }
        args.Add("take", pageSize);
        args.Add("skip", (page - 1) * pageSize);
        await using var c = await database.OpenAsync(ct);
        var total = await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM patients p JOIN record_heads h ON h.id = p.id JOIN patient_versions v ON v.id = h.id AND v.version = h.current_version" + filter,
            args, cancellationToken: ct));
        var rows = await c.QueryAsync<PatientRow>(new CommandDefinition(CurrentSelect + filter + order + " LIMIT @take OFFSET @skip", args, cancellationToken: ct));
        var items = rows.Select(r => r.ToView(actor, Today, null, null)).ToList();
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, "patient_search", null, null, [$"results={items.Count}"]), ct);
        return new PatientPage(items, page, pageSize, (int)total);
    }

    async Task<bool> ExistsAsync(string id, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM patients WHERE id = @id", new { id }, cancellationToken: ct)) > 0;
    }

    async Task<Site?> ResolveSiteAsync(Actor actor, string? siteCode, FieldErrors errors, CancellationToken ct)
    {
        var all = await sites.ListAsync(ct);
        var mine = all.Where(s => actor.CanAccessSite(s.Id)).ToList();
        if (!string.IsNullOrWhiteSpace(siteCode))
        {
            var site = mine.FirstOrDefault(s => s.Code == siteCode.Trim());
            if (site is null) errors.Add("siteCode", "Not a site you belong to.");
            return site;
        }
        if (mine.Count == 0) { errors.Add("siteCode", "You are not a member of any site."); return null; }
        return mine[0];
    }

    static async Task InsertWithFreshCodeAsync(DbConnection c, DbTransaction tx, string id, string siteId, DateTimeOffset at)
    {
        // 30^8 codes: a clash is rare, but check rather than let a unique-key error abort the registration.
        for (var attempt = 0; ; attempt++)
        {
            var code = PseudonymCode.New();
            var taken = await c.ExecuteScalarAsync<long>("SELECT count(*) FROM patients WHERE pseudonym_code = @code", new { code }, tx);
            if (taken > 0 && attempt < 10) continue;
            await c.ExecuteAsync(InsertPatient, new { Id = id, SiteId = siteId, Code = code, At = at }, tx);
            return;
        }
    }

    static object VersionRow(string id, int version, PatientDemographics d, Actor actor, DateTimeOffset at, string source, string? reason) => new
    {
        Id = id, Version = version, d.FamilyName, d.GivenName, d.BirthDate, d.Sex, d.Language, d.RecordNumber, d.NationalId,
        d.Phone, d.Email, RecordedBy = actor.Username, RecordedAt = at, Source = source, Reason = reason,
    };

    static List<string> ChangedFields(PatientView? before, PatientDemographics after, double? height, double? weight)
    {
        var f = new List<string>();
        void Check(string name, object? a, object? b) { if (before is null ? b is not null : !Equals(a, b)) f.Add(name); }
        Check("family_name", before?.FamilyName, after.FamilyName);
        Check("given_name", before?.GivenName, after.GivenName);
        Check("birth_date", before?.BirthDate, after.BirthDate);
        Check("sex", before?.Sex, after.Sex);
        Check("language", before?.Language, after.Language);
        Check("record_number", before?.RecordNumber, after.RecordNumber);
        Check("national_id", before?.NationalId, after.NationalId);
        Check("phone", before?.Phone, after.Phone);
        Check("email", before?.Email, after.Email);
        if (height is not null) f.Add("height_cm");
        if (weight is not null) f.Add("weight_kg");
        return f;
    }

    static string EscapeLike(string s) => s.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");

    sealed record PatientRow
    {
        public string Id { get; init; } = "";
        public string PseudonymCode { get; init; } = "";
        public string SiteId { get; init; } = "";
        public string SiteCode { get; init; } = "";
        public int Version { get; init; }
        public string FamilyName { get; init; } = "";
        public string GivenName { get; init; } = "";
        public DateOnly BirthDate { get; init; }
        public string Sex { get; init; } = "";
        public string Language { get; init; } = "";
        public string? RecordNumber { get; init; }
        public string? NationalId { get; init; }
        public string? Phone { get; init; }
        public string? Email { get; init; }
        public DateTimeOffset RecordedAt { get; init; }
        public string RecordedBy { get; init; } = "";
        /// <summary>The latest height and weight (read by <see cref="LoadAsync"/> only).</summary>
        public double? HeightCm { get; init; }
        public double? WeightKg { get; init; }

        public PatientView ToView(Actor actor, DateOnly today, double? height, double? weight)
        {
            var show = actor.SeesIdentifiers;
            return new PatientView(Id, PseudonymCode, SiteId, SiteCode, Version,
                show ? FamilyName : null, show ? GivenName : null, show ? BirthDate : null,
                BirthDate.Year, Age.InYears(BirthDate, today), Sex, Language,
                show ? RecordNumber : null, show ? NationalId : null, show ? Phone : null, show ? Email : null,
                height, weight, BodyMassIndex.From(height, weight), RecordedAt, show ? RecordedBy : "staff", !show);
        }
    }

    sealed record PatientVersionRow
    {
        public int Version { get; init; }
        public string FamilyName { get; init; } = "";
        public string GivenName { get; init; } = "";
        public DateOnly BirthDate { get; init; }
        public string Sex { get; init; } = "";
        public string Language { get; init; } = "";
        public string? RecordNumber { get; init; }
        public string? NationalId { get; init; }
        public string? Phone { get; init; }
        public string? Email { get; init; }
        public string RecordedBy { get; init; } = "";
        public DateTimeOffset RecordedAt { get; init; }
        public string Source { get; init; } = "";
        public string? Reason { get; init; }
    }
}

/// <summary>A height and/or weight on a date; BMI uses the latest of each.</summary>
public sealed record BodyMeasurement
{
    public string Id { get; init; } = "";
    public DateOnly MeasuredOn { get; init; }
    public double? HeightCm { get; init; }
    public double? WeightKg { get; init; }
    public string RecordedBy { get; init; } = "";
    public DateTimeOffset RecordedAt { get; init; }
}

/// <summary>Request to record a height and/or weight.</summary>
public sealed record RecordBodyMeasurement
{
    public string? MeasuredOn { get; init; }
    public double? HeightCm { get; init; }
    public double? WeightKg { get; init; }
}
