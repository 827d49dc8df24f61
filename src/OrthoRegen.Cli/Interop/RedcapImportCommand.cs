using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Cli.Common;
using OrthoRegen.Interop.Csv;
using OrthoRegen.Interop.Redcap;
using Spectre.Console;

namespace OrthoRegen.Cli.Interop;

/// <summary>
/// <c>orthoregen import redcap --dictionary F --records F --mapping F [--dry-run]</c>: imports a REDCap project through
/// the stores, all-or-nothing per record, and prints a table of every value that does not fit. Exit 0 when every record
/// is (or, in a dry run, would be) imported or unchanged since an earlier run; 1 when some records were refused (the others are imported); 2 when a file
/// or the mapping is wrong (nothing imported).
/// </summary>
public static class RedcapImportCommand
{
    public static Command Create()
    {
        var dictionary = new Option<string>("--dictionary") { Description = "REDCap data dictionary CSV (the standard 18 columns).", Required = true };
        var records = new Option<string>("--records") { Description = "REDCap records export: flat CSV with raw codes (redcap_event_name for longitudinal projects).", Required = true };
        var mapping = new Option<string>("--mapping") { Description = "Mapping file (YAML): which REDCap fields and events feed which OrthoRegen fields, instruments and visits.", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check every record and print what would be imported; write nothing." };
        var cmd = new Command("redcap", "Import a REDCap project (dictionary, records, mapping), all-or-nothing per record.");
        foreach (var o in new Option[] { dictionary, records, mapping, dryRun }) cmd.Options.Add(o);
        cmd.SetAction(async (parse, ct) =>
        {
            if (!CliIo.TryReadAllText(parse.GetValue(dictionary)!, out var dictText, out var p1)) return CliIo.Fail("--dictionary: " + p1);
            if (!CliIo.TryReadAllText(parse.GetValue(records)!, out var recText, out var p2)) return CliIo.Fail("--records: " + p2);
            if (!CliIo.TryReadAllText(parse.GetValue(mapping)!, out var mapText, out var p3)) return CliIo.Fail("--mapping: " + p3);
            var dict = RedcapDictionary.Parse(dictText, out var dictProblems);
            if (dict is null) return CliIo.Fail(dictProblems.Select(p => "--dictionary: " + p));
            var csv = CsvRecords.Parse(recText, out var csvProblem);
            if (csv is null) return CliIo.Fail("--records: " + csvProblem);
            var map = RedcapMapping.Parse(mapText, out var mapProblems);
            if (map is null) return CliIo.Fail(mapProblems.Select(p => "--mapping: " + p));
            await using var services = await CliServices.TryBuildMigratedAsync(parse, ct);
            if (services is null) return CliIo.BadInput;
            var import = services.GetRequiredService<RedcapImport>();
            var check = import.Check(dict, csv, map);
            if (check.Count > 0) return CliIo.Fail(check.Select(p => "--mapping: " + p));

            var dry = parse.GetValue(dryRun);
            var report = await import.RunAsync(CliServices.Actor("import redcap"), dict, csv, map, dry, ct);
            var summary = new Table().AddColumns("Record", dry ? "Would import" : "Imported", "Pseudonym", "Patient, assessment, schedule", "Responses", "Visits");
            foreach (var r in report.Records)
                summary.AddRow(Markup.Escape(r.Record),
                    !r.Accepted ? "[red]no[/]" : r.Unchanged ? "[grey]unchanged[/]" : "[green]yes[/]",
                    Markup.Escape(r.PseudonymCode ?? ""), Markup.Escape(string.Join(", ", r.Other)),
                    Markup.Escape(string.Join(", ", r.Responses)), Markup.Escape(string.Join(", ", r.Visits)));
            AnsiConsole.Write(summary);
            if (report.Problems.Any())
            {
                var problems = new Table().Title("Values that do not fit").AddColumns("Record", "Event", "Field", "Value", "Reason");
                foreach (var p in report.Problems)
                    problems.AddRow(Markup.Escape(p.Record), Markup.Escape(p.Event ?? ""), Markup.Escape(p.Field), Markup.Escape(p.Value ?? ""), Markup.Escape(p.Reason));
                AnsiConsole.Write(problems);
            }
            Console.WriteLine(dry
                ? $"dry run: {report.Accepted} of {report.Records.Count} records would be imported ({report.Unchanged} unchanged), {report.Rejected} refused; nothing written"
                : $"{report.Accepted} of {report.Records.Count} records imported ({report.Unchanged} unchanged), {report.Rejected} refused");
            return report.Rejected == 0 ? CliIo.Ok : CliIo.Failure;
        });
        return cmd;
    }
}
