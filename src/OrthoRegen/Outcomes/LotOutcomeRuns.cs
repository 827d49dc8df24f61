using System.Text.Json;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.FollowUp;
using OrthoRegen.Instruments;

namespace OrthoRegen.Outcomes;

/// <summary>What to analyse: the instrument and score (default: its first score) and the product attribute.</summary>
public sealed record LotOutcomeOptions(string Instrument, string Score, string Attribute)
{
    public static Outcome<LotOutcomeOptions> From(InstrumentCatalog catalog, string? instrument, string? score, string? attribute)
    {
        var e = new FieldErrors();
        var code = instrument?.Trim() ?? "";
        var definition = code.Length == 0 ? null : catalog.Find(code)?.Definition;
        if (code.Length == 0) e.Add("instrument", "Required: the instrument whose 12-month change is analysed.");
        else if (definition is null) e.Add("instrument", "Unknown instrument.");
        var s = string.IsNullOrWhiteSpace(score) ? definition?.Scores[0].Name : score.Trim();
        if (definition is not null && !definition.Scores.Any(x => x.Name == s)) e.Add("score", $"Must be one of {string.Join(", ", definition.Scores.Select(x => x.Name))}.");
        var a = string.IsNullOrWhiteSpace(attribute) ? LotAttributes.ViableDose : attribute.Trim().ToUpperInvariant();
        if (!LotAttributes.Numeric.Contains(a, StringComparer.Ordinal)) e.Add("attribute", $"Must be one of {string.Join(", ", LotAttributes.Numeric)}.");
        return e.IsEmpty ? new LotOutcomeOptions(definition!.Code, s!, a) : Outcome.Invalid<LotOutcomeOptions>(e.ToDictionary());
    }
}

/// <summary>
/// Lot-to-outcome on a cohort the caller may see. The responses of the instrument for the treated target are assigned
/// to the scheduled visits exactly as the trajectories assign them (<see cref="Trajectories.Assign"/>, DOMAIN.md 4.2
/// V1: in window, else the nearest target within the schedule's analysis factor × its window; two on one visit: the
/// nearest its target). Baseline = the value assigned to BASE, 12 months = the value assigned to M12. Lot attributes
/// come from the first lot given: its VIABILITY QC result (latest resulted) and the highest passage in its processing
/// records. Each run is recorded in the analysis log.
/// </summary>
public sealed class LotOutcomeRuns(Database database, CohortSelector selector, AnalysisLog log, InstrumentCatalog catalog, ScheduleDefinition schedule)
{
    public const string Analysis = "lot-outcome";
    /// <summary>The visit whose change from baseline is analysed.</summary>
    public const string TwelveMonthVisit = "M12";

    const string ResponsesSql = """
        SELECT r.patient_id AS PatientId, r.target AS Target, r.completed_on AS CompletedOn, r.scores AS Scores
        FROM instrument_response_versions r
        JOIN record_heads h ON h.id = r.id AND h.current_version = r.version
        WHERE NOT r.entered_in_error AND r.instrument = @instrument AND
        """;
    const string ViabilitySql = """
        SELECT q.lot_id AS LotId, q.value AS Value, q.sampled_at AS SampledAt
        FROM qc_result_versions q
        JOIN record_heads h ON h.id = q.id AND h.current_version = q.version
        WHERE NOT q.entered_in_error AND q.test = 'VIABILITY' AND q.value IS NOT NULL AND
        """;
    const string PassageSql = """
        SELECT p.lot_id AS LotId, MAX(p.passage) AS Passage
        FROM lot_processing_versions p
        JOIN record_heads h ON h.id = p.id AND h.current_version = p.version
        WHERE NOT p.entered_in_error AND p.passage IS NOT NULL AND
        """;

    public InstrumentCatalog Catalog => catalog;

    public Task<LotOutcomeResult> RunAsync(Actor actor, CohortDefinition definition, LotOutcomeOptions options, CancellationToken ct) =>
        RunAsync(actor, CohortSource.Of(definition), options, ct);

    /// <summary>The run on a saved or inline cohort; a saved one is named (id and version) in the log's parameters.</summary>
    public async Task<LotOutcomeResult> RunAsync(Actor actor, CohortSource cohort, LotOutcomeOptions options, CancellationToken ct)
    {
        var definition = cohort.Definition;
        var members = await selector.SelectAsync(actor, definition, ct);
        var def = catalog.Find(options.Instrument)!.Definition;
        var scoreDef = def.Score(options.Score);
        var higherIsBetter = scoreDef.Direction == Direction.HigherIsBetter;
        var mic = def.ChangeThresholds.FirstOrDefault(t => t.Score == options.Score && t.Kind == ChangeThresholdKind.MinimalImportantChange);
        var subjects = await SubjectsAsync(members, options, higherIsBetter, mic, ct);
        var result = LotOutcomeAnalysis.Analyse(options.Instrument, options.Score, higherIsBetter, (double?)mic?.Absolute, options.Attribute, subjects);
        await log.RecordAsync(actor, Analysis, definition,
            $"{cohort.LogPrefix}instrument={options.Instrument};score={options.Score};attribute={options.Attribute};members={members.Count}", ct);
        return result;
    }

