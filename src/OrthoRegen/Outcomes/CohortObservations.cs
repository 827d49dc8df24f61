using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.FollowUp;

namespace OrthoRegen.Outcomes;

/// <summary>
/// The measurements behind the analyses, for a set of members: instrument scores of the treated target, and the
/// imaging reads and examination findings (baseline reads from the consultation, follow-up reads and exams from the visit
/// records). Read with hand-written SQL restricted to the caller's sites, then matched to members by patient and target.
/// </summary>
public sealed class CohortObservations
{
    readonly Dictionary<string, List<ScoreRow>> _scores;
    readonly Dictionary<string, List<(DateOnly On, ImagingValues Read)>> _imaging;
    readonly Dictionary<string, List<(DateOnly On, ExamFindings Exam)>> _exams;

    CohortObservations(Dictionary<string, List<ScoreRow>> scores, Dictionary<string, List<(DateOnly, ImagingValues)>> imaging,
        Dictionary<string, List<(DateOnly, ExamFindings)>> exams) => (_scores, _imaging, _exams) = (scores, imaging, exams);

    /// <summary>Observations of one instrument score per plan.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Observation>> Scores(string instrument, string score) =>
        _scores.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Observation>)kv.Value
            .Where(r => r.Instrument == instrument && r.Scores.TryGetValue(score, out var v) && v is not null)
            .Select(r => new Observation(kv.Key, r.CompletedOn, (double)r.Scores[score]!.Value)).ToList(), StringComparer.Ordinal);

    /// <summary>Observations of one structural or performance measure per plan.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Observation>> Structural(StructuralMeasure measure)
    {
        var result = new Dictionary<string, IReadOnlyList<Observation>>(StringComparer.Ordinal);
        foreach (var plan in _imaging.Keys.Union(_exams.Keys))
        {
            var list = new List<Observation>();
            if (measure.FromImaging is { } img && _imaging.TryGetValue(plan, out var reads))
                list.AddRange(reads.Select(r => (r.On, V: img(r.Read))).Where(r => r.V is not null).Select(r => new Observation(plan, r.On, r.V!.Value)));
            if (measure.FromExam is { } ex && _exams.TryGetValue(plan, out var exams))
                list.AddRange(exams.Select(r => (r.On, V: ex(r.Exam))).Where(r => r.V is not null).Select(r => new Observation(plan, r.On, r.V!.Value)));
            result[plan] = list;
        }
        return result;
    }

    /// <summary>Instruments (and their score names) that have at least one value among the members.</summary>
    public IReadOnlyList<(string Instrument, IReadOnlyList<string> Scores)> InstrumentsPresent() =>
        _scores.Values.SelectMany(l => l).GroupBy(r => r.Instrument).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<string>)g.SelectMany(r => r.Scores.Where(s => s.Value is not null).Select(s => s.Key)).Distinct().ToList()))
            .ToList();

    // ---- loading ------------------------------------------------------------------------------------------------------

    const string ScoresSql = """
        SELECT r.id AS Id, r.patient_id AS PatientId, r.instrument AS Instrument, r.target AS Target, r.completed_on AS CompletedOn, r.scores AS Scores
        FROM instrument_response_versions r
        JOIN record_heads h ON h.id = r.id AND h.current_version = r.version
        JOIN patients pt ON pt.id = r.patient_id
        WHERE NOT r.entered_in_error
        """;
    const string ReadsSql = """
        SELECT r.patient_id AS PatientId, r.target AS Target, r.level AS Level, r.read_on AS ReadOn, r.scoring_system AS ScoringSystem,
               r.semiquantitative AS Semiquantitative, r.cartilage_mftc_mm AS CartilageMftcMm, r.cartilage_lftc_mm AS CartilageLftcMm,
               r.cartilage_pfj_mm AS CartilagePfjMm, r.t2_map_ms AS T2MapMs, r.disc_height_mm AS DiscHeightMm, r.disc_t2_si_ratio AS DiscT2SiRatio
        FROM imaging_read_versions r
        JOIN record_heads h ON h.id = r.id AND h.current_version = r.version
        JOIN patients pt ON pt.id = r.patient_id
        WHERE NOT r.entered_in_error
        """;
    const string VisitsSql = """
        SELECT v.schedule_id AS ScheduleId, v.actual_date AS ActualDate, v.findings AS Findings
        FROM follow_up_visit_versions v
        JOIN record_heads h ON h.id = v.id AND h.current_version = v.version
        JOIN patients pt ON pt.id = v.patient_id
        WHERE NOT v.entered_in_error AND v.actual_date IS NOT NULL AND v.findings IS NOT NULL
        """;

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Loads what the members' analyses need; rows of patients outside the caller's sites are never read.</summary>
    public static async Task<CohortObservations> LoadAsync(Database database, Actor actor, IReadOnlyList<CohortMember> members, CancellationToken ct)
    {
        var scores = new Dictionary<string, List<ScoreRow>>(StringComparer.Ordinal);
        var imaging = new Dictionary<string, List<(DateOnly, ImagingValues)>>(StringComparer.Ordinal);
        var exams = new Dictionary<string, List<(DateOnly, ExamFindings)>>(StringComparer.Ordinal);
        if (members.Count == 0) return new CohortObservations(scores, imaging, exams);

        var args = new DynamicParameters();
        var where = actor.AllSites ? "" : " AND " + SqlList.In("pt.site_id", actor.SiteIds, args, "mysite");
        var patientIds = members.Select(m => m.PatientId).Distinct().ToList();
        if (patientIds.Count <= 500) where += " AND " + SqlList.In("pt.id", patientIds, args, "pid");

        await using var c = await database.OpenAsync(ct);
        var byPatient = members.ToLookup(m => m.PatientId);
        foreach (var row in InOrder(await Query<ScoreDbRow>(c, null, ScoresSql + where, args, ct)))
            foreach (var m in byPatient[row.PatientId].Where(m => m.Target == row.Target))
                Add(scores, m.PlanId, new ScoreRow(row.Instrument, row.CompletedOn, ParseScores(row.Scores)));

        foreach (var read in await Query<ReadRow>(c, null, ReadsSql + where, args, ct))
            foreach (var m in byPatient[read.PatientId].Where(m => m.Target == read.Target && SameLevel(m.Level, read.Level)))
                Add(imaging, m.PlanId, (read.ReadOn, read.ToValues()));

        var bySchedule = members.Where(m => m.ScheduleId is not null).ToDictionary(m => m.ScheduleId!, StringComparer.Ordinal);
        foreach (var v in await Query<VisitRow>(c, null, VisitsSql + where, args, ct))
        {
            if (!bySchedule.TryGetValue(v.ScheduleId, out var m)) continue;
            var findings = JsonSerializer.Deserialize<VisitFindings>(v.Findings!, Json);
            if (findings is null) continue;
            if (findings.Exam is { } exam) Add(exams, m.PlanId, (v.ActualDate!.Value, exam));
            foreach (var read in findings.Imaging.Where(r => r.Target == m.Target && SameLevel(m.Level, r.Level)))
                Add(imaging, m.PlanId, (read.ReadOn, ImagingValues.Of(read)));
        }
        return new CohortObservations(scores, imaging, exams);
    }

    /// <summary>
    /// The numeric scores of the members' own responses (same patient and target), one entry per score value, in the
    /// order the live path sees them (completed on, then response id): what the analytics snapshot stores.
    /// </summary>
    internal static async Task<List<(string PlanId, string Instrument, string Score, DateOnly On, double Value)>> ScoreValuesAsync(
        DbConnection c, DbTransaction? tx, IReadOnlyList<CohortMember> members, IReadOnlyList<string> patientIds, CancellationToken ct)
    {
        var result = new List<(string, string, string, DateOnly, double)>();
        if (members.Count == 0) return result;
        var args = new DynamicParameters();
        var where = " AND " + SqlList.In("pt.id", patientIds, args, "pid");
        var byPatient = members.ToLookup(m => m.PatientId);
        foreach (var row in InOrder(await Query<ScoreDbRow>(c, tx, ScoresSql + where, args, ct)))
            foreach (var m in byPatient[row.PatientId].Where(m => m.Target == row.Target))
                foreach (var (name, value) in ParseScores(row.Scores))
                    if (value is { } v) result.Add((m.PlanId, row.Instrument, name, row.CompletedOn, (double)v));
        return result;
    }

    /// <summary>Responses by completion date, then id: observations of one day keep one order on every engine.</summary>
    static IEnumerable<ScoreDbRow> InOrder(List<ScoreDbRow> rows) => rows.OrderBy(r => r.CompletedOn).ThenBy(r => r.Id, StringComparer.Ordinal);

    static bool SameLevel(string? planLevel, string? readLevel) => planLevel is null || readLevel is null || planLevel == readLevel;

    static void Add<T>(Dictionary<string, List<T>> map, string key, T value)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        list.Add(value);
    }

    static async Task<List<T>> Query<T>(DbConnection c, DbTransaction? tx, string sql, DynamicParameters args, CancellationToken ct) =>
        (await c.QueryAsync<T>(new CommandDefinition(sql, args, tx, cancellationToken: ct))).ToList();

    static Dictionary<string, decimal?> ParseScores(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var result = new Dictionary<string, decimal?>(StringComparer.Ordinal);
        if (doc.RootElement.TryGetProperty("scores", out var s) && s.ValueKind == JsonValueKind.Object)
            foreach (var p in s.EnumerateObject())
                result[p.Name] = p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetDecimal() : null;
        return result;
    }

    sealed record ScoreRow(string Instrument, DateOnly CompletedOn, IReadOnlyDictionary<string, decimal?> Scores);

    sealed record ScoreDbRow
    {
        public string Id { get; init; } = "";
        public string PatientId { get; init; } = "";
        public string Instrument { get; init; } = "";
        public string Target { get; init; } = "";
        public DateOnly CompletedOn { get; init; }
        public string Scores { get; init; } = "{}";
    }

    sealed record ReadRow
    {
        public string PatientId { get; init; } = "";
        public string Target { get; init; } = "";
        public string? Level { get; init; }
        public DateOnly ReadOn { get; init; }
        public string? ScoringSystem { get; init; }
        public string? Semiquantitative { get; init; }
        public double? CartilageMftcMm { get; init; }
        public double? CartilageLftcMm { get; init; }
        public double? CartilagePfjMm { get; init; }
        public double? T2MapMs { get; init; }
        public double? DiscHeightMm { get; init; }
        public double? DiscT2SiRatio { get; init; }
        public ImagingValues ToValues() => new(ScoringSystem, Semiquantitative, CartilageMftcMm, CartilageLftcMm, CartilagePfjMm, T2MapMs, DiscHeightMm, DiscT2SiRatio);
    }

    sealed record VisitRow
    {
        public string ScheduleId { get; init; } = "";
        public DateOnly? ActualDate { get; init; }
        public string? Findings { get; init; }
    }
}

