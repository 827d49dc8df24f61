using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;

namespace OrthoRegen.Outcomes;

/// <summary>Conclusions of a signal review.</summary>
public static class SignalConclusions
{
    public const string NoSignal = "NO_SIGNAL";
    public const string Monitor = "MONITOR";
    public const string ConfirmedSignal = "CONFIRMED_SIGNAL";
    public static readonly IReadOnlyList<string> All = [NoSignal, Monitor, ConfirmedSignal];
}

public static class SignalReviewStatus
{
    public const string Open = "OPEN";
    public const string Closed = "CLOSED";
}

/// <summary>Opens a review of a lot's signal; the signal numbers are computed by the server at that moment, not sent.</summary>
public sealed record OpenSignalReview
{
    public string? LotId { get; init; }
    /// <summary>ALL, RELATED or SERIOUS: which events the signal counts (default ALL).</summary>
    public string? Events { get; init; }
    public string? Assessment { get; init; }
}

/// <summary>Records the reviewer's assessment (and, optionally, a provisional conclusion) as the next version.</summary>
public sealed record AssessSignalReview
{
    public int? Version { get; init; }
    public string? Assessment { get; init; }
    public string? Conclusion { get; init; }
}

/// <summary>Closes the review with its conclusion; an assessment must be on record or given here.</summary>
public sealed record CloseSignalReview
{
    public int? Version { get; init; }
    public string? Conclusion { get; init; }
    public string? Assessment { get; init; }
}

public sealed record SignalReviewVersion(int Version, string Status, string EventFilter, int Injections, int Observed, double Expected, double PValue,
    string SignalLevel, string? Assessment, string? Conclusion, DateTimeOffset? ClosedAt, string RecordedBy, DateTimeOffset RecordedAt, string? Reason);

/// <summary>A review of a flagged lot with every version (newest last).</summary>
public sealed record SignalReview(string Id, string LotId, string LotNumber, DateTimeOffset OpenedAt, string OpenedBy, SignalReviewVersion Current,
    IReadOnlyList<SignalReviewVersion> History);

/// <summary>
/// The review workflow for a flagged lot: open (with the lot's signal at that moment), record assessments, close with a
/// conclusion (NO_SIGNAL, MONITOR, CONFIRMED_SIGNAL). Versioned like every record; each write and its audit row in one
/// transaction. A lot has at most one open review. Lots of other sites are not found, exactly like missing ones.
/// </summary>
public sealed class SafetySignalReviews(Database database, AuditTrail audit, TimeProvider clock, SafetySignalRuns runs, CohortSelector selector)
{
    public const string Kind = "signal_review";
    const int TextLimit = 4000;

    const string LotSql = "SELECT id AS Id, site_id AS SiteId, lot_number AS LotNumber FROM product_lots WHERE id = @id";
    const string OpenExistsSql = """
        SELECT COUNT(*) FROM signal_reviews r
        JOIN record_heads h ON h.id = r.id
        JOIN signal_review_versions v ON v.id = r.id AND v.version = h.current_version
        WHERE r.lot_id = @lotId AND v.status = 'OPEN'
        """;
    const string InsertReviewSql = "INSERT INTO signal_reviews (id, lot_id, site_id, opened_at, opened_by) VALUES (@Id, @LotId, @SiteId, @At, @By)";
    const string InsertVersionSql = """
        INSERT INTO signal_review_versions (id, version, status, event_filter, injections, observed, expected, p_value, signal_level, assessment,
            conclusion, closed_at, recorded_by, recorded_at, source, reason)
        VALUES (@Id, @Version, @Status, @EventFilter, @Injections, @Observed, @Expected, @PValue, @SignalLevel, @Assessment,
            @Conclusion, @ClosedAt, @RecordedBy, @RecordedAt, @Source, @Reason)
        """;
    const string ReviewsSql = """
        SELECT r.id AS Id, r.lot_id AS LotId, l.lot_number AS LotNumber, r.site_id AS SiteId, r.opened_at AS OpenedAt, r.opened_by AS OpenedBy
        FROM signal_reviews r JOIN product_lots l ON l.id = r.lot_id
        """;
    const string VersionsSql = """
        SELECT id AS Id, version AS Version, status AS Status, event_filter AS EventFilter, injections AS Injections, observed AS Observed,
               expected AS Expected, p_value AS PValue, signal_level AS SignalLevel, assessment AS Assessment, conclusion AS Conclusion,
               closed_at AS ClosedAt, recorded_by AS RecordedBy, recorded_at AS RecordedAt, reason AS Reason
        FROM signal_review_versions WHERE NOT entered_in_error AND
        """;

