using System.Data;
using System.Data.Common;
using System.Runtime.InteropServices;
using Dapper;
using OrthoRegen.Data;

namespace OrthoRegen.Outcomes.Snapshot;

/// <summary>
/// Rewrites the snapshot rows of a batch of patients inside the caller's transaction: deletes their members and scores,
/// assembles them again with the live selector's code (<see cref="CohortSelector"/>, <see cref="CohortObservations"/>)
/// and inserts them. A plan keeps its member number across rebuilds, so a reader holding a cohort still finds its scores.
/// </summary>
sealed class SnapshotWriter : IAsyncDisposable
{
    readonly DbConnection _c;
    readonly DbTransaction _tx;
    readonly Dictionary<(string Instrument, string Score), long> _measures;
    long _next;
    PreparedStatement? _member, _score;

    SnapshotWriter(DbConnection c, DbTransaction tx, Dictionary<(string, string), long> measures, long next) =>
        (_c, _tx, _measures, _next) = (c, tx, measures, next);

    public static async Task<SnapshotWriter> StartAsync(DbConnection c, DbTransaction tx, CancellationToken ct)
    {
        var measures = (await c.QueryAsync<(long Id, string Instrument, string Score)>(new CommandDefinition(
            "SELECT id, instrument, score FROM analytics_measures", transaction: tx, cancellationToken: ct)))
            .ToDictionary(m => (m.Instrument, m.Score), m => m.Id);
        var next = await c.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT max(member_no) FROM analytics_members", transaction: tx, cancellationToken: ct)) ?? 0;
        return new SnapshotWriter(c, tx, measures, next + 1);
    }

