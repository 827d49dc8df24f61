using static OrthoRegen.Instruments.CommonLabels;

namespace OrthoRegen.Instruments;

/// <summary>
/// Pain visual analogue scale and numeric rating scale (INSTRUMENTS.md §4), <b>higher = worse</b>.
/// VAS: a 100 mm line; the answer is <c>vas_mm</c> (0–100) or <c>vas_cm</c> (0–10), decimals allowed, exactly one of
/// the two; both are returned (1 cm = 10 mm). NRS: a whole number 0–10; <c>score_0_100 = 10 × NRS</c> is a convenience
/// only, never a VAS. Bands are a convention (no accepted cut-offs; Boonstra 2014, Woo 2015): descriptive only.
/// </summary>
public static class PainScales
{
    public const string VasCode = "PAIN_VAS", NrsCode = "PAIN_NRS";
    const string Tubach = "Tubach F et al. 2005 (MCII and PASS for VAS pain); INSTRUMENTS.md §4";
    const string Ostelo = "Ostelo RW et al. 2008 consensus, low back pain; INSTRUMENTS.md §4";

    static readonly BandScheme VasBands = new(
    [
        new("none", L("No pain", "통증 없음", "无痛"), 0m, 4m),
        new("mild", L("Mild", "경도", "轻度"), 5m, 44m),
        new("moderate", L("Moderate", "중등도", "中度"), 45m, 74m),
        new("severe", L("Severe", "중증", "重度"), 75m, 100m),
    ], BandGapRule.LowerBound, "Jensen/Hawker scheme as commonly cited (convention); INSTRUMENTS.md §4");

    static readonly BandScheme NrsBands = new(
    [
        new("none", L("No pain", "통증 없음", "无痛"), 0m, 0m),
        new("mild", L("Mild", "경도", "轻度"), 1m, 3m),
        new("moderate", L("Moderate", "중등도", "中度"), 4m, 6m),
        new("severe", L("Severe", "중증", "重度"), 7m, 10m),
    ], BandGapRule.LowerBound, "Common clinical convention; INSTRUMENTS.md §4");

    public static readonly InstrumentDefinition VasDefinition = new(
        VasCode, "1.0",
        L("Pain VAS (0-100 mm)", "통증 VAS (0-100 mm)", "疼痛视觉模拟评分（0-100 mm）"),
        "100 mm visual analogue scale; INSTRUMENTS.md §4",
        [
            new ItemSection("vas", L("Pain intensity", "통증 강도", "疼痛强度"),
            [
                new("vas_mm", L("Pain on a 100 mm line, in millimetres from the left end", "100 mm 선 위의 통증 (왼쪽 끝에서 mm)", "100 mm 线上的疼痛（距左端毫米数）"),
                    new AnswerScale.Quantity(0m, 100m, "mm")),
                new("vas_cm", L("Pain on a 10 cm line, in centimetres from the left end", "10 cm 선 위의 통증 (왼쪽 끝에서 cm)", "10 cm 线上的疼痛（距左端厘米数）"),
                    new AnswerScale.Quantity(0m, 10m, "cm"), EnabledUnlessAnswered: "vas_mm"),
            ]),
        ],
        [
            new ScoreDefinition("vas_mm", L("Pain VAS (mm)", "통증 VAS (mm)", "疼痛 VAS（mm）"), Direction.HigherIsWorse, 0m, 100m, "mm", ["vas_mm", "vas_cm"], VasBands),
            new ScoreDefinition("vas_cm", L("Pain VAS (cm)", "통증 VAS (cm)", "疼痛 VAS（cm）"), Direction.HigherIsWorse, 0m, 10m, "cm", ["vas_mm", "vas_cm"]),
        ],
        [],
        [
            new ChangeThreshold("vas_mm", "knee_oa", ChangeThresholdKind.MinimalImportantChange, 19.9m, 40.8m, Tubach),
            new ChangeThreshold("vas_mm", "hip_oa", ChangeThresholdKind.MinimalImportantChange, 15.3m, 32.0m, Tubach),
            new ChangeThreshold("vas_mm", "low_back_pain", ChangeThresholdKind.MinimalImportantChange, 15m, 30m, Ostelo),
        ],
        [
            new PassThreshold("vas_mm", "knee_oa", 32.3m, Tubach),
            new PassThreshold("vas_mm", "hip_oa", 35.0m, Tubach),
        ]);

    public static readonly InstrumentDefinition NrsDefinition = new(
        NrsCode, "1.0",
        L("Pain NRS (0-10)", "통증 NRS (0-10)", "疼痛数字评分（0-10）"),
        "11-point numeric rating scale; INSTRUMENTS.md §4",
        [
            new ItemSection("nrs", L("Pain intensity", "통증 강도", "疼痛强度"),
            [
                new("nrs", L("Pain from 0 (none) to 10 (worst imaginable)", "0(없음)부터 10(상상할 수 있는 최악)까지의 통증", "疼痛评分 0（无）至 10（可想象的最剧烈）"),
                    Options([.. Enumerable.Range(0, 11).Select(i => i switch
                    {
                        0 => L("0 - no pain", "0 - 통증 없음", "0 - 无痛"),
                        10 => L("10 - worst imaginable pain", "10 - 상상할 수 있는 최악의 통증", "10 - 可想象的最剧烈疼痛"),
                        _ => L($"{i}", $"{i}", $"{i}"),
                    })])),
            ]),
        ],
        [
            new ScoreDefinition("nrs", L("Pain NRS", "통증 NRS", "疼痛 NRS"), Direction.HigherIsWorse, 0m, 10m, "0-10", ["nrs"], NrsBands),
            new ScoreDefinition("score_0_100", L("Pain NRS x 10 (convenience)", "통증 NRS x 10 (참고용)", "疼痛 NRS x 10（仅供参考）"), Direction.HigherIsWorse, 0m, 100m, "0-100", ["nrs"]),
        ],
        [],
        [new ChangeThreshold("nrs", "low_back_pain", ChangeThresholdKind.MinimalImportantChange, 2m, 30m, Ostelo)],
        []);

    public static readonly Instrument Vas = new(VasDefinition, ScoreVas, CheckVas);
    public static readonly Instrument Nrs = new(NrsDefinition, ScoreNrs);

    static IEnumerable<ItemError> CheckVas(ScoringInput input)
    {
        if (input.Has("vas_mm") && input.Has("vas_cm")) yield return new ItemError("vas_cm", InstrumentMessages.VasBothUnits);
    }

    static ScoreSheet ScoreVas(ScoringInput input)
    {
        var mm = input.Number("vas_mm") ?? input.Number("vas_cm") * 10m;
        if (mm is null)
            return new ScoreSheet([ComputedScore.Invalid("vas_mm", 0, InstrumentMessages.VasMissing), ComputedScore.Invalid("vas_cm", 0, InstrumentMessages.VasMissing)]);
        return new ScoreSheet([new ComputedScore("vas_mm", mm, 1), new ComputedScore("vas_cm", mm / 10m, 1)]);
    }

    static ScoreSheet ScoreNrs(ScoringInput input)
    {
        var nrs = input.Number("nrs");
        if (nrs is null)
            return new ScoreSheet([ComputedScore.Invalid("nrs", 0, InstrumentMessages.AllRequired(0, 1)), ComputedScore.Invalid("score_0_100", 0, InstrumentMessages.AllRequired(0, 1))]);
        return new ScoreSheet([new ComputedScore("nrs", nrs, 1), new ComputedScore("score_0_100", nrs * 10m, 1)]);
    }
}
