using static OrthoRegen.Instruments.CommonLabels;

namespace OrthoRegen.Instruments;

/// <summary>
/// Harris Hip Score, Harris 1969 (INSTRUMENTS.md §7): clinician-administered, 0–100, <b>higher = better</b>.
/// Pain (44) + function (gait 33 + activities 14 = 47) + absence of deformity (4) + range of motion (5).
/// Deformity (option <c>deformity_method</c>): "all_or_none" (default, the common form's instruction) gives 4 points
/// only when all four criteria are met; "per_item" gives 1 per criterion.
/// Range of motion (option <c>rom_method</c>): "harris1969" (default) weights the arcs
/// (flexion 0–45° ×1.0, 45–90° ×0.6, 90–110° ×0.3; abduction 0–15° ×0.8, 15–20° ×0.3; external rotation 0–15° ×0.4;
/// adduction 0–15° ×0.2; internal rotation ×0) and gives index × 0.05 points, at most 5;
/// "total_arc_table" sums the five arcs in degrees: 0–30 → 0, 31–60 → 1, 61–100 → 2, 101–160 → 3, 161–210 → 4,
/// ≥211 → 5 (a fractional sum between rows takes the lower row). A direct <c>rom_points</c> (0–5) replaces the angles.
/// All items are required (convention). Bands (commonly used): ≥90 excellent, 80–89 good, 70–79 fair, &lt;70 poor.
/// </summary>
public static class HarrisHip
{
    public const string Code = "HHS";

    static readonly string[] FunctionItems = ["limp", "support", "distance", "stairs", "shoes_socks", "sitting", "public_transport"];
    static readonly string[] DeformityItems =
        ["def_flexion_contracture_lt_30", "def_fixed_adduction_lt_10", "def_fixed_internal_rotation_lt_10", "def_leg_length_diff_lt_3_2cm"];
    static readonly string[] RomAngles = ["rom_flexion", "rom_abduction", "rom_adduction", "rom_external_rotation", "rom_internal_rotation"];

    static readonly AnswerScale.Quantity Degrees = new(0m, 180m, "degrees");

    static readonly BandScheme Bands = new(
    [
        new("excellent", L("Excellent", "우수", "优"), 90m, 100m),
        new("good", L("Good", "양호", "良"), 80m, 89m),
        new("fair", L("Fair", "보통", "可"), 70m, 79m),
        new("poor", L("Poor", "불량", "差"), 0m, 69m),
    ], BandGapRule.LowerBound, "Commonly used bands, primary source not read; INSTRUMENTS.md §7");

