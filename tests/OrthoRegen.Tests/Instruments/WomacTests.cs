using OrthoRegen.Instruments;
using static OrthoRegen.Tests.Instruments.Responses;

namespace OrthoRegen.Tests.Instruments;

// WOMAC Likert 3.1: sums (pain 0-20, stiffness 0-8, function 0-68, total 0-96), normalised raw/max*100, higher = worse.
// Missing: mean substitution up to max_missing per subscale (defaults pain 1, stiffness 0, function 3).
public class WomacTests
{
    static readonly InstrumentDefinition D = Womac.Definition;

    [Theory]
    [InlineData(0, 0, 0, 0, 0, 0.0)]      // all best
    [InlineData(4, 20, 8, 68, 96, 100.0)] // all worst
    public void Score_SameAnswerEverywhere_GivesSumsAndNormalised(int answer, int pain, int stiffness, int function, int total, double normalised)
    {
        var r = Score("WOMAC", All("WOMAC", answer));
        AssertOk(r);
        Assert.Equal([pain, stiffness, function, total], new[] { "pain", "stiffness", "function", "total" }.Select(n => r.Value(n)!.Value));
        foreach (var n in new[] { "pain_100", "stiffness_100", "function_100", "total_100" }) AssertClose(normalised, r.Value(n), 1e-6);
        Assert.All(r.Scores, s => Assert.Equal(Direction.HigherIsWorse, s.Direction));
    }

    [Fact]
    public void Score_TypicalResponse_MatchesHandCalculation()
    {
        // pain 1+2+0+1+1 = 5, stiffness 1+2 = 3, function 17 x 1 = 17, total 25; total_100 = 25/96*100 = 26.0417
        var items = All("WOMAC", 1).With("P2", Answer.Of(2)).With("P3", Answer.Of(0)).With("S2", Answer.Of(2));
        var r = Score("WOMAC", items);
        Assert.Equal(5m, r.Value("pain"));
        Assert.Equal(3m, r.Value("stiffness"));
        Assert.Equal(17m, r.Value("function"));
        Assert.Equal(25m, r.Value("total"));
        AssertClose(25.0, r.Value("pain_100"), 1e-6);
        AssertClose(37.5, r.Value("stiffness_100"), 1e-6);
        AssertClose(25.0, r.Value("function_100"), 1e-6);
        AssertClose(26.0417, r.Value("total_100"), 1e-6);
    }

    [Fact]
    public void Score_OneFunctionItemMissing_ReplacesItByMeanOfAnswered()
    {
        // F2..F16 = 2, F17 = 0, F1 missing: answered sum 30 over 16 items -> 30 * 17 / 16 = 31.875; /68*100 = 46.875
        var items = All("WOMAC", 2).With("F17", Answer.Of(0)).Without("F1");
        var r = Score("WOMAC", items);
        Assert.Equal(31.875m, r.Value("function"));
        AssertClose(46.875, r.Value("function_100"), 1e-6);
        Assert.Equal(1, r.Score("function")!.Imputed);
        Assert.Equal(16, r.Score("function")!.Answered);
        Assert.Equal(10m + 4m + 31.875m, r.Value("total"));
    }

    [Theory]
    [InlineData("function", 2, true)]   // one under the limit of 3 missing
    [InlineData("function", 3, true)]   // at the limit
    [InlineData("function", 4, false)]  // one over
    [InlineData("pain", 0, true)]       // one under the limit of 1
    [InlineData("pain", 1, true)]       // at
    [InlineData("pain", 2, false)]      // one over
    [InlineData("stiffness", 0, true)]  // at the limit of 0
    [InlineData("stiffness", 1, false)] // one over
    public void Score_MissingItemsDefaultLimits_ImputeUpToLimit(string subscale, int missing, bool scored)
    {
        var codes = D.Score(subscale).ItemCodes;
        var r = Score("WOMAC", All("WOMAC", 3).KeepAnswered(D, subscale, codes.Count - missing));
        AssertOk(r);
        Assert.Equal(scored ? 3m * codes.Count : null, r.Value(subscale));
        Assert.Equal(scored ? missing : 0, r.Score(subscale)!.Imputed);
        Assert.Equal(scored, r.Value("total") is not null); // total only when all three are valid
        Assert.Equal(scored, r.Value(subscale + "_100") is not null);
    }

    [Theory]
    [InlineData("""{"max_missing":{"pain":0}}""", "pain", 1, false)]          // stricter pain (qscorer's 5/5)
    [InlineData("""{"max_missing":{"pain":2}}""", "pain", 2, true)]           // looser pain
    [InlineData("""{"max_missing":{"stiffness":1}}""", "stiffness", 1, true)] // allow one stiffness item
    [InlineData("""{"max_missing":{"function":0}}""", "function", 1, false)]  // no function imputation
    public void Score_MaxMissingOption_ChangesTheLimit(string options, string subscale, int missing, bool scored)
    {
        var codes = D.Score(subscale).ItemCodes;
        var r = Score("WOMAC", All("WOMAC", 2).KeepAnswered(D, subscale, codes.Count - missing), options);
        AssertOk(r);
        Assert.Equal(scored, r.Value(subscale) is not null);
    }

    [Fact]
    public void Score_MaxMissingPartlyGiven_KeepsOtherDefaults()
    {
        var r = Score("WOMAC", All("WOMAC", 2), """{"max_missing":{"pain":0}}""");
        var limits = (IReadOnlyDictionary<string, int>)r.Options!["max_missing"];
        Assert.Equal(0, limits["pain"]);
        Assert.Equal(0, limits["stiffness"]);
        Assert.Equal(3, limits["function"]);
    }

    [Theory]
    [InlineData("""{"max_missing":{"pain":5}}""", "options.max_missing")]  // would leave no item
    [InlineData("""{"max_missing":{"knee":1}}""", "options.max_missing")]  // unknown subscale
    [InlineData("""{"max_missing":3}""", "options.max_missing")]           // must be an object
    [InlineData("""{"max_missing":{"pain":1.5}}""", "options.max_missing")] // whole numbers only
    public void Score_BadMaxMissing_IsRejected(string options, string field)
    {
        var r = Score("WOMAC", All("WOMAC", 2), options);
        Assert.Equal(ResultStatus.Rejected, r.Status);
        Assert.Equal(field, Assert.Single(r.Errors).Item);
    }

    [Fact]
    public void Score_OutOfRangeWrongTypeAndUnknown_OneMessageEach()
    {
        var r = ScoreJson("""{"instrument":"WOMAC","items":{"P1":5,"S1":"mild","F18":1,"F1":3.5}}""");
        Assert.Equal(ResultStatus.Rejected, r.Status);
        Assert.Equal(
            ["Answer to item P1 must be 0–4.", "Answer to item S1 must be a number, not text.", "Item F18 is not part of WOMAC.", "Answer to item F1 must be a whole number 0–4."],
            r.Errors.Select(e => e.Message));
    }
}
