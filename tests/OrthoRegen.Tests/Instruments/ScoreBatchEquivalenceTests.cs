using System.Buffers;
using System.Text;
using OrthoRegen.Instruments;
using static OrthoRegen.Tests.Instruments.Responses;

namespace OrthoRegen.Tests.Instruments;

// The NDJSON batch shortcut (BatchShortcut) against the general path (InstrumentJson.Score + WriteResult): the bytes
// written must be the same for every request, whichever route it takes.
public class ScoreBatchEquivalenceTests
{
    static (byte[] Output, BatchReport Report) RunNdjson(string ndjson, BatchShortcut? shortcut)
    {
        using var output = new MemoryStream();
        var report = ScoreBatch.ScoreNdjson(Catalog, new MemoryStream(Encoding.UTF8.GetBytes(ndjson)), output, shortcut);
        return (output.ToArray(), report);
    }

    static void AssertSameBytes(byte[] expected, byte[] actual)
    {
        if (expected.AsSpan().SequenceEqual(actual)) return;
        var e = Encoding.UTF8.GetString(expected).Split('\n');
        var a = Encoding.UTF8.GetString(actual).Split('\n');
        for (var i = 0; i < Math.Min(e.Length, a.Length); i++) Assert.Equal(e[i], a[i]); // names the first differing line
        Assert.Equal(e.Length, a.Length);
    }

    static int Accepted(BatchShortcut shortcut, IEnumerable<string> lines)
    {
        var scratch = new ArrayBufferWriter<byte>();
        return lines.Count(l => shortcut.TryScore(Encoding.UTF8.GetBytes(l.Trim()), scratch));
    }

    static readonly string[] KoosCodes = Definition("KOOS").Items.Select(i => i.Code).ToArray();
    static readonly string[] HoosCodes = Definition("HOOS").Items.Select(i => i.Code).ToArray();
    static readonly string[] WomacCodes = Definition("WOMAC").Items.Select(i => i.Code).ToArray();

    /// <summary>Items as a JSON object: each code answered 0–4, null with probability <paramref name="nullRate"/>,
    /// left out with probability <paramref name="absentRate"/>, optionally in shuffled order.</summary>
    static string Items(Random random, string[] codes, double nullRate, double absentRate, bool shuffle)
    {
        var order = shuffle ? codes.OrderBy(_ => random.Next()).ToArray() : codes;
        var parts = new List<string>();
        foreach (var code in order)
        {
            if (random.NextDouble() < absentRate) continue;
            parts.Add($"\"{code}\":" + (random.NextDouble() < nullRate ? "null" : random.Next(5).ToString()));
        }
        return "{" + string.Join(",", parts) + "}";
    }

    /// <summary>What breaks a request, each a way the general path must be the one to answer.</summary>
    static readonly Func<string, string>[] Breakages =
    [
        r => r.Replace("\"P2\":", "\"P2\":5,\"P2x\":"),               // out of range and an unknown item
        r => r.Replace("\"P3\":", "\"P3\":-1,\"Q9\":"),               // negative, unknown item
        r => r.Replace("\"P1\":", "\"P1\":2.5,\"P1b\":"),             // not a whole number
        r => r.Replace("\"S1\":", "\"S1\":\"2\",\"S1b\":"),           // text
        r => r.Replace("\"S2\":", "\"S2\":true,\"S2b\":"),            // boolean
        r => r.Replace("\"P1\":", "\"P1\":[1],\"P1c\":"),             // list
        r => r.Replace("\"P4\":", "\"P4\":1,\"P4\":"),                // item given twice
        r => r.Replace("\"P5\":", "\"P\\u0035\":"),                   // escaped item code (same item)
        r => r.Replace("\"P2\":", "\"P2\":2.0,\"P2y\":"),             // whole number written with a fraction
        r => r.Replace("\"P2\":", "\"P2\":1e0,\"P2z\":"),             // exponent
        r => r.Replace("{\"instrument\"", "{\"extra\":1,\"instrument\""), // unknown request field
        r => r.Replace("\"instrument\":\"", "\"instrument\":\"X"),     // unknown instrument
        r => r.Replace("\"instrument\":", "\"instrumentx\":"),         // no instrument
        r => r + " x",                                                  // text after the request: not JSON
        r => r[..^1],                                                   // unclosed: not JSON
        r => "[" + r + "]",                                             // not an object
        r => r.Replace("\"items\":{", "\"items\":{\"P1\":01,"),        // leading zero: not JSON
        r => r.Replace("\"items\":", "\"items\":[1],\"items2\":"),     // items not an object
        r => "  " + r + " \t",                                          // surrounding whitespace (fine)
    ];

