using System.Data.Common;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.FollowUp;
using OrthoRegen.Instruments;
using OrthoRegen.Statistics;

namespace OrthoRegen.Outcomes.Snapshot;

/// <summary>One member's row for the visit analyses: Day 0 and the dates that end follow-up as day numbers, the group key, the indication and the score blobs.</summary>
internal readonly record struct VisitRow(int DayZero, int? EndpointOn, int? FollowUpEndedOn, string Group, string Indication, byte[]? Scores, byte[]? Second,
    string? PseudonymCode, string? PlanId);

/// <summary>
/// The cohort analyses aggregated on the snapshot, without a member object: the cohort is an SQL predicate
/// (<see cref="SnapshotFilter"/>), survival reads counts per group, day and outcome (<c>GROUP BY</c>), and the visit
/// analyses stream one narrow row per member (Day 0, end of follow-up, group, the score blob) into per-visit counts and
/// histograms of values and changes (<see cref="VisitGrid"/>). The results are those of the row path
/// (<see cref="SurvivalAnalysis"/>, <see cref="Trajectories"/>, <see cref="Responders"/>) on the same members, up to the
/// order of floating-point sums.
/// </summary>
public sealed partial class AnalyticsSnapshot
{
    static string SurvivalGroupSql(string grouping) => grouping switch
    {
        SurvivalGrouping.None => "'all'",
        SurvivalGrouping.Route => "m.route",
        SurvivalGrouping.CellSource => "m.cell_source",
        SurvivalGrouping.KlGrade => $"CASE WHEN m.kl_grade IS NULL THEN '{SurvivalGrouping.NotRecorded}' ELSE 'KL' || CAST(m.kl_grade AS text) END",
        SurvivalGrouping.DoseTier => $"CASE WHEN m.dose_tier = '' THEN '{SurvivalGrouping.NotRecorded}' ELSE m.dose_tier END",
        _ => throw new ArgumentException($"Unknown grouping {grouping}.", nameof(grouping)),
    };

    /// <summary>The grouping of <see cref="CohortAnalytics.Grouping"/> as SQL (null = one group "ALL").</summary>
    static string TrajectoryGroupSql(string? groupBy) => groupBy switch
    {
        "ROUTE" => "m.route",
        "CELL_SOURCE" => "m.cell_source",
        "DOSE_TIER" => "m.dose_tier",
        "KL_GRADE" => "CASE WHEN m.kl_grade IS NULL THEN 'KL?' ELSE 'KL' || CAST(m.kl_grade AS text) END",
        _ => "'ALL'",
    };

    /// <summary>
    /// Refreshes the snapshot, then counts the members of <paramref name="definition"/> the caller may see per survival
    /// group, days from Day 0 to the end of follow-up and outcome (<see cref="SurvivalAnalysis.SubjectOf"/> in SQL).
    /// </summary>
    public async Task<IReadOnlyList<SurvivalTally>> SurvivalTalliesAsync(Actor actor, CohortDefinition definition, string grouping, CancellationToken ct)
    {
        var args = new DynamicParameters();
        var where = SnapshotFilter.Where(actor, definition, args, database.IsPostgres);
        if (where is null) return [];
        await RefreshAsync(ct);
        // SubjectOf: the endpoint counts unless a recorded death came first; else death censors; else the last follow-up;
        // an end before Day 0 is moved to Day 0.
        var sql = $"""
            SELECT grp, CASE WHEN e < day_zero THEN 0 ELSE e - day_zero END AS days, kind, count(*) AS n
            FROM (SELECT {SurvivalGroupSql(grouping)} AS grp, m.day_zero,
                    CASE WHEN m.endpoint_on IS NOT NULL AND (m.death_on IS NULL OR m.endpoint_on <= m.death_on) THEN 1
                         WHEN m.death_on IS NOT NULL THEN 2 ELSE 0 END AS kind,
                    CASE WHEN m.endpoint_on IS NOT NULL AND (m.death_on IS NULL OR m.endpoint_on <= m.death_on) THEN m.endpoint_on
                         WHEN m.death_on IS NOT NULL THEN m.death_on ELSE m.last_follow_up END AS e
                  FROM analytics_members m {where}) x
            GROUP BY grp, CASE WHEN e < day_zero THEN 0 ELSE e - day_zero END, kind
            """;
        var result = new List<SurvivalTally>();
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var c = await database.OpenAsync(ct);
        await using var r = await c.ExecuteReaderAsync(new CommandDefinition(sql, args, cancellationToken: ct));
        while (await r.ReadAsync(ct))
        {
            var g = r.GetString(0);
            if (!labels.TryGetValue(g, out var label)) labels[g] = label = g;
            result.Add(new SurvivalTally(label, checked((int)r.GetInt64(1)), (int)r.GetInt64(2), checked((int)r.GetInt64(3))));
        }
        return result;
    }

