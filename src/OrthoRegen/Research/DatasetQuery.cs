using System.Data.Common;
using System.Text.Json;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.Patients;

namespace OrthoRegen.Research;

/// <summary>A patient as the analysis dataset describes them: no name, contact, record or national number, and no dates.</summary>
/// <param name="Day0">Day 0 of follow-up (the schedule's anchor, else the date of the first administration); used to turn
/// dates into day offsets and never written out.</param>
/// <param name="AgeAtBaseline">Whole years at Day 0, else at the first assessment or response.</param>
/// <param name="EndpointEvent">1 when replacement of the treated joint (or surgery of the treated level) was recorded, else 0; null without Day 0.</param>
/// <param name="EndpointDays">Days from Day 0 to the endpoint, or to the last contact when censored.</param>
public sealed record PatientFacts(
    string Code, string Site, string Sex, int? AgeAtBaseline, string? Indication, string? Target, int? KlGrade,
    string? CellSource, string? Origin, string? Route, double? TotalCellsE6, double? CellsPerKgE6, string? DoseTier,
    int? PlannedInjections, int Injections, DateOnly? Day0, int? EndpointEvent, string? EndpointType, int? EndpointDays,
    int AdverseEvents, int SeriousAdverseEvents);

/// <summary>One current instrument response of a patient, with its scores.</summary>
public sealed record ResponseFacts(string Instrument, string Visit, string Target, DateOnly CompletedOn, string DefinitionVersion,
    IReadOnlyDictionary<string, decimal?> Scores);

/// <summary>
/// Read-only queries behind the research dataset: current versions only, entries made in error left out, one page of
/// patients at a time so memory stays flat however large the registry.
/// </summary>
/// <remarks>
/// REVIEW: these SELECTs read tables owned by other slices (plans, administrations, follow-up, safety). An analysis
/// export is a read across the whole record; going through each store per patient would audit every read separately
/// and cost one round-trip per record. The queries use current versions only, as those stores do.
/// </remarks>
public sealed class DatasetQuery(Database database)
{
    public const int PageSize = 500;

    const string PatientsPage = """
        SELECT p.id AS Id, p.pseudonym_code AS Code, s.code AS Site, v.sex AS Sex, v.birth_date AS BirthDate
        FROM patients p
        JOIN record_heads h ON h.id = p.id
        JOIN patient_versions v ON v.id = h.id AND v.version = h.current_version
        JOIN sites s ON s.id = p.site_id
        WHERE NOT v.entered_in_error AND p.pseudonym_code > @after AND
        """ + ConsentedToProcessing;

