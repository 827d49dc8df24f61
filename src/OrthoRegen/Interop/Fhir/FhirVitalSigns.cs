using System.Text.Json;
using static OrthoRegen.Interop.Fhir.FhirWrite;

namespace OrthoRegen.Interop.Fhir;

/// <summary>
/// Body measurements as FHIR vital signs: a body weight (LOINC 29463-7, UCUM kg) or body height (LOINC 8302-2, UCUM cm)
/// Observation with category <c>vital-signs</c>, and the weight a treatment plan's cells/kg were computed from, carried on
/// the CarePlan by the <c>careplan-weight</c> extension (R4 CarePlan has no element for it). A measurement record holding
/// both a height and a weight is two Observations, <c>{record id}-height</c> and <c>{record id}-weight</c>.
/// </summary>
public static class FhirVitalSigns
{
    public const string Weight = "BODY_WEIGHT", Height = "BODY_HEIGHT";
    public const string VitalSignsCategory = "vital-signs";

    /// <summary>Project code → (LOINC code, display, UCUM unit).</summary>
    public static readonly IReadOnlyDictionary<string, (string Loinc, string Display, string Unit)> Codes = new Dictionary<string, (string, string, string)>
    {
        [Weight] = ("29463-7", "Body weight", "kg"),
        [Height] = ("8302-2", "Body height", "cm"),
    };

    /// <summary>The CarePlan extension holding the plan's weight: sub-extensions <c>weight</c> (valueQuantity, kg) and <c>measuredOn</c> (valueDate).</summary>
    public static readonly string PlanWeight = FhirCodes.Extension("careplan-weight");

    /// <summary>The Observation id suffix of each measurement.</summary>
    public static string Suffix(string code) => code == Weight ? "-weight" : "-height";

    /// <summary>True when the Observation's category is vital-signs.</summary>
    public static bool IsVitalSign(JsonElement o) =>
        FhirRead.TryGet(o, "category", out var cat) && cat.ValueKind == JsonValueKind.Array
        && cat.EnumerateArray().Any(c => FhirRead.TryGet(c, "coding", out var codings) && codings.ValueKind == JsonValueKind.Array
            && codings.EnumerateArray().Any(x => FhirRead.TryGetText(x, "system", out var s) && s == FhirCodes.ObservationCategory
                && FhirRead.TryGetText(x, "code", out var code) && code == VitalSignsCategory));

    internal static void Write(Utf8JsonWriter w, FhirObservation o, FhirLinks links)
    {
        var (loinc, display, unit) = Codes[o.Code];
        Start(w, "Observation", o.Id, "observation");
        w.WriteString("status", "final");
        ConceptArray(w, "category", FhirCodes.ObservationCategory, VitalSignsCategory);
        Concept(w, "code", FhirCodes.Loinc, loinc, display);
        Reference(w, "subject", links.To("Patient", o.PatientId));
        w.WriteString("effectiveDateTime", Date(o.Effective));
        Quantity(w, "valueQuantity", o.Value!.Value, unit);
        w.WriteEndObject();
    }

    internal static FhirObservation? Read(JsonElement o, FhirRead r)
    {
        var id = r.String(o, "id", required: true) ?? "";
        var status = r.String(o, "status", required: true);
        if (status is not null and not ("final" or "amended" or "corrected")) r.Fail("status", FhirMessages.NotInValueSet("http://hl7.org/fhir/observation-status", ["final", "amended", "corrected"]));
        var loinc = r.Code(o, "code", FhirCodes.Loinc, required: true, [.. Codes.Values.Select(c => c.Loinc)]);
        var code = loinc is null ? null : Codes.First(kv => kv.Value.Loinc == loinc).Key;
        var patient = r.Reference(o, "subject", "Patient", required: true);
        var effective = r.Date(o, "effectiveDateTime", required: true);
        decimal? value = null;
        if (!FhirRead.TryGet(o, "valueQuantity", out var q)) r.Fail("valueQuantity", FhirMessages.Required);
        else if (code is not null) value = ReadQuantity(q, "valueQuantity", Codes[code].Unit, r);
        if (code is null || patient is null || effective is null || value is null || !r.Errors.IsEmpty) return null;
        return new FhirObservation(id, patient, ObservationKind.VitalSign, code, effective.Value, value, Codes[code].Unit, null, null, null, null);
    }

    /// <summary>Writes the plan's weight extension (inside the CarePlan's extension array).</summary>
    internal static void WritePlanWeight(Utf8JsonWriter w, decimal weightKg, DateOnly measuredOn)
    {
        w.WriteStartObject();
        w.WriteString("url", PlanWeight);
        w.WriteStartArray("extension");
        w.WriteStartObject();
        w.WriteString("url", "weight");
        Quantity(w, "valueQuantity", weightKg, "kg");
        w.WriteEndObject();
        w.WriteStartObject();
        w.WriteString("url", "measuredOn");
        w.WriteString("valueDate", Date(measuredOn));
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Reads the plan's weight extension: both sub-extensions are required when it is present.</summary>
    internal static (decimal? WeightKg, DateOnly? MeasuredOn) ReadPlanWeight(JsonElement o, FhirRead r)
    {
        if (r.Extension(o, PlanWeight, out var at) is not { } x) return (null, null);
        decimal? weight = null;
        DateOnly? on = null;
        if (r.Extension(x, "weight", out var wAt) is { } wx)
        {
            if (FhirRead.TryGet(wx, "valueQuantity", out var q)) weight = ReadQuantity(q, $"{at}.{wAt}.valueQuantity", "kg", r);
            else r.Fail($"{at}.{wAt}.valueQuantity", FhirMessages.Required);
        }
        else r.Fail($"{at}.extension", FhirMessages.MissingExtension("weight"));
        if (r.Extension(x, "measuredOn", out var dAt) is { } dx) on = r.Date(dx, $"{at}.{dAt}.valueDate", required: true);
        else r.Fail($"{at}.extension", FhirMessages.MissingExtension("measuredOn"));
        return weight is null || on is null ? (null, null) : (weight, on);
    }

    static void Quantity(Utf8JsonWriter w, string property, decimal value, string unit)
    {
        w.WriteStartObject(property);
        w.WriteNumber("value", value);
        w.WriteString("unit", unit);
        w.WriteString("system", FhirCodes.Ucum);
        w.WriteString("code", unit);
        w.WriteEndObject();
    }

    /// <summary>A Quantity in exactly the UCUM <paramref name="unit"/> (no conversion: a pound or an inch is refused, not guessed).</summary>
    static decimal? ReadQuantity(JsonElement q, string at, string unit, FhirRead r)
    {
        var value = r.Decimal(q, at + ".value", required: true);
        var system = r.String(q, at + ".system", required: true);
        var code = r.String(q, at + ".code", required: true);
        if (system is not null && system != FhirCodes.Ucum) { r.Fail(at + ".system", FhirMessages.BadValue($"Must be {FhirCodes.Ucum}.")); return null; }
        if (code is not null && code != unit) { r.Fail(at + ".code", FhirMessages.BadValue($"Must be the UCUM unit {unit}.")); return null; }
        return system is null || code is null ? null : value;
    }
}
