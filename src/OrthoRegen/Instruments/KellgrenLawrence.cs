using static OrthoRegen.Instruments.CommonLabels;

namespace OrthoRegen.Instruments;

/// <summary>
/// Kellgren-Lawrence radiographic grade (Kellgren &amp; Lawrence 1957; INSTRUMENTS.md §10, verified), stored as the
/// coded value 0–4, never as text (publications word grade 2 inconsistently; Schiphof 2008). Higher = more severe;
/// radiographic OA is usually KL ≥ 2 (<see cref="RadiographicOaFrom"/>).
/// </summary>
public static class KellgrenLawrence
{
    public const string Code = "KL";

    /// <summary>Lowest grade usually called radiographic osteoarthritis.</summary>
    public const int RadiographicOaFrom = 2;

    static readonly LocalizedText[] Grades =
    [
        L("0 none: no features of OA", "0 없음: 골관절염 소견 없음", "0 无：无骨关节炎表现"),
        L("1 doubtful: doubtful narrowing, possible osteophytic lipping", "1 의심: 관절 간격 협소 의심, 골극 가능성", "1 可疑：可疑关节间隙狭窄，可能骨赘"),
        L("2 minimal: definite osteophytes, possible narrowing", "2 경도: 뚜렷한 골극, 관절 간격 협소 가능성", "2 轻度：明确骨赘，可能关节间隙狭窄"),
        L("3 moderate: multiple osteophytes, definite narrowing, some sclerosis", "3 중등도: 다발성 골극, 뚜렷한 협소, 일부 경화", "3 中度：多发骨赘，明确狭窄，部分硬化"),
        L("4 severe: large osteophytes, marked narrowing, severe sclerosis, deformity", "4 중증: 큰 골극, 현저한 협소, 심한 경화, 변형", "4 重度：大骨赘，明显狭窄，严重硬化，畸形"),
    ];

    static readonly string[] BandCodes = ["none", "doubtful", "minimal", "moderate", "severe"];

    public static readonly InstrumentDefinition Definition = new(
        Code, "1957",
        L("Kellgren-Lawrence grade", "켈그렌-로렌스 등급", "Kellgren-Lawrence 分级"),
        "Kellgren JH, Lawrence JS. Ann Rheum Dis 1957;16:494-502; verified (INSTRUMENTS.md §10)",
        [new ItemSection("kl", L("Radiographic grade", "방사선 등급", "影像学分级"), [new ItemDefinition("grade", L("Kellgren-Lawrence grade", "켈그렌-로렌스 등급", "Kellgren-Lawrence 分级"), Options(Grades))])],
        [new ScoreDefinition("grade", L("Kellgren-Lawrence grade", "켈그렌-로렌스 등급", "Kellgren-Lawrence 分级"), Direction.HigherIsWorse, 0m, 4m, "grade", ["grade"],
            new BandScheme(Grades.Select((g, i) => new Band(BandCodes[i], g, i, i)).ToList(), BandGapRule.LowerBound, "Kellgren & Lawrence 1957"))],
        [], [], []);

    public static readonly Instrument Instrument = new(Definition, input => new ScoreSheet([ScoreMath.SumOfAll(input, input.Definition.Scores[0])]));
}
