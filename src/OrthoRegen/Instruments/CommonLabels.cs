namespace OrthoRegen.Instruments;

/// <summary>
/// Building blocks shared by several definitions: our short labels in en/ko/zh for common answer scales and for the
/// 17 daily-activity items that KOOS (A1–A17), HOOS (A1–A17) and WOMAC (F1–F17) share in the same order.
/// Sharing labels is not sharing item lists: each instrument still owns its items.
/// </summary>
static class CommonLabels
{
    public static LocalizedText L(string en, string ko, string zh) => new(en, ko, zh);

    /// <summary>0 = none … 4 = extreme, the KOOS/HOOS/WOMAC Likert boxes (score the box, not the word).</summary>
    public static readonly AnswerScale.Choice Severity0To4 = Options(
        L("None", "없음", "无"), L("Mild", "약간", "轻微"), L("Moderate", "보통", "中等"),
        L("Severe", "심함", "严重"), L("Extreme", "극심함", "极度"));

    /// <summary>0 = never … 4 = always (frequency items such as KOOS S1–S3, P1, Q1).</summary>
    public static readonly AnswerScale.Choice Frequency0To4 = Options(
        L("Never", "전혀 없음", "从不"), L("Rarely", "드물게", "很少"), L("Sometimes", "가끔", "有时"),
        L("Often", "자주", "经常"), L("Always", "항상", "总是"));

    /// <summary>0 = always … 4 = never (KOOS S4/S5 "can you straighten/bend fully": the wording is inverted on the
    /// form but the left-most box still scores 0).</summary>
    public static readonly AnswerScale.Choice Ability0To4 = Options(
        L("Always", "항상", "总是"), L("Often", "자주", "经常"), L("Sometimes", "가끔", "有时"),
        L("Rarely", "드물게", "很少"), L("Never", "전혀 못함", "从不"));

    /// <summary>Options valued 0, 1, 2 … in the order given.</summary>
    public static AnswerScale.Choice Options(params LocalizedText[] labels) =>
        new(labels.Select((l, i) => new AnswerOption(i, l)).ToList());

    /// <summary>Options with explicit values (points), e.g. Lysholm limp 5/3/0.</summary>
    public static AnswerScale.Choice Points(params (decimal Value, LocalizedText Label)[] options) =>
        new(options.Select(o => new AnswerOption(o.Value, o.Label)).ToList());

    /// <summary>Items <paramref name="prefix"/>1…n with the given labels and one scale.</summary>
    public static IReadOnlyList<ItemDefinition> Numbered(string prefix, AnswerScale scale, params LocalizedText[] labels) =>
        labels.Select((l, i) => new ItemDefinition($"{prefix}{i + 1}", l, scale)).ToList();

    public static IReadOnlyList<string> Codes(string prefix, int count) =>
        Enumerable.Range(1, count).Select(i => $"{prefix}{i}").ToList();

    /// <summary>The 17 daily-activity items, in KOOS/HOOS A1–A17 and WOMAC F1–F17 order.</summary>
    public static readonly LocalizedText[] DailyActivities =
    [
        L("Descending stairs", "계단 내려가기", "下楼梯"),
        L("Ascending stairs", "계단 올라가기", "上楼梯"),
        L("Rising from sitting", "앉았다 일어나기", "从坐姿站起"),
        L("Standing", "서 있기", "站立"),
        L("Bending to the floor or picking up an object", "바닥으로 몸 굽히기·물건 줍기", "弯腰触地或拾物"),
        L("Walking on a flat surface", "평지 걷기", "在平地上行走"),
        L("Getting in or out of a car", "차에 타고 내리기", "上下汽车"),
        L("Going shopping", "장보기", "购物"),
        L("Putting on socks or stockings", "양말 신기", "穿袜子"),
        L("Rising from bed", "침대에서 일어나기", "从床上起来"),
        L("Taking off socks or stockings", "양말 벗기", "脱袜子"),
        L("Lying in bed (turning over, keeping position)", "침대에 누워 있기(돌아눕기)", "躺在床上（翻身、保持姿势）"),
        L("Getting in or out of the bath", "욕조 드나들기", "进出浴缸"),
        L("Sitting", "앉아 있기", "坐着"),
        L("Getting on or off the toilet", "변기에 앉고 일어서기", "上下马桶"),
        L("Heavy domestic duties", "힘든 집안일", "繁重家务"),
        L("Light domestic duties", "가벼운 집안일", "轻度家务"),
    ];

    public static readonly LocalizedText Total = L("Total", "총점", "总分");
    public static readonly LocalizedText Pain = L("Pain", "통증", "疼痛");
    public static readonly LocalizedText Symptoms = L("Symptoms", "증상", "症状");
    public static readonly LocalizedText Stiffness = L("Stiffness", "뻣뻣함", "僵硬");
    public static readonly LocalizedText Adl = L("Function in daily living", "일상생활 기능", "日常生活功能");
    public static readonly LocalizedText SportRec = L("Function in sport and recreation", "스포츠·여가 기능", "运动与娱乐功能");
    public static readonly LocalizedText Qol = L("Quality of life", "삶의 질", "生活质量");
}
