using System.CommandLine;

namespace OrthoRegen.Cli.Common;

/// <summary>
/// The <c>import</c> and <c>export</c> parents. Each exchange slice contributes its own subcommands, so Program.cs reads
/// <c>ImportCommand.Create(RedcapImportCommand.Create(), CsvImportCommand.Create(), FhirCommands.CreateImport())</c>.
/// </summary>
public static class ImportCommand
{
    public static Command Create(params Command[] subcommands)
    {
        var cmd = new Command("import", "Import records (REDCap projects, CSV files, FHIR) through the normal validated, audited stores.");
        foreach (var s in subcommands) cmd.Subcommands.Add(s);
        return cmd;
    }
}

/// <inheritdoc cref="ImportCommand"/>
public static class ExportCommand
{
    public static Command Create(params Command[] subcommands)
    {
        var cmd = new Command("export", "Export records: pseudonymised research datasets, FHIR.");
        foreach (var s in subcommands) cmd.Subcommands.Add(s);
        return cmd;
    }
}
