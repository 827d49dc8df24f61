using Microsoft.Extensions.Localization;
using System.Text;
using System.Text.Json;
using OrthoRegen.Outcomes;
using OrthoRegen.Web.Hosting;

namespace OrthoRegen.Web.Outcomes;

/// <summary>
/// Cohort analytics API. A cohort is given either as query-string filters (the form used for links between pages, see
/// <see cref="CohortDefinition.ToQueryString"/>) or as a JSON body in the canonical form of <see cref="CohortDefinition"/>.
/// Every chart is also available as SVG and its data as CSV. Every run is recorded in the analysis log.
/// </summary>
public static class OutcomesEndpoints
{
    public static RouteGroupBuilder MapOutcomes(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/outcomes").WithTags("Outcomes").RequireAuthorization(Policies.Outcomes);
        api.MapGet("/cohort", SelectByQuery);
        api.MapPost("/cohort", SelectByBody);
        api.MapGet("/cohort.csv", MembersCsv);
        api.MapGet("/trajectory", Trajectory);
        api.MapGet("/trajectory.csv", TrajectoryCsv);
        api.MapGet("/trajectory.svg", TrajectorySvg);
        api.MapGet("/responders", RespondersJson);
        api.MapGet("/responders.csv", RespondersCsv);
        api.MapPost("/responders/compare", Compare);
        api.MapGet("/cohorts", ListSaved);
        api.MapPost("/cohorts", CreateSaved);
        api.MapGet("/cohorts/{id}", LoadSaved);
        api.MapPut("/cohorts/{id}", UpdateSaved);
        api.MapGet("/runs", Runs).RequireAuthorization(Policies.Admin);
        return api;
    }

    /// <summary>The cohort's members, as the selector returns them (pseudonym codes, never identifiers).</summary>
    public sealed record CohortResult(string Definition, string Query, int Count, IReadOnlyList<CohortMember> Members);

    /// <summary>The two cohorts to compare and the score (or <c>OMERACT_OARSI</c>).</summary>
    public sealed record CompareRequest(JsonElement? First, JsonElement? Second, string? Instrument, string? Score);

    static Outcome<CohortDefinition> Query(HttpContext http) => CohortDefinition.FromQueryString(http.Request.QueryString.Value);

    static TrajectoryRequest TrajectoryQuery(HttpContext http)
    {
        var q = http.Request.Query;
        return new TrajectoryRequest(q["instrument"].FirstOrDefault(), q["score"].FirstOrDefault(), q["measure"].FirstOrDefault(), q["groupBy"].FirstOrDefault());
    }

