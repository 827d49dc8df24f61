using System.Data.Common;
using System.Text.Json;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;

namespace OrthoRegen.Evidence;

/// <summary>Library filters; null means any.</summary>
public sealed record StudyFilter(string? Query = null, string? Design = null, string? Indication = null, string? CellSource = null, string? Route = null);

/// <summary>
/// The literature library (the only code touching <c>evidence_studies</c> and <c>evidence_study_versions</c>). Studies
/// are versioned: a correction inserts the next version with its reason, and a stale version is a conflict. Every write
/// is audited in its transaction. Studies are published literature, not patient data, so every evidence role sees all.
/// </summary>
public sealed class EvidenceStore(Database database, AuditTrail audit, TimeProvider clock)
{
    public const string Kind = "evidence_study";
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    const string InsertStudySql = "INSERT INTO evidence_studies (id, demo_key, created_at) VALUES (@Id, @DemoKey, @At)";
    const string InsertVersionSql = """
        INSERT INTO evidence_study_versions (id, version, title, authors, year, doi, pmid, design, country, indication,
            cell_source, route, dose_cells_e6, injections, follow_up_months, source_label, source_url, notes, arms, outcomes,
            reported_effects, recorded_by, recorded_at, source, reason)
        VALUES (@Id, @Version, @Title, @Authors, @Year, @Doi, @Pmid, @Design, @Country, @Indication, @CellSource, @Route,
            @DoseCellsE6, @Injections, @FollowUpMonths, @SourceLabel, @SourceUrl, @Notes, @Arms, @Outcomes, @ReportedEffects,
            @RecordedBy, @RecordedAt, @Source, @Reason)
        """;
    const string SelectColumns = """
        SELECT v.id AS Id, v.version AS Version, v.title AS Title, v.authors AS Authors, v.year AS Year, v.doi AS Doi,
               v.pmid AS Pmid, v.design AS Design, v.country AS Country, v.indication AS Indication, v.cell_source AS CellSource,
               v.route AS Route, v.dose_cells_e6 AS DoseCellsE6, v.injections AS Injections, v.follow_up_months AS FollowUpMonths,
               v.source_label AS SourceLabel, v.source_url AS SourceUrl, v.notes AS Notes, v.arms AS Arms, v.outcomes AS Outcomes,
               v.reported_effects AS ReportedEffects, v.recorded_by AS RecordedBy, v.recorded_at AS RecordedAt, v.source AS Source,
               v.reason AS Reason, s.demo_key AS DemoKey
        FROM evidence_study_versions v JOIN evidence_studies s ON s.id = v.id
        """;
    const string SelectCurrent = SelectColumns + """
         JOIN record_heads h ON h.id = v.id AND h.current_version = v.version
        WHERE NOT v.entered_in_error
        """;

    int MaxYear => clock.GetUtcNow().Year + 1;

    /// <summary>Validates and stores a new study (version 1).</summary>
    public async Task<Outcome<Study>> CreateAsync(Actor actor, StudyInput input, CancellationToken ct)
    {
        var valid = StudyValidation.Validate(input, MaxYear);
        if (valid is not Outcome<StudyData>.Done d) return Outcome.Invalid<Study>(((Outcome<StudyData>.Invalid)valid).Errors);
        var id = await database.InTransactionAsync((c, tx) => InsertNewAsync(c, tx, actor, d.Value, null, RecordSource.Clinic), ct);
        return (await GetAsync(id, ct))!;
    }

    /// <summary>
    /// Stores many studies in one transaction (the CSV import): all or nothing. The inputs must be valid already.
    /// </summary>
    public async Task<IReadOnlyList<string>> CreateManyAsync(Actor actor, IReadOnlyList<StudyData> studies, string source, CancellationToken ct) =>
        await database.InTransactionAsync(async (c, tx) =>
        {
            var ids = new List<string>();
            foreach (var s in studies) ids.Add(await InsertNewAsync(c, tx, actor, s, null, source));
            return ids;
        }, ct);

