using System.Text.Json;
using System.Text.RegularExpressions;
using OrthoRegen.Instruments;
using static OrthoRegen.Tests.Instruments.Responses;

namespace OrthoRegen.Tests.Instruments;

// FHIR R4 Questionnaire export, checked against the R4 structure rules that apply to what we emit:
// resource id/name patterns, status codes, unique linkIds, item types, answerOption only on choice items with exactly one
// value[x], ordinalValue extension, enableWhen referring to an earlier item with a valid operator and one answer[x].
public partial class FhirQuestionnaireTests
{
    public static TheoryData<string> Codes() => [.. Catalog.Definitions.Select(d => d.Code)];

    static readonly HashSet<string> ItemTypes = ["group", "display", "boolean", "decimal", "integer", "date", "dateTime", "time", "string", "text",
        "url", "choice", "open-choice", "attachment", "reference", "quantity"];
    static readonly HashSet<string> Operators = ["exists", "=", "!=", ">", "<", ">=", "<="];

    [GeneratedRegex(@"^[A-Za-z0-9\-\.]{1,64}$")] private static partial Regex IdPattern();
    [GeneratedRegex(@"^[A-Z]([A-Za-z0-9_]){0,254}$")] private static partial Regex NamePattern();

    [Theory]
    [MemberData(nameof(Codes))]
    public void ToJson_EveryDefinition_IsStructurallyValidR4(string code)
    {
        var d = Definition(code);
        using var doc = JsonDocument.Parse(FhirQuestionnaire.ToJson(d));
        var q = doc.RootElement;
        Assert.Equal("Questionnaire", q.GetProperty("resourceType").GetString());
        Assert.Matches(IdPattern(), q.GetProperty("id").GetString()!);
        Assert.Matches(NamePattern(), q.GetProperty("name").GetString()!);
        Assert.Contains(q.GetProperty("status").GetString(), new[] { "draft", "active", "retired", "unknown" });
        Assert.Equal(d.Version, q.GetProperty("version").GetString());
        Assert.True(Uri.IsWellFormedUriString(q.GetProperty("url").GetString(), UriKind.Absolute));

        var seen = new List<string>();
        var leaves = new List<JsonElement>();
        Walk(q.GetProperty("item"), seen, leaves);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(d.Items.Select(i => i.Code), leaves.Select(l => l.GetProperty("linkId").GetString()));

        foreach (var leaf in leaves)
        {
            var item = d.Item(leaf.GetProperty("linkId").GetString()!)!;
            var type = leaf.GetProperty("type").GetString();
            Assert.Equal(item.Scale is AnswerScale.Choice or AnswerScale.Coded, type == "choice");
            Assert.Equal(item.Scale is AnswerScale.Choice or AnswerScale.Coded, leaf.TryGetProperty("answerOption", out _));
            if (item.Scale is AnswerScale.Choice choice) CheckOptions(d, choice, leaf.GetProperty("answerOption"));
            if (leaf.TryGetProperty("enableWhen", out var when)) CheckEnableWhen(when, leaf, seen);
        }
    }

