using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OrthoRegen.Safety;

public static class SafetyServiceCollectionExtensions
{
    /// <summary>Safety rules come from <c>Safety:RulesFile</c> when set, else the embedded <c>safety-rules.json</c>.</summary>
    public static IServiceCollection AddSafety(this IServiceCollection services, IConfiguration configuration)
    {
        var file = configuration["Safety:RulesFile"];
        var rules = string.IsNullOrWhiteSpace(file) ? SafetyRules.Default : SafetyRules.FromFile(file);
        return services.AddSingleton(rules).AddSingleton(new AdverseEventAssessment(rules)).AddSingleton<AdverseEventStore>();
    }
}
