using static OrthoRegen.Instruments.CommonLabels;

namespace OrthoRegen.Instruments;

/// <summary>
/// KOOS, Knee injury and Osteoarthritis Outcome Score (INSTRUMENTS.md §1): 42 items scored 0–4, five subscales each
/// <c>100 − 25 × mean of answered items</c>, 100 = no problems; no total score.
/// Missing items: KOOS Scoring 2012 (verified) scores a subscale when at least half its items are answered
/// (Symptoms 4/7, Pain 5/9, ADL 9/17, Sport/Rec 3/5, QOL 2/4); option <c>missing_rule</c> "1998" uses the older
/// "at most 2 missing" rule (5/7, 7/9, 15/17, 3/5, 2/4) for historical data. Subscales are independent.
/// </summary>
public static class Koos
{
    public const string Code = "KOOS";
    const string Knee = "knee_oa", TkaRehab = "tka_rehab", KneeArthritis = "knee_arthritis";
    const string Mostafaee = "Mostafaee 2021, knee OA physiotherapy (Persian KOOS); INSTRUMENTS.md §1";
    const string Monticone = "Monticone 2013, after TKA rehabilitation; INSTRUMENTS.md §1";

    static readonly string[] ScoreOrder = ["symptoms", "pain", "adl", "sport_rec", "qol"];

    /// <summary>Minimum answered items per subscale (symptoms, pain, adl, sport_rec, qol) under each rule.</summary>
    static readonly Dictionary<string, int[]> MinAnswered = new()
    {
        ["2012"] = [4, 5, 9, 3, 2],
        ["1998"] = [5, 7, 15, 3, 2],
    };

