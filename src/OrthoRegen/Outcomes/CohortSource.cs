using System.Globalization;

namespace OrthoRegen.Outcomes;

/// <summary>
/// The cohort an analysis runs on: filters given inline, or a saved cohort (<c>cohort=ID</c>, optionally pinned to
/// <c>version=V</c>; without a version, its current version). Members are always selected anew with the viewer's sites.
/// </summary>
public sealed record CohortSource(CohortDefinition Definition, string? SavedId = null, int? SavedVersion = null, string? SavedName = null)
{
    public const string CohortKey = "cohort", VersionKey = "version";

    public static CohortSource Of(CohortDefinition definition) => new(definition);

    /// <summary>The query-string form that names this cohort again: the saved id and version, else the filters.</summary>
    public string Query => SavedId is null
        ? Definition.ToQueryString()
        : $"{CohortKey}={Uri.EscapeDataString(SavedId)}&{VersionKey}={SavedVersion!.Value.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The (key, value) pairs of <see cref="Query"/>, for hidden form fields.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToPairs() => SavedId is null
        ? Definition.ToPairs()
        : [new(CohortKey, SavedId), new(VersionKey, SavedVersion!.Value.ToString(CultureInfo.InvariantCulture))];

    /// <summary>Prefix of the analysis log's parameters: which saved cohort and version ran (empty for inline filters).</summary>
    public string LogPrefix => SavedId is null ? "" : $"cohort={SavedId};version={SavedVersion!.Value.ToString(CultureInfo.InvariantCulture)};";

    /// <summary>
    /// Reads the cohort from a query string: <c>cohort</c> (+ optional <c>version</c>) names a saved cohort; otherwise the
    /// filters of <see cref="CohortDefinition.FromQueryString"/>. Both at once, an unknown cohort or version, or a version
    /// that is not a positive whole number are field errors (<c>cohort</c>, <c>version</c>).
    /// </summary>
    public static async Task<Outcome<CohortSource>> FromQueryStringAsync(SavedCohortStore store, string? query, CancellationToken ct)
    {
        var pairs = (query ?? "").TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Select(p => (Key: Uri.UnescapeDataString(p[0]), Value: p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : ""))
            .ToList();
        var id = pairs.Where(p => p.Key == CohortKey).Select(p => p.Value.Trim()).FirstOrDefault(v => v.Length > 0);
        var versionText = pairs.Where(p => p.Key == VersionKey).Select(p => p.Value.Trim()).FirstOrDefault(v => v.Length > 0);
        var filters = CohortDefinition.FromQueryString(query);
        if (id is null)
        {
            if (versionText is not null) return Invalid(VersionKey, "Only with a saved cohort (cohort=ID).");
            return filters is Outcome<CohortDefinition>.Done d ? Of(d.Value) : Outcome.Invalid<CohortSource>(((Outcome<CohortDefinition>.Invalid)filters).Errors);
        }
        if (filters is Outcome<CohortDefinition>.Done { Value: var inline } && inline.ToCanonicalJson() != CohortDefinition.Everyone.ToCanonicalJson())
            return Invalid(CohortKey, "Give either a saved cohort or filters, not both.");
        int? version = null;
        if (versionText is not null)
        {
            if (!int.TryParse(versionText, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v < 1) return Invalid(VersionKey, "Must be a whole number from 1.");
            version = v;
        }
        var saved = version is null ? await store.LoadAsync(id, ct) : (await store.HistoryAsync(id, ct)).FirstOrDefault(s => s.Version == version);
        if (saved is null)
            return version is not null && await store.LoadAsync(id, ct) is not null
                ? Invalid(VersionKey, "The saved cohort has no such version.")
                : Invalid(CohortKey, "No saved cohort with this id.");
        return new CohortSource(saved.Definition, saved.Id, saved.Version, saved.Name);
    }

    static Outcome<CohortSource> Invalid(string field, string message) => Outcome.Invalid<CohortSource>(new FieldErrors().Add(field, message).ToDictionary());
}
