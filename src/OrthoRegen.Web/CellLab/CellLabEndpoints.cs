using OrthoRegen.CellLab;
using OrthoRegen.Web.Hosting;

namespace OrthoRegen.Web.CellLab;

/// <summary>
/// The cell lab under /api/lab: donors, collections, lots, processing, divisions, QC, custody (CellLab role), release
/// decisions (QA), the physician's acknowledgement of a conditional release, and lot status for the clinical side.
/// </summary>
public static class CellLabEndpoints
{
    public static void MapCellLab(this IEndpointRouteBuilder app)
    {
        var lab = app.MapGroup("/api/lab").WithTags("CellLab").RequireAuthorization(Policies.CellLab);
        lab.MapGet("/worklist", Worklist);
        lab.MapGet("/specs", Specs);
        lab.MapPost("/donors", RegisterDonor);
        lab.MapGet("/donors/{id}", GetDonor);
        lab.MapPost("/donors/{id}/screening", RecordScreening);
        lab.MapGet("/donors/{id}/trace", TraceDonor);
        lab.MapPost("/collections", RecordCollection);
        lab.MapGet("/collections/{id}", GetCollection);
        lab.MapPost("/lots", CreateLot);
        lab.MapGet("/lots/{id}", GetLot);
        lab.MapPost("/lots/{id}/processing", RecordProcessing);
        lab.MapPost("/lots/{id}/divisions", AddDivision);
        lab.MapPost("/lots/{id}/divisions/{code}/allocation", Allocate);
        lab.MapPost("/lots/{id}/qc", RecordQc);
        lab.MapPut("/lots/{id}/qc/{resultId}", UpdateQc);
        lab.MapGet("/lots/{id}/label", Label);
        lab.MapPost("/custody", RecordCustody);

        var release = app.MapGroup("/api/lab").WithTags("CellLab").RequireAuthorization(Policies.LotRelease);
        release.MapPost("/lots/{id}/decisions", Decide);

        var acknowledge = app.MapGroup("/api/lab").WithTags("CellLab").RequireAuthorization(Policies.TreatmentWrite);
        acknowledge.MapPost("/lots/{id}/acknowledgement", Acknowledge);

        var clinical = app.MapGroup("/api/lab").WithTags("CellLab").RequireAuthorization(Policies.TreatmentRead);
        clinical.MapGet("/lots/{id}/status", Status);
        clinical.MapGet("/patients/{id}/donors", DonorsOfRecipient);
        clinical.MapGet("/patients/{id}/notifications", Notifications);
    }

    static async Task<IResult> Worklist(LotStore store, HttpContext http, CancellationToken ct) => TypedResults.Ok(await store.WorklistAsync(http.Actor(), ct));

    static IResult Specs(ReleaseRules rules) => TypedResults.Ok(rules.Specs);

    static async Task<IResult> RegisterDonor(RegisterDonor body, DonorStore store, HttpContext http, CancellationToken ct) =>
        (await store.RegisterAsync(http.Actor(), body, ct)).ToHttp(d => TypedResults.Created($"/api/lab/donors/{d.Id}", d));

    static async Task<IResult> GetDonor(string id, DonorStore store, HttpContext http, CancellationToken ct) =>
        await store.GetAsync(http.Actor(), id, ct) is { } d ? TypedResults.Ok(d) : HttpOutcomes.NotFound();

    static async Task<IResult> RecordScreening(string id, RecordScreening body, DonorStore store, HttpContext http, CancellationToken ct) =>
        (await store.RecordScreeningAsync(http.Actor(), id, body, ct)).ToHttp(d => TypedResults.Created($"/api/lab/donors/{d.Id}", d));

    static async Task<IResult> TraceDonor(string id, LotStore store, HttpContext http, CancellationToken ct) =>
        await store.TraceDonorAsync(http.Actor(), id, ct) is { } t ? TypedResults.Ok(t) : HttpOutcomes.NotFound();

    static async Task<IResult> RecordCollection(RecordCollection body, CollectionStore store, HttpContext http, CancellationToken ct) =>
        (await store.RecordAsync(http.Actor(), body, ct)).ToHttp(c => TypedResults.Created($"/api/lab/collections/{c.Id}", c));

