using static OrthoRegen.Instruments.CommonLabels;

namespace OrthoRegen.Instruments;

/// <summary>
/// Lysholm knee scoring scale, Tegner &amp; Lysholm 1985 version (INSTRUMENTS.md §6, verified): 8 items whose value is
/// the option's points; total = sum, 0–100, <b>higher = better</b>. The 1982 version's 30-point pain and instability
/// options are not in the sets, so a 30 is rejected. All 8 items are required (convention).
/// Bands (most cited, no validated normative basis): excellent 95–100, good 84–94, fair 65–83, poor &lt;65.
/// Change: smallest detectable change 8.9 points (Briggs 2009); no MCID verified.
/// </summary>
public static class Lysholm
{
    public const string Code = "LYSHOLM";

    static readonly BandScheme Bands = new(
    [
        new("excellent", L("Excellent", "우수", "优"), 95m, 100m),
        new("good", L("Good", "양호", "良"), 84m, 94m),
        new("fair", L("Fair", "보통", "可"), 65m, 83m),
        new("poor", L("Poor", "불량", "差"), 0m, 64m),
    ], BandGapRule.LowerBound, "Most cited bands, no validated normative basis; INSTRUMENTS.md §6");

    public static readonly InstrumentDefinition Definition = new(
        Code, "1985",
        L("Lysholm knee score", "리솔름 무릎 점수", "Lysholm 膝关节评分"),
        "Tegner Y, Lysholm J. Clin Orthop 1985;198:43-49; verified (3+ sources agree)",
        [
            new ItemSection("lysholm", L("Lysholm knee score", "리솔름 무릎 점수", "Lysholm 膝关节评分"),
            [
                new("limp", L("Limp", "절뚝거림", "跛行"), Points(
                    (5, L("None", "없음", "无")), (3, L("Slight or periodical", "약간 또는 간헐적", "轻微或间歇")), (0, L("Severe and constant", "심하고 지속적", "严重且持续")))),
                new("support", L("Support", "보조기구", "支撑"), Points(
                    (5, L("None", "없음", "无")), (2, L("Stick or crutch", "지팡이 또는 목발", "手杖或拐杖")), (0, L("Weight-bearing impossible", "체중 부하 불가", "无法负重")))),
                new("locking", L("Locking", "잠김", "交锁"), Points(
                    (15, L("No locking and no catching", "잠김·걸림 없음", "无交锁无卡顿")), (10, L("Catching but no locking", "걸림은 있으나 잠김 없음", "有卡顿无交锁")),
                    (6, L("Locking occasionally", "가끔 잠김", "偶尔交锁")), (2, L("Locking frequently", "자주 잠김", "经常交锁")),
                    (0, L("Locked joint on examination", "진찰 시 잠긴 관절", "检查时关节交锁")))),
                new("instability", L("Instability (giving way)", "불안정 (무릎 빠짐)", "不稳（打软腿）"), Points(
                    (25, L("Never gives way", "전혀 없음", "从不")), (20, L("Rarely, in athletics or severe exertion", "운동·심한 활동 시 드물게", "运动或剧烈活动时偶尔")),
                    (15, L("Frequently in athletics or severe exertion, or unable to take part", "운동·심한 활동 시 자주, 또는 참여 불가", "运动或剧烈活动时经常，或无法参加")),
                    (10, L("Occasionally in daily activities", "일상생활 중 가끔", "日常活动中偶尔")), (5, L("Often in daily activities", "일상생활 중 자주", "日常活动中经常")),
                    (0, L("Every step", "매 걸음마다", "每一步")))),
                new("pain", L("Pain", "통증", "疼痛"), Points(
                    (25, L("None", "없음", "无")), (20, L("Inconstant and slight during severe exertion", "심한 활동 시 간헐적·경미", "剧烈活动时间歇轻微")),
                    (15, L("Marked during severe exertion", "심한 활동 시 뚜렷함", "剧烈活动时明显")),
                    (10, L("Marked on or after walking more than 2 km", "2 km 이상 보행 시·후 뚜렷함", "步行超过2公里时或之后明显")),
                    (5, L("Marked on or after walking less than 2 km", "2 km 미만 보행 시·후 뚜렷함", "步行不足2公里时或之后明显")),
                    (0, L("Constant", "지속적", "持续")))),
                new("swelling", L("Swelling", "부기", "肿胀"), Points(
                    (10, L("None", "없음", "无")), (6, L("On severe exertion", "심한 활동 시", "剧烈活动时")),
                    (2, L("On ordinary exertion", "일상 활동 시", "一般活动时")), (0, L("Constant", "지속적", "持续")))),
                new("stairs", L("Stair climbing", "계단 오르기", "爬楼梯"), Points(
                    (10, L("No problems", "문제 없음", "无问题")), (6, L("Slightly impaired", "약간 어려움", "轻度受限")),
                    (2, L("One step at a time", "한 계단씩", "一次一级")), (0, L("Impossible", "불가능", "不能")))),
                new("squatting", L("Squatting", "쪼그려 앉기", "下蹲"), Points(
                    (5, L("No problems", "문제 없음", "无问题")), (4, L("Slightly impaired", "약간 어려움", "轻度受限")),
                    (2, L("Not beyond 90 degrees", "90도 이상 불가", "不能超过90度")), (0, L("Impossible", "불가능", "不能")))),
            ]),
        ],
        [new ScoreDefinition("total", Total, Direction.HigherIsBetter, 0m, 100m, "points",
            ["limp", "support", "locking", "instability", "pain", "swelling", "stairs", "squatting"], Bands)],
        [],
        [new ChangeThreshold("total", "knee", ChangeThresholdKind.SmallestDetectableChange, 8.9m, null, "Briggs 2009 (via summary), smallest detectable change; INSTRUMENTS.md §6")],
        []);

    public static readonly Instrument Instrument = new(Definition, input => new ScoreSheet([ScoreMath.SumOfAll(input, input.Definition.Scores[0])]));
}
