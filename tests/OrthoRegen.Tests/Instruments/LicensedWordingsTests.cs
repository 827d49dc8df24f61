using System.Text.Json;
using OrthoRegen.Instruments;
using static OrthoRegen.Tests.Instruments.Responses;

namespace OrthoRegen.Tests.Instruments;

// Clinic-supplied licensed wordings (format in LICENSED_WORDINGS.md).
public class LicensedWordingsTests
{
    const string Valid = """
        {
          // comments are allowed
          "instrument": "WOMAC", "version": "3.1", "language": "ko",
          "licence": "WOMAC 3.1 licence 1234, Clinic X, to 2027-12-31",
          "title": "WOMAC 라이선스 판",
          "items": { "P1": { "text": "LICENSED P1 TEXT", "options": { "0": "LICENSED NONE", "4": "LICENSED EXTREME" } } },
        }
        """;

    [Fact]
    public void Parse_ValidFile_GivesWordingUsedByFhirExport()
    {
        var wording = LicensedWordings.Parse(Valid, Catalog, out var problems);
        Assert.Empty(problems);
        Assert.NotNull(wording);
        Assert.Equal("LICENSED P1 TEXT", wording.ItemText("P1"));
        Assert.Equal("LICENSED EXTREME", wording.OptionText("P1", 4));
        Assert.Null(wording.OptionText("P1", 2));

        using var doc = JsonDocument.Parse(FhirQuestionnaire.ToJson(Womac.Definition, "ko", wording));
        var p1 = doc.RootElement.GetProperty("item")[0].GetProperty("item")[0];
        Assert.Equal("LICENSED P1 TEXT", p1.GetProperty("text").GetString());
        Assert.Equal("LICENSED NONE", p1.GetProperty("answerOption")[0].GetProperty("valueCoding").GetProperty("display").GetString());
        Assert.Equal("약간", p1.GetProperty("answerOption")[1].GetProperty("valueCoding").GetProperty("display").GetString()); // not covered: our label
        Assert.Equal("WOMAC 라이선스 판", doc.RootElement.GetProperty("title").GetString());
        Assert.Contains("licence 1234", doc.RootElement.GetProperty("copyright").GetString());
    }

    [Theory]
    [InlineData("\"version\": \"3.1\"", "\"version\": \"3.0\"", "Wording is for WOMAC version 3.0, but the definition is version 3.1.")] // old version
    [InlineData("\"P1\":", "\"P9\":", "Item P9 is not part of WOMAC.")]                                                             // unknown item
    [InlineData("\"4\": \"LICENSED EXTREME\"", "\"5\": \"LICENSED EXTREME\"", "Item P1 has no answer option 5.")]                 // option not in set
    [InlineData("\"text\": \"LICENSED P1 TEXT\"", "\"text\": \" \"", "items.P1.text is required and must be non-empty text.")]    // empty text
    [InlineData("\"licence\": \"WOMAC 3.1 licence 1234, Clinic X, to 2027-12-31\",", "", "licence is required and must be non-empty text.")] // no licence
    [InlineData("\"instrument\": \"WOMAC\"", "\"instrument\": \"WOMAX\"", "Unknown instrument 'WOMAX'")]                            // typo in code
    public void Parse_BadFile_ReportsProblemAndGivesNoWording(string find, string replace, string problem)
    {
        var wording = LicensedWordings.Parse(Valid.Replace(find, replace), Catalog, out var problems);
        Assert.Null(wording);
        Assert.Contains(problems, p => p.StartsWith(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_NotJson_ReportsProblem()
    {
        Assert.Null(LicensedWordings.Parse("{", Catalog, out var problems));
        Assert.StartsWith("Input is not JSON", Assert.Single(problems));
    }
}
