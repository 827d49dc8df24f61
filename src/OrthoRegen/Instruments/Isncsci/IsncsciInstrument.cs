using System.Text.Json;
using static OrthoRegen.Instruments.CommonLabels;

namespace OrthoRegen.Instruments.Isncsci;

/// <summary>
/// The ISNCSCI exam as a catalog instrument (INSTRUMENTS.md §9): its definition is derived item by item from
/// <see cref="IsncsciItems.Codes"/> (no second item list), and scoring hands the validated items to
/// <see cref="IsncsciItems.Parse"/> and <see cref="IsncsciClassifier.Classify"/>, so the catalog, the API and
/// <c>orthoregen score</c> give exactly what the standalone classifier gives.
/// </summary>
/// <remarks>
/// Scores are the 13 totals of <see cref="IsncsciResult.ScoreNames"/> (higher = more preserved function); a total is
/// null when any value it sums is NT or missing. The classification is written as the seven fields of
/// <see cref="IsncsciClassification.ToJsonObject"/>; a field that is not determinable is null (never a guess).
/// </remarks>
public static class IsncsciInstrument
{
    public const string Code = "ISNCSCI";
    const string NotTestable = "NT";

    static readonly Dictionary<string, LocalizedText> Muscles = new(StringComparer.Ordinal)
    {
        ["C5"] = L("elbow flexors", "팔꿈치 굽힘근", "屈肘肌"),
        ["C6"] = L("wrist extensors", "손목 폄근", "伸腕肌"),
        ["C7"] = L("elbow extensors", "팔꿈치 폄근", "伸肘肌"),
        ["C8"] = L("finger flexors", "손가락 굽힘근", "中指屈指肌"),
        ["T1"] = L("finger abductors", "손가락 벌림근", "小指外展肌"),
        ["L2"] = L("hip flexors", "엉덩관절 굽힘근", "屈髋肌"),
        ["L3"] = L("knee extensors", "무릎 폄근", "伸膝肌"),
        ["L4"] = L("ankle dorsiflexors", "발목 등쪽굽힘근", "踝背伸肌"),
        ["L5"] = L("long toe extensors", "긴발가락 폄근", "趾长伸肌"),
        ["S1"] = L("ankle plantar flexors", "발목 발바닥굽힘근", "踝跖屈肌"),
    };

    static readonly LocalizedText Right = L("Right", "우측", "右侧"), Left = L("Left", "좌측", "左侧");
    static readonly LocalizedText LightTouch = L("light touch", "가벼운 촉각", "轻触觉"), PinPrick = L("pin prick", "핀 찌르기 감각", "针刺觉");
    static readonly LocalizedText MotorWord = L("motor", "운동", "运动");

    // Declared before Definition: static fields initialise in textual order, and Definition uses this set.
    static readonly HashSet<string> UpperMyotomes = ["C5", "C6", "C7", "C8", "T1"];

    static readonly CodedOption NotTestableOption = new(NotTestable, L("NT not testable", "NT 검사 불가", "NT 无法检查"));

    static readonly AnswerScale.Choice Sensory = new(
    [
        new AnswerOption(0, L("0 absent", "0 없음", "0 缺失")),
        new AnswerOption(1, L("1 altered", "1 변화됨", "1 改变")),
        new AnswerOption(2, L("2 normal", "2 정상", "2 正常")),
    ], [NotTestableOption]);

    static readonly AnswerScale.Choice Motor = new(
    [
        new AnswerOption(0, L("0 total paralysis", "0 완전 마비", "0 完全瘫痪")),
        new AnswerOption(1, L("1 palpable or visible contraction", "1 만져지거나 보이는 수축", "1 可触及或可见收缩")),
        new AnswerOption(2, L("2 active movement, gravity eliminated", "2 중력 제거 시 능동 운동", "2 去重力下主动运动")),
        new AnswerOption(3, L("3 active movement against gravity", "3 중력에 대항한 능동 운동", "3 抗重力主动运动")),
        new AnswerOption(4, L("4 against some resistance", "4 약간의 저항에 대항", "4 抗部分阻力")),
        new AnswerOption(5, L("5 normal, full resistance", "5 정상, 완전한 저항", "5 正常，抗全阻力")),
    ], [NotTestableOption]);

