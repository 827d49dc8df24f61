using System.Data.Common;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Assessment;
using OrthoRegen.Audit;
using OrthoRegen.Data;

namespace OrthoRegen.Instruments;

// Storing a response inside a caller's transaction, for writes that must land together with it (the portal marks the
// visit's instrument done in the same transaction).
public sealed partial class ResponseStore
{
    /// <summary>
    /// Validates and scores <paramref name="request"/> exactly as <see cref="SubmitAsync"/> does and, when valid, stores it
    /// in the caller's transaction with its audit row. The caller has scoped the patient (no visibility check here).
    /// Invalid, with nothing written, when a field is wrong or the catalog rejects an item.
    /// </summary>
    public async Task<Outcome<string>> SubmitInAsync(DbConnection c, DbTransaction tx, Actor actor, string patientId, SubmitResponse request,
        CancellationToken ct) => Prepare(request) switch
        {
            Outcome<PreparedResponse>.Done { Value: var prepared } => (await StoreInAsync(c, tx, actor, patientId, prepared, ct)).Id,
            Outcome<PreparedResponse>.Invalid { Errors: var errors } => Outcome.Invalid<string>(errors),
            _ => throw new System.Diagnostics.UnreachableException("Prepare answers Done or Invalid only."),
        };

    /// <summary>A validated and scored response, ready to be stored.</summary>
    internal sealed record PreparedResponse(string Instrument, string Language, string Mode, string VisitCode, string Target, DateOnly CompletedOn,
        Dictionary<string, Answer> Items, Dictionary<string, System.Text.Json.JsonElement>? Options, InstrumentResult Result);

    /// <summary>
    /// Validation and scoring: pure work, done before the write transaction so writers queue only for the inserts.
    /// Invalid when a field is wrong or the catalog rejects an item (one entry per bad item, keyed by the item code).
    /// </summary>
    internal Outcome<PreparedResponse> Prepare(SubmitResponse request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var e = new FieldErrors();
        var code = e.Required("instrument", request.Instrument, 32);
        var language = e.OneOf("language", request.Language, LocalizedText.Languages);
        var mode = e.OneOf("mode", request.Mode, ResponseModes.All);
        var visit = e.Pattern("visitCode", request.VisitCode?.ToUpperInvariant(), VisitCode(), "a visit code of 1–16 capital letters, digits or _ (BASE, M3, M12)", required: true);
        var target = e.OneOf("target", request.Target, AssessmentCodes.Targets);
        var completedOn = e.Date("completedOn", request.CompletedOn, required: true, new DateOnly(1900, 1, 1), Today);
        var items = (request.Items ?? []).ToDictionary(kv => kv.Key, kv => Answer.FromJson(kv.Value), StringComparer.Ordinal);
        var result = code is null ? null : catalog.Score(new InstrumentRequest(code, items, request.Options));
        if (result is { Status: ResultStatus.Rejected })
            foreach (var (field, messages) in result.ToFieldErrors())
                foreach (var m in messages) e.Add(field, m);
        if (!e.IsEmpty) return Outcome.Invalid<PreparedResponse>(e.ToDictionary());
        return new PreparedResponse(code!, language!, mode!, visit!, target!, completedOn!.Value, items, request.Options, result!);
    }

    /// <summary>The record head (as <see cref="VersionedRecords.CreateAsync"/> writes it), the response and its audit row.</summary>
    static readonly string StoreSql = $"""
        INSERT INTO record_heads (id, kind, patient_id, current_version, created_at, created_by)
        VALUES (@Id, '{Kind}', @PatientId, 1, @RecordedAt, @RecordedBy);
        {InsertSql};
        {AuditTrail.PrefixedInsertSql}
        """;

    /// <summary>Stores a prepared response with its audit row in the caller's transaction; returns the stored row.</summary>
    internal async Task<ResponseRow> StoreInAsync(DbConnection c, DbTransaction tx, Actor actor, string patientId, PreparedResponse r, CancellationToken ct)
    {
        var id = Ids.New(clock);
        // To the microsecond, as PostgreSQL keeps it: the row answered is exactly the row stored.
        var now = clock.GetUtcNow();
        now = new DateTimeOffset(now.Ticks - now.Ticks % 10, now.Offset);
        var row = new ResponseRow
        {
            Id = id, Version = 1, PatientId = patientId, Instrument = r.Instrument, DefinitionVersion = r.Result.Version ?? throw new System.Diagnostics.UnreachableException("A scored result carries its definition version."), Language = r.Language,
            Mode = r.Mode, VisitCode = r.VisitCode, Target = r.Target, CompletedOn = r.CompletedOn,
            Items = InstrumentJson.WriteItems(r.Items), Options = OptionsJson(r.Options), Scores = InstrumentJson.ToJson(r.Result),
            EnteredBy = actor.Username, RecordedBy = actor.Username, RecordedAt = now, Source = ResponseModes.SourceOf(r.Mode), Reason = null,
        };
        // The record head, the response and its audit row in one command: one round trip on PostgreSQL instead of three
        // (the audit row's hash needs only the chain's end, which a write group keeps in memory).
        var auditRow = await audit.NextRowAsync(c, tx, actor, new AuditEvent(AuditAction.Create, Kind, id, patientId, ["instrument", "items", "scores"]));
        var args = new DynamicParameters(row);
        args.AddDynamicParams(AuditTrail.PrefixedArgs(auditRow));
        await c.ExecuteAsync(new CommandDefinition(StoreSql, args, tx, cancellationToken: ct));
        audit.Appended(tx, auditRow);
        return row;
    }
}
