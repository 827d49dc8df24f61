using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OrthoRegen.Testing;

/// <summary>
/// One bad request body made from a valid example. <see cref="MustReject"/> variants are wrong whatever the endpoint
/// (a wrong JSON type, an unknown field, an impossible date, a number no clinical field can hold, unreadable JSON): the
/// server must refuse them and write nothing. The others (a missing or null field, a boundary number, script, SQL and
/// mixed-script text) may be legitimate input: the server must not fail on them, and what it stores must come back
/// literally. <see cref="Field"/> is the camelCase JSON path the error should name, when one field was changed.
/// </summary>
public sealed record HostileInput(string Kind, string Field, byte[] Body, string ContentType, bool MustReject)
{
    /// <summary>The body as text for messages, shortened (the 1 MB and 10,000-level variants would flood a log).</summary>
    public string Preview => Body.Length <= 160 ? Encoding.UTF8.GetString(Body) : Encoding.UTF8.GetString(Body, 0, 160) + $"… ({Body.Length} bytes)";

    public override string ToString() => $"{Kind} at '{Field}' ({(MustReject ? "must reject" : "may accept")}): {Preview}";
}

/// <summary>
/// A deterministic generator of hostile and malformed variants of a valid JSON request body (issue 9): wrong types,
/// missing and unknown fields, boundary and huge numbers, NaN and infinities (as strings and as bare tokens), huge
/// strings, deep nesting, invalid UTF-8, mixed scripts with RTL and zero-width characters, SQL and HTML/script
/// payloads, duplicate keys, impossible dates, an empty body, a wrong content type and truncated JSON. The same seed
/// always gives the same variants in the same order; print <see cref="Seed"/> when a test fails.
/// </summary>
public sealed class HostileInputs(int seed)
{
    public const string Json = "application/json";

    public int Seed { get; } = seed;

    /// <summary>Text payloads that must be stored and shown literally (never run, never parsed as SQL or markup).</summary>
    public static readonly string[] InjectionTexts =
    [
        "'; DROP TABLE patients;--",
        "' OR 1=1--",
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "Kim\u200B\u200D Min\u202Eji \u05E9\u05DC\u05D5\u05DD \u0645\u0631\u062D\u0628\u0627 김민지 李敏智",
        "\u202E\u2066evil\u2069\uFEFF",
    ];

    /// <summary>Numbers no field of the registry can hold: beyond double, beyond long, 40 digits.</summary>
    public static readonly string[] HugeNumbers = ["1e309", "-1e309", "9223372036854775808", "1234567890123456789012345678901234567890"];

    /// <summary>Valid numbers on the edges: the server may accept them or name the field.</summary>
    public static readonly string[] BoundaryNumbers = ["0", "-1", "-0", "2147483647", "-2147483648", "0.000000001", "1.5"];

    /// <summary>Dates that do not exist, and the last day of the calendar (which may be accepted or refused as out of range).</summary>
    public static readonly string[] ImpossibleDates = ["0000-00-00", "2026-02-30", "2026-13-01", "9999-99-99", "not-a-date"];

    static readonly Regex DateLike = new(@"^\d{4}-\d{2}-\d{2}", RegexOptions.Compiled);

    /// <summary>
    /// Up to <paramref name="count"/> variants of <paramref name="example"/>: the structural ones first (they hit every
    /// endpoint the same way), then field variants drawn at random (seeded by <see cref="Seed"/> and
    /// <paramref name="salt"/>, usually the route, so each endpoint gets its own draw).
    /// </summary>
    public IReadOnlyList<HostileInput> For(JsonNode example, int count, string salt = "")
    {
        var rng = new Random(unchecked(Seed * 31 + StableHash(salt)));
        var structural = Structural(example, rng).ToList();
        var fields = FieldVariants(example).ToList();
        Shuffle(structural, rng);
        Shuffle(fields, rng);
        // Interleave so a small count still gets both kinds, but the structural ones are never crowded out entirely.
        var result = new List<HostileInput>(count);
        int s = 0, f = 0;
        while (result.Count < count && (s < structural.Count || f < fields.Count))
        {
            if (s < structural.Count && (result.Count % 3 == 0 || f >= fields.Count)) result.Add(structural[s++]);
            else if (f < fields.Count) result.Add(fields[f++]);
        }
        return result;
    }

    /// <summary>Every variant this generator knows for <paramref name="example"/>, in a fixed order (the long bench run).</summary>
    public IEnumerable<HostileInput> All(JsonNode example) =>
        Structural(example, new Random(Seed)).Concat(FieldVariants(example));

