using System.Text.Json.Nodes;

namespace OrthoRegen.Instruments.Isncsci;

/// <summary>
/// A scored ISNCSCI exam: the totals and the classification.
/// </summary>
/// <param name="Scores">
/// Keyed exactly as <see cref="ScoreNames"/>. Each is the plain sum of its items (INSTRUMENTS.md section 9, verified):
/// R_UEMS / L_UEMS = C5–T1 per side (0–25), R_LEMS / L_LEMS = L2–S1 (0–25), UEMS and LEMS both sides (0–50), MOTOR all
/// 20 key muscles (0–100), R_LT / L_LT / R_PP / L_PP the 28 dermatomes of a side (0–56), LT and PP both sides (0–112).
/// A total is null as soon as one value it sums is NT or missing: no proration, no guess (the reference algorithm
/// reports "ND" for the same case).
/// </param>
/// <param name="ScoreReasons">For each null score, why it is null. Empty when every score has a value.</param>
public sealed record IsncsciResult(
    IReadOnlyDictionary<string, double?> Scores,
    IReadOnlyDictionary<string, string> ScoreReasons,
    IsncsciClassification Classification)
{
    public const string RightUems = "R_UEMS", LeftUems = "L_UEMS", RightLems = "R_LEMS", LeftLems = "L_LEMS",
        Uems = "UEMS", Lems = "LEMS", RightLt = "R_LT", LeftLt = "L_LT", RightPp = "R_PP", LeftPp = "L_PP",
        Lt = "LT", Pp = "PP", Motor = "MOTOR";

    /// <summary>The score keys in reporting order (issue 3, CLI "scores").</summary>
    public static IReadOnlyList<string> ScoreNames { get; } =
        [RightUems, LeftUems, RightLems, LeftLems, Uems, Lems, RightLt, LeftLt, RightPp, LeftPp, Lt, Pp, Motor];
}

/// <summary>
/// The ISNCSCI 2019 classification (INSTRUMENTS.md section 9; Rupp et al., Top Spinal Cord Inj Rehabil 2021;27(2):1-22).
/// Every property is null when it is not determinable, and <see cref="NotDeterminable"/> then says why.
/// </summary>
/// <param name="SensoryLevelR">"C1" … "S3", or "INT" when every dermatome through S4-5 is normal.</param>
/// <param name="MotorLevelR">"C1" … "S3" or "INT"; follows sensation where no key muscle exists, and is S3 when everything else is normal but VAC is absent.</param>
/// <param name="Nli">Neurological level of injury: the most rostral of the four side levels, VAC not used.</param>
/// <param name="Complete">True when there is no sacral sparing: VAC and DAP absent, S4-5 light touch and pin prick 0 on both sides.</param>
/// <param name="Ais">
/// ASIA Impairment Scale grade "A" … "E". "E" is given for NLI INT with VAC present (the reference rules); the standard
/// reserves E for a person with earlier deficits, so for a person who never had an SCI the caller should report no grade.
/// </param>
/// <param name="NotDeterminable">
/// One sentence per property that is null: either "the values marked NT allow …" with the values they allow, or one
/// sentence for the whole classification when exam values are missing (the reference rules return a null
/// classification then). Empty when everything is determined.
/// </param>
public sealed record IsncsciClassification(
    string? SensoryLevelR,
    string? SensoryLevelL,
    string? MotorLevelR,
    string? MotorLevelL,
    string? Nli,
    bool? Complete,
    string? Ais,
    IReadOnlyList<string> NotDeterminable)
{
    /// <summary>The CLI's "classification" object: sensory_level_R, sensory_level_L, motor_level_R, motor_level_L, nli, complete, ais.</summary>
    public JsonObject ToJsonObject() => new()
    {
        ["sensory_level_R"] = SensoryLevelR,
        ["sensory_level_L"] = SensoryLevelL,
        ["motor_level_R"] = MotorLevelR,
        ["motor_level_L"] = MotorLevelL,
        ["nli"] = Nli,
        ["complete"] = Complete,
        ["ais"] = Ais,
    };
}
