using System.Text.Json;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;

namespace OrthoRegen.Evidence;

/// <summary>A stored review record (PRISMA counts or a GRADE rating), current version.</summary>
public sealed record Review<T>(string Id, int Version, string Title, T Body, string RecordedBy, DateTimeOffset RecordedAt, string? Reason);

/// <summary>
/// The reviewer's PRISMA 2020 counts and GRADE ratings (the only code touching <c>evidence_review_versions</c>),
/// versioned and audited like studies.
/// </summary>
public sealed class ReviewStore(Database database, AuditTrail audit, TimeProvider clock)
{
    public const string PrismaKind = "evidence_prisma", GradeKind = "evidence_grade";

    const string InsertSql = """
        INSERT INTO evidence_review_versions (id, version, kind, title, body, recorded_by, recorded_at, source, reason)
        VALUES (@Id, @Version, @Kind, @Title, @Body, @RecordedBy, @RecordedAt, 'clinic', @Reason)
        """;
    const string SelectCurrent = """
        SELECT v.id AS Id, v.version AS Version, v.title AS Title, v.body AS Body, v.recorded_by AS RecordedBy,
               v.recorded_at AS RecordedAt, v.reason AS Reason
        FROM evidence_review_versions v JOIN record_heads h ON h.id = v.id AND h.current_version = v.version
        WHERE v.kind = @kind AND NOT v.entered_in_error
        """;

    public Task<Outcome<Review<PrismaCounts>>> SavePrismaAsync(Actor actor, string? id, PrismaInput input, CancellationToken ct) =>
        SaveAsync(actor, id, PrismaKind, Prisma.Validate(input), p => p.Title, input.Version, input.Reason, ct);

    public Task<Outcome<Review<GradeRating>>> SaveGradeAsync(Actor actor, string? id, GradeInput input, CancellationToken ct) =>
        SaveAsync(actor, id, GradeKind, Grade.Validate(input), GradeTitle, input.Version, input.Reason, ct);

    public Task<IReadOnlyList<Review<PrismaCounts>>> PrismasAsync(CancellationToken ct) => ListAsync<PrismaCounts>(PrismaKind, ct);
    public Task<IReadOnlyList<Review<GradeRating>>> GradesAsync(CancellationToken ct) => ListAsync<GradeRating>(GradeKind, ct);

    public static string GradeTitle(GradeRating g) =>
        $"{g.Outcome.Instrument} {g.Outcome.Subscale}{(g.Outcome.Month is { } m ? $" at {m:0.##} months" : "")} ({g.Measure})";

    async Task<Outcome<Review<T>>> SaveAsync<T>(Actor actor, string? id, string kind, Outcome<T> valid, Func<T, string> title,
        int? version, string? reason, CancellationToken ct)
    {
        var e = new FieldErrors();
        if (id is not null)
        {
            version = e.Integer("version", version, 1, int.MaxValue, required: true);
            reason = e.Required("reason", reason, 2000);
        }
        if (valid is Outcome<T>.Invalid inv) foreach (var (k, v) in inv.Errors) foreach (var m in v) e.Add(k, m);
        if (!e.IsEmpty) return Outcome.Invalid<Review<T>>(e.ToDictionary());
        var body = ((Outcome<T>.Done)valid).Value;
        if (id is not null && (!Ids.LooksValid(id) || (await ListAsync<T>(kind, ct)).All(r => r.Id != id))) return Outcome.NotFound<Review<T>>();
        var now = clock.GetUtcNow();
        var recordId = id ?? Ids.New(clock);
        var stored = await database.InTransactionAsync(async (c, tx) =>
        {
            int? next = 1;
            if (id is null) await VersionedRecords.CreateAsync(c, tx, recordId, kind, null, now, actor.Username);
            else next = await VersionedRecords.NextVersionAsync(c, tx, recordId, kind, version!.Value);
            if (next is not > 0) return next;
            await c.ExecuteAsync(InsertSql, new
            {
                Id = recordId, Version = next, Kind = kind, Title = title(body), Body = JsonSerializer.Serialize(body, EvidenceStore.Json),
                RecordedBy = actor.Username, RecordedAt = now, Reason = id is null ? null : reason,
            }, tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(id is null ? AuditAction.Create : AuditAction.Update, kind, recordId, null,
                id is null ? ["review"] : ["review", "reason"]));
            return next;
        }, ct);
        if (stored is null) return Outcome.NotFound<Review<T>>();
        if (stored < 0) return Outcome.Conflict<Review<T>>($"The record has changed since version {version}; reload it and save again.");
        return (await ListAsync<T>(kind, ct)).First(r => r.Id == recordId);
    }

    async Task<IReadOnlyList<Review<T>>> ListAsync<T>(string kind, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(SelectCurrent + " ORDER BY v.title, v.id", new { kind }, cancellationToken: ct));
        return rows.Select(r => new Review<T>(r.Id, r.Version, r.Title, JsonSerializer.Deserialize<T>(r.Body, EvidenceStore.Json)!,
            r.RecordedBy, r.RecordedAt, r.Reason)).ToList();
    }

    sealed record Row
    {
        public string Id { get; init; } = "";
        public int Version { get; init; }
        public string Title { get; init; } = "";
        public string Body { get; init; } = "{}";
        public string RecordedBy { get; init; } = "";
        public DateTimeOffset RecordedAt { get; init; }
        public string? Reason { get; init; }
    }
}
