using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace OrthoRegen.Testing;

/// <summary>
/// One form of the web app found in the Razor sources: a component's <c>FormName="x"</c> (EditForm), <c>@formname="x"</c>
/// (plain form handled by the component) or <c>&lt;form method="post" action="/path"&gt;</c> (posted to an endpoint).
/// <see cref="Key"/> is "Folder/File.razor#name"; a name built at render time (<c>@($"endpoint-{s.Id}")</c>) becomes
/// "endpoint-*"; an action form is "#action:/path".
/// </summary>
public sealed record DeclaredForm(string Key, string File, string Name);

/// <summary>A field of a rendered form: its name, its value as rendered (the valid default) and what it holds.</summary>
public sealed record RenderedField(string Name, string Value, FieldKind Kind, IReadOnlyList<string> Options);

public enum FieldKind { Text, Number, Date, DateTime, Choice, Flag, Hidden }

/// <summary>A rendered form: where it posts, its hidden handler name (none for an action form) and its fields.</summary>
public sealed record RenderedForm(string Action, string? Handler, string? Antiforgery, IReadOnlyList<RenderedField> Fields)
{
    public RenderedField? Field(string name) => Fields.FirstOrDefault(f => f.Name == name);
}

/// <summary>
/// One hostile form post made from a valid one: the urlencoded body (built byte by byte, so invalid UTF-8 escapes go out
/// as they are), the field changed ("body" when the whole post is wrong) and whether the server must refuse it.
/// </summary>
public sealed record HostileFormPost(string Kind, string Field, byte[] Body, string ContentType, bool MustReject)
{
    public string Preview => Body.Length <= 200 ? Encoding.ASCII.GetString(Body) : Encoding.ASCII.GetString(Body, 0, 200) + $"… ({Body.Length} bytes)";
    public override string ToString() => $"{Kind} at '{Field}' ({(MustReject ? "must reject" : "may accept")})";
}

/// <summary>
/// Finds the forms of the web app (from its Razor sources, so a new form is found without anyone listing it), reads a
/// rendered form's fields from the page HTML, and makes seeded hostile variants of a valid post: non-numbers, NaN,
/// infinities and huge numbers in number fields, impossible dates in date fields, values outside a select's options,
/// huge strings, invalid UTF-8 escapes, script/SQL/mixed-script text, duplicate, missing and unknown fields, a missing
/// or wrong antiforgery token, a wrong handler name, an empty body and a wrong content type.
/// </summary>
public sealed partial class HostileForms(int seed)
{
    public const string UrlEncoded = "application/x-www-form-urlencoded";
    public int Seed { get; } = seed;

    /// <summary>Every form declared in <paramref name="webSourceRoot"/> (src/OrthoRegen.Web), ordered by key.</summary>
    public static IReadOnlyList<DeclaredForm> Declared(string webSourceRoot)
    {
        var forms = new SortedDictionary<string, DeclaredForm>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(webSourceRoot, "*.razor", SearchOption.AllDirectories))
        {
            var file = Path.GetRelativePath(webSourceRoot, path).Replace('\\', '/');
            var text = File.ReadAllText(path);
            foreach (Match m in EditFormName().Matches(text)) Add(file, Normalize(m.Groups[1].Value));
            foreach (Match m in PlainFormName().Matches(text)) Add(file, Normalize(m.Groups[1].Value));
            foreach (Match m in ActionForm().Matches(text)) Add(file, "action:" + m.Groups[1].Value);
        }
        return [.. forms.Values];

