using Microsoft.Extensions.Localization;
using OrthoRegen.Outcomes;
using OrthoRegen.Web.Hosting;

namespace OrthoRegen.Web.Outcomes;

/// <summary>
/// Safety analytics of a cohort (rates per 100 injections with exact CIs, signal detection with its funnel chart) for
/// the outcomes roles, and the review workflow of a flagged lot for Safety and QA (<see cref="Policies.SignalReview"/>).
/// </summary>
public static class SafetySignalEndpoints
{
    public static readonly IReadOnlyList<string> Dimensions = [SafetySignalAnalysis.Lot, SafetySignalAnalysis.ProcessingRun, SafetySignalAnalysis.CellSource];

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/outcomes/safety").WithTags("Outcomes").RequireAuthorization(Policies.Outcomes);
        api.MapGet("/", Signals);
        api.MapGet("/funnel/svg", Funnel);
        api.MapGet("/csv", Csv);
        var reviews = app.MapGroup("/api/outcomes/signal-reviews").WithTags("Outcomes").RequireAuthorization(Policies.SignalReview);
        reviews.MapGet("/", List);
        reviews.MapPost("/", Open);
        reviews.MapGet("/{reviewId}", Get);
        reviews.MapPost("/{reviewId}/assessments", Assess);
        reviews.MapPost("/{reviewId}/closure", Close);
    }

    public sealed record SafetyJson(string Definition, string Query, SafetySignalResult Result, IReadOnlyList<SignalUnit> Flagged);

    static async Task<IResult> Run(HttpContext http, SafetySignalRuns runs, Func<CohortSource, SafetySignalResult, IResult> done, CancellationToken ct)
    {
        var parsed = await CohortSource.FromQueryStringAsync(http.RequestServices.GetRequiredService<SavedCohortStore>(), http.Request.QueryString.Value, ct);
        var options = SafetySignalOptions.From(http.Request.Query["events"]);
        if (parsed is Outcome<CohortSource>.Invalid bad) return bad.ToHttp(_ => TypedResults.Ok());
        if (options is Outcome<SafetySignalOptions>.Invalid badOptions) return badOptions.ToHttp(_ => TypedResults.Ok());
        var cohort = ((Outcome<CohortSource>.Done)parsed).Value;
        var result = await runs.RunAsync(http.Actor(), cohort, ((Outcome<SafetySignalOptions>.Done)options).Value, ct);
        return done(cohort, result);
    }

    static Task<IResult> Signals(HttpContext http, SafetySignalRuns runs, CancellationToken ct) =>
        Run(http, runs, (d, r) => TypedResults.Ok(new SafetyJson(d.Definition.ToCanonicalJson(), d.Query, r, r.Flagged.ToList())), ct);

    static Task<IResult> Funnel(HttpContext http, SafetySignalRuns runs, string? dimension, IStringLocalizer<Ui> l, CancellationToken ct)
    {
        var dim = string.IsNullOrWhiteSpace(dimension) ? SafetySignalAnalysis.Lot : dimension.Trim().ToUpperInvariant();
        if (!Dimensions.Contains(dim, StringComparer.Ordinal))
            return Task.FromResult<IResult>(TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["dimension"] = [$"Must be one of {string.Join(", ", Dimensions)}."] }, title: "The request is not valid"));
        return Run(http, runs, (_, r) => SurvivalEndpoints.Svg(OutcomeChartText.SafetyFunnel(l, r, dim), $"funnel-{dim.ToLowerInvariant()}.svg"), ct);
    }

    static Task<IResult> Csv(HttpContext http, SafetySignalRuns runs, string? part, CancellationToken ct)
    {
        var p = string.IsNullOrWhiteSpace(part) ? "signals" : part.Trim();
        if (!SafetySignalFigure.CsvParts.Contains(p, StringComparer.Ordinal))
            return Task.FromResult<IResult>(TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["part"] = [$"Must be one of {string.Join(", ", SafetySignalFigure.CsvParts)}."] }, title: "The request is not valid"));
        return Run(http, runs, (_, r) => SurvivalEndpoints.Csv(SafetySignalFigure.Csv(r, p), $"safety-{p}.csv"), ct);
    }

    static async Task<IResult> List(HttpContext http, SafetySignalReviews reviews, string? lotId, CancellationToken ct) =>
        TypedResults.Ok(await reviews.ListAsync(http.Actor(), lotId, null, ct));

    static async Task<IResult> Get(HttpContext http, SafetySignalReviews reviews, string reviewId, CancellationToken ct) =>
        await reviews.GetAsync(http.Actor(), reviewId, ct) is { } r ? TypedResults.Ok(r) : HttpOutcomes.NotFound();

    static async Task<IResult> Open(HttpContext http, SafetySignalReviews reviews, OpenSignalReview body, CancellationToken ct) =>
        (await reviews.OpenAsync(http.Actor(), body, ct)).ToHttp(r => TypedResults.Created($"/api/outcomes/signal-reviews/{r.Id}", r));

    static async Task<IResult> Assess(HttpContext http, SafetySignalReviews reviews, string reviewId, AssessSignalReview body, CancellationToken ct) =>
        (await reviews.AssessAsync(http.Actor(), reviewId, body, ct)).ToHttp(r => TypedResults.Ok(r));

    static async Task<IResult> Close(HttpContext http, SafetySignalReviews reviews, string reviewId, CloseSignalReview body, CancellationToken ct) =>
        (await reviews.CloseAsync(http.Actor(), reviewId, body, ct)).ToHttp(r => TypedResults.Ok(r));
}
