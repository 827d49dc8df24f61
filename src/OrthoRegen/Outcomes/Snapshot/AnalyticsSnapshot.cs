using System.Data;
using System.Data.Common;
using System.Diagnostics;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.Demo;

namespace OrthoRegen.Outcomes.Snapshot;

/// <summary>The members of a cohort as read from the snapshot, with their snapshot row numbers (to read their scores).</summary>
public sealed record SnapshotCohort(IReadOnlyList<CohortMember> Members, IReadOnlyDictionary<long, CohortMember> ByNumber);

/// <summary>What a refresh or rebuild did.</summary>
/// <param name="Patients">Patients whose rows were rebuilt.</param>
/// <param name="Full">True when every patient was rebuilt (first build, or after a demo generation wrote in bulk).</param>
/// <param name="LastSeq">The audit_log seq the snapshot now reflects.</param>
public sealed record SnapshotRefresh(int Patients, bool Full, long LastSeq, TimeSpan Elapsed);

/// <summary>Progress of a full rebuild.</summary>
public sealed record SnapshotProgress(int PatientsDone, int PatientsTotal, int Members);

/// <summary>
/// The cohort analytics snapshot (migration 0024): one row per cohort member, exactly the <see cref="CohortMember"/>
/// the live selector assembles from the registry tables, and per member and instrument score the observations of the
/// plan's target. It is kept current from the audit trail: every write is audited in its own transaction with the
/// patient it concerns, so the patients named by audit rows after the snapshot's <c>last_seq</c> are the ones whose
/// rows may be stale; <see cref="RefreshAsync"/> rebuilds exactly those, in one transaction, before an analysis reads.
/// A demo generation writes in bulk with one audit row per batch (no patient): after one, the refresh rebuilds all.
/// Site visibility is applied when reading (the rows carry the patient's current site), as the live path does.
/// </summary>
public sealed partial class AnalyticsSnapshot(Database database, TimeProvider clock)
{
    const long PostgresLockKey = 0x4F52414E414C5953; // "ORANALYS"
    const int Batch = 500;

    const string MemberColumns = """
        member_no, plan_id, patient_id, site_id, pseudonym_code, schedule_id, day_zero, indication, target, side, level, kl_grade,
        arco, pfirrmann, cell_source, origin, route, dose_tier, total_cells_e6, viable_cells_e6, cells_per_kg_e6, injections,
        adjuncts, age_at_day_zero, sex, bmi, lot_ids, endpoint_type, endpoint_on, death_on, follow_up_ended_on, last_follow_up
        """;

    // ---- reading ------------------------------------------------------------------------------------------------------

    /// <summary>
    /// Refreshes the snapshot, then the members of <paramref name="definition"/> the caller may see, ordered by Day 0,
    /// pseudonym code and plan id: the same list <see cref="CohortSelector.SelectLiveAsync"/> gives.
    /// </summary>
    public async Task<SnapshotCohort> MembersAsync(Actor actor, CohortDefinition definition, CancellationToken ct)
    {
        var d = definition.Normalized();
        var args = new DynamicParameters();
        if (SnapshotFilter.Where(actor, d, args, database.IsPostgres) is not { } where) return new SnapshotCohort([], new Dictionary<long, CohortMember>());
        await RefreshAsync(ct);

        var byNumber = new Dictionary<long, CohortMember>();
        var members = new List<CohortMember>();
        await using var c = await database.OpenAsync(ct);
        await using var reader = await c.ExecuteReaderAsync(new CommandDefinition($"SELECT {MemberColumns} FROM analytics_members m {where}", args, cancellationToken: ct));
        while (await reader.ReadAsync(ct))
        {
            var m = Read(reader);
            if (!d.Matches(m)) continue;
            members.Add(m);
            byNumber[reader.GetInt64(0)] = m;
        }
        members.Sort(static (a, b) =>
        {
            var r = a.DayZero.CompareTo(b.DayZero);
            if (r == 0) r = string.CompareOrdinal(a.PseudonymCode, b.PseudonymCode);
            return r != 0 ? r : string.CompareOrdinal(a.PlanId, b.PlanId);
        });
        return new SnapshotCohort(members, byNumber);
    }

