using OrthoRegen.Instruments;
using static OrthoRegen.Tests.Instruments.Responses;

namespace OrthoRegen.Tests.Instruments;

// KOOS Scoring 2012 (koos.nu): subscale = 100 - 25 x mean of answered items; a subscale needs >= 50 % answered.
public class KoosTests
{
    static readonly InstrumentDefinition D = Koos.Definition;

    [Theory]
    [InlineData(0, 100.0)] // all best boxes: no problems
    [InlineData(4, 0.0)]   // all worst boxes: extreme problems
    [InlineData(2, 50.0)]  // middle box everywhere
    public void Score_SameAnswerEverywhere_GivesThatLevelOnEverySubscale(int answer, double expected)
    {
        var r = Score("KOOS", All("KOOS", answer));
        AssertOk(r);
        foreach (var name in new[] { "symptoms", "pain", "adl", "sport_rec", "qol" }) AssertClose(expected, r.Value(name), 1e-4);
        Assert.Null(r.Band);
    }

    [Fact]
    public void Score_TypicalResponse_MatchesHandCalculation()
    {
        // Hand calculation: symptoms 100-25*8/7, pain 100-25*13/9, adl 100-25*17/17, sport 100-25*18/5, qol 100-25*10/4.
        var items = Items(("S1", 1), ("S2", 2), ("S3", 0), ("S4", 1), ("S5", 1), ("S6", 2), ("S7", 1),
            ("P1", 2), ("P2", 1), ("P3", 1), ("P4", 2), ("P5", 2), ("P6", 3), ("P7", 1), ("P8", 0), ("P9", 1),
            ("SP1", 3), ("SP2", 4), ("SP3", 4), ("SP4", 3), ("SP5", 4), ("Q1", 3), ("Q2", 2), ("Q3", 2), ("Q4", 3));
        foreach (var a in Enumerable.Range(1, 17).Select(i => $"A{i}")) items[a] = Answer.Of(1);
        var r = Score("KOOS", items);
        AssertOk(r);
        AssertClose(71.4286, r.Value("symptoms"), 1e-6);
        AssertClose(63.8889, r.Value("pain"), 1e-6);
        AssertClose(75.0, r.Value("adl"), 1e-6);
        AssertClose(10.0, r.Value("sport_rec"), 1e-6);
        AssertClose(37.5, r.Value("qol"), 1e-6);
        Assert.All(r.Scores, s => Assert.Equal(Direction.HigherIsBetter, s.Direction));
    }

    [Theory]
    [InlineData("symptoms", 3, false)]  // 2012: one under 4 of 7
    [InlineData("symptoms", 4, true)]   // at the minimum
    [InlineData("symptoms", 5, true)]   // one over
    [InlineData("pain", 4, false)]      // one under 5 of 9
    [InlineData("pain", 5, true)]       // at
    [InlineData("pain", 6, true)]       // one over
    [InlineData("adl", 8, false)]       // one under 9 of 17
    [InlineData("adl", 9, true)]        // at
    [InlineData("adl", 10, true)]       // one over
    [InlineData("sport_rec", 2, false)] // one under 3 of 5
    [InlineData("sport_rec", 3, true)]  // at
    [InlineData("sport_rec", 4, true)]  // one over
    [InlineData("qol", 1, false)]       // one under 2 of 4
    [InlineData("qol", 2, true)]        // at
    [InlineData("qol", 3, true)]        // one over
    public void Score_Rule2012AnsweredItems_ScoresOnlyFromHalf(string subscale, int answered, bool scored)
    {
        var r = Score("KOOS", All("KOOS", 2).KeepAnswered(D, subscale, answered));
        AssertMissingBoundary(r, subscale, answered, scored);
    }

    [Theory]
    [InlineData("symptoms", 4, false)]  // 1998: one under 5 of 7 (at most 2 missing)
    [InlineData("symptoms", 5, true)]   // at
    [InlineData("symptoms", 6, true)]   // one over
    [InlineData("pain", 6, false)]      // one under 7 of 9
    [InlineData("pain", 7, true)]       // at
    [InlineData("pain", 8, true)]       // one over
    [InlineData("adl", 14, false)]      // one under 15 of 17
    [InlineData("adl", 15, true)]       // at
    [InlineData("adl", 16, true)]       // one over
    [InlineData("sport_rec", 2, false)] // one under 3 of 5
    [InlineData("sport_rec", 3, true)]  // at
    [InlineData("qol", 1, false)]       // one under 2 of 4
    [InlineData("qol", 2, true)]        // at
    public void Score_Rule1998AnsweredItems_AllowsAtMostTwoMissing(string subscale, int answered, bool scored)
    {
        var r = Score("KOOS", All("KOOS", 2).KeepAnswered(D, subscale, answered), """{"missing_rule": "1998"}""");
        AssertMissingBoundary(r, subscale, answered, scored);
        Assert.Equal("1998", r.Options!["missing_rule"]);
    }

