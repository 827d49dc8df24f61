using System.IO.Compression;
using System.Text.Json;
using OrthoRegen.Interop.Fhir;
using OrthoRegen.Web.Hosting;

namespace OrthoRegen.Web.Interop;

/// <summary>FHIR R4: a patient's transaction Bundle, Bulk Data NDJSON export (zip, or one type), and Bundle import.</summary>
public static class FhirEndpoints
{
    const string FhirJson = "application/fhir+json";

    public static void MapFhir(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/patients/{id}/fhir", PatientBundle).WithTags("FHIR").RequireAuthorization(Policies.DataExchange);
        var api = app.MapGroup("/api/fhir").WithTags("FHIR").RequireAuthorization(Policies.DataExchange);
        api.MapGet("/export", Export);
        api.MapPost("/", Import);
    }

    static async Task<IResult> PatientBundle(string id, FhirExport export, HttpContext http, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        if (!await export.WriteBundleAsync(http.Actor(), id, buffer, ct)) return HttpOutcomes.NotFound();
        return TypedResults.Bytes(buffer.ToArray(), FhirJson);
    }

    /// <summary>NDJSON of every visible patient, or of <c>patient</c> ids; a zip of one file per type, or one type's NDJSON with <c>_type</c>.</summary>
    static async Task<IResult> Export(string? _type, string[]? patient, FhirExport export, HttpContext http, CancellationToken ct)
    {
        if (_type is not null && !FhirCodes.ResourceTypes.Contains(_type))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["_type"] = [FhirMessages.NotInValueSet("resource types", FhirCodes.ResourceTypes)] });
        var ids = patient is { Length: > 0 } ? patient : null;
        var folder = Directory.CreateTempSubdirectory("orthoregen-fhir-");
        try
        {
            await export.WriteNdjsonAsync(http.Actor(), ids, type => File.Create(Path.Combine(folder.FullName, type + ".ndjson")), _type, null, ct);
            if (_type is not null)
            {
                var file = Path.Combine(folder.FullName, _type + ".ndjson");
                return TypedResults.Bytes(File.Exists(file) ? await File.ReadAllBytesAsync(file, ct) : [], "application/fhir+ndjson");
            }
            var zip = Path.Combine(Path.GetTempPath(), $"orthoregen-fhir-{Guid.NewGuid():N}.zip");
            ZipFile.CreateFromDirectory(folder.FullName, zip);
            var bytes = await File.ReadAllBytesAsync(zip, ct);
            File.Delete(zip);
            return TypedResults.File(bytes, "application/zip", "fhir-export.zip");
        }
        finally { folder.Delete(recursive: true); }
    }

    static async Task<IResult> Import(HttpRequest request, FhirImport import, HttpContext http, CancellationToken ct)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, ct); // bounded by Kestrel's request body limit
        var doc = FhirJsonText.TryParse(body.GetBuffer().AsMemory(0, (int)body.Length), out var problem, out var at);
        if (doc is null) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [at is null ? "Bundle" : "Bundle." + at] = [problem!] });
        using (doc)
        {
            var report = await import.ImportBundleAsync(http.Actor(), doc.RootElement, ct);
            if (!report.Ok) return TypedResults.ValidationProblem(report.ToErrors(), title: "Some resources were rejected; their patients were not imported.",
                extensions: new Dictionary<string, object?> { ["report"] = report });
            return TypedResults.Ok(report);
        }
    }
}
