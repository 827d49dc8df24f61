using System.CommandLine;
using OrthoRegen.Cli.Accounts;
using OrthoRegen.Cli.Audit;
using OrthoRegen.Cli.Common;
using OrthoRegen.Cli.Data;
using OrthoRegen.Cli.Demo;
using OrthoRegen.Cli.Hosting;
using OrthoRegen.Cli.Instruments;
using OrthoRegen.Cli.Interop;
using OrthoRegen.Cli.Research;
using OrthoRegen.Cli.Statistics;

// The `orthoregen` command: each slice contributes its commands; handlers parse options, call Core, and return
// 0 (done), 1 (done, but the result is a failure, e.g. a broken audit chain) or 2 (bad input or configuration).
var root = new RootCommand("OrthoRegen: regenerative-orthopaedics registry tools.");
root.Options.Add(CliDatabase.ConnectionOption);
root.Options.Add(CliDatabase.ProviderOption);
root.Subcommands.Add(MigrateCommand.Create());
root.Subcommands.Add(AuditCommands.Create());
root.Subcommands.Add(ScoreCommand.Create());
root.Subcommands.Add(ScoreCommand.CreateThresholds());
foreach (var c in SurvivalCommands.Create()) root.Subcommands.Add(c);
foreach (var c in RegressionCommands.Create()) root.Subcommands.Add(c);
root.Subcommands.Add(MetaCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(OrthoRegen.Cli.Outcomes.AnalyticsCommand.Create());
root.Subcommands.Add(ExportCommand.Create(DatasetCommand.Create(), FhirCommands.CreateExport()));
root.Subcommands.Add(ImportCommand.Create(RedcapImportCommand.Create(), FhirCommands.CreateImport(), CsvImportCommand.Create()));
foreach (var c in BackupCommands.Create()) root.Subcommands.Add(c);
root.Subcommands.Add(UserCommands.Create());
root.Subcommands.Add(ServeCommand.Create());
// A parse error (unknown or missing option) is bad input: exit 2 with the parser's one-line message per problem.
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0) return CliIo.Fail(parsed.Errors.Select(e => e.Message));
return await parsed.InvokeAsync();
