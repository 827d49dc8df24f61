using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OrthoRegen.Instruments;

/// <summary>What a batch did: requests scored (rejections included) and problems with the input itself.</summary>
/// <param name="Requests">Results written, one per request.</param>
/// <param name="Problems">Input that is not JSON (or not a request or array of requests); empty when all was JSON.</param>
public sealed record BatchReport(long Requests, IReadOnlyList<string> Problems);

/// <summary>
/// Scores many requests in the shape they came in: one request object → one result object, an array → an array,
/// newline-delimited JSON → one result line per request line (blank lines skipped). Rejected requests are results;
/// only input that is not JSON is a problem. In NDJSON a line that is not JSON still gets a rejected result line (so
/// line <em>n</em> of the output always answers line <em>n</em> of the input) and is reported as a problem.
/// </summary>
public static class ScoreBatch
{
    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>Scores a single JSON document (an object or an array of objects). Nothing is written when it is not JSON.</summary>
    public static BatchReport ScoreDocument(InstrumentCatalog catalog, ReadOnlyMemory<byte> utf8, Stream output)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(utf8); }
        catch (JsonException e) { return new BatchReport(0, [InstrumentMessages.NotJson(e.Message)]); }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
                return new BatchReport(0, [InstrumentMessages.NotRequestShape]);
            using var w = new Utf8JsonWriter(output, WriterOptions);
            long count = 0;
            if (root.ValueKind == JsonValueKind.Object)
            {
                InstrumentJson.WriteResult(w, InstrumentJson.Score(catalog, root));
                count = 1;
            }
            else
            {
                w.WriteStartArray();
                foreach (var request in root.EnumerateArray())
                {
                    InstrumentJson.WriteResult(w, InstrumentJson.Score(catalog, request));
                    count++;
                }
                w.WriteEndArray();
            }
            w.Flush();
            output.WriteByte((byte)'\n');
            return new BatchReport(count, []);
        }
    }

    /// <summary>
    /// Scores newline-delimited requests from <paramref name="input"/>, streaming one result line each. KOOS and HOOS
    /// requests without options or baseline take <see cref="BatchShortcut"/>, which writes the same bytes faster.
    /// </summary>
    public static BatchReport ScoreNdjson(InstrumentCatalog catalog, Stream input, Stream output) =>
        ScoreNdjson(catalog, input, output, BatchShortcut.For(catalog));

    /// <summary>
    /// As <see cref="ScoreNdjson(InstrumentCatalog, Stream, Stream)"/>; with <paramref name="shortcut"/> null every line
    /// takes the general path (what the equivalence tests compare the shortcut with).
    /// </summary>
    internal static BatchReport ScoreNdjson(InstrumentCatalog catalog, Stream input, Stream output, BatchShortcut? shortcut)
    {
        var problems = new List<string>();
        var buffer = new byte[1 << 16];
        int start = 0, end = 0;
        long line = 0, count = 0;
        // Results collect here and go to the output once per chunk read, so a line costs no stream call.
        var results = new ArrayBufferWriter<byte>(1 << 17);
        using var w = new Utf8JsonWriter(results, WriterOptions);

        void Line(int from, int length)
        {
            line++;
            var span = buffer.AsSpan(from, length);
            var trimmed = span.TrimEnd("\r\n \t"u8);
            if (trimmed.TrimStart(" \t"u8).IsEmpty) return;
            count++;
            if (shortcut is not null && shortcut.TryScore(trimmed, results)) return;
            InstrumentResult result;
            try
            {
                result = InstrumentJson.Score(catalog, trimmed);
            }
            catch (JsonException e)
            {
                var message = InstrumentMessages.NotJsonLine(line, e.Message);
                problems.Add(message);
                result = InstrumentResult.Rejected("", null, [new ItemError("request", message)]);
            }
            InstrumentJson.WriteResult(w, result);
            w.Flush();
            w.Reset();
            results.GetSpan(1)[0] = (byte)'\n';
            results.Advance(1);
        }

        void Emit()
        {
            output.Write(results.WrittenSpan);
            results.ResetWrittenCount();
        }

        while (true)
        {
            var read = input.Read(buffer, end, buffer.Length - end);
            if (read == 0)
            {
                if (end > start) Line(start, end - start);
                Emit();
                break;
            }
            end += read;
            int newline;
            while ((newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n')) >= 0)
            {
                Line(start, newline);
                start += newline + 1;
            }
            Emit();
            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            if (end == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
        }
        return new BatchReport(count, problems);
    }
}