    public static readonly InstrumentDefinition Definition = new(
        Code, "1969",
        L("Harris Hip Score", "해리스 고관절 점수", "Harris 髋关节评分"),
        "Harris WH. J Bone Joint Surg Am 1969;51:737-755 (weights as reproduced); INSTRUMENTS.md §7",
        [
            new ItemSection("pain", Pain,
            [
                new("pain", L("Pain", "통증", "疼痛"), Points(
                    (44, L("None, or ignores it", "없음 또는 무시할 정도", "无或可忽略")), (40, L("Slight, occasional", "경미, 가끔", "轻微，偶尔")),
                    (30, L("Mild, no effect on average activity", "경도, 일상 활동에 영향 없음", "轻度，不影响一般活动")),
                    (20, L("Moderate, some limitation", "중등도, 일부 제한", "中度，部分受限")), (10, L("Marked, serious limitation", "뚜렷함, 심각한 제한", "明显，严重受限")),
                    (0, L("Totally disabled, bedridden", "완전 장애, 침상 생활", "完全失能，卧床")))),
            ]),
            new ItemSection("function", L("Function", "기능", "功能"),
            [
                new("limp", L("Limp", "절뚝거림", "跛行"), Points(
                    (11, L("None", "없음", "无")), (8, L("Slight", "경미", "轻微")), (5, L("Moderate", "중등도", "中度")), (0, L("Severe", "심함", "严重")))),
                new("support", L("Support", "보조기구", "支撑"), Points(
                    (11, L("None", "없음", "无")), (7, L("Cane for long walks", "먼 거리 보행 시 지팡이", "长距离行走用手杖")),
                    (5, L("Cane most of the time", "대부분 지팡이", "大部分时间用手杖")), (3, L("One crutch", "목발 1개", "一根拐杖")),
                    (2, L("Two canes", "지팡이 2개", "两根手杖")), (0, L("Two crutches or unable to walk", "목발 2개 또는 보행 불가", "两根拐杖或不能行走")))),
                new("distance", L("Distance walked", "보행 거리", "步行距离"), Points(
                    (11, L("Unlimited", "제한 없음", "不受限")), (8, L("Six blocks", "6블록", "六个街区")), (5, L("Two or three blocks", "2-3블록", "两到三个街区")),
                    (2, L("Indoors only", "실내만", "仅限室内")), (0, L("Bed and chair only", "침대와 의자만", "仅床和椅子")))),
                new("stairs", L("Stairs", "계단", "楼梯"), Points(
                    (4, L("Normally without a railing", "난간 없이 정상", "不扶栏杆正常上下")), (2, L("Normally with a railing", "난간 잡고 정상", "扶栏杆正常上下")),
                    (1, L("In any manner", "어떻게든 가능", "以任何方式")), (0, L("Unable", "불가능", "不能")))),
                new("shoes_socks", L("Putting on shoes and socks", "신발·양말 신기", "穿鞋袜"), Points(
                    (4, L("With ease", "쉽게", "轻松")), (2, L("With difficulty", "어렵게", "困难")), (0, L("Unable", "불가능", "不能")))),
                new("sitting", L("Sitting", "앉기", "坐"), Points(
                    (5, L("Comfortably in an ordinary chair for 1 hour", "일반 의자에 1시간 편히", "普通椅子上舒适坐1小时")),
                    (3, L("On a high chair for 30 minutes", "높은 의자에 30분", "高椅子上坐30分钟")), (0, L("Unable to sit comfortably", "편히 앉기 불가", "不能舒适地坐")))),
                new("public_transport", L("Entering public transportation", "대중교통 이용", "乘坐公共交通"), Points(
                    (1, L("Able", "가능", "能")), (0, L("Unable", "불가능", "不能")))),
            ]),
            new ItemSection("deformity", L("Absence of deformity", "변형 없음", "无畸形"),
            [
                new("def_flexion_contracture_lt_30", L("Fixed flexion contracture under 30 degrees", "고정 굴곡 구축 30도 미만", "固定屈曲挛缩小于30度"), new AnswerScale.YesNo()),
                new("def_fixed_adduction_lt_10", L("Fixed adduction under 10 degrees", "고정 내전 10도 미만", "固定内收小于10度"), new AnswerScale.YesNo()),
                new("def_fixed_internal_rotation_lt_10", L("Fixed internal rotation in extension under 10 degrees", "신전 시 고정 내회전 10도 미만", "伸直位固定内旋小于10度"), new AnswerScale.YesNo()),
                new("def_leg_length_diff_lt_3_2cm", L("Leg-length difference under 3.2 cm", "다리 길이 차이 3.2 cm 미만", "双下肢长度差小于3.2厘米"), new AnswerScale.YesNo()),
            ]),
            new ItemSection("rom", L("Range of motion", "관절 가동 범위", "关节活动度"),
            [
                new("rom_flexion", L("Flexion (degrees)", "굴곡 (도)", "屈曲（度）"), Degrees),
                new("rom_abduction", L("Abduction (degrees)", "외전 (도)", "外展（度）"), Degrees),
                new("rom_adduction", L("Adduction (degrees)", "내전 (도)", "内收（度）"), Degrees),
                new("rom_external_rotation", L("External rotation in extension (degrees)", "신전 시 외회전 (도)", "伸直位外旋（度）"), Degrees),
                new("rom_internal_rotation", L("Internal rotation (degrees)", "내회전 (도)", "内旋（度）"), Degrees),
                new("rom_points", L("Range-of-motion points, when the angles are not recorded", "가동 범위 점수 (각도 미기록 시)", "关节活动度得分（未记录角度时）"),
                    new AnswerScale.Quantity(0m, 5m, "points"), EnabledUnlessAnswered: "rom_flexion"),
            ]),
        ],
        [
            Part("pain", Pain, 44m, ["pain"]),
            Part("function", L("Function", "기능", "功能"), 47m, FunctionItems),
            Part("deformity", L("Absence of deformity", "변형 없음", "无畸形"), 4m, DeformityItems),
            Part("rom", L("Range of motion", "관절 가동 범위", "关节活动度"), 5m, [.. RomAngles, "rom_points"]),
            Part("total", Total, 100m, ["pain", .. FunctionItems, .. DeformityItems, .. RomAngles, "rom_points"], Bands),
        ],
        [
            new OptionDefinition.Choice("rom_method", "Range-of-motion points: Harris 1969 weighted arcs, or the total-arc table.", ["harris1969", "total_arc_table"]),
            new OptionDefinition.Choice("deformity_method", "Absence of deformity: 4 points only when all four criteria are met, or 1 per criterion.", ["all_or_none", "per_item"]),
        ],
        [], // MCID values around 15-18 points are quoted for THA but were not verified (INSTRUMENTS.md §7).
        []);

