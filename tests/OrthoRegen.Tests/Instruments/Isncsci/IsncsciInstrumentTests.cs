using System.Text.Json;
using System.Text.Json.Nodes;
using OrthoRegen.Instruments;
using OrthoRegen.Instruments.Isncsci;
using static OrthoRegen.Tests.Instruments.Responses;

namespace OrthoRegen.Tests.Instruments.Isncsci;

/// <summary>
/// ISNCSCI as a catalog instrument: the definition comes from <see cref="IsncsciItems.Codes"/>, and the catalog and
/// <c>orthoregen score</c> return what <see cref="IsncsciClassifier.Classify"/> returns for the same exam.
/// </summary>
public class IsncsciInstrumentTests(CliFixture cli) : IClassFixture<CliFixture>
{
    // The exams of IsncsciClassifierTests.Grades (hand-worked there), one per AIS grade, plus NT and missing values.
    static readonly Dictionary<string, Func<ExamBuilder>> Exams = new()
    {
        ["T6 complete"] = () => ExamBuilder.Intact().Sensation("RL", "T7", 0, 0).Motor("RL", "L2", 0).Anal(false, false),
        ["T6 sensory incomplete"] = () => ExamBuilder.Intact().Sensation("RL", "T7", 0, 0).Motor("RL", "L2", 0).Anal(false, false).Set("R_LT_S4_5", 1),
        ["T6 weak legs"] = () => ExamBuilder.Intact().Sensation("RL", "T7", 0, 0).Motor("RL", "L2", 0).Anal(false, false).Set("R_LT_S4_5", 1).Set("L_M_L2", 2),
        ["T6 antigravity legs"] = () => ExamBuilder.Intact().Sensation("RL", "T7", 1, 1).Motor("RL", "L2", 3).Anal(true, true),
        ["intact with VAC"] = ExamBuilder.Intact,
        ["C5 with non-key muscle"] = () => ExamBuilder.Intact().Sensation("RL", "C6", 0, 0).Motor("RL", "C6", 0).Motor("RL", "C5", 3, to: "C5")
            .Anal(false, false).Set("L_LT_S4_5", 1).Set("R_NKM", "L3"),
        ["T6 S4-5 not testable"] = () => ExamBuilder.Intact().Sensation("RL", "T7", 0, 0).Motor("RL", "L2", 0).Anal(false, false).Set("R_LT_S4_5", "NT"),
        ["missing VAC"] = () => ExamBuilder.Intact().Without("VAC"),
    };

    public static TheoryData<string> ExamNames() => [.. Exams.Keys];

    static string Request(ExamBuilder exam) =>
        new JsonObject { ["instrument"] = "ISNCSCI", ["items"] = JsonSerializer.SerializeToNode(exam.Items()) }.ToJsonString();

    /// <summary>What the standalone classifier says, in the CLI's shape: scores by name and the classification object.</summary>
    static (Dictionary<string, decimal?> Scores, string Classification) Classifier(ExamBuilder exam)
    {
        var r = exam.Score();
        return (IsncsciResult.ScoreNames.ToDictionary(n => n, n => r.Scores[n] is { } v ? (decimal?)v : null), r.Classification.ToJsonObject().ToJsonString());
    }

    static string ClassificationJson(IReadOnlyDictionary<string, object?> c) => JsonSerializer.Serialize(c);

    [Fact]
    public void Definition_Items_AreIsncsciItemsCodesInOrder()
    {
        Assert.Equal(IsncsciItems.Codes, IsncsciInstrument.Definition.Items.Select(i => i.Code));
        Assert.Same(IsncsciInstrument.Definition, Catalog.Find("ISNCSCI")!.Definition);
        Assert.Equal(IsncsciResult.ScoreNames, IsncsciInstrument.Definition.Scores.Select(s => s.Name));
        Assert.Equal(["R_M", "R_LT", "R_PP", "L_M", "L_LT", "L_PP", "anorectal", "non_key_muscle"], IsncsciInstrument.Definition.Sections.Select(s => s.Code));
    }

    [Theory]
    [InlineData("R_UEMS", 5, 25)]   // C5–T1 right
    [InlineData("LEMS", 10, 50)]    // L2–S1 both sides
    [InlineData("R_LT", 28, 56)]    // 28 dermatomes C2 … S4-5
    [InlineData("PP", 56, 112)]
    [InlineData("MOTOR", 20, 100)]
    public void Definition_Totals_SumTheirItems(string score, int items, int max)
    {
        var d = IsncsciInstrument.Definition.Score(score);
        Assert.Equal((items, max, Direction.HigherIsBetter), (d.ItemCodes.Count, (int)d.Max, d.Direction));
    }

    [Theory]
    [MemberData(nameof(ExamNames))]
    public void Score_ThroughCatalog_GivesTheClassifiersTotalsAndClassification(string name)
    {
        var exam = Exams[name]();
        var (scores, classification) = Classifier(exam);

        var r = ScoreJson(Request(exam));

        AssertOk(r);
        Assert.Equal(scores, r.Scores.ToDictionary(s => s.Name, s => s.Value));
        Assert.Equal(classification, ClassificationJson(r.Classification!));
    }

