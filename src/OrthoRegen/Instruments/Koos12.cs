using static OrthoRegen.Instruments.CommonLabels;

namespace OrthoRegen.Instruments;

/// <summary>
/// KOOS-12 (INSTRUMENTS.md §1; Gandek 2019): 12 KOOS items, taken from <see cref="Koos.Definition"/> by code, in three
/// scales of four items. A scale needs at least 2 of its 4 items; missing items get the person's mean, so the scale is
/// <c>100 − 25 × mean of answered items</c> (100 = no problems). The summary knee impact score is the mean of the three
/// scales, computed only when all three are valid (our reading; cross-checked).
/// </summary>
public static class Koos12
{
    public const string Code = "KOOS12";
    const int MinPerScale = 2;

    static readonly string[] PainItems = ["P1", "P5", "P6", "P8"];
    static readonly string[] FunctionItems = ["A3", "A4", "A7", "SP4"];
    static readonly string[] QolItems = ["Q1", "Q2", "Q3", "Q4"];

    static readonly LocalizedText Function = L("Function", "기능", "功能");

    public static readonly InstrumentDefinition Definition = new(
        Code, "1.0",
        L("KOOS-12 (knee)", "KOOS-12 (무릎)", "KOOS-12（膝关节）"),
        "Gandek et al. 2019, koos.nu KOOS-12; items verified, summary rule cross-checked",
        [
            new ItemSection("pain", Pain, PainItems.Select(c => Koos.Definition.Item(c)!).ToList()),
            new ItemSection("function", Function, FunctionItems.Select(c => Koos.Definition.Item(c)!).ToList()),
            new ItemSection("qol", Qol, QolItems.Select(c => Koos.Definition.Item(c)!).ToList()),
        ],
        [
            Koos.Subscale("pain", Pain, PainItems),
            Koos.Subscale("function", Function, FunctionItems),
            Koos.Subscale("qol", Qol, QolItems),
            Koos.Subscale("summary", L("Summary knee impact", "무릎 영향 요약 점수", "膝关节影响总结分"), [.. PainItems, .. FunctionItems, .. QolItems]),
        ],
        [],
        [],
        []);

    public static readonly Instrument Instrument = new(Definition, Score);

    static ScoreSheet Score(ScoringInput input)
    {
        var d = input.Definition.Scores;
        var pain = ScoreMath.Transformed0To100(input, d[0], MinPerScale);
        var function = ScoreMath.Transformed0To100(input, d[1], MinPerScale);
        var qol = ScoreMath.Transformed0To100(input, d[2], MinPerScale);
        var sum = ScoreMath.SumOfScores("summary", pain, function, qol);
        var summary = sum.Value is { } s ? sum with { Value = s / 3m } : sum;
        return new ScoreSheet([pain, function, qol, summary]);
    }
}
