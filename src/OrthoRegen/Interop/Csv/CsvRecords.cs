using System.Text;

namespace OrthoRegen.Interop.Csv;

/// <summary>
/// A CSV file read strictly (RFC 4180: comma separated, fields optionally in double quotes with "" for a quote, CRLF or
/// LF line ends, a UTF-8 byte-order mark ignored). The first record is the header; every row must have its width.
/// </summary>
public sealed class CsvRecords
{
    public IReadOnlyList<string> Header { get; }
    /// <summary>Data rows with their 1-based line number in the file (the header is line 1).</summary>
    public IReadOnlyList<(int Line, IReadOnlyList<string> Fields)> Rows { get; }

    CsvRecords(IReadOnlyList<string> header, IReadOnlyList<(int, IReadOnlyList<string>)> rows) => (Header, Rows) = (header, rows);

    public int Column(string name)
    {
        for (var i = 0; i < Header.Count; i++)
            if (string.Equals(Header[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    /// <summary>Parses <paramref name="text"/>; null with a one-line problem naming the line when it is not well-formed CSV.</summary>
    public static CsvRecords? Parse(string text, out string? problem)
    {
        problem = null;
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var records = new List<(int Line, List<string> Fields)>();
        var row = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, any = false;
        int line = 1, rowLine = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else { if (c == '\n') line++; field.Append(c); }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0: quoted = true; any = true; break;
                case ',': row.Add(field.ToString()); field.Clear(); any = true; break;
                case '\r': break;
                case '\n':
                    if (any || field.Length > 0) { row.Add(field.ToString()); records.Add((rowLine, row)); }
                    row = []; field.Clear(); any = false; line++; rowLine = line;
                    break;
                default: field.Append(c); any = true; break;
            }
        }
        if (quoted) { problem = $"line {rowLine}: a quoted field is not closed"; return null; }
        if (any || field.Length > 0) { row.Add(field.ToString()); records.Add((rowLine, row)); }
        if (records.Count == 0) { problem = "the file is empty (no header row)"; return null; }
        var header = records[0].Fields.Select(h => h.Trim()).ToList();
        foreach (var (l, f) in records.Skip(1))
            if (f.Count != header.Count) { problem = $"line {l}: {f.Count} fields, the header has {header.Count}"; return null; }
        return new CsvRecords(header, records.Skip(1).Select(r => (r.Line, (IReadOnlyList<string>)r.Fields)).ToList());
    }
}
