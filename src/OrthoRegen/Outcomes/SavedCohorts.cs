using System.Data.Common;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;

namespace OrthoRegen.Outcomes;

/// <summary>Saves a named cohort (new) or changes one (with the version the editor saw and a reason).</summary>
public sealed record SaveCohort
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    /// <summary>The cohort definition in its canonical JSON form (or any camelCase JSON of <see cref="CohortDefinition"/>).</summary>
    public string? Definition { get; init; }
    /// <summary>For a change: the version the editor saw.</summary>
    public int? Version { get; init; }
    /// <summary>For a change: why (required).</summary>
    public string? Reason { get; init; }
    /// <summary>For a change: true to archive (hide from the list), false to restore.</summary>
    public bool? Archived { get; init; }
}

/// <summary>A saved cohort: its current version. Saved cohorts hold a definition only; members are always selected anew with the viewer's sites.</summary>
public sealed record SavedCohort(string Id, int Version, string Name, string? Description, CohortDefinition Definition, bool Archived,
    string RecordedBy, DateTimeOffset RecordedAt, string? Reason)
{
    public string Query => Definition.ToQueryString();
}

/// <summary>
/// Saved, named cohorts. Versioned like every record (a change inserts the next version with its reason, compare-and-set on
/// the version the editor saw) and audited in the same transaction. Names are unique (case-insensitive) among saved cohorts.
/// </summary>
public sealed class SavedCohortStore(Database database, AuditTrail audit, TimeProvider clock)
{
    public const string Kind = "saved_cohort";

    const string InsertKey = "INSERT INTO saved_cohorts (id, name_key, created_at) VALUES (@Id, @NameKey, @At)";
    const string UpdateKey = "UPDATE saved_cohorts SET name_key = @NameKey WHERE id = @Id";
    const string NameTaken = "SELECT id FROM saved_cohorts WHERE name_key = @NameKey";
    const string InsertVersion = """
        INSERT INTO cohort_versions (id, version, name, description, definition, archived, recorded_by, recorded_at, source, reason)
        VALUES (@Id, @Version, @Name, @Description, @Definition, @Archived, @RecordedBy, @RecordedAt, 'clinic', @Reason)
        """;
    const string Columns = """
        SELECT v.id AS Id, v.version AS Version, v.name AS Name, v.description AS Description, v.definition AS Definition,
               v.archived AS Archived, v.recorded_by AS RecordedBy, v.recorded_at AS RecordedAt, v.reason AS Reason
        FROM cohort_versions v
        """;
    const string Current = Columns + " JOIN record_heads h ON h.id = v.id AND h.current_version = v.version WHERE NOT v.entered_in_error";

    /// <summary>Current saved cohorts by name; archived ones only when asked.</summary>
    public async Task<IReadOnlyList<SavedCohort>> ListAsync(bool includeArchived, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(Current + " ORDER BY v.name", cancellationToken: ct));
        return rows.Select(r => r.ToView()).Where(s => includeArchived || !s.Archived).OrderBy(s => s.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    public async Task<SavedCohort?> LoadAsync(string id, CancellationToken ct)
    {
        if (!Ids.LooksValid(id)) return null;
        await using var c = await database.OpenAsync(ct);
        return (await c.QueryFirstOrDefaultAsync<Row>(new CommandDefinition(Current + " AND v.id = @id", new { id }, cancellationToken: ct)))?.ToView();
    }

    /// <summary>Every version, oldest first.</summary>
    public async Task<IReadOnlyList<SavedCohort>> HistoryAsync(string id, CancellationToken ct)
    {
        if (!Ids.LooksValid(id)) return [];
        await using var c = await database.OpenAsync(ct);
        return (await c.QueryAsync<Row>(new CommandDefinition(Columns + " WHERE v.id = @id ORDER BY v.version", new { id }, cancellationToken: ct))).Select(r => r.ToView()).ToList();
    }

    /// <summary>Saves a new named cohort.</summary>
    public async Task<Outcome<SavedCohort>> CreateAsync(Actor actor, SaveCohort r, CancellationToken ct)
    {
        var e = new FieldErrors();
        var (name, description, definition) = Validate(e, r);
        if (r.Version is not null) e.Add("version", "Not used when saving a new cohort.");
        if (!e.IsEmpty) return Outcome.Invalid<SavedCohort>(e.ToDictionary());
        var id = Ids.New(clock);
        var now = clock.GetUtcNow();
        return await database.InTransactionAsync<Outcome<SavedCohort>>(async (c, tx) =>
        {
            if (await TakenAsync(c, tx, name!, null)) return Outcome.Invalid<SavedCohort>(new FieldErrors().Add("name", "A saved cohort already has this name.").ToDictionary());
            await VersionedRecords.CreateAsync(c, tx, id, Kind, null, now, actor.Username);
            await c.ExecuteAsync(InsertKey, new { Id = id, NameKey = Key(name!), At = now }, tx);
            var row = new Row { Id = id, Version = 1, Name = name!, Description = description, Definition = definition!.ToCanonicalJson(), RecordedBy = actor.Username, RecordedAt = now };
            await c.ExecuteAsync(InsertVersion, row, tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, Kind, id, null, ["name", "description", "definition"]));
            return row.ToView();
        }, ct);
    }

