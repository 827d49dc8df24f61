using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using OrthoRegen.FollowUp;

namespace OrthoRegen.Interop.Fhir;

/// <summary>
/// The <c>encounter-findings</c> extension: what a follow-up visit recorded besides its date (<see cref="VisitFindings"/>),
/// as a nested complex extension whose sub-extension urls are the JSON field names of <see cref="RecordVisit"/>:
/// <c>contact</c>, <c>notes</c>, <c>exam</c> (one group, the fields of <see cref="ExamFindingsInput"/>), and one group per
/// entry of <c>instruments</c> (<c>instrument</c>, <c>responseId</c> as a valueReference to the QuestionnaireResponse),
/// <c>imaging</c> (the fields of <see cref="Assessment.ImagingReadInput"/>, <c>semiquantitative</c> nested by subregion),
/// <c>biomarkers</c> and <c>newTreatments</c>. A store error for <c>imaging[1].reader</c> thus lands on the second
/// <c>imaging</c> group's <c>reader</c> (<see cref="PathOf"/>).
/// </summary>
/// <remarks>
/// In a <see cref="FhirEncounter"/> the findings are kept as canonical JSON text in the shape of <see cref="RecordVisit"/>
/// (fields in writing order, nulls, empty objects and empty lists left out, numbers as written by decimal), so that the
/// record compares by value and its content hash is stable.
/// </remarks>
public static class VisitFindingsExtension
{
    public static readonly string Url = FhirCodes.Extension("encounter-findings");

    /// <summary>Top-level fields; the list-valued ones repeat their group once per entry.</summary>
    static readonly string[] Fields = ["contact", "instruments", "exam", "imaging", "biomarkers", "newTreatments", "notes"];
    static readonly string[] Lists = ["instruments", "imaging", "biomarkers", "newTreatments"];
    const string ResponseField = "responseId";

