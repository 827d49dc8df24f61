using System.Text;
using System.Text.RegularExpressions;

namespace OrthoRegen.Testing;

/// <summary>One mutated import file: what was done to it and its bytes.</summary>
public sealed record HostileFile(string Kind, byte[] Bytes)
{
    /// <summary>The bytes read as a file reader would (UTF-8 with replacement characters, a BOM honoured).</summary>
    public string Text
    {
        get
        {
            using var reader = new StreamReader(new MemoryStream(Bytes), new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
    }

    public override string ToString() => $"{Kind} ({Bytes.Length} bytes)";
}

/// <summary>
/// A deterministic fuzzer for import files (issue 9): from a valid sample it makes truncated files, flipped bytes,
/// invalid UTF-8, BOMs (UTF-8 and UTF-16), CRLF/LF mixes, NUL bytes and a 1 MB line; for CSV also unknown, duplicate and
/// swapped columns, rows of the wrong width, unbalanced quotes, formula-injection cells (<c>=cmd|' /C calc'!A0</c>),
/// impossible dates and non-numbers; for JSON also 10,000-level nesting, duplicate keys, wrong types, NaN tokens and
/// huge numbers. The same seed and salt always give the same files in the same order.
/// </summary>
public sealed partial class HostileFiles(int seed)
{
    public int Seed { get; } = seed;

    public static readonly string[] FormulaCells = ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1,1)", "=HYPERLINK(\"http://x.example\",\"x\")"];
    public static readonly string[] BadDates = ["0000-00-00", "2026-02-30", "9999-99-99", "31/12/2026"];

    /// <summary>Up to <paramref name="count"/> mutations of a CSV file (header on line 1).</summary>
    public IReadOnlyList<HostileFile> ForCsv(string csv, int count, string salt) => Pick(Generic(csv, salt).Concat(CsvMutations(csv, salt)), count, salt);

    /// <summary>Up to <paramref name="count"/> mutations of a JSON document or an NDJSON file (one document a line).</summary>
    public IReadOnlyList<HostileFile> ForJson(string json, int count, string salt) => Pick(Generic(json, salt).Concat(JsonMutations(json, salt)), count, salt);

    IReadOnlyList<HostileFile> Pick(IEnumerable<HostileFile> all, int count, string salt)
    {
        var list = all.ToList();
        var rng = Rng(salt + "#pick");
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return [.. list.Take(count)];
    }

    Random Rng(string salt)
    {
        unchecked
        {
            var h = Seed;
            foreach (var c in salt) h = h * 31 + c;
            return new Random(h);
        }
    }

    IEnumerable<HostileFile> Generic(string text, string salt)
    {
        var rng = Rng(salt);
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var i = 0; i < 3; i++)
        {
            var cut = rng.Next(1, Math.Max(2, bytes.Length - 1));
            yield return new($"truncated at byte {cut}", bytes[..cut]);
        }
        for (var i = 0; i < 3; i++)
        {
            var flipped = (byte[])bytes.Clone();
            for (var k = 0; k < 1 + i; k++) flipped[rng.Next(flipped.Length)] ^= (byte)(1 << rng.Next(8));
            yield return new($"{1 + i} flipped bits", flipped);
        }
        var at = rng.Next(bytes.Length);
        yield return new("invalid UTF-8 inside", [.. bytes[..at], 0xC3, 0x28, 0xED, 0xA0, 0x80, 0xFF, .. bytes[at..]]);
        yield return new("UTF-8 BOM", [0xEF, 0xBB, 0xBF, .. bytes]);
        yield return new("UTF-16 LE with BOM", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(text)]);
        yield return new("CRLF line ends", Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n")));
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        yield return new("mixed CRLF, LF and CR", Encoding.UTF8.GetBytes(string.Concat(lines.Select((l, i) => l + (i % 3 == 0 ? "\r\n" : i % 3 == 1 ? "\n" : "\r")))));
        yield return new("NUL bytes", [.. bytes[..at], 0, 0, .. bytes[at..]]);
        yield return new("1 MB line appended", Encoding.UTF8.GetBytes(text.TrimEnd('\n') + "\n" + new string('A', 1 << 20) + "\n"));
        yield return new("empty file", []);
        yield return new("only whitespace", Encoding.UTF8.GetBytes(" \n\r\n\t\n"));
    }

