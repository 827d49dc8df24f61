using Microsoft.Extensions.Localization;
using OrthoRegen.Outcomes;
using OrthoRegen.Statistics;
using OrthoRegen.Web.Hosting;

namespace OrthoRegen.Web.Outcomes;

/// <summary>
/// Survival free of joint replacement (or spine surgery) for a cohort given by its query-string form, plus
/// <c>groupBy</c> (NONE, ROUTE, CELL_SOURCE, KL_GRADE, DOSE_TIER). The curves, figures and first-result JSON are counted on the
/// analytics snapshot without reading member rows; the whole JSON and the CSV parts add the subjects and the Cox model;
/// and each request is recorded in the analysis log.
/// </summary>
public static class SurvivalEndpoints
{
    public static RouteGroupBuilder MapOutcomesSurvival(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/outcomes").WithTags("Outcomes").RequireAuthorization(Policies.Outcomes);
        api.MapGet("/survival", Survival);
        api.MapGet("/survival/curves", SurvivalCurvesData);
        api.MapGet("/survival/svg", SurvivalSvg);
        api.MapGet("/survival/competing-risks/svg", CompetingSvg);
        api.MapGet("/survival/csv", SurvivalCsvData);
        SafetySignalEndpoints.Map(app);
        LotOutcomeEndpoints.Map(app);
        OutlookEndpoints.Map(app);
        return api;
    }

    /// <summary>The analysis as JSON: curves (survfit step tables), number at risk, log-rank, Cox terms, competing risks.</summary>
    public sealed record SurvivalJson(string Definition, string Query, string Grouping, int N, int Events, int Deaths,
        IReadOnlyList<KaplanMeierCurve> Curves, SurvivalAtRisk AtRisk, LogRankJson? LogRank, CoxJson Cox, CompetingRiskView? CompetingRisks);

    public sealed record LogRankJson(double ChiSquare, int Df, double? P, IReadOnlyList<LogRankGroup> Groups, string? Message);

    public sealed record CoxJson(IReadOnlyList<string> Covariates, int Used, int Excluded, IReadOnlyList<CoxTerm> Terms, int? Events,
        ChiSquareTest? LikelihoodRatio, double? Concordance, string? NotEstimable);

    /// <summary>The first result as JSON: what <see cref="Survival"/> gives but the Cox model (and without reading every member's row).</summary>
    public sealed record SurvivalCurvesJson(string Definition, string Query, string Grouping, int N, int Events, int Deaths, double MaxYears,
        IReadOnlyList<KaplanMeierCurve> Curves, SurvivalAtRisk AtRisk, LogRankJson? LogRank, CompetingRiskView? CompetingRisks);

    /// <summary>Parses the cohort and grouping (a problem naming the field when either is wrong), runs, and answers.</summary>
    static async Task<IResult> Run<T>(HttpContext http, Func<CohortSource, SurvivalOptions, Task<T>> run, Func<CohortSource, T, IResult> done)
    {
        var read = await SurvivalRequest.ReadAsync(http);
        if (read is not Outcome<SurvivalRequest>.Done { Value: var request }) return read.ToHttp(_ => TypedResults.Ok());
        return done(request.Cohort, await run(request.Cohort, request.Options));
    }

    /// <summary>The whole run: every member's row is read (subjects, Cox model).</summary>
    static Task<IResult> Whole(HttpContext http, SurvivalRuns runs, Func<CohortSource, SurvivalResult, IResult> done, CancellationToken ct) =>
        Run(http, (c, o) => runs.RunAsync(http.Actor(), c, o, ct), done);

    /// <summary>The first result only: counted per group, day and outcome on the analytics snapshot.</summary>
    static Task<IResult> FirstResult(HttpContext http, SurvivalRuns runs, Func<CohortSource, SurvivalCurves, IResult> done, CancellationToken ct) =>
        Run(http, (c, o) => runs.CurvesAsync(http.Actor(), c, o, ct), done);

    static Task<IResult> Survival(HttpContext http, SurvivalRuns runs, CancellationToken ct) =>
        Whole(http, runs, (d, r) => TypedResults.Ok(ToJson(d, r)), ct);

    static Task<IResult> SurvivalCurvesData(HttpContext http, SurvivalRuns runs, CancellationToken ct) =>
        FirstResult(http, runs, (c, r) => TypedResults.Ok(new SurvivalCurvesJson(c.Definition.ToCanonicalJson(), c.Query, r.Grouping, r.N, r.Events,
            r.Deaths, r.MaxYears, r.Curves, r.AtRisk, LogRankOf(r.LogRank), r.CompetingRisks)), ct);

    static Task<IResult> SurvivalSvg(HttpContext http, SurvivalRuns runs, IStringLocalizer<Ui> l, CancellationToken ct) =>
        FirstResult(http, runs, (_, r) => Svg(SurvivalFigure.KaplanMeier(r, OutcomeChartText.Survival(l, r.Grouping)), "survival.svg"), ct);

    static Task<IResult> CompetingSvg(HttpContext http, SurvivalRuns runs, IStringLocalizer<Ui> l, CancellationToken ct) =>
        FirstResult(http, runs, (_, r) => SurvivalFigure.CompetingRisks(r, OutcomeChartText.Survival(l, r.Grouping)) is { } svg
            ? Svg(svg, "competing-risks.svg")
            : TypedResults.Problem(title: "No competing risk", detail: "No death is recorded in this cohort, so cumulative incidence equals 1 − Kaplan-Meier.", statusCode: StatusCodes.Status404NotFound), ct);

    static Task<IResult> SurvivalCsvData(HttpContext http, SurvivalRuns runs, string? part, CancellationToken ct)
    {
        var p = string.IsNullOrWhiteSpace(part) ? SurvivalCsv.Steps : part.Trim();
        if (!SurvivalCsv.Parts.Contains(p, StringComparer.Ordinal))
            return Task.FromResult<IResult>(TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["part"] = [$"Must be one of {string.Join(", ", SurvivalCsv.Parts)}."] }, title: "The request is not valid"));
        return Whole(http, runs, (_, r) => Csv(SurvivalCsv.Write(r, p), $"survival-{p}.csv"), ct);
    }

    public static SurvivalJson ToJson(CohortSource c, SurvivalResult r) => new(
        c.Definition.ToCanonicalJson(), c.Query, r.Grouping, r.N, r.Events, r.Deaths, r.Curves, r.AtRisk,
        LogRankOf(r.LogRank),
        new CoxJson(r.Cox.Covariates, r.Cox.Used, r.Cox.Excluded, r.Cox.Fit?.Terms ?? [], r.Cox.Fit?.Events, r.Cox.Fit?.LikelihoodRatio,
            r.Cox.Fit?.Concordance, r.Cox.NotEstimable),
        r.CompetingRisks);

    static LogRankJson? LogRankOf(LogRankTest? lr) => lr is null ? null : new LogRankJson(lr.ChiSquare, lr.Df, lr.P, lr.Groups, lr.Message);

    internal static IResult Svg(string svg, string fileName) =>
        TypedResults.File(System.Text.Encoding.UTF8.GetBytes(svg), "image/svg+xml", fileName);

    internal static IResult Csv(string csv, string fileName) =>
        TypedResults.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", fileName);
}
