using System.Globalization;
using System.Text.Json;

namespace OrthoRegen.Interop.Fhir;

/// <summary>
/// One value of a <see cref="FhirDetail"/>: its name (the sub-extension url, equal to the field name of the store's
/// request record, so a store's error for <c>volumeMl</c> lands on the sub-extension <c>volumeMl</c>), its FHIR type
/// (<c>string</c>, <c>decimal</c>, <c>integer</c>, <c>boolean</c>, <c>dateTime</c>, or <c>Reference:{type}</c>) and its
/// canonical text (invariant culture; instants as written by <see cref="FhirWrite.Instant"/>; a reference as the target id).
/// </summary>
public sealed record FhirField(string Name, string Type, string Text);

/// <summary>
/// A complex extension (<c>{url, extension: [{url: name, value[x]}]}</c>) carrying what a store needs that the R4
/// resource has no element for. The URLs are listed in FHIR_EXTENSIONS.md.
/// </summary>
public sealed record FhirDetail(string Url, ValueList<FhirField> Fields)
{
    public string? this[string name] => Fields.FirstOrDefault(f => f.Name == name)?.Text;
    public IEnumerable<string> All(string name) => Fields.Where(f => f.Name == name).Select(f => f.Text);
    public double? Number(string name) => this[name] is { } t ? double.Parse(t, CultureInfo.InvariantCulture) : null;
    public int? Integer(string name) => this[name] is { } t ? int.Parse(t, CultureInfo.InvariantCulture) : null;
    public bool? Flag(string name) => this[name] is { } t ? t == "true" : null;

    /// <summary>A reference value to write: the target's type and record id.</summary>
    public sealed record Ref(string Type, string Id);

    /// <summary>Builds a detail from (name, value) pairs; null values are left out, so absent stays absent.</summary>
    public static FhirDetail Of(string url, params (string Name, object? Value)[] values) =>
        new(url, new(values.Where(v => v.Value is not null).Select(v => v.Value switch
        {
            string s => new FhirField(v.Name, "string", s),
            double d => new FhirField(v.Name, "decimal", ((decimal)d).ToString(CultureInfo.InvariantCulture)),
            decimal m => new FhirField(v.Name, "decimal", m.ToString(CultureInfo.InvariantCulture)),
            int i => new FhirField(v.Name, "integer", i.ToString(CultureInfo.InvariantCulture)),
            bool b => new FhirField(v.Name, "boolean", b ? "true" : "false"),
            DateTimeOffset t => new FhirField(v.Name, "dateTime", FhirWrite.Instant(t)),
            Ref r => new FhirField(v.Name, "Reference:" + r.Type, r.Id),
            _ => throw new ArgumentException($"No FHIR type for {v.Value!.GetType().Name}.", nameof(values)),
        })));

