using System.Globalization;
using OrthoRegen.Interop.Csv;

namespace OrthoRegen.Interop.Redcap;

/// <summary>One field of a REDCap data dictionary: its form, type, choices (code → label) and text validation.</summary>
public sealed record RedcapField(
    string Name, string Form, string Type, string Label, IReadOnlyDictionary<string, string> Choices,
    string? Validation, string? Min, string? Max, bool Identifier);

/// <summary>
/// A REDCap data dictionary export (the standard 18 columns: "Variable / Field Name", "Form Name", "Section Header",
/// "Field Type", "Field Label", "Choices, Calculations, OR Slider Labels", "Field Note", "Text Validation Type OR Show
/// Slider Number", "Text Validation Min", "Text Validation Max", "Identifier?", "Branching Logic (Show field only if...)",
/// "Required Field?", "Custom Alignment", "Question Number (surveys only)", "Matrix Group Name", "Matrix Ranking?",
/// "Field Annotation"). Choices are "code, label | code, label" for radio, dropdown and checkbox fields.
/// </summary>
public sealed class RedcapDictionary
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "Variable / Field Name", "Form Name", "Section Header", "Field Type", "Field Label", "Choices, Calculations, OR Slider Labels",
        "Field Note", "Text Validation Type OR Show Slider Number", "Text Validation Min", "Text Validation Max", "Identifier?",
        "Branching Logic (Show field only if...)", "Required Field?", "Custom Alignment", "Question Number (surveys only)",
        "Matrix Group Name", "Matrix Ranking?", "Field Annotation",
    ];

    readonly Dictionary<string, RedcapField> _fields;

    RedcapDictionary(Dictionary<string, RedcapField> fields) => _fields = fields;

    public IReadOnlyCollection<RedcapField> Fields => _fields.Values;
    public RedcapField? Field(string name) => _fields.GetValueOrDefault(name);

    /// <summary>The dictionary, or null with every problem (line and column named).</summary>
    public static RedcapDictionary? Parse(string text, out IReadOnlyList<string> problems)
    {
        var p = new List<string>();
        problems = p;
        var csv = CsvRecords.Parse(text, out var csvProblem);
        if (csv is null) { p.Add(csvProblem!); return null; }
        if (csv.Header.Count != Columns.Count || !csv.Header.Zip(Columns).All(x => string.Equals(x.First, x.Second, StringComparison.OrdinalIgnoreCase)))
        {
            p.Add($"the header is not REDCap's 18 data-dictionary columns (starting \"{Columns[0]}\", \"{Columns[1]}\", \"{Columns[3]}\")");
            return null;
        }
        var fields = new Dictionary<string, RedcapField>(StringComparer.Ordinal);
        foreach (var (line, f) in csv.Rows)
        {
            var name = f[0].Trim();
            if (name.Length == 0) { p.Add($"line {line}: empty field name"); continue; }
            if (fields.ContainsKey(name)) { p.Add($"line {line}: field '{name}' is defined twice"); continue; }
            var type = f[3].Trim().ToLowerInvariant();
            var choices = new Dictionary<string, string>(StringComparer.Ordinal);
            if (type is "radio" or "dropdown" or "checkbox")
            {
                foreach (var choice in f[5].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    var comma = choice.IndexOf(',');
                    if (comma <= 0) { p.Add($"line {line}: choice '{choice}' of '{name}' is not 'code, label'"); continue; }
                    choices[choice[..comma].Trim()] = choice[(comma + 1)..].Trim();
                }
                if (choices.Count == 0) p.Add($"line {line}: {type} field '{name}' has no choices");
            }
            else if (type is "yesno") { choices["0"] = "No"; choices["1"] = "Yes"; }
            else if (type is "truefalse") { choices["0"] = "False"; choices["1"] = "True"; }
            fields[name] = new RedcapField(name, f[1].Trim(), type, f[4].Trim(), choices, Empty(f[7]), Empty(f[8]), Empty(f[9]), f[10].Trim().Equals("y", StringComparison.OrdinalIgnoreCase));
        }
        return p.Count > 0 ? null : new RedcapDictionary(fields);
    }

    static string? Empty(string s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>Why <paramref name="value"/> does not fit the field's type, choices or validation; null when it fits.</summary>
    public static string? Misfit(RedcapField field, string value)
    {
        if (value.Length == 0) return null;
        if (field.Choices.Count > 0 && field.Type != "checkbox")
            return field.Choices.ContainsKey(value) ? null : $"not one of the field's choices ({string.Join(", ", field.Choices.Keys)})";
        switch (field.Validation)
        {
            case "date_ymd":
                return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                    ? Outside(d.DayNumber, field.Min is { } mn && DateOnly.TryParse(mn, CultureInfo.InvariantCulture, out var a) ? a.DayNumber : null,
                        field.Max is { } mx && DateOnly.TryParse(mx, CultureInfo.InvariantCulture, out var b) ? b.DayNumber : null, field)
                    : "not a date (YYYY-MM-DD)";
            case "integer":
                return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                    ? Outside(n, Num(field.Min), Num(field.Max), field) : "not a whole number";
            case "number":
                return decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)
                    ? Outside(x, Num(field.Min), Num(field.Max), field) : "not a number";
            default:
                return null;
        }
    }

    static decimal? Num(string? s) => decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    static string? Outside(decimal v, decimal? min, decimal? max, RedcapField f) =>
        (min is { } lo && v < lo) || (max is { } hi && v > hi) ? $"outside the field's range {f.Min ?? ""}–{f.Max ?? ""}" : null;
}
