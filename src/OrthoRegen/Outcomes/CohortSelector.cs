using System.Data.Common;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.Treatment;

namespace OrthoRegen.Outcomes;

/// <summary>
/// Finds the treated patient-targets of a cohort among the patients the caller may see (the caller's sites). A member
/// is a current treatment plan with at least one recorded injection or a follow-up schedule started for it. The plan,
/// patient and site filters run in SQL; filters on derived values (age and BMI at Day 0, baseline grades, injections,
/// treatment dates) run on the assembled members.
/// </summary>
public sealed class CohortSelector(Database database, Snapshot.AnalyticsSnapshot snapshot)
{
    const string PlansSql = """
        SELECT p.id AS PlanId, p.patient_id AS PatientId, pt.site_id AS SiteId, pt.pseudonym_code AS PseudonymCode,
               p.indication AS Indication, p.target AS Target, p.target_level AS TargetLevel, p.cell_source AS CellSource,
               p.origin AS Origin, p.route AS Route, p.dose_tier AS DoseTier, p.total_cells_e6 AS TotalCellsE6,
               p.cells_per_kg_e6 AS CellsPerKgE6, p.adjuncts AS Adjuncts, pv.birth_date AS BirthDate, pv.sex AS Sex
        FROM treatment_plan_versions p
        JOIN record_heads h ON h.id = p.id AND h.current_version = p.version
        JOIN patients pt ON pt.id = p.patient_id
        JOIN record_heads hp ON hp.id = pt.id
        JOIN patient_versions pv ON pv.id = pt.id AND pv.version = hp.current_version
        WHERE NOT p.entered_in_error AND NOT pv.entered_in_error
        """;
    const string AdministrationsSql = """
        SELECT a.plan_id AS PlanId, a.lot_id AS LotId, a.administered_at AS AdministeredAt, a.dose_viable_cells_e6 AS ViableCellsE6
        FROM administration_versions a
        JOIN record_heads h ON h.id = a.id AND h.current_version = a.version
        JOIN patients pt ON pt.id = a.patient_id
        WHERE NOT a.entered_in_error
        """;
    const string SchedulesSql = """
        SELECT s.id AS ScheduleId, s.plan_id AS PlanId, s.day0 AS Day0, s.ended_on AS EndedOn, s.endpoint_type AS EndpointType,
               s.endpoint_on AS EndpointOn,
               (SELECT MAX(v.actual_date) FROM follow_up_visit_versions v
                JOIN record_heads hv ON hv.id = v.id AND hv.current_version = v.version
                WHERE v.schedule_id = s.id AND NOT v.entered_in_error) AS LastVisit
        FROM follow_up_schedule_versions s
        JOIN record_heads h ON h.id = s.id AND h.current_version = s.version
        JOIN patients pt ON pt.id = s.patient_id
        WHERE NOT s.entered_in_error AND s.plan_id IS NOT NULL
        """;
    const string ReadsSql = """
        SELECT r.patient_id AS PatientId, r.target AS Target, r.level AS Level, r.read_on AS ReadOn, r.kl_grade AS KlGrade,
               r.avn_stage AS AvnStage, r.pfirrmann AS Pfirrmann
        FROM imaging_read_versions r
        JOIN record_heads h ON h.id = r.id AND h.current_version = r.version
        JOIN patients pt ON pt.id = r.patient_id
        WHERE NOT r.entered_in_error AND (r.kl_grade IS NOT NULL OR r.avn_stage IS NOT NULL OR r.pfirrmann IS NOT NULL)
        """;
    const string MeasurementsSql = """
        SELECT m.patient_id AS PatientId, m.measured_on AS MeasuredOn, m.height_cm AS HeightCm, m.weight_kg AS WeightKg
        FROM body_measurement_versions m
        JOIN record_heads h ON h.id = m.id AND h.current_version = m.version
        JOIN patients pt ON pt.id = m.patient_id
        WHERE NOT m.entered_in_error AND m.height_cm IS NOT NULL AND m.weight_kg IS NOT NULL
        """;
    const string DeathsSql = """
        SELECT e.patient_id AS PatientId, e.onset AS Onset, e.resolved AS Resolved
        FROM adverse_event_versions e
        JOIN record_heads h ON h.id = e.id AND h.current_version = e.version
        JOIN patients pt ON pt.id = e.patient_id
        WHERE NOT e.entered_in_error AND e.outcome = 'FATAL'
        """;

    /// <summary>
    /// The members of <paramref name="definition"/> the caller may see, ordered by Day 0 then pseudonym code: read from the
    /// analytics snapshot after bringing it up to date (<see cref="Snapshot.AnalyticsSnapshot.RefreshAsync"/>), so the
    /// answer is the one <see cref="SelectLiveAsync"/> gives, without assembling the registry.
    /// </summary>
    public async Task<IReadOnlyList<CohortMember>> SelectAsync(Actor actor, CohortDefinition definition, CancellationToken ct) =>
        (await snapshot.MembersAsync(actor, definition, ct)).Members;