    /// <summary>
    /// The consent rule of every analysis export: a patient is included only with at least one current consent (not entered
    /// in error) that covers personal data processing and has not been withdrawn. Patients without one are left out whole.
    /// </summary>
    public const string ConsentedToProcessing = """
         EXISTS (SELECT 1 FROM consent_versions cv JOIN record_heads ch ON ch.id = cv.id AND ch.current_version = cv.version
                 WHERE cv.patient_id = p.id AND NOT cv.entered_in_error AND cv.personal_data_processing AND cv.withdrawn_at IS NULL)
        """;
    const string Plans = """
        SELECT t.patient_id AS PatientId, t.id AS Id, t.status AS Status, t.indication AS Indication, t.target AS Target,
               t.cell_source AS CellSource, t.origin AS Origin, t.route AS Route, t.total_cells_e6 AS TotalCellsE6,
               t.cells_per_kg_e6 AS CellsPerKgE6, t.dose_tier AS DoseTier, t.planned_injections AS PlannedInjections, h.created_at AS CreatedAt
        FROM treatment_plan_versions t JOIN record_heads h ON h.id = t.id AND h.current_version = t.version
        WHERE NOT t.entered_in_error AND
        """;
    const string Administrations = """
        SELECT a.patient_id AS PatientId, a.plan_id AS PlanId, a.administered_at AS AdministeredAt
        FROM administration_versions a JOIN record_heads h ON h.id = a.id AND h.current_version = a.version
        WHERE NOT a.entered_in_error AND
        """;
    const string Assessments = """
        SELECT a.patient_id AS PatientId, a.indication AS Indication, a.target AS Target, a.assessed_on AS AssessedOn
        FROM assessment_versions a JOIN record_heads h ON h.id = a.id AND h.current_version = a.version
        WHERE NOT a.entered_in_error AND
        """;
    const string KlReads = """
        SELECT i.patient_id AS PatientId, i.target AS Target, i.read_on AS ReadOn, i.kl_grade AS KlGrade
        FROM imaging_read_versions i JOIN record_heads h ON h.id = i.id AND h.current_version = i.version
        WHERE NOT i.entered_in_error AND i.kl_grade IS NOT NULL AND
        """;
    const string Schedules = """
        SELECT s.patient_id AS PatientId, s.plan_id AS PlanId, s.target_site AS Target, s.day0 AS Day0,
               s.endpoint_type AS EndpointType, s.endpoint_on AS EndpointOn
        FROM follow_up_schedule_versions s JOIN record_heads h ON h.id = s.id AND h.current_version = s.version
        WHERE NOT s.entered_in_error AND
        """;
    const string VisitDates = """
        SELECT v.patient_id AS PatientId, max(v.actual_date) AS LastVisit
        FROM follow_up_visit_versions v JOIN record_heads h ON h.id = v.id AND h.current_version = v.version
        WHERE NOT v.entered_in_error AND v.actual_date IS NOT NULL AND {0}
        GROUP BY v.patient_id
        """;
    const string AdverseEvents = """
        SELECT e.patient_id AS PatientId, count(*) AS Total, sum(CASE WHEN e.serious THEN 1 ELSE 0 END) AS Serious
        FROM adverse_event_versions e JOIN record_heads h ON h.id = e.id AND h.current_version = e.version
        WHERE NOT e.entered_in_error AND {0}
        GROUP BY e.patient_id
        """;
    const string Responses = """
        SELECT r.patient_id AS PatientId, r.instrument AS Instrument, r.visit_code AS Visit, r.target AS Target,
               r.completed_on AS CompletedOn, r.definition_version AS DefinitionVersion, r.scores AS Scores, r.recorded_at AS RecordedAt
        FROM instrument_response_versions r JOIN record_heads h ON h.id = r.id AND h.current_version = r.version
        WHERE NOT r.entered_in_error AND
        """;
    const string InstrumentVisits = """
        SELECT DISTINCT r.instrument AS Instrument, r.visit_code AS Visit
        FROM instrument_response_versions r
        JOIN record_heads h ON h.id = r.id AND h.current_version = r.version
        JOIN patients p ON p.id = r.patient_id
        WHERE NOT r.entered_in_error AND
        """ + ConsentedToProcessing;

    /// <summary>Every (instrument, visit) pair with a current response at the actor's sites: the columns a dataset may need.</summary>
    public async Task<IReadOnlyList<(string Instrument, string Visit)>> InstrumentVisitsAsync(Actor actor, CancellationToken ct)
    {
        var args = new DynamicParameters();
        var sql = InstrumentVisits + (actor.AllSites ? "" : " AND " + SqlList.In("p.site_id", actor.SiteIds, args, "site"));
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<(string, string)>(new CommandDefinition(sql, args, cancellationToken: ct));
        return rows.ToList();
    }

