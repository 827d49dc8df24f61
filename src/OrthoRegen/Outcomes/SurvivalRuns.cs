using OrthoRegen.Accounts;

namespace OrthoRegen.Outcomes;

/// <summary>
/// Runs the survival analysis on a cohort the caller may see: selects the members, analyses them and records the run
/// (with the canonical cohort definition and the grouping) in the analysis log. Pages, API and tests share this path.
/// </summary>
public sealed class SurvivalRuns(Snapshot.AnalyticsSnapshot snapshot, AnalysisLog log)
{
    public const string Analysis = "survival";

    public Task<SurvivalResult> RunAsync(Actor actor, CohortDefinition definition, SurvivalOptions options, CancellationToken ct) =>
        RunAsync(actor, CohortSource.Of(definition), options, ct);

    /// <summary>
    /// The first result of a run: curves, number at risk, log-rank and competing risks, counted per group, day and outcome
    /// on the analytics snapshot (no member is loaded), recorded in the analysis log like a full run. The subjects and the
    /// adjusted Cox model need every member's row: <see cref="RunAsync(Actor, CohortSource, SurvivalOptions, CancellationToken)"/>.
    /// </summary>
    public async Task<SurvivalCurves> CurvesAsync(Actor actor, CohortSource cohort, SurvivalOptions options, CancellationToken ct)
    {
        var definition = cohort.Definition;
        var result = SurvivalAnalysis.Curves(await snapshot.SurvivalTalliesAsync(actor, definition, options.Grouping, ct), options.Grouping);
        await log.RecordAsync(actor, Analysis, definition, $"{cohort.LogPrefix}groupBy={options.Grouping};members={result.N};part=curves", ct);
        return result;
    }

    /// <summary>The run on a saved or inline cohort; a saved one is named (id and version) in the log's parameters.</summary>
    public async Task<SurvivalResult> RunAsync(Actor actor, CohortSource cohort, SurvivalOptions options, CancellationToken ct)
    {
        var definition = cohort.Definition;
        // The members' survival columns read narrow from the snapshot (no member objects), then the whole analysis.
        var (subjects, allSpinal) = await snapshot.SurvivalSubjectsAsync(actor, definition, options.Grouping, ct);
        var result = SurvivalAnalysis.Analyse(subjects, options, allSpinal);
        await log.RecordAsync(actor, Analysis, definition, $"{cohort.LogPrefix}groupBy={options.Grouping};members={subjects.Count}", ct);
        return result;
    }
}