    static readonly AnswerScale.Coded Myotome = new(
        IsncsciSegments.KeyMuscles.Select(m => new CodedOption(m, L($"{m} level", $"{m} 분절", $"{m} 节段"))).ToList());

    /// <summary>The definition: items in <see cref="IsncsciItems.Codes"/> order, grouped into consecutive sections.</summary>
    public static readonly InstrumentDefinition Definition = new(
        Code, "2019",
        L("ISNCSCI exam (ASIA)", "ISNCSCI 신경학적 검사 (ASIA)", "ISNCSCI 神经学检查（ASIA）"),
        "ISNCSCI revised 2019, Rupp R et al. Top Spinal Cord Inj Rehabil 2021;27(2):1-22; verified (INSTRUMENTS.md §9)",
        Sections(),
        [
            Total(IsncsciResult.RightUems, L("Right upper extremity motor", "우측 상지 운동", "右上肢运动"), 25, c => IsMotor(c, "R", upper: true)),
            Total(IsncsciResult.LeftUems, L("Left upper extremity motor", "좌측 상지 운동", "左上肢运动"), 25, c => IsMotor(c, "L", upper: true)),
            Total(IsncsciResult.RightLems, L("Right lower extremity motor", "우측 하지 운동", "右下肢运动"), 25, c => IsMotor(c, "R", upper: false)),
            Total(IsncsciResult.LeftLems, L("Left lower extremity motor", "좌측 하지 운동", "左下肢运动"), 25, c => IsMotor(c, "L", upper: false)),
            Total(IsncsciResult.Uems, L("Upper extremity motor", "상지 운동", "上肢运动"), 50, c => IsMotor(c, "R", true) || IsMotor(c, "L", true)),
            Total(IsncsciResult.Lems, L("Lower extremity motor", "하지 운동", "下肢运动"), 50, c => IsMotor(c, "R", false) || IsMotor(c, "L", false)),
            Total(IsncsciResult.RightLt, L("Right light touch", "우측 가벼운 촉각", "右侧轻触觉"), 56, c => Starts(c, "R_LT_")),
            Total(IsncsciResult.LeftLt, L("Left light touch", "좌측 가벼운 촉각", "左侧轻触觉"), 56, c => Starts(c, "L_LT_")),
            Total(IsncsciResult.RightPp, L("Right pin prick", "우측 핀 찌르기 감각", "右侧针刺觉"), 56, c => Starts(c, "R_PP_")),
            Total(IsncsciResult.LeftPp, L("Left pin prick", "좌측 핀 찌르기 감각", "左侧针刺觉"), 56, c => Starts(c, "L_PP_")),
            Total(IsncsciResult.Lt, L("Light touch", "가벼운 촉각", "轻触觉"), 112, c => Starts(c, "R_LT_") || Starts(c, "L_LT_")),
            Total(IsncsciResult.Pp, L("Pin prick", "핀 찌르기 감각", "针刺觉"), 112, c => Starts(c, "R_PP_") || Starts(c, "L_PP_")),
            Total(IsncsciResult.Motor, L("Motor total", "운동 총점", "运动总分"), 100, c => c.Contains("_M_", StringComparison.Ordinal)),
        ],
        [], [], []);

    public static readonly Instrument Instrument = new(Definition, Score);

    static ScoreSheet Score(ScoringInput input)
    {
        var parse = IsncsciItems.Parse(ToJson(input));
        // The catalog validated every item against the definition's scales first; a disagreement here is a bug.
        if (parse.Exam is null)
            throw new InvalidOperationException($"ISNCSCI items passed validation but not the exam reader: {parse.Errors[0].Item} {parse.Errors[0].Message}");
        var result = IsncsciClassifier.Classify(parse.Exam);
        var scores = input.Definition.Scores.Select(d => new ComputedScore(
            d.Name,
            result.Scores[d.Name] is { } v ? (decimal)v : null,
            d.ItemCodes.Count(c => input.Number(c) is not null),
            Reason: result.ScoreReasons.GetValueOrDefault(d.Name))).ToList();
        var classification = result.Classification.ToJsonObject()
            .ToDictionary(kv => kv.Key, kv => kv.Value?.GetValueKind() switch
            {
                JsonValueKind.String => kv.Value.GetValue<string>(),
                JsonValueKind.True or JsonValueKind.False => kv.Value.GetValue<bool>(),
                _ => (object?)null,
            });
        return new ScoreSheet(scores, Classification: classification);
    }

