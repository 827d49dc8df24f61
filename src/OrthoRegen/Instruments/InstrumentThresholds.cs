using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OrthoRegen.Instruments;

/// <summary>
/// The MCID (or smallest detectable change) and PASS thresholds of one instrument, as configured. The defaults are the
/// values each definition carries from INSTRUMENTS.md; a clinic file replaces them instrument by instrument.
/// </summary>
public sealed record InstrumentThresholdSet(
    string Instrument, IReadOnlyList<ChangeThreshold> Change, IReadOnlyList<PassThreshold> Pass);

/// <summary>
/// Reads, checks and applies a clinic's threshold file (configuration key <c>Instruments:ThresholdsFile</c>).
/// </summary>
/// <remarks>
/// Format (UTF-8 JSON; comments allowed). An instrument listed replaces <em>all</em> its default thresholds, so the
/// file says exactly what applies; instruments not listed keep the defaults. The first population listed for an
/// instrument becomes its default <c>population</c> option. Every entry needs its source.
/// <code>
/// {
///   "instruments": {
///     "PAIN_VAS": {
///       "change": [ { "score": "vas_mm", "population": "knee_oa", "kind": "MinimalImportantChange",
///                     "absolute": 17.5, "relativePercent": null, "source": "…" } ],
///       "pass":   [ { "score": "vas_mm", "population": "knee_oa", "value": 32.3, "source": "…" } ]
///     }
///   }
/// }
/// </code>
/// <c>orthoregen thresholds</c> prints the defaults in this format, as a starting point.
/// </remarks>
public static class InstrumentThresholds
{
    static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The thresholds the catalog's definitions carry now, one set per instrument that has any.</summary>
    public static IReadOnlyList<InstrumentThresholdSet> Of(InstrumentCatalog catalog) =>
        catalog.Definitions.OrderBy(d => d.Code, StringComparer.Ordinal)
            .Where(d => d.ChangeThresholds.Count + d.PassThresholds.Count > 0)
            .Select(d => new InstrumentThresholdSet(d.Code, d.ChangeThresholds, d.PassThresholds))
            .ToList();

