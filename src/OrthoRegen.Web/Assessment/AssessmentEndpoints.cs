using OrthoRegen.Assessment;
using OrthoRegen.Web.Hosting;

namespace OrthoRegen.Web.Assessment;

/// <summary>Assessments with imaging reads, conservative treatments and biomarkers.</summary>
public static class AssessmentEndpoints
{
    public static void MapAssessments(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/patients/{id}").WithTags("Assessment").RequireAuthorization(Policies.ClinicalRead);
        read.MapGet("/assessments", List);
        read.MapGet("/assessments/{assessmentId}", Get);
        read.MapGet("/treatments", Treatments);

        var write = app.MapGroup("/api/patients/{id}").WithTags("Assessment").RequireAuthorization(Policies.ClinicalWrite);
        write.MapPost("/assessments", Record);
    }

    static async Task<IResult> List(string id, AssessmentStore store, HttpContext http, CancellationToken ct) =>
        await store.ReadAllAsync(http.Actor(), id, ct) is { } list ? TypedResults.Ok(list) : HttpOutcomes.NotFound();

    static async Task<IResult> Get(string id, string assessmentId, AssessmentStore store, HttpContext http, CancellationToken ct) =>
        (await store.ReadAllAsync(http.Actor(), id, ct))?.FirstOrDefault(a => a.Id == assessmentId) is { } a
            ? TypedResults.Ok(a) : HttpOutcomes.NotFound();

    static async Task<IResult> Treatments(string id, AssessmentStore store, HttpContext http, CancellationToken ct) =>
        await store.ReadTreatmentsAsync(http.Actor(), id, ct) is { } list ? TypedResults.Ok(list) : HttpOutcomes.NotFound();

    static async Task<IResult> Record(string id, RecordAssessment body, AssessmentStore store, HttpContext http, CancellationToken ct) =>
        (await store.RecordAsync(http.Actor(), id, body, ct)).ToHttp(a => TypedResults.Created($"/api/patients/{id}/assessments/{a.Id}", a));
}
