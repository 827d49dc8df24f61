using OrthoRegen.Outcomes;
using OrthoRegen.Web.Hosting;

namespace OrthoRegen.Web.Outcomes;

/// <summary>
/// Cohort analytics API. A cohort is given either as query-string filters (the form used for links between pages) or as
/// a JSON body in the canonical form of <see cref="CohortDefinition"/>. Every run is recorded in the analysis log.
/// </summary>
public static class OutcomesEndpoints
{
    public static RouteGroupBuilder MapOutcomes(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/outcomes").WithTags("Outcomes").RequireAuthorization(Policies.Outcomes);
        api.MapGet("/cohort", SelectByQuery);
        api.MapPost("/cohort", SelectByBody);
        return api;
    }

    /// <summary>The cohort's members, as the selector returns them (pseudonym codes, never identifiers).</summary>
    public sealed record CohortResult(string Definition, string Query, int Count, IReadOnlyList<CohortMember> Members);

    static Task<IResult> SelectByQuery(HttpContext http, CohortSelector selector, AnalysisLog log, CancellationToken ct) =>
        Select(http, CohortDefinition.FromQueryString(http.Request.QueryString.Value), selector, log, ct);

    static async Task<IResult> SelectByBody(HttpContext http, CohortSelector selector, AnalysisLog log, CancellationToken ct)
    {
        using var reader = new StreamReader(http.Request.Body);
        return await Select(http, CohortDefinition.FromJson(await reader.ReadToEndAsync(ct)), selector, log, ct);
    }

    static async Task<IResult> Select(HttpContext http, Outcome<CohortDefinition> parsed, CohortSelector selector, AnalysisLog log, CancellationToken ct)
    {
        if (parsed is not Outcome<CohortDefinition>.Done { Value: var definition }) return parsed.ToHttp(_ => TypedResults.Ok());
        var actor = http.Actor();
        var members = await selector.SelectAsync(actor, definition, ct);
        await log.RecordAsync(actor, "cohort", definition, $"members={members.Count}", ct);
        return TypedResults.Ok(new CohortResult(definition.ToCanonicalJson(), definition.ToQueryString(), members.Count, members));
    }
}
