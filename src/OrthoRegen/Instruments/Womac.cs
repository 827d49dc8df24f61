using static OrthoRegen.Instruments.CommonLabels;

namespace OrthoRegen.Instruments;

/// <summary>
/// WOMAC Likert 3.1 (INSTRUMENTS.md §3): 24 items 0–4, <b>higher = worse</b>. Subscale = sum of items (Pain 0–20,
/// Stiffness 0–8, Function 0–68); Total = sum of the three subscale sums (0–96), only when all three are valid
/// (convention). Normalised <c>*_100 = raw / max × 100</c>, still higher = worse (the scale of Tubach 2005).
/// Missing items (option <c>max_missing</c>): up to the allowed number per subscale are replaced by the mean of the
/// answered items of that subscale; more missing → null. Defaults: function 3 (verified, Whitehouse 2004), pain 1
/// (cross-checked), stiffness 0 (convention). Confirm pain and stiffness against the licensed User Guide.
/// </summary>
public static class Womac
{
    public const string Code = "WOMAC";
    const string Tubach = "Tubach F et al. 2005 (MCII and PASS, WOMAC function normalised 0-100); INSTRUMENTS.md §3";

    public static readonly InstrumentDefinition Definition = new(
        Code, "3.1",
        L("WOMAC (Likert 3.1)", "WOMAC (리커트 3.1)", "WOMAC（Likert 3.1 版）"),
        "WOMAC 3.1 Likert; sums verified; imputation: function verified (Whitehouse 2004), pain cross-checked, stiffness convention",
        [
            new ItemSection("pain", Pain,
            [
                new("P1", L("Pain walking", "걸을 때 통증", "行走时疼痛"), Severity0To4),
                new("P2", L("Pain on stairs", "계단 이용 시 통증", "上下楼梯时疼痛"), Severity0To4),
                new("P3", L("Pain in bed at night", "밤에 잘 때 통증", "夜间卧床时疼痛"), Severity0To4),
                new("P4", L("Pain sitting or lying", "앉거나 누워 있을 때 통증", "坐着或躺着时疼痛"), Severity0To4),
                new("P5", L("Pain standing upright", "똑바로 서 있을 때 통증", "直立时疼痛"), Severity0To4),
            ]),
            new ItemSection("stiffness", Stiffness,
            [
                new("S1", L("Stiffness on first waking", "아침 기상 시 뻣뻣함", "晨起时僵硬"), Severity0To4),
                new("S2", L("Stiffness later in the day", "오후·저녁의 뻣뻣함", "日间晚些时候僵硬"), Severity0To4),
            ]),
            new ItemSection("function", L("Physical function", "신체 기능", "身体功能"), Numbered("F", Severity0To4, DailyActivities)),
        ],
        [
            Sum("pain", Pain, 20m, Codes("P", 5)),
            Sum("stiffness", Stiffness, 8m, Codes("S", 2)),
            Sum("function", L("Physical function", "신체 기능", "身体功能"), 68m, Codes("F", 17)),
            Sum("total", Total, 96m, [.. Codes("P", 5), .. Codes("S", 2), .. Codes("F", 17)]),
            Normalised("pain_100", L("Pain (0-100)", "통증 (0-100)", "疼痛（0-100）"), Codes("P", 5)),
            Normalised("stiffness_100", L("Stiffness (0-100)", "뻣뻣함 (0-100)", "僵硬（0-100）"), Codes("S", 2)),
            Normalised("function_100", L("Physical function (0-100)", "신체 기능 (0-100)", "身体功能（0-100）"), Codes("F", 17)),
            Normalised("total_100", L("Total (0-100)", "총점 (0-100)", "总分（0-100）"), [.. Codes("P", 5), .. Codes("S", 2), .. Codes("F", 17)]),
        ],
        [
            new OptionDefinition.WholeFields("max_missing",
                "Most missing items per subscale that are replaced by the mean of the answered items of that subscale.",
                [("pain", 1, 4), ("stiffness", 0, 1), ("function", 3, 16)]),
        ],
        [
            new ChangeThreshold("function_100", "knee_oa", ChangeThresholdKind.MinimalImportantChange, 9.1m, 26.0m, Tubach),
            new ChangeThreshold("function_100", "hip_oa", ChangeThresholdKind.MinimalImportantChange, 7.9m, 21.1m, Tubach),
        ],
        [
            new PassThreshold("function_100", "knee_oa", 31.0m, Tubach),
            new PassThreshold("function_100", "hip_oa", 34.4m, Tubach),
        ]);

    public static readonly Instrument Instrument = new(Definition, Score);

    static ScoreDefinition Sum(string name, LocalizedText label, decimal max, IReadOnlyList<string> items) =>
        new(name, label, Direction.HigherIsWorse, 0m, max, "points", items);

    static ScoreDefinition Normalised(string name, LocalizedText label, IReadOnlyList<string> items) =>
        new(name, label, Direction.HigherIsWorse, 0m, 100m, "0-100", items);

    static ScoreSheet Score(ScoringInput input)
    {
        var d = input.Definition.Scores;
        var pain = Imputed(input, d[0], input.Options.Field("max_missing", "pain"));
        var stiffness = Imputed(input, d[1], input.Options.Field("max_missing", "stiffness"));
        var function = Imputed(input, d[2], input.Options.Field("max_missing", "function"));
        var total = ScoreMath.SumOfScores("total", pain, stiffness, function);
        return new ScoreSheet(
        [
            pain, stiffness, function, total,
            Normalise("pain_100", pain, 20m), Normalise("stiffness_100", stiffness, 8m),
            Normalise("function_100", function, 68m), Normalise("total_100", total, 96m),
        ]);
    }

    /// <summary>Sum with each missing item replaced by the mean of the answered ones (= mean × item count).</summary>
    static ComputedScore Imputed(ScoringInput input, ScoreDefinition score, int maxMissing)
    {
        var (sum, answered) = ScoreMath.SumAnswered(input, score.ItemCodes);
        var of = score.ItemCodes.Count;
        var missing = of - answered;
        if (missing > maxMissing || answered == 0)
            return ComputedScore.Invalid(score.Name, answered, InstrumentMessages.TooFewAnswered(answered, Math.Max(of - maxMissing, 1), of));
        return missing == 0
            ? new ComputedScore(score.Name, sum, answered)
            : new ComputedScore(score.Name, sum * of / answered, answered, missing);
    }

    static ComputedScore Normalise(string name, ComputedScore raw, decimal max) =>
        raw with { Name = name, Value = raw.Value is { } v ? v * 100m / max : null };
}
