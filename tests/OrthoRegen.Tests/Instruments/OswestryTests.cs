using OrthoRegen.Instruments;
using static OrthoRegen.Tests.Instruments.Responses;

namespace OrthoRegen.Tests.Instruments;

// ODI v2.1a (INSTRUMENTS.md §8): sum / (5 x answered) x 100, higher = worse; at most 1 missing by default.
public class OswestryTests
{
    static Dictionary<string, Answer> Sections(params int?[] values) =>
        values.Select((v, i) => (Code: (i + 1).ToString(), v)).ToDictionary(p => p.Code, p => p.v is { } x ? Answer.Of(x) : Answer.Missing);

    [Fact]
    public void Score_WorkedExampleOneSectionMissing_Is16Over45()
    {
        // INSTRUMENTS.md §8 / Fairbank 2000: one section not answered, sum 16 -> 16/45 x 100 = 35.5556 %, rounded 36.
        var r = Score("ODI", Sections(2, 1, 2, 1, 2, 3, 1, null, 2, 2));
        AssertOk(r);
        AssertClose(35.5556, r.Value("score"), 1e-6);
        Assert.Equal(36m, r.Value("score_rounded"));
        Assert.Equal(9, r.Score("score")!.Answered);
        Assert.Equal("moderate", r.Band!.Code);
    }

    [Theory]
    [InlineData(0, 0.0, "minimal")]     // all best
    [InlineData(5, 100.0, "bed_bound")] // all worst
    [InlineData(2, 40.0, "moderate")]   // top of moderate 21-40
    public void Score_SameAnswerEverywhere(int answer, double expected, string band)
    {
        var r = Score("ODI", Sections(answer, answer, answer, answer, answer, answer, answer, answer, answer, answer));
        AssertClose(expected, r.Value("score"), 1e-6);
        Assert.Equal(band, r.Band!.Code);
    }

    [Fact]
    public void Score_TypicalAllAnswered_IsSumTimesTwo()
    {
        var r = Score("ODI", Sections(2, 1, 2, 1, 2, 3, 1, 0, 2, 2));
        Assert.Equal(32m, r.Value("score"));
        Assert.Equal(32m, r.Value("score_rounded"));
    }

    [Theory]
    [InlineData(0, null, true)]     // one under the limit (none missing)
    [InlineData(1, null, true)]     // at the default limit of 1
    [InlineData(2, null, false)]    // one over: null
    [InlineData(2, 2, true)]        // option max_missing 2
    [InlineData(3, 2, false)]       // one over the option
    [InlineData(1, 0, false)]       // option 0: every section needed
    public void Score_MissingSections_NullOverLimit(int missing, int? maxMissing, bool scored)
    {
        var items = Sections(3, 3, 3, 3, 3, 3, 3, 3, 3, 3).Without(Enumerable.Range(1, missing).Select(i => i.ToString()));
        var r = Score("ODI", items, maxMissing is { } m ? $$"""{"max_missing":{{m}}}""" : null);
        AssertOk(r);
        Assert.Equal(scored ? 60m : null, r.Value("score"));
        Assert.Equal(scored, r.Value("score_rounded") is not null);
    }

    [Theory]
    [InlineData(20, "minimal")]      // top of 0-20
    [InlineData(20.5, "moderate")]   // fractional above 20 -> next band (convention)
    [InlineData(22.22, "moderate")]  // INSTRUMENTS.md's example
    [InlineData(40, "moderate")]     // top of 21-40
    [InlineData(40.5, "severe")]     // above 40
    [InlineData(60, "severe")]       // top of 41-60
    [InlineData(61, "crippled")]     // bottom of 61-80
    [InlineData(80.5, "bed_bound")]  // above 80
    public void Bands_FractionalScores_UseUpperBound(double score, string band) =>
        Assert.Equal(band, Oswestry.Definition.Score("score").Bands!.Of((decimal)score)!.Code);

    [Theory]
    [InlineData("""{"11":1}""", "11", "Item 11 is not part of ODI.")]                          // only ten sections
    [InlineData("""{"3":6}""", "3", "Answer to item 3 must be 0–5.")]                           // above 5
    [InlineData("""{"3":2.5}""", "3", "Answer to item 3 must be a whole number 0–5.")]          // two statements: record the higher, not the mean
    [InlineData("""{"3":"2"}""", "3", "Answer to item 3 must be a number, not text.")]          // string
    public void Score_BadSection_IsRejected(string items, string item, string message)
    {
        var r = ScoreJson($$"""{"instrument":"ODI","items":{{items}}}""");
        Assert.Equal(new ItemError(item, message), Assert.Single(r.Errors));
    }

    [Theory]
    [InlineData("""{"max_missing":10}""")]  // would allow no answer at all
    [InlineData("""{"max_missing":-1}""")]  // negative
    [InlineData("""{"max_missing":"1"}""")] // text
    public void Score_BadMaxMissing_IsRejected(string options) =>
        Assert.Equal("options.max_missing", Assert.Single(Score("ODI", Sections(1, 1, 1, 1, 1, 1, 1, 1, 1, 1), options).Errors).Item);
}