    /// <summary>Rebuilds the rows of <paramref name="patientIds"/>; returns the number of members written.</summary>
    public async Task<int> RebuildAsync(IReadOnlyList<string> patientIds, CancellationToken ct)
    {
        var args = new DynamicParameters();
        var inList = SqlList.In("patient_id", patientIds, args, "pid");
        var kept = (await _c.QueryAsync<(long No, string PlanId)>(new CommandDefinition(
            $"SELECT member_no, plan_id FROM analytics_members WHERE {inList}", args, _tx, cancellationToken: ct)))
            .ToDictionary(x => x.PlanId, x => x.No, StringComparer.Ordinal);
        // analytics_measure_members: take out what the old rows counted, add what the new rows count
        var delta = new Dictionary<(long Measure, string Indication, string Site), long>();
        if (kept.Count > 0)
        {
            var numbers = string.Join(", ", kept.Values);
            foreach (var (measure, indication, site, n) in await _c.QueryAsync<(long, string, string, long)>(new CommandDefinition(
                $"SELECT s.measure_id, m.indication, m.site_id, count(*) FROM analytics_scores s JOIN analytics_members m ON m.member_no = s.member_no WHERE m.member_no IN ({numbers}) GROUP BY s.measure_id, m.indication, m.site_id",
                transaction: _tx, cancellationToken: ct)))
                delta[(measure, indication, site)] = -n;
            await _c.ExecuteAsync(new CommandDefinition($"DELETE FROM analytics_scores WHERE member_no IN ({numbers})", transaction: _tx, cancellationToken: ct));
            await _c.ExecuteAsync(new CommandDefinition($"DELETE FROM analytics_members WHERE member_no IN ({numbers})", transaction: _tx, cancellationToken: ct));
        }

        var members = await CohortSelector.AssembleAsync(_c, _tx, patientIds, ct);
        if (members.Count == 0) { await CountMeasuresAsync(delta, ct); return 0; }
        var values = await CohortObservations.ScoreValuesAsync(_c, _tx, members, patientIds, ct);

        _member ??= new PreparedStatement(_c, _tx, """
            INSERT INTO analytics_members (member_no, plan_id, patient_id, site_id, pseudonym_code, schedule_id, day_zero, indication, target,
                side, level, kl_grade, arco, pfirrmann, cell_source, origin, route, dose_tier, total_cells_e6, viable_cells_e6, cells_per_kg_e6,
                injections, adjuncts, age_at_day_zero, sex, bmi, lot_ids, endpoint_type, endpoint_on, death_on, follow_up_ended_on, last_follow_up)
            VALUES (@no, @plan, @patient, @site, @code, @schedule, @day0, @indication, @target, @side, @level, @kl, @arco, @pfirrmann, @source,
                @origin, @route, @tier, @total, @viable, @perkg, @injections, @adjuncts, @age, @sex, @bmi, @lots, @etype, @eon, @death, @ended, @last)
            """,
            ("no", DbType.Int64), ("plan", DbType.String), ("patient", DbType.String), ("site", DbType.String), ("code", DbType.String),
            ("schedule", DbType.String), ("day0", DbType.Int32), ("indication", DbType.String), ("target", DbType.String), ("side", DbType.String),
            ("level", DbType.String), ("kl", DbType.Int32), ("arco", DbType.String), ("pfirrmann", DbType.Int32), ("source", DbType.String),
            ("origin", DbType.String), ("route", DbType.String), ("tier", DbType.String), ("total", DbType.Double), ("viable", DbType.Double),
            ("perkg", DbType.Double), ("injections", DbType.Int32), ("adjuncts", DbType.String), ("age", DbType.Int32), ("sex", DbType.String),
            ("bmi", DbType.Double), ("lots", DbType.String), ("etype", DbType.String), ("eon", DbType.Int32), ("death", DbType.Int32),
            ("ended", DbType.Int32), ("last", DbType.Int32));
        var numberOf = new Dictionary<string, long>(StringComparer.Ordinal);
        var byPlan = members.ToDictionary(m => m.PlanId, StringComparer.Ordinal);
        foreach (var m in members)
        {
            var no = kept.TryGetValue(m.PlanId, out var k) ? k : _next++;
            numberOf[m.PlanId] = no;
            await _member.ExecuteAsync(ct, no, m.PlanId, m.PatientId, m.SiteId, m.PseudonymCode, m.ScheduleId, m.DayZero.DayNumber, m.Indication,
                m.Target, m.Side, m.Level, m.KlGrade, m.Arco, m.Pfirrmann, m.CellSource, m.Origin, m.Route, m.DoseTier, m.TotalCellsE6,
                m.ViableCellsE6, m.CellsPerKgE6, m.Injections, string.Join(',', m.Adjuncts), m.AgeAtDayZero, m.Sex, m.Bmi,
                string.Join(',', m.LotIds), m.EndpointType, m.EndpointOn?.DayNumber, m.DeathOn?.DayNumber, m.FollowUpEndedOn?.DayNumber,
                m.LastFollowUp.DayNumber);
        }

        _score ??= new PreparedStatement(_c, _tx, "INSERT INTO analytics_scores (measure_id, member_no, observations) VALUES (@measure, @no, @blob)",
            ("measure", DbType.Int64), ("no", DbType.Int64), ("blob", DbType.Binary));
        foreach (var g in values.GroupBy(v => (v.PlanId, v.Instrument, v.Score)))
        {
            var measure = await MeasureAsync(g.Key.Instrument, g.Key.Score, ct);
            await _score.ExecuteAsync(ct, measure, numberOf[g.Key.PlanId], ObservationBlob.Encode(g.Select(v => (v.On, v.Value))));
            var m = byPlan[g.Key.PlanId];
            CollectionsMarshal.GetValueRefOrAddDefault(delta, (measure, m.Indication, m.SiteId), out _)++;
        }
        await CountMeasuresAsync(delta, ct);
        return members.Count;
    }

    async Task CountMeasuresAsync(Dictionary<(long Measure, string Indication, string Site), long> delta, CancellationToken ct)
    {
        foreach (var ((measure, indication, site), n) in delta)
        {
            if (n == 0) continue;
            await _c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO analytics_measure_members (measure_id, indication, site_id, members) VALUES (@measure, @indication, @site, @n)
                ON CONFLICT (measure_id, indication, site_id) DO UPDATE SET members = analytics_measure_members.members + excluded.members
                """, new { measure, indication, site, n }, _tx, cancellationToken: ct));
        }
        if (delta.Values.Any(n => n < 0))
            await _c.ExecuteAsync(new CommandDefinition("DELETE FROM analytics_measure_members WHERE members <= 0", transaction: _tx, cancellationToken: ct));
    }

    public async ValueTask DisposeAsync()
    {
        if (_member is not null) await _member.DisposeAsync();
        if (_score is not null) await _score.DisposeAsync();
    }

    async Task<long> MeasureAsync(string instrument, string score, CancellationToken ct)
    {
        if (_measures.TryGetValue((instrument, score), out var id)) return id;
        id = await _c.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO analytics_measures (instrument, score) VALUES (@instrument, @score) RETURNING id", new { instrument, score }, _tx, cancellationToken: ct));
        _measures[(instrument, score)] = id;
        return id;
    }
}
