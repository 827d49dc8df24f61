using System.Globalization;
using System.Text.Json;

namespace OrthoRegen.Instruments;

/// <summary>
/// A clinic's licensed wording of one instrument in one language (e.g. its WOMAC 3.1 Korean licence, or an official
/// ODI translation). Forms, the portal and the FHIR export use it instead of our short labels; items or options it
/// does not cover keep our labels. It changes only text, never codes, values or scoring.
/// </summary>
/// <remarks>
/// File format (UTF-8 JSON, one file per instrument and language; see <c>LICENSED_WORDINGS.md</c>):
/// <code>
/// {
///   "instrument": "WOMAC",          // instrument code as in INSTRUMENTS.md
///   "version": "3.1",               // must equal the definition's Version
///   "language": "ko",               // BCP 47 tag
///   "licence": "WOMAC 3.1 licence 1234, Clinic X, to 2027-12-31",
///   "title": "…",                   // optional
///   "items": {
///     "P1": { "text": "…", "options": { "0": "…", "1": "…", "2": "…", "3": "…", "4": "…" } }
///   }
/// }
/// </code>
/// Option keys are the option values as written in requests ("0", "0.5", "25"). Every problem (unknown instrument or
/// item, a version that does not match, an option value not in the item's set, empty text) is reported and the file
/// is not used.
/// </remarks>
public sealed record LicensedWording(
    string Instrument,
    string Version,
    string Language,
    string Licence,
    string? Title,
    IReadOnlyDictionary<string, LicensedItem> Items)
{
    public string? ItemText(string code) => Items.GetValueOrDefault(code)?.Text;

    public string? OptionText(string code, decimal value) =>
        Items.GetValueOrDefault(code)?.Options.GetValueOrDefault(value);
}

/// <summary>The licensed text of one item and of its options (keyed by option value).</summary>
public sealed record LicensedItem(string Text, IReadOnlyDictionary<decimal, string> Options);

/// <summary>Reads and checks licensed wording files against the catalog's definitions.</summary>
public static class LicensedWordings
{
    static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Parses one wording file; returns null and the problems when it cannot be used.</summary>
    public static LicensedWording? Parse(string json, InstrumentCatalog catalog, out IReadOnlyList<string> problems)
    {
        var found = new List<string>();
        problems = found;
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json, Options); }
        catch (JsonException e) { found.Add(InstrumentMessages.NotJson(e.Message)); return null; }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) { found.Add(InstrumentMessages.NotAnObject("A wording file")); return null; }
            var code = Text(root, "instrument", found);
            var version = Text(root, "version", found);
            var language = Text(root, "language", found);
            var licence = Text(root, "licence", found);
            var title = root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (found.Count > 0) return null;
            var definition = catalog.Find(code!)?.Definition;
            if (definition is null) { found.Add(InstrumentMessages.UnknownInstrument(code!, catalog.Definitions.Select(d => d.Code))); return null; }
            if (definition.Version != version) found.Add(InstrumentMessages.WordingVersion(code!, version!, definition.Version));
            var items = new Dictionary<string, LicensedItem>(StringComparer.Ordinal);
            if (!root.TryGetProperty("items", out var itemsJson) || itemsJson.ValueKind != JsonValueKind.Object)
                found.Add(InstrumentMessages.NotAnObject("items"));
            else
                foreach (var p in itemsJson.EnumerateObject())
                {
                    var item = ReadItem(definition, p, found);
                    if (item is not null) items[p.Name] = item;
                }
            return found.Count > 0 ? null : new LicensedWording(code!, version!, language!, licence!, title, items);
        }
    }

    /// <summary>Reads a wording file from disk; see <see cref="Parse"/>.</summary>
    public static LicensedWording? FromFile(string path, InstrumentCatalog catalog, out IReadOnlyList<string> problems) =>
        Parse(File.ReadAllText(path), catalog, out problems);

    static LicensedItem? ReadItem(InstrumentDefinition definition, JsonProperty p, List<string> found)
    {
        var item = definition.Item(p.Name);
        if (item is null) { found.Add(InstrumentMessages.UnknownItem(p.Name, definition.Code)); return null; }
        if (p.Value.ValueKind != JsonValueKind.Object) { found.Add(InstrumentMessages.NotAnObject($"items.{p.Name}")); return null; }
        var text = p.Value.TryGetProperty("text", out var tx) && tx.ValueKind == JsonValueKind.String ? tx.GetString()!.Trim() : "";
        if (text.Length == 0) found.Add(InstrumentMessages.WordingEmpty($"items.{p.Name}.text"));
        var options = new Dictionary<decimal, string>();
        if (p.Value.TryGetProperty("options", out var opts) && opts.ValueKind == JsonValueKind.Object)
        {
            foreach (var o in opts.EnumerateObject())
            {
                var ok = decimal.TryParse(o.Name, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value);
                if (!ok || item.Scale is not AnswerScale.Choice choice || !choice.Contains(value))
                {
                    found.Add(InstrumentMessages.WordingOption(p.Name, o.Name));
                    continue;
                }
                var optionText = o.Value.ValueKind == JsonValueKind.String ? o.Value.GetString()!.Trim() : "";
                if (optionText.Length == 0) found.Add(InstrumentMessages.WordingEmpty($"items.{p.Name}.options.{o.Name}"));
                else options[value] = optionText;
            }
        }
        return new LicensedItem(text, options);
    }

    static string? Text(JsonElement root, string name, List<string> found)
    {
        if (root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString()!.Trim().Length > 0)
            return v.GetString()!.Trim();
        found.Add(InstrumentMessages.WordingEmpty(name));
        return null;
    }
}

