using System.Data;
using System.Data.Common;
using System.Buffers;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;
using OrthoRegen.Instruments;

namespace OrthoRegen.Interop.Fhir;

/// <summary>
/// What one import transaction knows and holds open: the look-ups for a whole batch of lines done up front with
/// one key-list parameter per look-up (record ids, identifier mappings, patients and their sites), the prepared inserts every unit reuses,
/// and the audit chain's end kept in memory (<see cref="AuditBatch"/>).
/// </summary>
/// <remarks>
/// Every cache answers for the keys it was filled with; any other key (a derived-from reference, a patient of an earlier
/// import) goes through the same batch look-up with a list of one, and is then cached like the prefetched ones.
/// A unit's own writes enter the caches only after its savepoint is released (<see cref="Remember"/>), so a later unit
/// of the same batch matches them exactly as it would match committed rows.
/// </remarks>
sealed class FhirImportBatch : IAsyncDisposable
{
    const int Chunk = 5000;

    const string InsertHead = """
        INSERT INTO record_heads (id, kind, patient_id, current_version, created_at, created_by)
        VALUES (@Id, @Kind, @PatientId, 1, @At, @By)
        """;
    const string InsertMapping = """
        INSERT INTO fhir_identifiers (resource_type, system, value, source_id, local_id, patient_id, content_hash, imported_at, imported_by)
        VALUES (@Type, @System, @Value, @SourceId, @LocalId, @PatientId, @Hash, @At, @By)
        """;
    const string InsertResponse = """
        INSERT INTO instrument_response_versions (id, version, patient_id, instrument, definition_version, language, mode, visit_code, target,
            completed_on, items, options, scores, entered_by, recorded_by, recorded_at, source, reason)
        VALUES (@Id, 1, @PatientId, @Instrument, @DefinitionVersion, @Language, @Mode, @VisitCode, @Target, @CompletedOn, @Items, NULL,
            @Scores, @By, @By, @At, 'import', NULL)
        """;
    const string PatientSites = """
        SELECT p.id AS Id, p.site_id AS SiteId FROM patients p JOIN record_heads h ON h.id = p.id
        JOIN patient_versions v ON v.id = h.id AND v.version = h.current_version
        WHERE NOT v.entered_in_error AND {0}
        """;

    readonly DbConnection _c;
    readonly DbTransaction _tx;
    readonly CancellationToken _ct;
    readonly HashSet<string> _idsChecked = new(StringComparer.Ordinal), _ids = new(StringComparer.Ordinal);
    readonly HashSet<(string Type, string System, string Value)> _keysChecked = [];
    readonly Dictionary<(string Type, string System, string Value), (string LocalId, string Hash)> _mapped = [];
    readonly Dictionary<(string Type, string SourceId), string?> _bySource = [];
    readonly Dictionary<string, string?> _siteOf = new(StringComparer.Ordinal);

    FhirImportBatch(DbConnection c, DbTransaction tx, AuditBatch audit, CancellationToken ct)
    {
        (_c, _tx, _ct, Audit) = (c, tx, ct, audit);
        var (s, d, t) = (DbType.String, DbType.Date, DbType.DateTimeOffset);
        Head = new(c, tx, InsertHead, ("Id", s), ("Kind", s), ("PatientId", s), ("At", t), ("By", s));
        Mapping = new(c, tx, InsertMapping, ("Type", s), ("System", s), ("Value", s), ("SourceId", s), ("LocalId", s), ("PatientId", s), ("Hash", s), ("At", t), ("By", s));
        Response = new(c, tx, InsertResponse, ("Id", s), ("PatientId", s), ("Instrument", s), ("DefinitionVersion", s), ("Language", s), ("Mode", s),
            ("VisitCode", s), ("Target", s), ("CompletedOn", d), ("Items", s), ("Scores", s), ("By", s), ("At", t));
        Savepoint = new(c, tx, "SAVEPOINT fhir_unit");
        Release = new(c, tx, "RELEASE SAVEPOINT fhir_unit");
        Rollback = new(c, tx, "ROLLBACK TO SAVEPOINT fhir_unit");
        BatchSavepoint = new(c, tx, "SAVEPOINT fhir_batch");
        BatchRelease = new(c, tx, "RELEASE SAVEPOINT fhir_batch");
        BatchRollback = new(c, tx, "ROLLBACK TO SAVEPOINT fhir_batch");
    }

