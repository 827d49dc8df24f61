using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Treatment;

// In the root namespace so AddOrthoRegen calls it without a using per slice.
namespace OrthoRegen;

public static class TreatmentServiceCollectionExtensions
{
    /// <summary>Treatment-plan rules come from <c>Treatment:RulesFile</c> when set, else the embedded defaults.</summary>
    public static IServiceCollection AddTreatment(this IServiceCollection services, IConfiguration configuration)
    {
        var thresholds = SettingsFile.Load(configuration, "Treatment:RulesFile", TreatmentThresholds.Default, TreatmentThresholds.Parse);
        return services.AddSingleton(new TreatmentPlanRules(thresholds)).AddSingleton<TreatmentPlanStore>();
    }
}
