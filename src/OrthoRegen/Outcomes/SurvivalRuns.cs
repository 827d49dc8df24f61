using OrthoRegen.Accounts;

namespace OrthoRegen.Outcomes;

/// <summary>
/// Runs the survival analysis on a cohort the caller may see: selects the members, analyses them and records the run
/// (with the canonical cohort definition and the grouping) in the analysis log. Pages, API and tests share this path.
/// </summary>
public sealed class SurvivalRuns(CohortSelector selector, AnalysisLog log)
{
    public const string Analysis = "survival";

    public Task<SurvivalResult> RunAsync(Actor actor, CohortDefinition definition, SurvivalOptions options, CancellationToken ct) =>
        RunAsync(actor, CohortSource.Of(definition), options, ct);

    /// <summary>The run on a saved or inline cohort; a saved one is named (id and version) in the log's parameters.</summary>
    public async Task<SurvivalResult> RunAsync(Actor actor, CohortSource cohort, SurvivalOptions options, CancellationToken ct)
    {
        var definition = cohort.Definition;
        var members = await selector.SelectAsync(actor, definition, ct);
        var result = SurvivalAnalysis.Analyse(members, options);
        await log.RecordAsync(actor, Analysis, definition, $"{cohort.LogPrefix}groupBy={options.Grouping};members={members.Count}", ct);
        return result;
    }
}
