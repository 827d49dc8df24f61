using System.CommandLine;
using System.Text;
using OrthoRegen.Cli.Common;
using OrthoRegen.Instruments;

namespace OrthoRegen.Cli.Instruments;

/// <summary>
/// <c>orthoregen score [--input FILE | -] [--ndjson]</c>: scores instrument responses (INSTRUMENTS.md request format)
/// and writes one result per request in the same shape: object, array, or one line per line with <c>--ndjson</c>.
/// Exit 0 when every request was processed (rejections are results); 2 when the input is not JSON.
/// </summary>
public static class ScoreCommand
{
    public static Command Create()
    {
        var input = CliIo.InputOption(required: false);
        var ndjson = new Option<bool>("--ndjson") { Description = "One request per line in, one result per line out." };
        var cmd = new Command("score", "Score outcome-instrument responses (KOOS, WOMAC, ODI, ...) as INSTRUMENTS.md specifies.");
        cmd.Options.Add(input);
        cmd.Options.Add(ndjson);
        cmd.SetAction((parse, ct) => Task.FromResult(Run(parse.GetValue(input) ?? "-", parse.GetValue(ndjson))));
        return cmd;
    }

    static int Run(string path, bool ndjson)
    {
        using var stdout = new BufferedStream(Console.OpenStandardOutput(), 1 << 16);
        BatchReport report;
        if (ndjson)
        {
            Stream source;
            try { source = path == "-" ? Console.OpenStandardInput() : File.OpenRead(path); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return CliIo.Fail($"cannot read '{path}': {e.Message}"); }
            using (source) report = ScoreBatch.ScoreNdjson(InstrumentCatalog.Default, source, stdout);
        }
        else
        {
            if (!CliIo.TryReadAllText(path, out var text, out var problem)) return CliIo.Fail(problem!);
            report = ScoreBatch.ScoreDocument(InstrumentCatalog.Default, Encoding.UTF8.GetBytes(text), stdout);
        }
        stdout.Flush();
        return report.Problems.Count > 0 ? CliIo.Fail(report.Problems) : CliIo.Ok;
    }
}