    /// <summary>Variants that break the body as a whole; each is unreadable or wrong at the top level.</summary>
    public IEnumerable<HostileInput> Structural(JsonNode example, Random rng)
    {
        var text = example.ToJsonString();
        var bytes = Encoding.UTF8.GetBytes(text);
        yield return new("empty body", "body", [], Json, true);
        yield return new("wrong content type", "body", bytes, "text/plain", true);
        yield return new("form content type", "body", Encoding.UTF8.GetBytes("a=1&b=2"), "application/x-www-form-urlencoded", true);
        var cut = bytes.Length <= 2 ? 1 : rng.Next(1, bytes.Length - 1);
        yield return new("truncated JSON", "body", bytes[..cut], Json, true);
        yield return new("bare NaN token", "body", Encoding.UTF8.GetBytes("{\"x\": NaN}"), Json, true);
        yield return new("bare Infinity token", "body", Encoding.UTF8.GetBytes("[Infinity, -Infinity]"), Json, true);
        yield return new("array instead of object", "body", Encoding.UTF8.GetBytes("[" + text + "]"), Json, true);
        yield return new("string instead of object", "body", Encoding.UTF8.GetBytes("\"" + text.Replace("\"", "\\\"") + "\""), Json, true);
        yield return new("null body", "body", Encoding.UTF8.GetBytes("null"), Json, true);
        yield return new("deep nesting (10,000 levels)", "body", DeepNesting(10_000), Json, true);
        yield return new("comment in JSON", "body", Encoding.UTF8.GetBytes("/* hi */" + text), Json, true);
        yield return new("trailing garbage", "body", Encoding.UTF8.GetBytes(text + "}}"), Json, true);
        yield return new("invalid UTF-8 at top level", "body", [.. Encoding.UTF8.GetBytes("{\"x\":\""), 0xC3, 0x28, 0xFF, 0xFE, .. Encoding.UTF8.GetBytes("\"}")], Json, true);
        if (example is JsonObject)
        {
            yield return new("unknown field", "zzUnknownField", Encoding.UTF8.GetBytes(text.Insert(1, "\"zzUnknownField\":\"<script>alert(1)</script>\"" + (text.Length > 2 ? "," : ""))), Json, true);
            yield return new("unknown field deep nesting", "body", Encoding.UTF8.GetBytes(text.Insert(1, "\"zzUnknownField\":" + Encoding.UTF8.GetString(DeepNesting(10_000)) + (text.Length > 2 ? "," : ""))), Json, true);
        }
    }

    /// <summary>Variants that change one field (a leaf, found by walking the example) and keep the rest valid.</summary>
    public IEnumerable<HostileInput> FieldVariants(JsonNode example)
    {
        foreach (var (path, value) in Leaves(example, ""))
        {
            var kind = value?.GetValueKind();
            // Wrong JSON types: an object or array where a scalar belongs, and the scalar kinds swapped.
            yield return Replace(example, path, "object instead of value", new JsonObject { ["a"] = 1 }, true);
            yield return Replace(example, path, "array instead of value", new JsonArray(1, "x"), true);
            switch (kind)
            {
                case JsonValueKind.Number:
                    yield return Replace(example, path, "string instead of number", JsonValue.Create("12abc"), true);
                    yield return Replace(example, path, "boolean instead of number", JsonValue.Create(true), true);
                    foreach (var nan in new[] { "NaN", "Infinity", "-Infinity" })
                        yield return Replace(example, path, $"\"{nan}\" as a string", JsonValue.Create(nan), true);
                    foreach (var huge in HugeNumbers)
                        yield return ReplaceRaw(example, path, $"huge number {huge}", huge, true);
                    foreach (var edge in BoundaryNumbers)
                        yield return ReplaceRaw(example, path, $"boundary number {edge}", edge, false);
                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    yield return Replace(example, path, "string instead of boolean", JsonValue.Create("yes"), true);
                    yield return Replace(example, path, "number instead of boolean", JsonValue.Create(1), true);
                    break;
                case JsonValueKind.String:
                    var s = value!.GetValue<string>();
                    yield return Replace(example, path, "number instead of string", JsonValue.Create(12345), true);
                    yield return Replace(example, path, "boolean instead of string", JsonValue.Create(false), true);
                    if (DateLike.IsMatch(s))
                    {
                        foreach (var date in ImpossibleDates)
                            yield return Replace(example, path, $"impossible date {date}", JsonValue.Create(date), true);
                        yield return Replace(example, path, "date 9999-12-31", JsonValue.Create(s.Length > 10 ? "9999-12-31" + s[10..] : "9999-12-31"), false);
                    }
                    foreach (var text in InjectionTexts)
                        yield return Replace(example, path, "injection text", JsonValue.Create(text), false);
                    yield return Replace(example, path, "NaN as text", JsonValue.Create("NaN"), false);
                    yield return Replace(example, path, "huge string (1 MB)", JsonValue.Create(new string('A', 1 << 20)), false);
                    yield return InvalidUtf8(example, path);
                    break;
            }
            yield return Replace(example, path, "null", null, false);
            yield return Remove(example, path);
            yield return DuplicateKey(example, path);
        }
    }