    static readonly JsonSerializerOptions Stored = new(JsonSerializerDefaults.Web);
    static readonly JsonSerializerOptions Nodes = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
    static readonly JsonSerializerOptions Request = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };
    static readonly JsonSerializerOptions Text = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The canonical findings of a visit as <see cref="FollowUpStore"/> stores them (JSON of <see cref="VisitFindings"/>).</summary>
    public static string FromStored(string storedJson)
    {
        var f = JsonSerializer.Deserialize<VisitFindings>(storedJson, Stored) ?? throw new ArgumentException("No findings.", nameof(storedJson));
        var o = new JsonObject { ["contact"] = f.Contact };
        o["instruments"] = new JsonArray([.. f.Instruments.Select(i => (JsonNode)new JsonObject { ["instrument"] = i.Instrument, [ResponseField] = i.ResponseId })]);
        if (f.Exam is not null) o["exam"] = JsonSerializer.SerializeToNode(f.Exam, Nodes);
        o["imaging"] = new JsonArray([.. f.Imaging.Select(read =>
        {
            var node = JsonSerializer.SerializeToNode(read, Nodes)!.AsObject();
            node.Remove("target"); // the schedule's target: a visit reads only the treated target
            if (read.Semiquantitative is { } semi) node["semiquantitative"] = JsonNode.Parse(semi);
            return (JsonNode)node;
        })]);
        o["biomarkers"] = JsonSerializer.SerializeToNode(f.Biomarkers, Nodes);
        o["newTreatments"] = JsonSerializer.SerializeToNode(f.NewTreatments, Nodes);
        o["notes"] = f.Notes;
        return Canonical(o);
    }

    /// <summary>Findings as stored (JSON of <see cref="VisitFindings"/>, as <see cref="FollowUpStore"/> writes it).</summary>
    public static string ToStored(VisitFindings findings) => JsonSerializer.Serialize(findings, Stored);

    /// <summary>
    /// The canonical findings as a visit record request (version 1, <paramref name="actualDate"/>), or the field path
    /// (JSON path of <see cref="RecordVisit"/>) and message of a value that does not fit its field.
    /// </summary>
    public static (RecordVisit? Request, string? Field, string? Problem) ToRequest(string canonical, string? actualDate)
    {
        try
        {
            var r = JsonSerializer.Deserialize<RecordVisit>(canonical, Request)!;
            return (r with { Version = 1, ActualDate = actualDate }, null, null);
        }
        catch (JsonException ex)
        {
            var field = ex.Path is { Length: > 2 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : "";
            return (null, field, FhirMessages.BadValue("Not a value of this field (wrong type, or not a field of a visit record)."));
        }
    }

    /// <summary>The response ids the canonical findings link (source ids, as read from the references).</summary>
    public static IReadOnlyList<string> ResponseIds(string canonical) =>
        JsonNode.Parse(canonical)!["instruments"] is JsonArray list
            ? [.. list.Select(i => (string?)i?[ResponseField]).OfType<string>()]
            : [];

    internal static void Write(Utf8JsonWriter w, FhirLinks links, string canonical)
    {
        w.WriteStartObject();
        w.WriteString("url", Url);
        w.WriteStartArray("extension");
        WriteMembers(w, links, JsonNode.Parse(canonical)!.AsObject());
        w.WriteEndArray();
        w.WriteEndObject();
    }

    static void WriteMembers(Utf8JsonWriter w, FhirLinks links, JsonObject o)
    {
        foreach (var (name, value) in o)
            if (value is JsonArray list) foreach (var item in list) WriteOne(w, links, name, item!);
            else WriteOne(w, links, name, value!);
    }

    static void WriteOne(Utf8JsonWriter w, FhirLinks links, string name, JsonNode node)
    {
        w.WriteStartObject();
        w.WriteString("url", name);
        if (node is JsonObject o)
        {
            w.WriteStartArray("extension");
            WriteMembers(w, links, o);
            w.WriteEndArray();
        }
        else
        {
            var v = node.AsValue();
            switch (v.GetValueKind())
            {
                case JsonValueKind.String when name == ResponseField:
                    w.WriteStartObject("valueReference");
                    w.WriteString("reference", links.To("QuestionnaireResponse", v.GetValue<string>()));
                    w.WriteEndObject();
                    break;
                case JsonValueKind.String: w.WriteString("valueString", v.GetValue<string>()); break;
                case JsonValueKind.True or JsonValueKind.False: w.WriteBoolean("valueBoolean", v.GetValue<bool>()); break;
                default:
                    var d = Number(v);
                    if (d == decimal.Truncate(d) && d is >= int.MinValue and <= int.MaxValue) w.WriteNumber("valueInteger", (int)d);
                    else w.WriteNumber("valueDecimal", d);
                    break;
            }
        }
        w.WriteEndObject();
    }

    /// <summary>Reads the extension <paramref name="x"/> (at <paramref name="at"/>, relative to the resource) into canonical findings.</summary>
    internal static string? Read(JsonElement x, string at, FhirRead r)
    {
        var before = r.Errors.ToDictionary().Count;
        var o = ReadMembers(x, at, r, top: true);
        if (r.Errors.ToDictionary().Count != before) return null;
        return Canonical(o);
    }

    static JsonObject ReadMembers(JsonElement x, string at, FhirRead r, bool top)
    {
        var o = new JsonObject();
        if (!FhirRead.TryGet(x, "extension", out var subs)) return o;
        if (subs.ValueKind != JsonValueKind.Array) { r.Fail(at + ".extension", FhirMessages.NotArray); return o; }
        var j = -1;
        foreach (var s in subs.EnumerateArray())
        {
            j++;
            var p = $"{at}.extension[{j}]";
            if (!FhirRead.TryGetText(s, "url", out var name)) { r.Fail(p + ".url", FhirMessages.Required); continue; }
            if (top && !Fields.Contains(name)) { r.Fail(p + ".url", FhirMessages.NotInValueSet("visit record fields", Fields)); continue; }
            JsonNode? value = null;
            if (FhirRead.TryGet(s, "extension", out _)) value = ReadMembers(s, p, r, top: false);
            else if (FhirRead.TryGet(s, "valueString", out _)) value = r.String(s, p + ".valueString", true);
            else if (FhirRead.TryGet(s, "valueInteger", out _)) value = r.Integer(s, p + ".valueInteger", true);
            else if (FhirRead.TryGet(s, "valueDecimal", out _)) value = r.Decimal(s, p + ".valueDecimal", true);
            else if (FhirRead.TryGet(s, "valueBoolean", out _)) value = r.Boolean(s, p + ".valueBoolean", true);
            else if (FhirRead.TryGet(s, "valueReference", out var rv))
            {
                if (name == ResponseField) value = r.ReferenceIn(rv, p + ".valueReference", "QuestionnaireResponse");
                else r.Fail(p + ".valueReference", FhirMessages.BadValue($"Only {ResponseField} is a reference."));
            }
            else r.Fail(p, FhirMessages.BadValue("Needs nested extensions or a value[x]: valueString, valueInteger, valueDecimal, valueBoolean or valueReference."));
            if (value is null) continue;
            if (top && Lists.Contains(name))
            {
                if (o[name] is not JsonArray list) o[name] = list = [];
                list.Add(value);
            }
            else if (o.ContainsKey(name)) r.Fail(p + ".url", FhirMessages.BadValue($"{name} is given more than once."));
            else o[name] = value;
        }
        return o;
    }

    /// <summary>
    /// The JSON path in <paramref name="resource"/> (at <paramref name="at"/>) of the value of <paramref name="field"/>, a
    /// field path of <see cref="RecordVisit"/> such as <c>imaging[1].reader</c>; the nearest enclosing extension when absent.
    /// </summary>
    public static string PathOf(JsonElement resource, string at, string field)
    {
        if (!FhirRead.TryGet(resource, "extension", out var ext) || ext.ValueKind != JsonValueKind.Array) return at + ".extension";
        var i = ext.EnumerateArray().ToList().FindIndex(x => FhirRead.TryGetText(x, "url", out var u) && u == Url);
        if (i < 0) return at + ".extension";
        var node = ext[i];
        var path = $"{at}.extension[{i}]";
        foreach (var segment in field.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = segment.IndexOf('[');
            var name = bracket < 0 ? segment : segment[..bracket];
            var occurrence = bracket < 0 ? 0 : int.Parse(segment[(bracket + 1)..segment.IndexOf(']')], CultureInfo.InvariantCulture);
            if (!FhirRead.TryGet(node, "extension", out var subs) || subs.ValueKind != JsonValueKind.Array) return path;
            var (seen, j, found) = (-1, -1, -1);
            foreach (var s in subs.EnumerateArray())
            {
                j++;
                if (FhirRead.TryGetText(s, "url", out var u) && u == name && ++seen == occurrence) { found = j; break; }
            }
            if (found < 0) return path;
            node = subs[found];
            path = $"{path}.extension[{found}]";
        }
        var value = node.ValueKind == JsonValueKind.Object
            ? node.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => n.StartsWith("value", StringComparison.Ordinal))
            : null;
        return value is null ? path : $"{path}.{value}";
    }

    /// <summary>Nulls, empty objects and empty lists dropped; numbers as decimals (integers without a fraction).</summary>
    static string Canonical(JsonObject o) => (Clean(o) ?? new JsonObject()).ToJsonString(Text);

    static JsonNode? Clean(JsonNode? node)
    {
        switch (node)
        {
            case null: return null;
            case JsonObject o:
                var copy = new JsonObject();
                foreach (var (k, v) in o) if (Clean(v) is { } c) copy[k] = c;
                return copy.Count == 0 ? null : copy;
            case JsonArray a:
                var items = new JsonArray();
                foreach (var v in a) if (Clean(v) is { } c) items.Add(c);
                return items.Count == 0 ? null : items;
            default:
                var value = node.AsValue();
                return value.GetValueKind() switch
                {
                    JsonValueKind.String => JsonValue.Create(value.GetValue<string>()),
                    JsonValueKind.True or JsonValueKind.False => JsonValue.Create(value.GetValue<bool>()),
                    JsonValueKind.Number => Number(value) is var d && d == decimal.Truncate(d) ? JsonValue.Create((long)d) : JsonValue.Create(d),
                    _ => null,
                };
        }
    }

    static decimal Number(JsonValue v) =>
        v.TryGetValue<decimal>(out var d) ? d
        : v.TryGetValue<double>(out var x) ? (decimal)x
        : v.TryGetValue<long>(out var l) ? l
        : v.TryGetValue<int>(out var i) ? i
        : decimal.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
}