    // One buffer and two writers for the JSON columns of every response of the import, reset per value.
    readonly ArrayBufferWriter<byte> _json = new(8192);
    readonly Utf8JsonWriter _itemsWriter = new(Stream.Null);
    readonly Utf8JsonWriter _resultWriter = new(Stream.Null, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>The text <see cref="InstrumentJson.WriteItems"/> writes for these items (in their order), without a dictionary per response.</summary>
    public string ItemsJson(IReadOnlyList<ResponseItem> items)
    {
        _json.ResetWrittenCount();
        _itemsWriter.Reset(_json);
        _itemsWriter.WriteStartObject();
        foreach (var item in items) item.Answer.WriteTo(_itemsWriter, item.Code);
        _itemsWriter.WriteEndObject();
        _itemsWriter.Flush();
        return Encoding.UTF8.GetString(_json.WrittenSpan);
    }

    /// <summary>The text <see cref="InstrumentJson.ToJson"/> writes for the result.</summary>
    public string ResultJson(InstrumentResult result)
    {
        _json.ResetWrittenCount();
        _resultWriter.Reset(_json);
        InstrumentJson.WriteResult(_resultWriter, result);
        _resultWriter.Flush();
        return Encoding.UTF8.GetString(_json.WrittenSpan);
    }

    public AuditBatch Audit { get; }
    /// <summary>The import's connection and transaction, for look-ups that must see the rows written earlier in it.</summary>
    public DbConnection Connection => _c;
    public DbTransaction Transaction => _tx;
    public PreparedStatement Head { get; }
    public PreparedStatement Mapping { get; }
    public PreparedStatement Response { get; }
    public PreparedStatement Savepoint { get; }
    public PreparedStatement Release { get; }
    public PreparedStatement Rollback { get; }
    /// <summary>Around one batch of lines inside the import's transaction (the per-unit savepoints nest inside it).</summary>
    public PreparedStatement BatchSavepoint { get; }
    public PreparedStatement BatchRelease { get; }
    public PreparedStatement BatchRollback { get; }

    /// <summary>
    /// Forgets every cached look-up: the caches answer for one batch of lines, so an import's memory does not grow with
    /// its length, and nothing remembered from a batch attempt rolled back to its savepoint survives it.
    /// </summary>
    public void Clear()
    {
        _idsChecked.Clear();
        _ids.Clear();
        _keysChecked.Clear();
        _mapped.Clear();
        _bySource.Clear();
        _siteOf.Clear();
    }

    public static async Task<FhirImportBatch> StartAsync(DbConnection c, DbTransaction tx, AuditTrail audit, CancellationToken ct) =>
        new(c, tx, await audit.BeginBatchAsync(c, tx, ct), ct);

    /// <summary>Fills the caches for a batch: record ids, first identifiers, and patients referred to by source id.</summary>
    public async Task PrefetchAsync(IEnumerable<string> recordIds, IEnumerable<(string Type, string System, string Value)> identifiers, IEnumerable<string> patientSourceIds)
    {
        await IdsAsync(recordIds);
        await MappingsAsync(identifiers);
        await SourcesAsync("Patient", patientSourceIds);
        await SitesAsync(_bySource.Values.OfType<string>().Where(id => !_siteOf.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// <c>column</c> is one of <paramref name="keys"/>, with the keys as one parameter: a JSON array read with
    /// <c>json_each</c> on SQLite, a text array on PostgreSQL. One short SQL text per look-up, whatever the number of keys:
    /// no SQL with hundreds of parameters to compile and bind (SQLite finds a parameter by name with a linear search).
    /// </summary>
    string KeysIn(string column, IReadOnlyCollection<string> keys, DynamicParameters args, string name)
    {
        if (_c is SqliteConnection)
        {
            args.Add(name, JsonSerializer.Serialize(keys), DbType.String);
            return $"{column} IN (SELECT value FROM json_each(@{name}))";
        }
        args.Add(name, keys.ToArray());
        return $"{column} = ANY(@{name})";
    }

    async Task IdsAsync(IEnumerable<string> recordIds)
    {
        foreach (var chunk in recordIds.Where(Ids.LooksValid).Distinct(StringComparer.Ordinal).Where(id => !_idsChecked.Contains(id)).Chunk(Chunk))
        {
            var args = new DynamicParameters();
            var found = await _c.QueryAsync<string>(new CommandDefinition("SELECT id FROM record_heads WHERE " + KeysIn("id", chunk, args, "ids"), args, _tx, cancellationToken: _ct));
            _idsChecked.UnionWith(chunk);
            _ids.UnionWith(found);
        }
    }

    async Task MappingsAsync(IEnumerable<(string Type, string System, string Value)> identifiers)
    {
        // Grouped by type and system so the look-up walks the primary key (resource_type, system, value).
        foreach (var group in identifiers.Distinct().Where(k => !_keysChecked.Contains(k)).GroupBy(k => (k.Type, k.System)))
            foreach (var chunk in group.Select(k => k.Value).Chunk(Chunk))
            {
                var args = new DynamicParameters(new { type = group.Key.Type, system = group.Key.System });
                var rows = await _c.QueryAsync<(string Value, string LocalId, string Hash)>(new CommandDefinition(
                    "SELECT value, local_id, content_hash FROM fhir_identifiers WHERE resource_type = @type AND system = @system AND " + KeysIn("value", chunk, args, "vs"),
                    args, _tx, cancellationToken: _ct));
                foreach (var v in chunk) _keysChecked.Add((group.Key.Type, group.Key.System, v));
                foreach (var r in rows) _mapped[(group.Key.Type, group.Key.System, r.Value)] = (r.LocalId, r.Hash);
            }
    }

    /// <summary>Source ids of <paramref name="type"/>: a record id of this registry stands for itself, else the mapping with the lowest identifier value.</summary>
    async Task SourcesAsync(string type, IEnumerable<string> sourceIds)
    {
        var sources = sourceIds.Distinct(StringComparer.Ordinal).Where(s => !_bySource.ContainsKey((type, s))).ToList();
        await IdsAsync(sources);
        var unresolved = new List<string>();
        foreach (var s in sources)
            if (_ids.Contains(s)) _bySource[(type, s)] = s;
            else unresolved.Add(s);
        foreach (var chunk in unresolved.Chunk(Chunk))
        {
            var args = new DynamicParameters(new { type });
            var rows = await _c.QueryAsync<(string SourceId, string LocalId)>(new CommandDefinition(
                "SELECT source_id, local_id FROM fhir_identifiers WHERE resource_type = @type AND " + KeysIn("source_id", chunk, args, "ss") + " ORDER BY source_id, value",
                args, _tx, cancellationToken: _ct));
            foreach (var s in chunk) _bySource[(type, s)] = null;
            foreach (var r in rows) _bySource[(type, r.SourceId)] ??= r.LocalId;
        }
    }

    async Task SitesAsync(IReadOnlyList<string> patientIds)
    {
        foreach (var chunk in patientIds.Chunk(Chunk))
        {
            var args = new DynamicParameters();
            var rows = await _c.QueryAsync<(string Id, string SiteId)>(new CommandDefinition(
                string.Format(System.Globalization.CultureInfo.InvariantCulture, PatientSites, KeysIn("p.id", chunk, args, "ps")), args, _tx, cancellationToken: _ct));
            foreach (var id in chunk) _siteOf[id] = null;
            foreach (var r in rows) _siteOf[r.Id] = r.SiteId;
        }
    }

    public async Task<bool> ExistsAsync(string id)
    {
        await IdsAsync([id]);
        return _ids.Contains(id);
    }

    public async Task<(string LocalId, string Hash)?> MappedAsync(string type, string system, string value)
    {
        await MappingsAsync([(type, system, value)]);
        return _mapped.TryGetValue((type, system, value), out var hit) ? hit : null;
    }

    /// <summary>The local id of a resource known by its source id (a record id of this registry, or a mapped source id).</summary>
    public async Task<string?> BySourceAsync(string type, string sourceId)
    {
        await SourcesAsync(type, [sourceId]);
        return _bySource[(type, sourceId)];
    }

    /// <summary>Whether <paramref name="actor"/> may see the patient (current version not entered in error, at one of the actor's sites).</summary>
    public async Task<bool> VisibleAsync(Actor actor, string patientId)
    {
        if (!Ids.LooksValid(patientId)) return false;
        if (!_siteOf.ContainsKey(patientId)) await SitesAsync([patientId]);
        return _siteOf[patientId] is { } site && actor.CanAccessSite(site);
    }

    /// <summary>After a unit's savepoint is released: its new records and identifier mappings are known to later units.</summary>
    public void Remember(string type, string? system, string? value, string sourceId, string localId, string hash)
    {
        _idsChecked.Add(localId);
        _ids.Add(localId);
        if (system is not null && value is not null)
        {
            _keysChecked.Add((type, system, value));
            _mapped[(type, system, value)] = (localId, hash);
        }
        if (_bySource.TryGetValue((type, sourceId), out var known) && known is null) _bySource[(type, sourceId)] = localId;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var s in new[] { Head, Mapping, Response, Savepoint, Release, Rollback, BatchSavepoint, BatchRelease, BatchRollback }) await s.DisposeAsync();
        await Audit.DisposeAsync();
        await _itemsWriter.DisposeAsync();
        await _resultWriter.DisposeAsync();
    }
}
