using System.Text.Json;

namespace OrthoRegen.Interop.Fhir;

/// <summary>
/// Structural validation of a Bundle against the R4 rules that matter here: Bundle shape (type, fullUrl, request),
/// each resource's required elements and cardinality (base R4 minimums, and 0..* elements as arrays), the code systems
/// and value sets the mappers use (by reading every resource back through <see cref="FhirMapper"/>), and references
/// resolving inside the bundle. Problems are keyed by JSON path (<c>Bundle.entry[3].resource.subject.reference</c>).
/// </summary>
public static class FhirValidator
{
    /// <summary>R4 elements with minimum cardinality 1, per resource type.</summary>
    static readonly Dictionary<string, string[]> Required = new()
    {
        ["Consent"] = ["status", "scope", "category"],
        ["Condition"] = ["subject"],
        ["Observation"] = ["status", "code"],
        ["QuestionnaireResponse"] = ["status"],
        ["Questionnaire"] = ["status"],
        ["CarePlan"] = ["status", "intent", "subject"],
        ["Procedure"] = ["status", "subject"],
        ["Provenance"] = ["target", "recorded", "agent"],
        ["Encounter"] = ["status", "class"],
        ["AdverseEvent"] = ["actuality", "subject"],
        ["Patient"] = [],
        ["BiologicallyDerivedProduct"] = [],
    };

    /// <summary>Elements whose R4 maximum is * (must be JSON arrays when present).</summary>
    static readonly string[] Lists = ["identifier", "extension", "name", "communication", "category", "policy", "bodySite", "derivedFrom", "basedOn",
        "item", "addresses", "supportingInfo", "activity", "note", "target", "agent", "type", "suspectEntity", "storage", "answerOption", "entry"];

    /// <summary>Elements whose R4 maximum is 1 (must not be arrays).</summary>
    static readonly string[] Singles = ["status", "code", "subject", "patient", "scope", "gender", "birthDate", "effectiveDateTime", "valueQuantity",
        "intent", "recorded", "activity", "class", "period", "actuality", "event", "seriousness", "severity", "outcome", "questionnaire", "authored",
        "productCategory", "productCode", "collection", "provision", "dateTime", "managingOrganization", "clinicalStatus", "verificationStatus", "recordedDate"];

    public static IReadOnlyDictionary<string, string[]> ValidateBundle(JsonElement bundle)
    {
        var e = new FieldErrors();
        var r = new FhirRead(e, "Bundle", _ => null);
        if (r.String(bundle, "resourceType", true) is { } rt && rt != "Bundle") r.Fail("resourceType", "Must be Bundle.");
        var type = r.String(bundle, "type", true);
        if (!FhirRead.TryGet(bundle, "entry", out var entries) || entries.ValueKind != JsonValueKind.Array) { r.Fail("entry", FhirMessages.NotArray); return e.ToDictionary(); }
        var urls = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        var i = 0;
        foreach (var entry in entries.EnumerateArray())
        {
            var at = $"entry[{i++}]";
            var url = r.String(entry, at + ".fullUrl", required: true, name: "fullUrl");
            if (!FhirRead.TryGet(entry, "resource", out var res)) { r.Fail(at + ".resource", FhirMessages.Required); continue; }
            var rtype = FhirRead.TryGet(res, "resourceType", out var t) ? t.GetString() ?? "" : "";
            var id = FhirRead.TryGet(res, "id", out var idv) ? idv.GetString() ?? "" : "";
            if (url is not null && !urls.TryAdd(url, (rtype, id))) r.Fail(at + ".fullUrl", "Must be unique within the bundle.");
            if (type == "transaction")
            {
                if (!FhirRead.TryGet(entry, "request", out var req)) r.Fail(at + ".request", FhirMessages.Required);
                else
                {
                    var method = r.String(req, at + ".request.method", true, "method");
                    if (method is not null and not ("PUT" or "POST")) r.Fail(at + ".request.method", FhirMessages.NotInValueSet("http://hl7.org/fhir/http-verb", ["PUT", "POST"]));
                    r.String(req, at + ".request.url", true, "url");
                }
            }
        }
        i = 0;
        foreach (var entry in entries.EnumerateArray())
        {
            var at = $"Bundle.entry[{i++}].resource";
            if (!FhirRead.TryGet(entry, "resource", out var res)) continue;
            foreach (var (path, messages) in ValidateResource(res, at, reference => urls.TryGetValue(reference, out var hit) ? hit : null))
                foreach (var m in messages) e.Add(path, m);
        }
        return e.ToDictionary();
    }

    /// <summary>Validates one resource; <paramref name="resolve"/> decides which references resolve.</summary>
    public static IReadOnlyDictionary<string, string[]> ValidateResource(JsonElement resource, string path, ReferenceResolver resolve)
    {
        var e = new FieldErrors();
        var r = new FhirRead(e, path, resolve);
        var type = r.String(resource, "resourceType", true);
        if (type is null) return e.ToDictionary();
        if (!Required.TryGetValue(type, out var required)) { r.Fail("resourceType", FhirMessages.UnknownType(type)); return e.ToDictionary(); }
        var id = r.String(resource, "id", true);
        if (id is not null && !System.Text.RegularExpressions.Regex.IsMatch(id, "^[A-Za-z0-9\\-.]{1,64}$")) r.Fail("id", "Must be 1-64 letters, digits, '-' or '.'.");
        foreach (var name in required)
            if (!FhirRead.TryGet(resource, name, out var v) || v.ValueKind == JsonValueKind.Array && v.GetArrayLength() == 0) r.Fail(name, FhirMessages.Required);
        foreach (var p in resource.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.Array && p.Value.GetArrayLength() == 0) r.Fail(p.Name, "An empty array is not allowed in FHIR JSON.");
            if (Lists.Contains(p.Name) && !(type == "Encounter" && p.Name == "class") && !(type == "CarePlan" && p.Name == "activity") && p.Value.ValueKind != JsonValueKind.Array
                && !(type is "Provenance" or "Encounter" && p.Name == "type") && !(type == "Provenance" && p.Name == "activity")
                && !(type == "Observation" && p.Name == "bodySite") && !(type == "QuestionnaireResponse" && p.Name == "identifier")
                && !(type == "Questionnaire" && p.Name == "name") && !(type == "Procedure" && p.Name == "category"))
                r.Fail(p.Name, FhirMessages.NotArray);
            if ((Singles.Contains(p.Name) || type == "QuestionnaireResponse" && p.Name == "identifier") && p.Value.ValueKind == JsonValueKind.Array && !(type == "CarePlan" && p.Name == "activity"))
                r.Fail(p.Name, FhirMessages.CardinalityOne);
        }
        if (e.IsEmpty) FhirMapper.Read(resource, r);
        return e.ToDictionary();
    }
}
