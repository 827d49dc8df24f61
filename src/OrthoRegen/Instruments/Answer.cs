using System.Text.Json;

namespace OrthoRegen.Instruments;

/// <summary>What kind of JSON value an answer was given as.</summary>
public enum AnswerKind { Missing, Number, Boolean, Text, Other }

/// <summary>
/// One raw answer as submitted: a number, a boolean, a coded text (ISNCSCI "NT", a myotome such as "L3"), or missing
/// (JSON <c>null</c> or an absent key). Text is valid only where the item's scale lists the code; objects and lists are
/// kept only so validation can name the wrong type; they are never scored.
/// </summary>
public readonly record struct Answer(AnswerKind Kind, decimal Number = 0m, bool Flag = false, string? Text = null)
{
    public static readonly Answer Missing = new(AnswerKind.Missing);

    public static Answer Of(decimal value) => new(AnswerKind.Number, value);
    public static Answer Of(bool value) => new(AnswerKind.Boolean, Flag: value);
    public static Answer Of(string code) => new(AnswerKind.Text, Text: code);

    public bool IsMissing => Kind == AnswerKind.Missing;

    /// <summary>Reads a JSON value; a number too large for <see cref="decimal"/> reads as <see cref="AnswerKind.Other"/>.</summary>
    public static Answer FromJson(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => Missing,
        JsonValueKind.Number => value.TryGetInt32(out var i) ? Of(i) : value.TryGetDecimal(out var d) ? Of(d) : new Answer(AnswerKind.Other),
        JsonValueKind.True => Of(true),
        JsonValueKind.False => Of(false),
        JsonValueKind.String => Of(value.GetString()!),
        _ => new Answer(AnswerKind.Other),
    };

    /// <summary>
    /// Reads what staff typed for <paramref name="item"/> on a transcription form: empty = missing; a code of the item
    /// ("NT", "L3", any case) = that code; for a yes/no item 1 = yes and 0 = no; otherwise a number (comma or point as
    /// decimal mark). Anything else is kept as text, so validation names the item and says what is allowed.
    /// </summary>
    public static Answer FromTyped(ItemDefinition item, string? typed)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (string.IsNullOrWhiteSpace(typed)) return Missing;
        var t = typed.Trim();
        var codes = item.Scale switch
        {
            AnswerScale.Choice c => c.CodedOptions,
            AnswerScale.Coded c => c.Options,
            _ => [],
        };
        if (codes.FirstOrDefault(c => string.Equals(c.Code, t, StringComparison.OrdinalIgnoreCase)) is { } code) return Of(code.Code);
        if (item.Scale is AnswerScale.YesNo && t is "0" or "1") return Of(t == "1");
        return decimal.TryParse(t.Replace(',', '.'), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? Of(n) : Of(t);
    }

    /// <summary>The answer as a JSON value (null when missing).</summary>
    public JsonElement ToJsonElement() => Kind switch
    {
        AnswerKind.Number => JsonSerializer.SerializeToElement(Number),
        AnswerKind.Boolean => JsonSerializer.SerializeToElement(Flag),
        AnswerKind.Text => JsonSerializer.SerializeToElement(Text),
        _ => JsonSerializer.SerializeToElement<object?>(null),
    };

    /// <summary>Writes the answer as the JSON value it was read from (the stored raw items).</summary>
    public void WriteTo(Utf8JsonWriter w, string code)
    {
        switch (Kind)
        {
            case AnswerKind.Number: w.WriteNumber(code, Number); break;
            case AnswerKind.Boolean: w.WriteBoolean(code, Flag); break;
            case AnswerKind.Text: w.WriteString(code, Text); break;
            case AnswerKind.Missing: w.WriteNull(code); break;
            default: throw new InvalidOperationException($"Item {code}: a list or object is never stored.");
        }
    }

    /// <summary>How the answer's type is named in a message for the person ("text", "true or false").</summary>
    internal string Describe() => Kind switch
    {
        AnswerKind.Number => "a number",
        AnswerKind.Boolean => "true or false",
        AnswerKind.Text => "text",
        AnswerKind.Missing => "empty",
        _ => "a list or object",
    };
}