    /// <summary>The members assembled from the registry tables themselves (the definition of what the snapshot holds).</summary>
    public Task<IReadOnlyList<CohortMember>> SelectLiveAsync(Actor actor, CohortDefinition definition, CancellationToken ct) =>
        SelectAsync(actor, definition, null, ct);

    /// <summary>
    /// Every member of the given patients, whatever their site, assembled on the caller's connection and transaction
    /// (the snapshot's rebuild), unordered.
    /// </summary>
    internal static async Task<List<CohortMember>> AssembleAsync(DbConnection c, DbTransaction? tx, IReadOnlyList<string> patientIds, CancellationToken ct)
    {
        if (patientIds.Count == 0) return [];
        var args = new DynamicParameters();
        var where = " AND " + SqlList.In("pt.id", patientIds, args, "pid");
        return await AssembleAsync(c, tx, where, where, args, CohortDefinition.Everyone, ct);
    }

    /// <summary>The treated targets of one patient (for the patient's progress report), within the caller's sites.</summary>
    public Task<IReadOnlyList<CohortMember>> SelectPatientAsync(Actor actor, string patientId, CancellationToken ct) =>
        SelectAsync(actor, CohortDefinition.Everyone, patientId, ct);

    async Task<IReadOnlyList<CohortMember>> SelectAsync(Actor actor, CohortDefinition definition, string? patientId, CancellationToken ct)
    {
        var d = definition.Normalized();
        if (!actor.AllSites && actor.SiteIds.Count == 0) return [];

        var args = new DynamicParameters();
        var siteWhere = SiteFilter(actor, d, args);
        if (patientId is not null) { siteWhere += " AND pt.id = @patientId"; args.Add("patientId", patientId); }
        var planWhere = siteWhere;
        void Codes(string column, IReadOnlyList<string>? values, string prefix)
        {
            if (values is { Count: > 0 }) planWhere += " AND " + SqlList.In(column, values, args, prefix);
        }
        Codes("p.indication", d.Indications, "ind");
        Codes("p.target", d.Targets, "tgt");
        Codes("p.cell_source", d.CellSources, "src");
        Codes("p.origin", d.Origins, "org");
        Codes("p.route", d.Routes, "rte");
        Codes("p.dose_tier", d.DoseTiers, "tier");
        Codes("pv.sex", d.Sexes, "sex");

        await using var c = await database.OpenAsync(ct);
        var members = await AssembleAsync(c, null, siteWhere, planWhere, args, d, ct);
        return members.OrderBy(m => m.DayZero).ThenBy(m => m.PseudonymCode, StringComparer.Ordinal).ThenBy(m => m.PlanId, StringComparer.Ordinal).ToList();
    }

    static async Task<List<CohortMember>> AssembleAsync(DbConnection c, DbTransaction? tx, string siteWhere, string planWhere, DynamicParameters args,
        CohortDefinition d, CancellationToken ct)
    {
        var plans = await Query<PlanRow>(c, tx, PlansSql + planWhere, args, ct);
        if (plans.Count == 0) return [];
        var administrations = (await Query<AdministrationRow>(c, tx, AdministrationsSql + siteWhere, args, ct))
            .GroupBy(a => a.PlanId).ToDictionary(g => g.Key, g => g.OrderBy(a => a.AdministeredAt).ToList());
        var schedules = (await Query<ScheduleRow>(c, tx, SchedulesSql + siteWhere, args, ct))
            .GroupBy(s => s.PlanId).ToDictionary(g => g.Key, g => g.OrderBy(s => s.Day0).First());
        var reads = (await Query<ReadRow>(c, tx, ReadsSql + siteWhere, args, ct)).ToLookup(r => r.PatientId);
        var measurements = (await Query<MeasurementRow>(c, tx, MeasurementsSql + siteWhere, args, ct)).ToLookup(m => m.PatientId);
        var deaths = (await Query<DeathRow>(c, tx, DeathsSql + siteWhere, args, ct))
            .GroupBy(x => x.PatientId).ToDictionary(g => g.Key, g => g.Min(x => x.Resolved ?? x.Onset));

        var members = new List<CohortMember>();
        foreach (var p in plans)
        {
            administrations.TryGetValue(p.PlanId, out var given);
            schedules.TryGetValue(p.PlanId, out var schedule);
            if ((given is null || given.Count == 0) && schedule is null) continue;
            var member = Assemble(p, given ?? [], schedule, reads[p.PatientId], measurements[p.PatientId],
                deaths.TryGetValue(p.PatientId, out var died) ? died : null);
            if (d.Matches(member)) members.Add(member);
        }
        return members;
    }

    static string SiteFilter(Actor actor, CohortDefinition d, DynamicParameters args)
    {
        var where = "";
        if (!actor.AllSites) where += " AND " + SqlList.In("pt.site_id", actor.SiteIds, args, "mysite");
        if (d.SiteIds is { Count: > 0 } sites) where += " AND " + SqlList.In("pt.site_id", sites, args, "site");
        return where;
    }

