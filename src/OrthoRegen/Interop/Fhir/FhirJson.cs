using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OrthoRegen.Interop.Fhir;

/// <summary>How references are written: relative (<c>Patient/123</c>, NDJSON and single resources) or as the
/// <c>urn:uuid</c> full URLs of a transaction bundle.</summary>
public sealed class FhirLinks
{
    readonly bool _bundle;
    FhirLinks(bool bundle) => _bundle = bundle;
    public static readonly FhirLinks Relative = new(false);
    public static readonly FhirLinks Bundle = new(true);
    public string To(string resourceType, string id) => _bundle ? FhirCodes.UrnOf(resourceType, id) : $"{resourceType}/{id}";
}

/// <summary>Resolves a reference string to the type and id it points at; null when it does not resolve.</summary>
public delegate (string Type, string Id)? ReferenceResolver(string reference);

/// <summary>Small writer helpers so every mapper writes codings, references and identifiers the same way.</summary>
internal static class FhirWrite
{
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Coding(Utf8JsonWriter w, string system, string code, string? display = null)
    {
        w.WriteStartObject();
        w.WriteString("system", system);
        w.WriteString("code", code);
        if (display is not null) w.WriteString("display", display);
        w.WriteEndObject();
    }

    public static void Concept(Utf8JsonWriter w, string property, string system, string code, string? display = null)
    {
        w.WriteStartObject(property);
        w.WriteStartArray("coding");
        Coding(w, system, code, display);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void ConceptArray(Utf8JsonWriter w, string property, string system, string code, string? display = null)
    {
        w.WriteStartArray(property);
        w.WriteStartObject();
        w.WriteStartArray("coding");
        Coding(w, system, code, display);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
    }

    public static void Reference(Utf8JsonWriter w, string property, string reference)
    {
        w.WriteStartObject(property);
        w.WriteString("reference", reference);
        w.WriteEndObject();
    }

    public static void Identifier(Utf8JsonWriter w, string system, string value)
    {
        w.WriteStartObject();
        w.WriteString("system", system);
        w.WriteString("value", value);
        w.WriteEndObject();
    }

    /// <summary>Starts the resource object with resourceType, id and the OrthoRegen record identifier (first in the array).</summary>
    public static void Start(Utf8JsonWriter w, string resourceType, string id, string kind, params (string System, string Value)[] more)
    {
        w.WriteStartObject();
        w.WriteString("resourceType", resourceType);
        w.WriteString("id", id);
        if (resourceType == "QuestionnaireResponse")
        {
            // R4 QuestionnaireResponse.identifier is 0..1: a single object.
            w.WritePropertyName("identifier");
            Identifier(w, FhirCodes.RecordSystem(kind), id);
            return;
        }
        w.WriteStartArray("identifier");
        Identifier(w, FhirCodes.RecordSystem(kind), id);
        foreach (var (s, v) in more) Identifier(w, s, v);
        w.WriteEndArray();
    }

    public static void ExtensionString(Utf8JsonWriter w, string url, string value)
    {
        w.WriteStartObject();
        w.WriteString("url", url);
        w.WriteString("valueString", value);
        w.WriteEndObject();
    }

    public static void ExtensionCoding(Utf8JsonWriter w, string url, string system, string code)
    {
        w.WriteStartObject();
        w.WriteString("url", url);
        w.WritePropertyName("valueCoding");
        Coding(w, system, code);
        w.WriteEndObject();
    }

    public static void ExtensionReference(Utf8JsonWriter w, string url, string reference)
    {
        w.WriteStartObject();
        w.WriteString("url", url);
        Reference(w, "valueReference", reference);
        w.WriteEndObject();
    }

    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    public static string Instant(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

/// <summary>
/// Reads a resource's elements and records each problem under its JSON path (<c>Patient.name[0].family</c>, or
/// <c>Bundle.entry[2].resource.name[0].family</c> inside a bundle) in one <see cref="FieldErrors"/>.
/// </summary>
public sealed class FhirRead(FieldErrors errors, string path, ReferenceResolver resolve)
{
    public FieldErrors Errors { get; } = errors;
    public string Path { get; } = path;

    public string At(string element) => Path + "." + element;

    public void Fail(string element, string message) => Errors.Add(At(element), message);

    public static bool TryGet(JsonElement o, string name, out JsonElement value)
    {
        value = default;
        return o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
    }

    /// <summary>The element's text when it is a JSON string; false for any other kind (a number or object where text belongs).</summary>
    public static bool TryGetText(JsonElement o, string name, out string text)
    {
        text = "";
        if (!TryGet(o, name, out var v) || v.ValueKind != JsonValueKind.String) return false;
        text = v.GetString()!;
        return true;
    }

    public string? String(JsonElement o, string element, bool required, string? name = null)
    {
        if (!TryGet(o, name ?? Last(element), out var v))
        {
            if (required) Fail(element, FhirMessages.Required);
            return null;
        }
        if (v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString())) { Fail(element, FhirMessages.NotString); return null; }
        return v.GetString()!;
    }

    public DateOnly? Date(JsonElement o, string element, bool required)
    {
        var s = String(o, element, required);
        if (s is null) return null;
        if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        Fail(element, FhirMessages.NotDate);
        return null;
    }

    public DateTimeOffset? Instant(JsonElement o, string element, bool required)
    {
        var s = String(o, element, required);
        if (s is null) return null;
        if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            return new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        if (s.Contains('T') && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)) return t.ToUniversalTime();
        Fail(element, FhirMessages.NotDateTime);
        return null;
    }

    public decimal? Decimal(JsonElement o, string element, bool required)
    {
        if (!TryGet(o, Last(element), out var v))
        {
            if (required) Fail(element, FhirMessages.Required);
            return null;
        }
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDecimal(out var d)) { Fail(element, FhirMessages.NotNumber); return null; }
        return d;
    }