    [Fact]
    public void Score_T6Complete_IsAisAWithLevelsT6()
    {
        var r = ScoreJson(Request(Exams["T6 complete"]()));

        // Arms 5 × 10, legs 0; light touch C2–T6 = 13 dermatomes × 2 per side × 2 sides.
        Assert.Equal((50m, 0m, 52m, 50m), (r.Value("UEMS")!.Value, r.Value("LEMS")!.Value, r.Value("LT")!.Value, r.Value("MOTOR")!.Value));
        Assert.Equal(
            """{"sensory_level_R":"T6","sensory_level_L":"T6","motor_level_R":"T6","motor_level_L":"T6","nli":"T6","complete":true,"ais":"A"}""",
            ClassificationJson(r.Classification!));
    }

    [Fact]
    public void Score_NotTestableValue_NullsItsTotalsWithReasonAndAisIsNotDeterminable()
    {
        var r = ScoreJson(Request(Exams["T6 S4-5 not testable"]()));

        AssertOk(r);
        Assert.Null(r.Value("R_LT"));
        Assert.Equal(IsncsciMessages.TotalNotScored("R_LT", ["R_LT_S4_5"], []), r.Score("R_LT")!.Reason);
        Assert.Equal(26m, r.Value("R_PP")); // pin prick unaffected by the NT: C2–T6 normal, 13 dermatomes × 2
        Assert.Null(r.Classification!["ais"]);
        Assert.Null(r.Classification!["complete"]);
    }

    [Theory]
    [InlineData("R_M_C5", "6", "Answer to item R_M_C5 must be 0–5 or NT.")]           // above the motor range
    [InlineData("R_LT_C2", "\"5*\"", "Answer to item R_LT_C2 must be 0–2 or NT.")]    // 2019 '*' marks are not supported
    [InlineData("L_PP_T4", "1.5", "Answer to item L_PP_T4 must be a whole number 0–2 or NT.")]
    [InlineData("VAC", "\"yes\"", "Answer to item VAC must be true or false, not text.")]
    [InlineData("R_NKM", "\"T2\"", "Answer to item R_NKM must be one of C5, C6, C7, C8, T1, L2, L3, L4, L5, S1.")] // no key muscle at T2
    [InlineData("R_M_C4", "5", "Item R_M_C4 is not part of ISNCSCI.")]                // no key muscle at C4
    public void Score_BadItem_IsRejectedWithOneMessageForThatItem(string code, string json, string message)
    {
        var items = JsonSerializer.SerializeToNode(ExamBuilder.Intact().Items())!.AsObject();
        items[code] = JsonNode.Parse(json);
        var r = ScoreJson(new JsonObject { ["instrument"] = "ISNCSCI", ["items"] = items }.ToJsonString());

        Assert.Equal(ResultStatus.Rejected, r.Status);
        var error = Assert.Single(r.Errors);
        Assert.Equal((code, message), (error.Item, error.Message));
    }

    [Fact]
    public void Score_ThroughCli_GivesTheClassifiersResultForEveryExam()
    {
        var names = Exams.Keys.ToList();
        var (code, stdout, stderr) = cli.Score("[" + string.Join(",", names.Select(n => Request(Exams[n]()))) + "]");

        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var results = doc.RootElement.EnumerateArray().ToList();
        Assert.Equal(names.Count, results.Count);
        for (var i = 0; i < names.Count; i++)
        {
            var (scores, classification) = Classifier(Exams[names[i]]());
            var cliScores = results[i].GetProperty("scores").EnumerateObject()
                .ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.Null ? (decimal?)null : p.Value.GetDecimal());
            Assert.Equal(scores, cliScores);
            Assert.Equal(IsncsciResult.ScoreNames, results[i].GetProperty("scores").EnumerateObject().Select(p => p.Name));
            Assert.Equal(classification, results[i].GetProperty("classification").GetRawText());
        }
    }

    [Fact]
    public void ToJson_Isncsci_ExportsNotTestableAsACodingWithoutOrdinalValue()
    {
        using var doc = JsonDocument.Parse(FhirQuestionnaire.ToJson(IsncsciInstrument.Definition, "ko"));
        var leaves = doc.RootElement.GetProperty("item").EnumerateArray().SelectMany(g => g.GetProperty("item").EnumerateArray()).ToList();
        Assert.Equal(136, leaves.Count);
        var lt = leaves.Single(l => l.GetProperty("linkId").GetString() == "R_LT_S4_5");
        var nt = lt.GetProperty("answerOption").EnumerateArray().Last();
        Assert.Equal("NT", nt.GetProperty("valueCoding").GetProperty("code").GetString());
        Assert.False(nt.TryGetProperty("extension", out _));
        Assert.Contains("우측", lt.GetProperty("text").GetString());
        var nkm = leaves.Single(l => l.GetProperty("linkId").GetString() == "L_NKM");
        Assert.Equal(("choice", 10), (nkm.GetProperty("type").GetString(), nkm.GetProperty("answerOption").GetArrayLength()));
        Assert.Equal("boolean", leaves.Single(l => l.GetProperty("linkId").GetString() == "VAC").GetProperty("type").GetString());
    }
}