    /// <summary>Observations of one instrument score per plan of the cohort (plans without any are left out).</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<Observation>>> ScoresAsync(SnapshotCohort cohort, string instrument, string score, CancellationToken ct)
    {
        var result = new Dictionary<string, IReadOnlyList<Observation>>(StringComparer.Ordinal);
        if (cohort.Members.Count == 0) return result;
        await using var c = await database.OpenAsync(ct);
        var measure = await c.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT id FROM analytics_measures WHERE instrument = @instrument AND score = @score", new { instrument, score }, cancellationToken: ct));
        if (measure is null) return result;
        await foreach (var (number, blob) in RowsAsync(c, measure.Value, cohort, ct))
            if (cohort.ByNumber.TryGetValue(number, out var m)) result[m.PlanId] = ObservationBlob.Decode(m.PlanId, blob);
        return result;
    }

    /// <summary>Instruments (and their score names, in instrument then score order) with at least one value among the cohort's members.</summary>
    public async Task<IReadOnlyList<(string Instrument, IReadOnlyList<string> Scores)>> InstrumentsPresentAsync(SnapshotCohort cohort, CancellationToken ct)
    {
        var present = new List<(string Instrument, string Score)>();
        if (cohort.Members.Count == 0) return [];
        await using var c = await database.OpenAsync(ct);
        var measures = (await c.QueryAsync<(long Id, string Instrument, string Score)>(new CommandDefinition(
            "SELECT id, instrument, score FROM analytics_measures", cancellationToken: ct))).ToList();
        foreach (var m in measures)
        {
            await foreach (var (number, _) in RowsAsync(c, m.Id, cohort, ct))
                if (cohort.ByNumber.ContainsKey(number)) { present.Add((m.Instrument, m.Score)); break; }
        }
        return present.GroupBy(p => p.Instrument).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<string>)g.Select(p => p.Score).ToList())).ToList();
    }

    /// <summary>The score rows of one measure: by member number for a small cohort, else the measure's whole range (filtered by the caller).</summary>
    static async IAsyncEnumerable<(long Number, byte[] Blob)> RowsAsync(DbConnection c, long measure, SnapshotCohort cohort,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        if (cohort.ByNumber.Count <= 4 * Batch)
        {
            foreach (var chunk in cohort.ByNumber.Keys.Order().Chunk(Batch))
            {
                var sql = $"SELECT member_no, observations FROM analytics_scores WHERE measure_id = @measure AND member_no IN ({string.Join(", ", chunk)})";
                await using var r = await c.ExecuteReaderAsync(new CommandDefinition(sql, new { measure }, cancellationToken: ct));
                while (await r.ReadAsync(ct)) yield return (r.GetInt64(0), (byte[])r.GetValue(1));
            }
            yield break;
        }
        await using var all = await c.ExecuteReaderAsync(new CommandDefinition(
            "SELECT member_no, observations FROM analytics_scores WHERE measure_id = @measure", new { measure }, cancellationToken: ct));
        while (await all.ReadAsync(ct)) yield return (all.GetInt64(0), (byte[])all.GetValue(1));
    }

    static CohortMember Read(DbDataReader r)
    {
        static string? S(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
        static int? I(DbDataReader r, int i) => r.IsDBNull(i) ? null : (int)r.GetInt64(i);
        static double? D(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
        static DateOnly Day(long n) => DateOnly.FromDayNumber((int)n);
        static DateOnly? OptDay(DbDataReader r, int i) => r.IsDBNull(i) ? null : Day(r.GetInt64(i));
        static IReadOnlyList<string> List(string text) => text.Length == 0 ? [] : text.Split(',');
        return new CohortMember(
            r.GetString(2), r.GetString(4), r.GetString(3), r.GetString(1), S(r, 5), Day(r.GetInt64(6)), r.GetString(7), r.GetString(8),
            S(r, 9), S(r, 10), I(r, 11), S(r, 12), I(r, 13), r.GetString(14), r.GetString(15), r.GetString(16), r.GetString(17),
            r.GetDouble(18), r.GetDouble(19), D(r, 20), (int)r.GetInt64(21), List(r.GetString(22)), (int)r.GetInt64(23), r.GetString(24),
            D(r, 25), List(r.GetString(26)), S(r, 27), OptDay(r, 28), OptDay(r, 29), OptDay(r, 30), Day(r.GetInt64(31)));
    }

    // ---- keeping it current -------------------------------------------------------------------------------------------

    /// <summary>
    /// Brings the snapshot up to the last audit row: rebuilds the rows of every patient named by an audit row after the
    /// snapshot's <c>last_seq</c> (all patients when it was never built or a demo generation ran), in one transaction.
    /// Nothing is written when nothing was audited since.
    /// </summary>
    public async Task<SnapshotRefresh> RefreshAsync(CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        await using (var c = await database.OpenAsync(ct))
        {
            var (last, max) = await PositionAsync(c, null, ct);
            if (last is { } l && l >= max) return new SnapshotRefresh(0, false, l, sw.Elapsed);
        }
        return await database.InTransactionAsync(async (c, tx) =>
        {
            if (database.IsPostgres) await c.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@k)", new { k = PostgresLockKey }, tx, cancellationToken: ct));
            var (last, max) = await PositionAsync(c, tx, ct);
            if (last is { } l && l >= max) return new SnapshotRefresh(0, false, l, sw.Elapsed);
            var full = last is null || await c.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM audit_log WHERE seq > @last AND seq <= @max AND entity = @demo",
                new { last = last ?? 0, max, demo = DemoGenerator.Kind }, tx, cancellationToken: ct)) > 0;
            List<string> patients;
            if (full)
            {
                await ClearAsync(c, tx, ct);
                patients = (await c.QueryAsync<string>(new CommandDefinition("SELECT id FROM patients", transaction: tx, cancellationToken: ct))).ToList();
            }
            else
            {
                patients = (await c.QueryAsync<string>(new CommandDefinition(
                    "SELECT DISTINCT patient_id FROM audit_log WHERE seq > @last AND seq <= @max AND patient_id IS NOT NULL",
                    new { last, max }, tx, cancellationToken: ct))).ToList();
            }
            await using var writer = await SnapshotWriter.StartAsync(c, tx, ct);
            foreach (var chunk in patients.Order(StringComparer.Ordinal).Chunk(Batch))
                await writer.RebuildAsync(chunk, ct);
            await SetPositionAsync(c, tx, max, ct);
            return new SnapshotRefresh(patients.Count, full, max, sw.Elapsed);
        }, ct);
    }

    /// <summary>
    /// Builds the snapshot from scratch in batches of patients, each batch its own transaction (for a large registry:
    /// <c>orthoregen analytics rebuild</c>). The position is the audit seq read before the first batch, so anything
    /// written meanwhile is rebuilt again by the next refresh. Until it finishes the snapshot counts as never built.
    /// </summary>
    public async Task<SnapshotRefresh> RebuildAsync(int batchSize, IProgress<SnapshotProgress>? progress, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        var max = await database.InTransactionAsync(async (c, tx) =>
        {
            var (_, m) = await PositionAsync(c, tx, ct);
            await ClearAsync(c, tx, ct);
            return m;
        }, ct);
        List<string> patients;
        await using (var c = await database.OpenAsync(ct))
            patients = (await c.QueryAsync<string>(new CommandDefinition("SELECT id FROM patients", cancellationToken: ct))).Order(StringComparer.Ordinal).ToList();
        var done = 0; var members = 0;
        foreach (var chunk in patients.Chunk(Math.Max(1, batchSize)))
        {
            members += await database.InTransactionAsync(async (c, tx) =>
            {
                await using var writer = await SnapshotWriter.StartAsync(c, tx, ct);
                return await writer.RebuildAsync(chunk, ct);
            }, ct);
            done += chunk.Length;
            progress?.Report(new SnapshotProgress(done, patients.Count, members));
        }
        await database.InTransactionAsync(async (c, tx) => { await SetPositionAsync(c, tx, max, ct); return 0; }, ct);
        return new SnapshotRefresh(patients.Count, true, max, sw.Elapsed);
    }

    static async Task<(long? Last, long Max)> PositionAsync(DbConnection c, DbTransaction? tx, CancellationToken ct)
    {
        var last = await c.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT last_seq FROM analytics_snapshot_state WHERE id = 1", transaction: tx, cancellationToken: ct));
        var max = await c.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT max(seq) FROM audit_log", transaction: tx, cancellationToken: ct)) ?? 0;
        return (last, max);
    }

    async Task SetPositionAsync(DbConnection c, DbTransaction tx, long seq, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM analytics_snapshot_state", transaction: tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition("INSERT INTO analytics_snapshot_state (id, last_seq, built_at) VALUES (1, @seq, @at)",
            new { seq, at = clock.GetUtcNow() }, tx, cancellationToken: ct));
    }

    static async Task ClearAsync(DbConnection c, DbTransaction tx, CancellationToken ct)
    {
        foreach (var table in new[] { "analytics_snapshot_state", "analytics_scores", "analytics_members", "analytics_measure_members" })
            await c.ExecuteAsync(new CommandDefinition($"DELETE FROM {table}", transaction: tx, cancellationToken: ct));
    }
}
