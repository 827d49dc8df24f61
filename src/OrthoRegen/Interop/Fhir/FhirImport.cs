using System.Data;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;
using OrthoRegen.Instruments;
using OrthoRegen.Patients;

namespace OrthoRegen.Interop.Fhir;

/// <summary>One resource refused by an import, with the JSON path of the problem.</summary>
public sealed record FhirReject(string Path, string Message, string ResourceType, string? ResourceId);

/// <summary>
/// What an import did. <see cref="Created"/> records were written; <see cref="Unchanged"/> resources were already in the
/// registry (matched by identifier) or are derived from one that is (score observations); every resource of a
/// rejected patient is left out, and <see cref="Rejects"/> says why.
/// </summary>
public sealed record FhirImportReport(int Patients, int RejectedPatients, int Created, int Unchanged, IReadOnlyList<FhirReject> Rejects)
{
    public bool Ok => Rejects.Count == 0;

    /// <summary>The rejects keyed by JSON path, the shape of a 400 problem's <c>errors</c>.</summary>
    public IReadOnlyDictionary<string, string[]> ToErrors() =>
        Rejects.GroupBy(r => r.Path).ToDictionary(g => g.Key, g => g.Select(r => r.Message).ToArray(), StringComparer.Ordinal);
}

/// <summary>
/// An import's report while it is gathered: rejects are appended once (a report per unit, each copying every reject so far,
/// made a large import quadratic), and a patient whose resources span several batches or files counts once.
/// </summary>
sealed class FhirImportTally
{
    readonly HashSet<string> _patients = new(StringComparer.Ordinal);
    readonly HashSet<string> _refused = new(StringComparer.Ordinal);
    readonly List<FhirReject> _rejects = [];
    int _created, _unchanged;

    /// <summary>One unit's result; <paramref name="patientKey"/> is empty for shared resources (lots, custody, questionnaires).</summary>
    public void Unit(string patientKey, bool refused, int created, int unchanged, IEnumerable<FhirReject> rejects)
    {
        if (patientKey.Length > 0)
        {
            _patients.Add(patientKey);
            if (refused) _refused.Add(patientKey);
        }
        _created += created;
        _unchanged += unchanged;
        _rejects.AddRange(rejects);
    }

    /// <summary>A line or document refused before it belonged to any patient.</summary>
    public void Reject(FhirReject reject) => _rejects.Add(reject);

    public void Add(FhirImportTally other)
    {
        _patients.UnionWith(other._patients);
        _refused.UnionWith(other._refused);
        _created += other._created;
        _unchanged += other._unchanged;
        _rejects.AddRange(other._rejects);
    }

    public FhirImportReport ToReport() => new(_patients.Count, _refused.Count, _created, _unchanged, _rejects);
}