    static void Walk(JsonElement items, List<string> seen, List<JsonElement> leaves)
    {
        Assert.Equal(JsonValueKind.Array, items.ValueKind);
        foreach (var item in items.EnumerateArray())
        {
            var linkId = item.GetProperty("linkId").GetString()!;
            Assert.False(string.IsNullOrWhiteSpace(linkId));
            seen.Add(linkId);
            var type = item.GetProperty("type").GetString()!;
            Assert.Contains(type, ItemTypes);
            if (type == "group")
            {
                Assert.False(item.TryGetProperty("answerOption", out _)); // que-… groups carry no answers
                Walk(item.GetProperty("item"), seen, leaves);
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(item.GetProperty("text").GetString()));
                leaves.Add(item);
            }
        }
    }

    static void CheckOptions(InstrumentDefinition d, AnswerScale.Choice choice, JsonElement options)
    {
        var list = options.EnumerateArray().ToList();
        Assert.Equal(choice.Options.Count + choice.CodedOptions.Count, list.Count);
        foreach (var (coded, o) in choice.CodedOptions.Zip(list.Skip(choice.Options.Count)))
        {
            Assert.Equal(coded.Code, o.GetProperty("valueCoding").GetProperty("code").GetString());
            Assert.False(o.TryGetProperty("extension", out _)); // a code such as NT has no ordinal value: it is never summed
        }
        list = list.Take(choice.Options.Count).ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var o = list[i];
            Assert.Single(o.EnumerateObject(), p => p.Name.StartsWith("value", StringComparison.Ordinal)); // exactly one value[x]
            var coding = o.GetProperty("valueCoding");
            Assert.Equal(FhirQuestionnaire.AnswerSystem(d), coding.GetProperty("system").GetString());
            Assert.Equal(choice.Options[i].Value, decimal.Parse(coding.GetProperty("code").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
            var ordinal = Assert.Single(o.GetProperty("extension").EnumerateArray());
            Assert.Equal(FhirQuestionnaire.OrdinalValueUrl, ordinal.GetProperty("url").GetString());
            Assert.Equal(choice.Options[i].Value, ordinal.GetProperty("valueDecimal").GetDecimal());
        }
    }

    static void CheckEnableWhen(JsonElement when, JsonElement leaf, List<string> seenSoFar)
    {
        var conditions = when.EnumerateArray().ToList();
        Assert.NotEmpty(conditions);
        if (conditions.Count > 1) Assert.True(leaf.TryGetProperty("enableBehavior", out _));
        foreach (var c in conditions)
        {
            Assert.Contains(c.GetProperty("question").GetString(), seenSoFar);
            Assert.Contains(c.GetProperty("operator").GetString()!, Operators);
            Assert.Single(c.EnumerateObject(), p => p.Name.StartsWith("answer", StringComparison.Ordinal));
            if (c.GetProperty("operator").GetString() == "exists") Assert.Equal(JsonValueKind.False, c.GetProperty("answerBoolean").ValueKind);
        }
    }

    [Theory]
    [InlineData("PAIN_VAS", "vas_cm", "vas_mm")]       // cm only while mm is unanswered
    [InlineData("HHS", "rom_points", "rom_flexion")]   // points only while the angles are unanswered
    public void ToJson_AlternativeItems_HaveEnableWhenExistsFalse(string code, string item, string question)
    {
        using var doc = JsonDocument.Parse(FhirQuestionnaire.ToJson(Definition(code)));
        var leaf = doc.RootElement.GetProperty("item").EnumerateArray().SelectMany(g => g.GetProperty("item").EnumerateArray())
            .Single(i => i.GetProperty("linkId").GetString() == item);
        var when = Assert.Single(leaf.GetProperty("enableWhen").EnumerateArray());
        Assert.Equal(question, when.GetProperty("question").GetString());
        Assert.Equal("exists", when.GetProperty("operator").GetString());
    }

    [Fact]
    public void ToJson_KellgrenLawrence_MatchesExpectedItem()
    {
        using var doc = JsonDocument.Parse(FhirQuestionnaire.ToJson(KellgrenLawrence.Definition));
        var item = doc.RootElement.GetProperty("item")[0].GetProperty("item")[0];
        var expected = """
            {"linkId":"grade","text":"Kellgren-Lawrence grade","type":"choice","required":false,"answerOption":[
             {"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/ordinalValue","valueDecimal":0}],
              "valueCoding":{"system":"urn:orthoregen:instrument:KL:answer","code":"0","display":"0 none: no features of OA"}}]}
            """;
        using var want = JsonDocument.Parse(expected);
        Assert.Equal(want.RootElement.GetProperty("linkId").GetString(), item.GetProperty("linkId").GetString());
        Assert.Equal(want.RootElement.GetProperty("type").GetString(), item.GetProperty("type").GetString());
        Assert.Equal(want.RootElement.GetProperty("answerOption")[0].GetRawText().Replace(" ", "").Replace("\n", ""),
            item.GetProperty("answerOption")[0].GetRawText().Replace(" ", "").Replace("\n", "").Replace("\r", ""));
        Assert.Equal(5, item.GetProperty("answerOption").GetArrayLength());
    }

    [Theory]
    [InlineData("ko", "통증")] // Korean labels
    [InlineData("zh", "疼痛")] // Chinese labels
    public void ToJson_Language_UsesThatLanguagesLabels(string language, string painWord)
    {
        using var doc = JsonDocument.Parse(FhirQuestionnaire.ToJson(Womac.Definition, language));
        Assert.Equal(language, doc.RootElement.GetProperty("language").GetString());
        Assert.Contains(painWord, doc.RootElement.GetProperty("item")[0].GetProperty("item")[0].GetProperty("text").GetString());
    }
}
