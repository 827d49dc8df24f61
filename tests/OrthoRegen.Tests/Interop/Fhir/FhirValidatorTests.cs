using System.Text.Json;
using System.Text.Json.Nodes;
using OrthoRegen.Interop.Fhir;
using Xunit;

namespace OrthoRegen.Tests.Interop.Fhir;

public class FhirValidatorTests
{
    const string P = "0197a1b2c3d4e5f60718293a4b5c6d7e";

    static JsonObject Bundle()
    {
        var patient = new FhirPatient(P, "P-ABCDEFGH2", "MAIN", "Kim", "Minji", new DateOnly(1960, 3, 2), "F", "ko", null);
        var condition = new FhirCondition("0197a1b2c3d4e5f60718293a4b5c6d71", P, "KNEE_OA", "KNEE_R", new DateOnly(2026, 1, 2));
        JsonObject Entry(IFhirRecord r) => new()
        {
            ["fullUrl"] = FhirCodes.UrnOf(r.ResourceType, r.Id),
            ["resource"] = JsonNode.Parse(FhirMapper.ToJson(r, FhirLinks.Bundle)),
            ["request"] = new JsonObject { ["method"] = "PUT", ["url"] = $"{r.ResourceType}?identifier=x|{r.Id}" },
        };
        return new JsonObject { ["resourceType"] = "Bundle", ["type"] = "transaction", ["entry"] = new JsonArray(Entry(patient), Entry(condition)) };
    }

    static IReadOnlyDictionary<string, string[]> Validate(JsonObject bundle)
    {
        using var doc = JsonDocument.Parse(bundle.ToJsonString());
        return FhirValidator.ValidateBundle(doc.RootElement);
    }

    [Fact]
    public void ValidateBundle_WrittenBundle_IsValid() => Assert.Empty(Validate(Bundle()));

    [Fact]
    public void ValidateBundle_MissingRequiredElement_NamesItsPath()
    {
        var b = Bundle();
        b["entry"]![1]!["resource"]!.AsObject().Remove("subject");
        var errors = Validate(b);
        Assert.Equal([FhirMessages.Required], errors["Bundle.entry[1].resource.subject"]);
    }

    [Fact]
    public void ValidateBundle_WrongCodeSystem_NamesTheCoding()
    {
        var b = Bundle();
        b["entry"]![1]!["resource"]!["code"]!["coding"]![0]!["system"] = "http://snomed.info/sct";
        var errors = Validate(b);
        Assert.Contains(errors, kv => kv.Key == "Bundle.entry[1].resource.code.coding" && kv.Value.Contains(FhirMessages.NoCodingFrom(FhirCodes.Indication)));
    }

    [Fact]
    public void ValidateBundle_CodeOutsideTheValueSet_NamesTheCode()
    {
        var b = Bundle();
        b["entry"]![1]!["resource"]!["code"]!["coding"]![0]!["code"] = "SHOULDER_OA";
        Assert.Contains("Bundle.entry[1].resource.code.coding[0].code", Validate(b).Keys);
    }

    [Fact]
    public void ValidateBundle_DanglingReference_NamesTheReference()
    {
        var b = Bundle();
        b["entry"]!.AsArray().RemoveAt(0);
        var errors = Validate(b);
        Assert.Contains(errors, kv => kv.Key == "Bundle.entry[0].resource.subject.reference" && kv.Value[0].Contains("does not resolve"));
    }

    [Fact]
    public void ValidateBundle_ArrayWhereOneIsAllowed_IsACardinalityError()
    {
        var b = Bundle();
        b["entry"]![0]!["resource"]!["gender"] = new JsonArray("female");
        Assert.Equal([FhirMessages.CardinalityOne], Validate(b)["Bundle.entry[0].resource.gender"]);
    }

    [Fact]
    public void ValidateBundle_TransactionEntryWithoutRequest_IsInvalid()
    {
        var b = Bundle();
        b["entry"]![0]!.AsObject().Remove("request");
        Assert.Contains("Bundle.entry[0].request", Validate(b).Keys);
    }
}
