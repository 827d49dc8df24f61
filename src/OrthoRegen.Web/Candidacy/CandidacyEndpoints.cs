using OrthoRegen.Candidacy;
using OrthoRegen.Web.Hosting;

namespace OrthoRegen.Web.Candidacy;

/// <summary>Candidacy evaluation with its rule trace, the physician's decision, and the configured thresholds.</summary>
public static class CandidacyEndpoints
{
    public static void MapCandidacy(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api").WithTags("Candidacy").RequireAuthorization(Policies.ClinicalRead);
        read.MapGet("/patients/{id}/candidacy", Evaluate);
        read.MapGet("/candidacy/rules", Rules);

        var decide = app.MapGroup("/api").WithTags("Candidacy").RequireAuthorization(Policies.CandidacyDecide);
        decide.MapPost("/patients/{id}/candidacy/decisions", Decide);
    }

    static async Task<IResult> Evaluate(string id, string? assessmentId, CandidacyStore store, HttpContext http, CancellationToken ct) =>
        await store.EvaluateAsync(http.Actor(), id, assessmentId, ct) is { } v ? TypedResults.Ok(v) : HttpOutcomes.NotFound();

    static IResult Rules(CandidacyRules rules) => TypedResults.Ok(rules.Thresholds);

    static async Task<IResult> Decide(string id, RecordCandidacyDecision body, CandidacyStore store, HttpContext http, CancellationToken ct) =>
        (await store.DecideAsync(http.Actor(), id, body, ct)).ToHttp(d => TypedResults.Created($"/api/patients/{id}/candidacy", d));
}
