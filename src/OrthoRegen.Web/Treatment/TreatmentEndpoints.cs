using OrthoRegen.Treatment;
using OrthoRegen.Web.Hosting;

namespace OrthoRegen.Web.Treatment;

/// <summary>Treatment plans: list and create per patient, read, amend, complete or cancel, and the configured rules.</summary>
public static class TreatmentEndpoints
{
    public static void MapTreatment(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api").WithTags("Treatment").RequireAuthorization(Policies.TreatmentRead);
        read.MapGet("/patients/{id}/plans", List);
        read.MapGet("/plans/{planId}", Get);
        read.MapGet("/plans/{planId}/history", History);
        read.MapGet("/treatment/rules", Rules);

        var write = app.MapGroup("/api").WithTags("Treatment").RequireAuthorization(Policies.TreatmentWrite);
        write.MapPost("/patients/{id}/plans", Create);
        write.MapPut("/plans/{planId}", Amend);
        write.MapPost("/plans/{planId}/status", ChangeStatus);
    }

    static async Task<IResult> List(string id, TreatmentPlanStore store, HttpContext http, CancellationToken ct) =>
        await store.ReadAllAsync(http.Actor(), id, ct) is { } list ? TypedResults.Ok(list) : HttpOutcomes.NotFound();

    static async Task<IResult> Get(string planId, TreatmentPlanStore store, HttpContext http, CancellationToken ct) =>
        await store.GetAsync(http.Actor(), planId, ct) is { } plan ? TypedResults.Ok(plan) : HttpOutcomes.NotFound();

    static async Task<IResult> History(string planId, TreatmentPlanStore store, HttpContext http, CancellationToken ct) =>
        await store.HistoryAsync(http.Actor(), planId, ct) is { } versions ? TypedResults.Ok(versions) : HttpOutcomes.NotFound();

    static IResult Rules(TreatmentPlanRules rules) => TypedResults.Ok(rules.Thresholds);

    static async Task<IResult> Create(string id, PlanTreatment body, TreatmentPlanStore store, HttpContext http, CancellationToken ct) =>
        (await store.CreateAsync(http.Actor(), id, body, ct)).ToHttp(p => TypedResults.Created($"/api/plans/{p.Id}", p));

    static async Task<IResult> Amend(string planId, AmendTreatmentPlan body, TreatmentPlanStore store, HttpContext http, CancellationToken ct) =>
        (await store.AmendAsync(http.Actor(), planId, body, ct)).ToHttp(TypedResults.Ok);

    static async Task<IResult> ChangeStatus(string planId, ChangePlanStatus body, TreatmentPlanStore store, HttpContext http, CancellationToken ct) =>
        (await store.ChangeStatusAsync(http.Actor(), planId, body, ct)).ToHttp(TypedResults.Ok);
}