/// <summary>
/// The licensed wordings a clinic has loaded (configuration key <c>Instruments:LicensedWordingsFolder</c>: every
/// <c>*.json</c> file in it), looked up by instrument and language. Empty when the clinic supplies none.
/// </summary>
public sealed class LicensedWordingLibrary
{
    readonly Dictionary<(string Instrument, string Language), LicensedWording> _wordings;

    public LicensedWordingLibrary(IEnumerable<LicensedWording> wordings)
    {
        _wordings = [];
        foreach (var w in wordings)
            if (!_wordings.TryAdd((w.Instrument, Normalise(w.Language)), w))
                throw new ArgumentException($"Two licensed wordings for {w.Instrument} in {w.Language}.", nameof(wordings));
    }

    public static LicensedWordingLibrary Empty { get; } = new([]);

    public IReadOnlyCollection<LicensedWording> All => _wordings.Values;

    /// <summary>The wording of <paramref name="instrument"/> in <paramref name="language"/> ("ko", "zh-CN", "zh"), or null.</summary>
    public LicensedWording? Find(string instrument, string language) =>
        _wordings.GetValueOrDefault((instrument, Normalise(language)));

    /// <summary>
    /// Loads every wording file of a folder; any problem in any file (or two files for one instrument and language)
    /// stops start-up with all problems listed, so a clinic never runs on a silently ignored licence file.
    /// </summary>
    public static LicensedWordingLibrary FromFolder(string folder, InstrumentCatalog catalog)
    {
        if (!Directory.Exists(folder))
            throw new InvalidOperationException($"Instruments:LicensedWordingsFolder: folder '{folder}' does not exist.");
        var problems = new List<string>();
        var loaded = new List<(string File, LicensedWording Wording)>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var wording = LicensedWordings.FromFile(file, catalog, out var found);
            if (wording is null) problems.AddRange(found.Select(p => $"{Path.GetFileName(file)}: {p}"));
            else loaded.Add((file, wording));
        }
        foreach (var g in loaded.GroupBy(l => (l.Wording.Instrument, Normalise(l.Wording.Language))).Where(g => g.Count() > 1))
            problems.Add($"{string.Join(", ", g.Select(x => Path.GetFileName(x.File)))}: more than one wording for {g.Key.Instrument} in {g.Key.Item2}.");
        if (problems.Count > 0)
            throw new InvalidOperationException(
                $"Licensed wordings in '{folder}' cannot be used:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems));
        return new LicensedWordingLibrary(loaded.Select(l => l.Wording));
    }

    /// <summary>Chinese is looked up as "zh" whichever script tag the UI or file uses ("zh-CN", "zh-Hans").</summary>
    static string Normalise(string language) =>
        language.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? "zh" : language.Split('-')[0].ToLowerInvariant();
}