    public static readonly Instrument Instrument = new(Definition, Score, CheckRom);

    static ScoreDefinition Part(string name, LocalizedText label, decimal max, IReadOnlyList<string> items, BandScheme? bands = null) =>
        new(name, label, Direction.HigherIsBetter, 0m, max, "points", items, bands);

    static IEnumerable<ItemError> CheckRom(ScoringInput input)
    {
        if (input.Has("rom_points") && RomAngles.Any(input.Has)) yield return new ItemError("rom_points", InstrumentMessages.RomBothWays);
    }

    static ScoreSheet Score(ScoringInput input)
    {
        var d = input.Definition.Scores;
        var pain = ScoreMath.SumOfAll(input, d[0]);
        var function = ScoreMath.SumOfAll(input, d[1]);
        var deformity = Deformity(input, input.Options.Choice("deformity_method") == "per_item");
        var rom = RangeOfMotion(input, input.Options.Choice("rom_method"));
        return new ScoreSheet([pain, function, deformity, rom, ScoreMath.SumOfScores("total", pain, function, deformity, rom)]);
    }

    static ComputedScore Deformity(ScoringInput input, bool perItem)
    {
        var met = 0;
        var answered = 0;
        foreach (var code in DeformityItems)
        {
            if (input.Flag(code) is not { } f) continue;
            answered++;
            if (f) met++;
        }
        if (answered < DeformityItems.Length)
            return ComputedScore.Invalid("deformity", answered, InstrumentMessages.AllRequired(answered, DeformityItems.Length));
        return new ComputedScore("deformity", perItem ? met : met == DeformityItems.Length ? 4m : 0m, answered);
    }

    static ComputedScore RangeOfMotion(ScoringInput input, string method)
    {
        if (input.Number("rom_points") is { } points) return new ComputedScore("rom", points, 1);
        var angles = RomAngles.Select(input.Number).ToArray();
        var answered = angles.Count(a => a is not null);
        if (answered < RomAngles.Length) return ComputedScore.Invalid("rom", answered, InstrumentMessages.RomMissing(answered));
        var (flexion, abduction, adduction, external, internalRotation) = (angles[0]!.Value, angles[1]!.Value, angles[2]!.Value, angles[3]!.Value, angles[4]!.Value);
        var value = method == "total_arc_table"
            ? TotalArcPoints(flexion + abduction + adduction + external + internalRotation)
            : Math.Min(Harris1969Index(flexion, abduction, adduction, external) * 0.05m, 5m);
        return new ComputedScore("rom", value, answered);
    }

    /// <summary>Harris 1969 weighted range-of-motion index (a full range gives 100.5); internal rotation weighs 0.</summary>
    internal static decimal Harris1969Index(decimal flexion, decimal abduction, decimal adduction, decimal externalRotation) =>
        Arc(flexion, 0m, 45m) * 1.0m + Arc(flexion, 45m, 90m) * 0.6m + Arc(flexion, 90m, 110m) * 0.3m
        + Arc(abduction, 0m, 15m) * 0.8m + Arc(abduction, 15m, 20m) * 0.3m
        + Arc(externalRotation, 0m, 15m) * 0.4m
        + Arc(adduction, 0m, 15m) * 0.2m;

    /// <summary>Degrees of <paramref name="angle"/> that fall between <paramref name="from"/> and <paramref name="to"/>.</summary>
    static decimal Arc(decimal angle, decimal from, decimal to) => Math.Clamp(angle - from, 0m, to - from);

    /// <summary>Total-arc table: sum of the five arcs in degrees → 0–5 points (lower row for fractional sums).</summary>
    internal static decimal TotalArcPoints(decimal totalDegrees) => totalDegrees switch
    {
        >= 211m => 5m,
        >= 161m => 4m,
        >= 101m => 3m,
        >= 61m => 2m,
        >= 31m => 1m,
        _ => 0m,
    };
}