/// <summary>The quantitative parts of an imaging read that the structural analyses use.</summary>
public sealed record ImagingValues(
    string? ScoringSystem, string? Semiquantitative, double? CartilageMftcMm, double? CartilageLftcMm, double? CartilagePfjMm,
    double? T2MapMs, double? DiscHeightMm, double? DiscT2SiRatio)
{
    public static ImagingValues Of(Assessment.ImagingReadData r) =>
        new(r.ScoringSystem, r.Semiquantitative, r.CartilageMftcMm, r.CartilageLftcMm, r.CartilagePfjMm, r.T2MapMs, r.DiscHeightMm, r.DiscT2SiRatio);

    /// <summary>
    /// Whole-joint bone marrow lesion score of a read scored with <paramref name="system"/>: the sum over subregions of
    /// MOAKS <c>bml_size</c> (0-3 each) or WORMS <c>worms_bml</c> / <c>bml</c> (0-3 each). Null for a read scored with the
    /// other system or without BML grades: the two systems are never mixed.
    /// </summary>
    public double? BmlScore(string system)
    {
        if (ScoringSystem != system || string.IsNullOrWhiteSpace(Semiquantitative)) return null;
        using var doc = JsonDocument.Parse(Semiquantitative);
        if (doc.RootElement.ValueKind != JsonValueKind.Object) return null;
        string[] keys = system == "MOAKS" ? ["bml_size"] : ["worms_bml", "bml"];
        double sum = 0; var any = false;
        foreach (var region in doc.RootElement.EnumerateObject())
        {
            if (region.Value.ValueKind != JsonValueKind.Object) continue;
            foreach (var k in keys)
                if (region.Value.TryGetProperty(k, out var g) && g.ValueKind == JsonValueKind.Number) { sum += g.GetDouble(); any = true; break; }
        }
        return any ? sum : null;
    }
}

