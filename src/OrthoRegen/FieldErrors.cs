using System.Globalization;
using System.Text.RegularExpressions;

namespace OrthoRegen;

/// <summary>
/// Collects validation messages keyed by field (JSON property name, camelCase). An empty result means valid.
/// The API, the Razor forms and the CLI all consume the same dictionary.
/// </summary>
public sealed class FieldErrors
{
    readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public FieldErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);

    /// <summary>Every message with its field, field by field in the order first added (to file them under another path).</summary>
    public IEnumerable<(string Field, string Message)> Messages =>
        _errors.SelectMany(kv => kv.Value.Select(m => (kv.Key, m)));

    // ---- common checks -------------------------------------------------------------------------------------------

    public string? Required(string field, string? value, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value)) { Add(field, "Required."); return null; }
        var v = value.Trim();
        if (v.Length > maxLength) { Add(field, $"Must be at most {maxLength} characters."); return null; }
        if (HasControlCharacters(v)) { Add(field, "Contains control characters."); return null; }
        return v;
    }

    public string? Optional(string field, string? value, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        return Required(field, value, maxLength);
    }

    public string? OneOf(string field, string? value, IReadOnlyCollection<string> allowed, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) Add(field, $"Required; one of {string.Join(", ", allowed)}.");
            return null;
        }
        var v = value.Trim();
        if (!allowed.Contains(v)) { Add(field, $"Must be one of {string.Join(", ", allowed)}."); return null; }
        return v;
    }

    public DateOnly? Date(string field, string? value, bool required, DateOnly? min = null, DateOnly? max = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) Add(field, "Required; a date as YYYY-MM-DD.");
            return null;
        }
        if (!DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            Add(field, "Must be a date as YYYY-MM-DD.");
            return null;
        }
        if (min is { } lo && d < lo) { Add(field, $"Must be on or after {lo:yyyy-MM-dd}."); return null; }
        if (max is { } hi && d > hi) { Add(field, $"Must be on or before {hi:yyyy-MM-dd}."); return null; }
        return d;
    }

    public double? Number(string field, double? value, double min, double max, bool required, string unit = "")
    {
        if (value is null)
        {
            if (required) Add(field, "Required.");
            return null;
        }
        var v = value.Value;
        var u = unit.Length > 0 ? " " + unit : "";
        if (double.IsNaN(v) || double.IsInfinity(v) || v < min || v > max)
        {
            Add(field, string.Create(CultureInfo.InvariantCulture, $"Must be between {min} and {max}{u}."));
            return null;
        }
        return v;
    }

    public int? Integer(string field, int? value, int min, int max, bool required)
    {
        if (value is null)
        {
            if (required) Add(field, "Required.");
            return null;
        }
        if (value < min || value > max) { Add(field, $"Must be a whole number from {min} to {max}."); return null; }
        return value;
    }

    public string? Pattern(string field, string? value, Regex pattern, string describe, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) Add(field, "Required.");
            return null;
        }
        var v = value.Trim();
        if (v.Length > 200 || !pattern.IsMatch(v)) { Add(field, $"Must be {describe}."); return null; }
        return v;
    }

    static bool HasControlCharacters(string s) =>
        s.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t') || s.Any(char.IsSurrogate) && !IsWellFormed(s);

    static bool IsWellFormed(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i])) { if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1])) return false; i++; }
            else if (char.IsLowSurrogate(s[i])) return false;
        }
        return true;
    }
}

public static class FieldErrorsInstant
{
    /// <summary>An instant as ISO-8601 with an offset (or 'Z'); a bare date is read as midnight UTC.</summary>
    public static DateTimeOffset? Instant(this FieldErrors errors, string field, string? value, bool required, DateTimeOffset? notAfter = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) errors.Add(field, "Required; a date-time as YYYY-MM-DDThh:mm with offset, or a date.");
            return null;
        }
        var v = value.Trim();
        DateTimeOffset result;
        if (DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            result = new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        else if (!DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out result) || result.Year < 1900)
        {
            errors.Add(field, "Must be a date-time as YYYY-MM-DDThh:mm with offset, or a date.");
            return null;
        }
        if (notAfter is { } max && result > max.AddMinutes(5))
        {
            errors.Add(field, "Must not be in the future.");
            return null;
        }
        return result.ToUniversalTime();
    }
}
