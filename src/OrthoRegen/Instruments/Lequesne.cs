using static OrthoRegen.Instruments.CommonLabels;

namespace OrthoRegen.Instruments;

/// <summary>
/// Lequesne algofunctional indices for the knee (ISK) and hip (ISH), INSTRUMENTS.md §5 (items and points
/// cross-checked). Interviewer-administered, 0–24, <b>higher = worse</b>: I pain/discomfort (P1–P5, max 8),
/// II walking (D maximum distance 0–6 + W walking aid 0–2), III daily activities (A1–A4, 0/0.5/1/1.5/2 each).
/// No missing rule is published: a section needs all its items and the total all 11 (convention).
/// Severity bands (Lequesne 1997 as reproduced) with lower-bound placement of half points (4.5 → mild).
/// </summary>
public static class Lequesne
{
    public const string KneeCode = "LEQUESNE_KNEE", HipCode = "LEQUESNE_HIP";

    static readonly AnswerScale.Choice NoYes = Options(L("No", "아니오", "否"), L("Yes", "예", "是"));

    static readonly AnswerScale.Choice Activity = Points(
        (0m, L("Easily", "쉽게 가능", "轻松完成")), (0.5m, L("Between easily and with difficulty", "쉽게~어렵게 사이", "介于轻松与困难之间")),
        (1m, L("With difficulty", "어렵게 가능", "有困难")), (1.5m, L("Between with difficulty and impossible", "어렵게~불가능 사이", "介于困难与不能之间")),
        (2m, L("Impossible", "불가능", "不能完成")));

    static readonly BandScheme Bands = new(
    [
        new("none", L("None", "없음", "无"), 0m, 0m),
        new("mild", L("Mild", "경도", "轻度"), 1m, 4m),
        new("moderate", L("Moderate", "중등도", "中度"), 5m, 7m),
        new("severe", L("Severe", "중증", "重度"), 8m, 10m),
        new("very_severe", L("Very severe", "매우 심함", "非常严重"), 11m, 13m),
        new("extremely_severe", L("Extremely severe", "극도로 심함", "极其严重"), 14m, 24m),
    ], BandGapRule.LowerBound, "Lequesne 1997 as reproduced; half points placed by lower bound (convention); INSTRUMENTS.md §5");

    static ItemSection PainSection(ItemDefinition p5) => new("pain", L("Pain or discomfort", "통증 또는 불편감", "疼痛或不适"),
    [
        new("P1", L("Pain or discomfort during nocturnal bed rest", "야간 취침 중 통증·불편감", "夜间卧床时疼痛或不适"),
            Options(L("None", "없음", "无"), L("Only on movement or in certain positions", "움직이거나 특정 자세에서만", "仅在活动或某些姿势时"),
                L("Without movement", "움직이지 않아도", "不活动时也有"))),
        new("P2", L("Morning stiffness or pain after getting up", "기상 후 아침 뻣뻣함 또는 통증", "起床后晨僵或疼痛"),
            Options(L("None", "없음", "无"), L("Less than 15 minutes", "15분 미만", "少于15分钟"), L("15 minutes or more", "15분 이상", "15分钟或以上"))),
        new("P3", L("Standing for 30 minutes increases pain", "30분 서 있으면 통증 증가", "站立30分钟疼痛加重"), NoYes),
        new("P4", L("Pain while walking", "보행 시 통증", "行走时疼痛"),
            Options(L("None", "없음", "无"), L("Only after some distance", "어느 정도 걸은 후에만", "仅在走一段距离后"),
                L("Early after starting, and increasing", "걷기 시작 직후부터 점점 심해짐", "开始行走后不久即出现并加重"))),
        p5,
    ]);