    [Fact]
    public void ScoreNdjson_GeneratedKoosHoosWomacRequests_ShortcutWritesSameBytesAsGeneralPath()
    {
        var random = new Random(20260601);
        var lines = new List<string>();
        for (var n = 0; n < 4000; n++)
        {
            var (instrument, codes) = (n % 5) switch
            {
                0 or 1 => ("KOOS", KoosCodes),
                2 or 3 => ("HOOS", HoosCodes),
                _ => ("WOMAC", WomacCodes),
            };
            var nullRate = random.Next(4) switch { 0 => 0.0, 1 => 0.05, 2 => 0.3, _ => 0.7 }; // 0.7 leaves subscales unscorable
            var items = Items(random, codes, nullRate, random.Next(4) == 0 ? 0.2 : 0.0, shuffle: random.Next(4) == 0);
            var request = random.Next(8) switch
            {
                0 => $"{{\"items\":{items},\"instrument\":\"{instrument}\"}}",                  // instrument after items
                1 => $"{{\"instrument\":\"{instrument}\",\"items\":{items},\"options\":null,\"baseline\":null}}",
                2 => $"{{\"instrument\":\"{instrument}\"}}",                                      // no items at all
                _ => $"{{\"instrument\":\"{instrument}\",\"items\":{items}}}",
            };
            request = random.Next(6) switch
            {
                0 => request[..^1] + ",\"options\":" + instrument switch
                {
                    "KOOS" => random.Next(3) switch { 0 => "{\"missing_rule\":\"1998\"}", 1 => "{\"population\":\"tka_rehab\"}", _ => "{}" },
                    "HOOS" => random.Next(3) switch { 0 => "{\"missing_rule\":\"2003\"}", 1 => "{\"missing_rule\":\"2013\"}", _ => "{\"nope\":1}" },
                    _ => random.Next(3) switch { 0 => "{\"max_missing\":{\"pain\":2}}", 1 => "{\"population\":\"hip_oa\"}", _ => "{\"max_missing\":3}" },
                } + "}",
                1 => request[..^1] + ",\"baseline\":" + Items(random, codes, nullRate, 0.0, shuffle: false) + "}",
                2 => request[..^1] + ",\"options\":{\"population\":\"" + Definition(instrument).Populations[^1] + "\"},\"baseline\":"
                     + Items(random, codes, 0.05, 0.0, shuffle: false) + "}",
                _ => request,
            };
            if (random.Next(5) == 0) request = Breakages[random.Next(Breakages.Length)](request);
            lines.Add(request);
            if (random.Next(200) == 0) lines.Add("");      // blank line, skipped by both
            if (random.Next(300) == 0) lines.Add("not json");
        }
        var ndjson = string.Join("\n", lines) + "\n";

        var (general, generalReport) = RunNdjson(ndjson, null);
        var shortcut = BatchShortcut.For(Catalog);
        var (fast, fastReport) = RunNdjson(ndjson, shortcut);

        AssertSameBytes(general, fast);
        Assert.Equal(generalReport.Requests, fastReport.Requests);
        Assert.Equal(generalReport.Problems, fastReport.Problems);
        Assert.NotEmpty(fastReport.Problems);
        var accepted = Accepted(shortcut, lines.Where(l => l.Trim().Length > 0));
        Assert.InRange(accepted, lines.Count / 5, lines.Count * 4 / 5); // both routes were exercised
    }

    /// <summary>Every (answered, sum) pair of every subscale, other subscales fully answered.</summary>
    static IEnumerable<string> EveryAnsweredAndSum(string instrument)
    {
        var definition = Definition(instrument);
        foreach (var score in definition.Scores)
        {
            var own = score.ItemCodes.ToList();
            for (var answered = 0; answered <= own.Count; answered++)
            for (var sum = 0; sum <= 4 * answered; sum++)
            {
                var parts = new List<string>();
                var left = sum;
                foreach (var item in definition.Items)
                {
                    var index = own.IndexOf(item.Code);
                    if (index < 0) { parts.Add($"\"{item.Code}\":1"); continue; }
                    if (index >= answered) { parts.Add($"\"{item.Code}\":null"); continue; }
                    var value = Math.Min(4, left); // 4s first: sum ≤ 4 × answered, so the answered items reach it
                    parts.Add($"\"{item.Code}\":{value}");
                    left -= value;
                }
                yield return $"{{\"instrument\":\"{instrument}\",\"items\":{{{string.Join(",", parts)}}}}}";
            }
        }
    }

    [Theory]
    [InlineData("KOOS")]
    [InlineData("HOOS")]
    public void TryScore_EveryAnsweredCountAndSum_SameBytesAsGeneralPath(string instrument)
    {
        var lines = EveryAnsweredAndSum(instrument).ToList();
        var ndjson = string.Join("\n", lines) + "\n";
        var shortcut = BatchShortcut.For(Catalog);

        var (general, _) = RunNdjson(ndjson, null);
        var (fast, _) = RunNdjson(ndjson, shortcut);

        AssertSameBytes(general, fast);
        Assert.Equal(lines.Count, Accepted(shortcut, lines)); // every line took the shortcut
    }

    [Fact]
    public void For_CatalogReplacingKoos_DoesNotUseTheBuiltInKoos()
    {
        var replaced = Catalog.With(Koos.Instrument with { Score = _ => throw new InvalidOperationException("replaced KOOS used") });
        var shortcut = BatchShortcut.For(replaced);
        var request = """{"instrument":"KOOS","items":{"P1":1}}""";
        Assert.False(shortcut.TryScore(Encoding.UTF8.GetBytes(request), new ArrayBufferWriter<byte>()));
        Assert.True(shortcut.TryScore(Encoding.UTF8.GetBytes(request.Replace("KOOS", "HOOS")), new ArrayBufferWriter<byte>()));
    }
}
