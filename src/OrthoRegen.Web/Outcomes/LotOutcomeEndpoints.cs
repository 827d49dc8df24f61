using Microsoft.Extensions.Localization;
using OrthoRegen.Outcomes;
using OrthoRegen.Statistics;
using OrthoRegen.Web.Hosting;

namespace OrthoRegen.Web.Outcomes;

/// <summary>
/// Lot-to-outcome for a cohort (query-string form) plus <c>instrument</c>, <c>score</c> and <c>attribute</c>: JSON, the
/// scatter as SVG and the data as CSV.
/// </summary>
public static class LotOutcomeEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/outcomes/lot-outcome").WithTags("Outcomes").RequireAuthorization(Policies.Outcomes);
        api.MapGet("/", Analyse);
        api.MapGet("/svg", Scatter);
        api.MapGet("/csv", Csv);
    }

    public sealed record LotOutcomeJson(string Definition, string Query, string Instrument, string Score, string Direction, string Attribute,
        double? MinimalImportantChange, int Members, int WithChange, int MissingChange, int MissingAttribute, LinearFit? Line,
        IReadOnlyList<LinePoint> Band, string? LineNotEstimable, IReadOnlyList<LogisticTerm> LogisticTerms, string? LogisticNotEstimable,
        IReadOnlyList<LotOutcomeGroup> Groups, IReadOnlyList<LotOutcomeSubject> Subjects);

    public static LotOutcomeJson ToJson(CohortSource c, LotOutcomeResult r) => new(c.Definition.ToCanonicalJson(), c.Query, r.Instrument, r.Score,
        r.Direction, r.Attribute, r.MinimalImportantChange, r.Subjects.Count, r.WithChange, r.MissingChange, r.MissingAttribute, r.Line, r.Band,
        r.LineNotEstimable, r.Logistic?.Terms ?? [], r.LogisticNotEstimable, r.Groups, r.Subjects);

    static async Task<IResult> Run(HttpContext http, LotOutcomeRuns runs, Func<CohortSource, LotOutcomeResult, IResult> done, CancellationToken ct)
    {
        var parsed = await CohortSource.FromQueryStringAsync(http.RequestServices.GetRequiredService<SavedCohortStore>(), http.Request.QueryString.Value, ct);
        var q = http.Request.Query;
        var options = LotOutcomeOptions.From(runs.Catalog, q["instrument"], q["score"], q["attribute"]);
        if (parsed is Outcome<CohortSource>.Invalid bad) return bad.ToHttp(_ => TypedResults.Ok());
        if (options is Outcome<LotOutcomeOptions>.Invalid badOptions) return badOptions.ToHttp(_ => TypedResults.Ok());
        var cohort = ((Outcome<CohortSource>.Done)parsed).Value;
        return done(cohort, await runs.RunAsync(http.Actor(), cohort, ((Outcome<LotOutcomeOptions>.Done)options).Value, ct));
    }

    static Task<IResult> Analyse(HttpContext http, LotOutcomeRuns runs, CancellationToken ct) =>
        Run(http, runs, (d, r) => TypedResults.Ok(ToJson(d, r)), ct);

    static Task<IResult> Scatter(HttpContext http, LotOutcomeRuns runs, IStringLocalizer<Ui> l, CancellationToken ct) =>
        Run(http, runs, (_, r) => SurvivalEndpoints.Svg(OutcomeChartText.LotScatter(l, r), "lot-outcome.svg"), ct);

    static Task<IResult> Csv(HttpContext http, LotOutcomeRuns runs, string? part, CancellationToken ct)
    {
        var p = string.IsNullOrWhiteSpace(part) ? "subjects" : part.Trim();
        if (!LotOutcomeFigure.CsvParts.Contains(p, StringComparer.Ordinal))
            return Task.FromResult<IResult>(TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["part"] = [$"Must be one of {string.Join(", ", LotOutcomeFigure.CsvParts)}."] }, title: "The request is not valid"));
        return Run(http, runs, (_, r) => SurvivalEndpoints.Csv(LotOutcomeFigure.Csv(r, p), $"lot-outcome-{p}.csv"), ct);
    }
}