    public int? Integer(JsonElement o, string element, bool required)
    {
        var d = Decimal(o, element, required);
        if (d is null) return null;
        if (d != Math.Floor(d.Value) || d < int.MinValue || d > int.MaxValue) { Fail(element, FhirMessages.NotInteger); return null; }
        return (int)d.Value;
    }

    public bool? Boolean(JsonElement o, string element, bool required)
    {
        if (!TryGet(o, Last(element), out var v))
        {
            if (required) Fail(element, FhirMessages.Required);
            return null;
        }
        if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) { Fail(element, FhirMessages.NotBoolean); return null; }
        return v.GetBoolean();
    }

    /// <summary>The code of the coding with <paramref name="system"/> in the CodeableConcept at <paramref name="element"/>
    /// (a property of <paramref name="o"/>, or its first array entry when the element is a list).</summary>
    public string? Code(JsonElement o, string element, string system, bool required, IReadOnlyCollection<string>? allowed = null)
    {
        if (!TryGet(o, Last(element), out var concept))
        {
            if (required) Fail(element, FhirMessages.Required);
            return null;
        }
        var at = element;
        if (concept.ValueKind == JsonValueKind.Array)
        {
            if (concept.GetArrayLength() == 0) { if (required) Fail(element, FhirMessages.Required); return null; }
            concept = concept[0];
            at = element + "[0]";
        }
        return CodeIn(concept, at, system, required, allowed);
    }

    /// <summary>As <see cref="Code"/> for a CodeableConcept value already in hand.</summary>
    public string? CodeIn(JsonElement concept, string at, string system, bool required, IReadOnlyCollection<string>? allowed = null)
    {
        if (!TryGet(concept, "coding", out var codings) || codings.ValueKind != JsonValueKind.Array)
        {
            if (required) Fail(at + ".coding", FhirMessages.Required);
            return null;
        }
        var i = 0;
        foreach (var c in codings.EnumerateArray())
        {
            if (TryGet(c, "system", out var s) && s.ValueKind == JsonValueKind.String && s.GetString() == system)
            {
                var code = String(c, $"{at}.coding[{i}].code", required: true, name: "code");
                if (code is not null && allowed is not null && !allowed.Contains(code))
                {
                    Fail($"{at}.coding[{i}].code", FhirMessages.NotInValueSet(system, allowed));
                    return null;
                }
                return code;
            }
            i++;
        }
        if (required) Fail(at + ".coding", FhirMessages.NoCodingFrom(system));
        return null;
    }

    /// <summary>The id a Reference points at; fails when it does not resolve or points at another resource type.</summary>
    public string? Reference(JsonElement o, string element, string expectedType, bool required)
    {
        if (!TryGet(o, Last(element), out var r))
        {
            if (required) Fail(element, FhirMessages.Required);
            return null;
        }
        return ReferenceIn(r, element, expectedType);
    }

    public string? ReferenceIn(JsonElement r, string element, string expectedType)
    {
        var text = String(r, element + ".reference", required: true, name: "reference");
        if (text is null) return null;
        var target = resolve(text);
        if (target is null) { Fail(element + ".reference", FhirMessages.Dangling(text)); return null; }
        if (target.Value.Type != expectedType) { Fail(element + ".reference", FhirMessages.WrongTarget(expectedType, target.Value.Type)); return null; }
        return target.Value.Id;
    }

    /// <summary>The value[x] of the first extension with <paramref name="url"/> on <paramref name="o"/>.</summary>
    public JsonElement? Extension(JsonElement o, string url, out string element)
    {
        element = "extension";
        if (!TryGet(o, "extension", out var list) || list.ValueKind != JsonValueKind.Array) return null;
        var i = 0;
        foreach (var x in list.EnumerateArray())
        {
            if (TryGet(x, "url", out var u) && u.ValueKind == JsonValueKind.String && u.GetString() == url)
            {
                element = $"extension[{i}]";
                return x;
            }
            i++;
        }
        return null;
    }

    public string? ExtensionString(JsonElement o, string url, bool required, string prefix = "")
    {
        var x = Extension(o, url, out var at);
        if (x is null) { if (required) Fail(prefix + "extension", FhirMessages.MissingExtension(url)); return null; }
        return String(x.Value, prefix + at + ".valueString", required: true, name: "valueString");
    }

    public string? ExtensionCode(JsonElement o, string url, string system, bool required, IReadOnlyCollection<string>? allowed = null, string prefix = "")
    {
        var x = Extension(o, url, out var at);
        if (x is null) { if (required) Fail(prefix + "extension", FhirMessages.MissingExtension(url)); return null; }
        if (!TryGet(x.Value, "valueCoding", out var coding)) { Fail(prefix + at + ".valueCoding", FhirMessages.Required); return null; }
        var where = prefix + at + ".valueCoding";
        var s = String(coding, where + ".system", required: true, name: "system");
        if (s is null) return null;
        if (s != system) { Fail(where + ".system", FhirMessages.NoCodingFrom(system)); return null; }
        var code = String(coding, where + ".code", required: true, name: "code");
        if (code is not null && allowed is not null && !allowed.Contains(code)) { Fail(where + ".code", FhirMessages.NotInValueSet(system, allowed)); return null; }
        return code;
    }

    public string? ExtensionReference(JsonElement o, string url, string expectedType, bool required, string prefix = "")
    {
        var x = Extension(o, url, out var at);
        if (x is null) { if (required) Fail(prefix + "extension", FhirMessages.MissingExtension(url)); return null; }
        if (!TryGet(x.Value, "valueReference", out var r)) { Fail(prefix + at + ".valueReference", FhirMessages.Required); return null; }
        return ReferenceIn(r, prefix + at + ".valueReference", expectedType);
    }

    /// <summary>The value of the identifier with <paramref name="system"/>, or null.</summary>
    public static string? Identifier(JsonElement o, string system)
    {
        if (!TryGet(o, "identifier", out var list)) return null;
        if (list.ValueKind == JsonValueKind.Object) return MatchIdentifier(list, system);
        if (list.ValueKind != JsonValueKind.Array) return null;
        foreach (var i in list.EnumerateArray())
            if (MatchIdentifier(i, system) is { } v) return v;
        return null;
    }

    static string? MatchIdentifier(JsonElement i, string system) =>
        TryGet(i, "system", out var s) && s.ValueKind == JsonValueKind.String && s.GetString() == system
        && TryGet(i, "value", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    static string Last(string element)
    {
        var dot = element.LastIndexOf('.');
        var name = dot < 0 ? element : element[(dot + 1)..];
        var bracket = name.IndexOf('[');
        return bracket < 0 ? name : name[..bracket];
    }
}

