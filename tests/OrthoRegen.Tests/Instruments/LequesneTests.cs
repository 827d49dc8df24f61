using OrthoRegen.Instruments;
using static OrthoRegen.Tests.Instruments.Responses;

namespace OrthoRegen.Tests.Instruments;

// Lequesne ISK/ISH (INSTRUMENTS.md §5): three sections of max 8, total 0-24, higher = worse; all 11 items needed.
public class LequesneTests
{
    static Dictionary<string, Answer> Answers(decimal p1, decimal p2, decimal p3, decimal p4, decimal p5, decimal d, decimal w,
        decimal a1, decimal a2, decimal a3, decimal a4) =>
        Items(("P1", p1), ("P2", p2), ("P3", p3), ("P4", p4), ("P5", p5), ("D", d), ("W", w), ("A1", a1), ("A2", a2), ("A3", a3), ("A4", a4));

    [Theory]
    [InlineData("LEQUESNE_KNEE")] // knee index
    [InlineData("LEQUESNE_HIP")]  // hip index: same points
    public void Score_AllBestAndAllWorst_Give0And24(string code)
    {
        var best = Score(code, Answers(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        Assert.Equal(0m, best.Value("total"));
        Assert.Equal("none", best.Band!.Code);
        var worst = Score(code, Answers(2, 2, 1, 2, 1, 6, 2, 2, 2, 2, 2));
        Assert.Equal([8m, 8m, 8m, 24m], worst.Scores.Select(s => s.Value!.Value));
        Assert.Equal("extremely_severe", worst.Band!.Code);
    }

    [Fact]
    public void Score_TypicalKnee_SumsSections()
    {
        // pain 1+1+0+1+1 = 4, walking D 2 + W 0 = 2, activities 0.5+1+1.5+0 = 3, total 9 -> severe (8-10)
        var r = Score("LEQUESNE_KNEE", Answers(1, 1, 0, 1, 1, 2, 0, 0.5m, 1, 1.5m, 0));
        Assert.Equal([4m, 2m, 3m, 9m], r.Scores.Select(s => s.Value!.Value));
        Assert.Equal("severe", r.Band!.Code);
    }

    [Theory]
    [InlineData(0.5, "none")]              // half point above none: lower-bound rule
    [InlineData(1, "mild")]                // bottom of 1-4
    [InlineData(4.5, "mild")]              // gap: INSTRUMENTS.md's example
    [InlineData(5, "moderate")]            // bottom of 5-7
    [InlineData(7.5, "moderate")]          // gap
    [InlineData(8, "severe")]              // bottom of 8-10
    [InlineData(10.5, "severe")]           // gap: INSTRUMENTS.md's example
    [InlineData(11, "very_severe")]        // bottom of 11-13
    [InlineData(13.5, "very_severe")]      // gap
    [InlineData(14, "extremely_severe")]   // >= 14
    public void Bands_HalfPointTotals_UseLowerBound(double total, string band) =>
        Assert.Equal(band, Lequesne.KneeDefinition.Score("total").Bands!.Of((decimal)total)!.Code);

    [Fact]
    public void Score_HalfPointTotal_IsBandedMild()
    {
        // 4.5 = P1 1 + P2 1 + P3 1 + A1 1.5
        var r = Score("LEQUESNE_HIP", Answers(1, 1, 1, 0, 0, 0, 0, 1.5m, 0, 0, 0));
        Assert.Equal(4.5m, r.Value("total"));
        Assert.Equal("mild", r.Band!.Code);
    }

    [Theory]
    [InlineData("P1", "pain")]    // 10 of 11: a pain item missing
    [InlineData("D", "walking")]  // distance missing
    [InlineData("W", "walking")]  // walking aid missing
    [InlineData("A4", "adl")]     // an activity missing
    public void Score_OneItemMissing_ThatSectionAndTotalAreNull(string item, string section)
    {
        var r = Score("LEQUESNE_KNEE", Answers(1, 1, 0, 1, 1, 2, 0, 0.5m, 1, 1.5m, 0).Without(item));
        AssertOk(r);
        Assert.Null(r.Value(section));
        Assert.Null(r.Value("total"));
        Assert.Contains(section, r.Score("total")!.Reason);
        Assert.All(r.Scores.Where(s => s.Name != section && s.Name != "total"), s => Assert.NotNull(s.Value));
    }

    [Theory]
    [InlineData("A1", 0.7, "Answer to item A1 must be one of 0, 0.5, 1, 1.5, 2.")] // not a half step
    [InlineData("A1", 2.5, "Answer to item A1 must be one of 0, 0.5, 1, 1.5, 2.")] // above 2
    [InlineData("P3", 2, "Answer to item P3 must be one of 0, 1.")]                // yes/no item
    [InlineData("D", 7, "Answer to item D must be 0–6.")]                          // distance above 6
    [InlineData("W", 3, "Answer to item W must be 0–2.")]                          // aid above 2
    [InlineData("P1", 1.5, "Answer to item P1 must be a whole number 0–2.")]       // half point where none allowed
    public void Score_ValueOutsideSet_IsRejected(string item, double value, string message)
    {
        var r = Score("LEQUESNE_KNEE", Answers(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0).With(item, Answer.Of((decimal)value)));
        Assert.Equal(message, Assert.Single(r.Errors).Message);
    }

    [Fact]
    public void Definitions_KneeAndHip_DifferInP5AndActivities()
    {
        Assert.Contains("without using the arms", Lequesne.KneeDefinition.Item("P5")!.Label.En);
        Assert.Contains("2 hours", Lequesne.HipDefinition.Item("P5")!.Label.En);
        Assert.Contains("socks", Lequesne.HipDefinition.Item("A1")!.Label.En);
        Assert.Contains("stairs", Lequesne.KneeDefinition.Item("A1")!.Label.En);
    }
}
