using Microsoft.Extensions.Localization;
using OrthoRegen.Evidence;
using OrthoRegen.Web.Hosting;

namespace OrthoRegen.Web.Evidence;

/// <summary>
/// The literature library, the meta-analysis workspace and the reviewer's PRISMA and GRADE records (Admin, Physician,
/// Researcher). Chart and data downloads take the workspace's query string (instrument, subscale, month, measure,
/// method, test, subgroupBy, indication, clinic).
/// </summary>
public static class EvidenceEndpoints
{
    public static void MapEvidence(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/evidence").WithTags("Evidence").RequireAuthorization(Policies.Evidence);
        api.MapGet("/studies", List);
        api.MapPost("/studies", Create);
        api.MapGet("/studies/{id}", Get);
        api.MapPut("/studies/{id}", Correct);
        api.MapGet("/studies/{id}/history", History);
        api.MapGet("/studies.csv", Export);
        api.MapPost("/studies/import", Import);
        api.MapPost("/demo", LoadDemo);
        api.MapGet("/meta", Meta);
        api.MapGet("/meta/forest.svg", ForestSvg);
        api.MapGet("/meta/forest.csv", ForestCsv);
        api.MapGet("/meta/funnel.svg", FunnelSvg);
        api.MapGet("/meta/funnel.csv", FunnelCsv);
        api.MapGet("/prisma", Prismas);
        api.MapPost("/prisma", CreatePrisma);
        api.MapPut("/prisma/{id}", CorrectPrisma);
        api.MapGet("/prisma/{id}/diagram.svg", PrismaSvg);
        api.MapGet("/grade", Grades);
        api.MapPost("/grade", CreateGrade);
        api.MapPut("/grade/{id}", CorrectGrade);
        api.MapGet("/grade/summary", SummaryOfFindings);
        api.MapGet("/grade/summary.csv", SummaryOfFindingsCsv);
    }

    static async Task<IResult> List(string? q, string? design, string? indication, string? cellSource, string? route, EvidenceStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ListAsync(new StudyFilter(q, design, indication, cellSource, route), ct));

    static async Task<IResult> Create(StudyInput body, EvidenceStore store, HttpContext http, CancellationToken ct) =>
        (await store.CreateAsync(http.Actor(), body, ct)).ToHttp(s => TypedResults.Created($"/api/evidence/studies/{s.Id}", s));

    static async Task<IResult> Get(string id, EvidenceStore store, CancellationToken ct) =>
        await store.GetAsync(id, ct) is { } s ? TypedResults.Ok(s) : HttpOutcomes.NotFound();

    static async Task<IResult> Correct(string id, StudyInput body, EvidenceStore store, HttpContext http, CancellationToken ct) =>
        (await store.CorrectAsync(http.Actor(), id, body, ct)).ToHttp(TypedResults.Ok);

    static async Task<IResult> History(string id, EvidenceStore store, CancellationToken ct) =>
        await store.HistoryAsync(id, ct) is { } h ? TypedResults.Ok(h) : HttpOutcomes.NotFound();

    static async Task<IResult> Export(EvidenceStore store, CancellationToken ct) =>
        Download(StudyCsv.Write((await store.ListAsync(new StudyFilter(), ct)).Select(s => (s.Id, s.Data))), "text/csv", "evidence-library.csv");

    /// <summary>The CSV file as the request body (text/csv); all or nothing.</summary>
    static async Task<IResult> Import(HttpRequest request, EvidenceStore store, HttpContext http, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(ct);
        return (await store.ImportCsvAsync(http.Actor(), text, ct)).ToHttp(ids => TypedResults.Ok(new { imported = ids.Count, ids }));
    }