/// <summary>
/// Imports FHIR R4 resources (a transaction Bundle, or Bulk Data NDJSON) idempotently and all-or-nothing per patient.
/// A resource this registry exported is matched by its OrthoRegen identifier; a resource from elsewhere by its first
/// identifier through <c>fhir_identifiers</c>. New resources are created through the owning store's own rules, audited in
/// the same transaction (see FHIR_EXTENSIONS.md "Import scope"): patients, consents, observations (biomarkers, KL,
/// Pfirrmann and AIS grades, body measurements), responses (scored again with the catalog), conditions (assessments with
/// their candidacy decisions), care plans, harvests, lots with QC, processing, custody and release decisions,
/// administrations (bedside checks run again), follow-up encounters and adverse events. Score observations are derived
/// from their response and not stored.
/// </summary>
public sealed partial class FhirImport(Database database, AuditTrail audit, SiteStore sites, InstrumentCatalog catalog, TimeProvider clock,
    Treatment.TreatmentPlanRules planRules, CellLab.ReleaseRules rules, FollowUp.ScheduleDefinition definition, Safety.AdverseEventAssessment aeAssessment,
    CellLab.CellLabOptions labOptions)
{
    public const string Entity = "fhir_import";

    /// <summary>One resource to import: the JSON, where it sits (for paths) and the full URL a bundle gave it.</summary>
    public sealed record Entry(JsonElement Resource, string Path, string? FullUrl);

    enum Fate { Create, Match, Derived }

    sealed record Planned(Entry Entry, IFhirRecord Record, Fate Fate, string LocalId, string? System, string? Value, string Hash, InstrumentResult? Scored = null, ProductWrite? Write = null);

    /// <summary>Imports a transaction (or collection) Bundle. Problems with the bundle itself are rejects at its path.</summary>
    public async Task<FhirImportReport> ImportBundleAsync(Actor actor, JsonElement bundle, CancellationToken ct)
    {
        var e = new FieldErrors();
        var r = new FhirRead(e, "Bundle", _ => null);
        if (bundle.ValueKind != JsonValueKind.Object) return Single("Bundle", FhirMessages.NotJson, "Bundle");
        if (r.String(bundle, "resourceType", true) is { } rt && rt != "Bundle") r.Fail("resourceType", FhirMessages.BadValue("Must be Bundle."));
        var type = r.String(bundle, "type", true);
        if (type is not null and not ("transaction" or "collection" or "batch")) r.Fail("type", FhirMessages.NotInValueSet("http://hl7.org/fhir/bundle-type", ["transaction", "batch", "collection"]));
        var entries = new List<Entry>();
        if (FhirRead.TryGet(bundle, "entry", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var entry in list.EnumerateArray())
            {
                var at = $"Bundle.entry[{i}]";
                if (!FhirRead.TryGet(entry, "resource", out var res) || res.ValueKind != JsonValueKind.Object) e.Add(at + ".resource", FhirMessages.Required);
                else entries.Add(new Entry(res, at + ".resource", FhirRead.TryGetText(entry, "fullUrl", out var fu) ? fu : null));
                i++;
            }
        }
        if (!e.IsEmpty) return new FhirImportReport(0, 0, 0, 0, [.. e.ToDictionary().SelectMany(kv => kv.Value.Select(m => new FhirReject(kv.Key, m, "Bundle", null)))]);
        return await ImportAsync(actor, entries, ct);
    }

    /// <summary>
    /// Imports NDJSON streams (Bulk Data layout: one resource type per file) in dependency order (<see cref="NdjsonPasses"/>:
    /// Procedure.ndjson in two passes, harvests before the lots and administrations after custody and release),
    /// all-or-nothing per patient across files and batches.
    /// </summary>
    /// <remarks>
    /// <para>The rule. A patient's resources are spread over the files (its Patient line in Patient.ndjson, its responses in
    /// QuestionnaireResponse.ndjson, read last), so a patient is complete only when the last file has been read: the
    /// whole import is one database transaction. Inside it the lines are planned and written in batches of about 2,000
    /// (one round of look-ups per batch; the batch's parsed lines are released after it, so memory holds one batch plus
    /// one key per patient), each batch under a savepoint. Consecutive lines of one patient stay in one batch.</para>
    /// <para>A patient refused in one batch has nothing written in any later batch. A patient refused after an earlier
    /// batch wrote some of its resources (a bad response of a patient whose Patient line was fine) makes this read of the
    /// files roll back; the files are then read again with that patient left out entirely, and its rejects are those of
    /// the first read. A clean import, or one whose refused patients are refused in their first batch, is read once.
    /// Streams that cannot seek are first copied to a temporary file so they can be read again.</para>
    /// <para>A unit refused by the database (a constraint raced by another writer) rolls back its batch's savepoint; the
    /// batch is then written again with a savepoint per patient, so only the refused patient is left out.</para>
    /// <para>For the whole import the transaction holds the audit chain's writer lock, as every audited write does.</para>
    /// </remarks>
    public async Task<FhirImportReport> ImportNdjsonAsync(Actor actor, IEnumerable<(string Name, Stream Stream)> files, IProgress<int>? progress, CancellationToken ct)
    {
        var ordered = files.ToList();
        var spooled = new List<Stream>();
        try
        {
            for (var i = 0; i < ordered.Count; i++)
                if (!ordered[i].Stream.CanSeek)
                {
                    var temp = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
                    spooled.Add(temp);
                    await ordered[i].Stream.CopyToAsync(temp, ct);
                    temp.Position = 0;
                    ordered[i] = (ordered[i].Name, temp);
                }
            ordered = NdjsonPasses.Arrange(ordered);
            var starts = ordered.Select(f => f.Stream.Position).ToList();
            var excluded = new HashSet<string>(StringComparer.Ordinal);
            var carried = new List<FhirReject>();
            while (true)
            {
                for (var i = 0; i < ordered.Count; i++) ordered[i].Stream.Position = starts[i];
                var ledger = new PatientLedger(excluded);
                var tally = await ReadFilesAsync(actor, ordered, ledger, progress, ct);
                if (ledger.Late.Count == 0)
                {
                    foreach (var key in excluded) tally.Unit(key, refused: true, 0, 0, []);
                    foreach (var reject in carried) tally.Reject(reject);
                    return tally.ToReport();
                }
                // Each read leaves out at least one more patient, so this ends.
                foreach (var (key, rejects) in ledger.Late)
                {
                    excluded.Add(key);
                    carried.AddRange(rejects);
                }
            }
        }
        finally
        {
            foreach (var s in spooled) await s.DisposeAsync();
        }
    }

    /// <summary>What one read of the NDJSON files knows about the patients of its earlier batches.</summary>
    sealed class PatientLedger(HashSet<string> excluded)
    {
        /// <summary>Patients left out from the start: refused after some of their resources were written in an earlier read.</summary>
        public HashSet<string> Excluded { get; } = excluded;
        /// <summary>Patients with records created in an earlier batch of this read.</summary>
        public HashSet<string> Written { get; } = new(StringComparer.Ordinal);
        /// <summary>Patients refused in an earlier batch of this read: their later resources are not written.</summary>
        public HashSet<string> Refused { get; } = new(StringComparer.Ordinal);
        /// <summary>Patients refused after an earlier batch wrote some of their resources, with why: this read is rolled back.</summary>
        public Dictionary<string, List<FhirReject>> Late { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>One read of the files in one transaction; committed only when no patient was refused late.</summary>
    async Task<FhirImportTally> ReadFilesAsync(Actor actor, List<(string Name, Stream Stream)> files, PatientLedger ledger, IProgress<int>? progress, CancellationToken ct)
    {
        var report = new FhirImportTally();
        await using var c = await database.OpenAsync(ct);
        await using var tx = await BeginAsync(c, ct);
        var site = await SiteForAsync(actor, ct);
        await using var batch = await FhirImportBatch.StartAsync(c, tx, audit, ct);
        var entries = new List<Entry>();
        // The parsed lines of the current batch and the bytes they point into; returned to the pools once the batch is written.
        var documents = new List<JsonDocument>();
        using var arena = new LineArena();
        void Release()
        {
            foreach (var d in documents) d.Dispose();
            documents.Clear();
            arena.Clear();
        }
        async Task FlushAsync()
        {
            report.Add(await BatchAsync(batch, site, actor, entries, ledger, ct));
            entries = [];
            Release();
        }
        try
        {
            string? currentPatient = null;
            var lines = 0;
            foreach (var (name, stream) in files)
            {
                using var reader = new NdjsonLines(stream);
                var n = 0;
                while (await reader.NextAsync(ct) is (true, var bytes))
                {
                    n++;
                    // Invalid UTF-8 is refused (naming the line), not replaced by U+FFFD in a name or a note; the rest of
                    // that file is not read.
                    if (!NdjsonLines.IsUtf8(bytes.Span)) { report.Reject(new FhirReject($"{name}:{n}", FhirMessages.NotUtf8, "?", null)); break; }
                    if (NdjsonLines.IsBlank(bytes.Span)) continue;
                    JsonDocument document;
                    var line = arena.Copy(bytes.Span);
                    try { document = JsonDocument.Parse(line, FhirJsonText.Options); }
                    catch (JsonException)
                    {
                        var (problem, at) = FhirJsonText.Refusal(line);
                        report.Reject(new FhirReject(at is null ? $"{name}:{n}" : $"{name}:{n}.{at}", problem, "?", null));
                        continue;
                    }
                    var entry = new Entry(document.RootElement, $"{name}:{n}", null);
                    var patient = PatientKey(entry, null);
                    if (entries.Count >= BatchLines && patient != currentPatient)
                    {
                        // The new line's bytes sit in the arena the flush clears: parse it again after.
                        document.Dispose();
                        await FlushAsync();
                        line = arena.Copy(bytes.Span);
                        document = JsonDocument.Parse(line, FhirJsonText.Options);
                        entry = new Entry(document.RootElement, $"{name}:{n}", null);
                    }
                    documents.Add(document);
                    currentPatient = patient;
                    entries.Add(entry);
                    progress?.Report(++lines);
                }
            }
            if (entries.Count > 0) await FlushAsync();
        }
        finally
        {
            Release();
        }
        if (ledger.Late.Count > 0) await tx.RollbackAsync(ct);
        else await tx.CommitAsync(ct);
        return report;
    }

    /// <summary>Lines planned and written together (one round of look-ups).</summary>
    internal const int BatchLines = 2000;

    static async Task<DbTransaction> BeginAsync(DbConnection c, CancellationToken ct) =>
        c is SqliteConnection s ? s.BeginTransaction(IsolationLevel.Serializable, deferred: false) : await c.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);

    static FhirImportReport Single(string path, string message, string type) => new(0, 0, 0, 0, [new FhirReject(path, message, type, null)]);

    /// <summary>Imports <paramref name="entries"/> in one transaction: shared resources (lots, custody, questionnaires) first, then one unit per patient.</summary>
    public async Task<FhirImportReport> ImportAsync(Actor actor, IReadOnlyList<Entry> entries, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await using var tx = await BeginAsync(c, ct);
        var site = await SiteForAsync(actor, ct);
        FhirImportTally tally;
        await using (var batch = await FhirImportBatch.StartAsync(c, tx, audit, ct))
            tally = await BatchAsync(batch, site, actor, entries, new PatientLedger([]), ct);
        await tx.CommitAsync(ct);
        return tally.ToReport();
    }

    /// <summary>Plans and writes one batch of entries under a savepoint, one unit per patient.</summary>
    async Task<FhirImportTally> BatchAsync(FhirImportBatch batch, Site? site, Actor actor, IReadOnlyList<Entry> entries, PatientLedger ledger, CancellationToken ct)
    {
        var byUrl = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var en in entries)
            if (en.FullUrl is not null && FhirRead.TryGetText(en.Resource, "resourceType", out var t) && FhirRead.TryGetText(en.Resource, "id", out var id))
                byUrl[en.FullUrl] = (t, id);
        (string, string)? Resolve(string reference)
        {
            if (byUrl.TryGetValue(reference, out var hit)) return hit;
            if (reference.StartsWith("urn:", StringComparison.Ordinal)) return null;
            var parts = reference.Split('/');
            return parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0 ? (parts[0], parts[1]) : null;
        }
        var productKey = await ProductKeysAsync(batch, entries, r => Resolve(r), ct);
        var units = entries.GroupBy(en => PatientKey(en, Resolve) ?? productKey(en) ?? "").Where(g => !ledger.Excluded.Contains(g.Key))
            .OrderBy(g => g.Key.Length == 0 ? 0 : 1).ToList();
        // Fast path: every unit was validated before it is written, so the database refuses one only in rare cases (a
        // constraint raced by another writer). Then the batch is rolled back to its savepoint and written again with a
        // savepoint per unit, so only the refused patient is left out. Savepoints on every unit cost a statement journal per unit.
        var chainStart = batch.Audit.LastHash;
        await batch.BatchSavepoint.ExecuteAsync(ct);
        FhirImportTally report;
        try
        {
            report = await UnitsAsync(batch, site, actor, entries, units, Resolve, ledger, savepoints: false, ct);
        }
        catch (DbException)
        {
            await batch.BatchRollback.ExecuteAsync(ct);
            batch.Audit.RewindTo(chainStart);
            report = await UnitsAsync(batch, site, actor, entries, units, Resolve, ledger, savepoints: true, ct);
        }
        await batch.BatchRelease.ExecuteAsync(ct);
        return report;
    }

    /// <summary>Plans and writes each unit; the tally is this attempt's own, so a rolled-back attempt reports nothing.</summary>
    async Task<FhirImportTally> UnitsAsync(FhirImportBatch batch, Site? site, Actor actor, IReadOnlyList<Entry> entries, List<IGrouping<string, Entry>> units,
        ReferenceResolver resolve, PatientLedger ledger, bool savepoints, CancellationToken ct)
    {
        var local = new Dictionary<(string, string), string>();
        var report = new FhirImportTally();
        // The caches answer for this batch only (and forget what a rolled-back first attempt remembered).
        batch.Clear();
        // One round of look-ups for the whole batch instead of two queries per line.
        await batch.PrefetchAsync(entries.Select(en => OwnId(en.Resource)).OfType<string>(),
            entries.Select(en => (Type: FhirRead.TryGetText(en.Resource, "resourceType", out var t) ? t : null, Id: FirstIdentifier(en.Resource)))
                .Where(x => x.Type is not null && x.Id.System is not null && x.Id.Value is not null).Select(x => (x.Type!, x.Id.System!, x.Id.Value!)), units.Select(u => u.Key).Where(k => k.Length > 0));
        // The ledger learns this batch only once it is written (a first attempt the database refused teaches nothing).
        var written = new List<string>();
        var refused = new List<(string Key, List<FhirReject> Rejects)>();
        foreach (var unit in units)
        {
            var isPatient = unit.Key.Length > 0;
            var (plan, rejects) = await PlanAsync(batch, actor, [.. unit], resolve, local, ct);
            if (rejects.Count > 0)
            {
                if (isPatient) refused.Add((unit.Key, rejects));
                report.Unit(unit.Key, refused: true, 0, 0, rejects);
                continue;
            }
            if (isPatient && ledger.Refused.Contains(unit.Key))
            {
                // Refused in an earlier batch: the rest of the patient is left out too.
                foreach (var p in plan.Where(p => p.Fate == Fate.Create)) local.Remove((p.Record.ResourceType, p.Record.Id));
                report.Unit(unit.Key, refused: true, 0, 0, []);
                continue;
            }
            if (!savepoints)
            {
                var created = await WriteAsync(batch, actor, plan, site, local, ct);
                foreach (var p in plan.Where(p => p.Fate == Fate.Create)) batch.Remember(p.Record.ResourceType, p.System, p.Value, p.Record.Id, p.LocalId, p.Hash);
                if (isPatient && created > 0) written.Add(unit.Key);
                report.Unit(unit.Key, refused: false, created, plan.Count - created, []);
                continue;
            }
            var chainEnd = batch.Audit.LastHash;
            await batch.Savepoint.ExecuteAsync(ct);
            try
            {
                var created = await WriteAsync(batch, actor, plan, site, local, ct);
                await batch.Release.ExecuteAsync(ct);
                foreach (var p in plan.Where(p => p.Fate == Fate.Create)) batch.Remember(p.Record.ResourceType, p.System, p.Value, p.Record.Id, p.LocalId, p.Hash);
                if (isPatient && created > 0) written.Add(unit.Key);
                report.Unit(unit.Key, refused: false, created, plan.Count - created, []);
            }
            catch (DbException ex)
            {
                await batch.Rollback.ExecuteAsync(ct);
                await batch.Release.ExecuteAsync(ct);
                batch.Audit.RewindTo(chainEnd);
                foreach (var p in plan.Where(p => p.Fate == Fate.Create)) local.Remove((p.Record.ResourceType, p.Record.Id));
                var reject = new FhirReject(plan[0].Entry.Path, "The database refused the patient's records: " + ex.Message, plan[0].Record.ResourceType, plan[0].Record.Id);
                if (isPatient) refused.Add((unit.Key, [reject]));
                report.Unit(unit.Key, refused: true, 0, 0, [reject]);
            }
        }
        foreach (var (key, rejects) in refused)
        {
            ledger.Refused.Add(key);
            if (!ledger.Written.Contains(key)) continue;
            if (!ledger.Late.TryGetValue(key, out var list)) ledger.Late[key] = list = [];
            list.AddRange(rejects);
        }
        ledger.Written.UnionWith(written);
        return report;
    }

    /// <summary>The source id of the patient an entry belongs to, or null for shared resources (lots, custody, questionnaires).</summary>
    static string? PatientKey(Entry en, ReferenceResolver? resolve)
    {
        var o = en.Resource;
        var type = FhirRead.TryGetText(o, "resourceType", out var t) ? t : null;
        if (type == "Patient") return FhirRead.TryGetText(o, "id", out var id) ? id : "?";
        var name = type == "Consent" ? "patient" : "subject";
        if (!FhirRead.TryGet(o, name, out var r) || !FhirRead.TryGet(r, "reference", out var rv) || rv.ValueKind != JsonValueKind.String) return null;
        var text = rv.GetString()!;
        if (resolve?.Invoke(text) is { } hit) return hit.Id;
        var slash = text.IndexOf('/');
        return slash > 0 ? text[(slash + 1)..] : text;
    }

    async Task<(List<Planned> Plan, List<FhirReject> Rejects)> PlanAsync(FhirImportBatch batch, Actor actor, List<Entry> unit,
        ReferenceResolver resolve, Dictionary<(string, string), string> local, CancellationToken ct)
    {
        var plan = new List<Planned>();
        var rejects = new List<FhirReject>();
        var pending = new Dictionary<(string, string), string>();
        var products = new ProductPlan();
        void Reject(Entry en, string path, string message) =>
            rejects.Add(new FhirReject(path, message, FhirRead.TryGetText(en.Resource, "resourceType", out var t) ? t : "?",
                FhirRead.TryGetText(en.Resource, "id", out var i) ? i : null));
        foreach (var en in unit.OrderBy(ImportRank))
        {
            var errors = new FieldErrors();
            var read = new FhirRead(errors, en.Path, reference => resolve(reference));
            var record = FhirMapper.Read(en.Resource, read);
            if (record is null || !errors.IsEmpty)
            {
                foreach (var (path, msg) in errors.Messages) Reject(en, path, msg);
                continue;
            }
            if (record is FhirQuestionnaireShape q)
            {
                if (catalog.Definitions.Any(d => FhirQuestionnaire.Url(d) == q.Url)) plan.Add(new Planned(en, q, Fate.Match, q.Code, null, null, ""));
                else Reject(en, en.Path + ".url", FhirMessages.BadValue($"{q.Url} is not an instrument of this registry's catalog."));
                continue;
            }
            var hash = FhirContentHash.Of(SharedView(record));
            var own = OwnId(en.Resource);
            if (own is not null && await batch.ExistsAsync(own))
            {
                plan.Add(new Planned(en, record, Fate.Match, own, null, null, hash));
                pending[(record.ResourceType, record.Id)] = own;
                continue;
            }
            var (system, value) = FirstIdentifier(en.Resource);
            if (system is null || value is null) { Reject(en, en.Path + ".identifier", FhirMessages.NoIdentifier); continue; }
            var mapped = await batch.MappedAsync(record.ResourceType, system, value);
            if (mapped is { } m)
            {
                if (m.Hash != hash && m.Hash != FhirContentHash.Of(LegacySharedView(record))) { Reject(en, en.Path + ".identifier", FhirMessages.Changed(system, value)); continue; }
                plan.Add(new Planned(en, record, Fate.Match, m.LocalId, system, value, hash));
                pending[(record.ResourceType, record.Id)] = m.LocalId;
                continue;
            }
            if (record is FhirObservation { Kind: ObservationKind.Score })
            {
                plan.Add(new Planned(en, record, Fate.Derived, record.Id, system, value, hash));
                continue;
            }
            if (record is not (FhirPatient or FhirConsent or FhirQuestionnaireResponse or FhirObservation { Code: "KL_GRADE" or "PFIRRMANN" or "AIS_GRADE" } or FhirObservation { Kind: ObservationKind.Biomarker } or FhirEncounter or FhirAdverseEvent) && !CreatesProduct(record) && !CreatesClinical(record) && !CreatesMeasurement(record) && !CreatesAdministration(record))
            {
                Reject(en, en.Path + ".resourceType", FhirMessages.NotImportable(record.ResourceType));
                continue;
            }
            var checks = new FieldErrors();
            var id = SiblingMeasurementId(record, plan) ?? Ids.New(clock);
            var write = CreatesProduct(record) ? await CheckProductAsync(batch, actor, record, en, id, products, plan, pending, local, checks, ct) : null;
            write ??= CreatesMeasurement(record) ? CheckMeasurement(record, en, id, plan, local, checks)
                : CreatesAdministration(record) ? await CheckAdministrationAsync(batch, actor, (FhirProcedure)record, en, id, products, plan, pending, local, checks, ct) : null;
            var scored = CreatesProduct(record) ? null : Check(record, en.Path, checks);
            foreach (var (path, msg) in checks.Messages) Reject(en, path, msg);
            if (!checks.IsEmpty) continue;
            pending[(record.ResourceType, record.Id)] = id;
            plan.Add(new Planned(en, record, Fate.Create, id, system, value, hash, scored, write));
        }
        await PlanMatchedDonorsAsync(batch, actor, plan, products, Reject, ct);
        await PlanMatchedReportsAsync(batch, actor, plan, Reject, ct);
        await PlanMatchedPlansAsync(batch, actor, plan, Reject, ct);
        // Every patient reference must land on a patient in this import or one the actor may see.
        foreach (var p in plan.Where(p => p.Fate != Fate.Match && p.Record.PatientId is not null && p.Record is not FhirPatient))
        {
            var patient = await LocalIdAsync(batch, actor, "Patient", p.Record.PatientId!, pending, local, ct);
            if (patient is null) Reject(p.Entry, p.Entry.Path + (p.Record is FhirConsent ? ".patient" : ".subject"), FhirMessages.NoPatient);
        }
        foreach (var p in plan.Where(p => p.Record is FhirObservation { DerivedFrom: not null } && p.Fate != Fate.Match))
        {
            var o = (FhirObservation)p.Record;
            if (await LocalIdAsync(batch, actor, "QuestionnaireResponse", o.DerivedFrom!, pending, local, ct) is null)
                Reject(p.Entry, p.Entry.Path + ".derivedFrom[0].reference", FhirMessages.Dangling("QuestionnaireResponse/" + o.DerivedFrom));
        }
        foreach (var (entry, path, message) in await CheckCarePlansAsync(batch, actor, plan, pending, local, ct)) Reject(entry, path, message);
        foreach (var (entry, path, message) in CheckIsncsciExams(plan, local, ct)) Reject(entry, path, message);
        foreach (var (entry, path, message) in await CheckEncountersAsync(batch, actor, plan, pending, local, ct)) Reject(entry, path, message);
        foreach (var (entry, path, message) in await CheckAdverseEventsAsync(batch, actor, plan, pending, local, ct)) Reject(entry, path, message);
        if (rejects.Count == 0) foreach (var (k, v) in pending) local[k] = v;
        return (plan, rejects);
    }

    static async Task<string?> LocalIdAsync(FhirImportBatch batch, Actor actor, string type, string sourceId,
        Dictionary<(string, string), string> pending, Dictionary<(string, string), string> local, CancellationToken ct)
    {
        if (pending.TryGetValue((type, sourceId), out var id) || local.TryGetValue((type, sourceId), out id)) return id;
        var found = await batch.BySourceAsync(type, sourceId);
        if (found is null) return null;
        if (type == "Patient" && !await batch.VisibleAsync(actor, found)) return null;
        // Remembered for the write: a resource whose patient came in an earlier batch (or import) refers to it by source id.
        pending[(type, sourceId)] = found;
        return found;
    }

    /// <summary>The stores' rules for a record to create; a questionnaire response comes back scored.</summary>
    InstrumentResult? Check(IFhirRecord record, string at, FieldErrors e)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        switch (record)
        {
            case FhirPatient p:
                var (_, errors) = PatientValidation.Validate(p.FamilyName, p.GivenName, FhirWrite.Date(p.BirthDate), p.Sex, p.Language, p.RecordNumber, null, null, null, today);
                foreach (var (field, m) in errors.Messages)
                    e.Add(at + "." + field switch
                    {
                        "familyName" => "name[0].family", "givenName" => "name[0].given[0]", "sex" => "gender",
                        "language" => "communication[0].language", "recordNumber" => "identifier", _ => field,
                    }, m);
                break;
            case FhirConsent c:
                foreach (var required in new[] { "RISKS", "EVIDENCE_LEVEL", "ALTERNATIVES", "PERSONAL_DATA", "RIGHT_TO_WITHDRAW" })
                    if (!c.Acknowledgements.Contains(required)) e.Add(at + ".extension", $"A consent is recorded only with the acknowledgement {required}.");
                if (c.Research && !ConsentCodes.ResearchPathways.Contains(c.Pathway)) e.Add(at + ".extension", "A research consent needs a research pathway.");
                if (!LocalizedText.Languages.Contains(c.Language)) e.Add(at + ".language", FhirMessages.NotInValueSet(FhirCodes.Language, LocalizedText.Languages));
                break;
            case FhirObservation { Code: "AIS_GRADE" }: break; // CheckIsncsciExams
            case FhirObservation { Kind: ObservationKind.Imaging } o:
                if (o.Target is null) e.Add(at + ".bodySite", FhirMessages.Required);
                if (o.Value is null) e.Add(at + ".valueInteger", FhirMessages.Required);
                else if (o.Code == "KL_GRADE" && o.Value is < 0 or > 4) e.Add(at + ".valueInteger", "A Kellgren-Lawrence grade is 0 to 4.");
                else if (o.Code == "PFIRRMANN" && o.Value is < 1 or > 5) e.Add(at + ".valueInteger", "A Pfirrmann grade is 1 to 5.");
                break;
            case FhirObservation { Kind: ObservationKind.Biomarker } o:
                if (o.Value is null || o.Unit is null) e.Add(at + ".valueQuantity", FhirMessages.Required);
                if (o.Specimen is null || !Assessment.AssessmentCodes.Specimens.Contains(o.Specimen)) e.Add(at + ".specimen.display", FhirMessages.NotInValueSet("specimen", Assessment.AssessmentCodes.Specimens));
                break;
            case FhirCondition x: CheckCondition(x, at, e); break;
            case FhirQuestionnaireResponse q:
                if (q.CompletedOn > today) e.Add(at + ".authored", "Must not be in the future.");
                var result = Score(q);
                if (result is null) { e.Add(at + ".questionnaire", FhirMessages.BadValue($"{q.Instrument} is not an instrument of this registry's catalog.")); break; }
                if (result.Status == ResultStatus.Rejected)
                    foreach (var (item, messages) in result.ToFieldErrors())
                    {
                        var index = q.Items.Select((x, i) => (x, i)).FirstOrDefault(t => t.x.Code == item);
                        var path = index.x is null ? at + ".item" : $"{at}.item[{index.i}].answer[0]";
                        foreach (var m in messages) e.Add(path, m);
                    }
                return result;
        }
        return null;
    }

    InstrumentResult? Score(FhirQuestionnaireResponse q) => catalog.Find(q.Instrument) is null ? null
        : catalog.Score(new InstrumentRequest(q.Instrument, q.Items.ToDictionary(i => i.Code, i => i.Answer, StringComparer.Ordinal)));

    const string InsertPatient = "INSERT INTO patients (id, site_id, pseudonym_code, created_at) VALUES (@Id, @SiteId, @Code, @At)";
    const string InsertPatientVersion = """
        INSERT INTO patient_versions (id, version, family_name, given_name, birth_date, sex, language, record_number, recorded_by, recorded_at, source)
        VALUES (@Id, 1, @FamilyName, @GivenName, @BirthDate, @Sex, @Language, @RecordNumber, @By, @At, 'import')
        """;
    const string InsertConsent = """
        INSERT INTO consent_versions (id, version, patient_id, form_code, form_version, language, signed_at, signer, pathway, risks_explained,
            evidence_level_explained, alternatives_explained, allogeneic_source_ack, personal_data_processing, right_to_withdraw,
            long_term_followup_ack, withdrawn_at, recorded_by, recorded_at, source)
        VALUES (@Id, 1, @PatientId, @FormCode, @FormVersion, @Language, @SignedAt, @Signer, @Pathway, @Risks, @Evidence, @Alternatives,
            @Allogeneic, @PersonalData, @Withdraw, @LongTerm, @WithdrawnAt, @By, @At, 'import')
        """;
    const string InsertImaging = """
        INSERT INTO imaging_read_versions (id, version, patient_id, target, modality, read_on, reader, kl_grade, pfirrmann, recorded_by, recorded_at, source)
        VALUES (@Id, 1, @PatientId, @Target, @Modality, @ReadOn, 'import', @Kl, @Pfirrmann, @By, @At, 'import')
        """;
    const string InsertBiomarker = """
        INSERT INTO biomarker_versions (id, version, patient_id, analyte, specimen, value, unit, sampled_on, recorded_by, recorded_at, source)
        VALUES (@Id, 1, @PatientId, @Analyte, @Specimen, @Value, @Unit, @SampledOn, @By, @At, 'import')
        """;

    async Task<Site?> SiteForAsync(Actor actor, CancellationToken ct) => (await sites.ListAsync(ct)).FirstOrDefault(s => actor.CanAccessSite(s.Id));

    /// <summary>Writes the unit's new records with their audit rows; returns how many were created.</summary>
    async Task<int> WriteAsync(FhirImportBatch batch, Actor actor, List<Planned> plan, Site? site,
        Dictionary<(string, string), string> local, CancellationToken ct)
    {
        var (c, tx) = (batch.Connection, batch.Transaction);
        var now = clock.GetUtcNow();
        var by = actor.Username;
        var created = 0;
        string Patient(IFhirRecord r) => local[("Patient", r.PatientId!)];
        // A matched record with a write: a matched allogeneic lot whose donor was screened again (DonorScreeningImport.cs), a
        // matched adverse event whose report was submitted in the source since (RegulatoryReportImport.cs), a matched plan
        // cancelled or completed in the source since (PlanStatusImport.cs).
        foreach (var p in plan.Where(p => p is { Fate: Fate.Match, Write: not null }))
        {
            await p.Write!(c, tx, batch, site, now, by);
            created++;
        }
        foreach (var p in plan.Where(p => p.Fate == Fate.Create))
        {
            var id = p.LocalId;
            string kind;
            string patientId;
            switch (p.Record)
            {
                case FhirPatient x:
                    if (site is null) throw new InvalidOperationException("The importing user belongs to no site.");
                    patientId = id;
                    kind = PatientStore.Kind;
                    await batch.Head.ExecuteAsync(ct, id, kind, id, now, by);
                    await c.ExecuteAsync(InsertPatient, new { Id = id, SiteId = site.Id, Code = await FreshCodeAsync(c, tx), At = now }, tx);
                    await c.ExecuteAsync(InsertPatientVersion, new { Id = id, x.FamilyName, x.GivenName, x.BirthDate, x.Sex, x.Language, x.RecordNumber, By = by, At = now }, tx);
                    await KeepSourcePseudonymAsync(batch, x, id, p.Hash, now, by, ct);
                    break;
                case FhirConsent x:
                    patientId = Patient(x);
                    kind = ConsentStore.Kind;
                    await batch.Head.ExecuteAsync(ct, id, kind, patientId, now, by);
                    await c.ExecuteAsync(InsertConsent, new
                    {
                        Id = id, PatientId = patientId, x.FormCode, x.FormVersion, x.Language, x.SignedAt, x.Signer, x.Pathway,
                        Risks = x.Acknowledgements.Contains("RISKS"), Evidence = x.Acknowledgements.Contains("EVIDENCE_LEVEL"),
                        Alternatives = x.Acknowledgements.Contains("ALTERNATIVES"), Allogeneic = x.Acknowledgements.Contains("ALLOGENEIC_SOURCE"),
                        PersonalData = x.Acknowledgements.Contains("PERSONAL_DATA"), Withdraw = x.Acknowledgements.Contains("RIGHT_TO_WITHDRAW"),
                        LongTerm = x.Acknowledgements.Contains("LONG_TERM_FOLLOWUP"), x.WithdrawnAt, By = by, At = now,
                    }, tx);
                    break;
                case FhirObservation { Code: "AIS_GRADE" } when p.Write is not null:
                    (kind, patientId) = await p.Write(c, tx, batch, site, now, by);
                    break;
                case FhirObservation { Kind: ObservationKind.Imaging } x:
                    patientId = Patient(x);
                    kind = Assessment.AssessmentStore.ReadKind;
                    await batch.Head.ExecuteAsync(ct, id, kind, patientId, now, by);
                    await c.ExecuteAsync(InsertImaging, new
                    {
                        Id = id, PatientId = patientId, x.Target, Modality = x.Code == "KL_GRADE" ? "XRAY" : "MRI", ReadOn = x.Effective,
                        Kl = x.Code == "KL_GRADE" ? (int?)x.Value : null, Pfirrmann = x.Code == "PFIRRMANN" ? (int?)x.Value : null, By = by, At = now,
                    }, tx);
                    break;
                case FhirObservation { Kind: ObservationKind.VitalSign }:
                    (kind, patientId) = await p.Write!(c, tx, batch, site, now, by);
                    break;
                case FhirObservation x:
                    patientId = Patient(x);
                    kind = Assessment.AssessmentStore.BiomarkerKind;
                    await batch.Head.ExecuteAsync(ct, id, kind, patientId, now, by);
                    await c.ExecuteAsync(InsertBiomarker, new { Id = id, PatientId = patientId, Analyte = x.Code, x.Specimen, Value = (double)x.Value!.Value, x.Unit, SampledOn = x.Effective, By = by, At = now }, tx);
                    break;
                case FhirQuestionnaireResponse x:
                    patientId = Patient(x);
                    kind = ResponseStore.Kind;
                    var result = p.Scored!;
                    await batch.Head.ExecuteAsync(ct, id, kind, patientId, now, by);
                    var (itemsJson, scoresJson) = (batch.ItemsJson(x.Items), batch.ResultJson(result));
                    await batch.Response.ExecuteAsync(ct, id, patientId, x.Instrument, result.Version, x.Language, x.Mode, x.VisitCode, x.Target, x.CompletedOn,
                        itemsJson, scoresJson, by, now);
                    break;
                case FhirCondition x:
                    patientId = Patient(x);
                    kind = await WriteConditionAsync(c, tx, batch, actor, x, id, patientId, now, ct);
                    break;
                case var x when p.Write is not null:
                    (kind, patientId) = await p.Write(c, tx, batch, site, now, by);
                    break;
                default:
                    throw new InvalidOperationException($"{p.Record.ResourceType} is not created by import.");
            }
            await batch.Mapping.ExecuteAsync(ct, p.Record.ResourceType, p.System, p.Value, p.Record.Id, id, patientId, p.Hash, now, by);
            await batch.Audit.AppendAsync(actor, new AuditEvent(AuditAction.Create, kind, id, patientId, [Entity, p.System + "|" + p.Value]), ct);
            created++;
        }
        return created;
    }

    static async Task<string> FreshCodeAsync(DbConnection c, DbTransaction tx)
    {
        for (var attempt = 0; ; attempt++)
        {
            var code = PseudonymCode.New();
            if (attempt >= 10 || await c.ExecuteScalarAsync<long>("SELECT count(*) FROM patients WHERE pseudonym_code = @code", new { code }, tx) == 0) return code;
        }
    }

    /// <summary>The record id behind an OrthoRegen identifier (the 32-hex record id at the start of its value), or null.</summary>
    static string? OwnId(JsonElement resource)
    {
        if (!FhirRead.TryGet(resource, "identifier", out var list)) return null;
        var all = list.ValueKind == JsonValueKind.Object ? [list] : list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().ToList() : [];
        foreach (var i in all)
            if (FhirRead.TryGetText(i, "system", out var sys) && sys.StartsWith(FhirCodes.Base + "/sid/", StringComparison.Ordinal)
                && sys != FhirCodes.PseudonymSystem && !sys.StartsWith(FhirCodes.RecordNumberSystem, StringComparison.Ordinal)
                && sys != FhirCodes.DinSystem && sys != FhirCodes.LotNumberSystem
                && FhirRead.TryGetText(i, "value", out var value) && value.Length >= 32 && Ids.LooksValid(value[..32]))
                return value[..32];
        return null;
    }

    static (string? System, string? Value) FirstIdentifier(JsonElement resource)
    {
        if (!FhirRead.TryGet(resource, "identifier", out var list)) return (null, null);
        if (list.ValueKind == JsonValueKind.Array && list.GetArrayLength() == 0 || list.ValueKind is not (JsonValueKind.Array or JsonValueKind.Object)) return (null, null);
        var i = list.ValueKind == JsonValueKind.Object ? list : list[0];
        return (FhirRead.TryGetText(i, "system", out var s) ? s : null, FhirRead.TryGetText(i, "value", out var v) ? v : null);
    }
}