    /// <summary>
    /// Patients visible to <paramref name="actor"/> (optionally only <paramref name="cohort"/>) who consented to personal
    /// data processing without withdrawing (<see cref="ConsentedToProcessing"/>), in pseudonym-code order,
    /// one page at a time with their facts and responses.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<(PatientFacts Facts, IReadOnlyList<ResponseFacts> Responses)>> PagesAsync(
        Actor actor, IReadOnlySet<string>? cohort, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var after = "";
        while (true)
        {
            var args = new DynamicParameters();
            args.Add("after", after);
            args.Add("take", PageSize);
            var sql = PatientsPage + (actor.AllSites ? "" : " AND " + SqlList.In("p.site_id", actor.SiteIds, args, "site"))
                + " ORDER BY p.pseudonym_code LIMIT @take";
            List<PatientRow> page;
            await using (var c = await database.OpenAsync(ct))
                page = (await c.QueryAsync<PatientRow>(new CommandDefinition(sql, args, cancellationToken: ct))).ToList();
            if (page.Count == 0) yield break;
            after = page[^1].Code;
            var members = cohort is null ? page : page.Where(p => cohort.Contains(p.Id)).ToList();
            if (members.Count > 0) yield return await LoadAsync(members, ct);
            if (page.Count < PageSize) yield break;
        }
    }

    async Task<List<(PatientFacts, IReadOnlyList<ResponseFacts>)>> LoadAsync(List<PatientRow> patients, CancellationToken ct)
    {
        var ids = patients.Select(p => p.Id).ToList();
        await using var c = await database.OpenAsync(ct);
        var plans = await ByPatientAsync<PlanRow>(c, Plans, "t.patient_id", ids, ct);
        var administrations = await ByPatientAsync<AdministrationRow>(c, Administrations, "a.patient_id", ids, ct);
        var assessments = await ByPatientAsync<AssessmentRow>(c, Assessments, "a.patient_id", ids, ct);
        var reads = await ByPatientAsync<KlRow>(c, KlReads, "i.patient_id", ids, ct);
        var schedules = await ByPatientAsync<ScheduleRow>(c, Schedules, "s.patient_id", ids, ct);
        var visits = (await ByPatientAsync<VisitRow>(c, VisitDates, "v.patient_id", ids, ct, format: true)).ToDictionary(g => g.Key, g => g.First());
        var events = (await ByPatientAsync<AeRow>(c, AdverseEvents, "e.patient_id", ids, ct, format: true)).ToDictionary(g => g.Key, g => g.First());
        var responses = await ByPatientAsync<ResponseRow>(c, Responses, "r.patient_id", ids, ct);

        var result = new List<(PatientFacts, IReadOnlyList<ResponseFacts>)>(patients.Count);
        foreach (var p in patients)
        {
            var myPlans = plans[p.Id].OrderBy(x => x.CreatedAt).ToList();
            var myAdmins = administrations[p.Id].ToList();
            // The analysed plan: the first one with an injection, else the first not cancelled, else the first.
            var plan = myPlans.FirstOrDefault(x => myAdmins.Any(a => a.PlanId == x.Id))
                ?? myPlans.FirstOrDefault(x => x.Status != "CANCELLED") ?? myPlans.FirstOrDefault();
            var assessment = assessments[p.Id].OrderBy(a => a.AssessedOn).LastOrDefault();
            var target = plan?.Target ?? assessment?.Target;
            var schedule = schedules[p.Id].FirstOrDefault(s => plan is not null && s.PlanId == plan.Id)
                ?? schedules[p.Id].FirstOrDefault(s => s.Target == target) ?? schedules[p.Id].FirstOrDefault();
            var planAdmins = myAdmins.Where(a => plan is null || a.PlanId == plan.Id).ToList();
            DateOnly? day0 = schedule?.Day0 ?? (planAdmins.Count > 0 ? DateOnly.FromDateTime(planAdmins.Min(a => a.AdministeredAt).UtcDateTime) : null);
            var myResponses = responses[p.Id].Select(r => r.ToFacts()).ToList();

            var baselineDate = day0 ?? assessments[p.Id].Select(a => (DateOnly?)a.AssessedOn).Min() ?? myResponses.Select(r => (DateOnly?)r.CompletedOn).Min();
            int? age = baselineDate is { } b ? Age.InYears(p.BirthDate, b) : null;
            var kl = reads[p.Id].Where(r => target is null || r.Target == target)
                .Where(r => day0 is null || r.ReadOn <= day0).OrderBy(r => r.ReadOn).LastOrDefault()?.KlGrade;

            int? endpointEvent = null, endpointDays = null;
            if (day0 is { } d0)
            {
                if (schedule?.EndpointOn is { } end)
                {
                    endpointEvent = 1;
                    endpointDays = end.DayNumber - d0.DayNumber;
                }
                else
                {
                    var last = new[] { (DateOnly?)d0, visits.GetValueOrDefault(p.Id)?.LastVisit, myResponses.Select(r => (DateOnly?)r.CompletedOn).Max() }.Max()!.Value;
                    endpointEvent = 0;
                    endpointDays = last.DayNumber - d0.DayNumber;
                }
            }
            var ae = events.GetValueOrDefault(p.Id);
            var facts = new PatientFacts(p.Code, p.Site, p.Sex, age, plan?.Indication ?? assessment?.Indication, target, kl,
                plan?.CellSource, plan?.Origin, plan?.Route, plan?.TotalCellsE6, plan?.CellsPerKgE6, plan?.DoseTier, plan?.PlannedInjections,
                planAdmins.Count, day0, endpointEvent, schedule?.EndpointType, endpointDays, (int)(ae?.Total ?? 0), (int)(ae?.Serious ?? 0));
            result.Add((facts, myResponses));
        }
        return result;
    }

    static async Task<ILookup<string, T>> ByPatientAsync<T>(DbConnection c, string sql, string column, IReadOnlyList<string> ids, CancellationToken ct, bool format = false)
        where T : IPatientRow
    {
        var args = new DynamicParameters();
        var filter = SqlList.In(column, ids, args, "pid");
        var text = format ? string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, filter) : sql + " " + filter;
        var rows = await c.QueryAsync<T>(new CommandDefinition(text, args, cancellationToken: ct));
        return rows.ToLookup(r => r.PatientId);
    }

    internal interface IPatientRow { string PatientId { get; } }

    sealed record PatientRow
    {
        public string Id { get; init; } = "";
        public string Code { get; init; } = "";
        public string Site { get; init; } = "";
        public string Sex { get; init; } = "";
        public DateOnly BirthDate { get; init; }
    }

    sealed record PlanRow : IPatientRow
    {
        public string PatientId { get; init; } = "";
        public string Id { get; init; } = "";
        public string Status { get; init; } = "";
        public string Indication { get; init; } = "";
        public string Target { get; init; } = "";
        public string CellSource { get; init; } = "";
        public string Origin { get; init; } = "";
        public string Route { get; init; } = "";
        public double TotalCellsE6 { get; init; }
        public double? CellsPerKgE6 { get; init; }
        public string DoseTier { get; init; } = "";
        public int PlannedInjections { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
    }

    sealed record AdministrationRow : IPatientRow
    {
        public string PatientId { get; init; } = "";
        public string PlanId { get; init; } = "";
        public DateTimeOffset AdministeredAt { get; init; }
    }

    sealed record AssessmentRow : IPatientRow
    {
        public string PatientId { get; init; } = "";
        public string Indication { get; init; } = "";
        public string Target { get; init; } = "";
        public DateOnly AssessedOn { get; init; }
    }

    sealed record KlRow : IPatientRow
    {
        public string PatientId { get; init; } = "";
        public string Target { get; init; } = "";
        public DateOnly ReadOn { get; init; }
        public int KlGrade { get; init; }
    }

    sealed record ScheduleRow : IPatientRow
    {
        public string PatientId { get; init; } = "";
        public string? PlanId { get; init; }
        public string Target { get; init; } = "";
        public DateOnly Day0 { get; init; }
        public string? EndpointType { get; init; }
        public DateOnly? EndpointOn { get; init; }
    }

    sealed record VisitRow : IPatientRow
    {
        public string PatientId { get; init; } = "";
        public DateOnly? LastVisit { get; init; }
    }

    sealed record AeRow : IPatientRow
    {
        public string PatientId { get; init; } = "";
        public long Total { get; init; }
        public long? Serious { get; init; }
    }

    sealed record ResponseRow : IPatientRow
    {
        public string PatientId { get; init; } = "";
        public string Instrument { get; init; } = "";
        public string Visit { get; init; } = "";
        public string Target { get; init; } = "";
        public DateOnly CompletedOn { get; init; }
        public string DefinitionVersion { get; init; } = "";
        public string Scores { get; init; } = "{}";
        public DateTimeOffset RecordedAt { get; init; }

        public ResponseFacts ToFacts()
        {
            using var doc = JsonDocument.Parse(Scores);
            var scores = new Dictionary<string, decimal?>(StringComparer.Ordinal);
            if (doc.RootElement.TryGetProperty("scores", out var s) && s.ValueKind == JsonValueKind.Object)
                foreach (var p in s.EnumerateObject())
                    scores[p.Name] = p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetDecimal() : null;
            return new ResponseFacts(Instrument, Visit, Target, CompletedOn, DefinitionVersion, scores);
        }
    }
}
