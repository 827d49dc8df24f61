using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Cli.Common;
using OrthoRegen.Cli.Data;
using OrthoRegen.Cli.Interop;
using OrthoRegen.Data;
using OrthoRegen.Outcomes.Snapshot;
using Spectre.Console;

namespace OrthoRegen.Cli.Outcomes;

/// <summary>
/// <c>orthoregen analytics rebuild [--batch N]</c>: migrates, then builds the cohort analytics snapshot from scratch with
/// a progress bar (the first build of a large registry; afterwards every analysis refreshes it from the audit trail).
/// <c>orthoregen analytics refresh</c>: brings it up to date now. Exit 0 done, 2 bad option (one line naming it).
/// </summary>
public static class AnalyticsCommand
{
    public static Command Create()
    {
        var batch = new Option<string?>("--batch") { Description = "Patients per transaction (default 1,000)." };
        var rebuild = new Command("rebuild", "Build the cohort analytics snapshot from scratch (batches of patients, with progress).") { batch };
        rebuild.SetAction(async (parse, ct) =>
        {
            var size = 1000;
            if (parse.GetValue(batch) is { } text && (!int.TryParse(text.Replace(",", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out size) || size < 1 || size > 5000))
                return CliIo.Fail($"--batch: '{text}' must be a whole number from 1 to 5,000.");
            if (Services(parse) is not { } services) return 2;
            await using var _ = services;
            await services.GetRequiredService<MigrationRunner>().MigrateAsync(TimeProvider.System, ct);
            var snapshot = services.GetRequiredService<AnalyticsSnapshot>();
            SnapshotRefresh? result = null;
            if (AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected)
            {
                await AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                    .StartAsync(async ctx =>
                    {
                        var task = ctx.AddTask("snapshot patients", maxValue: 1);
                        result = await snapshot.RebuildAsync(size, new Progress<SnapshotProgress>(p => { task.MaxValue = p.PatientsTotal; task.Value = p.PatientsDone; }), ct);
                    });
            }
            else
            {
                var every = 0;
                result = await snapshot.RebuildAsync(size, new SyncProgress<SnapshotProgress>(p =>
                {
                    if (++every % 20 == 0 || p.PatientsDone == p.PatientsTotal)
                        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.PatientsDone:N0}/{p.PatientsTotal:N0} patients, {p.Members:N0} members"));
                }), ct);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"analytics snapshot rebuilt: {result!.Patients:N0} patients in {result.Elapsed.TotalSeconds:F1} s; reflects audit seq {result.LastSeq}"));
            return 0;
        });

        var refresh = new Command("refresh", "Bring the cohort analytics snapshot up to date with the audit trail now.");
        refresh.SetAction(async (parse, ct) =>
        {
            if (Services(parse) is not { } services) return 2;
            await using var _ = services;
            var r = await services.GetRequiredService<AnalyticsSnapshot>().RefreshAsync(ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"analytics snapshot refreshed: {r.Patients:N0} patients{(r.Full ? " (full build)" : "")} in {r.Elapsed.TotalSeconds:F2} s; reflects audit seq {r.LastSeq}"));
            return 0;
        });
        return new Command("analytics", "Cohort analytics snapshot (the pre-joined copy the outcome analyses read).") { rebuild, refresh };
    }

    static ServiceProvider? Services(ParseResult parse)
    {
        DatabaseOptions options;
        try { options = CliDatabase.Options(parse); }
        catch (InvalidOperationException e) { CliIo.Fail(e.Message); return null; }
        var config = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Default"] = options.ConnectionString,
            ["Database:Provider"] = options.Provider == DatabaseProvider.Postgres ? "postgres" : "sqlite",
        }).Build();
        return new ServiceCollection().AddOrthoRegen(config).BuildServiceProvider();
    }
}
