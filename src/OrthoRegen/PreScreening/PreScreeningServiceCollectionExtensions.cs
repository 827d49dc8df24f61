using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.PreScreening;

// In the root namespace so AddOrthoRegen calls it without a using per slice.
namespace OrthoRegen;

/// <summary>Settings of the public pre-screening.</summary>
public sealed record PreScreeningOptions(string? SiteCode)
{
    /// <summary>The bootstrap site, used when <c>PreScreening:SiteCode</c> is not set.</summary>
    public const string DefaultSiteCode = "MAIN";
}

public static class PreScreeningServiceCollectionExtensions
{
    /// <summary>
    /// The pre-screening assessor (candidacy rules + <c>PreScreening:InfoFile</c> or the embedded prescreen-info.json)
    /// and the lead store; leads go to the site <c>PreScreening:SiteCode</c>, else the default site.
    /// </summary>
    public static IServiceCollection AddPreScreening(this IServiceCollection services, IConfiguration configuration)
    {
        var info = SettingsFile.Load(configuration, "PreScreening:InfoFile", PreScreenInfo.Default, PreScreenInfo.Parse);
        return services.AddSingleton(info)
            .AddSingleton(new PreScreeningOptions(configuration["PreScreening:SiteCode"]))
            .AddSingleton<PreScreenAssessor>()
            .AddSingleton<LeadStore>();
    }
}
