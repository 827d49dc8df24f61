using OrthoRegen.Safety;
using OrthoRegen.Web.Hosting;

namespace OrthoRegen.Web.Safety;

/// <summary>Adverse-event capture and follow-up (any clinical role), and the safety officer's reports and summary.</summary>
public static class SafetyEndpoints
{
    public static void MapSafety(this IEndpointRouteBuilder app)
    {
        var capture = app.MapGroup("/api").WithTags("Safety").RequireAuthorization(Policies.AdverseEventCapture);
        capture.MapPost("/patients/{id}/adverse-events", Record);
        capture.MapGet("/patients/{id}/adverse-events", List);
        capture.MapGet("/adverse-events/{aeId}", Get);
        capture.MapPut("/adverse-events/{aeId}", Update);
        capture.MapGet("/safety/rules", Rules);

        var reporting = app.MapGroup("/api/safety").WithTags("Safety").RequireAuthorization(Policies.SafetyReporting);
        reporting.MapGet("/reports/due", Due);
        reporting.MapPost("/reports/{reportId}/submission", Submit);
        reporting.MapGet("/summary", Summary);
    }

    static async Task<IResult> Record(string id, RecordAdverseEvent body, AdverseEventStore store, HttpContext http, CancellationToken ct) =>
        (await store.RecordAsync(http.Actor(), id, body, ct)).ToHttp(v => TypedResults.Created($"/api/adverse-events/{v.Event.Id}", v));

    static async Task<IResult> List(string id, AdverseEventStore store, HttpContext http, CancellationToken ct) =>
        await store.ListAsync(http.Actor(), id, ct) is { } list ? TypedResults.Ok(list) : HttpOutcomes.NotFound();

    static async Task<IResult> Get(string aeId, AdverseEventStore store, HttpContext http, CancellationToken ct) =>
        await store.ReadAsync(http.Actor(), aeId, ct) is { } v ? TypedResults.Ok(v) : HttpOutcomes.NotFound();

    static async Task<IResult> Update(string aeId, UpdateAdverseEvent body, AdverseEventStore store, HttpContext http, CancellationToken ct) =>
        (await store.UpdateAsync(http.Actor(), aeId, body, ct)).ToHttp(TypedResults.Ok);

    static IResult Rules(SafetyRules rules) => TypedResults.Ok(rules);

    static async Task<IResult> Due(AdverseEventStore store, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await store.DueReportsAsync(http.Actor(), ct));

    static async Task<IResult> Submit(string reportId, SubmitReport body, AdverseEventStore store, HttpContext http, CancellationToken ct) =>
        (await store.SubmitAsync(http.Actor(), reportId, body, ct)).ToHttp(TypedResults.Ok);

    static async Task<IResult> Summary(AdverseEventStore store, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await store.SummaryAsync(http.Actor(), ct));
}
