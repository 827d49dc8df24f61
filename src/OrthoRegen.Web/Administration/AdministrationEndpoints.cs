using OrthoRegen.Administration;
using OrthoRegen.Web.Hosting;

namespace OrthoRegen.Web.Administration;

/// <summary>Bedside administration: record an injection under a plan (hard stops answer 422), correct it, list per plan or patient.</summary>
public static class AdministrationEndpoints
{
    public static void MapAdministration(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api").WithTags("Administration").RequireAuthorization(Policies.TreatmentRead);
        read.MapGet("/plans/{planId}/administrations", ForPlan);
        read.MapGet("/patients/{id}/administrations", ForPatient);
        read.MapGet("/administrations/{administrationId}", Get);
        read.MapGet("/administrations/{administrationId}/history", History);

        var write = app.MapGroup("/api").WithTags("Administration").RequireAuthorization(Policies.TreatmentWrite);
        write.MapPost("/plans/{planId}/administrations", Record);
        write.MapPut("/administrations/{administrationId}", Correct);
    }

    static async Task<IResult> ForPlan(string planId, AdministrationStore store, HttpContext http, CancellationToken ct) =>
        await store.ForPlanAsync(http.Actor(), planId, ct) is { } list ? TypedResults.Ok(list) : HttpOutcomes.NotFound();

    static async Task<IResult> ForPatient(string id, AdministrationStore store, HttpContext http, CancellationToken ct) =>
        await store.ForPatientAsync(http.Actor(), id, ct) is { } list ? TypedResults.Ok(list) : HttpOutcomes.NotFound();

    static async Task<IResult> Get(string administrationId, AdministrationStore store, HttpContext http, CancellationToken ct) =>
        await store.GetAsync(http.Actor(), administrationId, ct) is { } a ? TypedResults.Ok(a) : HttpOutcomes.NotFound();

    static async Task<IResult> History(string administrationId, AdministrationStore store, HttpContext http, CancellationToken ct) =>
        await store.HistoryAsync(http.Actor(), administrationId, ct) is { } list ? TypedResults.Ok(list) : HttpOutcomes.NotFound();

    static async Task<IResult> Record(string planId, RecordAdministration body, AdministrationStore store, HttpContext http, CancellationToken ct) =>
        (await store.RecordAsync(http.Actor(), planId, body, ct)).ToHttp(a => a.Refused
            ? Refusal(a)
            : TypedResults.Created($"/api/administrations/{a.Record!.Id}", a));

    static async Task<IResult> Correct(string administrationId, CorrectAdministration body, AdministrationStore store, HttpContext http, CancellationToken ct) =>
        (await store.CorrectAsync(http.Actor(), administrationId, body, ct)).ToHttp(TypedResults.Ok);

    /// <summary>422 problem details: every failed check by code, field and message, and the warnings; nothing was saved.</summary>
    static IResult Refusal(AdministrationAttempt a) => TypedResults.Problem(
        title: "Administration refused: bedside hard stop",
        detail: string.Join(" ", a.Failures.Select(f => f.Message)),
        statusCode: StatusCodes.Status422UnprocessableEntity,
        type: "https://orthoregen.example/problems/bedside-hard-stop",
        extensions: new Dictionary<string, object?>
        {
            ["checks"] = a.Failures,
            ["warnings"] = a.Warnings,
            ["errors"] = a.Failures.GroupBy(f => f.Field).ToDictionary(g => g.Key, g => g.Select(f => f.Message).ToArray()),
        });
}