    /// <summary>Reads a library CSV (<see cref="StudyCsv"/>) and stores every study in one transaction, or nothing.</summary>
    public async Task<Outcome<IReadOnlyList<string>>> ImportCsvAsync(Actor actor, string csv, CancellationToken ct)
    {
        var read = StudyCsv.Read(csv, MaxYear);
        if (read is Outcome<IReadOnlyList<StudyData>>.Invalid i) return Outcome.Invalid<IReadOnlyList<string>>(i.Errors);
        return new Outcome<IReadOnlyList<string>>.Done(await CreateManyAsync(actor, ((Outcome<IReadOnlyList<StudyData>>.Done)read).Value, RecordSource.Import, ct));
    }

    /// <summary>Stores a demo-library study unless one with <paramref name="demoKey"/> exists; true when inserted.</summary>
    internal async Task<bool> EnsureDemoAsync(Actor actor, string demoKey, StudyData data, CancellationToken ct) =>
        await database.InTransactionAsync(async (c, tx) =>
        {
            var exists = await c.ExecuteScalarAsync<long>("SELECT count(*) FROM evidence_studies WHERE demo_key = @demoKey", new { demoKey }, tx);
            if (exists > 0) return false;
            await InsertNewAsync(c, tx, actor, data, demoKey, RecordSource.Import);
            return true;
        }, ct);

