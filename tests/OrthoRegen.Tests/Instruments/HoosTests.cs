using OrthoRegen.Instruments;
using static OrthoRegen.Tests.Instruments.Responses;

namespace OrthoRegen.Tests.Instruments;

// HOOS Scoring 2013: as KOOS; minimum answered Symptoms 3/5, Pain 5/10, ADL 9/17, Sport/Rec 2/4, QOL 2/4.
public class HoosTests
{
    static readonly InstrumentDefinition D = Hoos.Definition;

    [Theory]
    [InlineData(0, 100.0)] // all best
    [InlineData(4, 0.0)]   // all worst
    [InlineData(3, 25.0)]  // one box from worst
    public void Score_SameAnswerEverywhere_GivesThatLevel(int answer, double expected)
    {
        var r = Score("HOOS", All("HOOS", answer));
        AssertOk(r);
        Assert.Equal(["symptoms", "pain", "adl", "sport_rec", "qol"], r.Scores.Select(s => s.Name));
        Assert.All(r.Scores, s => AssertClose(expected, s.Value, 1e-6));
    }

    [Fact]
    public void Score_TypicalResponse_MatchesHandCalculation()
    {
        // Pain P1..P10 = 1,2,1,0,2,1,1,0,3,2: sum 13 -> 100 - 25*13/10 = 67.5; symptoms 0,1,2,2,1: 100 - 25*6/5 = 70.
        var items = All("HOOS", 1);
        foreach (var (c, v) in new[] { ("P1", 1), ("P2", 2), ("P3", 1), ("P4", 0), ("P5", 2), ("P6", 1), ("P7", 1), ("P8", 0), ("P9", 3), ("P10", 2),
                     ("S1", 0), ("S2", 1), ("S3", 2), ("S4", 2), ("S5", 1) })
            items[c] = Answer.Of(v);
        var r = Score("HOOS", items);
        AssertClose(67.5, r.Value("pain"), 1e-6);
        AssertClose(70.0, r.Value("symptoms"), 1e-6);
        AssertClose(75.0, r.Value("adl"), 1e-6);
    }

    [Theory]
    [InlineData("symptoms", 2, false)]  // one under 3 of 5
    [InlineData("symptoms", 3, true)]   // at
    [InlineData("symptoms", 4, true)]   // one over
    [InlineData("pain", 4, false)]      // one under 5 of 10
    [InlineData("pain", 5, true)]       // at
    [InlineData("pain", 6, true)]       // one over
    [InlineData("adl", 8, false)]       // one under 9 of 17
    [InlineData("adl", 9, true)]        // at
    [InlineData("adl", 10, true)]       // one over
    [InlineData("sport_rec", 1, false)] // one under 2 of 4
    [InlineData("sport_rec", 2, true)]  // at
    [InlineData("sport_rec", 3, true)]  // one over
    [InlineData("qol", 1, false)]       // one under 2 of 4
    [InlineData("qol", 2, true)]        // at
    [InlineData("qol", 3, true)]        // one over
    public void Score_Rule2013AnsweredItems_ScoresOnlyFromHalf(string subscale, int answered, bool scored) =>
        KoosTests.AssertMissingBoundary(Score("HOOS", All("HOOS", 2).KeepAnswered(D, subscale, answered)), subscale, answered, scored);

    [Theory]
    [InlineData("pain", 7, false)]      // 2003: one under 8 of 10
    [InlineData("pain", 8, true)]       // at
    [InlineData("pain", 9, true)]       // one over
    [InlineData("adl", 14, false)]      // one under 15 of 17
    [InlineData("adl", 15, true)]       // at
    [InlineData("symptoms", 2, false)]  // one under 3 of 5
    [InlineData("symptoms", 3, true)]   // at
    public void Score_Rule2003AnsweredItems_UsesTheOldMinimums(string subscale, int answered, bool scored) =>
        KoosTests.AssertMissingBoundary(Score("HOOS", All("HOOS", 2).KeepAnswered(D, subscale, answered), """{"missing_rule":"2003"}"""), subscale, answered, scored);

    [Theory]
    [InlineData("SP5", 1)] // KOOS has SP5, HOOS has SP1-SP4
    [InlineData("S6", 1)]  // KOOS has S6, HOOS has S1-S5
    public void Score_KoosOnlyItem_IsRejected(string item, int value)
    {
        var r = Score("HOOS", All("HOOS", 1).With(item, Answer.Of(value)));
        Assert.Equal($"Item {item} is not part of HOOS.", Assert.Single(r.Errors).Message);
    }

    [Fact]
    public void Score_OutOfRangeAndWrongType_AreRejectedPerItem()
    {
        var r = ScoreJson("""{"instrument":"HOOS","items":{"P10":5,"A1":false}}""");
        Assert.Equal(["P10", "A1"], r.Errors.Select(e => e.Item));
    }
}
