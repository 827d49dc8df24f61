using Microsoft.Extensions.DependencyInjection;

namespace OrthoRegen.Interop.Fhir;

public static class FhirServiceCollectionExtensions
{
    /// <summary>The FHIR R4 export and import (mappers are static; the store, export and import are singletons).</summary>
    public static IServiceCollection AddFhirInterop(this IServiceCollection services) =>
        services.AddSingleton<FhirStore>().AddSingleton<FhirExport>().AddSingleton<FhirImport>();
}