    public async Task<Outcome<SignalReview>> OpenAsync(Actor actor, OpenSignalReview r, CancellationToken ct)
    {
        var e = new FieldErrors();
        var lotId = e.Required("lotId", r.LotId, 64);
        var options = SafetySignalOptions.From(r.Events);
        if (options is Outcome<SafetySignalOptions>.Invalid bad) foreach (var (k, v) in bad.Errors) foreach (var m in v) e.Add(k, m);
        var assessment = e.Optional("assessment", r.Assessment, TextLimit);
        if (!e.IsEmpty) return Outcome.Invalid<SignalReview>(e.ToDictionary());
        var lot = await LotAsync(actor, lotId!, ct);
        if (lot is null) return Outcome.NotFound<SignalReview>();
        var filter = ((Outcome<SafetySignalOptions>.Done)options).Value.EventFilter;
        // The signal at opening: the lot's unit in the analysis of every treated patient the caller may see.
        var members = await selector.SelectAsync(actor, CohortDefinition.Everyone, ct);
        var (injections, events) = await runs.LoadAsync(members, ct);
        var unit = SafetySignalAnalysis.Analyse(injections, events, filter).Units
            .FirstOrDefault(u => u.Dimension == SafetySignalAnalysis.Lot && u.Key == lot.Id);
        if (unit is null) return Outcome.Invalid<SignalReview>(new FieldErrors().Add("lotId", "No injection of this lot is recorded: there is no signal to review.").ToDictionary());

        var now = clock.GetUtcNow();
        var id = Ids.New(clock);
        var outcome = await database.InTransactionAsync<Outcome<SignalReview>?>(async (c, tx) =>
        {
            if (await c.ExecuteScalarAsync<long>(OpenExistsSql, new { lotId = lot.Id }, tx) > 0)
                return Outcome.Conflict<SignalReview>("This lot already has an open signal review.");
            await VersionedRecords.CreateAsync(c, tx, id, Kind, null, now, actor.Username);
            await c.ExecuteAsync(InsertReviewSql, new { Id = id, LotId = lot.Id, lot.SiteId, At = now, By = actor.Username }, tx);
            await c.ExecuteAsync(InsertVersionSql, Row(id, 1, SignalReviewStatus.Open, filter, unit.Injections, unit.Observed, unit.Expected, unit.P,
                unit.Level, assessment, null, null, actor, now, null), tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, Kind, id, null,
                ["lot_id", "event_filter", "observed", "expected", "p_value", "signal_level", .. assessment is null ? Array.Empty<string>() : ["assessment"]]));
            return null;
        }, ct);
        return outcome ?? (Outcome<SignalReview>)(await GetAsync(actor, id, ct))!;
    }

    public Task<Outcome<SignalReview>> AssessAsync(Actor actor, string reviewId, AssessSignalReview r, CancellationToken ct)
    {
        var e = new FieldErrors();
        if (r.Version is null) e.Add("version", "Required: the version you saw.");
        var assessment = e.Required("assessment", r.Assessment, TextLimit);
        var conclusion = ConclusionOf(e, r.Conclusion, required: false);
        return e.IsEmpty
            ? NextAsync(actor, reviewId, r.Version!.Value, v => v with { Assessment = assessment, Conclusion = conclusion ?? v.Conclusion }, "assessment", ct)
            : Task.FromResult(Outcome.Invalid<SignalReview>(e.ToDictionary()));
    }

    public Task<Outcome<SignalReview>> CloseAsync(Actor actor, string reviewId, CloseSignalReview r, CancellationToken ct)
    {
        var e = new FieldErrors();
        if (r.Version is null) e.Add("version", "Required: the version you saw.");
        var conclusion = ConclusionOf(e, r.Conclusion, required: true);
        var assessment = e.Optional("assessment", r.Assessment, TextLimit);
        if (!e.IsEmpty) return Task.FromResult(Outcome.Invalid<SignalReview>(e.ToDictionary()));
        var now = clock.GetUtcNow();
        return NextAsync(actor, reviewId, r.Version!.Value, v => v.Assessment is null && assessment is null
            ? null
            : v with { Status = SignalReviewStatus.Closed, Conclusion = conclusion, Assessment = assessment ?? v.Assessment, ClosedAt = now }, "conclusion", ct);
    }

    static string? ConclusionOf(FieldErrors e, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value)) { if (required) e.Add("conclusion", $"Required: one of {string.Join(", ", SignalConclusions.All)}."); return null; }
        var v = value.Trim();
        if (!SignalConclusions.All.Contains(v, StringComparer.Ordinal)) { e.Add("conclusion", $"Must be one of {string.Join(", ", SignalConclusions.All)}."); return null; }
        return v;
    }

    /// <summary>Writes the next version made by <paramref name="change"/> (null = the close lacks an assessment).</summary>
    async Task<Outcome<SignalReview>> NextAsync(Actor actor, string reviewId, int seen, Func<SignalReviewVersion, SignalReviewVersion?> change,
        string field, CancellationToken ct)
    {
        var review = await GetAsync(actor, reviewId, ct);
        if (review is null) return Outcome.NotFound<SignalReview>();
        if (review.Current.Status == SignalReviewStatus.Closed) return Outcome.Conflict<SignalReview>("The review is closed.");
        var next = change(review.Current);
        if (next is null) return Outcome.Invalid<SignalReview>(new FieldErrors().Add("assessment", "Record the assessment before closing the review.").ToDictionary());
        var now = clock.GetUtcNow();
        var outcome = await database.InTransactionAsync<Outcome<SignalReview>?>(async (c, tx) =>
        {
            var version = await VersionedRecords.NextVersionAsync(c, tx, reviewId, Kind, seen);
            if (version is null) return Outcome.NotFound<SignalReview>();
            if (version == -1) return Outcome.Conflict<SignalReview>("The review was changed by someone else; reload it.");
            await c.ExecuteAsync(InsertVersionSql, Row(reviewId, version.Value, next.Status, next.EventFilter, next.Injections, next.Observed, next.Expected,
                next.PValue, next.SignalLevel, next.Assessment, next.Conclusion, next.ClosedAt, actor, now, null), tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Update, Kind, reviewId, null, ["status", field]));
            return null;
        }, ct);
        return outcome ?? (Outcome<SignalReview>)(await GetAsync(actor, reviewId, ct))!;
    }

    static object Row(string id, int version, string status, string filter, int injections, int observed, double expected, double p, string level,
        string? assessment, string? conclusion, DateTimeOffset? closedAt, Actor actor, DateTimeOffset at, string? reason) => new
    {
        Id = id, Version = version, Status = status, EventFilter = filter, Injections = injections, Observed = observed, Expected = expected, PValue = p,
        SignalLevel = level, Assessment = assessment, Conclusion = conclusion, ClosedAt = closedAt, RecordedBy = actor.Username, RecordedAt = at,
        Source = RecordSource.Clinic, Reason = reason,
    };

    /// <summary>The review with its history; null when missing or at a site the caller does not belong to.</summary>
    public async Task<SignalReview?> GetAsync(Actor actor, string reviewId, CancellationToken ct) =>
        (await ListAsync(actor, null, reviewId, ct)).FirstOrDefault();

    /// <summary>Reviews the caller may see, newest first; optionally of one lot.</summary>
    public async Task<IReadOnlyList<SignalReview>> ListAsync(Actor actor, string? lotId, string? reviewId, CancellationToken ct)
    {
        if (!actor.AllSites && actor.SiteIds.Count == 0) return [];
        var args = new DynamicParameters();
        var where = " WHERE 1 = 1";
        if (!actor.AllSites) where += " AND " + SqlList.In("r.site_id", actor.SiteIds, args, "site");
        if (lotId is not null) { where += " AND r.lot_id = @lotId"; args.Add("lotId", lotId); }
        if (reviewId is not null) { where += " AND r.id = @reviewId"; args.Add("reviewId", reviewId); }
        await using var c = await database.OpenAsync(ct);
        var heads = (await c.QueryAsync<HeadRow>(new CommandDefinition(ReviewsSql + where + " ORDER BY r.opened_at DESC, r.id DESC", args, cancellationToken: ct))).ToList();
        if (heads.Count == 0) return [];
        var vArgs = new DynamicParameters();
        var versions = (await c.QueryAsync<VersionRow>(new CommandDefinition(VersionsSql + " " + SqlList.In("id", heads.Select(h => h.Id).ToList(), vArgs, "rv")
            + " ORDER BY version", vArgs, cancellationToken: ct))).ToLookup(v => v.Id);
        return heads.Select(h =>
        {
            var history = versions[h.Id].Select(v => new SignalReviewVersion(v.Version, v.Status, v.EventFilter, v.Injections, v.Observed, v.Expected, v.PValue,
                v.SignalLevel, v.Assessment, v.Conclusion, v.ClosedAt, v.RecordedBy, v.RecordedAt, v.Reason)).ToList();
            return new SignalReview(h.Id, h.LotId, h.LotNumber, h.OpenedAt, h.OpenedBy, history[^1], history);
        }).ToList();
    }

    async Task<LotRow?> LotAsync(Actor actor, string lotId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var lot = await c.QuerySingleOrDefaultAsync<LotRow>(new CommandDefinition(LotSql, new { id = lotId }, cancellationToken: ct));
        return lot is not null && (actor.AllSites || actor.SiteIds.Contains(lot.SiteId)) ? lot : null;
    }

    sealed record LotRow
    {
        public string Id { get; init; } = "";
        public string SiteId { get; init; } = "";
        public string LotNumber { get; init; } = "";
    }

    sealed record HeadRow
    {
        public string Id { get; init; } = "";
        public string LotId { get; init; } = "";
        public string LotNumber { get; init; } = "";
        public string SiteId { get; init; } = "";
        public DateTimeOffset OpenedAt { get; init; }
        public string OpenedBy { get; init; } = "";
    }

    sealed record VersionRow
    {
        public string Id { get; init; } = "";
        public int Version { get; init; }
        public string Status { get; init; } = "";
        public string EventFilter { get; init; } = "";
        public int Injections { get; init; }
        public int Observed { get; init; }
        public double Expected { get; init; }
        public double PValue { get; init; }
        public string SignalLevel { get; init; } = "";
        public string? Assessment { get; init; }
        public string? Conclusion { get; init; }
        public DateTimeOffset? ClosedAt { get; init; }
        public string RecordedBy { get; init; } = "";
        public DateTimeOffset RecordedAt { get; init; }
        public string? Reason { get; init; }
    }
}