    IEnumerable<HostileFile> CsvMutations(string csv, string salt)
    {
        var rng = Rng(salt + "#csv");
        var lines = csv.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        var header = lines[0].Split(',');
        string Join(IEnumerable<string> ls) => string.Join("\n", ls) + "\n";
        HostileFile Cell(string kind, int line, int column, string value)
        {
            var copy = (string[])lines.Clone();
            var cells = SplitCsv(copy[line]);
            if (column < cells.Count) cells[column] = value;
            copy[line] = string.Join(",", cells);
            return new(kind, Encoding.UTF8.GetBytes(Join(copy)));
        }
        yield return new("header only", Encoding.UTF8.GetBytes(lines[0] + "\n"));
        yield return new("unknown column", Encoding.UTF8.GetBytes(Join(lines.Select((l, i) => l + (i == 0 ? ",zz_unknown" : ",x")))));
        yield return new("duplicate column", Encoding.UTF8.GetBytes(Join(lines.Select((l, i) => l + "," + SplitCsv(l).FirstOrDefault())))); 
        if (header.Length >= 2)
        {
            var a = rng.Next(header.Length);
            var b = (a + 1 + rng.Next(header.Length - 1)) % header.Length;
            var swapped = (string[])header.Clone();
            (swapped[a], swapped[b]) = (swapped[b], swapped[a]);
            yield return new($"columns '{header[a]}' and '{header[b]}' swapped in the header", Encoding.UTF8.GetBytes(Join([string.Join(",", swapped), .. lines[1..]])));
        }
        if (lines.Length < 2) yield break;
        var row = 1 + rng.Next(lines.Length - 1);
        yield return new($"line {row + 1} one cell short", Encoding.UTF8.GetBytes(Join(lines.Select((l, i) => i == row ? l[..Math.Max(0, l.LastIndexOf(','))] : l))));
        yield return new($"line {row + 1} one cell too many", Encoding.UTF8.GetBytes(Join(lines.Select((l, i) => i == row ? l + ",extra" : l))));
        yield return new($"line {row + 1} unbalanced quote", Encoding.UTF8.GetBytes(Join(lines.Select((l, i) => i == row ? "\"" + l : l))));
        yield return new("quote inside an unquoted cell", Encoding.UTF8.GetBytes(Join(lines.Select((l, i) => i == row ? l.Replace(",", ",a\"b", StringComparison.Ordinal) : l))));
        for (var i = 0; i < 4; i++)
        {
            var r = 1 + rng.Next(lines.Length - 1);
            var c = rng.Next(header.Length);
            yield return Cell($"formula cell line {r + 1}, column {header[c]}", r, c, Quote(FormulaCells[rng.Next(FormulaCells.Length)]));
        }
        // Impossible dates and non-numbers where the sample has dates and numbers.
        for (var r = 1; r < lines.Length; r++)
        {
            var cells = SplitCsv(lines[r]);
            for (var c = 0; c < cells.Count && c < header.Length; c++)
            {
                if (DateCell().IsMatch(cells[c]))
                    yield return Cell($"impossible date line {r + 1}, column {header[c]}", r, c, BadDates[rng.Next(BadDates.Length)]);
                else if (NumberCell().IsMatch(cells[c]))
                    yield return Cell($"non-number line {r + 1}, column {header[c]}", r, c, new[] { "NaN", "Infinity", "1e309", "12abc", "9223372036854775808" }[rng.Next(5)]);
            }
        }
        yield return Cell($"script and SQL text", row, rng.Next(header.Length), Quote("<script>alert(1)</script>'; DROP TABLE patients;--"));
        yield return Cell($"1 MB cell", row, rng.Next(header.Length), new string('B', 1 << 20));
    }

