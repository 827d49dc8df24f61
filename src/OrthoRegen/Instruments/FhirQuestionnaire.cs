using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OrthoRegen.Instruments;

/// <summary>
/// Exports an <see cref="InstrumentDefinition"/> as a FHIR R4 Questionnaire (JSON, hand-written).
/// One group item per section; each item becomes <c>choice</c> (answerOption with <c>valueCoding</c> and the option's
/// score in the <c>ordinalValue</c> extension), <c>decimal</c> (with minValue/maxValue and unit extensions) or
/// <c>boolean</c>. Alternatives (VAS in cm when mm is unanswered, HHS rom_points when the angles are unanswered) get an
/// <c>enableWhen … exists false</c>. Group linkIds are prefixed "section-" so they never clash with item codes.
/// </summary>
public static class FhirQuestionnaire
{
    public const string OrdinalValueUrl = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
    public const string MinValueUrl = "http://hl7.org/fhir/StructureDefinition/minValue";
    public const string MaxValueUrl = "http://hl7.org/fhir/StructureDefinition/maxValue";
    public const string UnitUrl = "http://hl7.org/fhir/StructureDefinition/questionnaire-unit";
    const string UcumSystem = "http://unitsofmeasure.org";

    static readonly Dictionary<string, string> Ucum = new() { ["mm"] = "mm", ["cm"] = "cm", ["degrees"] = "deg" };

    /// <summary>Canonical URL of an instrument's Questionnaire.</summary>
    public static string Url(InstrumentDefinition d) => $"urn:orthoregen:questionnaire:{d.Code}";

    /// <summary>Code system of an instrument's answer codes (the code is the option value, e.g. "0.5").</summary>
    public static string AnswerSystem(InstrumentDefinition d) => $"urn:orthoregen:instrument:{d.Code}:answer";

    /// <summary>The Questionnaire as JSON text in <paramref name="language"/> (en, ko, zh), using the clinic's licensed
    /// <paramref name="wording"/> where it has one.</summary>
    public static string ToJson(InstrumentDefinition definition, string language = "en", LicensedWording? wording = null)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            Write(w, definition, language, wording);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Write(Utf8JsonWriter w, InstrumentDefinition d, string language = "en", LicensedWording? wording = null)
    {
        w.WriteStartObject();
        w.WriteString("resourceType", "Questionnaire");
        w.WriteString("id", $"{d.Code.ToLowerInvariant().Replace('_', '-')}-{d.Version.Replace('_', '-')}");
        w.WriteString("language", wording?.Language ?? language);
        w.WriteString("url", Url(d));
        w.WriteString("version", d.Version);
        w.WriteString("name", d.Code);
        w.WriteString("title", wording?.Title ?? d.Title.In(language));
        w.WriteString("status", "active");
        w.WriteString("description", d.Source);
        if (wording is not null) w.WriteString("copyright", wording.Licence);
        w.WriteStartArray("item");
        foreach (var section in d.Sections)
        {
            w.WriteStartObject();
            w.WriteString("linkId", "section-" + section.Code);
            w.WriteString("text", section.Title.In(language));
            w.WriteString("type", "group");
            w.WriteStartArray("item");
            foreach (var item in section.Items) WriteItem(w, d, item, language, wording);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    static void WriteItem(Utf8JsonWriter w, InstrumentDefinition d, ItemDefinition item, string language, LicensedWording? wording)
    {
        w.WriteStartObject();
        if (item.Scale is AnswerScale.Quantity q)
        {
            w.WriteStartArray("extension");
            WriteDecimalExtension(w, MinValueUrl, q.Min);
            WriteDecimalExtension(w, MaxValueUrl, q.Max);
            w.WriteStartObject();
            w.WriteString("url", UnitUrl);
            w.WriteStartObject("valueCoding");
            if (Ucum.TryGetValue(q.Unit, out var ucum)) { w.WriteString("system", UcumSystem); w.WriteString("code", ucum); }
            w.WriteString("display", q.Unit);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
        }
        w.WriteString("linkId", item.Code);
        w.WriteString("text", wording?.ItemText(item.Code) ?? item.Label.In(language));
        w.WriteString("type", item.Scale switch
        {
            AnswerScale.Choice or AnswerScale.Coded => "choice",
            AnswerScale.Quantity => "decimal",
            AnswerScale.YesNo => "boolean",
            _ => throw new ArgumentException($"Unknown scale on item {item.Code}.", nameof(item)),
        });
        w.WriteBoolean("required", false); // missing items are allowed; the scoring rules decide what they mean
        if (item.EnabledUnlessAnswered is { } other)
        {
            w.WriteStartArray("enableWhen");
            w.WriteStartObject();
            w.WriteString("question", other);
            w.WriteString("operator", "exists");
            w.WriteBoolean("answerBoolean", false);
            w.WriteEndObject();
            w.WriteEndArray();
        }
        if (item.Scale is AnswerScale.Choice choice)
        {
            w.WriteStartArray("answerOption");
            foreach (var o in choice.Options)
            {
                w.WriteStartObject();
                w.WriteStartArray("extension");
                WriteDecimalExtension(w, OrdinalValueUrl, o.Value);
                w.WriteEndArray();
                w.WriteStartObject("valueCoding");
                w.WriteString("system", AnswerSystem(d));
                w.WriteString("code", o.Value.ToString(CultureInfo.InvariantCulture));
                w.WriteString("display", wording?.OptionText(item.Code, o.Value) ?? o.Label.In(language));
                w.WriteEndObject();
                w.WriteEndObject();
            }
            foreach (var c in choice.CodedOptions) WriteCodedOption(w, d, c, language);
            w.WriteEndArray();
        }
        if (item.Scale is AnswerScale.Coded coded)
        {
            w.WriteStartArray("answerOption");
            foreach (var c in coded.Options) WriteCodedOption(w, d, c, language);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    /// <summary>A coded answer ("NT", "L3"): a coding without an ordinal value, because it is never summed.</summary>
    static void WriteCodedOption(Utf8JsonWriter w, InstrumentDefinition d, CodedOption c, string language)
    {
        w.WriteStartObject();
        w.WriteStartObject("valueCoding");
        w.WriteString("system", AnswerSystem(d));
        w.WriteString("code", c.Code);
        w.WriteString("display", c.Label.In(language));
        w.WriteEndObject();
        w.WriteEndObject();
    }

    static void WriteDecimalExtension(Utf8JsonWriter w, string url, decimal value)
    {
        w.WriteStartObject();
        w.WriteString("url", url);
        w.WriteNumber("valueDecimal", value);
        w.WriteEndObject();
    }
}