    static IEnumerable<(string Path, JsonNode? Value)> Leaves(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o)
                    foreach (var leaf in Leaves(v, path.Length == 0 ? k : path + "." + k)) yield return leaf;
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                    foreach (var leaf in Leaves(a[i], $"{path}[{i}]")) yield return leaf;
                break;
            default:
                if (path.Length > 0) yield return (path, node);
                break;
        }
    }

    /// <summary>Finds the parent container of <paramref name="path"/> in a deep copy and the last segment's key or index.</summary>
    static (JsonNode Root, JsonNode Parent, string? Key, int Index) Locate(JsonNode example, string path)
    {
        var root = example.DeepClone();
        var segments = Regex.Matches(path, @"[^.\[\]]+|\[\d+\]").Select(m => m.Value).ToList();
        JsonNode current = root;
        for (var i = 0; i < segments.Count - 1; i++)
            current = segments[i].StartsWith('[') ? current[int.Parse(segments[i][1..^1])]! : current[segments[i]]!;
        var last = segments[^1];
        return last.StartsWith('[') ? (root, current, null, int.Parse(last[1..^1])) : (root, current, last, -1);
    }

    static HostileInput Replace(JsonNode example, string path, string kind, JsonNode? value, bool mustReject)
    {
        var (root, parent, key, index) = Locate(example, path);
        if (key is not null) parent[key] = value; else parent[index] = value;
        return new(kind, path, Encoding.UTF8.GetBytes(root.ToJsonString()), Json, mustReject);
    }

    /// <summary>Puts a raw token (a number System.Text.Json would not write itself) where the field's value was.</summary>
    static HostileInput ReplaceRaw(JsonNode example, string path, string kind, string raw, bool mustReject)
    {
        const string marker = "__HOSTILE_RAW_TOKEN__";
        var (root, parent, key, index) = Locate(example, path);
        if (key is not null) parent[key] = marker; else parent[index] = marker;
        var text = root.ToJsonString().Replace("\"" + marker + "\"", raw, StringComparison.Ordinal);
        return new(kind, path, Encoding.UTF8.GetBytes(text), Json, mustReject);
    }

    static HostileInput InvalidUtf8(JsonNode example, string path)
    {
        const string marker = "__HOSTILE_BAD_UTF8__";
        var (root, parent, key, index) = Locate(example, path);
        if (key is not null) parent[key] = marker; else parent[index] = marker;
        var text = root.ToJsonString();
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        byte[] body = [.. Encoding.UTF8.GetBytes(text[..at]), (byte)'K', 0xC3, 0x28, 0xED, 0xA0, 0x80, 0xFF, .. Encoding.UTF8.GetBytes(text[(at + marker.Length)..])];
        return new("invalid UTF-8 in string", path, body, Json, true);
    }

    static HostileInput Remove(JsonNode example, string path)
    {
        var (root, parent, key, index) = Locate(example, path);
        if (key is not null) ((JsonObject)parent).Remove(key); else ((JsonArray)parent).RemoveAt(index);
        return new("missing field", path, Encoding.UTF8.GetBytes(root.ToJsonString()), Json, false);
    }

    /// <summary>The field's key written twice, the second time with a wrong-typed value (System.Text.Json keeps the last one unless told otherwise).</summary>
    static HostileInput DuplicateKey(JsonNode example, string path)
    {
        var (root, parent, key, _) = Locate(example, path);
        if (key is null) return Replace(example, path, "object instead of value", new JsonObject { ["a"] = 1 }, true);
        const string marker = "__HOSTILE_DUPLICATE__";
        parent[marker] = 0;
        var text = root.ToJsonString().Replace("\"" + marker + "\":0", JsonSerializer.Serialize(key) + ":\"duplicate\"", StringComparison.Ordinal);
        return new("duplicate key", path, Encoding.UTF8.GetBytes(text), Json, true);
    }

    /// <summary>
    /// Variants of a valid CSV (header row and at least one data row, RFC 4180): cells of the wrong kind where numbers and
    /// dates belong, NaN and huge numbers, impossible dates, unknown and missing columns, rows of the wrong width, an
    /// unterminated quote and invalid UTF-8 (all must be refused), and script, SQL, formula and mixed-script text in text
    /// cells, a 1 MB cell, a lone header and an empty file (which may be accepted). <see cref="HostileInput.Field"/> is
    /// "line N, column NAME".
    /// </summary>
    public IReadOnlyList<HostileInput> ForCsv(string csv, int count, string salt = "", string contentType = "text/csv")
    {
        var rows = ParseCsv(csv);
        if (rows.Count < 2) throw new ArgumentException("The example CSV needs a header and a data row.", nameof(csv));
        var header = rows[0];
        var row = rows[1];
        var all = new List<HostileInput>();
        HostileInput With(string kind, string field, IEnumerable<IReadOnlyList<string>> table, bool mustReject) =>
            new(kind, field, Encoding.UTF8.GetBytes(WriteCsv(table)), contentType, mustReject);
        List<string> Changed(int col, string value) { var r = row.ToList(); r[col] = value; return r; }

        all.Add(new("empty file", "body", [], contentType, false));
        all.Add(With("header only", "body", [header], false));
        all.Add(With("unknown column", "line 1, column zz_unknown", [[.. header, "zz_unknown"], [.. row, "x"]], true));
        all.Add(With("row wider than the header", "line 2", [header, [.. row, "extra"]], true));
        all.Add(new("unterminated quote", "line 2", Encoding.UTF8.GetBytes(WriteCsv([header]) + "\"" + string.Join(",", row)), contentType, true));
        var bytes = Encoding.UTF8.GetBytes(WriteCsv([header, row]));
        all.Add(new("invalid UTF-8", "line 2", [.. bytes, .. Encoding.UTF8.GetBytes(string.Join(",", row.Select((_, i) => i == 0 ? "K" : "")) ), 0xC3, 0x28, 0xFF, (byte)'\n'], contentType, true));
        for (var c = 0; c < header.Count; c++)
        {
            var field = $"line 2, column {header[c]}";
            var cell = row[c];
            if (header.Count > 1)
                all.Add(With("missing column", $"line 1, column {header[c]}", [header.Where((_, i) => i != c).ToList(), row.Where((_, i) => i != c).ToList()], false));
            if (double.TryParse(cell, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                all.Add(With("text in a number cell", field, [header, Changed(c, "12abc")], true));
                foreach (var bad in new[] { "NaN", "Infinity", "-Infinity", "1e309", "1234567890123456789012345678901234567890" })
                    all.Add(With($"number {bad}", field, [header, Changed(c, bad)], true));
                foreach (var edge in new[] { "0", "-1", "2147483647" })
                    all.Add(With($"boundary number {edge}", field, [header, Changed(c, edge)], false));
            }
            else if (DateLike.IsMatch(cell))
            {
                foreach (var date in ImpossibleDates) all.Add(With($"impossible date {date}", field, [header, Changed(c, date)], true));
                all.Add(With("date 9999-12-31", field, [header, Changed(c, "9999-12-31")], false));
            }
            else
            {
                foreach (var text in InjectionTexts.Append("=HYPERLINK(\"http://x\",\"click\")").Append("@SUM(1+1)*cmd|' /C calc'!A0"))
                    all.Add(With("injection text", field, [header, Changed(c, text)], false));
                all.Add(With("huge cell (1 MB)", field, [header, Changed(c, new string('A', 1 << 20))], false));
            }
            all.Add(With("empty cell", field, [header, Changed(c, "")], false));
        }
        var rng = new Random(unchecked(Seed * 31 + StableHash(salt)));
        Shuffle(all, rng);
        return all.Take(count).ToList();
    }

    /// <summary>RFC 4180 rows (quoted fields with doubled quotes and line breaks).</summary>
    public static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else cell.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { row.Add(cell.ToString()); cell.Clear(); }
            else if (ch is '\n' or '\r')
            {
                if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                row.Add(cell.ToString()); cell.Clear(); rows.Add(row); row = [];
            }
            else cell.Append(ch);
        }
        if (cell.Length > 0 || row.Count > 0) { row.Add(cell.ToString()); rows.Add(row); }
        return rows;
    }

    public static string WriteCsv(IEnumerable<IReadOnlyList<string>> rows) =>
        string.Concat(rows.Select(r => string.Join(",", r.Select(c => c.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + c.Replace("\"", "\"\"") + "\"" : c)) + "\r\n"));

    static byte[] DeepNesting(int levels)
    {
        var b = new byte[levels * 2];
        for (var i = 0; i < levels; i++) { b[i] = (byte)'['; b[levels * 2 - 1 - i] = (byte)']'; }
        return b;
    }

    static void Shuffle<T>(List<T> list, Random rng)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }

    /// <summary>FNV-1a: string.GetHashCode is randomised per process, which would break determinism across runs.</summary>
    public static int StableHash(string s)
    {
        unchecked
        {
            var h = (int)2166136261;
            foreach (var c in s) h = (h ^ c) * 16777619;
            return h;
        }
    }
}
