using OrthoRegen.Instruments;
using static OrthoRegen.Tests.Instruments.Responses;

namespace OrthoRegen.Tests.Instruments;

// Lysholm 1985 (INSTRUMENTS.md §6): value = option points, total 0-100, higher = better, all 8 items needed.
public class LysholmTests
{
    static Dictionary<string, Answer> Answers(int limp, int support, int locking, int instability, int pain, int swelling, int stairs, int squatting) =>
        Items(("limp", limp), ("support", support), ("locking", locking), ("instability", instability), ("pain", pain),
            ("swelling", swelling), ("stairs", stairs), ("squatting", squatting));

    [Theory]
    [InlineData(5, 5, 15, 25, 25, 10, 10, 5, 100, "excellent")] // all best
    [InlineData(0, 0, 0, 0, 0, 0, 0, 0, 0, "poor")]             // all worst
    [InlineData(3, 5, 10, 20, 15, 6, 6, 4, 69, "fair")]         // typical
    [InlineData(5, 5, 15, 20, 25, 10, 10, 5, 95, "excellent")]  // bottom of excellent 95-100
    [InlineData(5, 5, 15, 20, 25, 10, 10, 4, 94, "good")]       // top of good 84-94
    [InlineData(5, 5, 15, 20, 15, 10, 10, 4, 84, "good")]       // bottom of good
    [InlineData(5, 5, 15, 20, 15, 10, 10, 2, 82, "fair")]       // below good
    [InlineData(5, 5, 10, 15, 10, 6, 10, 4, 65, "fair")]        // bottom of fair 65-83
    [InlineData(5, 5, 10, 15, 10, 6, 10, 2, 63, "poor")]        // below 65
    public void Score_Answers_SumAndBand(int limp, int support, int locking, int instability, int pain, int swelling, int stairs, int squatting,
        int total, string band)
    {
        var r = Score("LYSHOLM", Answers(limp, support, locking, instability, pain, swelling, stairs, squatting));
        AssertOk(r);
        Assert.Equal(total, r.Value("total"));
        Assert.Equal(band, r.Band!.Code);
        Assert.Equal(Direction.HigherIsBetter, r.Score("total")!.Direction);
    }

    [Theory]
    [InlineData("pain", 30)]        // 1982 version's pain maximum
    [InlineData("instability", 30)] // 1982 version's instability maximum
    [InlineData("limp", 4)]         // between 3 and 5
    [InlineData("locking", 16)]     // above 15
    public void Score_ValueNotAnOption_IsRejected(string item, int value)
    {
        var r = Score("LYSHOLM", Answers(5, 5, 15, 25, 25, 10, 10, 5).With(item, Answer.Of(value)));
        Assert.Equal(ResultStatus.Rejected, r.Status);
        Assert.StartsWith($"Answer to item {item} must be one of ", Assert.Single(r.Errors).Message);
    }

    [Theory]
    [InlineData(7, false)] // one under all 8
    [InlineData(8, true)]  // at
    public void Score_AnsweredItems_NeedsAllEight(int answered, bool scored)
    {
        var r = Score("LYSHOLM", Answers(5, 5, 15, 25, 25, 10, 10, 5).KeepAnswered(Lysholm.Definition, "total", answered));
        AssertOk(r);
        Assert.Equal(scored, r.Value("total") is not null);
    }

    [Fact]
    public void Score_WrongType_IsRejected() =>
        Assert.Equal("Answer to item swelling must be a number, not text.",
            Assert.Single(ScoreJson("""{"instrument":"LYSHOLM","items":{"swelling":"none"}}""").Errors).Message);
}