/// <summary>
/// Reads FHIR JSON text strictly, for every import path (API, Bundle file, NDJSON line): only valid UTF-8 (System.Text.Json
/// checks string bytes only when a string is read, so a bad byte would otherwise surface mid-import as an exception), and
/// no key twice in one object (FHIR R4 JSON forbids it; the default parser would keep either value silently).
/// </summary>
public static class FhirJsonText
{
    public static readonly JsonDocumentOptions Options = new() { AllowDuplicateProperties = false };

    /// <summary>
    /// The parsed document, or null with the problem (<see cref="FhirMessages.NotUtf8"/>, <see cref="FhirMessages.NotJson"/>
    /// or <see cref="FhirMessages.DuplicateKey"/>) and, for a key given twice, the path of its second occurrence below the
    /// root (<c>entry[2].resource.valueQuantity.code</c>), so the message can name the element.
    /// </summary>
    public static JsonDocument? TryParse(ReadOnlyMemory<byte> utf8, out string? problem, out string? at)
    {
        problem = null;
        at = null;
        if (!System.Text.Unicode.Utf8.IsValid(utf8.Span)) { problem = FhirMessages.NotUtf8; return null; }
        try { return JsonDocument.Parse(utf8, Options); }
        catch (JsonException)
        {
            (problem, at) = Refusal(utf8);
            return null;
        }
    }

