using System.CommandLine;
using System.Text;
using OrthoRegen.Cli.Common;
using OrthoRegen.Instruments;

namespace OrthoRegen.Cli.Instruments;

/// <summary>
/// <c>orthoregen score [--input FILE | -] [--ndjson] [--thresholds FILE]</c>: scores instrument responses (INSTRUMENTS.md request format)
/// and writes one result per request in the same shape: object, array, or one line per line with <c>--ndjson</c>.
/// Exit 0 when every request was processed (rejections are results); 2 when the input is not JSON.
/// </summary>
public static class ScoreCommand
{
    public static Command Create()
    {
        var input = CliIo.InputOption(required: false);
        var ndjson = new Option<bool>("--ndjson") { Description = "One request per line in, one result per line out." };
        var thresholds = ThresholdsOption();
        var cmd = new Command("score", "Score outcome-instrument responses (KOOS, WOMAC, ODI, ...) as INSTRUMENTS.md specifies.");
        cmd.Options.Add(input);
        cmd.Options.Add(ndjson);
        cmd.Options.Add(thresholds);
        cmd.SetAction((parse, ct) => Task.FromResult(
            TryCatalog(parse.GetValue(thresholds), out var catalog, out var exit) ? Run(catalog!, parse.GetValue(input) ?? "-", parse.GetValue(ndjson)) : exit));
        return cmd;
    }

    /// <summary>
    /// <c>orthoregen thresholds [--thresholds FILE]</c>: prints the MCID/PASS thresholds in effect (the INSTRUMENTS.md
    /// defaults, or a clinic file after checking it) in the file format <c>Instruments:ThresholdsFile</c> reads.
    /// </summary>
    public static Command CreateThresholds()
    {
        var thresholds = ThresholdsOption();
        var cmd = new Command("thresholds", "Print the MCID/PASS thresholds in effect, in the clinic threshold-file format (a starting point for your own).");
        cmd.Options.Add(thresholds);
        cmd.SetAction((parse, ct) =>
        {
            if (!TryCatalog(parse.GetValue(thresholds), out var catalog, out var exit)) return Task.FromResult(exit);
            Console.Out.Write(InstrumentThresholds.ToJson(InstrumentThresholds.Of(catalog!)));
            return Task.FromResult(CliIo.Ok);
        });
        return cmd;
    }

    static Option<string?> ThresholdsOption() =>
        new("--thresholds") { Description = "A clinic threshold file (MCID/PASS with sources) replacing the defaults per instrument." };

    static bool TryCatalog(string? thresholdsFile, out InstrumentCatalog? catalog, out int exit)
    {
        catalog = InstrumentCatalog.Default;
        exit = CliIo.Ok;
        if (string.IsNullOrEmpty(thresholdsFile)) return true;
        if (!CliIo.TryReadAllText(thresholdsFile, out var text, out var problem)) { exit = CliIo.Fail(problem!); catalog = null; return false; }
        var sets = InstrumentThresholds.Parse(text!, catalog, out var problems);
        if (sets is null) { exit = CliIo.Fail(problems.Select(p => $"--thresholds {thresholdsFile}: {p}").ToList()); catalog = null; return false; }
        catalog = catalog.WithThresholds(sets);
        return true;
    }

    static int Run(InstrumentCatalog catalog, string path, bool ndjson)
    {
        using var stdout = new BufferedStream(Console.OpenStandardOutput(), 1 << 16);
        BatchReport report;
        if (ndjson)
        {
            Stream source;
            try { source = path == "-" ? Console.OpenStandardInput() : File.OpenRead(path); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return CliIo.Fail($"cannot read '{path}': {e.Message}"); }
            using (source) report = ScoreBatch.ScoreNdjson(catalog, source, stdout);
        }
        else
        {
            if (!CliIo.TryReadAllText(path, out var text, out var problem)) return CliIo.Fail(problem!);
            report = ScoreBatch.ScoreDocument(catalog, Encoding.UTF8.GetBytes(text), stdout);
        }
        stdout.Flush();
        return report.Problems.Count > 0 ? CliIo.Fail(report.Problems) : CliIo.Ok;
    }
}
