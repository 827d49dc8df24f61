using OrthoRegen.FollowUp;
using OrthoRegen.Web.Hosting;

namespace OrthoRegen.Web.FollowUp;

/// <summary>Follow-up schedules, visit records, rescheduling, endpoint and withdrawal, and the coordinators' worklist.</summary>
public static class FollowUpEndpoints
{
    public static void MapFollowUp(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api").WithTags("Follow-up").RequireAuthorization(Policies.ClinicalRead);
        read.MapGet("/patients/{id}/follow-up", Schedules);
        read.MapGet("/follow-up/worklist", Worklist);
        read.MapGet("/follow-up/visits/{visitId}", Visit);
        read.MapGet("/follow-up/visits/{visitId}/history", VisitHistory);
        read.MapGet("/follow-up/schedule-definition", Definition);

        var write = app.MapGroup("/api").WithTags("Follow-up").RequireAuthorization(Policies.FollowUp);
        write.MapPost("/patients/{id}/follow-up", Start).RequireAuthorization(p => p.RequireRole(FollowUpRoles.StartByHand));
        write.MapPost("/follow-up/visits/{visitId}/record", Record);
        write.MapPost("/follow-up/visits/{visitId}/reschedule", Reschedule);
        write.MapPost("/follow-up/schedules/{scheduleId}/endpoint", Endpoint);
        write.MapPost("/follow-up/schedules/{scheduleId}/withdrawal", Withdrawal);
    }

    static async Task<IResult> Schedules(string id, FollowUpStore store, HttpContext http, CancellationToken ct) =>
        await store.ReadAsync(http.Actor(), id, ct) is { } list ? TypedResults.Ok(list) : HttpOutcomes.NotFound();

    static async Task<IResult> Worklist(string? site, string? physician, FollowUpStore store, HttpContext http, CancellationToken ct)
    {
        var w = await store.WorklistAsync(http.Actor(), new WorklistQuery(site, physician), ct);
        return TypedResults.Ok(new { w.Today, counts = new { w.DueThisWeek, w.Overdue, w.Missed }, w.Items });
    }

    static async Task<IResult> Visit(string visitId, FollowUpStore store, HttpContext http, CancellationToken ct) =>
        await store.ReadVisitAsync(http.Actor(), visitId, ct) is { } v
            ? TypedResults.Ok(new { scheduleId = v.Schedule.Id, v.Schedule.PatientId, v.Schedule.Target, v.Schedule.Day0, v.Schedule.Status, visit = v.Visit })
            : HttpOutcomes.NotFound();

    static async Task<IResult> VisitHistory(string visitId, FollowUpStore store, HttpContext http, CancellationToken ct) =>
        await store.VisitHistoryAsync(http.Actor(), visitId, ct) is { } h ? TypedResults.Ok(h) : HttpOutcomes.NotFound();

    static IResult Definition(ScheduleDefinition definition) => TypedResults.Ok(definition);

    static async Task<IResult> Start(string id, StartSchedule body, FollowUpStore store, HttpContext http, CancellationToken ct) =>
        (await store.StartAsync(http.Actor(), id, body, ct)).ToHttp(s => s.Created
            ? TypedResults.Created($"/api/patients/{id}/follow-up", s.Schedule)
            : TypedResults.Ok(s.Schedule));

    static async Task<IResult> Record(string visitId, RecordVisit body, FollowUpStore store, HttpContext http, CancellationToken ct) =>
        (await store.RecordVisitAsync(http.Actor(), visitId, body, ct)).ToHttp(v => TypedResults.Ok(v));

    static async Task<IResult> Reschedule(string visitId, RescheduleVisit body, FollowUpStore store, HttpContext http, CancellationToken ct) =>
        (await store.RescheduleAsync(http.Actor(), visitId, body, ct)).ToHttp(v => TypedResults.Ok(v));

    static async Task<IResult> Endpoint(string scheduleId, RecordEndpoint body, FollowUpStore store, HttpContext http, CancellationToken ct) =>
        (await store.RecordEndpointAsync(http.Actor(), scheduleId, body, ct)).ToHttp(s => TypedResults.Ok(s));

    static async Task<IResult> Withdrawal(string scheduleId, EndFollowUp body, FollowUpStore store, HttpContext http, CancellationToken ct) =>
        (await store.EndFollowUpAsync(http.Actor(), scheduleId, body, ct)).ToHttp(s => TypedResults.Ok(s));
}
