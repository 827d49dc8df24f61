using System.Text.Json;

namespace OrthoRegen.Interop.Fhir;

/// <summary>
/// The order a Bulk Data import reads its files in, so each resource finds what its store's rules need already written:
/// patients, questionnaires, consents, conditions and care plans; responses and observations; then the product side —
/// <c>Procedure.ndjson</c> read for its harvests, the lots made from them, their custody and release (Provenance), and
/// <c>Procedure.ndjson</c> read again for its administrations (which need the released lot) — then encounters and
/// adverse events. A file of an unknown type is read last.
/// </summary>
/// <remarks>
/// The two reads of <c>Procedure.ndjson</c> are two <see cref="ProcedurePass"/> views of the same stream: each passes the
/// lines of its kind and turns the others into blank lines, so every line is read once, in one pass, under its own line
/// number (a reject names <c>Procedure.ndjson:n</c> either way). A line that is not valid JSON goes to the second pass.
/// </remarks>
static class NdjsonPasses
{
    const string HarvestPass = "Procedure#harvest", AdministrationPass = "Procedure#administration";

    static readonly string[] Order =
    [
        "Patient", "Questionnaire", "Consent", "Condition", "CarePlan", "QuestionnaireResponse", "Observation",
        HarvestPass, "BiologicallyDerivedProduct", "Provenance", AdministrationPass, "Encounter", "AdverseEvent",
    ];

    /// <summary>The files in reading order, <c>Procedure.ndjson</c> split into its two passes (the streams must seek).</summary>
    public static List<(string Name, Stream Stream)> Arrange(IReadOnlyList<(string Name, Stream Stream)> files)
    {
        var passes = new List<(string Key, string Name, Stream Stream)>();
        foreach (var (name, stream) in files)
        {
            var type = Path.GetFileNameWithoutExtension(name);
            if (type == "Procedure")
            {
                passes.Add((HarvestPass, name, new ProcedurePass(stream, harvests: true)));
                passes.Add((AdministrationPass, name, new ProcedurePass(stream, harvests: false)));
            }
            else passes.Add((type, name, stream));
        }
        return [.. passes.OrderBy(p => Rank(p.Key)).Select(p => (p.Name, p.Stream))];
    }

    static int Rank(string key)
    {
        var i = Array.IndexOf(Order, key);
        return i < 0 ? int.MaxValue : i;
    }

    /// <summary>Whether a Procedure is a harvest (its category), the same test the unit's planning order uses.</summary>
    internal static bool IsHarvest(JsonElement procedure) =>
        FhirRead.TryGet(procedure, "category", out var cat) && cat.GetRawText().Contains("\"" + FhirProcedure.Harvest + "\"", StringComparison.Ordinal);

    static readonly byte[] HarvestBytes = System.Text.Encoding.UTF8.GetBytes("\"" + FhirProcedure.Harvest + "\"");

    internal static bool LineIsHarvest(ReadOnlySpan<byte> line)
    {
        // Most lines (administrations) never mention the code: no parse for them.
        if (line.IndexOf(HarvestBytes) < 0) return false;
        try
        {
            var reader = new Utf8JsonReader(line);
            using var doc = JsonDocument.ParseValue(ref reader);
            return doc.RootElement.ValueKind == JsonValueKind.Object && IsHarvest(doc.RootElement);
        }
        catch (JsonException) { return false; }
        catch (ArgumentException) { return false; }
    }
}

/// <summary>
/// A read-only view of an NDJSON stream that passes the lines of one pass (harvests, or everything else) and replaces the
/// others by empty lines, keeping line numbers. It keeps its own place in the shared stream, so two views read it in turn;
/// its position can only be set back to the start. Holds one line at a time.
/// </summary>
sealed class ProcedurePass(Stream inner, bool harvests) : Stream
{
    readonly long _start = inner.Position;
    long _innerAt = inner.Position, _position;
    byte[] _raw = new byte[1 << 16];
    int _rawStart, _rawEnd;
    bool _eof;
    byte[] _out = new byte[1 << 12];
    int _outStart, _outEnd;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set
        {
            if (value != 0) throw new NotSupportedException("A pass is read again only from its start.");
            (_innerAt, _position, _rawStart, _rawEnd, _outStart, _outEnd, _eof) = (_start, 0, 0, 0, 0, 0, false);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        while (_outStart == _outEnd)
            if (!await NextLineAsync(ct)) return 0;
        var n = Math.Min(buffer.Length, _outEnd - _outStart);
        _out.AsMemory(_outStart, n).CopyTo(buffer);
        _outStart += n;
        _position += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    /// <summary>Fills the output with the next line (kept, or only its newline); false at the end.</summary>
    async Task<bool> NextLineAsync(CancellationToken ct)
    {
        while (true)
        {
            var newline = _raw.AsSpan(_rawStart, _rawEnd - _rawStart).IndexOf((byte)'\n');
            if (newline >= 0 || _eof && _rawEnd > _rawStart)
            {
                var length = newline >= 0 ? newline : _rawEnd - _rawStart;
                var line = _raw.AsSpan(_rawStart, length);
                var keep = NdjsonPasses.LineIsHarvest(line) == harvests;
                var size = keep ? length + 1 : 1;
                if (_out.Length < size) _out = new byte[Math.Max(size, _out.Length * 2)];
                if (keep) line.CopyTo(_out);
                _out[size - 1] = (byte)'\n';
                (_outStart, _outEnd) = (0, size);
                _rawStart += newline >= 0 ? length + 1 : length;
                return true;
            }
            if (_eof) return false;
            if (_rawStart > 0)
            {
                _raw.AsSpan(_rawStart, _rawEnd - _rawStart).CopyTo(_raw);
                (_rawEnd, _rawStart) = (_rawEnd - _rawStart, 0);
            }
            if (_rawEnd == _raw.Length) Array.Resize(ref _raw, _raw.Length * 2);
            inner.Position = _innerAt;
            var n = await inner.ReadAsync(_raw.AsMemory(_rawEnd), ct);
            _innerAt += n;
            if (n == 0) _eof = true;
            _rawEnd += n;
        }
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => origin == SeekOrigin.Begin ? Position = offset : throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
