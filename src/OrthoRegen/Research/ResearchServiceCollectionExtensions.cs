using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Interop.Redcap;

namespace OrthoRegen.Research;

public static class ResearchServiceCollectionExtensions
{
    /// <summary>Data exchange for research: the pseudonymised analysis dataset export and the REDCap project import.</summary>
    public static IServiceCollection AddResearch(this IServiceCollection services) =>
        services.AddSingleton<DatasetQuery>().AddSingleton<DatasetExport>().AddRedcapImport();
}