    public static readonly InstrumentDefinition Definition = new(
        Code, "1.0",
        L("KOOS (knee)", "KOOS (무릎)", "KOOS（膝关节）"),
        "KOOS Scoring 2012 (koos.nu); verified",
        [
            new ItemSection("symptoms", Symptoms,
            [
                new("S1", L("Swelling of the knee", "무릎 부기", "膝关节肿胀"), Frequency0To4),
                new("S2", L("Grinding, clicking or noise when the knee moves", "움직일 때 갈리거나 딸깍거림", "活动时有摩擦感或响声"), Frequency0To4),
                new("S3", L("Catching or hanging up when the knee moves", "움직일 때 걸리거나 멈칫함", "活动时有卡住感"), Frequency0To4),
                new("S4", L("Straightening the knee fully", "무릎 완전히 펴기", "膝关节能否完全伸直"), Ability0To4),
                new("S5", L("Bending the knee fully", "무릎 완전히 굽히기", "膝关节能否完全弯曲"), Ability0To4),
                new("S6", L("Stiffness after first wakening", "아침 기상 후 뻣뻣함", "晨起时僵硬"), Severity0To4),
                new("S7", L("Stiffness later in the day after rest", "휴식 후 뻣뻣함", "日间休息后僵硬"), Severity0To4),
            ]),
            new ItemSection("pain", Pain,
            [
                new("P1", L("How often the knee hurts", "무릎 통증 빈도", "膝痛频率"), Frequency0To4),
                new("P2", L("Pain twisting or pivoting on the knee", "무릎 비틀기·회전 시 통증", "膝关节扭转时疼痛"), Severity0To4),
                new("P3", L("Pain straightening the knee fully", "무릎을 완전히 펼 때 통증", "完全伸直膝关节时疼痛"), Severity0To4),
                new("P4", L("Pain bending the knee fully", "무릎을 완전히 굽힐 때 통증", "完全弯曲膝关节时疼痛"), Severity0To4),
                new("P5", L("Pain walking on a flat surface", "평지 보행 시 통증", "平地行走时疼痛"), Severity0To4),
                new("P6", L("Pain going up or down stairs", "계단 오르내릴 때 통증", "上下楼梯时疼痛"), Severity0To4),
                new("P7", L("Pain at night in bed", "밤에 잘 때 통증", "夜间卧床时疼痛"), Severity0To4),
                new("P8", L("Pain sitting or lying", "앉거나 누워 있을 때 통증", "坐着或躺着时疼痛"), Severity0To4),
                new("P9", L("Pain standing upright", "똑바로 서 있을 때 통증", "直立时疼痛"), Severity0To4),
            ]),
            new ItemSection("adl", Adl, Numbered("A", Severity0To4, DailyActivities)),
            new ItemSection("sport_rec", SportRec,
            [
                new("SP1", L("Squatting", "쪼그려 앉기", "下蹲"), Severity0To4),
                new("SP2", L("Running", "달리기", "跑步"), Severity0To4),
                new("SP3", L("Jumping", "점프", "跳跃"), Severity0To4),
                new("SP4", L("Twisting or pivoting on the injured knee", "아픈 무릎으로 비틀기·회전", "患膝扭转或旋转"), Severity0To4),
                new("SP5", L("Kneeling", "무릎 꿇기", "跪"), Severity0To4),
            ]),
            new ItemSection("qol", Qol,
            [
                new("Q1", L("How often aware of the knee problem", "무릎 문제를 의식하는 빈도", "意识到膝关节问题的频率"), Frequency0To4),
                new("Q2", L("Lifestyle changed to avoid harming the knee", "무릎 보호를 위한 생활 방식 변화", "为保护膝关节而改变生活方式"), Severity0To4),
                new("Q3", L("Troubled by lack of confidence in the knee", "무릎에 대한 자신감 부족", "对膝关节缺乏信心"), Severity0To4),
                new("Q4", L("Overall difficulty with the knee", "무릎 문제로 인한 전반적 어려움", "膝关节问题带来的总体困难"), Severity0To4),
            ]),
        ],
        [
            Subscale("symptoms", Symptoms, Codes("S", 7)),
            Subscale("pain", Pain, Codes("P", 9)),
            Subscale("adl", Adl, Codes("A", 17)),
            Subscale("sport_rec", SportRec, Codes("SP", 5)),
            Subscale("qol", Qol, Codes("Q", 4)),
        ],
        [MissingRuleOption("2012", "1998", "KOOS Scoring 2012: at least 50 % of a subscale's items answered; 1998: at most 2 missing.")],
        [
            Mic("pain", Knee, 15m, Mostafaee), Mic("symptoms", Knee, 12.5m, Mostafaee), Mic("adl", Knee, 15.5m, Mostafaee),
            Mic("sport_rec", Knee, 17.5m, Mostafaee), Mic("qol", Knee, 12.5m, Mostafaee),
            Mic("pain", TkaRehab, 16.7m, Monticone), Mic("symptoms", TkaRehab, 10.7m, Monticone), Mic("adl", TkaRehab, 18.4m, Monticone),
            Mic("sport_rec", TkaRehab, 12.5m, Monticone), Mic("qol", TkaRehab, 15.6m, Monticone),
            Mic("qol", KneeArthritis, 8.0m, "ICOAP/KOOS-PS reliability study, knee arthritis (PMC3943561); INSTRUMENTS.md §1"),
        ],
        []); // KOOS PASS values exist for specific populations but were not extracted: none hard-coded (INSTRUMENTS.md §1).

    public static readonly Instrument Instrument = new(Definition, input => ScoreSubscales(input, ScoreOrder, MinAnswered));

    /// <summary>The batch runner's compiled form of <see cref="Instrument"/> for requests without options.</summary>
    internal static SubscaleShortcut BatchShortcut() => new(Instrument, MinAnswered[Definition.DefaultOptions.Choice("missing_rule")]);

    /// <summary>Scores each named subscale with <see cref="ScoreMath.Transformed0To100"/> under the chosen missing rule.</summary>
    internal static ScoreSheet ScoreSubscales(ScoringInput input, string[] order, Dictionary<string, int[]> minAnswered)
    {
        var mins = minAnswered[input.Options.Choice("missing_rule")];
        var scores = new ComputedScore[order.Length];
        for (var i = 0; i < order.Length; i++)
            scores[i] = ScoreMath.Transformed0To100(input, input.Definition.Scores[i], mins[i]);
        return new ScoreSheet(scores);
    }

    internal static ScoreDefinition Subscale(string name, LocalizedText label, IReadOnlyList<string> items) =>
        new(name, label, Direction.HigherIsBetter, 0m, 100m, "0-100", items);

    internal static OptionDefinition MissingRuleOption(string current, string old, string description) =>
        new OptionDefinition.Choice("missing_rule", description, [current, old]);

    internal static ChangeThreshold Mic(string score, string population, decimal absolute, string source, decimal? relative = null) =>
        new(score, population, ChangeThresholdKind.MinimalImportantChange, absolute, relative, source);
}