    internal static void AssertMissingBoundary(InstrumentResult r, string subscale, int answered, bool scored)
    {
        AssertOk(r);
        var s = r.Score(subscale)!;
        Assert.Equal(answered, s.Answered);
        if (scored)
        {
            AssertClose(50.0, s.Value, 1e-6);
            Assert.Equal(Definition(r.Instrument).Score(subscale).ItemCodes.Count - answered, s.Imputed); // the missing ones
            Assert.Null(s.Reason);
        }
        else
        {
            Assert.Null(s.Value);
            Assert.Equal(0, s.Imputed);
            Assert.StartsWith($"Only {answered} of", s.Reason);
        }
        // Subscales are independent: the others stay scored.
        Assert.All(r.Scores.Where(o => o.Name != subscale), o => Assert.NotNull(o.Value));
    }

    [Fact]
    public void Score_MissingItems_ReportsTheMissingOnesAsImputedByPersonMean()
    {
        var r = Score("KOOS", All("KOOS", 1).Without("P1", "P2"));
        Assert.Equal(7, r.Score("pain")!.Answered);
        Assert.Equal(2, r.Score("pain")!.Imputed);
        Assert.Equal(0, r.Score("symptoms")!.Imputed);
    }

    [Fact]
    public void Score_NoItemsAtAll_IsOkWithEverySubscaleNull()
    {
        var r = Score("KOOS", new Dictionary<string, Answer>());
        AssertOk(r);
        Assert.All(r.Scores, s => Assert.Null(s.Value));
    }

    [Theory]
    [InlineData("P3", 5, "Answer to item P3 must be 0–4.")]                    // above the option set
    [InlineData("P3", -1, "Answer to item P3 must be 0–4.")]                   // below the option set
    [InlineData("P3", 2.5, "Answer to item P3 must be a whole number 0–4.")]   // non-integer
    public void Score_ValueOutsideOptions_IsRejectedWithOneMessage(string item, double value, string message)
    {
        var r = Score("KOOS", All("KOOS", 1).With(item, Answer.Of((decimal)value)));
        Assert.Equal(ResultStatus.Rejected, r.Status);
        Assert.Empty(r.Scores);
        Assert.Equal([new ItemError(item, message)], r.Errors);
    }

    [Theory]
    [InlineData("""{"instrument":"KOOS","items":{"P1":"2"}}""", "P1", "Answer to item P1 must be a number, not text.")]          // string
    [InlineData("""{"instrument":"KOOS","items":{"P1":true}}""", "P1", "Answer to item P1 must be a number, not true or false.")] // boolean
    [InlineData("""{"instrument":"KOOS","items":{"P1":[1]}}""", "P1", "Answer to item P1 must be a number, not a list or object.")] // array
    [InlineData("""{"instrument":"KOOS","items":{"P10":1}}""", "P10", "Item P10 is not part of KOOS.")]                          // unknown item
    [InlineData("""{"instrument":"KOOS","items":{"p1":1}}""", "p1", "Item p1 is not part of KOOS.")]                             // codes are case-sensitive
    public void Score_WrongTypeOrUnknownItem_IsRejected(string json, string item, string message)
    {
        var r = ScoreJson(json);
        Assert.Equal(ResultStatus.Rejected, r.Status);
        Assert.Equal([new ItemError(item, message)], r.Errors);
    }

    [Fact]
    public void Score_SeveralBadItems_GivesOneMessagePerItemAndNoScore()
    {
        var r = ScoreJson("""{"instrument":"KOOS","items":{"P1":9,"P2":"x","S1":1.5,"ZZ":0,"Q1":2}}""");
        Assert.Equal(ResultStatus.Rejected, r.Status);
        Assert.Equal(["P1", "P2", "S1", "ZZ"], r.Errors.Select(e => e.Item));
        Assert.Empty(r.Scores);
    }

    [Theory]
    [InlineData("""{"missing_rule": "2003"}""", "Option missing_rule must be one of \"2012\", \"1998\".")] // HOOS's rule, not KOOS's
    [InlineData("""{"missing_rule": 2012}""", "Option missing_rule must be one of \"2012\", \"1998\".")]   // number, not name
    public void Score_BadOption_IsRejected(string options, string message)
    {
        var r = Score("KOOS", All("KOOS", 1), options);
        Assert.Equal(ResultStatus.Rejected, r.Status);
        Assert.Equal([new ItemError("options.missing_rule", message)], r.Errors);
    }

    [Fact]
    public void Score_UnknownOption_IsRejectedNamingTheKnownOnes()
    {
        var r = Score("KOOS", All("KOOS", 1), """{"rule": "2012"}""");
        Assert.Equal("options.rule", Assert.Single(r.Errors).Item);
        Assert.Contains("missing_rule", r.Errors[0].Message);
    }
}
