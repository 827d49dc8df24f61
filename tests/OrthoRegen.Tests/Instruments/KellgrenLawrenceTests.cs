using OrthoRegen.Instruments;
using static OrthoRegen.Tests.Instruments.Responses;

namespace OrthoRegen.Tests.Instruments;

// Kellgren-Lawrence grade stored as the coded value 0-4 (INSTRUMENTS.md §10).
public class KellgrenLawrenceTests
{
    [Theory]
    [InlineData(0, "none")]     // best
    [InlineData(1, "doubtful")] // below radiographic OA
    [InlineData(2, "minimal")]  // radiographic OA starts here
    [InlineData(3, "moderate")] // typical treated knee
    [InlineData(4, "severe")]   // worst
    public void Score_Grade_IsCodedValueWithLabel(int grade, string band)
    {
        var r = Score("KL", Items(("grade", grade)));
        Assert.Equal(grade, r.Value("grade"));
        Assert.Equal(band, r.Band!.Code);
        Assert.Equal(Direction.HigherIsWorse, r.Score("grade")!.Direction);
    }

    [Theory]
    [InlineData("5", "Answer to item grade must be 0–4.")]                     // no grade 5
    [InlineData("2.5", "Answer to item grade must be a whole number 0–4.")]    // no half grades
    [InlineData("\"III\"", "Answer to item grade must be a number, not text.")] // roman numerals as text
    public void Score_BadGrade_IsRejected(string json, string message) =>
        Assert.Equal(message, Assert.Single(ScoreJson($$"""{"instrument":"KL","items":{"grade":{{json}} } }""").Errors).Message);

    [Fact]
    public void Score_Missing_IsNull()
    {
        var r = ScoreJson("""{"instrument":"KL","items":{"grade":null}}""");
        AssertOk(r);
        Assert.Null(r.Value("grade"));
    }
}
