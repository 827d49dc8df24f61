using System.CommandLine;
using OrthoRegen.Cli.Audit;
using OrthoRegen.Cli.Data;
using OrthoRegen.Cli.Demo;
using OrthoRegen.Cli.Instruments;
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
return await root.Parse(args).InvokeAsync();
