using OrthoRegen.Instruments;
using OrthoRegen.Web.Hosting;

namespace OrthoRegen.Web.Instruments;

/// <summary>Instrument definitions (and their FHIR Questionnaires), and a patient's instrument responses.</summary>
public static class InstrumentEndpoints
{
    public static void MapInstruments(this IEndpointRouteBuilder app)
    {
        var definitions = app.MapGroup("/api/instruments").WithTags("Instruments").RequireAuthorization(Policies.ClinicalRead);
        definitions.MapGet("/", List);
        definitions.MapGet("/{code}", Get);

        var read = app.MapGroup("/api/patients/{id}/responses").WithTags("Instruments").RequireAuthorization(Policies.ClinicalRead);
        read.MapGet("/", Responses);
        read.MapGet("/history", History);
        read.MapGet("/{responseId}", Versions);

        var write = app.MapGroup("/api/patients/{id}/responses").WithTags("Instruments").RequireAuthorization(Policies.ClinicalWrite);
        write.MapPost("/", Submit);
        write.MapPost("/{responseId}/rescore", Rescore);
    }

    /// <summary>One line per definition; the labels come in every shipped language.</summary>
    public sealed record DefinitionSummary(string Code, string Version, LocalizedText Title, string Source, int Items, IReadOnlyList<string> Scores);

    static IResult List(InstrumentCatalog catalog) =>
        TypedResults.Ok(catalog.Definitions.OrderBy(d => d.Code, StringComparer.Ordinal)
            .Select(d => new DefinitionSummary(d.Code, d.Version, d.Title, d.Source, d.Items.Count(), d.Scores.Select(s => s.Name).ToList())).ToList());

    /// <summary>The definition; <c>?format=fhir</c> gives the FHIR R4 Questionnaire (<c>&amp;lang=ko</c> for its texts, the
    /// clinic's licensed wording in that language when one is loaded).</summary>
    static IResult Get(string code, string? format, string? lang, InstrumentCatalog catalog, LicensedWordingLibrary wordings)
    {
        if (catalog.Find(code)?.Definition is not { } d) return HttpOutcomes.NotFound();
        return format switch
        {
            null or "" => TypedResults.Ok(InstrumentView.From(d, wordings)),
            "fhir" => TypedResults.Text(FhirQuestionnaire.ToJson(d, lang ?? "en", wordings.Find(d.Code, lang ?? "en")), "application/fhir+json"),
            _ => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["Use format=fhir, or no format for the definition."] }),
        };
    }

    static async Task<IResult> Responses(string id, string? instrument, ResponseStore store, HttpContext http, CancellationToken ct) =>
        await store.ReadAllAsync(http.Actor(), id, instrument, ct) is { } list ? TypedResults.Ok(list) : HttpOutcomes.NotFound();

    static async Task<IResult> History(string id, string? instrument, string? target, ResponseStore store, HttpContext http, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(instrument))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["instrument"] = ["Required, e.g. ?instrument=KOOS."] });
        return await store.HistoryAsync(http.Actor(), id, instrument, target, ct) is { } history ? TypedResults.Ok(history) : HttpOutcomes.NotFound();
    }

    static async Task<IResult> Versions(string id, string responseId, ResponseStore store, HttpContext http, CancellationToken ct) =>
        await store.VersionsAsync(http.Actor(), id, responseId, ct) is { } versions ? TypedResults.Ok(versions) : HttpOutcomes.NotFound();

    static async Task<IResult> Submit(string id, SubmitResponse body, ResponseStore store, HttpContext http, CancellationToken ct) =>
        (await store.SubmitAsync(http.Actor(), id, body, ct)).ToHttp(r => TypedResults.Created($"/api/patients/{id}/responses/{r.Id}", r));

    static async Task<IResult> Rescore(string id, string responseId, RescoreResponse body, ResponseStore store, HttpContext http, CancellationToken ct) =>
        (await store.RescoreAsync(http.Actor(), id, responseId, body, ct)).ToHttp(r => TypedResults.Ok(r));
}
