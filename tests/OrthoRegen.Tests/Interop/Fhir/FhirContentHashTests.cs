using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OrthoRegen.Instruments;
using OrthoRegen.Interop.Fhir;
using Xunit;

namespace OrthoRegen.Tests.Interop.Fhir;

/// <summary>The stored content hash must stay what it was (SHA-256 of the record's text), or re-imports stop matching.</summary>
public class FhirContentHashTests
{
    static FhirQuestionnaireResponse Response(string? plan, params ResponseItem[] items) =>
        new("q1", "p1", "KOOS", "1.0", "ko", "PORTAL", "M3", "KNEE_R", new DateOnly(2026, 4, 2), new(items), plan);

    public static TheoryData<string, FhirQuestionnaireResponse> Responses() => new()
    {
        { "numbers, plan", Response("plan1", new("P1", Answer.Of(4)), new("P2", Answer.Of(0)), new("P3", Answer.Of(4))) },
        // 3 and 3.0 are equal decimals with different text: the cache must not hand one the other's text.
        { "scales", Response(null, new("a", Answer.Of(3)), new("b", Answer.Of(3.0m)), new("c", Answer.Of(3)), new("d", Answer.Of(-2)), new("e", Answer.Of(-0.0m))) },
        { "codes, missing, flags", Response(null, new("x", Answer.Of("NT")), new("y", Answer.Missing), new("z", Answer.Of(true)), new("w", new Answer(AnswerKind.Other))) },
        { "no items", Response("Items = [], PlanId = ") },
        { "field looks like the splice", new FhirQuestionnaireResponse("Items = [], PlanId = ", "p1", "KOOS", "1.0", "en", "PORTAL", "M3", "KNEE_R", new DateOnly(2026, 1, 1), new([new ResponseItem("a", Answer.Of(1))]), null) },
    };

    [Theory, MemberData(nameof(Responses))]
    public void Text_IsTheRecordsOwnText_InAnyCulture(string name, FhirQuestionnaireResponse q)
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            foreach (var culture in new[] { "en-US", "de-DE", "ko-KR", "" })
            {
                CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
                for (var twice = 0; twice < 2; twice++) // the second time from the cache
                {
                    Assert.True(q.ToString() == FhirContentHash.Text(q), $"{name} in '{culture}'");
                    Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(q.ToString()))), FhirContentHash.Of(q));
                }
            }
        }
        finally { CultureInfo.CurrentCulture = before; }
    }

    [Fact]
    public void Of_OtherRecords_IsTheHashOfTheirText()
    {
        var p = new FhirPatient("p1", "AB12CD", "MAIN", "Park", "Jiwoo", new DateOnly(1960, 2, 3), "female", "ko", null);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(p.ToString()))), FhirContentHash.Of(p));
    }

    static List<string> Lines(byte[] bytes, int chunk)
    {
        using var lines = new NdjsonLines(new ChunkedStream(bytes, chunk));
        var all = new List<string>();
        while (lines.NextAsync(default).AsTask().Result is (true, var line)) all.Add(Encoding.UTF8.GetString(line.Span));
        return all;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1 << 20)]
    public void NdjsonLines_SplitsOnNewlines_DropsCrAndBom_KeepsLongLines(int chunk)
    {
        var longLine = new string('x', 200_000);
        var text = "\uFEFF{\"a\":1}\r\n\n  \n{\"b\":\"é\"}\n" + longLine + "\n{\"c\":3}";
        var lines = Lines(Encoding.UTF8.GetBytes(text), chunk);
        Assert.Equal(["{\"a\":1}", "", "  ", "{\"b\":\"é\"}", longLine, "{\"c\":3}"], lines);
        Assert.True(NdjsonLines.IsBlank("  \t"u8));
        Assert.False(NdjsonLines.IsUtf8([0x7B, 0xFF, 0x7D]));
    }

    /// <summary>A stream that hands out at most <c>chunk</c> bytes per read, as a network stream may.</summary>
    sealed class ChunkedStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], ct);
    }
}
