using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;

namespace OrthoRegen.Interop.Fhir;

/// <summary>
/// Reads an NDJSON stream line by line as UTF-8 bytes and parses each line straight from them: no UTF-16 string per
/// line and no transcoding back. The parsed documents point into <see cref="LineArena"/> blocks, which live until the
/// batch holding the documents is done.
/// </summary>
/// <remarks>Lines end at <c>\n</c> (a <c>\r</c> before it is dropped); a UTF-8 byte order mark at the start is skipped.</remarks>
sealed class NdjsonLines(Stream stream) : IDisposable
{
    byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
    int _start, _end;
    bool _eof, _first = true;

    /// <summary>The next line (without its end), or false at the end of the stream. Valid until the next call.</summary>
    public async ValueTask<(bool Ok, ReadOnlyMemory<byte> Line)> NextAsync(CancellationToken ct)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = _buffer.AsMemory(_start, newline);
                _start += newline + 1;
                return (true, Trim(line));
            }
            if (_eof)
            {
                if (_start == _end) return (false, default);
                var last = _buffer.AsMemory(_start, _end - _start);
                _start = _end;
                return (true, Trim(last));
            }
            // Move the partial line to the front, grow if one line fills the buffer, then read more.
            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                (_end, _start) = (_end - _start, 0);
            }
            if (_end == _buffer.Length)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
                _buffer.AsSpan(0, _end).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }
            var n = await stream.ReadAsync(_buffer.AsMemory(_end), ct);
            if (n == 0) _eof = true;
            _end += n;
            if (_first && _end >= 3)
            {
                _first = false;
                if (_buffer.AsSpan(0, 3).SequenceEqual("\uFEFF"u8)) _start = 3;
            }
            else if (_first && _eof) _first = false;
        }
    }

    static ReadOnlyMemory<byte> Trim(ReadOnlyMemory<byte> line) => line.Length > 0 && line.Span[^1] == (byte)'\r' ? line[..^1] : line;

    /// <summary>Whether the line holds nothing but spaces and tabs.</summary>
    public static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept(" \t\r\f\v"u8) < 0;

    public static bool IsUtf8(ReadOnlySpan<byte> line) => Utf8.IsValid(line);

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}

/// <summary>Pooled blocks holding the bytes of a batch's lines while their <see cref="JsonDocument"/>s are in use.</summary>
sealed class LineArena : IDisposable
{
    const int Block = 1 << 20;
    readonly List<byte[]> _blocks = [];
    byte[]? _current;
    int _used;

    /// <summary>A copy of <paramref name="line"/> that stays valid until <see cref="Clear"/>.</summary>
    public ReadOnlyMemory<byte> Copy(ReadOnlySpan<byte> line)
    {
        if (_current is null || _current.Length - _used < line.Length)
        {
            _current = ArrayPool<byte>.Shared.Rent(Math.Max(Block, line.Length));
            _blocks.Add(_current);
            _used = 0;
        }
        line.CopyTo(_current.AsSpan(_used));
        var copy = _current.AsMemory(_used, line.Length);
        _used += line.Length;
        return copy;
    }

    /// <summary>Returns the blocks to the pool; every copy handed out before is invalid after.</summary>
    public void Clear()
    {
        foreach (var b in _blocks) ArrayPool<byte>.Shared.Return(b);
        _blocks.Clear();
        _current = null;
        _used = 0;
    }

    public void Dispose() => Clear();
}
