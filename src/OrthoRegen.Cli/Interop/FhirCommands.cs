using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Accounts;
using OrthoRegen.Cli.Common;
using OrthoRegen.Data;
using OrthoRegen.Interop.Fhir;
using Spectre.Console;

namespace OrthoRegen.Cli.Interop;

/// <summary>
/// <c>orthoregen export fhir --out DIR [--patient ID ...] [--bundle] [--type T]</c> writes FHIR R4 Bulk Data NDJSON (one
/// file per resource type) or one transaction Bundle per patient (<c>DIR/ID.json</c>);
/// <c>orthoregen import fhir PATH [--site CODE]</c> reads a Bundle file or a folder of NDJSON files, idempotently and
/// all-or-nothing per patient, and prints a table of rejected resources with the JSON path of each problem.
/// Exit 0 all exported/imported, 1 some patients refused (the others are done), 2 bad input (nothing done).
/// </summary>
public static partial class FhirCommands
{
    public static Command CreateExport()
    {
        var outDir = new Option<string>("--out", "-o") { Description = "Folder to write into (created when missing).", Required = true };
        var patient = new Option<string[]>("--patient") { Description = "Patient id to export (repeatable; default: every patient).", AllowMultipleArgumentsPerToken = true };
        var bundle = new Option<bool>("--bundle") { Description = "Write one transaction Bundle per patient (ID.json) instead of NDJSON per resource type." };
        var type = new Option<string?>("--type") { Description = "NDJSON only: write this resource type only (e.g. QuestionnaireResponse)." };
        var cmd = new Command("fhir", "Export FHIR R4: Bulk Data NDJSON per resource type, or a transaction Bundle per patient.")
        {
            outDir, patient, bundle, type,
        };
        cmd.SetAction(async (parse, ct) =>
        {
            var dir = parse.GetValue(outDir)!;
            var ids = parse.GetValue(patient) is { Length: > 0 } p ? p : null;
            var only = parse.GetValue(type);
            if (only is not null && !FhirCodes.ResourceTypes.Contains(only))
                return CliIo.Fail($"--type: '{only}' is not one of {string.Join(", ", FhirCodes.ResourceTypes)}.");
            if (only is not null && parse.GetValue(bundle)) return CliIo.Fail("--type: applies to NDJSON only, not with --bundle.");
            if (ids?.FirstOrDefault(i => !Ids.LooksValid(i)) is { } badId) return CliIo.Fail($"--patient: '{badId}' is not a record id (32 hex digits).");
            try { Directory.CreateDirectory(dir); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return CliIo.Fail($"--out: cannot create '{dir}': {e.Message}"); }

            await using var services = await CliServices.TryBuildMigratedAsync(parse, ct);
            if (services is null) return CliIo.BadInput;
            var export = services.GetRequiredService<FhirExport>();
            var actor = CliServices.Actor("export fhir");
            // Everything (no --patient) is a full export: each shared allogeneic lot is written once with every recipient, not
            // as the first exported patient sees it; the id list only sizes the progress bar.
            var selected = ids;
            if (ids is null)
            {
                await using var c = await services.GetRequiredService<Database>().OpenAsync(ct);
                var all = new List<string>();
                await foreach (var id in FhirStore.PatientIdsAsync(c, null, ct)) all.Add(id);
                ids = [.. all];
            }

            if (parse.GetValue(bundle))
            {
                var missing = new List<string>();
                await CliProgress.RunAsync("patients", ids.Length, async report =>
                {
                    var done = 0;
                    foreach (var id in ids)
                    {
                        var file = Path.Combine(dir, id + ".json");
                        bool written;
                        await using (var stream = File.Create(file)) written = await export.WriteBundleAsync(actor, id, stream, ct);
                        if (!written) { File.Delete(file); missing.Add(id); }
                        report(++done);
                    }
                });
                foreach (var m in missing) Console.Error.WriteLine($"--patient: no patient '{m}'");
                Console.WriteLine($"{ids.Length - missing.Count} bundle(s) written to {dir}");
                return missing.Count == 0 ? CliIo.Ok : CliIo.Failure;
            }

            NdjsonExport? result = null;
            await CliProgress.RunAsync("patients", ids.Length, async report =>
            {
                result = await export.WriteNdjsonAsync(actor, selected, t => File.Create(Path.Combine(dir, t + ".ndjson")), only, new SyncProgress<int>(i => report(i)), ct);
            });
            var table = new Table().AddColumns("Resource type", "Lines");
            foreach (var (t, n) in result!.Lines) table.AddRow(t + ".ndjson", n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            Console.WriteLine($"{result.Patients} patient(s) exported to {dir}" + (result.Skipped > 0 ? $", {result.Skipped} not found" : ""));
            if (result.Skipped > 0) Console.Error.WriteLine($"--patient: {result.Skipped} of the given patients do not exist");
            return result.Skipped == 0 ? CliIo.Ok : CliIo.Failure;
        });
        return cmd;
    }

    public static Command CreateImport()
    {
        var path = new Argument<string>("PATH") { Description = "A Bundle JSON file, or a folder of NDJSON files named <ResourceType>.ndjson." };
        var site = new Option<string?>("--site") { Description = "Site code new patients are registered at (default: the first site)." };
        var cmd = new Command("fhir", "Import FHIR R4 (a Bundle or an NDJSON folder): idempotent, all-or-nothing per patient, rejects listed with their JSON paths.")
        {
            path, site,
        };
        cmd.SetAction(async (parse, ct) =>
        {
            var at = parse.GetValue(path)!;
            var isDir = Directory.Exists(at);
            if (!isDir && !File.Exists(at)) return CliIo.Fail($"PATH: '{at}' is neither a file nor a folder.");
            string[] files = [];
            if (isDir)
            {
                files = Directory.GetFiles(at, "*.ndjson").Order(StringComparer.Ordinal).ToArray();
                if (files.Length == 0) return CliIo.Fail($"PATH: the folder '{at}' holds no .ndjson files.");
                var unknown = files.Select(f => Path.GetFileNameWithoutExtension(f)).FirstOrDefault(t => !FhirCodes.ResourceTypes.Contains(t));
                if (unknown is not null) return CliIo.Fail($"PATH: '{unknown}.ndjson' is not named after a resource type ({string.Join(", ", FhirCodes.ResourceTypes)}).");
            }
            JsonDocument? doc = null;
            if (!isDir)
            {
                try
                {
                    doc = FhirJsonText.TryParse(await File.ReadAllBytesAsync(at, ct), out var problem, out var where);
                    if (doc is null) return CliIo.Fail($"PATH: '{at}'{(where is null ? "" : " at " + where)}: {problem}");
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return CliIo.Fail($"PATH: cannot read '{at}': {e.Message}"); }
            }
            using var _ = doc;

            await using var services = await CliServices.TryBuildMigratedAsync(parse, ct);
            if (services is null) return CliIo.BadInput;
            var actor = CliServices.Actor("import fhir");
            if (parse.GetValue(site) is { } code)
            {
                var s = (await services.GetRequiredService<SiteStore>().ListAsync(ct)).FirstOrDefault(x => string.Equals(x.Code, code, StringComparison.OrdinalIgnoreCase));
                if (s is null) return CliIo.Fail($"--site: no site with code '{code}'.");
                actor = actor with { AllSites = false, SiteIds = [s.Id] };
            }
            else if ((await services.GetRequiredService<SiteStore>().ListAsync(ct)).Count == 0)
                return CliIo.Fail("--site: the database has no site to register patients at yet (the web app creates MAIN on its first start); nothing was imported.");
            var import = services.GetRequiredService<FhirImport>();
            FhirImportReport report;
            if (doc is not null)
            {
                report = await import.ImportBundleAsync(actor, doc.RootElement, ct);
            }
            else
            {
                long total = files.Sum(f => CountLines(f));
                FhirImportReport? r = null;
                await CliProgress.RunAsync("resources", total, async progress =>
                {
                    var streams = files.Select(f => (Path.GetFileName(f), (Stream)File.OpenRead(f))).ToList();
                    try { r = await import.ImportNdjsonAsync(actor, streams, new SyncProgress<int>(i => progress(i)), ct); }
                    finally { foreach (var (_, st) in streams) await st.DisposeAsync(); }
                });
                report = r!;
            }
            if (report.Rejects.Count > 0)
            {
                // Redirected output (logs, tests) gets a wide table, so a JSON path is never wrapped across lines.
                if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 240);
                var table = new Table().Title("Rejected resources").AddColumns("Resource", "JSON path", "Problem");
                foreach (var x in report.Rejects.Take(RejectRows))
                    table.AddRow(Markup.Escape(x.ResourceType + (x.ResourceId is null ? "" : "/" + x.ResourceId)), Markup.Escape(x.Path), Markup.Escape(x.Message));
                AnsiConsole.Write(table);
                if (report.Rejects.Count > RejectRows)
                {
                    // A large import can refuse hundreds of thousands of resources: the first rows, then how often each problem occurred.
                    // Problems are counted by their wording with the values (lot numbers, ids, dates) left out, so one kind of
                    // problem is one row however many lots or patients it names.
                    Console.WriteLine($"… and {report.Rejects.Count - RejectRows:N0} more rejected resources; all of them by resource type and problem (values shown as …):");
                    var summary = new Table().AddColumns("Resource type", "Problem", "Count");
                    foreach (var g in report.Rejects.GroupBy(x => (x.ResourceType, Message: ProblemKind(x.Message))).OrderByDescending(g => g.Count()).Take(RejectRows))
                        summary.AddRow(Markup.Escape(g.Key.ResourceType), Markup.Escape(g.Key.Message), g.Count().ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
                    AnsiConsole.Write(summary);
                }
            }
            Console.WriteLine($"{report.Patients - report.RejectedPatients} of {report.Patients} patient(s) imported, {report.RejectedPatients} refused; " +
                $"{report.Created} resource(s) created, {report.Unchanged} unchanged, {report.Rejects.Count} rejected");
            return report.Ok ? CliIo.Ok : CliIo.Failure;
        });
        return cmd;
    }

    /// <summary>Rejected resources listed one per row; beyond this, counts per resource type and problem.</summary>
    const int RejectRows = 200;

    /// <summary>A problem's wording without its values: each word of five or more characters holding a digit becomes "…".</summary>
    public static string ProblemKind(string message) => Values().Replace(message, "…");

    [System.Text.RegularExpressions.GeneratedRegex(@"(?=[^\s,;()]*\d)[^\s,;()]{5,}")]
    private static partial System.Text.RegularExpressions.Regex Values();

    static long CountLines(string file)
    {
        long n = 0;
        foreach (var line in File.ReadLines(file)) if (line.Length > 0) n++;
        return n;
    }
}
