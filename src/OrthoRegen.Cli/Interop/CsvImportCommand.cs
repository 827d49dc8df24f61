using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Cli.Common;
using OrthoRegen.Interop.Csv;
using Spectre.Console;

namespace OrthoRegen.Cli.Interop;

/// <summary>
/// <c>orthoregen import csv --patients FILE | --responses FILE [--dry-run]</c>: registers patients or stores instrument
/// responses from the documented CSV layouts (README, "CSV import") through the normal stores, all-or-nothing per row,
/// and prints every problem by line and column. Exit 0 every row imported (or, dry, would be), 1 some rows refused (the
/// others are imported), 2 a bad file or header (nothing imported).
/// </summary>
public static class CsvImportCommand
{
    public static Command Create()
    {
        var patients = new Option<string?>("--patients") { Description = "Patients CSV: " + string.Join(", ", CsvImport.PatientColumns) + "." };
        var responses = new Option<string?>("--responses") { Description = "Responses CSV: patient_id or record_number, instrument, visit_code, target, completed_on, language, mode, item:CODE …" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check every row through the stores and roll back; write nothing." };
        var cmd = new Command("csv", "Import patients or instrument responses from CSV through the normal stores, all-or-nothing per row.")
        {
            patients, responses, dryRun,
        };
        cmd.SetAction(async (parse, ct) =>
        {
            var (p, r) = (parse.GetValue(patients), parse.GetValue(responses));
            if ((p is null) == (r is null)) return CliIo.Fail("--patients: give exactly one of --patients FILE or --responses FILE.");
            var (option, file, kind) = p is not null ? ("--patients", p, CsvImportKind.Patients) : ("--responses", r!, CsvImportKind.Responses);
            if (!CliIo.TryReadAllText(file, out var text, out var problem)) return CliIo.Fail($"{option}: {problem}");
            var csv = CsvRecords.Parse(text, out var parseProblem);
            if (csv is null) return CliIo.Fail($"{option}: {parseProblem}");
            var header = CsvImport.CheckHeader(kind, csv);
            if (header.Count > 0) return CliIo.Fail(header.Select(h => $"{option}: {h}"));

            await using var services = await CliServices.TryBuildMigratedAsync(parse, ct);
            if (services is null) return CliIo.BadInput;
            var import = ActivatorUtilities.CreateInstance<CsvImport>(services);
            var dry = parse.GetValue(dryRun);
            CsvImportReport? report = null;
            await CliProgress.RunAsync("rows", csv.Rows.Count, async progress =>
                report = await import.RunAsync(CliServices.Actor("import csv"), kind, csv, dry, new SyncProgress<int>(i => progress(i)), ct));
            if (report!.Refused > 0)
            {
                if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 240);
                var table = new Table().Title("Rows refused").AddColumns("Line", "Column", "Problem");
                foreach (var x in report.Rows.SelectMany(x => x.Problems))
                    table.AddRow(x.Line.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(x.Column), Markup.Escape(x.Message));
                AnsiConsole.Write(table);
            }
            Console.WriteLine(dry
                ? $"dry run: {report.Accepted} of {report.Rows.Count} rows would be imported, {report.Refused} refused; nothing written"
                : $"{report.Accepted} of {report.Rows.Count} rows imported, {report.Refused} refused" + (report.AlreadyImported > 0 ? $" ({report.AlreadyImported} already imported before, not written again)" : ""));
            return report.Refused == 0 ? CliIo.Ok : CliIo.Failure;
        });
        return cmd;
    }
}
