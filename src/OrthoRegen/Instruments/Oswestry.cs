using static OrthoRegen.Instruments.CommonLabels;

namespace OrthoRegen.Instruments;

/// <summary>
/// Oswestry Disability Index v2.1a (INSTRUMENTS.md §8; Fairbank &amp; Pynsent 2000): 10 sections "1".."10", each 0–5
/// (first statement 0, last 5). <c>ODI % = sum of answered sections / (5 × sections answered) × 100</c>
/// (verified; 16/45 → 35.5556 %), <b>higher = worse</b>. <c>score_rounded</c> is that percentage rounded half up to a
/// whole number, as the authors suggest. Missing sections (option <c>max_missing</c>, default 1, a convention):
/// more missing → null. Bands (developers' interpretation) place a fractional score in the lower band only when it is
/// at or below that band's upper integer (20.5 → moderate; convention).
/// </summary>
public static class Oswestry
{
    public const string Code = "ODI";

    static readonly AnswerScale.Choice Statements = Options(
        L("First statement (no difficulty)", "첫째 문항 (어려움 없음)", "第一项（无困难）"),
        L("Second statement", "둘째 문항", "第二项"),
        L("Third statement", "셋째 문항", "第三项"),
        L("Fourth statement", "넷째 문항", "第四项"),
        L("Fifth statement", "다섯째 문항", "第五项"),
        L("Last statement (most difficulty)", "마지막 문항 (가장 어려움)", "最后一项（最困难）"));

    static readonly BandScheme Bands = new(
    [
        new("minimal", L("Minimal disability", "최소 장애", "轻微功能障碍"), 0m, 20m),
        new("moderate", L("Moderate disability", "중등도 장애", "中度功能障碍"), 21m, 40m),
        new("severe", L("Severe disability", "중증 장애", "重度功能障碍"), 41m, 60m),
        new("crippled", L("Crippling back pain", "심각한 요통 장애", "严重致残性腰痛"), 61m, 80m),
        new("bed_bound", L("Bed-bound or exaggerating", "침상 생활 또는 증상 과장", "卧床或症状夸大"), 81m, 100m),
    ], BandGapRule.UpperBound, "Fairbank & Pynsent 2000 interpretation (verified); fractional placement is a convention; INSTRUMENTS.md §8");

    static readonly string[] Sections = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"];

    public static readonly InstrumentDefinition Definition = new(
        Code, "2.1a",
        L("Oswestry Disability Index 2.1a", "오스웨스트리 장애 지수 2.1a", "Oswestry 功能障碍指数 2.1a"),
        "Fairbank JC, Pynsent PB. Spine 2000;25:2940-2953; formula verified, missing-section limit a convention",
        [
            new ItemSection("odi", L("Oswestry Disability Index", "오스웨스트리 장애 지수", "Oswestry 功能障碍指数"),
            [
                new("1", L("Pain intensity", "통증 강도", "疼痛强度"), Statements),
                new("2", L("Personal care (washing, dressing)", "개인 위생 (씻기, 옷 입기)", "个人护理（洗漱、穿衣）"), Statements),
                new("3", L("Lifting", "물건 들기", "提举重物"), Statements),
                new("4", L("Walking", "걷기", "行走"), Statements),
                new("5", L("Sitting", "앉기", "坐"), Statements),
                new("6", L("Standing", "서 있기", "站立"), Statements),
                new("7", L("Sleeping", "수면", "睡眠"), Statements),
                new("8", L("Sex life (if applicable)", "성생활 (해당 시)", "性生活（如适用）"), Statements),
                new("9", L("Social life", "사회생활", "社交生活"), Statements),
                new("10", L("Travelling", "여행·이동", "出行"), Statements),
            ]),
        ],
        [
            new ScoreDefinition("score", L("Disability (%)", "장애 (%)", "功能障碍（%）"), Direction.HigherIsWorse, 0m, 100m, "%", Sections, Bands),
            new ScoreDefinition("score_rounded", L("Disability (%), whole number", "장애 (%), 정수", "功能障碍（%），取整"), Direction.HigherIsWorse, 0m, 100m, "%", Sections),
        ],
        [new OptionDefinition.Whole("max_missing", "Most sections that may be unanswered or not applicable; the denominator drops by 5 for each.", 1, 0, 9)],
        [
            new ChangeThreshold("score", "low_back_pain", ChangeThresholdKind.MinimalImportantChange, 10m, 30m, "Ostelo RW et al. 2008 consensus; INSTRUMENTS.md §8"),
            new ChangeThreshold("score", "lumbar_surgery", ChangeThresholdKind.MinimalImportantChange, null, 18m,
                "Mannion 2005, German ODI 2.1: 18 % reduction = good surgical outcome; INSTRUMENTS.md §8"),
        ],
        []);

    public static readonly Instrument Instrument = new(Definition, Score);

    static ScoreSheet Score(ScoringInput input)
    {
        var (sum, answered) = ScoreMath.SumAnswered(input, Sections);
        var missing = Sections.Length - answered;
        var maxMissing = input.Options.Whole("max_missing");
        if (missing > maxMissing)
        {
            var reason = InstrumentMessages.TooFewAnswered(answered, Sections.Length - maxMissing, Sections.Length);
            return new ScoreSheet([ComputedScore.Invalid("score", answered, reason), ComputedScore.Invalid("score_rounded", answered, reason)]);
        }
        var percent = sum * 100m / (5m * answered);
        return new ScoreSheet(
        [
            new ComputedScore("score", percent, answered),
            new ComputedScore("score_rounded", Math.Round(percent, 0, MidpointRounding.AwayFromZero), answered),
        ]);
    }
}
