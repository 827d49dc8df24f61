using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Hostile;

/// <summary>The generator itself: deterministic per seed, and its must-refuse variants really are broken.</summary>
public sealed class HostileInputsTests
{
    static readonly JsonNode Example = JsonNode.Parse("""{"name":"Kim","born":"1961-04-05","heightCm":158.5,"active":true,"items":[{"code":"P1","value":2}]}""")!;

    [Fact]
    public void For_SameSeedAndSalt_GivesTheSameVariants_AnotherSeedAnother()
    {
        var a = new HostileInputs(7).For(Example, 40, "POST /x").Select(v => Convert.ToBase64String(v.Body)).ToList();
        var b = new HostileInputs(7).For(Example, 40, "POST /x").Select(v => Convert.ToBase64String(v.Body)).ToList();
        var c = new HostileInputs(8).For(Example, 40, "POST /x").Select(v => Convert.ToBase64String(v.Body)).ToList();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(40, a.Count);
    }

    [Fact]
    public void All_CoversEveryKindTheIssueNames()
    {
        var kinds = new HostileInputs(1).All(Example).Select(v => v.Kind).ToHashSet();
        foreach (var k in new[] { "empty body", "wrong content type", "truncated JSON", "bare NaN token", "deep nesting (10,000 levels)", "unknown field",
                     "duplicate key", "missing field", "invalid UTF-8 in string", "huge string (1 MB)", "huge number 1e309", "impossible date 0000-00-00",
                     "date 9999-12-31", "string instead of number", "\"NaN\" as a string", "injection text" })
            Assert.Contains(k, kinds);
    }

    [Fact]
    public void MustReject_JsonVariants_DoNotDeserializeStrictly_OrBreakAType()
    {
        var strict = new JsonSerializerOptions { AllowDuplicateProperties = false, MaxDepth = 32 };
        foreach (var v in new HostileInputs(3).All(Example).Where(v => v.MustReject && v.ContentType == HostileInputs.Json))
        {
            if (v.Kind.StartsWith("impossible date", StringComparison.Ordinal) || v.Kind.Contains("instead of", StringComparison.Ordinal)
                || v.Kind.StartsWith("huge number", StringComparison.Ordinal) || v.Kind.Contains("as a string", StringComparison.Ordinal)
                || v.Kind == "unknown field" || v.Kind.StartsWith("string instead", StringComparison.Ordinal)) continue; // wrong for the schema, not for JSON
            Assert.ThrowsAny<Exception>(() => JsonSerializer.Deserialize<JsonNode>(v.Body, strict)!.ToJsonString());
        }
    }

    [Fact]
    public void ForCsv_ParsesItsOwnExample_AndNamesLineAndColumn()
    {
        const string csv = "title,year,published_on\r\n\"A, study\",2021,2021-03-04\r\n";
        var rows = HostileInputs.ParseCsv(csv);
        Assert.Equal(["A, study", "2021", "2021-03-04"], rows[1]);
        Assert.Equal(csv, HostileInputs.WriteCsv(rows));
        var variants = new HostileInputs(5).ForCsv(csv, 1000);
        Assert.Contains(variants, v => v is { Kind: "text in a number cell", Field: "line 2, column year", MustReject: true });
        Assert.Contains(variants, v => v is { Kind: "impossible date 2026-02-30", Field: "line 2, column published_on", MustReject: true });
        Assert.Contains(variants, v => v.Kind == "invalid UTF-8" && !System.Text.Unicode.Utf8.IsValid(v.Body));
        Assert.Contains(variants, v => v.Kind == "injection text" && Encoding.UTF8.GetString(v.Body).Contains("DROP TABLE", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("imaging[0].klGrade", "imaging[0].klGrade", true)]   // the exact JSON path
    [InlineData("$.imaging[0].klGrade", "imaging[0].klGrade", true)] // System.Text.Json's form
    [InlineData("imaging", "imaging[0].klGrade", true)]              // the list it is in
    [InlineData("Bundle.entry[0].resource.gender", "entry[0].resource.gender", true)] // FHIR path from the resource type
    [InlineData("P3", "items.P3", true)]                             // an answer by item code
    [InlineData("row 2, column 'year'", "line 2, column year", true)] // CSV row and column
    [InlineData("familyName", "givenName", false)]                   // another field
    [InlineData("imaging[1].klGrade", "imaging[0].klGrade", false)]  // another item
    public void Names_MatchesTheFieldItWasChangedIn(string key, string field, bool expected) =>
        Assert.Equal(expected, HostileApiTests.Names(key, field));
}
