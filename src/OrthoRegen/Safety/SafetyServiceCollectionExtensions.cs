using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OrthoRegen.Safety;

public static class SafetyServiceCollectionExtensions
{
    /// <summary>Safety rules come from <c>Safety:RulesFile</c> when set, else the embedded <c>safety-rules.json</c>.</summary>
    public static IServiceCollection AddSafety(this IServiceCollection services, IConfiguration configuration)
    {
        var rules = SettingsFile.Load(configuration, "Safety:RulesFile", SafetyRules.Default, SafetyRules.Parse);
        return services.AddSingleton(rules).AddSingleton(new AdverseEventAssessment(rules)).AddSingleton<AdverseEventStore>()
            .AddSingleton<ProductFollowUpStore>()
            .AddSingleton<CellLab.ILotDeviationListener>(sp => sp.GetRequiredService<ProductFollowUpStore>());
    }
}
