using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OrthoRegen.CellLab;

public static class CellLabServiceCollectionExtensions
{
    /// <summary>
    /// The cell lab: FIN and required donor markers from <c>CellLab:*</c>, release specifications from
    /// <c>CellLab:ReleaseSpecsFile</c> when set (else the embedded defaults), and the lab stores.
    /// </summary>
    public static IServiceCollection AddCellLab(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("CellLab");
        var options = new CellLabOptions();
        if (section["FacilityIdentificationNumber"] is { Length: > 0 } fin)
        {
            fin = fin.Trim().ToUpperInvariant();
            if (!Isbt128.IsValidFin(fin)) throw new InvalidOperationException("CellLab:FacilityIdentificationNumber must be 5 characters: a letter then 4 digits or letters.");
            options = options with { FacilityIdentificationNumber = fin };
        }
        if (section["RequiredDonorMarkers"] is { Length: > 0 } markers)
        {
            var list = markers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (list.Length == 0 || list.Any(m => !CellLabCodes.Markers.Contains(m)))
                throw new InvalidOperationException($"CellLab:RequiredDonorMarkers must list markers from {string.Join(", ", CellLabCodes.Markers)}.");
            options = options with { RequiredDonorMarkers = list };
        }
        var specs = SettingsFile.Load(configuration, "CellLab:ReleaseSpecsFile", ReleaseSpecs.Default, ReleaseSpecs.Parse);
        services.TryAddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        return services.AddSingleton(options).AddSingleton(new ReleaseRules(specs)).AddSingleton<LabLookups>().AddSingleton<DonorStore>()
            .AddSingleton<CollectionStore>().AddSingleton<CustodyStore>().AddSingleton<LotStore>();
    }
}