    internal void Write(Utf8JsonWriter w, FhirLinks links)
    {
        w.WriteStartObject();
        w.WriteString("url", Url);
        w.WriteStartArray("extension");
        foreach (var f in Fields)
        {
            w.WriteStartObject();
            w.WriteString("url", f.Name);
            switch (f.Type)
            {
                case "string": w.WriteString("valueString", f.Text); break;
                case "decimal": w.WriteNumber("valueDecimal", decimal.Parse(f.Text, CultureInfo.InvariantCulture)); break;
                case "integer": w.WriteNumber("valueInteger", int.Parse(f.Text, CultureInfo.InvariantCulture)); break;
                case "boolean": w.WriteBoolean("valueBoolean", f.Text == "true"); break;
                case "dateTime": w.WriteString("valueDateTime", f.Text); break;
                default:
                    w.WriteStartObject("valueReference");
                    w.WriteString("reference", links.To(f.Type["Reference:".Length..], f.Text));
                    w.WriteEndObject();
                    break;
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Writes the <c>extension</c> array of a resource: plain extensions first (written by <paramref name="more"/>), then the details.</summary>
    internal static void WriteAll(Utf8JsonWriter w, FhirLinks links, IEnumerable<FhirDetail> details, Action? more = null)
    {
        var list = details.ToList();
        if (list.Count == 0 && more is null) return;
        w.WriteStartArray("extension");
        more?.Invoke();
        foreach (var d in list) d.Write(w, links);
        w.WriteEndArray();
    }

    /// <summary>Reads every detail of <paramref name="o"/> whose url is one of <paramref name="urls"/>, in document order.</summary>
    internal static List<FhirDetail> ReadAll(JsonElement o, FhirRead r, params string[] urls)
    {
        var list = new List<FhirDetail>();
        if (!FhirRead.TryGet(o, "extension", out var ext) || ext.ValueKind != JsonValueKind.Array) return list;
        var i = -1;
        foreach (var x in ext.EnumerateArray())
        {
            i++;
            if (!FhirRead.TryGetText(x, "url", out var url) || !urls.Contains(url)) continue;
            var fields = new List<FhirField>();
            if (!FhirRead.TryGet(x, "extension", out var subs) || subs.ValueKind != JsonValueKind.Array) { r.Fail($"extension[{i}].extension", FhirMessages.Required); continue; }
            var j = -1;
            foreach (var s in subs.EnumerateArray())
            {
                j++;
                var at = $"extension[{i}].extension[{j}]";
                if (!FhirRead.TryGetText(s, "url", out var name)) { r.Fail(at + ".url", FhirMessages.Required); continue; }
                if (FhirRead.TryGet(s, "valueString", out _)) { if (r.String(s, at + ".valueString", true) is { } v) fields.Add(new(name, "string", v)); }
                else if (FhirRead.TryGet(s, "valueDecimal", out var dv))
                {
                    if (dv.ValueKind == JsonValueKind.Number && dv.TryGetDecimal(out var m)) fields.Add(new(name, "decimal", m.ToString(CultureInfo.InvariantCulture)));
                    else r.Fail(at + ".valueDecimal", FhirMessages.NotNumber);
                }
                else if (FhirRead.TryGet(s, "valueInteger", out var iv))
                {
                    if (iv.ValueKind == JsonValueKind.Number && iv.TryGetInt32(out var n)) fields.Add(new(name, "integer", n.ToString(CultureInfo.InvariantCulture)));
                    else r.Fail(at + ".valueInteger", FhirMessages.NotInteger);
                }
                else if (FhirRead.TryGet(s, "valueBoolean", out var bv))
                {
                    if (bv.ValueKind is JsonValueKind.True or JsonValueKind.False) fields.Add(new(name, "boolean", bv.ValueKind == JsonValueKind.True ? "true" : "false"));
                    else r.Fail(at + ".valueBoolean", FhirMessages.NotBoolean);
                }
                else if (FhirRead.TryGet(s, "valueDateTime", out _))
                {
                    if (r.Instant(s, at + ".valueDateTime", true) is { } t) fields.Add(new(name, "dateTime", FhirWrite.Instant(t)));
                }
                else if (FhirRead.TryGet(s, "valueReference", out var rv))
                {
                    if (r.ReferenceIn(rv, at + ".valueReference", ReferenceType(name)) is { } id) fields.Add(new(name, "Reference:" + ReferenceType(name), id));
                }
                else r.Fail(at, FhirMessages.BadValue("Needs a value[x]: valueString, valueDecimal, valueInteger, valueBoolean, valueDateTime or valueReference."));
            }
            list.Add(new FhirDetail(url, new(fields)));
        }
        return list;
    }

    /// <summary>The resource type a named reference field points at.</summary>
    static string ReferenceType(string name) => name switch
    {
        "collection" => "Procedure",
        "recipient" => "Patient",
        _ => "Resource",
    };

    /// <summary>
    /// The JSON path of the value of <paramref name="field"/> in the <paramref name="occurrence"/>-th detail with
    /// <paramref name="url"/> in <paramref name="resource"/> at <paramref name="at"/>; the detail's own path when the field is absent.
    /// </summary>
    public static string PathOf(JsonElement resource, string at, string url, int occurrence, string field)
    {
        if (!FhirRead.TryGet(resource, "extension", out var ext) || ext.ValueKind != JsonValueKind.Array) return at + ".extension";
        var i = -1;
        var seen = -1;
        foreach (var x in ext.EnumerateArray())
        {
            i++;
            if (!FhirRead.TryGetText(x, "url", out var u) || u != url || ++seen != occurrence) continue;
            if (!FhirRead.TryGet(x, "extension", out var subs) || subs.ValueKind != JsonValueKind.Array) return $"{at}.extension[{i}]";
            var j = -1;
            foreach (var s in subs.EnumerateArray())
            {
                j++;
                if (!FhirRead.TryGetText(s, "url", out var name) || name != field) continue;
                // A sub-extension without any value[x] (the problem may be just that) is named by the element it lacks.
                var value = s.ValueKind == JsonValueKind.Object
                    ? s.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => n.StartsWith("value", StringComparison.Ordinal)) ?? "value[x]"
                    : "value[x]";
                return $"{at}.extension[{i}].extension[{j}].{value}";
            }
            return $"{at}.extension[{i}]";
        }
        return at + ".extension";
    }
}
