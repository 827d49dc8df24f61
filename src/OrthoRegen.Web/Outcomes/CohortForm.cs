using OrthoRegen.Outcomes;

namespace OrthoRegen.Web.Outcomes;

/// <summary>The save-cohort form: name and description typed, the definition carried as its canonical JSON.</summary>
public sealed class SaveCohortForm
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Definition { get; set; }
}

/// <summary>Reads the cohort of a page from its query string (the shared link form between the outcomes pages).</summary>
public static class CohortQuery
{
    public static (CohortDefinition Definition, IReadOnlyDictionary<string, string[]>? Errors) Read(HttpContext http) =>
        CohortDefinition.FromQueryString(http.Request.QueryString.Value) switch
        {
            Outcome<CohortDefinition>.Done d => (d.Value, null),
            Outcome<CohortDefinition>.Invalid i => (new CohortDefinition(), i.Errors),
            _ => (new CohortDefinition(), null),
        };

    /// <summary>A page link carrying the cohort and extra parameters.</summary>
    public static string Link(string path, CohortDefinition d, params (string Key, string? Value)[] extra)
    {
        var q = d.ToQueryString();
        foreach (var (k, v) in extra)
            if (!string.IsNullOrEmpty(v)) q += (q.Length > 0 ? "&" : "") + Uri.EscapeDataString(k) + "=" + Uri.EscapeDataString(v);
        return q.Length == 0 ? path : path + "?" + q;
    }
}
