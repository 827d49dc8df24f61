using OrthoRegen.Accounts;

namespace OrthoRegen.Outcomes;

/// <summary>
/// Runs the survival analysis on a cohort the caller may see: selects the members, analyses them and records the run
/// (with the canonical cohort definition and the grouping) in the analysis log. Pages, API and tests share this path.
/// </summary>
public sealed class SurvivalRuns(CohortSelector selector, AnalysisLog log)
{
    public const string Analysis = "survival";

    public async Task<SurvivalResult> RunAsync(Actor actor, CohortDefinition definition, SurvivalOptions options, CancellationToken ct)
    {
        var members = await selector.SelectAsync(actor, definition, ct);
        var result = SurvivalAnalysis.Analyse(members, options);
        await log.RecordAsync(actor, Analysis, definition, $"groupBy={options.Grouping};members={members.Count}", ct);
        return result;
    }
}