    /// <summary>Number of members of <paramref name="definition"/> the caller may see (after a refresh).</summary>
    public async Task<int> CountAsync(Actor actor, CohortDefinition definition, CancellationToken ct)
    {
        var args = new DynamicParameters();
        var where = SnapshotFilter.Where(actor, definition, args, database.IsPostgres);
        if (where is null) return 0;
        await RefreshAsync(ct);
        await using var c = await database.OpenAsync(ct);
        return checked((int)await c.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT count(*) FROM analytics_members m {where}", args, cancellationToken: ct)));
    }

    /// <summary>The snapshot measures (instrument, score) with at least one row among the members, in instrument then score order.</summary>
    public async Task<IReadOnlyList<(string Instrument, IReadOnlyList<string> Scores)>> MeasuresPresentAsync(Actor actor, CohortDefinition definition, CancellationToken ct)
    {
        var args = new DynamicParameters();
        var where = SnapshotFilter.Where(actor, definition, args, database.IsPostgres);
        if (where is null) return [];
        await RefreshAsync(ct);
        await using var c = await database.OpenAsync(ct);
        var measures = (await c.QueryAsync<(long Id, string Instrument, string Score)>(new CommandDefinition(
            "SELECT id, instrument, score FROM analytics_measures", cancellationToken: ct))).ToList();
        var present = new List<(string Instrument, string Score)>();
        foreach (var m in measures)
        {
            var a = new DynamicParameters(args);
            a.Add("measure", m.Id);
            var any = await c.ExecuteScalarAsync<long?>(new CommandDefinition(
                $"SELECT 1 FROM analytics_members m JOIN analytics_scores s ON s.measure_id = @measure AND s.member_no = m.member_no {where} LIMIT 1",
                a, cancellationToken: ct));
            if (any is not null) present.Add((m.Instrument, m.Score));
        }
        return present.GroupBy(p => p.Instrument).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<string>)g.Select(p => p.Score).ToList())).ToList();
    }

    /// <summary>
    /// Streams one row per member of the cohort with the blobs of up to two measures (null when the member has no value).
    /// The caller refreshes first. <paramref name="identities"/> adds the pseudonym code and plan id (for member series).
    /// </summary>
    internal async IAsyncEnumerable<VisitRow> VisitRowsAsync(Actor actor, CohortDefinition definition, string groupSql,
        (string Instrument, string Score) first, (string Instrument, string Score)? second, bool identities,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var args = new DynamicParameters();
        var where = SnapshotFilter.Where(actor, definition, args, database.IsPostgres);
        if (where is null) yield break;
        await using var c = await database.OpenAsync(ct);
        async Task<long> MeasureId((string Instrument, string Score) m) => await c.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT id FROM analytics_measures WHERE instrument = @i AND score = @s", new { i = m.Instrument, s = m.Score }, cancellationToken: ct)) ?? -1;
        args.Add("m1", await MeasureId(first));
        args.Add("m2", second is { } s2 ? await MeasureId(s2) : -1);
        var sql = $"""
            SELECT m.day_zero, m.endpoint_on, m.follow_up_ended_on, {groupSql}, m.indication, s1.observations,
                   {(second is null ? "NULL" : "s2.observations")}{(identities ? ", m.pseudonym_code, m.plan_id" : "")}
            FROM analytics_members m
            LEFT JOIN analytics_scores s1 ON s1.measure_id = @m1 AND s1.member_no = m.member_no
            {(second is null ? "" : "LEFT JOIN analytics_scores s2 ON s2.measure_id = @m2 AND s2.member_no = m.member_no")}
            {where}
            """;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        string Label(string s) { if (!labels.TryGetValue(s, out var l)) labels[s] = l = s; return l; }
        await using var r = await c.ExecuteReaderAsync(new CommandDefinition(sql, args, cancellationToken: ct));
        while (await r.ReadAsync(ct))
        {
            yield return new VisitRow((int)r.GetInt64(0), r.IsDBNull(1) ? null : (int)r.GetInt64(1), r.IsDBNull(2) ? null : (int)r.GetInt64(2),
                Label(r.GetString(3)), Label(r.GetString(4)), r.IsDBNull(5) ? null : (byte[])r.GetValue(5), r.IsDBNull(6) ? null : (byte[])r.GetValue(6),
                identities ? r.GetString(7) : null, identities ? r.GetString(8) : null);
        }
    }

    sealed class VisitTally
    {
        public int NotYet, After, Due, Observed, Ended, NoBaseline;
        public readonly Dictionary<double, long> Values = [];
        public readonly Dictionary<double, long> Changes = [];
    }

    sealed class GroupTally(int visits)
    {
        public int Members;
        public readonly VisitTally[] Visits = Enumerable.Range(0, visits).Select(_ => new VisitTally()).ToArray();
        public readonly List<(int DayZero, string Code, string Plan, double? Baseline, MemberPoint[] Points)> Series = [];
    }

    /// <summary>
    /// The trajectory of one instrument score (<see cref="Trajectories.Compute"/>) aggregated on the snapshot: per group and
    /// visit the counts and histograms of values and changes from baseline. <paramref name="series"/> adds every member's
    /// points (the spaghetti plot and the members CSV); without it <see cref="TrajectoryGroup.Series"/> is empty.
    /// Returns the trajectory and the number of members.
    /// </summary>
    public async Task<(Trajectory Trajectory, int Members)> TrajectoryAsync(Actor actor, CohortDefinition definition, string measure, string label, string unit,
        bool higherIsBetter, string instrument, string score, string? groupBy, bool series, ScheduleDefinition schedule, DateOnly today, CancellationToken ct)
    {
        await RefreshAsync(ct);
        var grid = new VisitGrid(schedule);
        var k = grid.Count;
        var groups = new Dictionary<string, GroupTally>(StringComparer.Ordinal);
        var has = new bool[k]; var value = new double[k]; var day = new int[k];
        var todayNo = today.DayNumber;
        var members = 0;
        await foreach (var row in VisitRowsAsync(actor, definition, TrajectoryGroupSql(groupBy), (instrument, score), null, series, ct))
        {
            members++;
            if (!groups.TryGetValue(row.Group, out var g)) groups[row.Group] = g = new GroupTally(k);
            g.Members++;
            if (row.Scores is { } blob) grid.AssignBlob(blob, row.DayZero, has, value, day); else Array.Clear(has);
            var hasBase = grid.Baseline >= 0 && has[grid.Baseline];
            for (var v = 0; v < k; v++)
            {
                var t = g.Visits[v];
                var isBase = v == grid.Baseline;
                if (!isBase && row.EndpointOn is { } endpoint && row.DayZero + grid.Target[v] > endpoint && !has[v]) { t.After++; continue; }
                if (!has[v] && row.DayZero + grid.WindowEnd[v] >= todayNo) { t.NotYet++; continue; }
                t.Due++;
                if (!has[v])
                {
                    if (row.FollowUpEndedOn is { } stop && stop < row.DayZero + grid.WindowStart[v]) t.Ended++;
                    continue;
                }
                t.Observed++;
                Add(t.Values, value[v]);
                if (isBase) continue;
                if (hasBase) Add(t.Changes, value[v] - value[grid.Baseline]);
                else t.NoBaseline++;
            }
            if (series)
            {
                double? baseline = hasBase ? value[grid.Baseline] : null;
                var points = Enumerable.Range(0, k).Where(v => has[v]).OrderBy(v => day[v])
                    .Select(v => new MemberPoint(grid.Codes[v], day[v] - row.DayZero, DateOnly.FromDayNumber(day[v]), value[v],
                        baseline is { } bv ? value[v] - bv : null)).ToArray();
                g.Series.Add((row.DayZero, row.PseudonymCode!, row.PlanId!, baseline, points));
            }
        }
        var result = groups.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x =>
        {
            var g = x.Value;
            var visits = new List<TrajectoryVisit>();
            for (var v = 0; v < k; v++)
            {
                var t = g.Visits[v];
                if (t.Due == 0) continue;
                var counts = new VisitCounts(g.Members, t.NotYet, t.After, t.Due, t.Observed, t.Due - t.Observed, t.Ended, t.NoBaseline);
                var (values, valueCounts) = Split(t.Values);
                var (changes, changeCounts) = Split(t.Changes);
                visits.Add(new TrajectoryVisit(grid.Codes[v], grid.Target[v], counts, Descriptive.SummarizeCounted(values, valueCounts),
                    Descriptive.PairedChangeCounted(changes, changeCounts), MedianOf(changes, changeCounts)));
            }
            var memberSeries = g.Series
                .OrderBy(s => s.DayZero).ThenBy(s => s.Code, StringComparer.Ordinal).ThenBy(s => s.Plan, StringComparer.Ordinal)
                .Select(s => new MemberSeries(s.Code, s.Plan, s.Baseline, s.Points)).ToList();
            return new TrajectoryGroup(x.Key, g.Members, visits, memberSeries);
        }).ToList();
        return (new Trajectory(measure, label, unit, higherIsBetter, today, result), members);
    }

    /// <summary>
    /// MCID responders of one score (<see cref="Responders.Mcid"/>) counted on the snapshot; with <paramref name="oarsi"/>,
    /// the OMERACT-OARSI responders from WOMAC pain and function instead (<see cref="Responders.Oarsi"/>). Each distinct
    /// (population, baseline, follow-up) is judged once by the same rule.
    /// </summary>
    public async Task<ResponderAnalysis> RespondersAsync(Actor actor, CohortDefinition definition, InstrumentDefinition? instrument, string? score,
        InstrumentCatalog catalog, bool oarsi, ScheduleDefinition schedule, DateOnly today, CancellationToken ct)
    {
        await RefreshAsync(ct);
        var grid = new VisitGrid(schedule);
        var k = grid.Count;
        var visits = Responders.Visits.Select(grid.IndexOf).ToArray();
        int[] due = new int[visits.Length], paired = new int[visits.Length], noThreshold = new int[visits.Length], events = new int[visits.Length];
        var populations = visits.Select(_ => new SortedSet<string>(StringComparer.Ordinal)).ToArray();
        var has = new bool[k]; var value = new double[k]; var day = new int[k];
        var fHas = new bool[k]; var fValue = new double[k]; var fDay = new int[k];
        var todayNo = today.DayNumber;
        var mcid = new Dictionary<(string Indication, double B, double F), (bool? Met, string? Population)>();
        var oarsiMemo = new Dictionary<(double, double, double, double), bool?>();
        var first = oarsi ? ("WOMAC", "pain_100") : (instrument!.Code, score!);
        (string, string)? second = oarsi ? ("WOMAC", "function_100") : null;
        await foreach (var row in VisitRowsAsync(actor, definition, "''", first, second, false, ct))
        {
            if (row.Scores is { } blob) grid.AssignBlob(blob, row.DayZero, has, value, day); else Array.Clear(has);
            if (oarsi) { if (row.Second is { } f) grid.AssignBlob(f, row.DayZero, fHas, fValue, fDay); else Array.Clear(fHas); }
            for (var i = 0; i < visits.Length; i++)
            {
                var v = visits[i];
                if (v < 0) continue;
                if (row.EndpointOn is { } e && row.DayZero + grid.Target[v] > e && !has[v]) continue;
                if (!has[v] && row.DayZero + grid.WindowEnd[v] >= todayNo) continue;
                due[i]++;
                if (!has[v] || grid.Baseline < 0 || !has[grid.Baseline]) continue;
                var b = value[grid.Baseline]; var at = value[v];
                bool? met; string? population;
                if (oarsi)
                {
                    if (!fHas[grid.Baseline] || !fHas[v]) continue;
                    var key = (b, at, fValue[grid.Baseline], fValue[v]);
                    if (!oarsiMemo.TryGetValue(key, out met))
                        oarsiMemo[key] = met = catalog.Score(new InstrumentRequest(OmeractOarsi.Code, new Dictionary<string, Answer>
                        {
                            ["pain_baseline"] = Answer.Of((decimal)b), ["pain_followup"] = Answer.Of((decimal)at),
                            ["function_baseline"] = Answer.Of((decimal)key.Item3), ["function_followup"] = Answer.Of((decimal)key.Item4),
                        })).Responder;
                    population = "womac";
                }
                else
                {
                    var key = (row.Indication, b, at);
                    if (!mcid.TryGetValue(key, out var judged))
                    {
                        mcid[key] = judged = Responders.McidJudge(instrument!, score!, row.Indication, b, at);
                    }
                    (met, population) = judged;
                }
                paired[i]++;
                if (met is null) { noThreshold[i]++; continue; }
                if (population is not null) populations[i].Add(population);
                if (met.Value) events[i]++;
            }
        }
        var shares = Responders.Visits.Select((code, i) => new ResponderShare(code, due[i], paired[i], noThreshold[i], due[i] - paired[i],
            Descriptive.Wilson(events[i], paired[i] - noThreshold[i]), populations[i].ToList())).ToList();
        return oarsi
            ? new ResponderAnalysis(OmeractOarsi.Code, "responder", Responders.OarsiThreshold, shares)
            : new ResponderAnalysis(instrument!.Code, score!, Responders.Describe(instrument, score!), shares);
    }

    static void Add(Dictionary<double, long> histogram, double x)
    {
        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(histogram, x, out _)++;
    }

    static (double[] Values, long[] Counts) Split(Dictionary<double, long> histogram)
    {
        var values = histogram.Keys.ToArray();
        var counts = histogram.Values.ToArray();
        Array.Sort(values, counts);
        return (values, counts);
    }

    /// <summary>R's <c>median(x)</c> of the expanded sample given sorted distinct values and counts; null when empty.</summary>
    internal static double? MedianOf(IReadOnlyList<double> sorted, IReadOnlyList<long> counts)
    {
        long n = 0;
        foreach (var c in counts) n += c;
        if (n == 0) return null;
        double At(long index)
        {
            long seen = 0;
            for (var i = 0; i < sorted.Count; i++) { seen += counts[i]; if (index < seen) return sorted[i]; }
            throw new InvalidOperationException("Index beyond the sample.");
        }
        var mid = n / 2;
        return n % 2 == 1 ? At(mid) : (At(mid - 1) + At(mid)) / 2;
    }
}
