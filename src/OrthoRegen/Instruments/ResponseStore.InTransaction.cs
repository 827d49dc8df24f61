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
            Outcome<PreparedResponse>.Done { Value: var prepared } => await StoreInAsync(c, tx, actor, patientId, prepared, ct),
            Outcome<PreparedResponse>.Invalid { Errors: var errors } => Outcome.Invalid<string>(errors),
            _ => throw new System.Diagnostics.UnreachableException("Prepare answers Done or Invalid only."),
        };

    /// <summary>A validated and scored response, ready to be stored.</summary>
    sealed record PreparedResponse(string Instrument, string Language, string Mode, string VisitCode, string Target, DateOnly CompletedOn,
        Dictionary<string, Answer> Items, Dictionary<string, System.Text.Json.JsonElement>? Options, InstrumentResult Result);

    /// <summary>
    /// Validation and scoring: pure work, done before the write transaction so writers queue only for the inserts.
    /// Invalid when a field is wrong or the catalog rejects an item (one entry per bad item, keyed by the item code).
    /// </summary>
    Outcome<PreparedResponse> Prepare(SubmitResponse request)
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

    /// <summary>Stores a prepared response with its audit row in the caller's transaction.</summary>
    async Task<Outcome<string>> StoreInAsync(DbConnection c, DbTransaction tx, Actor actor, string patientId, PreparedResponse r, CancellationToken ct)
    {
        var id = Ids.New(clock);
        var now = clock.GetUtcNow();
        await VersionedRecords.CreateAsync(c, tx, id, Kind, patientId, now, actor.Username);
        await c.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            Id = id, Version = 1, PatientId = patientId, r.Instrument, DefinitionVersion = r.Result.Version, r.Language,
            r.Mode, r.VisitCode, r.Target, r.CompletedOn,
            Items = InstrumentJson.WriteItems(r.Items), Options = OptionsJson(r.Options), Scores = InstrumentJson.ToJson(r.Result),
            EnteredBy = actor.Username, RecordedBy = actor.Username, RecordedAt = now, Source = ResponseModes.SourceOf(r.Mode), Reason = (string?)null,
        }, tx, cancellationToken: ct));
        await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, Kind, id, patientId, ["instrument", "items", "scores"]));
        return id;
    }
}
