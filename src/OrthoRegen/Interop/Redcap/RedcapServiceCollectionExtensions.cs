using Microsoft.Extensions.DependencyInjection;

namespace OrthoRegen.Interop.Redcap;

public static class RedcapServiceCollectionExtensions
{
    /// <summary>The REDCap project import.</summary>
    public static IServiceCollection AddRedcapImport(this IServiceCollection services) => services.AddSingleton<RedcapImport>();
}