    static async Task<List<T>> Query<T>(DbConnection c, DbTransaction? tx, string sql, DynamicParameters args, CancellationToken ct) =>
        (await c.QueryAsync<T>(new CommandDefinition(sql, args, tx, cancellationToken: ct))).ToList();

    static CohortMember Assemble(PlanRow p, List<AdministrationRow> given, ScheduleRow? schedule, IEnumerable<ReadRow> reads,
        IEnumerable<MeasurementRow> measurements, DateOnly? deathOn)
    {
        var dayZero = schedule?.Day0 ?? DateOnly.FromDateTime(given[0].AdministeredAt.UtcDateTime);
        var spinal = TreatmentCodes.IsSpinal(p.Target);
        var baseline = reads
            .Where(r => r.Target == p.Target && r.ReadOn <= dayZero)
            .Where(r => !spinal || p.TargetLevel is null || r.Level is null || r.Level == p.TargetLevel)
            .OrderByDescending(r => r.ReadOn).ToList();
        var measured = measurements.Where(m => m.MeasuredOn <= dayZero).OrderByDescending(m => m.MeasuredOn).FirstOrDefault();
        double? bmi = measured is { HeightCm: > 0, WeightKg: > 0 } ? Math.Round(measured.WeightKg!.Value / Math.Pow(measured.HeightCm!.Value / 100.0, 2), 1) : null;
        var lastVisit = schedule?.LastVisit;
        return new CohortMember(
            p.PatientId, p.PseudonymCode, p.SiteId, p.PlanId, schedule?.ScheduleId, dayZero, p.Indication, p.Target,
            spinal ? null : p.Target.EndsWith("_L", StringComparison.Ordinal) ? "L" : p.Target.EndsWith("_R", StringComparison.Ordinal) ? "R" : null,
            spinal ? p.TargetLevel : null,
            baseline.FirstOrDefault(r => r.KlGrade is not null)?.KlGrade,
            baseline.FirstOrDefault(r => r.AvnStage is not null)?.AvnStage,
            baseline.FirstOrDefault(r => r.Pfirrmann is not null)?.Pfirrmann,
            p.CellSource, p.Origin, p.Route, p.DoseTier, p.TotalCellsE6, given.Sum(a => a.ViableCellsE6), p.CellsPerKgE6, given.Count,
            p.Adjuncts.Length == 0 ? [] : p.Adjuncts.Split(',', StringSplitOptions.RemoveEmptyEntries),
            AgeOn(p.BirthDate, dayZero), p.Sex, bmi,
            given.Select(a => a.LotId).Distinct(StringComparer.Ordinal).ToList(),
            schedule?.EndpointType, schedule?.EndpointOn, deathOn, schedule?.EndedOn,
            lastVisit is { } v && v > dayZero ? v : dayZero);
    }

    /// <summary>Age in completed years on <paramref name="on"/>.</summary>
    public static int AgeOn(DateOnly birth, DateOnly on)
    {
        var age = on.Year - birth.Year;
        if (on < birth.AddYears(age)) age--;
        return age;
    }

    sealed record PlanRow
    {
        public string PlanId { get; init; } = "";
        public string PatientId { get; init; } = "";
        public string SiteId { get; init; } = "";
        public string PseudonymCode { get; init; } = "";
        public string Indication { get; init; } = "";
        public string Target { get; init; } = "";
        public string? TargetLevel { get; init; }
        public string CellSource { get; init; } = "";
        public string Origin { get; init; } = "";
        public string Route { get; init; } = "";
        public string DoseTier { get; init; } = "";
        public double TotalCellsE6 { get; init; }
        public double? CellsPerKgE6 { get; init; }
        public string Adjuncts { get; init; } = "";
        public DateOnly BirthDate { get; init; }
        public string Sex { get; init; } = "";
    }

    sealed record AdministrationRow
    {
        public string PlanId { get; init; } = "";
        public string LotId { get; init; } = "";
        public DateTimeOffset AdministeredAt { get; init; }
        public double ViableCellsE6 { get; init; }
    }

    sealed record ScheduleRow
    {
        public string ScheduleId { get; init; } = "";
        public string PlanId { get; init; } = "";
        public DateOnly Day0 { get; init; }
        public DateOnly? EndedOn { get; init; }
        public string? EndpointType { get; init; }
        public DateOnly? EndpointOn { get; init; }
        public DateOnly? LastVisit { get; init; }
    }

    sealed record ReadRow
    {
        public string PatientId { get; init; } = "";
        public string Target { get; init; } = "";
        public string? Level { get; init; }
        public DateOnly ReadOn { get; init; }
        public int? KlGrade { get; init; }
        public string? AvnStage { get; init; }
        public int? Pfirrmann { get; init; }
    }

    sealed record MeasurementRow
    {
        public string PatientId { get; init; } = "";
        public DateOnly MeasuredOn { get; init; }
        public double? HeightCm { get; init; }
        public double? WeightKg { get; init; }
    }

    sealed record DeathRow
    {
        public string PatientId { get; init; } = "";
        public DateOnly Onset { get; init; }
        public DateOnly? Resolved { get; init; }
    }
}
