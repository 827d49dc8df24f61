using OrthoRegen.Instruments;
using static OrthoRegen.Tests.Instruments.Responses;

namespace OrthoRegen.Tests.Instruments;

// House rules for definitions: every text in en, ko and zh; one source of truth; codes as in INSTRUMENTS.md.
public class DefinitionTests
{
    public static TheoryData<string> Codes() => [.. Catalog.Definitions.Select(d => d.Code)];

    /// <summary>Every text a definition shows a person, with where it comes from.</summary>
    static IEnumerable<(string Where, LocalizedText Text)> Texts(InstrumentDefinition d)
    {
        yield return ("title", d.Title);
        foreach (var s in d.Sections) yield return ($"section {s.Code}", s.Title);
        foreach (var i in d.Items)
        {
            yield return ($"item {i.Code}", i.Label);
            if (i.Scale is AnswerScale.Choice c)
            {
                foreach (var o in c.Options) yield return ($"item {i.Code} option {o.Value}", o.Label);
                foreach (var o in c.CodedOptions) yield return ($"item {i.Code} option {o.Code}", o.Label);
            }
            if (i.Scale is AnswerScale.Coded coded)
                foreach (var o in coded.Options) yield return ($"item {i.Code} option {o.Code}", o.Label);
        }
        foreach (var s in d.Scores)
        {
            yield return ($"score {s.Name}", s.Label);
            foreach (var b in s.Bands?.Bands ?? []) yield return ($"score {s.Name} band {b.Code}", b.Label);
        }
    }

    static bool HasLetters(string s) => s.Any(char.IsAsciiLetter);
    static bool HasHangul(string s) => s.Any(c => c is >= '\uAC00' and <= '\uD7A3');
    static bool HasHan(string s) => s.Any(c => c is >= '\u4E00' and <= '\u9FFF');

    [Theory]
    [MemberData(nameof(Codes))]
    public void Labels_EveryText_IsInEnglishKoreanAndChinese(string code)
    {
        foreach (var (where, text) in Texts(Definition(code)))
        {
            Assert.False(string.IsNullOrWhiteSpace(text.En), $"{code} {where}: en");
            Assert.False(string.IsNullOrWhiteSpace(text.Ko), $"{code} {where}: ko");
            Assert.False(string.IsNullOrWhiteSpace(text.Zh), $"{code} {where}: zh");
            // A text with words must be translated; a bare number ("7") may be the same in every language.
            if (HasLetters(text.En))
            {
                Assert.True(HasHangul(text.Ko), $"{code} {where}: Korean label '{text.Ko}' has no Hangul");
                Assert.True(HasHan(text.Zh), $"{code} {where}: Chinese label '{text.Zh}' has no Chinese characters");
            }
        }
    }

    [Fact]
    public void Catalog_HasTheInstrumentsOfTheIssue()
    {
        Assert.Equal(
            ["HHS", "HOOS", "ISNCSCI", "KL", "KOOS", "KOOS12", "KOOS_PS", "LEQUESNE_HIP", "LEQUESNE_KNEE", "LYSHOLM", "ODI", "OMERACT_OARSI", "PAIN_NRS", "PAIN_VAS", "WOMAC"],
            Catalog.Definitions.Select(d => d.Code).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("KOOS", "symptoms,pain,adl,sport_rec,qol")]
    [InlineData("HOOS", "symptoms,pain,adl,sport_rec,qol")]
    [InlineData("KOOS12", "pain,function,qol,summary")]
    [InlineData("KOOS_PS", "difficulty")]
    [InlineData("WOMAC", "pain,stiffness,function,total,pain_100,stiffness_100,function_100,total_100")]
    [InlineData("PAIN_VAS", "vas_mm,vas_cm")]            // both units, INSTRUMENTS.md §4
    [InlineData("PAIN_NRS", "nrs,score_0_100")]          // convenience 0-100, INSTRUMENTS.md §4
    [InlineData("LEQUESNE_KNEE", "pain,walking,adl,total")]
    [InlineData("LEQUESNE_HIP", "pain,walking,adl,total")]
    [InlineData("LYSHOLM", "total")]
    [InlineData("HHS", "pain,function,deformity,rom,total")]
    [InlineData("ODI", "score,score_rounded")]           // exact and rounded, INSTRUMENTS.md §8
    [InlineData("KL", "grade")]
    [InlineData("ISNCSCI", "R_UEMS,L_UEMS,R_LEMS,L_LEMS,UEMS,LEMS,R_LT,L_LT,R_PP,L_PP,LT,PP,MOTOR")]
    public void Scores_Names_AreThoseOfTheIssue(string code, string names) =>
        Assert.Equal(names.Split(','), Definition(code).Scores.Select(s => s.Name));

    [Theory]
    [InlineData("KOOS", 42)]
    [InlineData("HOOS", 40)]
    [InlineData("KOOS12", 12)]
    [InlineData("KOOS_PS", 7)]
    [InlineData("WOMAC", 24)]
    [InlineData("LEQUESNE_KNEE", 11)]
    [InlineData("LYSHOLM", 8)]
    [InlineData("HHS", 18)] // 8 graded items, 4 deformity criteria, 5 angles, rom_points
    [InlineData("ODI", 10)]
    [InlineData("ISNCSCI", 136)] // 2 × (10 motor + 28 LT + 28 PP), VAC, DAP, R_NKM, L_NKM
    public void Items_Count_MatchesInstrumentsMd(string code, int count) => Assert.Equal(count, Definition(code).Items.Count());

    [Theory]
    [MemberData(nameof(Codes))]
    public void Scores_ItemCodes_AllExistInTheDefinition(string code)
    {
        var d = Definition(code);
        Assert.All(d.Scores.SelectMany(s => s.ItemCodes), c => Assert.NotNull(d.Item(c)));
        Assert.All(d.Items.Where(i => i.EnabledUnlessAnswered is not null), i => Assert.NotNull(d.Item(i.EnabledUnlessAnswered!)));
    }

    [Fact]
    public void With_NewInstrument_IsScoredThroughTheSameEntryPoint()
    {
        // How any later instrument plugs in (as ISNCSCI did): a definition plus its own scoring function.
        var definition = new InstrumentDefinition("TEST", "1", new("Test", "시험", "测试"), "test", [
            new ItemSection("s", new("S", "에스", "节"), [new ItemDefinition("x", new("X", "엑스", "叉"), new AnswerScale.YesNo())])],
            [new ScoreDefinition("flag", new("Flag", "표시", "标记"), Direction.HigherIsWorse, 0, 1, "", ["x"])], [], [], []);
        var catalog = Catalog.With(new Instrument(definition,
            i => new ScoreSheet([new ComputedScore("flag", i.Flag("x") == true ? 1 : 0, 1)], Classification: new Dictionary<string, object?> { ["ais"] = "A" })));
        var r = catalog.Score(new InstrumentRequest("TEST", new Dictionary<string, Answer> { ["x"] = Answer.Of(true) }));
        Assert.Equal(1m, r.Value("flag"));
        Assert.Equal("A", r.Classification!["ais"]);
        Assert.Equal(16, catalog.Definitions.Count());
    }

    [Fact]
    public void Score_UnknownInstrument_IsRejectedListingKnownOnes()
    {
        var r = ScoreJson("""{"instrument":"SF36","items":{}}""");
        Assert.Equal(ResultStatus.Rejected, r.Status);
        Assert.Equal("instrument", Assert.Single(r.Errors).Item);
        Assert.StartsWith("Unknown instrument 'SF36'; use one of ", r.Errors[0].Message);
    }
}
