using System.Text.RegularExpressions;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;

namespace OrthoRegen.Patients;

/// <summary>A comorbidity as an ICD-10 code with its text (DOMAIN.md 2); <c>Active</c> false once resolved.</summary>
public sealed record Comorbidity
{
    public string Id { get; init; } = "";
    public int Version { get; init; }
    public string Icd10 { get; init; } = "";
    public string Description { get; init; } = "";
    public bool Active { get; init; }
    public string RecordedBy { get; init; } = "";
    public DateTimeOffset RecordedAt { get; init; }
}

/// <summary>Request to record a comorbidity.</summary>
public sealed record RecordComorbidity
{
    /// <summary>ICD-10 code such as E11.9 (letter, two digits, optional dot and up to four characters).</summary>
    public string? Icd10 { get; init; }
    public string? Description { get; init; }
    public bool Active { get; init; } = true;
}

/// <summary>The only code touching <c>comorbidity_versions</c>.</summary>
public sealed partial class ComorbidityStore(Database database, AuditTrail audit, PatientStore patients, TimeProvider clock)
{
    public const string Kind = "comorbidity";

    const string InsertSql = """
        INSERT INTO comorbidity_versions (id, version, patient_id, icd10, description, active, recorded_by, recorded_at, source, reason)
        VALUES (@Id, 1, @PatientId, @Icd10, @Description, @Active, @RecordedBy, @RecordedAt, 'clinic', NULL)
        """;
    const string SelectSql = """
        SELECT c.id AS Id, c.version AS Version, c.icd10 AS Icd10, c.description AS Description, c.active AS Active,
               c.recorded_by AS RecordedBy, c.recorded_at AS RecordedAt
        FROM comorbidity_versions c JOIN record_heads h ON h.id = c.id AND h.current_version = c.version
        WHERE c.patient_id = @patientId AND NOT c.entered_in_error
        ORDER BY c.recorded_at
        """;

    /// <summary>The patient's comorbidities for <paramref name="actor"/>; null when the patient is not visible. Audited.</summary>
    public async Task<IReadOnlyList<Comorbidity>?> ReadAllAsync(Actor actor, string patientId, CancellationToken ct)
    {
        if (await patients.LoadAsync(actor, patientId, ct) is null) return null;
        await using var c = await database.OpenAsync(ct);
        var list = (await c.QueryAsync<Comorbidity>(new CommandDefinition(SelectSql, new { patientId }, cancellationToken: ct))).ToList();
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, Kind, null, patientId), ct);
        return list;
    }

    public async Task<Outcome<Comorbidity>> RecordAsync(Actor actor, string patientId, RecordComorbidity r, CancellationToken ct)
    {
        if (await patients.LoadAsync(actor, patientId, ct) is null) return Outcome.NotFound<Comorbidity>();
        var e = new FieldErrors();
        var code = e.Pattern("icd10", r.Icd10?.ToUpperInvariant(), Icd10Pattern(), "an ICD-10 code such as E11.9", required: true);
        var text = e.Required("description", r.Description, 200);
        if (!e.IsEmpty) return Outcome.Invalid<Comorbidity>(e.ToDictionary());
        var id = Ids.New(clock);
        var now = clock.GetUtcNow();
        await database.InTransactionAsync(async (c, tx) =>
        {
            await VersionedRecords.CreateAsync(c, tx, id, Kind, patientId, now, actor.Username);
            await c.ExecuteAsync(InsertSql, new { Id = id, PatientId = patientId, Icd10 = code, Description = text, r.Active, RecordedBy = actor.Username, RecordedAt = now }, tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, Kind, id, patientId, ["icd10", "description", "active"]));
            return 0;
        }, ct);
        return new Comorbidity { Id = id, Version = 1, Icd10 = code!, Description = text!, Active = r.Active, RecordedBy = actor.Username, RecordedAt = now };
    }

    [GeneratedRegex(@"^[A-TV-Z][0-9][0-9AB](\.[0-9A-Z]{1,4})?$")] private static partial Regex Icd10Pattern();
}