    /// <summary>Renames, redefines, archives or restores a saved cohort: the next version, with a reason.</summary>
    public async Task<Outcome<SavedCohort>> UpdateAsync(Actor actor, string id, SaveCohort r, CancellationToken ct)
    {
        var current = await LoadAsync(id, ct);
        if (current is null) return Outcome.NotFound<SavedCohort>();
        var e = new FieldErrors();
        var (name, description, definition) = Validate(e, r with { Name = r.Name ?? current.Name, Definition = r.Definition ?? current.Definition.ToCanonicalJson() });
        e.Integer("version", r.Version, 1, int.MaxValue, required: true);
        var reason = e.Required("reason", r.Reason, 500);
        if (!e.IsEmpty) return Outcome.Invalid<SavedCohort>(e.ToDictionary());
        var now = clock.GetUtcNow();
        return await database.InTransactionAsync<Outcome<SavedCohort>>(async (c, tx) =>
        {
            if (await TakenAsync(c, tx, name!, id)) return Outcome.Invalid<SavedCohort>(new FieldErrors().Add("name", "A saved cohort already has this name.").ToDictionary());
            var next = await VersionedRecords.NextVersionAsync(c, tx, id, Kind, r.Version!.Value);
            if (next is null) return Outcome.NotFound<SavedCohort>();
            if (next == -1) return Outcome.Conflict<SavedCohort>("The cohort was changed by someone else; reload it and try again.");
            await c.ExecuteAsync(UpdateKey, new { Id = id, NameKey = Key(name!) }, tx);
            var row = new Row
            {
                Id = id, Version = next.Value, Name = name!, Description = r.Description is null ? current.Description : description,
                Definition = definition!.ToCanonicalJson(), Archived = r.Archived ?? current.Archived, RecordedBy = actor.Username, RecordedAt = now, Reason = reason,
            };
            await c.ExecuteAsync(InsertVersion, row, tx);
            var fields = new List<string>();
            if (row.Name != current.Name) fields.Add("name");
            if (row.Description != current.Description) fields.Add("description");
            if (row.Definition != current.Definition.ToCanonicalJson()) fields.Add("definition");
            if (row.Archived != current.Archived) fields.Add("archived");
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Update, Kind, id, null, fields));
            return row.ToView();
        }, ct);
    }

    static (string? Name, string? Description, CohortDefinition? Definition) Validate(FieldErrors e, SaveCohort r)
    {
        var name = e.Required("name", r.Name, 120);
        var description = e.Optional("description", r.Description, 2000);
        CohortDefinition? definition = null;
        switch (CohortDefinition.FromJson(r.Definition))
        {
            case Outcome<CohortDefinition>.Done d: definition = d.Value; break;
            case Outcome<CohortDefinition>.Invalid i: foreach (var (k, v) in i.Errors) e.Add(k == "definition" ? k : "definition." + k, v[0]); break;
        }
        return (name, description, definition);
    }

    static string Key(string name) => name.Trim().ToUpperInvariant();

    static async Task<bool> TakenAsync(DbConnection c, DbTransaction tx, string name, string? self)
    {
        var owner = await c.ExecuteScalarAsync<string?>(NameTaken, new { NameKey = Key(name) }, tx);
        return owner is not null && owner != self;
    }

    sealed record Row
    {
        public string Id { get; init; } = "";
        public int Version { get; init; }
        public string Name { get; init; } = "";
        public string? Description { get; init; }
        public string Definition { get; init; } = "{}";
        public bool Archived { get; init; }
        public string RecordedBy { get; init; } = "";
        public DateTimeOffset RecordedAt { get; init; }
        public string? Reason { get; init; }

        public SavedCohort ToView() => new(Id, Version, Name, Description,
            CohortDefinition.FromJson(Definition) is Outcome<CohortDefinition>.Done d ? d.Value : new CohortDefinition(),
            Archived, RecordedBy, RecordedAt, Reason);
    }
}
