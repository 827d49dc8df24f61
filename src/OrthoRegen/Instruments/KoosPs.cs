using static OrthoRegen.Instruments.CommonLabels;

namespace OrthoRegen.Instruments;

/// <summary>
/// KOOS-PS, KOOS Physical function Short form (INSTRUMENTS.md §1, cross-checked): 7 KOOS items taken from
/// <see cref="Koos.Definition"/> by code; the raw sum 0–28 is converted with the Rasch nomogram to 0–100 where
/// <b>0 = no difficulty and 100 = extreme difficulty</b> (original direction; 100 minus it gives the KOOS direction).
/// All 7 items are required (convention: no missing rule found). The table comes from one public implementation
/// (awell-score); confirm it against the official KOOS-PS sheet before relying on intermediate rows.
/// </summary>
public static class KoosPs
{
    public const string Code = "KOOS_PS";

    static readonly string[] ItemCodes = ["A10", "A9", "A3", "A5", "SP4", "SP5", "SP1"];

    /// <summary>Raw sum (index 0–28) → interval score 0–100, INSTRUMENTS.md §1.</summary>
    internal static readonly decimal[] Nomogram =
    [
        0m, 5.6m, 10.5m, 14.8m, 18.6m, 22.0m, 24.9m, 27.5m, 29.7m, 31.8m, 33.6m, 35.3m, 37.0m, 38.6m, 40.3m,
        42.0m, 44.0m, 46.1m, 48.5m, 51.2m, 54.4m, 57.9m, 62.0m, 66.6m, 71.8m, 77.7m, 84.3m, 91.8m, 100m,
    ];

    public static readonly InstrumentDefinition Definition = new(
        Code, "1.0",
        L("KOOS-PS (knee physical function)", "KOOS-PS (무릎 신체 기능)", "KOOS-PS（膝关节身体功能）"),
        "koos.nu KOOS-PS; conversion table cross-checked against awell-score koos_ps_conversion_table.ts",
        [new ItemSection("difficulty", L("Physical function", "신체 기능", "身体功能"), ItemCodes.Select(c => Koos.Definition.Item(c)!).ToList())],
        [new ScoreDefinition("difficulty", L("Difficulty", "어려움", "困难程度"), Direction.HigherIsWorse, 0m, 100m, "0-100", ItemCodes)],
        [],
        [Koos.Mic("difficulty", "knee_arthritis", 2.2m, "ICOAP/KOOS-PS reliability study, knee arthritis (PMC3943561); INSTRUMENTS.md §1")],
        []);

    public static readonly Instrument Instrument = new(Definition, Score);

    static ScoreSheet Score(ScoringInput input)
    {
        var raw = ScoreMath.SumOfAll(input, input.Definition.Scores[0]);
        return new ScoreSheet([raw.Value is { } sum ? raw with { Value = Nomogram[(int)sum] } : raw]);
    }
}