    /// <summary>The validated answers in the JSON form <see cref="IsncsciItems.Parse"/> reads.</summary>
    static Dictionary<string, JsonElement> ToJson(ScoringInput input)
    {
        var items = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var code in IsncsciItems.Codes)
        {
            if (input.Number(code) is { } n) items[code] = JsonSerializer.SerializeToElement(n);
            else if (input.Flag(code) is { } f) items[code] = JsonSerializer.SerializeToElement(f);
            else if (input.Text(code) is { } t) items[code] = JsonSerializer.SerializeToElement(t);
        }
        return items;
    }

    static List<ItemSection> Sections()
    {
        var sections = new List<ItemSection>();
        var items = new List<ItemDefinition>();
        ItemSection? current = null;
        foreach (var code in IsncsciItems.Codes)
        {
            var section = SectionOf(code);
            if (current is not null && current.Code != section.Code)
            {
                sections.Add(current with { Items = items });
                items = [];
            }
            current = section;
            items.Add(Item(code));
        }
        if (current is not null) sections.Add(current with { Items = items });
        return sections;
    }

    static ItemSection SectionOf(string code)
    {
        if (code is IsncsciItems.Vac or IsncsciItems.Dap)
            return new ItemSection("anorectal", L("Anorectal exam", "항문 직장 검사", "肛门直肠检查"), []);
        if (code is IsncsciItems.RightNonKeyMuscle or IsncsciItems.LeftNonKeyMuscle)
            return new ItemSection("non_key_muscle", L("Lowest non-key muscle with motor function", "운동 기능이 있는 가장 낮은 비핵심 근육", "有运动功能的最低非关键肌"), []);
        var (side, modality) = (code[..1], code[2..4].TrimEnd('_'));
        var sideText = side == "R" ? Right : Left;
        var what = modality switch { "LT" => LightTouch, "PP" => PinPrick, _ => MotorWord };
        return new ItemSection($"{side}_{modality}", L($"{sideText.En} {what.En}", $"{sideText.Ko} {what.Ko}", $"{sideText.Zh}{what.Zh}"), []);
    }

    static ItemDefinition Item(string code)
    {
        switch (code)
        {
            case IsncsciItems.Vac:
                return new ItemDefinition(code, L("Voluntary anal contraction", "자발적 항문 수축", "肛门自主收缩"), new AnswerScale.YesNo());
            case IsncsciItems.Dap:
                return new ItemDefinition(code, L("Deep anal pressure", "깊은 항문 압박 감각", "肛门深压觉"), new AnswerScale.YesNo());
            case IsncsciItems.RightNonKeyMuscle or IsncsciItems.LeftNonKeyMuscle:
                var s = code[0] == 'R' ? Right : Left;
                return new ItemDefinition(code,
                    L($"{s.En}: lowest non-key muscle with motor function", $"{s.Ko}: 운동 기능이 있는 가장 낮은 비핵심 근육", $"{s.Zh}：有运动功能的最低非关键肌"), Myotome);
        }
        var side = code[0] == 'R' ? Right : Left;
        var segment = code[(code.IndexOf('_', 2) + 1)..];
        if (code[2] == 'M')
        {
            var m = Muscles[segment];
            return new ItemDefinition(code, L($"{side.En} {m.En} ({segment})", $"{side.Ko} {m.Ko} ({segment})", $"{side.Zh}{m.Zh}（{segment}）"), Motor);
        }
        var modality = code[2..4] == "LT" ? LightTouch : PinPrick;
        var dermatome = segment.Replace('_', '-');
        return new ItemDefinition(code,
            L($"{side.En} {modality.En} {dermatome}", $"{side.Ko} {modality.Ko} {dermatome}", $"{side.Zh}{modality.Zh} {dermatome}"), Sensory);
    }

    static ScoreDefinition Total(string name, LocalizedText label, int max, Func<string, bool> includes) =>
        new(name, label, Direction.HigherIsBetter, 0m, max, "points", IsncsciItems.Codes.Where(includes).ToList());

    static bool IsMotor(string code, string side, bool upper) =>
        code.StartsWith(side + "_M_", StringComparison.Ordinal) && UpperMyotomes.Contains(code[4..]) == upper;

    static bool Starts(string code, string prefix) => code.StartsWith(prefix, StringComparison.Ordinal);
}
