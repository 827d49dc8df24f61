using System.Globalization;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Data;

namespace OrthoRegen.Outcomes;

/// <summary>Options of a safety run: which events the signal detection counts (ALL, RELATED, SERIOUS).</summary>
public sealed record SafetySignalOptions(string EventFilter)
{
    public static SafetySignalOptions Default { get; } = new(SignalEvents.All);

    public static Outcome<SafetySignalOptions> From(string? events)
    {
        if (string.IsNullOrWhiteSpace(events)) return Default;
        var e = events.Trim().ToUpperInvariant();
        return SignalEvents.Choices.Contains(e, StringComparer.Ordinal)
            ? new SafetySignalOptions(e)
            : Outcome.Invalid<SafetySignalOptions>(new FieldErrors().Add("events", $"Must be one of {string.Join(", ", SignalEvents.Choices)}.").ToDictionary());
    }
}

/// <summary>
/// Safety rates and signal detection on a cohort the caller may see: the injections given under the members' plans,
/// the adverse events of the members, the processing run of each lot; recorded in the analysis log.
/// </summary>
public sealed class SafetySignalRuns(Database database, CohortSelector selector, AnalysisLog log)
{
    public const string Analysis = "safety-signals";

    const string InjectionsSql = """
        SELECT a.id AS AdministrationId, a.patient_id AS PatientId, a.plan_id AS PlanId, a.lot_id AS LotId, a.lot_number AS LotNumber,
               a.cell_source AS CellSource, a.route AS Route, a.administered_at AS AdministeredAt
        FROM administration_versions a
        JOIN record_heads h ON h.id = a.id AND h.current_version = a.version
        WHERE NOT a.entered_in_error AND
        """;
    const string ProcessingSql = """
        SELECT p.lot_id AS LotId, p.performed_at AS PerformedAt, p.performed_by AS PerformedBy
        FROM lot_processing_versions p
        JOIN record_heads h ON h.id = p.id AND h.current_version = p.version
        WHERE NOT p.entered_in_error AND
        """;
    const string EventsSql = """
        SELECT e.id AS EventId, e.patient_id AS PatientId, e.grade AS Grade, e.serious AS Serious, e.related_to_product AS RelatedToProduct,
               e.related_to_procedure AS RelatedToProcedure, e.administration_id AS AdministrationId, e.lot_id AS LotId, e.onset AS Onset
        FROM adverse_event_versions e
        JOIN record_heads h ON h.id = e.id AND h.current_version = e.version
        WHERE NOT e.entered_in_error AND
        """;

    public Task<SafetySignalResult> RunAsync(Actor actor, CohortDefinition definition, SafetySignalOptions options, CancellationToken ct) =>
        RunAsync(actor, CohortSource.Of(definition), options, ct);

    /// <summary>The run on a saved or inline cohort; a saved one is named (id and version) in the log's parameters.</summary>
    public async Task<SafetySignalResult> RunAsync(Actor actor, CohortSource cohort, SafetySignalOptions options, CancellationToken ct)
    {
        var definition = cohort.Definition;
        var members = await selector.SelectAsync(actor, definition, ct);
        var (injections, events) = await LoadAsync(members, ct);
        var result = SafetySignalAnalysis.Analyse(injections, events, options.EventFilter);
        await log.RecordAsync(actor, Analysis, definition, $"{cohort.LogPrefix}events={options.EventFilter};members={members.Count}", ct);
        return result;
    }

    /// <summary>The injections under the members' plans and the members' adverse events (current versions).</summary>
    public async Task<(IReadOnlyList<SafetyInjection> Injections, IReadOnlyList<SafetyEvent> Events)> LoadAsync(IReadOnlyList<CohortMember> members, CancellationToken ct)
    {
        if (members.Count == 0) return ([], []);
        await using var c = await database.OpenAsync(ct);
        var args = new DynamicParameters();
        var plans = members.Select(m => m.PlanId).Distinct().ToList();
        var rows = (await c.QueryAsync<InjectionRow>(new CommandDefinition(InjectionsSql + " " + SqlList.In("a.plan_id", plans, args, "plan"), args, cancellationToken: ct))).ToList();
        var lots = rows.Select(r => r.LotId).Distinct().ToList();
        var runs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (lots.Count > 0)
        {
            var lotArgs = new DynamicParameters();
            var steps = await c.QueryAsync<ProcessingRow>(new CommandDefinition(ProcessingSql + " " + SqlList.In("p.lot_id", lots, lotArgs, "lot"), lotArgs, cancellationToken: ct));
            foreach (var g in steps.GroupBy(s => s.LotId))
            {
                var first = g.OrderBy(s => s.PerformedAt).First();
                runs[g.Key] = $"{first.PerformedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} {first.PerformedBy}";
            }
        }
        var injections = rows.Select(r => new SafetyInjection(r.AdministrationId, r.PatientId, r.LotId, r.LotNumber, r.CellSource, r.Route,
            runs.GetValueOrDefault(r.LotId), DateOnly.FromDateTime(r.AdministeredAt.UtcDateTime))).ToList();
        var patients = members.Select(m => m.PatientId).Distinct().ToList();
        var eventArgs = new DynamicParameters();
        var events = (await c.QueryAsync<EventRow>(new CommandDefinition(EventsSql + " " + SqlList.In("e.patient_id", patients, eventArgs, "pt"), eventArgs, cancellationToken: ct)))
            .Select(e => new SafetyEvent(e.EventId, e.PatientId, e.Grade, e.Serious, e.RelatedToProduct, e.RelatedToProcedure, e.AdministrationId, e.LotId, e.Onset))
            .OrderBy(e => e.Onset).ThenBy(e => e.EventId, StringComparer.Ordinal).ToList();
        return (injections, events);
    }

    sealed record InjectionRow
    {
        public string AdministrationId { get; init; } = "";
        public string PatientId { get; init; } = "";
        public string PlanId { get; init; } = "";
        public string LotId { get; init; } = "";
        public string LotNumber { get; init; } = "";
        public string CellSource { get; init; } = "";
        public string Route { get; init; } = "";
        public DateTimeOffset AdministeredAt { get; init; }
    }

    sealed record ProcessingRow
    {
        public string LotId { get; init; } = "";
        public DateTimeOffset PerformedAt { get; init; }
        public string PerformedBy { get; init; } = "";
    }

    sealed record EventRow
    {
        public string EventId { get; init; } = "";
        public string PatientId { get; init; } = "";
        public int Grade { get; init; }
        public bool Serious { get; init; }
        public string RelatedToProduct { get; init; } = "";
        public string RelatedToProcedure { get; init; } = "";
        public string? AdministrationId { get; init; }
        public string? LotId { get; init; }
        public DateOnly Onset { get; init; }
    }
}
