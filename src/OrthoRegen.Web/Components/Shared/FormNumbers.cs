using System.Globalization;

namespace OrthoRegen.Web.Components.Shared;

/// <summary>
/// Form fields arrive as text; numbers are parsed here (invariant culture, comma accepted as decimal mark) and a
/// non-number is reported under the field's own name, the same key Core uses.
/// </summary>
public static class FormNumbers
{
    public static (double? A, double? B, Dictionary<string, string[]> Errors) Parse((string Field, string? Text) a, (string Field, string? Text) b)
    {
        var errors = new Dictionary<string, string[]>();
        return (One(a.Field, a.Text, errors), One(b.Field, b.Text, errors), errors);
    }

    public static double? One(string field, string? text, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (double.TryParse(text.Trim().Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)) return v;
        errors[field] = ["Must be a number."];
        return null;
    }

    public static int? Int(string field, string? text, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)) return v;
        errors[field] = ["Must be a whole number."];
        return null;
    }
}
