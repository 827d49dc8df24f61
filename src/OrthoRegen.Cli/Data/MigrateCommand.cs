using System.CommandLine;
using OrthoRegen.Data;
using Spectre.Console;

namespace OrthoRegen.Cli.Data;

/// <summary><c>orthoregen migrate</c>: applies pending schema scripts and prints what it did.</summary>
public static class MigrateCommand
{
    public static Command Create()
    {
        var cmd = new Command("migrate", "Apply pending database migrations (safe to run again).");
        cmd.SetAction(async (parse, ct) =>
        {
            DatabaseOptions options;
            try { options = CliDatabase.Options(parse); }
            catch (InvalidOperationException e) { Console.Error.WriteLine(e.Message); return 2; }
            using var db = new Database(options);
            var report = await new MigrationRunner(db).MigrateAsync(TimeProvider.System, ct);
            foreach (var m in report.Applied) AnsiConsole.MarkupLineInterpolated($"applied [green]{m.Version:0000}[/] {m.Name}");
            AnsiConsole.MarkupLineInterpolated($"{options.Provider}: schema version {report.CurrentVersion} ({report.Applied.Count} applied now)");
            return 0;
        });
        return cmd;
    }
}