    /// <summary>Each member's product attributes and 12-month change of the score, in the order of <paramref name="members"/>.</summary>
    public async Task<IReadOnlyList<LotOutcomeSubject>> SubjectsAsync(IReadOnlyList<CohortMember> members, LotOutcomeOptions o, bool higherIsBetter,
        ChangeThreshold? mic, CancellationToken ct)
    {
        if (members.Count == 0) return [];
        await using var c = await database.OpenAsync(ct);
        var args = new DynamicParameters();
        args.Add("instrument", o.Instrument);
        var responses = (await c.QueryAsync<ResponseRow>(new CommandDefinition(ResponsesSql + " " +
            SqlList.In("r.patient_id", members.Select(m => m.PatientId).Distinct().ToList(), args, "pt"), args, cancellationToken: ct)))
            .ToLookup(r => (r.PatientId, r.Target));
        var lots = members.Where(m => m.LotIds.Count > 0).Select(m => m.LotIds[0]).Distinct().ToList();
        var viability = new Dictionary<string, double>(StringComparer.Ordinal);
        var passage = new Dictionary<string, int>(StringComparer.Ordinal);
        if (lots.Count > 0)
        {
            var va = new DynamicParameters();
            foreach (var g in (await c.QueryAsync<ViabilityRow>(new CommandDefinition(ViabilitySql + " " + SqlList.In("q.lot_id", lots, va, "lot"), va, cancellationToken: ct))).GroupBy(v => v.LotId))
                viability[g.Key] = g.OrderBy(v => v.SampledAt).Last().Value;
            var pa = new DynamicParameters();
            foreach (var p in await c.QueryAsync<PassageRow>(new CommandDefinition(PassageSql + " " + SqlList.In("p.lot_id", lots, pa, "lot") + " GROUP BY p.lot_id", pa, cancellationToken: ct)))
                passage[p.LotId] = p.Passage;
        }
        return members.Select(m =>
        {
            var mine = responses[(m.PatientId, m.Target)].Select(r => (r.CompletedOn, Value: ScoreOf(r.Scores, o.Score))).Where(r => r.Value is not null)
                .Select(r => new Observation(m.PlanId, r.CompletedOn, r.Value!.Value)).ToList();
            var assigned = Trajectories.Assign(Trajectories.AnalysisVisits(schedule, m.DayZero), mine, schedule.AnalysisWindowFactor.Value);
            double? b = assigned.TryGetValue(Trajectories.Baseline, out var bo) ? bo.Value : null;
            double? f = assigned.TryGetValue(TwelveMonthVisit, out var fo) ? fo.Value : null;
            double? change = b is not null && f is not null ? f - b : null;
            double? improvement = change is { } ch ? (higherIsBetter ? ch : -ch) : null;
            bool? responder = improvement is { } imp && mic is not null
                ? (mic.Absolute is { } abs && imp >= (double)abs) || (mic.RelativePercent is { } rel && b is { } bv && bv != 0 && 100 * imp / Math.Abs(bv) >= (double)rel)
                : null;
            var lot = m.LotIds.Count > 0 ? m.LotIds[0] : null;
            return new LotOutcomeSubject(m.PseudonymCode, m.CellSource, m.Origin, m.DoseTier, m.ViableCellsE6, m.CellsPerKgE6,
                lot is not null && viability.TryGetValue(lot, out var v) ? v : null, lot is not null && passage.TryGetValue(lot, out var p) ? p : null,
                b, f, change, improvement, responder);
        }).ToList();
    }

    static double? ScoreOf(string scoresJson, string score)
    {
        using var doc = JsonDocument.Parse(scoresJson);
        return doc.RootElement.TryGetProperty("scores", out var scores) && scores.ValueKind == JsonValueKind.Object
            && scores.TryGetProperty(score, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
    }

    sealed record ResponseRow
    {
        public string PatientId { get; init; } = "";
        public string Target { get; init; } = "";
        public DateOnly CompletedOn { get; init; }
        public string Scores { get; init; } = "";
    }

    sealed record ViabilityRow
    {
        public string LotId { get; init; } = "";
        public double Value { get; init; }
        public DateTimeOffset SampledAt { get; init; }
    }

    sealed record PassageRow
    {
        public string LotId { get; init; } = "";
        public int Passage { get; init; }
    }
}