        void Add(string file, string name) => forms[file + "#" + name] = new DeclaredForm(file + "#" + name, file, name);
    }

    /// <summary>A name computed at render time keeps its literal prefix: <c>@($"end-{s.Id}")</c> → "end-*".</summary>
    static string Normalize(string name)
    {
        if (!name.StartsWith('@')) return name;
        var literal = Regex.Match(name, "\\$\"([^{\"]*)");
        return (literal.Success ? literal.Groups[1].Value : "") + "*";
    }

    [GeneratedRegex("<EditForm[^>]*\\sFormName=\"([^\"]+)\"")] private static partial Regex EditFormName();
    [GeneratedRegex("<form[^>]*\\s@formname=\"(@\\(\\$\"[^\"]*\"\\)|[^\"]+)\"")] private static partial Regex PlainFormName();
    [GeneratedRegex("<form[^>]*method=\"post\"[^>]*\\saction=\"([^\"@]+)\"")] private static partial Regex ActionForm();

    /// <summary>The post forms in <paramref name="html"/>, each with its handler, token and fields.</summary>
    public static IReadOnlyList<RenderedForm> Parse(string html)
    {
        var result = new List<RenderedForm>();
        foreach (Match form in FormBlock().Matches(html))
        {
            var attributes = Attributes(form.Groups[1].Value);
            if (!attributes.TryGetValue("method", out var method) || !method.Equals("post", StringComparison.OrdinalIgnoreCase)) continue;
            var inner = form.Groups[2].Value;
            var fields = new List<RenderedField>();
            string? handler = null, token = null;
            foreach (Match input in InputTag().Matches(inner))
            {
                var a = Attributes(input.Groups[1].Value);
                if (!a.TryGetValue("name", out var name)) continue;
                var value = a.GetValueOrDefault("value", "");
                var type = a.GetValueOrDefault("type", "text").ToLowerInvariant();
                if (name == "_handler") { handler = value; continue; }
                if (name == "__RequestVerificationToken") { token = value; continue; }
                if (type is "submit" or "button" or "file") continue;
                if (type is "checkbox" or "radio")
                {
                    var existing = fields.FindIndex(f => f.Name == name);
                    var chosen = a.ContainsKey("checked") ? value : "";
                    if (existing >= 0)
                    {
                        var f = fields[existing];
                        fields[existing] = f with { Value = f.Value.Length > 0 ? f.Value : chosen, Options = [.. f.Options, value] };
                    }
                    else fields.Add(new(name, chosen, type == "radio" ? FieldKind.Choice : FieldKind.Flag, [value]));
                    continue;
                }
                var kind = type switch
                {
                    "hidden" => FieldKind.Hidden,
                    "number" => FieldKind.Number,
                    "date" => FieldKind.Date,
                    "datetime-local" => FieldKind.DateTime,
                    _ => a.GetValueOrDefault("inputmode") is "decimal" or "numeric" ? FieldKind.Number : FieldKind.Text,
                };
                fields.Add(new(name, value, kind, []));
            }
            foreach (Match select in SelectBlock().Matches(inner))
            {
                var a = Attributes(select.Groups[1].Value);
                if (!a.TryGetValue("name", out var name)) continue;
                var options = OptionTag().Matches(select.Groups[2].Value).Select(o => Attributes(o.Groups[1].Value)).ToList();
                var values = options.Select(o => o.GetValueOrDefault("value", "")).ToList();
                var selected = options.FirstOrDefault(o => o.ContainsKey("selected"))?.GetValueOrDefault("value", "")
                               ?? values.FirstOrDefault(v => v.Length > 0) ?? "";
                fields.Add(new(name, selected, FieldKind.Choice, values));
            }
            foreach (Match area in TextAreaBlock().Matches(inner))
            {
                var a = Attributes(area.Groups[1].Value);
                if (a.TryGetValue("name", out var name)) fields.Add(new(name, WebUtility.HtmlDecode(area.Groups[2].Value), FieldKind.Text, []));
            }
            result.Add(new RenderedForm(attributes.GetValueOrDefault("action", ""), handler, token, fields));
        }
        return result;
    }

    static Dictionary<string, string> Attributes(string tag) =>
        AttributePair().Matches(tag).GroupBy(m => m.Groups[1].Value.ToLowerInvariant())
            .ToDictionary(g => g.Key, g => WebUtility.HtmlDecode(g.First().Groups[3].Success ? g.First().Groups[3].Value : ""));

    [GeneratedRegex("<form\\b([^>]*)>(.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)] private static partial Regex FormBlock();
    [GeneratedRegex("<input\\b([^>]*)>", RegexOptions.IgnoreCase)] private static partial Regex InputTag();
    [GeneratedRegex("<select\\b([^>]*)>(.*?)</select>", RegexOptions.Singleline | RegexOptions.IgnoreCase)] private static partial Regex SelectBlock();
    [GeneratedRegex("<option\\b([^>]*)>", RegexOptions.IgnoreCase)] private static partial Regex OptionTag();
    [GeneratedRegex("<textarea\\b([^>]*)>(.*?)</textarea>", RegexOptions.Singleline | RegexOptions.IgnoreCase)] private static partial Regex TextAreaBlock();
    [GeneratedRegex("([\\w:@.-]+)(=\"([^\"]*)\")?")] private static partial Regex AttributePair();

    /// <summary>A form post body: each pair percent-encoded as UTF-8; a value of <see cref="RawMarker"/>+text goes out unescaped.</summary>
    public static byte[] Encode(IEnumerable<KeyValuePair<string, string>> pairs) =>
        Encoding.ASCII.GetBytes(string.Join("&", pairs.Select(p => Escape(p.Key) + "=" + (p.Value.StartsWith(RawMarker, StringComparison.Ordinal) ? p.Value[RawMarker.Length..] : Escape(p.Value)))));

    /// <summary>Marks a value that is already urlencoded (the invalid UTF-8 escapes).</summary>
    public const string RawMarker = "\u0001raw:";

    static string Escape(string s)
    {
        // Uri.EscapeDataString refuses strings over 65,520 characters; escape in chunks (never splitting a surrogate pair).
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length;)
        {
            var n = Math.Min(30_000, s.Length - i);
            if (n < s.Length - i && char.IsHighSurrogate(s[i + n - 1])) n--;
            sb.Append(Uri.EscapeDataString(s.Substring(i, n)));
            i += n;
        }
        return sb.ToString();
    }

    /// <summary>Numbers no form field can hold, and non-numbers, for number fields: all must be refused.</summary>
    public static readonly string[] BadNumbers = ["12abc", "NaN", "Infinity", "-Infinity", "1e309", "9223372036854775808", "1234567890123456789012345678901234567890", "1,5,7", "0x1F"];

    /// <summary>Dates that do not exist, for date fields: all must be refused.</summary>
    public static readonly string[] BadDates = ["0000-00-00", "2026-02-30", "2026-13-01", "9999-99-99", "not-a-date", "NaN"];

    /// <summary>
    /// Up to <paramref name="count"/> variants of the valid post <paramref name="valid"/> (pairs in post order, including
    /// _handler and the token): the whole-post ones first, then per-field ones drawn with the seed and <paramref name="salt"/>.
    /// <paramref name="fields"/> says what each field holds; fields absent from it are treated as text.
    /// </summary>
    public IReadOnlyList<HostileFormPost> For(IReadOnlyList<KeyValuePair<string, string>> valid, IReadOnlyList<RenderedField> fields, int count, string salt)
    {
        var rng = new Random(unchecked(Seed * 31 + StableHash(salt)));
        var whole = Whole(valid).ToList();
        var perField = FieldVariants(valid, fields).ToList();
        Shuffle(perField, rng);
        // Every must-refuse variant of the whole post is cheap and hits a different guard: keep them all, then fill up.
        return [.. whole.Concat(perField).Take(Math.Max(count, whole.Count))];
    }

    static IEnumerable<HostileFormPost> Whole(IReadOnlyList<KeyValuePair<string, string>> valid)
    {
        var body = Encode(valid);
        yield return new("no antiforgery token", "__RequestVerificationToken", Encode(valid.Where(p => p.Key != "__RequestVerificationToken")), UrlEncoded, true);
        yield return new("forged antiforgery token", "__RequestVerificationToken",
            Encode(valid.Select(p => p.Key == "__RequestVerificationToken" ? new(p.Key, "CfDJ8forged" + new string('A', 100)) : p)), UrlEncoded, true);
        if (valid.Any(p => p.Key == "_handler"))
        {
            yield return new("unknown form name", "_handler", Encode(valid.Select(p => p.Key == "_handler" ? new(p.Key, "zz-no-such-form") : p)), UrlEncoded, true);
            yield return new("script as form name", "_handler", Encode(valid.Select(p => p.Key == "_handler" ? new(p.Key, "<script>alert(1)</script>") : p)), UrlEncoded, true);
        }
        yield return new("empty body", "body", [], UrlEncoded, true);
        yield return new("wrong content type", "body", body, "text/plain", true);
        yield return new("JSON instead of a form", "body", Encoding.UTF8.GetBytes("{\"a\":1}"), "application/json", true);
        yield return new("invalid UTF-8 in a field name", "body", [.. body, .. Encoding.ASCII.GetBytes("&%C3%28%FF=1")], UrlEncoded, false);
        yield return new("truncated escape", "body", [.. body, .. Encoding.ASCII.GetBytes("&x=%E")], UrlEncoded, false);
    }

    static IEnumerable<HostileFormPost> FieldVariants(IReadOnlyList<KeyValuePair<string, string>> valid, IReadOnlyList<RenderedField> fields)
    {
        foreach (var (name, value) in valid)
        {
            if (name is "_handler" or "__RequestVerificationToken") continue;
            var field = fields.FirstOrDefault(f => f.Name == name);
            var kind = field?.Kind ?? FieldKind.Text;
            switch (kind)
            {
                case FieldKind.Number:
                    foreach (var n in BadNumbers) yield return Set(valid, name, $"bad number {n}", n, true);
                    break;
                case FieldKind.Date:
                    foreach (var d in BadDates) yield return Set(valid, name, $"impossible date {d}", d, true);
                    yield return Set(valid, name, "date 9999-12-31", "9999-12-31", false);
                    break;
                case FieldKind.DateTime:
                    foreach (var d in BadDates) yield return Set(valid, name, $"impossible date {d}", d + "T10:00", true);
                    yield return Set(valid, name, "date 9999-12-31", "9999-12-31T23:59", false);
                    break;
                case FieldKind.Choice when field!.Options.Any(o => o.Length > 0):
                    yield return Set(valid, name, "value outside the options", "ZZ_NOT_AN_OPTION", true);
                    yield return Set(valid, name, "script outside the options", "<script>alert(1)</script>", true);
                    break;
                case FieldKind.Flag:
                    yield return Set(valid, name, "flag not a boolean", "maybe", false);
                    break;
            }
            foreach (var text in HostileInputs.InjectionTexts) yield return Set(valid, name, "injection text", text, false);
            yield return Set(valid, name, "huge string (1 MB)", new string('A', 1 << 20), false);
            yield return Set(valid, name, "invalid UTF-8", RawMarker + "K%C3%28%ED%A0%80%FF", false);
            yield return Set(valid, name, "NUL and control characters", "a\u0000b\u0007c\u001b[31m", false);
            yield return new("missing field", name, Encode(valid.Where(p => p.Key != name)), UrlEncoded, false);
            yield return new("duplicate field", name, Encode([.. valid, new(name, "duplicate")]), UrlEncoded, false);
            yield return new("unknown field", name, Encode([.. valid, new(name.Contains('.') ? name[..(name.IndexOf('.') + 1)] + "ZzUnknown" : "zzUnknown", "<script>alert(1)</script>")]), UrlEncoded, false);
        }
    }

    static HostileFormPost Set(IReadOnlyList<KeyValuePair<string, string>> valid, string name, string kind, string value, bool mustReject) =>
        new(kind, name, Encode(valid.Select(p => p.Key == name ? new KeyValuePair<string, string>(p.Key, value) : p)), UrlEncoded, mustReject);

    static void Shuffle<T>(List<T> list, Random rng)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }

    static int StableHash(string s)
    {
        unchecked
        {
            var h = 17;
            foreach (var c in s) h = h * 31 + c;
            return h;
        }
    }
}
