using System.Text.Json;
using System.Text.Json.Nodes;
using OrthoRegen.Interop.Fhir;
using Xunit;

namespace OrthoRegen.Tests.Interop.Fhir;

/// <summary>The mappers the administration import reads: vital signs (weight, height), the plan's weight, the bedside Procedure.</summary>
public class AdministrationMapperTests
{
    const string P = "0197a1b2c3d4e5f60718293a4b5c6d7e";
    const string M = "0197a1b2c3d4e5f60718293a4b5c6d71";
    const string Lot = "0197a1b2c3d4e5f60718293a4b5c6d70";
    static readonly DateTimeOffset At = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    static FhirObservation Weight(decimal kg) => new(M + "-weight", P, ObservationKind.VitalSign, FhirVitalSigns.Weight, new DateOnly(2026, 1, 2), kg, "kg", null, null, null, null);
    static FhirObservation Height(decimal cm) => new(M + "-height", P, ObservationKind.VitalSign, FhirVitalSigns.Height, new DateOnly(2026, 1, 2), cm, "cm", null, null, null, null);

    static readonly FhirProcedure Administration = new("ad1", P, FhirProcedure.Administration, "INTRA_ARTICULAR", At, "KNEE_R", Lot, "plan1", 50m, 2m,
        FhirDetail.Of(ProductExtensions.Administration, ("injectionNumber", 1), ("divisionCode", "A0"), ("guidance", "ULTRASOUND"), ("operator", "dr.lee"),
            ("observationMinutes", 30), ("immediateReaction", false), ("scannedDin", "Z999926000001"), ("scannedProductCode", "S1234AA0"),
            ("scannedPatientIdentifier", "P-ABCDEFGH2")));

    public static TheoryData<string, IFhirRecord> Records() => new()
    {
        { "body weight", Weight(61.5m) },
        { "body height", Height(158m) },
        { "care plan with its weight", new FhirCarePlan("plan1", P, "ACTIVE", "KNEE_OA", "KNEE_R", "BM_MSC", "AUTOLOGOUS", "INTRA_ARTICULAR", 50m, 2, 28, "c1", "a1",
            "MORE_THAN_MINIMAL", "ULTRASOUND", "KR_ARM_TREATMENT", WeightKg: 61.5m, WeightMeasuredOn: new DateOnly(2026, 1, 2)) },
        { "administration with its bedside detail", Administration },
    };

    static FhirRead Reader(FieldErrors errors, string type) => new(errors, type, reference =>
    {
        var parts = reference.Split('/');
        return parts.Length == 2 ? (parts[0], parts[1]) : null;
    });

    static (IFhirRecord? Record, FieldErrors Errors) Read(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var errors = new FieldErrors();
        var type = doc.RootElement.GetProperty("resourceType").GetString()!;
        return (FhirMapper.Read(doc.RootElement, Reader(errors, type)), errors);
    }

    [Theory, MemberData(nameof(Records))]
    public void Read_WrittenRecord_GivesTheSameRecord(string name, IFhirRecord record)
    {
        var (back, errors) = Read(FhirMapper.ToJson(record, FhirLinks.Relative));
        Assert.True(errors.IsEmpty, name + ": " + string.Join("; ", errors.ToDictionary().Select(kv => kv.Key + " " + string.Join(",", kv.Value))));
        Assert.Equal(record, back);
    }

    [Theory, MemberData(nameof(Records))]
    public void Write_Record_PassesStructuralValidation(string name, IFhirRecord record)
    {
        using var doc = JsonDocument.Parse(FhirMapper.ToJson(record, FhirLinks.Relative));
        var errors = FhirValidator.ValidateResource(doc.RootElement, record.ResourceType, reference =>
        {
            var parts = reference.Split('/');
            return parts.Length == 2 ? (parts[0], parts[1]) : null;
        });
        Assert.True(errors.Count == 0, name + ": " + string.Join("; ", errors.Select(kv => kv.Key + " " + string.Join(",", kv.Value))));
    }

    [Fact]
    public void Write_BodyWeight_IsAVitalSignsObservationWithLoincAndUcum()
    {
        var json = FhirMapper.ToJson(Weight(61.5m), FhirLinks.Relative);
        Assert.Equal($$$"""{"resourceType":"Observation","id":"{{{M}}}-weight","identifier":[{"system":"https://orthoregen.org/fhir/sid/observation","value":"{{{M}}}-weight"}],"status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"29463-7","display":"Body weight"}]},"subject":{"reference":"Patient/{{{P}}}"},"effectiveDateTime":"2026-01-02","valueQuantity":{"value":61.5,"unit":"kg","system":"http://unitsofmeasure.org","code":"kg"}}""", json);
        Assert.Contains("\"code\":\"8302-2\"", FhirMapper.ToJson(Height(158m), FhirLinks.Relative));
    }

    [Theory]
    [InlineData("system", "http://example.org/units", "valueQuantity.system")]
    [InlineData("code", "[lb_av]", "valueQuantity.code")]
    public void Read_WeightInAnotherUnit_IsRefusedAtTheUnitNotConverted(string property, string value, string path)
    {
        var node = JsonNode.Parse(FhirMapper.ToJson(Weight(61.5m), FhirLinks.Relative))!;
        node["valueQuantity"]![property] = value;
        var (record, errors) = Read(node.ToJsonString());
        Assert.Null(record);
        Assert.Contains("Observation." + path, errors.ToDictionary().Keys);
    }

    [Fact]
    public void Read_VitalSignWithAnUnknownLoincCode_IsRefusedAtTheCoding()
    {
        var node = JsonNode.Parse(FhirMapper.ToJson(Weight(61.5m), FhirLinks.Relative))!;
        node["code"]!["coding"]![0]!["code"] = "8867-4"; // heart rate: not a body measurement
        var (record, errors) = Read(node.ToJsonString());
        Assert.Null(record);
        Assert.Contains("Observation.code.coding[0].code", errors.ToDictionary().Keys);
    }

    [Fact]
    public void Read_PlanWeightWithoutItsDate_IsRefusedAtTheExtension()
    {
        var plan = new FhirCarePlan("plan1", P, "ACTIVE", "KNEE_OA", "KNEE_R", "BM_MSC", "AUTOLOGOUS", "INTRA_ARTICULAR", 50m, 2, 28, "c1", "a1",
            WeightKg: 70m, WeightMeasuredOn: new DateOnly(2026, 1, 2));
        var node = JsonNode.Parse(FhirMapper.ToJson(plan, FhirLinks.Relative))!;
        var weight = node["extension"]!.AsArray().Single(x => (string?)x!["url"] == FhirVitalSigns.PlanWeight)!;
        var subs = weight["extension"]!.AsArray();
        subs.Remove(subs.Single(x => (string?)x!["url"] == "measuredOn"));
        var (record, errors) = Read(node.ToJsonString());
        Assert.Null(record);
        Assert.Contains(errors.ToDictionary(), kv => kv.Key.StartsWith("CarePlan.extension[", StringComparison.Ordinal) && kv.Value.Any(m => m.Contains("measuredOn")));
    }

    [Fact]
    public void Write_PlanWithoutWeight_CarriesNoWeightExtension()
    {
        var plan = new FhirCarePlan("plan1", P, "ACTIVE", "KNEE_OA", "KNEE_R", "BM_MSC", "AUTOLOGOUS", "INTRA_ARTICULAR", 50m, 2, 28, "c1", "a1");
        Assert.DoesNotContain("careplan-weight", FhirMapper.ToJson(plan, FhirLinks.Relative));
    }
}
