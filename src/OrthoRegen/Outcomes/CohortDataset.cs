using OrthoRegen.Accounts;
using OrthoRegen.Research;

namespace OrthoRegen.Outcomes;

/// <summary>
/// Exports a saved cohort as the pseudonymised analysis dataset: the cohort's members (selected as of now, within the
/// caller's sites) go to the same <see cref="DatasetExport"/> the registry-wide export uses, so both share one code path.
/// </summary>
public sealed class CohortDataset(SavedCohortStore cohorts, CohortSelector selector, DatasetExport export)
{
    /// <summary>Null when the saved cohort does not exist; otherwise the export's outcome.</summary>
    public async Task<Outcome<DatasetSummary>?> ExportAsync(Actor actor, string cohortId, string? shape, string? format, IDatasetSink sink, CancellationToken ct)
    {
        var saved = await cohorts.LoadAsync(cohortId, ct);
        if (saved is null) return null;
        var members = await selector.SelectAsync(actor, saved.Definition, ct);
        var ids = members.Select(m => m.PatientId).Distinct(StringComparer.Ordinal).ToList();
        return await export.ExportAsync(actor, new ExportDataset { Shape = shape, Format = format, PatientIds = ids }, sink, ct);
    }
}
