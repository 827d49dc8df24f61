using System.Data.Common;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.FollowUp;
using OrthoRegen.Instruments;
using OrthoRegen.Statistics;

namespace OrthoRegen.Outcomes.Snapshot;

/// <summary>One member's row for the visit analyses: Day 0 and the dates that end follow-up as day numbers, the group key, the indication and the score blobs.</summary>
/// <remarks><see cref="Blobs"/> is reused from row to row: read it before asking for the next row.</remarks>
internal readonly record struct VisitRow(int DayZero, int? EndpointOn, int? FollowUpEndedOn, string Group, string Indication, byte[]?[] Blobs,
    string? PseudonymCode, string? PlanId);

/// <summary>One responder analysis to count: MCID of <paramref name="Definition"/>'s <paramref name="Score"/>, or OMERACT-OARSI (WOMAC pain and function) when <paramref name="Oarsi"/>.</summary>
public sealed record ResponderSpec(InstrumentDefinition? Definition, string? Score, bool Oarsi)
{
    public static ResponderSpec Mcid(InstrumentDefinition definition, string score) => new(definition, score, false);
    public static ResponderSpec OmeractOarsi { get; } = new(null, null, true);
}

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

    /// <summary>
    /// Refreshes the snapshot, then the survival subjects of the members the caller may see (what
    /// <see cref="SurvivalAnalysis.SubjectOf"/> makes of each member, read as narrow rows instead of members), in member
    /// order (Day 0, pseudonym code, plan id), and whether every target is a spinal level.
    /// </summary>
    public async Task<(IReadOnlyList<SurvivalSubject> Subjects, bool AllSpinal)> SurvivalSubjectsAsync(Actor actor, CohortDefinition definition, string grouping, CancellationToken ct)
    {
        var args = new DynamicParameters();
        var where = SnapshotFilter.Where(actor, definition, args, database.IsPostgres);
        if (where is null) return ([], false);
        await RefreshAsync(ct);
        var sql = $"""
            SELECT m.pseudonym_code, m.plan_id, {SurvivalGroupSql(grouping)}, m.day_zero, m.endpoint_on, m.death_on, m.last_follow_up,
                   m.target, m.kl_grade, m.pfirrmann, m.age_at_day_zero, m.bmi
            FROM analytics_members m {where}
            """;
        var subjects = new List<SurvivalSubject>();
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var allSpinal = true;
        await using var c = await database.OpenAsync(ct);
        await using var r = await c.ExecuteReaderAsync(new CommandDefinition(sql, args, cancellationToken: ct));
        while (await r.ReadAsync(ct))
        {
            var g = r.GetString(2);
            if (!labels.TryGetValue(g, out var group)) labels[g] = group = g;
            DateOnly? Day(int i) => r.IsDBNull(i) ? null : DateOnly.FromDayNumber((int)r.GetInt64(i));
            var dayZero = Day(3)!.Value;
            DateOnly? endpointOn = Day(4), deathOn = Day(5);
            var last = Day(6)!.Value;
            // SurvivalAnalysis.SubjectOf on the member's columns
            bool endpoint = endpointOn is { } e && (deathOn is not { } d0 || e <= d0);
            bool died = !endpoint && deathOn is not null;
            var end = endpoint ? endpointOn!.Value : died ? deathOn!.Value : last;
            if (end < dayZero) end = dayZero;
            var spinal = Treatment.TreatmentCodes.IsSpinal(r.GetString(7));
            allSpinal &= spinal;
            int? severity = spinal ? (r.IsDBNull(9) ? null : (int)r.GetInt64(9)) : (r.IsDBNull(8) ? null : (int)r.GetInt64(8));
            subjects.Add(new SurvivalSubject(r.GetString(0), r.GetString(1), group, dayZero, end, (end.DayNumber - dayZero.DayNumber) / SurvivalAnalysis.DaysPerYear,
                endpoint, died, (int)r.GetInt64(10), severity, r.IsDBNull(11) ? null : r.GetDouble(11)));
        }
        subjects.Sort(static (a, b) =>
        {
            var x = a.DayZero.CompareTo(b.DayZero);
            if (x == 0) x = string.CompareOrdinal(a.PseudonymCode, b.PseudonymCode);
            return x != 0 ? x : string.CompareOrdinal(a.PlanId, b.PlanId);
        });
        return (subjects, subjects.Count > 0 && allSpinal);
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

    /// <summary>
    /// The snapshot measures (instrument, score) with at least one row among the members, in instrument then score order.
    /// <c>analytics_measure_members</c> (members with values per measure, indication and site) answers for a cohort given
    /// by indications and sites; with other filters it rules out the measures absent there and the rest are probed.
    /// </summary>
    public async Task<IReadOnlyList<(string Instrument, IReadOnlyList<string> Scores)>> MeasuresPresentAsync(Actor actor, CohortDefinition definition, CancellationToken ct)
    {
        var args = new DynamicParameters();
        var where = SnapshotFilter.Where(actor, definition, args, database.IsPostgres);
        if (where is null) return [];
        await RefreshAsync(ct);
        var d = definition.Normalized();
        var countArgs = new DynamicParameters();
        var countWhere = SnapshotFilter.Where(actor, new CohortDefinition { Indications = d.Indications, SiteIds = d.SiteIds }, countArgs, database.IsPostgres)!;
        var exact = (d with { Indications = null, SiteIds = null }).ToCanonicalJson() == CohortDefinition.Everyone.ToCanonicalJson();
        await using var c = await database.OpenAsync(ct);
        var candidates = (await c.QueryAsync<(long Id, string Instrument, string Score)>(new CommandDefinition($"""
            SELECT a.id, a.instrument, a.score FROM analytics_measures a
            WHERE EXISTS (SELECT 1 FROM analytics_measure_members m {countWhere} AND m.measure_id = a.id AND m.members > 0)
            ORDER BY a.id
            """, countArgs, cancellationToken: ct))).ToList();
        var present = new List<(string Instrument, string Score)>();
        foreach (var m in candidates)
        {
            if (!exact)
            {
                var a = new DynamicParameters(args);
                a.Add("measure", m.Id);
                var any = await c.ExecuteScalarAsync<long?>(new CommandDefinition(
                    $"SELECT 1 FROM analytics_members m JOIN analytics_scores s ON s.measure_id = @measure AND s.member_no = m.member_no {where} LIMIT 1",
                    a, cancellationToken: ct));
                if (any is null) continue;
            }
            present.Add((m.Instrument, m.Score));
        }
        return present.GroupBy(p => p.Instrument).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<string>)g.Select(p => p.Score).ToList())).ToList();
    }

    /// <summary>
    /// Streams one row per member of the cohort with the blobs of <paramref name="measures"/> (null where the member has
    /// no value), in no particular order (the index gives member order per indication and site). The caller refreshes first. <paramref name="identities"/> adds the pseudonym code and
    /// plan id (for member series).
    /// </summary>
    internal async IAsyncEnumerable<VisitRow> VisitRowsAsync(Actor actor, CohortDefinition definition, string groupSql,
        IReadOnlyList<(string Instrument, string Score)> measures, bool identities,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var args = new DynamicParameters();
        var where = SnapshotFilter.Where(actor, definition, args, database.IsPostgres);
        if (where is null) yield break;
        await using var c = await database.OpenAsync(ct);
        var ids = (await c.QueryAsync<(long Id, string Instrument, string Score)>(new CommandDefinition(
            "SELECT id, instrument, score FROM analytics_measures", cancellationToken: ct))).ToDictionary(x => (x.Instrument, x.Score), x => x.Id);
        var columns = new List<string>();
        var joins = new List<string>();
        for (var i = 0; i < measures.Count; i++)
        {
            args.Add("measure" + i, ids.TryGetValue(measures[i], out var id) ? id : -1);
            columns.Add($"s{i}.observations");
            joins.Add($"LEFT JOIN analytics_scores s{i} ON s{i}.measure_id = @measure{i} AND s{i}.member_no = m.member_no");
        }
        var sql = $"""
            SELECT m.day_zero, m.endpoint_on, m.follow_up_ended_on, {groupSql}, m.indication{string.Concat(columns.Select(x => ", " + x))}{(identities ? ", m.pseudonym_code, m.plan_id" : "")}
            FROM analytics_members m
            {string.Join("\n", joins)}
            {where}
            """;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        string Label(string s) { if (!labels.TryGetValue(s, out var l)) labels[s] = l = s; return l; }
        var blobs = new byte[]?[measures.Count];
        var k = measures.Count;
        await using var r = await c.ExecuteReaderAsync(new CommandDefinition(sql, args, cancellationToken: ct));
        while (await r.ReadAsync(ct))
        {
            for (var i = 0; i < k; i++) blobs[i] = r.IsDBNull(5 + i) ? null : (byte[])r.GetValue(5 + i);
            yield return new VisitRow((int)r.GetInt64(0), r.IsDBNull(1) ? null : (int)r.GetInt64(1), r.IsDBNull(2) ? null : (int)r.GetInt64(2),
                Label(r.GetString(3)), Label(r.GetString(4)), blobs, identities ? r.GetString(5 + k) : null, identities ? r.GetString(6 + k) : null);
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
        await foreach (var row in VisitRowsAsync(actor, definition, TrajectoryGroupSql(groupBy), [(instrument, score)], series, ct))
        {
            members++;
            if (!groups.TryGetValue(row.Group, out var g)) groups[row.Group] = g = new GroupTally(k);
            g.Members++;
            if (row.Blobs[0] is { } blob) grid.AssignBlob(blob, row.DayZero, has, value, day); else Array.Clear(has);
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
    /// Responder analyses counted on the snapshot in one pass over the members: MCID of a score (<see cref="Responders.Mcid"/>)
    /// or OMERACT-OARSI from WOMAC pain and function (<see cref="Responders.Oarsi"/>), in the order of
    /// <paramref name="specs"/>. Each distinct (population, baseline, follow-up) is judged once by the same rule.
    /// </summary>
    public async Task<IReadOnlyList<ResponderAnalysis>> RespondersAsync(Actor actor, CohortDefinition definition, IReadOnlyList<ResponderSpec> specs,
        InstrumentCatalog catalog, ScheduleDefinition schedule, DateOnly today, CancellationToken ct)
    {
        await RefreshAsync(ct);
        var grid = new VisitGrid(schedule);
        var k = grid.Count;
        var measures = new List<(string Instrument, string Score)>();
        int MeasureIndex((string, string) m) { var i = measures.IndexOf(m); if (i < 0) { measures.Add(m); i = measures.Count - 1; } return i; }
        var sources = specs.Select(s => s.Oarsi
            ? (First: MeasureIndex(("WOMAC", "pain_100")), Second: MeasureIndex(("WOMAC", "function_100")))
            : (First: MeasureIndex((s.Definition!.Code, s.Score!)), Second: -1)).ToArray();
        var visits = Responders.Visits.Select(grid.IndexOf).ToArray();
        var q = specs.Count; var w = visits.Length;
        int[,] due = new int[q, w], paired = new int[q, w], noThreshold = new int[q, w], events = new int[q, w];
        var populations = new SortedSet<string>[q, w];
        for (var i = 0; i < q; i++) for (var j = 0; j < w; j++) populations[i, j] = new SortedSet<string>(StringComparer.Ordinal);
        var has = new bool[measures.Count][]; var value = new double[measures.Count][]; var day = new int[measures.Count][];
        for (var i = 0; i < measures.Count; i++) { has[i] = new bool[k]; value[i] = new double[k]; day[i] = new int[k]; }
        var todayNo = today.DayNumber;
        var mcid = specs.Select(_ => new Dictionary<(string Indication, double B, double F), (bool? Met, string? Population)>()).ToArray();
        var oarsiMemo = new Dictionary<(double, double, double, double), bool?>();
        var b0 = grid.Baseline;
        await foreach (var row in VisitRowsAsync(actor, definition, "''", measures, false, ct))
        {
            for (var i = 0; i < measures.Count; i++)
                if (row.Blobs[i] is { } blob) grid.AssignBlob(blob, row.DayZero, has[i], value[i], day[i]); else Array.Clear(has[i]);
            for (var x = 0; x < q; x++)
            {
                var spec = specs[x];
                var (ph, pv) = (has[sources[x].First], value[sources[x].First]);
                for (var j = 0; j < w; j++)
                {
                    var v = visits[j];
                    if (v < 0) continue;
                    if (row.EndpointOn is { } e && row.DayZero + grid.Target[v] > e && !ph[v]) continue;
                    if (!ph[v] && row.DayZero + grid.WindowEnd[v] >= todayNo) continue;
                    due[x, j]++;
                    if (!ph[v] || b0 < 0 || !ph[b0]) continue;
                    var b = pv[b0]; var at = pv[v];
                    bool? met; string? population;
                    if (spec.Oarsi)
                    {
                        var (fh, fv) = (has[sources[x].Second], value[sources[x].Second]);
                        if (!fh[b0] || !fh[v]) continue;
                        var key = (b, at, fv[b0], fv[v]);
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
                        if (!mcid[x].TryGetValue(key, out var judged))
                            mcid[x][key] = judged = Responders.McidJudge(spec.Definition!, spec.Score!, row.Indication, b, at);
                        (met, population) = judged;
                    }
                    paired[x, j]++;
                    if (met is null) { noThreshold[x, j]++; continue; }
                    if (population is not null) populations[x, j].Add(population);
                    if (met.Value) events[x, j]++;
                }
            }
        }
        return specs.Select((spec, x) =>
        {
            var shares = Responders.Visits.Select((code, j) => new ResponderShare(code, due[x, j], paired[x, j], noThreshold[x, j], due[x, j] - paired[x, j],
                Descriptive.Wilson(events[x, j], paired[x, j] - noThreshold[x, j]), populations[x, j].ToList())).ToList();
            return spec.Oarsi
                ? new ResponderAnalysis(OmeractOarsi.Code, "responder", Responders.OarsiThreshold, shares)
                : new ResponderAnalysis(spec.Definition!.Code, spec.Score!, Responders.Describe(spec.Definition, spec.Score!), shares);
        }).ToList();
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
