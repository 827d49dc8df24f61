using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Outcomes;

// In the root namespace so AddOrthoRegen calls it without a using per slice.
namespace OrthoRegen;

public static class OutcomesServiceCollectionExtensions
{
    /// <summary>Cohort analytics: the cohort selector, saved cohorts, the analyses and the analysis log.</summary>
    public static IServiceCollection AddOutcomes(this IServiceCollection services) =>
        services.AddSingleton<OrthoRegen.Outcomes.Snapshot.AnalyticsSnapshot>().AddSingleton<CohortSelector>().AddSingleton<AnalysisLog>().AddSingleton<SavedCohortStore>().AddSingleton<CohortAnalytics>()
            .AddSingleton<PatientProgress>().AddSingleton<CohortDataset>();
}
