using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OrthoRegen.FollowUp;

public static class FollowUpServiceCollectionExtensions
{
    /// <summary>The schedule comes from <c>FollowUp:ScheduleFile</c> when set, else the embedded defaults.</summary>
    public static IServiceCollection AddFollowUp(this IServiceCollection services, IConfiguration configuration)
    {
        var definition = SettingsFile.Load(configuration, "FollowUp:ScheduleFile", ScheduleDefinition.Default, ScheduleDefinition.Parse);
        return services.AddSingleton(definition).AddSingleton<FollowUpStore>();
    }
}
