using OrthoRegen.Instruments;
using static OrthoRegen.Tests.Instruments.Responses;

namespace OrthoRegen.Tests.Instruments;

// OMERACT-OARSI (Pham 2004 scenario D, INSTRUMENTS.md §10): high improvement in pain or function (>= 50 % and >= 20),
// or >= 20 % and >= 10 in two of pain, function, global.
public class OmeractOarsiTests
{
    static InstrumentResult Oarsi(double pb, double pf, double fb, double ff, double? gb, double? gf)
    {
        var items = Items(("pain_baseline", (decimal)pb), ("pain_followup", (decimal)pf), ("function_baseline", (decimal)fb), ("function_followup", (decimal)ff));
        if (gb is { } b) items["global_baseline"] = Answer.Of((decimal)b);
        if (gf is { } f) items["global_followup"] = Answer.Of((decimal)f);
        return Score("OMERACT_OARSI", items);
    }

    [Theory]
    [InlineData(60, 25, 50, 45, null, null, true)]   // pain 35 points, 58 %: criterion 1
    [InlineData(40, 20, 50, 50, null, null, true)]   // pain exactly 20 points and 50 %: bounds inclusive
    [InlineData(40, 21, 50, 45, null, null, false)]  // pain 19 points: only one moderate domain
    [InlineData(30, 10, 50, 50, null, null, true)]   // pain 20 points and 67 %: criterion 1
    [InlineData(50, 40, 50, 40, null, null, true)]   // pain and function 10 points, 20 %: criterion 2
    [InlineData(50, 40, 50, 45, 50.0, 40.0, true)]       // pain and global moderate: criterion 2
    [InlineData(50, 41, 50, 45, 50.0, 40.0, false)]      // pain 9 points: only global moderate
    [InlineData(0, 0, 30, 0, null, null, true)]      // pain baseline 0 (relative undefined), function 100 %: criterion 1
    [InlineData(10, 0, 0, 0, null, null, false)]     // pain 10 points 100 % is moderate only; function baseline 0
    [InlineData(100, 100, 100, 100, 100.0, 0.0, false)]  // global alone never suffices
    [InlineData(20, 40, 30, 50, 30.0, 60.0, false)]      // everything worse
    public void Score_Changes_DecideResponder(double pb, double pf, double fb, double ff, double? gb, double? gf, bool responder)
    {
        var r = Oarsi(pb, pf, fb, ff, gb, gf);
        AssertOk(r);
        Assert.Equal(responder, r.Responder);
    }

    [Fact]
    public void Score_Improvements_AreBaselineMinusFollowUpAndPercent()
    {
        var r = Oarsi(60, 25, 50, 45, 40, 30);
        Assert.Equal(35m, r.Value("pain_improvement"));
        AssertClose(58.3333, r.Value("pain_improvement_pct"), 1e-6);
        Assert.Equal(5m, r.Value("function_improvement"));
        Assert.Equal(10m, r.Value("function_improvement_pct"));
        Assert.Equal(25m, r.Value("global_improvement_pct"));
    }

    [Fact]
    public void Score_BaselineZero_RelativeChangeIsNullWithReason()
    {
        var r = Oarsi(0, 0, 30, 0, null, null);
        Assert.Null(r.Value("pain_improvement_pct"));
        Assert.Equal(InstrumentMessages.RelativeUndefined, r.Score("pain_improvement_pct")!.Reason);
    }

    [Theory]
    [InlineData("function_followup")] // function incomplete
    [InlineData("pain_baseline")]     // pain incomplete
    public void Score_PainOrFunctionMissing_ResponderUndetermined(string missing)
    {
        var items = Items(("pain_baseline", 60), ("pain_followup", 20), ("function_baseline", 60), ("function_followup", 20)).Without(missing);
        var r = Score("OMERACT_OARSI", items);
        AssertOk(r);
        Assert.Null(r.Responder);
        Assert.StartsWith("Responder status cannot be determined", r.ResponderReason);
    }

    [Theory]
    [InlineData("""{"pain_baseline":101}""", "Answer to item pain_baseline must be between 0 and 100 points (0-100, higher = worse).")] // above 100
    [InlineData("""{"pain_baseline":"60"}""", "Answer to item pain_baseline must be a number, not text.")]                          // text
    [InlineData("""{"pain_change":10}""", "Item pain_change is not part of OMERACT_OARSI.")]                                       // unknown
    public void Score_BadInput_IsRejected(string items, string message) =>
        Assert.Equal(message, Assert.Single(ScoreJson($$"""{"instrument":"OMERACT_OARSI","items":{{items}}}""").Errors).Message);

    [Fact]
    public void Create_StricterCriteria_ChangesTheDecision()
    {
        var strict = new InstrumentCatalog([OmeractOarsi.Create(OarsiCriteria.Default with { HighAbsolute = 30m })]);
        var items = Items(("pain_baseline", 40), ("pain_followup", 20), ("function_baseline", 50), ("function_followup", 50));
        Assert.True(Catalog.Score(new InstrumentRequest("OMERACT_OARSI", items)).Responder);
        Assert.False(strict.Score(new InstrumentRequest("OMERACT_OARSI", items)).Responder);
    }
}
