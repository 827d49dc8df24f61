using OrthoRegen.Consent;
using OrthoRegen.Web.Hosting;

namespace OrthoRegen.Web.Consent;

/// <summary>e-Consent on the clinic tablet: sessions, answers, signature, and the stored records.</summary>
public static class EConsentEndpoints
{
    public static void MapEConsent(this IEndpointRouteBuilder app)
    {
        var write = app.MapGroup("/api").WithTags("EConsent").RequireAuthorization(Policies.ClinicalWrite);
        write.MapPost("/patients/{id}/econsent/sessions", Start);
        write.MapPost("/patients/{id}/econsent/withdrawals", StartWithdrawal);
        write.MapGet("/econsent/sessions/{sessionId}", Session);
        write.MapPost("/econsent/sessions/{sessionId}/answers", Answer);
        write.MapPost("/econsent/sessions/{sessionId}/signature", Sign);

        var read = app.MapGroup("/api/patients").WithTags("EConsent").RequireAuthorization(Policies.ClinicalRead);
        read.MapGet("/{id}/econsent/records", Records);
        read.MapGet("/{id}/econsent/records/{recordId}", Record);
    }

    static async Task<IResult> Start(string id, StartEConsent body, EConsentStore store, HttpContext http, CancellationToken ct) =>
        (await store.StartAsync(http.Actor(), id, body, ct)).ToHttp(s => TypedResults.Created($"/api/econsent/sessions/{s.Id}", new { session = s, tabletUrl = $"/consent/tablet/{s.Id}" }));

    static async Task<IResult> StartWithdrawal(string id, StartEWithdrawal body, EConsentStore store, HttpContext http, CancellationToken ct) =>
        (await store.StartWithdrawalAsync(http.Actor(), id, body, ct)).ToHttp(s => TypedResults.Created($"/api/econsent/sessions/{s.Id}", new { session = s, tabletUrl = $"/consent/tablet/{s.Id}" }));

    static async Task<IResult> Session(string sessionId, string? language, EConsentStore store, HttpContext http, CancellationToken ct) =>
        await store.ViewAsync(http.Actor(), sessionId, language, ct) is { } v ? TypedResults.Ok(v) : HttpOutcomes.NotFound();

    static async Task<IResult> Answer(string sessionId, AnswerCheckpoint body, EConsentStore store, HttpContext http, CancellationToken ct) =>
        (await store.AnswerAsync(http.Actor(), sessionId, body, ct)).ToHttp(TypedResults.Ok);

    static async Task<IResult> Sign(string sessionId, SignEConsent body, EConsentStore store, HttpContext http, CancellationToken ct) =>
        (await store.SignAsync(http.Actor(), sessionId, body, ct)).ToHttp(r => TypedResults.Created($"/api/patients/{r.PatientId}/econsent/records/{r.Id}", r));

    static async Task<IResult> Records(string id, EConsentStore store, HttpContext http, CancellationToken ct) =>
        await store.ListAsync(http.Actor(), id, ct) is { } list ? TypedResults.Ok(list) : HttpOutcomes.NotFound();

    static async Task<IResult> Record(string id, string recordId, EConsentStore store, HttpContext http, CancellationToken ct) =>
        await store.ReadAsync(http.Actor(), id, recordId, ct) is { } r ? TypedResults.Ok(r) : HttpOutcomes.NotFound();
}
