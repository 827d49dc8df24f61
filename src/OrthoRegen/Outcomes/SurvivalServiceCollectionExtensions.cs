using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Outcomes;

// In the root namespace so AddOrthoRegen calls it without a using per slice.
namespace OrthoRegen;

public static class SurvivalServiceCollectionExtensions
{
    /// <summary>Cohort analytics, part B: survival, competing risks, lot-to-outcome, safety signals and candidate outlook.</summary>
    public static IServiceCollection AddOutcomesSurvival(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton<SurvivalRuns>().AddSingleton<SafetySignalRuns>().AddSingleton<SafetySignalReviews>().AddSingleton<LotOutcomeRuns>()
            .AddSingleton(OutlookSettings.Load(configuration)).AddSingleton<OutlookRuns>();
}
