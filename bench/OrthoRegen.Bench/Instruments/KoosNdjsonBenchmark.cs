using System.Diagnostics;
using System.Text;
using System.Text.Json;
using OrthoRegen.Instruments;

namespace OrthoRegen.Bench.Instruments;

/// <summary>
/// Batch KOOS scoring as <c>orthoregen score --ndjson</c> does it (the command calls <see cref="ScoreBatch.ScoreNdjson"/>),
/// against merely parsing the same NDJSON file line by line with System.Text.Json in the same run.
/// Usage: <c>instruments-koos-ndjson [responses=1000000] [rounds=3]</c>. The goal: scoring adds under 25 %.
/// </summary>
public sealed class KoosNdjsonBenchmark : IBenchmark
{
    public string Name => "instruments-koos-ndjson";
    public string Description => "NDJSON KOOS batch scoring vs plain System.Text.Json parsing of the same file";

    public Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0]) : 1_000_000;
        var rounds = args.Length > 1 ? int.Parse(args[1]) : 3;
        var path = Path.Combine(Path.GetTempPath(), $"orthoregen-koos-{count}.ndjson");
        Generate(path, count);
        Console.WriteLine($"file: {path} ({new FileInfo(path).Length / 1e6:F1} MB, {count:N0} responses)");

        var parse = double.MaxValue;
        var score = double.MaxValue;
        for (var round = 1; round <= rounds; round++)
        {
            var p = Time(() => ParseOnly(path, count));
            var s = Time(() => ScoreAll(path, count));
            parse = Math.Min(parse, p);
            score = Math.Min(score, s);
            Console.WriteLine($"round {round}: parse {p:F2} s, parse+validate+score+write {s:F2} s");
        }
        Breakdown(path, count);
        Console.WriteLine($"parse only:        {count / parse,12:N0} responses/s");
        Console.WriteLine($"score (CLI path):  {count / score,12:N0} responses/s");
        Console.WriteLine($"ratio score/parse: {score / parse:F2} (scoring adds {(score / parse - 1) * 100:F0} % to parsing; goal < 25 %)");
        File.Delete(path);
        return Task.FromResult(0);
    }

    /// <summary>
    /// Per response, on the first 200,000 lines held in memory: the JsonDocument parse of the baseline, the general path
    /// (<see cref="InstrumentJson.Score(InstrumentCatalog, ReadOnlySpan{byte})"/> then <see cref="InstrumentJson.WriteResult"/>,
    /// which requests with options or a baseline still take), and the batch runner the CLI uses (KOOS takes its shortcut).
    /// </summary>
    static void Breakdown(string path, int count)
    {
        var lines = File.ReadLines(path).Take(Math.Min(count, 200_000)).Select(Encoding.UTF8.GetBytes).ToList();
        var ndjson = lines.SelectMany(l => l.Append((byte)'\n')).ToArray();
        var catalog = InstrumentCatalog.Default;
        using var w = new Utf8JsonWriter(Stream.Null, new JsonWriterOptions { SkipValidation = true });
        double Parse() => Time(() => { foreach (var line in lines) JsonDocument.Parse(line).Dispose(); });
        double General() => Time(() =>
        {
            foreach (var line in lines)
            {
                InstrumentJson.WriteResult(w, InstrumentJson.Score(catalog, line));
                w.Flush();
                w.Reset();
            }
        });
        double Batch() => Time(() => ScoreBatch.ScoreNdjson(catalog, new MemoryStream(ndjson), Stream.Null));
        var parse = Math.Min(Parse(), Parse());
        var general = Math.Min(General(), General());
        var batch = Math.Min(Batch(), Batch());
        var per = 1e9 / lines.Count;
        Console.WriteLine($"per response: JsonDocument parse {parse * per:F0} ns | general path (read, score, write) {general * per:F0} ns | " +
                          $"batch runner {batch * per:F0} ns");
    }

    static double Time(Action action)
    {
        GC.Collect();
        var sw = Stopwatch.StartNew();
        action();
        return sw.Elapsed.TotalSeconds;
    }

    /// <summary>Baseline: split the file into lines and parse each with JsonDocument, as the batch runner does.</summary>
    static void ParseOnly(string path, int expected)
    {
        using var input = File.OpenRead(path);
        var buffer = new byte[1 << 16];
        int start = 0, end = 0, parsed = 0;
        while (true)
        {
            var read = input.Read(buffer, end, buffer.Length - end);
            if (read == 0) break;
            end += read;
            int newline;
            while ((newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n')) >= 0)
            {
                using (var doc = JsonDocument.Parse(buffer.AsMemory(start, newline)))
                    if (doc.RootElement.ValueKind == JsonValueKind.Object) parsed++;
                start += newline + 1;
            }
            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        if (parsed != expected) throw new InvalidOperationException($"parsed {parsed} of {expected}");
    }

    static void ScoreAll(string path, int expected)
    {
        using var input = File.OpenRead(path);
        var report = ScoreBatch.ScoreNdjson(InstrumentCatalog.Default, input, Stream.Null);
        if (report.Requests != expected || report.Problems.Count > 0) throw new InvalidOperationException($"scored {report.Requests} of {expected}");
    }

    /// <summary>Seeded KOOS responses: all 42 items 0–4, about 2 % of items missing (null).</summary>
    static void Generate(string path, int count)
    {
        if (File.Exists(path)) return;
        var codes = Koos.Definition.Items.Select(i => i.Code).ToArray();
        var random = new Random(20240601);
        using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        var sb = new StringBuilder();
        for (var n = 0; n < count; n++)
        {
            sb.Clear().Append("{\"instrument\":\"KOOS\",\"items\":{");
            for (var i = 0; i < codes.Length; i++)
            {
                if (i > 0) sb.Append(',');
                sb.Append('"').Append(codes[i]).Append("\":");
                if (random.Next(50) == 0) sb.Append("null"); else sb.Append(random.Next(5));
            }
            sb.Append("}}\n");
            w.Write(sb);
        }
    }
}
