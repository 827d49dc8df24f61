using System.CommandLine;
using OrthoRegen.Cli.Common;
using OrthoRegen.Data;

namespace OrthoRegen.Cli.Data;

/// <summary>
/// <c>orthoregen backup --out FILE</c> and <c>orthoregen restore --from FILE</c>: SQLite through the online backup API,
/// PostgreSQL through pg_dump/pg_restore (custom format). Exit 0 done, 1 the tool failed, 2 bad option or configuration.
/// </summary>
public static class BackupCommands
{
    public static IEnumerable<Command> Create()
    {
        var output = new Option<string>("--out") { Description = "Backup file to write (replaced when it exists).", Required = true };
        var backup = new Command("backup", "Back up the whole database (SQLite online backup; PostgreSQL pg_dump custom format).");
        backup.Options.Add(output);
        backup.SetAction(async (parse, ct) => await RunAsync(parse, o => DatabaseBackup.BackupAsync(o, parse.GetValue(output)!, ct), $"backup written to {parse.GetValue(output)}"));
        yield return backup;

        var from = new Option<string>("--from") { Description = "Backup file made by orthoregen backup on the same engine.", Required = true };
        var restore = new Command("restore", "Replace the database's contents with a backup (then run orthoregen audit verify).");
        restore.Options.Add(from);
        restore.SetAction(async (parse, ct) =>
        {
            if (!File.Exists(parse.GetValue(from))) return CliIo.Fail($"--from: no such file '{parse.GetValue(from)}'");
            return await RunAsync(parse, o => DatabaseBackup.RestoreAsync(o, parse.GetValue(from)!, ct), $"restored from {parse.GetValue(from)}");
        });
        yield return restore;
    }

    static async Task<int> RunAsync(ParseResult parse, Func<DatabaseOptions, Task<string?>> work, string done)
    {
        DatabaseOptions options;
        try { options = CliDatabase.Options(parse); }
        catch (InvalidOperationException e) { return CliIo.Fail(e.Message); }
        var problem = await work(options);
        if (problem is not null) { Console.Error.WriteLine(problem); return CliIo.Failure; }
        Console.WriteLine(done);
        return CliIo.Ok;
    }
}