    /// <summary>Why strict parsing refused valid UTF-8 text: a key given twice (with where) or text that is not JSON.</summary>
    public static (string Problem, string? At) Refusal(ReadOnlyMemory<byte> utf8)
    {
        try
        {
            using var loose = JsonDocument.Parse(utf8);
            if (FirstRepeatedKey(loose.RootElement, "") is { } path) return (FhirMessages.DuplicateKey, path);
        }
        catch (JsonException) { }
        return (FhirMessages.NotJson, null);
    }

    static string? FirstRepeatedKey(JsonElement e, string path)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in e.EnumerateObject())
            {
                var inner = path.Length == 0 ? p.Name : path + "." + p.Name;
                if (!seen.Add(p.Name)) return inner;
                if (FirstRepeatedKey(p.Value, inner) is { } found) return found;
            }
        }
        else if (e.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in e.EnumerateArray())
                if (FirstRepeatedKey(item, $"{path}[{i++}]") is { } found) return found;
        }
        return null;
    }
}

/// <summary>Every sentence the FHIR slice shows a person, in one place so tests can assert on them.</summary>
public static class FhirMessages
{
    public const string Required = "Required.";
    public const string NotString = "Must be a non-empty string.";
    public const string NotDate = "Must be a date as YYYY-MM-DD.";
    public const string NotDateTime = "Must be a dateTime with time zone (YYYY-MM-DDThh:mm:ssZ) or a date.";
    public const string NotNumber = "Must be a number.";
    public const string NotInteger = "Must be a whole number.";
    public const string NotBoolean = "Must be true or false.";
    public const string NotJson = "Not a JSON object.";
    public const string NotUtf8 = "Not valid UTF-8 text.";
    public const string DuplicateKey = "Given more than once in one JSON object (FHIR JSON allows each key once).";
    public const string NoIdentifier = "An identifier is required so that importing the resource again changes nothing.";
    public const string NoPatient = "The resource's patient is not in this import and not already in the registry.";
    public static string NotInValueSet(string system, IEnumerable<string> allowed) => $"Not a code of {system} (allowed: {string.Join(", ", allowed)}).";
    public static string NoCodingFrom(string system) => $"Needs a coding from {system}.";
    public static string Dangling(string reference) => $"Reference {reference} does not resolve to a resource in this bundle or the registry.";
    public static string WrongTarget(string expected, string actual) => $"Must refer to a {expected}, not a {actual}.";
    public static string MissingExtension(string url) => $"Needs the extension {url}.";
    public static string UnknownType(string type) => $"Resource type {type} is not one this registry reads.";
    public static string NotImportable(string type) =>
        $"{type} is exported for reading only: it is recorded in OrthoRegen, where its checks run (a resource this registry exported is matched by its identifier instead).";
    public static string Changed(string system, string value) =>
        $"The resource with identifier {system}|{value} was imported before with different content; corrections are made in OrthoRegen, not by re-import.";
    public const string CardinalityOne = "Must occur exactly once.";
    public const string NotArray = "Must be an array.";
    public static string BadValue(string detail) => detail;
}