    static async Task<IResult> GetCollection(string id, CollectionStore store, HttpContext http, CancellationToken ct) =>
        await store.GetAsync(http.Actor(), id, ct) is { } c ? TypedResults.Ok(c) : HttpOutcomes.NotFound();

    static async Task<IResult> CreateLot(CreateLot body, LotStore store, HttpContext http, CancellationToken ct) =>
        (await store.CreateAsync(http.Actor(), body, ct)).ToHttp(l => TypedResults.Created($"/api/lab/lots/{l.Id}", l));

    static async Task<IResult> GetLot(string id, LotStore store, HttpContext http, CancellationToken ct) =>
        await store.GetAsync(http.Actor(), id, ct) is { } l ? TypedResults.Ok(l) : HttpOutcomes.NotFound();

    static async Task<IResult> RecordProcessing(string id, RecordProcessingStep body, LotStore store, HttpContext http, CancellationToken ct) =>
        (await store.RecordProcessingAsync(http.Actor(), id, body, ct)).ToHttp(l => TypedResults.Created($"/api/lab/lots/{l.Id}", l));

    static async Task<IResult> AddDivision(string id, AddDivision body, LotStore store, HttpContext http, CancellationToken ct) =>
        (await store.AddDivisionAsync(http.Actor(), id, body, ct)).ToHttp(l => TypedResults.Created($"/api/lab/lots/{l.Id}", l));

    static async Task<IResult> Allocate(string id, string code, AllocateDivision body, LotStore store, HttpContext http, CancellationToken ct) =>
        (await store.AllocateAsync(http.Actor(), id, code, body, ct)).ToHttp(TypedResults.Ok);

    static async Task<IResult> RecordQc(string id, RecordQcResult body, LotStore store, HttpContext http, CancellationToken ct) =>
        (await store.RecordQcAsync(http.Actor(), id, body, ct)).ToHttp(l => TypedResults.Created($"/api/lab/lots/{l.Id}", l));

    static async Task<IResult> UpdateQc(string id, string resultId, UpdateQcResult body, LotStore store, HttpContext http, CancellationToken ct) =>
        (await store.UpdateQcAsync(http.Actor(), id, resultId, body, ct)).ToHttp(TypedResults.Ok);

    static async Task<IResult> Label(string id, string? division, LotStore store, HttpContext http, CancellationToken ct) =>
        await store.LabelAsync(http.Actor(), id, division, ct) is { } l ? TypedResults.Ok(new { label = l, lines = l.Lines() }) : HttpOutcomes.NotFound();

    static async Task<IResult> RecordCustody(RecordCustodyEvent body, CustodyStore store, HttpContext http, CancellationToken ct) =>
        (await store.RecordAsync(http.Actor(), body, ct)).ToHttp(e => TypedResults.Created($"/api/lab/custody/{e.Id}", e));

    static async Task<IResult> Decide(string id, DecideRelease body, LotStore store, HttpContext http, CancellationToken ct) =>
        (await store.DecideAsync(http.Actor(), id, body, ct)).ToHttp(l => TypedResults.Created($"/api/lab/lots/{l.Id}", l));

    static async Task<IResult> Acknowledge(string id, AcknowledgeConditionalRelease body, LotStore store, HttpContext http, CancellationToken ct) =>
        (await store.AcknowledgeAsync(http.Actor(), id, body, ct)).ToHttp(TypedResults.Ok);

    static async Task<IResult> Status(string id, string? division, LotStore store, HttpContext http, CancellationToken ct) =>
        await store.StatusAsync(http.Actor(), id, division, ct) is { } s ? TypedResults.Ok(s) : HttpOutcomes.NotFound();

    static async Task<IResult> DonorsOfRecipient(string id, LotStore store, HttpContext http, CancellationToken ct) =>
        await store.DonorsOfRecipientAsync(http.Actor(), id, ct) is { } rows ? TypedResults.Ok(rows) : HttpOutcomes.NotFound();

    static async Task<IResult> Notifications(string id, LotStore store, HttpContext http, CancellationToken ct) =>
        await store.NotificationsForPatientAsync(http.Actor(), id, ct) is { } n ? TypedResults.Ok(n) : HttpOutcomes.NotFound();
}