    IEnumerable<HostileFile> JsonMutations(string json, string salt)
    {
        var rng = Rng(salt + "#json");
        var deep = new StringBuilder();
        deep.Append('[', 10_000).Append(']', 10_000);
        yield return new("10,000-level nesting", Encoding.UTF8.GetBytes(deep.ToString()));
        var firstLine = json.ReplaceLineEndings("\n").Split('\n')[0];
        yield return new("10,000-level nesting inside a resource", Encoding.UTF8.GetBytes(firstLine.Insert(1, "\"zz\":" + deep + ",") + "\n" + json));
        yield return new("duplicate resourceType", Encoding.UTF8.GetBytes(ReplaceFirst(json, "\"resourceType\":", "\"resourceType\":\"Basic\",\"resourceType\":")));
        yield return new("NaN token", Encoding.UTF8.GetBytes(ReplaceFirst(json, "{", "{\"zz\":NaN,")));
        yield return new("array instead of object", Encoding.UTF8.GetBytes("[" + firstLine + "]\n"));
        yield return new("a bare string", Encoding.UTF8.GetBytes("\"Patient\"\n"));
        yield return new("null", Encoding.UTF8.GetBytes("null\n"));
        // Wrong types: a string value replaced by a number, an object or an array; a number by text; numbers beyond double.
        var strings = JsonString().Matches(json).Cast<Match>().ToList();
        for (var i = 0; i < 6 && strings.Count > 0; i++)
        {
            var m = strings[rng.Next(strings.Count)];
            string[] replacements = ["12345", "{\"a\":1}", "[1,\"x\"]", "true", "null", "\"0000-00-00\"", "\"9999-12-31\"", "\"<script>alert(1)</script>\""];
            var r = replacements[rng.Next(replacements.Length)];
            yield return new($"{m.Groups[1].Value} = {r}", Encoding.UTF8.GetBytes(json[..m.Groups[2].Index] + r + json[(m.Groups[2].Index + m.Groups[2].Length)..]));
        }
        var numbers = JsonNumber().Matches(json).Cast<Match>().ToList();
        for (var i = 0; i < 3 && numbers.Count > 0; i++)
        {
            var m = numbers[rng.Next(numbers.Count)];
            string[] replacements = ["1e309", "-1e309", "9223372036854775808", "\"12abc\"", "\"NaN\"", "1.5", "-1"];
            var r = replacements[rng.Next(replacements.Length)];
            yield return new($"{m.Groups[1].Value} = {r}", Encoding.UTF8.GetBytes(json[..m.Groups[2].Index] + r + json[(m.Groups[2].Index + m.Groups[2].Length)..]));
        }
        foreach (Match m in JsonDate().Matches(json).Cast<Match>().Take(3))
            yield return new($"{m.Groups[1].Value} = 0000-00-00", Encoding.UTF8.GetBytes(json[..m.Groups[2].Index] + "0000-00-00" + json[(m.Groups[2].Index + m.Groups[2].Length)..]));
    }

    static string ReplaceFirst(string s, string what, string with)
    {
        var i = s.IndexOf(what, StringComparison.Ordinal);
        return i < 0 ? s : s[..i] + with + s[(i + what.Length)..];
    }

    static string Quote(string cell) => "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Splits one CSV line on commas outside quotes (enough for the samples, whose cells hold no line breaks).</summary>
    public static List<string> SplitCsv(string line)
    {
        var cells = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        foreach (var ch in line)
        {
            if (ch == '"') quoted = !quoted;
            if (ch == ',' && !quoted) { cells.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(ch);
        }
        cells.Add(sb.ToString());
        return cells;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}")] private static partial Regex DateCell();
    [GeneratedRegex(@"^-?\d+(\.\d+)?$")] private static partial Regex NumberCell();
    [GeneratedRegex("\"(\\w+)\":(\"[^\"]*\")")] private static partial Regex JsonString();
    [GeneratedRegex("\"(\\w+)\":(-?\\d+(?:\\.\\d+)?)")] private static partial Regex JsonNumber();
    [GeneratedRegex("\"(\\w+)\":\"(\\d{4}-\\d{2}-\\d{2})")] private static partial Regex JsonDate();
}
