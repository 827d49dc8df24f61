using OrthoRegen.Instruments;
using static OrthoRegen.Tests.Instruments.Responses;

namespace OrthoRegen.Tests.Instruments;

// KOOS-PS: raw sum of 7 KOOS items -> Rasch nomogram (INSTRUMENTS.md §1 table), 0 = no difficulty, 100 = extreme.
public class KoosPsTests
{
    [Theory]
    [InlineData(new[] { 0, 0, 0, 0, 0, 0, 0 }, 0.0)]    // all best: raw 0
    [InlineData(new[] { 4, 4, 4, 4, 4, 4, 4 }, 100.0)]  // all worst: raw 28
    [InlineData(new[] { 1, 0, 0, 0, 0, 0, 0 }, 5.6)]    // raw 1
    [InlineData(new[] { 2, 2, 2, 2, 1, 1, 1 }, 35.3)]   // raw 11 (the row awell-score's README gets wrong)
    [InlineData(new[] { 2, 2, 2, 2, 2, 2, 2 }, 40.3)]   // raw 14, typical
    [InlineData(new[] { 4, 4, 4, 4, 4, 4, 3 }, 91.8)]   // raw 27, one below the top
    public void Score_RawSum_ConvertsWithNomogram(int[] answers, double expected)
    {
        var codes = new[] { "A10", "A9", "A3", "A5", "SP4", "SP5", "SP1" };
        var r = Score("KOOS_PS", codes.Zip(answers).ToDictionary(p => p.First, p => Answer.Of(p.Second)));
        AssertOk(r);
        AssertClose(expected, r.Value("difficulty"), 1e-6);
        Assert.Equal(Direction.HigherIsWorse, r.Score("difficulty")!.Direction);
    }

    [Fact]
    public void Nomogram_IsIncreasingFrom0To100With29Rows()
    {
        Assert.Equal(29, KoosPs.Nomogram.Length);
        Assert.Equal(0m, KoosPs.Nomogram[0]);
        Assert.Equal(100m, KoosPs.Nomogram[28]);
        for (var i = 1; i < 29; i++) Assert.True(KoosPs.Nomogram[i] > KoosPs.Nomogram[i - 1], $"row {i}");
    }

    [Theory]
    [InlineData(5, false)] // two missing
    [InlineData(6, false)] // one under the convention: all 7 needed
    [InlineData(7, true)]  // at
    public void Score_AnsweredItems_NeedsAllSeven(int answered, bool scored)
    {
        var r = Score("KOOS_PS", All("KOOS_PS", 1).KeepAnswered(KoosPs.Definition, "difficulty", answered));
        AssertOk(r);
        Assert.Equal(scored, r.Value("difficulty") is not null);
    }

    [Fact]
    public void Score_NonIntegerAndUnknownItem_AreRejected()
    {
        var r = ScoreJson("""{"instrument":"KOOS_PS","items":{"A10":0.5,"P1":1}}""");
        Assert.Equal(["A10", "P1"], r.Errors.Select(e => e.Item));
    }
}
