using Microsoft.Extensions.DependencyInjection;

namespace OrthoRegen.Evidence;

public static class EvidenceServiceCollectionExtensions
{
    /// <summary>The literature library, the reviewer's PRISMA and GRADE records, the clinic comparison and the workspace.</summary>
    public static IServiceCollection AddEvidence(this IServiceCollection services) =>
        services.AddSingleton<EvidenceStore>().AddSingleton<ReviewStore>().AddSingleton<ClinicComparison>()
            .AddSingleton<MetaWorkspace>().AddSingleton<EvidenceDemoLibrary>().AddSingleton<SummaryOfFindings>();
}