    static IResult Csv(string csv, string name) =>
        TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray(), "text/csv; charset=utf-8", name);

    static async Task<IResult> With<T>(Outcome<CohortDefinition> parsed, Func<CohortDefinition, Task<Outcome<T>>> run, Func<T, IResult> done) =>
        parsed is Outcome<CohortDefinition>.Done { Value: var d } ? (await run(d)).ToHttp(done) : parsed.ToHttp(_ => TypedResults.Ok());

    static Task<IResult> SelectByQuery(HttpContext http, CohortAnalytics analytics, CancellationToken ct) =>
        With(Query(http), d => analytics.MembersAsync(http.Actor(), d, ct), r => TypedResults.Ok(Result(r)));

    static async Task<IResult> SelectByBody(HttpContext http, CohortAnalytics analytics, CancellationToken ct)
    {
        // The definition is the body: refuse another content type or no body at all rather than select everyone.
        if (!http.Request.HasJsonContentType())
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["Send the body as application/json."] }, statusCode: StatusCodes.Status415UnsupportedMediaType);
        using var reader = new StreamReader(http.Request.Body);
        var text = await reader.ReadToEndAsync(ct);
        if (string.IsNullOrWhiteSpace(text))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["definition"] = ["Send the cohort definition as a JSON object ({} selects every patient)."] });
        return await With(CohortDefinition.FromJson(text), d => analytics.MembersAsync(http.Actor(), d, ct), r => TypedResults.Ok(Result(r)));
    }

    static CohortResult Result(CohortAnalysis<IReadOnlyList<CohortMember>> r)
    {
        var d = CohortDefinition.FromJson(r.Definition) is Outcome<CohortDefinition>.Done { Value: var v } ? v : new CohortDefinition();
        return new CohortResult(r.Definition, d.ToQueryString(), r.Members, r.Result);
    }

    static Task<IResult> MembersCsv(HttpContext http, CohortAnalytics analytics, CancellationToken ct) =>
        With(Query(http), d => analytics.MembersAsync(http.Actor(), d, ct), r => Csv(OutcomeCsv.Members(r.Result), "cohort.csv"));

    static Task<IResult> Trajectory(HttpContext http, CohortAnalytics analytics, CancellationToken ct) =>
        With(Query(http), d => analytics.TrajectoryAsync(http.Actor(), d, TrajectoryQuery(http), ct), r => TypedResults.Ok(r));

    static Task<IResult> TrajectoryCsv(HttpContext http, CohortAnalytics analytics, CancellationToken ct) =>
        With(Query(http), d => analytics.TrajectoryAsync(http.Actor(), d, TrajectoryQuery(http), ct),
            r => http.Request.Query["series"] == "members"
                ? Csv(OutcomeCsv.Series(r.Result), "trajectory-members.csv")
                : Csv(OutcomeCsv.Trajectory(r.Result), "trajectory.csv"));

    static Task<IResult> TrajectorySvg(HttpContext http, CohortAnalytics analytics, IStringLocalizer<Ui> l, CancellationToken ct) =>
        With(Query(http), d => analytics.TrajectoryAsync(http.Actor(), d, TrajectoryQuery(http), ct),
            r => TypedResults.Text(OutcomeChartText.Trajectory(l, r.Result, http.Request.Query["spaghetti"] == "true"), "image/svg+xml; charset=utf-8"));

    static Task<IResult> RespondersJson(HttpContext http, CohortAnalytics analytics, CancellationToken ct) =>
        With(Query(http), d => analytics.RespondersAsync(http.Actor(), d, ct), r => TypedResults.Ok(r));

    static Task<IResult> RespondersCsv(HttpContext http, CohortAnalytics analytics, CancellationToken ct) =>
        With(Query(http), d => analytics.RespondersAsync(http.Actor(), d, ct), r => Csv(OutcomeCsv.Responders(r.Result.Select(a => ("cohort", a))), "responders.csv"));

    static async Task<IResult> Compare(CompareRequest body, HttpContext http, CohortAnalytics analytics, CancellationToken ct)
    {
        var e = new Dictionary<string, string[]>();
        CohortDefinition? Parse(string field, JsonElement? json)
        {
            switch (CohortDefinition.FromJson(json?.GetRawText()))
            {
                case Outcome<CohortDefinition>.Done d: return d.Value;
                case Outcome<CohortDefinition>.Invalid i: foreach (var (k, v) in i.Errors) e[$"{field}.{k}"] = v; return null;
                default: return null;
            }
        }
        var first = Parse("first", body.First);
        var second = Parse("second", body.Second);
        if (e.Count > 0) return TypedResults.ValidationProblem(e, title: "The request is not valid");
        return (await analytics.CompareAsync(http.Actor(), first!, second!, body.Instrument, body.Score, ct)).ToHttp(r => TypedResults.Ok(new
        {
            first = r.First, second = r.Second,
            differences = r.Differences.Select(d => new { visit = d.Visit, d.Difference.Difference, d.Difference.Lower, d.Difference.Upper, d.Difference.Message }),
        }));
    }

    static async Task<IResult> ListSaved(bool? archived, SavedCohortStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ListAsync(archived == true, ct));

    static async Task<IResult> LoadSaved(string id, SavedCohortStore store, CancellationToken ct) =>
        await store.LoadAsync(id, ct) is { } s ? TypedResults.Ok(s) : HttpOutcomes.NotFound();

    static async Task<IResult> CreateSaved(SaveCohortBody body, SavedCohortStore store, HttpContext http, CancellationToken ct) =>
        (await store.CreateAsync(http.Actor(), body.ToRequest(), ct)).ToHttp(s => TypedResults.Created($"/api/outcomes/cohorts/{s.Id}", s));

    static async Task<IResult> UpdateSaved(string id, SaveCohortBody body, SavedCohortStore store, HttpContext http, CancellationToken ct) =>
        (await store.UpdateAsync(http.Actor(), id, body.ToRequest(), ct)).ToHttp(s => TypedResults.Ok(s));

    static async Task<IResult> Runs(int? limit, AnalysisLog log, CancellationToken ct) => TypedResults.Ok(await log.RecentAsync(limit ?? 100, ct));

    /// <summary>The API shape of a saved cohort: the definition as a JSON object.</summary>
    public sealed record SaveCohortBody(string? Name, string? Description, JsonElement? Definition, int? Version, string? Reason, bool? Archived)
    {
        public SaveCohort ToRequest() => new()
        {
            Name = Name, Description = Description, Definition = Definition is { ValueKind: not JsonValueKind.Null } d ? d.GetRawText() : null,
            Version = Version, Reason = Reason, Archived = Archived,
        };
    }
}
