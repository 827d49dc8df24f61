using OrthoRegen.Patients;
using OrthoRegen.Web.Hosting;

namespace OrthoRegen.Web.Patients;

/// <summary>Patients, their measurements and consents.</summary>
public static class PatientEndpoints
{
    public static void MapPatients(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/patients").WithTags("Patients").RequireAuthorization(Policies.ClinicalRead);
        read.MapGet("/", Search);
        read.MapGet("/{id}", Get);
        read.MapGet("/{id}/measurements", Measurements);
        read.MapGet("/{id}/consents", Consents);
        read.MapGet("/{id}/comorbidities", Comorbidities);
        read.MapGet("/{id}/consents/{consentId}/history", ConsentHistory);

        var write = app.MapGroup("/api/patients").WithTags("Patients").RequireAuthorization(Policies.ClinicalWrite);
        write.MapPost("/", Register);
        write.MapPut("/{id}", Correct);
        write.MapGet("/{id}/history", History);
        write.MapPost("/{id}/measurements", RecordMeasurement);
        write.MapPost("/{id}/consents", RecordConsent);
        write.MapPost("/{id}/comorbidities", RecordComorbidity);
        write.MapPost("/{id}/consents/{consentId}/withdrawal", Withdraw);

        app.MapGet("/api/consent-forms", Forms).WithTags("Patients").RequireAuthorization(Policies.ClinicalRead);
    }

    static async Task<IResult> Search(string? q, int? page, int? pageSize, PatientStore store, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await store.SearchAsync(http.Actor(), q, page ?? 1, pageSize ?? 25, ct));

    static async Task<IResult> Get(string id, PatientStore store, HttpContext http, CancellationToken ct) =>
        await store.GetAsync(http.Actor(), id, ct) is { } p ? TypedResults.Ok(p) : HttpOutcomes.NotFound();

    static async Task<IResult> Register(RegisterPatient body, PatientStore store, HttpContext http, CancellationToken ct) =>
        (await store.RegisterAsync(http.Actor(), body, ct)).ToHttp(p => TypedResults.Created($"/api/patients/{p.Id}", p));

    static async Task<IResult> Correct(string id, CorrectPatient body, PatientStore store, HttpContext http, CancellationToken ct) =>
        (await store.CorrectAsync(http.Actor(), id, body, ct)).ToHttp(TypedResults.Ok);

    static async Task<IResult> History(string id, PatientStore store, HttpContext http, CancellationToken ct) =>
        await store.HistoryAsync(http.Actor(), id, ct) is { } h ? TypedResults.Ok(h) : HttpOutcomes.NotFound();

    static async Task<IResult> Measurements(string id, PatientStore store, HttpContext http, CancellationToken ct) =>
        await store.ReadMeasurementsAsync(http.Actor(), id, ct) is { } m ? TypedResults.Ok(m) : HttpOutcomes.NotFound();

    static async Task<IResult> RecordMeasurement(string id, RecordBodyMeasurement body, PatientStore store, HttpContext http, CancellationToken ct) =>
        (await store.RecordMeasurementAsync(http.Actor(), id, body, ct)).ToHttp(m => TypedResults.Created($"/api/patients/{id}/measurements", m));

    static async Task<IResult> Consents(string id, ConsentStore store, HttpContext http, CancellationToken ct) =>
        await store.ReadAllAsync(http.Actor(), id, ct) is { } c ? TypedResults.Ok(c) : HttpOutcomes.NotFound();

    static async Task<IResult> RecordConsent(string id, RecordConsent body, ConsentStore store, HttpContext http, CancellationToken ct) =>
        (await store.RecordAsync(http.Actor(), id, body, ct)).ToHttp(c => TypedResults.Created($"/api/patients/{id}/consents/{c.Id}", c));

    static async Task<IResult> Withdraw(string id, string consentId, WithdrawConsent body, ConsentStore store, HttpContext http, CancellationToken ct) =>
        (await store.WithdrawAsync(http.Actor(), id, consentId, body, ct)).ToHttp(TypedResults.Ok);

    static async Task<IResult> ConsentHistory(string id, string consentId, ConsentStore store, HttpContext http, CancellationToken ct) =>
        await store.HistoryAsync(http.Actor(), id, consentId, ct) is { } h ? TypedResults.Ok(h) : HttpOutcomes.NotFound();

    static async Task<IResult> Comorbidities(string id, ComorbidityStore store, HttpContext http, CancellationToken ct) =>
        await store.ReadAllAsync(http.Actor(), id, ct) is { } c ? TypedResults.Ok(c) : HttpOutcomes.NotFound();

    static async Task<IResult> RecordComorbidity(string id, RecordComorbidity body, ComorbidityStore store, HttpContext http, CancellationToken ct) =>
        (await store.RecordAsync(http.Actor(), id, body, ct)).ToHttp(c => TypedResults.Created($"/api/patients/{id}/comorbidities", c));

    static async Task<IResult> Forms(ConsentStore store, CancellationToken ct) => TypedResults.Ok(await store.FormsAsync(ct));
}
