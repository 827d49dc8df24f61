using OrthoRegen.Outcomes;

namespace OrthoRegen.Web.Outcomes;

/// <summary>A survival request's cohort (inline or saved) and grouping, read from the query string by the survival pages and endpoints alike.</summary>
public sealed record SurvivalRequest(CohortSource Cohort, SurvivalOptions Options)
{
    /// <summary>The cohort and <c>groupBy</c> of <paramref name="http"/>'s query; invalid names the wrong field.</summary>
    public static async Task<Outcome<SurvivalRequest>> ReadAsync(HttpContext http)
    {
        var parsed = await CohortSource.FromQueryStringAsync(http.RequestServices.GetRequiredService<SavedCohortStore>(), http.Request.QueryString.Value, http.RequestAborted);
        if (parsed is Outcome<CohortSource>.Invalid bad) return Outcome.Invalid<SurvivalRequest>(bad.Errors);
        var options = SurvivalOptions.From(http.Request.Query["groupBy"]);
        if (options is Outcome<SurvivalOptions>.Invalid badOptions) return Outcome.Invalid<SurvivalRequest>(badOptions.Errors);
        return new SurvivalRequest(((Outcome<CohortSource>.Done)parsed).Value, ((Outcome<SurvivalOptions>.Done)options).Value);
    }

    /// <summary>A link to <paramref name="path"/> (from the site root, no leading slash) with this cohort and <paramref name="grouping"/>, and <paramref name="extra"/>.</summary>
    public static string Link(string path, CohortSource cohort, string grouping, string? extra = null)
    {
        var parts = new[] { cohort.Query, $"groupBy={grouping}", extra }.Where(s => !string.IsNullOrEmpty(s));
        return $"/{path}?{string.Join("&", parts)}";
    }
}
