using System.Text.Json;
using System.Text.Json.Nodes;
using OrthoRegen.Instruments;
using OrthoRegen.Interop.Fhir;
using Xunit;

namespace OrthoRegen.Tests.Interop.Fhir;

/// <summary>
/// A QuestionnaireResponse's items are read by a quick path when well formed and by the general reading otherwise: both
/// must take every item form the same way (answers, scale of numbers) and a wrong item must still be refused at its path.
/// </summary>
public class ResponseItemReadingTests
{
    const string P = "0197a1b2c3d4e5f60718293a4b5c6d7e";

    static (FhirQuestionnaireResponse? Record, Dictionary<string, string[]> Errors) Read(string itemJson)
    {
        var record = new FhirQuestionnaireResponse("q1", P, "PAIN_NRS", "1.0", "en", "PORTAL", "M3", "KNEE_R", new DateOnly(2026, 4, 2),
            new([new ResponseItem("nrs", Answer.Of(4))]), null);
        var node = JsonNode.Parse(FhirMapper.ToJson(record, FhirLinks.Relative))!;
        node["item"] = JsonNode.Parse("[" + itemJson + "]");
        using var doc = JsonDocument.Parse(node.ToJsonString());
        var errors = new FieldErrors();
        var back = FhirMapper.Read(doc.RootElement, new FhirRead(errors, "QR", r => r.Split('/') is [var t, var i] ? (t, i) : null));
        return (back as FhirQuestionnaireResponse, errors.ToDictionary().ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()));
    }

    public static TheoryData<string, string, string> Accepted() => new()
    {
        { "integer", """{"linkId":"a","answer":[{"valueInteger":3}]}""", "Number 3" },
        { "integer written 3.0 keeps scale 0", """{"linkId":"a","answer":[{"valueInteger":3.0}]}""", "Number 3" },
        { "decimal keeps its scale", """{"linkId":"a","answer":[{"valueDecimal":2.50}]}""", "Number 2.50" },
        { "boolean", """{"linkId":"a","answer":[{"valueBoolean":false}]}""", "Boolean False" },
        { "numeric code", """{"linkId":"a","answer":[{"valueCoding":{"code":"2"}}]}""", "Number 2" },
        { "text code", """{"linkId":"a","answer":[{"valueCoding":{"system":"x","code":"NT"}}]}""", "Text NT" },
        { "no answer", """{"linkId":"a"}""", "Missing" },
        { "empty answer list", """{"linkId":"a","answer":[]}""", "Missing" },
        { "null answer", """{"linkId":"a","answer":null}""", "Missing" },
        { "answer not a list", """{"linkId":"a","answer":{"valueInteger":3}}""", "Missing" },
        { "decimal wins over integer", """{"linkId":"a","answer":[{"valueInteger":1,"valueDecimal":1.5}]}""", "Number 1.5" },
        { "null decimal falls to integer", """{"linkId":"a","answer":[{"valueDecimal":null,"valueInteger":7}]}""", "Number 7" },
    };

    [Theory, MemberData(nameof(Accepted))]
    public void WellFormedItem_IsReadAsItsAnswer(string name, string item, string expected)
    {
        var (record, errors) = Read(item);
        Assert.True(errors.Count == 0, name + ": " + string.Join("; ", errors.Select(kv => kv.Key)));
        var answer = Assert.Single(record!.Items).Answer;
        Assert.Equal("a", record.Items[0].Code);
        var text = answer.Kind switch
        {
            AnswerKind.Number => "Number " + answer.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            AnswerKind.Boolean => "Boolean " + answer.Flag,
            AnswerKind.Text => "Text " + answer.Text,
            _ => answer.Kind.ToString(),
        };
        Assert.Equal(expected, text);
    }

    public static TheoryData<string, string, string> Refused() => new()
    {
        { "blank link id", """{"linkId":"  ","answer":[{"valueInteger":3}]}""", "QR.item[0].linkId" },
        { "no link id", """{"answer":[{"valueInteger":3}]}""", "QR.item[0].linkId" },
        { "link id a number", """{"linkId":5}""", "QR.item[0].linkId" },
        { "two answers", """{"linkId":"a","answer":[{"valueInteger":3},{"valueInteger":4}]}""", "QR.item[0].answer" },
        { "integer with a fraction", """{"linkId":"a","answer":[{"valueInteger":2.5}]}""", "QR.item[0].answer[0].valueInteger" },
        { "decimal as text", """{"linkId":"a","answer":[{"valueDecimal":"3"}]}""", "QR.item[0].answer[0].valueDecimal" },
        { "boolean as text", """{"linkId":"a","answer":[{"valueBoolean":"true"}]}""", "QR.item[0].answer[0].valueBoolean" },
        { "code null", """{"linkId":"a","answer":[{"valueCoding":{"code":null}}]}""", "QR.item[0].answer[0].valueCoding.code" },
        { "code blank", """{"linkId":"a","answer":[{"valueCoding":{"code":" "}}]}""", "QR.item[0].answer[0].valueCoding.code" },
        { "coding not an object", """{"linkId":"a","answer":[{"valueCoding":"2"}]}""", "QR.item[0].answer[0].valueCoding.code" },
        { "unknown value type", """{"linkId":"a","answer":[{"valueString":"x"}]}""", "QR.item[0].answer[0]" },
        { "answer entry not an object", """{"linkId":"a","answer":[3]}""", "QR.item[0].answer[0]" },
    };

    [Theory, MemberData(nameof(Refused))]
    public void WrongItem_IsRefusedAtItsPath(string name, string item, string path)
    {
        var (record, errors) = Read(item);
        Assert.Null(record);
        Assert.True(errors.ContainsKey(path), name + ": " + string.Join("; ", errors.Select(kv => kv.Key)));
    }
}
