using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using OrthoRegen.Data;
using OrthoRegen.Instruments;

namespace OrthoRegen.Bench.Http;

/// <summary>
/// <c>http-prepare --provider sqlite|postgres --connection CS --out DIR [--count N]</c>: reads a demo database and writes
/// the request lists the HTTP benchmark cycles through (bench/http/run.sh calls it before the server starts):
/// <list type="bullet">
/// <item><c>submissions.tsv</c>: one line per follow-up visit of a knee that is due today (window open, nothing recorded),
/// <c>patientId TAB body</c>, the body a complete KOOS for that visit (42 answers, seeded), so every POST is a valid,
/// distinct response for a due visit;</item>
/// <item><c>patients.txt</c>: patient ids in random order, for the chart page.</item>
/// </list>
/// </summary>
public sealed class HttpWorkload : IBenchmark
{
    public string Name => "http-prepare";
    public string Description => "write the submission and patient lists for bench/http from a demo database";

    const string DueKneeVisits = """
        SELECT v.patient_id AS PatientId, v.visit_code AS VisitCode, s.target_site AS Target
        FROM follow_up_visit_versions v
        JOIN record_heads h ON h.id = v.id AND h.current_version = v.version
        JOIN follow_up_schedules s ON s.id = v.schedule_id
        WHERE v.actual_date IS NULL AND NOT v.entered_in_error AND v.window_start <= @today AND v.window_end >= @today
          AND s.target_site IN ('KNEE_L', 'KNEE_R')
        ORDER BY v.id
        LIMIT @count
        """;

    public async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        var provider = options.Get("provider", "sqlite") == "postgres" ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
        var connection = options.Required("connection");
        var dir = options.Required("out");
        var count = int.Parse(options.Get("count", "50000"), CultureInfo.InvariantCulture);
        Directory.CreateDirectory(dir);
        using var database = new Database(new DatabaseOptions(provider, connection, false));
        await using var c = await database.OpenAsync(CancellationToken.None);

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var visits = (await c.QueryAsync<DueVisit>(DueKneeVisits, new { today, count })).ToList();
        var koos = InstrumentCatalog.Default.Find(Koos.Code)!.Definition;
        var random = new Random(20261121);
        var lines = new StringBuilder();
        foreach (var v in visits)
        {
            var body = new
            {
                instrument = koos.Code,
                items = koos.Items.ToDictionary(i => i.Code, _ => random.Next(0, 5)),
                language = "en",
                mode = ResponseModes.ClinicTablet,
                visitCode = v.VisitCode,
                target = v.Target,
                completedOn = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            };
            lines.Append(v.PatientId).Append('\t').Append(JsonSerializer.Serialize(body)).Append('\n');
        }
        await File.WriteAllTextAsync(Path.Combine(dir, "submissions.tsv"), lines.ToString());

        var patients = (await c.QueryAsync<string>("SELECT id FROM patients ORDER BY random() LIMIT @count", new { count })).ToList();
        await File.WriteAllLinesAsync(Path.Combine(dir, "patients.txt"), patients);
        Console.WriteLine($"due knee visits: {visits.Count:N0} (as of {today:yyyy-MM-dd} UTC); patients: {patients.Count:N0}");
        return visits.Count > 0 && patients.Count > 0 ? 0 : 1;
    }

    sealed record DueVisit(string PatientId, string VisitCode, string Target);
}

/// <summary><c>--name value</c> pairs of the HTTP benchmarks.</summary>
sealed class Options(Dictionary<string, string> values)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"expected --name value, got '{args[i]}'");
            values[args[i][2..]] = args[++i];
        }
        return new Options(values);
    }

    public string Get(string name, string fallback) => values.GetValueOrDefault(name, fallback);
    public string? Find(string name) => values.GetValueOrDefault(name);
    public string Required(string name) => values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required");
    public double Number(string name, double fallback) =>
        values.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
