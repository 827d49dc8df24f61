using Microsoft.Extensions.DependencyInjection;

namespace OrthoRegen.Research;

public static class ResearchServiceCollectionExtensions
{
    /// <summary>The pseudonymised analysis dataset export.</summary>
    public static IServiceCollection AddResearch(this IServiceCollection services) =>
        services.AddSingleton<DatasetQuery>().AddSingleton<DatasetExport>();
}