    /// <summary>
    /// Parses a threshold file against the catalog. Returns null with one problem per bad entry (each naming its JSON
    /// path) when anything is wrong: a file that is partly wrong is not used at all.
    /// </summary>
    public static IReadOnlyList<InstrumentThresholdSet>? Parse(string json, InstrumentCatalog catalog, out IReadOnlyList<string> problems)
    {
        var found = new List<string>();
        problems = found;
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json, DocumentOptions); }
        catch (JsonException e) { found.Add(InstrumentMessages.NotJson(e.Message)); return null; }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("instruments", out var instruments) || instruments.ValueKind != JsonValueKind.Object)
            {
                found.Add("instruments: expected an object with one entry per instrument code.");
                return null;
            }
            var sets = new List<InstrumentThresholdSet>();
            foreach (var entry in instruments.EnumerateObject())
            {
                var path = $"instruments.{entry.Name}";
                var definition = catalog.Find(entry.Name)?.Definition;
                if (definition is null)
                {
                    found.Add($"{path}: {InstrumentMessages.UnknownInstrument(entry.Name, catalog.Definitions.Select(d => d.Code))}");
                    continue;
                }
                if (entry.Value.ValueKind != JsonValueKind.Object) { found.Add($"{path}: expected an object with \"change\" and \"pass\" lists."); continue; }
                foreach (var p in entry.Value.EnumerateObject())
                    if (p.Name is not ("change" or "pass")) found.Add($"{path}.{p.Name}: unknown field; expected \"change\" or \"pass\".");
                var change = List(entry.Value, "change", path, found, (e, at) => ReadChange(definition, e, at, found));
                var pass = List(entry.Value, "pass", path, found, (e, at) => ReadPass(definition, e, at, found));
                CheckDuplicates(change.Select(c => (c.Score, c.Population, c.Kind.ToString())), $"{path}.change", found);
                CheckDuplicates(pass.Select(c => (c.Score, c.Population, "")), $"{path}.pass", found);
                sets.Add(new InstrumentThresholdSet(definition.Code, change, pass));
            }
            return found.Count > 0 ? null : sets;
        }
    }

    /// <summary>Reads a threshold file from disk and fails with every problem listed; used at start-up.</summary>
    public static IReadOnlyList<InstrumentThresholdSet> FromFile(string path, InstrumentCatalog catalog)
    {
        if (!File.Exists(path)) throw new InvalidOperationException($"Instruments:ThresholdsFile: file '{path}' does not exist.");
        return Parse(File.ReadAllText(path), catalog, out var problems)
            ?? throw new InvalidOperationException(
                $"Instruments:ThresholdsFile '{path}' cannot be used:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems));
    }

    /// <summary>The thresholds as a file of the format above (the defaults when given <see cref="InstrumentCatalog.Default"/>).</summary>
    public static string ToJson(IReadOnlyList<InstrumentThresholdSet> sets)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartObject("instruments");
            foreach (var set in sets)
            {
                w.WriteStartObject(set.Instrument);
                w.WriteStartArray("change");
                foreach (var c in set.Change)
                {
                    w.WriteStartObject();
                    w.WriteString("score", c.Score);
                    w.WriteString("population", c.Population);
                    w.WriteString("kind", c.Kind.ToString());
                    if (c.Absolute is { } a) w.WriteNumber("absolute", a); else w.WriteNull("absolute");
                    if (c.RelativePercent is { } r) w.WriteNumber("relativePercent", r); else w.WriteNull("relativePercent");
                    w.WriteString("source", c.Source);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("pass");
                foreach (var p in set.Pass)
                {
                    w.WriteStartObject();
                    w.WriteString("score", p.Score);
                    w.WriteString("population", p.Population);
                    w.WriteNumber("value", p.Value);
                    w.WriteString("source", p.Source);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    static List<T> List<T>(JsonElement parent, string name, string path, List<string> found, Func<JsonElement, string, T?> read) where T : class
    {
        var result = new List<T>();
        if (!parent.TryGetProperty(name, out var array)) return result;
        if (array.ValueKind != JsonValueKind.Array) { found.Add($"{path}.{name}: expected a list."); return result; }
        var i = 0;
        foreach (var e in array.EnumerateArray())
        {
            var at = $"{path}.{name}[{i++}]";
            if (e.ValueKind != JsonValueKind.Object) { found.Add($"{at}: expected an object."); continue; }
            if (read(e, at) is { } item) result.Add(item);
        }
        return result;
    }

    static ChangeThreshold? ReadChange(InstrumentDefinition d, JsonElement e, string at, List<string> found)
    {
        var before = found.Count;
        Unknown(e, at, found, "score", "population", "kind", "absolute", "relativePercent", "source");
        var score = Score(d, e, at, found);
        var population = Text(e, "population", at, found);
        var source = Text(e, "source", at, found);
        var kind = ChangeThresholdKind.MinimalImportantChange;
        if (e.TryGetProperty("kind", out var k) && !(k.ValueKind == JsonValueKind.String && Enum.TryParse(k.GetString(), false, out kind)
                                                     && Enum.IsDefined(kind)))
            found.Add($"{at}.kind: expected {string.Join(" or ", Enum.GetNames<ChangeThresholdKind>())}.");
        var absolute = Number(e, "absolute", at, found);
        var relative = Number(e, "relativePercent", at, found);
        if (absolute is null && relative is null && found.Count == before)
            found.Add($"{at}: give \"absolute\", \"relativePercent\" or both.");
        if (absolute is <= 0m) found.Add($"{at}.absolute: an improvement threshold must be positive (the score's direction says which way is better).");
        if (relative is <= 0m or > 100m) found.Add($"{at}.relativePercent: must be above 0 and at most 100.");
        if (score is not null && absolute is { } abs && abs > score.Max - score.Min)
            found.Add($"{at}.absolute: {abs.ToString(CultureInfo.InvariantCulture)} exceeds the whole range of {score.Name}.");
        return found.Count > before ? null : new ChangeThreshold(score!.Name, population!, kind, absolute, relative, source!);
    }

    static PassThreshold? ReadPass(InstrumentDefinition d, JsonElement e, string at, List<string> found)
    {
        var before = found.Count;
        Unknown(e, at, found, "score", "population", "value", "source");
        var score = Score(d, e, at, found);
        var population = Text(e, "population", at, found);
        var source = Text(e, "source", at, found);
        var value = Number(e, "value", at, found);
        if (value is null && found.Count == before) found.Add($"{at}.value: required.");
        if (score is not null && value is { } v && (v < score.Min || v > score.Max))
            found.Add($"{at}.value: {v.ToString(CultureInfo.InvariantCulture)} is outside {score.Name}'s range {score.Min.ToString(CultureInfo.InvariantCulture)}–{score.Max.ToString(CultureInfo.InvariantCulture)}.");
        return found.Count > before ? null : new PassThreshold(score!.Name, population!, value!.Value, source!);
    }

    static ScoreDefinition? Score(InstrumentDefinition d, JsonElement e, string at, List<string> found)
    {
        var name = Text(e, "score", at, found);
        if (name is null) return null;
        var score = d.Scores.FirstOrDefault(s => s.Name == name);
        if (score is null) found.Add($"{at}.score: {d.Code} has no score '{name}'; scores: {string.Join(", ", d.Scores.Select(s => s.Name))}.");
        return score;
    }

    static string? Text(JsonElement e, string name, string at, List<string> found)
    {
        if (e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString()!.Trim().Length > 0)
            return v.GetString()!.Trim();
        found.Add($"{at}.{name}: required text.");
        return null;
    }

    static decimal? Number(JsonElement e, string name, string at, List<string> found)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var n)) return n;
        found.Add($"{at}.{name}: expected a number or null.");
        return null;
    }

    static void Unknown(JsonElement e, string at, List<string> found, params string[] known)
    {
        foreach (var p in e.EnumerateObject())
            if (!known.Contains(p.Name, StringComparer.Ordinal)) found.Add($"{at}.{p.Name}: unknown field; expected {string.Join(", ", known)}.");
    }

    static void CheckDuplicates(IEnumerable<(string Score, string Population, string Kind)> keys, string path, List<string> found)
    {
        foreach (var g in keys.GroupBy(k => k).Where(g => g.Count() > 1))
            found.Add($"{path}: {g.Key.Score} for population {g.Key.Population} is given {g.Count()} times.");
    }
}