/// <summary>A structural (imaging) or performance measure followed over time.</summary>
public sealed record StructuralMeasure(
    string Code, string Label, string Unit, bool HigherIsBetter, Func<ImagingValues, double?>? FromImaging, Func<ExamFindings, double?>? FromExam)
{
    /// <summary>Every measure, imaging first (cartilage, BML, T2, disc), then the OARSI performance tests and range of motion.</summary>
    public static IReadOnlyList<StructuralMeasure> All { get; } =
    [
        new("CARTILAGE_MFTC_MM", "Cartilage thickness, medial femorotibial", "mm", true, r => r.CartilageMftcMm, null),
        new("CARTILAGE_LFTC_MM", "Cartilage thickness, lateral femorotibial", "mm", true, r => r.CartilageLftcMm, null),
        new("CARTILAGE_PFJ_MM", "Cartilage thickness, patellofemoral", "mm", true, r => r.CartilagePfjMm, null),
        new("BML_MOAKS", "Bone marrow lesion score (MOAKS, sum of bml_size)", "points", false, r => r.BmlScore("MOAKS"), null),
        new("BML_WORMS", "Bone marrow lesion score (WORMS, sum of BML grades)", "points", false, r => r.BmlScore("WORMS"), null),
        new("T2_MAP_MS", "Cartilage T2 mapping", "ms", false, r => r.T2MapMs, null),
        new("DISC_HEIGHT_MM", "Disc height", "mm", true, r => r.DiscHeightMm, null),
        new("DISC_T2_SI_RATIO", "Disc hydration (T2 signal ratio disc/CSF)", "ratio", true, r => r.DiscT2SiRatio, null),
        new("CHAIR_STAND_30S", "30-second chair stand", "stands", true, null, e => e.ChairStand30sCount),
        new("FAST_WALK_40M_S", "40 m fast-paced walk", "s", false, null, e => e.FastWalk40mSeconds),
        new("STAIR_CLIMB_S", "Stair climb", "s", false, null, e => e.StairClimbSeconds),
        new("TIMED_UP_AND_GO_S", "Timed up-and-go", "s", false, null, e => e.TimedUpAndGoSeconds),
        new("SIX_MINUTE_WALK_M", "6-minute walk", "m", true, null, e => e.SixMinuteWalkMetres),
        new("FLEXION_DEG", "Active flexion", "degrees", true, null, e => e.FlexionDeg),
    ];

    public static StructuralMeasure? Find(string? code) => All.FirstOrDefault(m => m.Code == code);

    public override string ToString() => Code.ToString(CultureInfo.InvariantCulture);
}
