using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Accounts;
using OrthoRegen.Cli.Common;
using OrthoRegen.Cli.Data;
using OrthoRegen.Cli.Interop;
using OrthoRegen.Data;
using OrthoRegen.Demo;
using Spectre.Console;

namespace OrthoRegen.Cli.Demo;

/// <summary>
/// <c>orthoregen demo --patients N --seed S [--sites K]</c>: migrates, then generates a synthetic demo cohort with a
/// progress bar. Exit 0 done, 1 refused (seed already used), 2 bad option (one line naming it).
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var patients = new Option<string?>("--patients") { Description = "Number of synthetic patients (1 to 5,000,000)." };
        var seed = new Option<string?>("--seed") { Description = "Seed (whole number): the same seed gives the same cohort." };
        var sites = new Option<string?>("--sites") { Description = "Number of demo sites DEMO1..DEMOk (default 1)." };
        var asOf = new Option<string?>("--as-of") { Description = "The cohort's 'today' (yyyy-MM-dd; default today): visits after it stay planned." };
        var batch = new Option<string?>("--batch") { Description = "Patients per transaction (default 2,000)." };
        var cmd = new Command("demo", "Generate a clearly labelled synthetic demo cohort (patients named DEMO, record numbers DEMO-nnnnnnn).")
        {
            patients, seed, sites, asOf, batch,
        };
        cmd.SetAction(async (parse, ct) =>
        {
            var problems = new List<string>();
            int? Int(Option<string?> o, string name, int? fallback)
            {
                var text = parse.GetValue(o);
                if (text is null) return fallback;
                if (int.TryParse(text.Replace(",", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)) return v;
                problems.Add($"{name}: '{text}' is not a whole number.");
                return null;
            }
            var n = Int(patients, "--patients", null);
            var k = Int(sites, "--sites", 1);
            var b = Int(batch, "--batch", null);
            long? s = null;
            if (parse.GetValue(seed) is { } seedText)
            {
                if (long.TryParse(seedText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var sv)) s = sv;
                else problems.Add($"--seed: '{seedText}' is not a whole number.");
            }
            if (problems.Count > 0) return CliIo.Fail(problems[0]);

            DatabaseOptions options;
            try { options = CliDatabase.Options(parse); }
            catch (InvalidOperationException e) { return CliIo.Fail(e.Message); }
            var overrides = new Dictionary<string, string?>
            {
                ["ConnectionStrings:Default"] = options.ConnectionString,
                ["Database:Provider"] = options.Provider == DatabaseProvider.Postgres ? "postgres" : "sqlite",
            };
            var config = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(overrides).Build();
            await using var services = new ServiceCollection().AddOrthoRegen(config).BuildServiceProvider();
            var generator = services.GetRequiredService<DemoGenerator>();
            var request = new DemoRequest(n, s, k, parse.GetValue(asOf), b);
            var (_, _, _, _, _, errors) = generator.Validate(request);
            if (!errors.IsEmpty)
            {
                var (field, messages) = errors.ToDictionary().First();
                return CliIo.Fail($"--{Option(field)}: {messages[0]}");
            }
            await services.GetRequiredService<MigrationRunner>().MigrateAsync(TimeProvider.System, ct);

            var actor = Actor.System("cli demo");
            Outcome<DemoResult>? outcome = null;
            if (AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected)
            {
                await AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                    .StartAsync(async ctx =>
                    {
                        var task = ctx.AddTask("demo patients", maxValue: n!.Value);
                        outcome = await generator.GenerateAsync(actor, request, onlyIfEmpty: false,
                            new Progress<DemoProgress>(p => task.Value = p.PatientsDone), ct);
                        task.Value = n.Value;
                    });
            }
            else
            {
                outcome = await generator.GenerateAsync(actor, request, onlyIfEmpty: false,
                    new SyncProgress<DemoProgress>(p => Console.Error.WriteLine($"{p.PatientsDone:N0}/{p.PatientsTotal:N0} patients, {p.RowsWritten:N0} rows")), ct);
            }
            switch (outcome)
            {
                case Outcome<DemoResult>.Done { Value: var r }:
                    var rate = r.Rows / Math.Max(r.Elapsed.TotalSeconds, 1e-9);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"synthetic demo cohort {r.CohortId}: {r.Patients:N0} patients, {r.Sites} site(s), seed {r.Seed}, as of {r.AsOf:yyyy-MM-dd}; {r.Rows:N0} rows in {r.Elapsed.TotalSeconds:F1} s ({rate:N0} rows/s); {r.LiteratureStudies} published studies added to the evidence library"));
                    return 0;
                case Outcome<DemoResult>.Invalid { Errors: var e }:
                    var (f, m) = e.First();
                    Console.Error.WriteLine($"--{Option(f)}: {m[0]}");
                    return f == "seed" && m[0] == DemoMessages.SeedUsed ? 1 : 2;
                default:
                    Console.Error.WriteLine("demo generation failed");
                    return 1;
            }
        });
        return cmd;
    }

    static string Option(string field) => field switch { "asOf" => "as-of", "batchSize" => "batch", _ => field };
}
