using OrthoRegen.Outcomes;
using OrthoRegen.Research;
using OrthoRegen.Web.Hosting;

namespace OrthoRegen.Web.Research;

/// <summary>
/// The pseudonymised analysis dataset as a zip (dataset.csv, dictionary.csv, and dataset.R or dataset.sps) for
/// researchers and other outcome analysts. GET exports every patient at the caller's sites; POST takes a cohort's
/// patient ids (a saved cohort plugs in here).
/// </summary>
public static class ResearchEndpoints
{
    public static void MapResearch(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/research").WithTags("Research").RequireAuthorization(Policies.Outcomes);
        api.MapGet("/dataset", (string? shape, string? format, DatasetExport export, HttpContext http, CancellationToken ct) =>
            DownloadAsync(new ExportDataset { Shape = shape, Format = format }, export, http, ct));
        api.MapPost("/dataset", (ExportDataset body, DatasetExport export, HttpContext http, CancellationToken ct) =>
            DownloadAsync(body, export, http, ct));
        api.MapGet("/cohorts/{cohortId}/dataset", (string cohortId, string? shape, string? format, CohortDataset cohorts, HttpContext http, CancellationToken ct) =>
            ZipAsync((sink, actor) => cohorts.ExportAsync(actor, cohortId, shape, format, sink, ct), http));
    }

    static Task<IResult> DownloadAsync(ExportDataset request, DatasetExport export, HttpContext http, CancellationToken ct) =>
        ZipAsync(async (sink, actor) => await export.ExportAsync(actor, request, sink, ct), http);

    /// <summary>Runs an export into a temporary zip and returns it; null from the export means the cohort was not found.</summary>
    static async Task<IResult> ZipAsync(Func<IDatasetSink, OrthoRegen.Accounts.Actor, Task<Outcome<DatasetSummary>?>> run, HttpContext http)
    {
        // The zip is written to a temporary file (deleted when the response is done) rather than memory: a registry-wide
        // dataset can be large, and ZipArchive's central directory is written synchronously, which the response stream refuses.
        var path = Path.Combine(Path.GetTempPath(), $"orthoregen-dataset-{Guid.NewGuid():N}.zip");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        Outcome<DatasetSummary> outcome;
        try
        {
            Outcome<DatasetSummary>? result;
            using (var zip = new ZipSink(file)) result = await run(zip, http.Actor());
            if (result is null)
            {
                await file.DisposeAsync();
                return TypedResults.NotFound();
            }
            outcome = result;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
        if (outcome is not Outcome<DatasetSummary>.Done done)
        {
            await file.DisposeAsync();
            return outcome.ToHttp(_ => Results.Empty);
        }
        file.Position = 0;
        var name = $"orthoregen-dataset-{done.Value.Shape.ToString().ToLowerInvariant()}-{done.Value.Format.ToString().ToLowerInvariant()}.zip";
        return TypedResults.File(file, "application/zip", name);
    }
}
