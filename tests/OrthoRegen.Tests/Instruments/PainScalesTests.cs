using OrthoRegen.Instruments;
using static OrthoRegen.Tests.Instruments.Responses;

namespace OrthoRegen.Tests.Instruments;

// Pain VAS (mm or cm, exactly one) and NRS 0-10; bands are conventions (INSTRUMENTS.md §4).
public class PainScalesTests
{
    [Theory]
    [InlineData("vas_mm", 0, 0.0, 0.0, "none")]         // best
    [InlineData("vas_mm", 100, 100.0, 10.0, "severe")]  // worst
    [InlineData("vas_mm", 43.5, 43.5, 4.35, "mild")]    // typical, decimals in mm
    [InlineData("vas_cm", 4.35, 43.5, 4.35, "mild")]    // same answer in cm
    [InlineData("vas_cm", 10, 100.0, 10.0, "severe")]   // worst in cm
    public void Score_Vas_ReturnsBothUnits(string item, double value, double mm, double cm, string band)
    {
        var r = Score("PAIN_VAS", Items((item, (decimal)value)));
        AssertOk(r);
        AssertClose(mm, r.Value("vas_mm"), 1e-6);
        AssertClose(cm, r.Value("vas_cm"), 1e-6);
        Assert.Equal(band, r.Band!.Code);
    }

    [Theory]
    [InlineData(4, "none")]       // top of none 0-4
    [InlineData(4.5, "none")]     // gap: lower-bound rule
    [InlineData(5, "mild")]       // bottom of mild 5-44
    [InlineData(44.9, "mild")]    // gap below moderate
    [InlineData(45, "moderate")]  // bottom of moderate 45-74
    [InlineData(74, "moderate")]  // top of moderate
    [InlineData(75, "severe")]    // bottom of severe 75-100
    public void Score_VasBandEdges_FollowLowerBoundRule(double mm, string band) =>
        Assert.Equal(band, Score("PAIN_VAS", Items(("vas_mm", (decimal)mm))).Band!.Code);

    [Fact]
    public void Score_VasBothUnits_IsRejected()
    {
        var r = Score("PAIN_VAS", Items(("vas_mm", 40), ("vas_cm", 4)));
        Assert.Equal(ResultStatus.Rejected, r.Status);
        Assert.Equal(new ItemError("vas_cm", InstrumentMessages.VasBothUnits), Assert.Single(r.Errors));
    }

    [Fact]
    public void Score_VasNeitherUnit_IsOkWithNullScores()
    {
        var r = ScoreJson("""{"instrument":"PAIN_VAS","items":{"vas_mm":null}}""");
        AssertOk(r);
        Assert.Null(r.Value("vas_mm"));
        Assert.Equal(InstrumentMessages.VasMissing, r.Score("vas_mm")!.Reason);
    }

    [Theory]
    [InlineData("""{"vas_mm":100.1}""", "Answer to item vas_mm must be between 0 and 100 mm.")]  // just above the line
    [InlineData("""{"vas_mm":-0.1}""", "Answer to item vas_mm must be between 0 and 100 mm.")]   // negative
    [InlineData("""{"vas_cm":10.5}""", "Answer to item vas_cm must be between 0 and 10 cm.")]    // cm out of range
    [InlineData("""{"vas_mm":"50"}""", "Answer to item vas_mm must be a number, not text.")]     // string
    [InlineData("""{"vas":50}""", "Item vas is not part of PAIN_VAS.")]                         // unknown item
    public void Score_BadVas_IsRejected(string items, string message)
    {
        var r = ScoreJson($$"""{"instrument":"PAIN_VAS","items":{{items}}}""");
        Assert.Equal(message, Assert.Single(r.Errors).Message);
    }

    [Theory]
    [InlineData(0, "none")]      // best
    [InlineData(1, "mild")]      // bottom of mild 1-3
    [InlineData(3, "mild")]      // top of mild
    [InlineData(4, "moderate")]  // bottom of moderate 4-6
    [InlineData(6, "moderate")]  // top of moderate
    [InlineData(7, "severe")]    // bottom of severe 7-10
    [InlineData(10, "severe")]   // worst
    public void Score_Nrs_BandsAndConvenienceScale(int nrs, string band)
    {
        var r = Score("PAIN_NRS", Items(("nrs", nrs)));
        Assert.Equal(nrs, r.Value("nrs"));
        Assert.Equal(nrs * 10, r.Value("score_0_100"));
        Assert.Equal(band, r.Band!.Code);
    }

    [Theory]
    [InlineData("11", "Answer to item nrs must be 0–10.")]                 // above
    [InlineData("2.5", "Answer to item nrs must be a whole number 0–10.")] // NRS is whole numbers
    [InlineData("true", "Answer to item nrs must be a number, not true or false.")] // boolean
    public void Score_BadNrs_IsRejected(string value, string message) =>
        Assert.Equal(message, Assert.Single(ScoreJson($$"""{"instrument":"PAIN_NRS","items":{"nrs":{{value}} } }""").Errors).Message);

    [Fact]
    public void Score_NrsMissing_IsNull()
    {
        var r = Score("PAIN_NRS", new Dictionary<string, Answer>());
        AssertOk(r);
        Assert.Null(r.Value("nrs"));
        Assert.Null(r.Band);
    }
}
