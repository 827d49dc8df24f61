using OrthoRegen.Instruments;
using static OrthoRegen.Tests.Instruments.Responses;

namespace OrthoRegen.Tests.Instruments;

// KOOS-12 (Gandek 2019, koos.nu): scales of 4 items, >= 2 answered each, person-mean imputation; summary = mean of the
// three scales, only when all three are valid.
public class Koos12Tests
{
    static readonly InstrumentDefinition D = Koos12.Definition;

    [Fact]
    public void Definition_ItemsComeFromKoos_NoSecondCopy()
    {
        Assert.Equal(["P1", "P5", "P6", "P8", "A3", "A4", "A7", "SP4", "Q1", "Q2", "Q3", "Q4"], D.Items.Select(i => i.Code));
        Assert.All(D.Items, i => Assert.Same(Koos.Definition.Item(i.Code), i));
    }

    [Theory]
    [InlineData(0, 100.0)] // all best
    [InlineData(4, 0.0)]   // all worst
    public void Score_SameAnswerEverywhere_GivesThatLevelAndSummary(int answer, double expected)
    {
        var r = Score("KOOS12", All("KOOS12", answer));
        AssertOk(r);
        Assert.Equal(["pain", "function", "qol", "summary"], r.Scores.Select(s => s.Name));
        Assert.All(r.Scores, s => AssertClose(expected, s.Value, 1e-6));
    }

    [Fact]
    public void Score_TypicalResponse_SummaryIsMeanOfScales()
    {
        // pain 1,2,2,1 -> 100-25*1.5 = 62.5; function 0,1,1,2 -> 75; qol 3,2,2,2 -> 43.75; summary (62.5+75+43.75)/3 = 60.4167
        var r = Score("KOOS12", Items(("P1", 1), ("P5", 2), ("P6", 2), ("P8", 1), ("A3", 0), ("A4", 1), ("A7", 1), ("SP4", 2),
            ("Q1", 3), ("Q2", 2), ("Q3", 2), ("Q4", 2)));
        AssertClose(62.5, r.Value("pain"), 1e-6);
        AssertClose(75.0, r.Value("function"), 1e-6);
        AssertClose(43.75, r.Value("qol"), 1e-6);
        AssertClose(60.4167, r.Value("summary"), 1e-6);
    }

    [Theory]
    [InlineData("pain", 1, false)]     // one under 2 of 4
    [InlineData("pain", 2, true)]      // at
    [InlineData("pain", 3, true)]      // one over
    [InlineData("function", 1, false)] // one under
    [InlineData("function", 2, true)]  // at
    [InlineData("qol", 1, false)]      // one under
    [InlineData("qol", 3, true)]       // one over
    public void Score_AnsweredPerScale_NeedsTwoOfFour(string scale, int answered, bool scored)
    {
        var r = Score("KOOS12", All("KOOS12", 2).KeepAnswered(D, scale, answered));
        AssertOk(r);
        Assert.Equal(scored, r.Value(scale) is not null);
        // The summary needs all three scales (our reading; INSTRUMENTS.md §1).
        Assert.Equal(scored, r.Value("summary") is not null);
        if (!scored) Assert.Contains(scale, r.Score("summary")!.Reason);
    }

    [Fact]
    public void Score_ItemOutsideKoos12_IsRejected()
    {
        var r = Score("KOOS12", All("KOOS12", 1).With("P2", Answer.Of(1)));
        Assert.Equal("Item P2 is not part of KOOS12.", Assert.Single(r.Errors).Message);
    }

    [Fact]
    public void Score_OutOfRange_IsRejected()
    {
        var r = Score("KOOS12", All("KOOS12", 1).With("SP4", Answer.Of(7)));
        Assert.Equal("Answer to item SP4 must be 0–4.", Assert.Single(r.Errors).Message);
    }
}