    static readonly ItemSection WalkingSection = new("walking", L("Maximum distance walked", "최대 보행 거리", "最大步行距离"),
    [
        new("D", L("Maximum distance walked (may be with pain)", "최대 보행 거리 (통증이 있어도)", "最大步行距离（可伴疼痛）"),
            Options(L("Unlimited", "제한 없음", "不受限"), L("More than 1 km but limited", "1 km 이상이나 제한 있음", "超过1公里但受限"),
                L("About 1 km (about 15 min)", "약 1 km (약 15분)", "约1公里（约15分钟）"), L("500-900 m (8-15 min)", "500-900 m (8-15분)", "500-900米（8-15分钟）"),
                L("300-500 m", "300-500 미터", "300-500米"), L("100-300 m", "100-300 미터", "100-300米"), L("Less than 100 m", "100 m 미만", "少于100米"))),
        new("W", L("Walking aid", "보행 보조기구", "助行器具"),
            Options(L("None", "없음", "无"), L("One stick or crutch", "지팡이 또는 목발 1개", "一根手杖或拐杖"), L("Two sticks or crutches", "지팡이 또는 목발 2개", "两根手杖或拐杖"))),
    ]);

    static InstrumentDefinition Define(string code, LocalizedText title, ItemDefinition p5, LocalizedText[] activities) => new(
        code, "1.0", title,
        "Lequesne 1987/1997 as reproduced by three independent sources; cross-checked (INSTRUMENTS.md §5)",
        [
            PainSection(p5),
            WalkingSection,
            new ItemSection("adl", L("Activities of daily living", "일상생활 활동", "日常生活活动"), Numbered("A", Activity, activities)),
        ],
        [
            Section("pain", L("Pain or discomfort", "통증 또는 불편감", "疼痛或不适"), 8m, Codes("P", 5)),
            Section("walking", L("Maximum distance walked", "최대 보행 거리", "最大步行距离"), 8m, ["D", "W"]),
            Section("adl", L("Activities of daily living", "일상생활 활동", "日常生活活动"), 8m, Codes("A", 4)),
            Section("total", Total, 24m, [.. Codes("P", 5), "D", "W", .. Codes("A", 4)], Bands),
        ],
        [], [], []);

    public static readonly InstrumentDefinition KneeDefinition = Define(KneeCode,
        L("Lequesne index (knee)", "르켄 지수 (무릎)", "Lequesne 指数（膝关节）"),
        new("P5", L("Pain or discomfort getting up from sitting without using the arms", "팔을 쓰지 않고 앉았다 일어날 때 통증·불편감", "不用手臂从坐姿站起时疼痛或不适"), NoYes),
        [
            L("Climbing up a flight of stairs", "계단 한 층 오르기", "上一段楼梯"),
            L("Climbing down a flight of stairs", "계단 한 층 내려가기", "下一段楼梯"),
            L("Squatting or bending on the knees", "쪼그려 앉기 또는 무릎 굽히기", "下蹲或屈膝"),
            L("Walking on uneven ground", "울퉁불퉁한 땅 걷기", "在不平地面行走"),
        ]);

    public static readonly InstrumentDefinition HipDefinition = Define(HipCode,
        L("Lequesne index (hip)", "르켄 지수 (고관절)", "Lequesne 指数（髋关节）"),
        new("P5", L("Pain or discomfort sitting for 2 hours", "2시간 앉아 있을 때 통증·불편감", "坐2小时时疼痛或不适"), NoYes),
        [
            L("Putting on socks by bending forward", "앞으로 굽혀 양말 신기", "向前弯腰穿袜子"),
            L("Picking up an object from the floor", "바닥에서 물건 줍기", "从地上拾物"),
            L("Climbing up and down a flight of stairs", "계단 한 층 오르내리기", "上下一段楼梯"),
            L("Getting into and out of a car", "차에 타고 내리기", "上下汽车"),
        ]);

    public static readonly Instrument Knee = new(KneeDefinition, Score);
    public static readonly Instrument Hip = new(HipDefinition, Score);

    static ScoreDefinition Section(string name, LocalizedText label, decimal max, IReadOnlyList<string> items, BandScheme? bands = null) =>
        new(name, label, Direction.HigherIsWorse, 0m, max, "points", items, bands);

    static ScoreSheet Score(ScoringInput input)
    {
        var d = input.Definition.Scores;
        var pain = ScoreMath.SumOfAll(input, d[0]);
        var walking = ScoreMath.SumOfAll(input, d[1]);
        var adl = ScoreMath.SumOfAll(input, d[2]);
        return new ScoreSheet([pain, walking, adl, ScoreMath.SumOfScores("total", pain, walking, adl)]);
    }
}
