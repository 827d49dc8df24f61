using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Administration;

// In the root namespace so AddOrthoRegen calls it without a using per slice.
namespace OrthoRegen;

public static class AdministrationServiceCollectionExtensions
{
    /// <summary>The bedside administration store (its checks are pure functions in <see cref="BedsideChecks"/>).</summary>
    public static IServiceCollection AddAdministration(this IServiceCollection services) => services.AddSingleton<AdministrationStore>();
}
