using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Assessment;
using OrthoRegen.Audit;
using OrthoRegen.Data;
using OrthoRegen.Patients;

namespace OrthoRegen.Instruments;

/// <summary>
/// Stores instrument responses (the only code touching <c>instrument_response_versions</c>): validates and scores a
/// submitted response with the <see cref="InstrumentCatalog"/>, keeps raw items and scores, rescores explicitly after a
/// definition change, and reads a patient's responses and score history. Every write is one transaction with its audit
/// row; every read is audited; a patient the actor may not see is "not found".
/// </summary>
public sealed partial class ResponseStore(Database database, AuditTrail audit, PatientStore patients, InstrumentCatalog catalog, TimeProvider clock)
{
    public const string Kind = "instrument_response";

    /// <summary>The visit code a baseline response carries (until the follow-up schedule names visits).</summary>
    public const string BaselineVisit = "BASE";

    const string InsertSql = """
        INSERT INTO instrument_response_versions (id, version, patient_id, instrument, definition_version, language, mode,
            visit_code, target, completed_on, items, options, scores, entered_by, recorded_by, recorded_at, source, reason)
        VALUES (@Id, @Version, @PatientId, @Instrument, @DefinitionVersion, @Language, @Mode, @VisitCode, @Target,
            @CompletedOn, @Items, @Options, @Scores, @EnteredBy, @RecordedBy, @RecordedAt, @Source, @Reason)
        """;
    const string SelectColumns = """
        SELECT r.id AS Id, r.version AS Version, r.patient_id AS PatientId, r.instrument AS Instrument,
               r.definition_version AS DefinitionVersion, r.language AS Language, r.mode AS Mode, r.visit_code AS VisitCode,
               r.target AS Target, r.completed_on AS CompletedOn, r.items AS Items, r.options AS Options, r.scores AS Scores,
               r.entered_by AS EnteredBy, r.recorded_by AS RecordedBy, r.recorded_at AS RecordedAt, r.source AS Source, r.reason AS Reason
        FROM instrument_response_versions r
        """;
    const string SelectCurrent = SelectColumns + """
         JOIN record_heads h ON h.id = r.id AND h.current_version = r.version
        WHERE r.patient_id = @patientId AND NOT r.entered_in_error
        ORDER BY r.completed_on DESC, r.recorded_at DESC
        """;
    const string SelectOne = SelectColumns + """
         JOIN record_heads h ON h.id = r.id AND h.current_version = r.version
        WHERE r.patient_id = @patientId AND r.id = @responseId
        """;
    const string SelectVersions = SelectColumns + " WHERE r.patient_id = @patientId AND r.id = @responseId ORDER BY r.version";

    DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>
    /// Validates and scores <paramref name="request"/>, then stores it with its scores. Invalid when a field is wrong or
    /// the catalog rejects the response (one entry per bad item, keyed by the item code); nothing is written then.
    /// </summary>
    public async Task<Outcome<InstrumentResponse>> SubmitAsync(Actor actor, string patientId, SubmitResponse request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!await patients.IsVisibleAsync(actor, patientId, ct)) return Outcome.NotFound<InstrumentResponse>();
        // One code path with the portal's in-transaction submission (validation, scoring, the insert and its audit row),
        // but validation and scoring run before the write transaction: writers queue only for the inserts.
        var checkedRequest = Prepare(request);
        if (checkedRequest is Outcome<PreparedResponse>.Invalid { Errors: var invalid }) return Outcome.Invalid<InstrumentResponse>(invalid);
        var prepared = ((Outcome<PreparedResponse>.Done)checkedRequest).Value;
        // The answer is the row just written (the same values the database now holds), not a read-back of it.
        var stored = await database.InTransactionAsync((c, tx) => StoreInAsync(c, tx, actor, patientId, prepared, ct), ct);
        return stored.ToResponse();
    }

    /// <summary>
    /// Scores a stored response again, from its raw items and options, with the catalog's current definition of its
    /// instrument, and stores that as a new version with the reason "rescored with KOOS 2.1". The earlier version keeps
    /// its scores. Conflict when the response is already scored with the current definition version, or when
    /// <paramref name="request"/> names a version that is no longer current.
    /// </summary>
    public async Task<Outcome<InstrumentResponse>> RescoreAsync(Actor actor, string patientId, string responseId, RescoreResponse request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await patients.LoadAsync(actor, patientId, ct) is null) return Outcome.NotFound<InstrumentResponse>();
        var e = new FieldErrors();
        var expected = e.Integer("version", request.Version, 1, int.MaxValue, required: true);
        if (!e.IsEmpty) return Outcome.Invalid<InstrumentResponse>(e.ToDictionary());
        var current = (await ListAsync(patientId, ct)).FirstOrDefault(r => r.Id == responseId);
        if (current is null) return Outcome.NotFound<InstrumentResponse>();
        var instrument = catalog.Find(current.Instrument);
        if (instrument is null) return Outcome.Conflict<InstrumentResponse>(ResponseMessages.InstrumentRetired(current.Instrument));
        var definition = instrument.Definition;
        if (definition.Version == current.DefinitionVersion)
            return Outcome.Conflict<InstrumentResponse>(ResponseMessages.AlreadyCurrent(definition.Code, definition.Version));

        var row = (await VersionRowsAsync(patientId, responseId, ct)).First(r => r.Version == current.Version);
        var options = row.Options is null ? null
            : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(row.Options);
        var result = catalog.Score(new InstrumentRequest(current.Instrument, InstrumentJson.ReadItems(row.Items), options));
        // A definition change that makes a stored answer invalid (an option removed) cannot be rescored silently.
        if (result.Status == ResultStatus.Rejected)
            return Outcome.Conflict<InstrumentResponse>(ResponseMessages.NoLongerValid(definition.Code, definition.Version, result.Errors));

        var reason = ResponseMessages.RescoredWith(definition.Code, definition.Version);
        var now = clock.GetUtcNow();
        var stale = await database.InTransactionAsync(async (c, tx) =>
        {
            var next = await VersionedRecords.NextVersionAsync(c, tx, responseId, Kind, expected!.Value);
            if (next is null or -1) return true;
            await c.ExecuteAsync(InsertSql, new
            {
                Id = responseId, Version = next.Value, PatientId = patientId, current.Instrument, DefinitionVersion = definition.Version,
                current.Language, current.Mode, current.VisitCode, current.Target, current.CompletedOn, row.Items, row.Options,
                Scores = InstrumentJson.ToJson(result), current.EnteredBy, RecordedBy = actor.Username, RecordedAt = now, current.Source,
                Reason = reason,
            }, tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Update, Kind, responseId, patientId, ["definition_version", "scores"]));
            return false;
        }, ct);
        if (stale) return Outcome.Conflict<InstrumentResponse>(ResponseMessages.Stale(expected!.Value));
        return (await ListAsync(patientId, ct)).First(r => r.Id == responseId);
    }

    /// <summary>The patient's current responses, newest completed first, optionally of one instrument; null when the
    /// patient is not visible. Audited.</summary>
    public async Task<IReadOnlyList<InstrumentResponse>?> ReadAllAsync(Actor actor, string patientId, string? instrument, CancellationToken ct)
    {
        if (await patients.LoadAsync(actor, patientId, ct) is null) return null;
        var list = (await ListAsync(patientId, ct)).Where(r => instrument is null || r.Instrument == instrument).ToList();
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, Kind, null, patientId), ct);
        return list;
    }

    /// <summary>Every version of one response, oldest first (a rescore keeps the old scores in the earlier version);
    /// null when the patient is not visible or has no such response. Audited.</summary>
    public async Task<IReadOnlyList<InstrumentResponse>?> VersionsAsync(Actor actor, string patientId, string responseId, CancellationToken ct)
    {
        if (await patients.LoadAsync(actor, patientId, ct) is null) return null;
        var rows = await VersionRowsAsync(patientId, responseId, ct);
        if (rows.Count == 0) return null;
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, Kind, responseId, patientId), ct);
        return rows.Select(r => r.ToResponse()).ToList();
    }

    /// <summary>
    /// The score history of one instrument, one series per target (or only <paramref name="target"/>): each response's
    /// scores and, for every response but the baseline, the change from baseline. Null when the patient is not visible.
    /// Audited.
    /// </summary>
    public async Task<IReadOnlyList<ScoreHistory>?> HistoryAsync(Actor actor, string patientId, string instrument, string? target, CancellationToken ct)
    {
        if (await patients.LoadAsync(actor, patientId, ct) is null) return null;
        var responses = (await ListAsync(patientId, ct)).Where(r => r.Instrument == instrument && (target is null || r.Target == target)).ToList();
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, Kind, null, patientId, ["history"]), ct);
        var definition = catalog.Find(instrument)?.Definition;
        if (definition is null) return [];
        return responses.GroupBy(r => r.Target).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => History(definition, g.Key, g.OrderBy(r => r.CompletedOn).ThenBy(r => r.RecordedAt).ToList())).ToList();
    }

    /// <summary>
    /// The threshold population matching the treated target (knee → knee_oa, hip → hip_oa, lumbar spine →
    /// low_back_pain) when the definition has thresholds for it, else the definition's default population: a hip's
    /// WOMAC change is judged by the hip MCII, not the knee's.
    /// </summary>
    internal static string? PopulationFor(InstrumentDefinition definition, string target)
    {
        var wanted = target switch
        {
            "KNEE_L" or "KNEE_R" => "knee_oa",
            "HIP_L" or "HIP_R" => "hip_oa",
            "LUMBAR" => "low_back_pain",
            _ => null,
        };
        if (wanted is not null && definition.Populations.Contains(wanted)) return wanted;
        return definition.Populations.Count > 0 ? definition.Populations[0] : null;
    }

    static ScoreHistory History(InstrumentDefinition definition, string target, List<InstrumentResponse> series)
    {
        var population = PopulationFor(definition, target);
        var baseline = series.FirstOrDefault(r => r.VisitCode == BaselineVisit) ?? series.FirstOrDefault();
        var baseValues = baseline is null ? null : Values(definition, baseline.Scores);
        var points = series.Select(r => new HistoryPoint(r.Id, r.VisitCode, r.CompletedOn, r.DefinitionVersion, r.Scores,
            r == baseline || baseValues is null ? null : Interpretation.Compare(definition, baseValues, Values(definition, r.Scores), population))).ToList();
        return new ScoreHistory(definition.Code, target, population, points.FirstOrDefault(p => p.ResponseId == baseline?.Id), points);
    }

    /// <summary>Stored scores as score values of the definition; a score the stored version did not have counts as missing.</summary>
    static List<ScoreValue> Values(InstrumentDefinition definition, IReadOnlyDictionary<string, decimal?> scores) =>
        definition.Scores.Select(d => new ScoreValue(d.Name, scores.GetValueOrDefault(d.Name), d.Direction, null, 0, 0, null)).ToList();

    /// <summary>All current responses of a patient, newest completed first. Not audited: callers audit.</summary>
    public async Task<IReadOnlyList<InstrumentResponse>> ListAsync(string patientId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<ResponseRow>(new CommandDefinition(SelectCurrent, new { patientId }, cancellationToken: ct));
        return rows.Select(r => r.ToResponse()).ToList();
    }

    /// <summary>One current response (just stored): one row instead of re-reading the patient's whole list.</summary>
    internal async Task<InstrumentResponse> CurrentAsync(string patientId, string responseId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return (await c.QuerySingleAsync<ResponseRow>(new CommandDefinition(SelectOne, new { patientId, responseId }, cancellationToken: ct))).ToResponse();
    }

    async Task<List<ResponseRow>> VersionRowsAsync(string patientId, string responseId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return (await c.QueryAsync<ResponseRow>(new CommandDefinition(SelectVersions, new { patientId, responseId }, cancellationToken: ct))).ToList();
    }

    static string? OptionsJson(Dictionary<string, JsonElement>? options) =>
        options is null or { Count: 0 } ? null : JsonSerializer.Serialize(options);

    [GeneratedRegex(@"^[A-Z0-9_]{1,16}$")] private static partial Regex VisitCode();

    internal sealed record ResponseRow
    {
        public string Id { get; init; } = "";
        public int Version { get; init; }
        public string PatientId { get; init; } = "";
        public string Instrument { get; init; } = "";
        public string DefinitionVersion { get; init; } = "";
        public string Language { get; init; } = "";
        public string Mode { get; init; } = "";
        public string VisitCode { get; init; } = "";
        public string Target { get; init; } = "";
        public DateOnly CompletedOn { get; init; }
        public string Items { get; init; } = "{}";
        public string? Options { get; init; }
        public string Scores { get; init; } = "{}";
        public string EnteredBy { get; init; } = "";
        public string RecordedBy { get; init; } = "";
        public DateTimeOffset RecordedAt { get; init; }
        public string Source { get; init; } = "";
        public string? Reason { get; init; }

        public InstrumentResponse ToResponse()
        {
            var result = Parse(Scores);
            var scores = result.GetProperty("scores").EnumerateObject()
                .ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.Null ? (decimal?)null : p.Value.GetDecimal(), StringComparer.Ordinal);
            return new InstrumentResponse(Id, PatientId, Version, Instrument, DefinitionVersion, Language, Mode, VisitCode, Target,
                CompletedOn, scores, result, Parse(Items), EnteredBy, RecordedBy, RecordedAt, Source, Reason);
        }

        static JsonElement Parse(string json)
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.Clone();
        }
    }
}

/// <summary>Every sentence the response store shows a person, in one place so tests can assert on them.</summary>
public static class ResponseMessages
{
    /// <summary>The version reason of a rescore.</summary>
    public static string RescoredWith(string instrument, string version) => $"rescored with {instrument} {version}";

    public static string AlreadyCurrent(string instrument, string version) =>
        $"The response is already scored with {instrument} {version}; rescoring is for a changed definition.";

    public static string InstrumentRetired(string instrument) => $"{instrument} is no longer in the instrument catalog; the response cannot be rescored.";

    public static string NoLongerValid(string instrument, string version, IReadOnlyList<ItemError> errors) =>
        $"The stored answers are not valid under {instrument} {version}: {string.Join(" ", errors.Select(e => e.Message))}";

    public static string Stale(int version) =>
        $"The response was changed by someone else (you saw version {version}, the current version is newer). Reload and rescore again.";
}
