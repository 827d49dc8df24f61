using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Cli.Common;
using OrthoRegen.Research;

namespace OrthoRegen.Cli.Research;

/// <summary>
/// <c>orthoregen export dataset --format csv|r|spss --shape long|wide --out DIR [--patients FILE]</c>: writes the
/// pseudonymised analysis dataset (dataset.csv, dictionary.csv and dataset.R or dataset.sps) into DIR.
/// </summary>
public static class DatasetCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "csv, r (adds dataset.R) or spss (adds dataset.sps).", DefaultValueFactory = _ => "csv" };
        var shape = new Option<string>("--shape") { Description = "long (a row per patient, visit and instrument) or wide (a row per patient).", DefaultValueFactory = _ => "long" };
        var output = new Option<string>("--out") { Description = "Folder to write the files into (created when missing).", Required = true };
        var patients = new Option<string?>("--patients") { Description = "A file of patient ids, one per line: export only this cohort." };
        var cmd = new Command("dataset", "Export the pseudonymised analysis dataset with its data dictionary (no names, numbers or dates; days from Day 0).");
        cmd.Options.Add(format);
        cmd.Options.Add(shape);
        cmd.Options.Add(output);
        cmd.Options.Add(patients);
        cmd.SetAction(async (parse, ct) =>
        {
            IReadOnlyList<string>? cohort = null;
            if (parse.GetValue(patients) is { } file)
            {
                if (!CliIo.TryReadAllText(file, out var text, out var problem)) return CliIo.Fail("--patients: " + problem);
                cohort = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
            }
            var request = new ExportDataset { Format = parse.GetValue(format), Shape = parse.GetValue(shape), PatientIds = cohort };
            var (_, _, errors) = request.Validate();
            if (!errors.IsEmpty) return CliIo.Fail(errors.ToDictionary().Select(kv => $"--{Option(kv.Key)}: {kv.Value[0]}"));
            await using var services = await CliServices.TryBuildMigratedAsync(parse, ct);
            if (services is null) return CliIo.BadInput;
            var dir = parse.GetValue(output)!;
            var outcome = await services.GetRequiredService<DatasetExport>().ExportAsync(CliServices.Actor("export dataset"), request, new FolderSink(dir), ct);
            if (outcome is not Outcome<DatasetSummary>.Done done) return CliIo.Fail($"export refused: {outcome}");
            var s = done.Value;
            Console.WriteLine($"{s.Patients} patients, {s.Rows} rows, {s.Variables} variables ({s.Shape.ToString().ToLowerInvariant()}) in {dir}: {string.Join(", ", s.Files)}");
            return CliIo.Ok;
        });
        return cmd;
    }

    static string Option(string field) => field.StartsWith("patientIds", StringComparison.Ordinal) ? "patients" : field;
}
