using static OrthoRegen.Instruments.CommonLabels;

namespace OrthoRegen.Instruments;

/// <summary>
/// HOOS, Hip disability and Osteoarthritis Outcome Score (INSTRUMENTS.md §2): 40 items 0–4, five subscales scored as
/// KOOS (<c>100 − 25 × mean</c>, 100 = no problems), no total. Missing items: HOOS Scoring 2013 (verified) needs at
/// least half answered (Symptoms 3/5, Pain 5/10, ADL 9/17, Sport/Rec 2/4, QOL 2/4); option <c>missing_rule</c> "2003"
/// keeps the old rule (Symptoms 3, Pain 8, ADL 15, Sport/Rec 2, QOL 2).
/// </summary>
public static class Hoos
{
    public const string Code = "HOOS";
    const string ThaSource = "Distribution-based MCID after primary THA, PMC4709271; method-specific, use with care (INSTRUMENTS.md §2)";

    static readonly string[] ScoreOrder = ["symptoms", "pain", "adl", "sport_rec", "qol"];

    static readonly Dictionary<string, int[]> MinAnswered = new()
    {
        ["2013"] = [3, 5, 9, 2, 2],
        ["2003"] = [3, 8, 15, 2, 2],
    };

    public static readonly InstrumentDefinition Definition = new(
        Code, "1.0",
        L("HOOS (hip)", "HOOS (고관절)", "HOOS（髋关节）"),
        "HOOS Scoring 2013; verified",
        [
            new ItemSection("symptoms", Symptoms,
            [
                new("S1", L("Grinding, clicking or noise from the hip", "고관절에서 갈리거나 딸깍거림", "髋关节摩擦感或响声"), Frequency0To4),
                new("S2", L("Difficulty spreading the legs wide apart", "다리를 넓게 벌리기 어려움", "两腿大幅分开困难"), Severity0To4),
                new("S3", L("Difficulty striding out when walking", "걸을 때 보폭을 크게 하기 어려움", "行走时迈大步困难"), Severity0To4),
                new("S4", L("Stiffness after first wakening", "아침 기상 후 뻣뻣함", "晨起时僵硬"), Severity0To4),
                new("S5", L("Stiffness later in the day after rest", "휴식 후 뻣뻣함", "日间休息后僵硬"), Severity0To4),
            ]),
            new ItemSection("pain", Pain,
            [
                new("P1", L("How often the hip hurts", "고관절 통증 빈도", "髋痛频率"), Frequency0To4),
                new("P2", L("Pain straightening the hip fully", "고관절을 완전히 펼 때 통증", "完全伸直髋关节时疼痛"), Severity0To4),
                new("P3", L("Pain bending the hip fully", "고관절을 완전히 굽힐 때 통증", "完全屈曲髋关节时疼痛"), Severity0To4),
                new("P4", L("Pain walking on a flat surface", "평지 보행 시 통증", "平地行走时疼痛"), Severity0To4),
                new("P5", L("Pain going up or down stairs", "계단 오르내릴 때 통증", "上下楼梯时疼痛"), Severity0To4),
                new("P6", L("Pain at night in bed", "밤에 잘 때 통증", "夜间卧床时疼痛"), Severity0To4),
                new("P7", L("Pain sitting or lying", "앉거나 누워 있을 때 통증", "坐着或躺着时疼痛"), Severity0To4),
                new("P8", L("Pain standing upright", "똑바로 서 있을 때 통증", "直立时疼痛"), Severity0To4),
                new("P9", L("Pain walking on a hard surface", "딱딱한 바닥 보행 시 통증", "在硬地面行走时疼痛"), Severity0To4),
                new("P10", L("Pain walking on an uneven surface", "울퉁불퉁한 바닥 보행 시 통증", "在不平路面行走时疼痛"), Severity0To4),
            ]),
            new ItemSection("adl", Adl, Numbered("A", Severity0To4, DailyActivities)),
            new ItemSection("sport_rec", SportRec,
            [
                new("SP1", L("Squatting", "쪼그려 앉기", "下蹲"), Severity0To4),
                new("SP2", L("Running", "달리기", "跑步"), Severity0To4),
                new("SP3", L("Twisting or pivoting on the loaded leg", "체중 실은 다리로 비틀기·회전", "负重腿扭转或旋转"), Severity0To4),
                new("SP4", L("Walking on an uneven surface", "울퉁불퉁한 바닥 걷기", "在不平路面行走"), Severity0To4),
            ]),
            new ItemSection("qol", Qol,
            [
                new("Q1", L("How often aware of the hip problem", "고관절 문제를 의식하는 빈도", "意识到髋关节问题的频率"), Frequency0To4),
                new("Q2", L("Lifestyle changed to avoid harming the hip", "고관절 보호를 위한 생활 방식 변화", "为保护髋关节而改变生活方式"), Severity0To4),
                new("Q3", L("Troubled by lack of confidence in the hip", "고관절에 대한 자신감 부족", "对髋关节缺乏信心"), Severity0To4),
                new("Q4", L("Overall difficulty with the hip", "고관절 문제로 인한 전반적 어려움", "髋关节问题带来的总体困难"), Severity0To4),
            ]),
        ],
        [
            Koos.Subscale("symptoms", Symptoms, Codes("S", 5)),
            Koos.Subscale("pain", Pain, Codes("P", 10)),
            Koos.Subscale("adl", Adl, Codes("A", 17)),
            Koos.Subscale("sport_rec", SportRec, Codes("SP", 4)),
            Koos.Subscale("qol", Qol, Codes("Q", 4)),
        ],
        [Koos.MissingRuleOption("2013", "2003", "HOOS Scoring 2013: at least 50 % of a subscale's items answered; 2003: the older minimums.")],
        ScoreOrder.Select(s => Koos.Mic(s, "tha", 9.1m, ThaSource)).ToList(),
        []);

    public static readonly Instrument Instrument = new(Definition, input => Koos.ScoreSubscales(input, ScoreOrder, MinAnswered));

    /// <summary>The batch runner's compiled form of <see cref="Instrument"/> for requests without options.</summary>
    internal static SubscaleShortcut BatchShortcut() => new(Instrument, MinAnswered[Definition.DefaultOptions.Choice("missing_rule")]);
}