    static async Task<IResult> LoadDemo(EvidenceDemoLibrary demo, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(new { added = await demo.LoadAsync(http.Actor(), ct) });

    static async Task<IResult> Meta([AsParameters] MetaQueryString q, MetaWorkspace workspace, HttpContext http, CancellationToken ct) =>
        (await workspace.RunAsync(http.Actor(), q.ToRequest(), ct)).ToHttp(w => TypedResults.Ok(MetaWorkspaceView.From(w)));

    static Task<IResult> ForestSvg([AsParameters] MetaQueryString q, MetaWorkspace w, HttpContext http, IStringLocalizer<Ui> l, CancellationToken ct) =>
        Chart(q, w, http, r => Download(EvidenceCharts.Forest(r, EvidenceChartText.Forest(l), EvidenceChartText.Clinic(l)), "image/svg+xml", "forest.svg"), ct);

    static Task<IResult> ForestCsv([AsParameters] MetaQueryString q, MetaWorkspace w, HttpContext http, CancellationToken ct) =>
        Chart(q, w, http, r => Download(EvidenceCharts.ForestCsv(r), "text/csv", "forest.csv"), ct);

    static Task<IResult> FunnelSvg([AsParameters] MetaQueryString q, MetaWorkspace w, HttpContext http, IStringLocalizer<Ui> l, CancellationToken ct) =>
        Chart(q, w, http, r => Download(EvidenceCharts.Funnel(r, EvidenceChartText.Funnel(l)), "image/svg+xml", "funnel.svg"), ct);

    static Task<IResult> FunnelCsv([AsParameters] MetaQueryString q, MetaWorkspace w, HttpContext http, CancellationToken ct) =>
        Chart(q, w, http, r => Download(EvidenceCharts.FunnelCsv(r), "text/csv", "funnel.csv"), ct);

    static async Task<IResult> Chart(MetaQueryString q, MetaWorkspace workspace, HttpContext http, Func<MetaWorkspaceResult, IResult> draw, CancellationToken ct) =>
        (await workspace.RunAsync(http.Actor(), q.ToRequest(), ct)).ToHttp(r => r.Report is null
            ? TypedResults.Problem(title: "Nothing to pool", detail: r.Problem, statusCode: StatusCodes.Status422UnprocessableEntity)
            : draw(r));

    static async Task<IResult> Prismas(ReviewStore store, CancellationToken ct) => TypedResults.Ok(await store.PrismasAsync(ct));

    static async Task<IResult> CreatePrisma(PrismaInput body, ReviewStore store, HttpContext http, CancellationToken ct) =>
        (await store.SavePrismaAsync(http.Actor(), null, body, ct)).ToHttp(r => TypedResults.Created($"/api/evidence/prisma/{r.Id}", r));

    static async Task<IResult> CorrectPrisma(string id, PrismaInput body, ReviewStore store, HttpContext http, CancellationToken ct) =>
        (await store.SavePrismaAsync(http.Actor(), id, body, ct)).ToHttp(TypedResults.Ok);

    static async Task<IResult> PrismaSvg(string id, ReviewStore store, IStringLocalizer<Ui> l, CancellationToken ct) =>
        (await store.PrismasAsync(ct)).FirstOrDefault(p => p.Id == id) is { } p
            ? Download(Prisma.Diagram(p.Body, EvidenceChartText.Prisma(l)), "image/svg+xml", "prisma.svg")
            : HttpOutcomes.NotFound();

    static async Task<IResult> Grades(ReviewStore store, CancellationToken ct) => TypedResults.Ok(await store.GradesAsync(ct));

    static async Task<IResult> CreateGrade(GradeInput body, ReviewStore store, HttpContext http, CancellationToken ct) =>
        (await store.SaveGradeAsync(http.Actor(), null, body, ct)).ToHttp(r => TypedResults.Created($"/api/evidence/grade/{r.Id}", r));

    static async Task<IResult> CorrectGrade(string id, GradeInput body, ReviewStore store, HttpContext http, CancellationToken ct) =>
        (await store.SaveGradeAsync(http.Actor(), id, body, ct)).ToHttp(TypedResults.Ok);

    static async Task<IResult> SummaryOfFindings(SummaryOfFindings sof, CancellationToken ct) => TypedResults.Ok(await sof.BuildAsync(ct));

    static async Task<IResult> SummaryOfFindingsCsv(SummaryOfFindings sof, CancellationToken ct) =>
        Download(OrthoRegen.Evidence.SummaryOfFindings.ToCsv(await sof.BuildAsync(ct)), "text/csv", "summary-of-findings.csv");

    static IResult Download(string content, string type, string name) =>
        new DownloadResult(TypedResults.Text(content, type + "; charset=utf-8"), name);

    /// <summary>Adds Content-Disposition so the browser saves the file under its name.</summary>
    sealed class DownloadResult(IResult inner, string name) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
            return inner.ExecuteAsync(http);
        }
    }
}

/// <summary>The workspace's query string.</summary>
public sealed record MetaQueryString(string? Instrument, string? Subscale, double? Month, string? Measure, string? Method, string? Test,
    string? SubgroupBy, string? Indication, bool? Clinic, string? Comparison)
{
    public MetaRequest ToRequest() => new()
    {
        Instrument = Instrument, Subscale = Subscale, Month = Month, Measure = Measure ?? "MD", Method = Method ?? "REML", Test = Test ?? "z",
        SubgroupBy = string.IsNullOrEmpty(SubgroupBy) ? null : SubgroupBy, Indication = string.IsNullOrEmpty(Indication) ? null : Indication,
        Clinic = Clinic ?? true, Comparison = string.IsNullOrEmpty(Comparison) ? null : Comparison,
    };
}