    /// <summary>A correction: the next version with its reason; conflict when <c>version</c> is not the current one.</summary>
    public async Task<Outcome<Study>> CorrectAsync(Actor actor, string id, StudyInput input, CancellationToken ct)
    {
        var e = new FieldErrors();
        var version = e.Integer("version", input.Version, 1, int.MaxValue, required: true);
        var reason = e.Required("reason", input.Reason, 2000);
        var valid = StudyValidation.Validate(input, MaxYear);
        if (valid is Outcome<StudyData>.Invalid inv)
            foreach (var (k, v) in inv.Errors) foreach (var m in v) e.Add(k, m);
        if (!e.IsEmpty) return Outcome.Invalid<Study>(e.ToDictionary());
        if (!Ids.LooksValid(id) || await GetAsync(id, ct) is null) return Outcome.NotFound<Study>();
        var data = ((Outcome<StudyData>.Done)valid).Value;
        var next = await database.InTransactionAsync(async (c, tx) =>
        {
            var n = await VersionedRecords.NextVersionAsync(c, tx, id, Kind, version!.Value);
            if (n is not > 0) return n;
            await c.ExecuteAsync(InsertVersionSql, Row(id, n.Value, data, actor, RecordSource.Clinic, reason), tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Update, Kind, id, null, ["study", "reason"]));
            return n;
        }, ct);
        if (next is null) return Outcome.NotFound<Study>();
        if (next < 0) return Outcome.Conflict<Study>($"The study has changed since version {version}; reload it and correct again.");
        return (await GetAsync(id, ct))!;
    }

    public async Task<Study?> GetAsync(string id, CancellationToken ct)
    {
        if (!Ids.LooksValid(id)) return null;
        await using var c = await database.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<StudyRow>(new CommandDefinition(SelectCurrent + " AND v.id = @id", new { id }, cancellationToken: ct));
        return row?.ToStudy();
    }

    /// <summary>Every version of a study, oldest first; null when it does not exist.</summary>
    public async Task<IReadOnlyList<Study>?> HistoryAsync(string id, CancellationToken ct)
    {
        if (!Ids.LooksValid(id)) return null;
        await using var c = await database.OpenAsync(ct);
        var rows = (await c.QueryAsync<StudyRow>(new CommandDefinition(SelectColumns + " WHERE v.id = @id ORDER BY v.version", new { id }, cancellationToken: ct))).ToList();
        return rows.Count == 0 ? null : rows.Select(r => r.ToStudy()).ToList();
    }

    /// <summary>Current studies matching the filter, ordered by year then label.</summary>
    public async Task<IReadOnlyList<Study>> ListAsync(StudyFilter filter, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<StudyRow>(new CommandDefinition(SelectCurrent, cancellationToken: ct));
        var q = filter.Query?.Trim();
        return rows.Select(r => r.ToStudy())
            .Where(s => filter.Design is null || s.Data.Design == filter.Design)
            .Where(s => filter.Indication is null || s.Data.Indication == filter.Indication)
            .Where(s => filter.CellSource is null || s.Data.CellSource == filter.CellSource || s.Data.Arms.Any(a => a.CellSource == filter.CellSource))
            .Where(s => filter.Route is null || s.Data.Route == filter.Route)
            .Where(s => string.IsNullOrEmpty(q) || s.Data.Title.Contains(q, StringComparison.OrdinalIgnoreCase)
                        || (s.Data.Authors?.Contains(q, StringComparison.OrdinalIgnoreCase) ?? false)
                        || s.Data.Doi == q || s.Data.Pmid == q)
            .OrderBy(s => s.Data.Year).ThenBy(s => s.Data.Label, StringComparer.Ordinal).ThenBy(s => s.Id, StringComparer.Ordinal)
            .ToList();
    }

    async Task<string> InsertNewAsync(DbConnection c, DbTransaction tx, Actor actor, StudyData data, string? demoKey, string source)
    {
        var id = Ids.New(clock);
        var now = clock.GetUtcNow();
        await VersionedRecords.CreateAsync(c, tx, id, Kind, null, now, actor.Username);
        await c.ExecuteAsync(InsertStudySql, new { Id = id, DemoKey = demoKey, At = now }, tx);
        await c.ExecuteAsync(InsertVersionSql, Row(id, 1, data, actor, source, null), tx);
        await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, Kind, id, null,
            demoKey is null ? ["study", $"source={source}"] : ["study", $"demo={demoKey}"]));
        return id;
    }

    object Row(string id, int version, StudyData d, Actor actor, string source, string? reason) => new
    {
        Id = id, Version = version, d.Title, d.Authors, d.Year, d.Doi, d.Pmid, d.Design, d.Country, d.Indication, d.CellSource,
        d.Route, d.DoseCellsE6, d.Injections, d.FollowUpMonths, d.SourceLabel, d.SourceUrl, d.Notes,
        Arms = JsonSerializer.Serialize(d.Arms, Json), Outcomes = JsonSerializer.Serialize(d.Outcomes, Json),
        ReportedEffects = JsonSerializer.Serialize(d.ReportedEffects, Json),
        RecordedBy = actor.Username, RecordedAt = clock.GetUtcNow(), Source = source, Reason = reason,
    };

    sealed record StudyRow
    {
        public string Id { get; init; } = "";
        public int Version { get; init; }
        public string Title { get; init; } = "";
        public string? Authors { get; init; }
        public int Year { get; init; }
        public string? Doi { get; init; }
        public string? Pmid { get; init; }
        public string Design { get; init; } = "";
        public string? Country { get; init; }
        public string Indication { get; init; } = "";
        public string? CellSource { get; init; }
        public string? Route { get; init; }
        public double? DoseCellsE6 { get; init; }
        public int? Injections { get; init; }
        public double? FollowUpMonths { get; init; }
        public string SourceLabel { get; init; } = "";
        public string? SourceUrl { get; init; }
        public string? Notes { get; init; }
        public string Arms { get; init; } = "[]";
        public string Outcomes { get; init; } = "[]";
        public string ReportedEffects { get; init; } = "[]";
        public string RecordedBy { get; init; } = "";
        public DateTimeOffset RecordedAt { get; init; }
        public string Source { get; init; } = "";
        public string? Reason { get; init; }
        public string? DemoKey { get; init; }

        public Study ToStudy() => new(Id, Version, new StudyData(Title, Authors, Year, Doi, Pmid, Design, Country, Indication,
                CellSource, Route, DoseCellsE6, Injections, FollowUpMonths, SourceLabel, SourceUrl, Notes,
                JsonSerializer.Deserialize<List<StudyArm>>(Arms, Json) ?? [],
                JsonSerializer.Deserialize<List<ArmOutcome>>(Outcomes, Json) ?? [],
                JsonSerializer.Deserialize<List<ReportedEffect>>(ReportedEffects, Json) ?? []),
            RecordedBy, RecordedAt, Source, Reason, DemoKey);
    }
}
