namespace OrthoRegen.Instruments.Isncsci;

/// <summary>
/// The cord segments as ISNCSCI names them, in rostral-to-caudal order, and where the 28 dermatomes and 10 key
/// muscles sit among them (ISNCSCI 2019, Rupp et al. 2021, worksheet; INSTRUMENTS.md section 9).
/// </summary>
/// <remarks>
/// A level is a segment index: C1 = 0 … S3 = 27; index 28 is "INT" (intact), which sits where S4-5 would be, so
/// "more caudal" is always "larger index". Dermatome <c>d</c> (C2 = 0 … S4_5 = 27) is segment <c>d + 1</c>.
/// </remarks>
internal static class IsncsciSegments
{
    public const int C1 = 0, S3 = 27, Intact = 28;
    public const int DermatomeCount = 28, KeyMuscleCount = 10;

    /// <summary>Segment names, index 0 (C1) to 28; index 28 is written "S4_5" in item codes and "INT" as a level.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8",
        "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11", "T12",
        "L1", "L2", "L3", "L4", "L5",
        "S1", "S2", "S3", "S4_5",
    ];

    /// <summary>The 28 dermatomes per side, C2 … S4_5, as item codes spell them.</summary>
    public static readonly IReadOnlyList<string> Dermatomes = Names.Skip(1).ToArray();

    /// <summary>The 10 key muscles per side, named by myotome: elbow flexors C5 … ankle plantar flexors S1.</summary>
    public static readonly IReadOnlyList<string> KeyMuscles = ["C5", "C6", "C7", "C8", "T1", "L2", "L3", "L4", "L5", "S1"];

    /// <summary>Segment index of each key muscle, in <see cref="KeyMuscles"/> order.</summary>
    public static readonly IReadOnlyList<int> KeyMuscleSegments = [4, 5, 6, 7, 8, 21, 22, 23, 24, 25];

    /// <summary>"C5", "T12", or "INT" for <see cref="Intact"/>.</summary>
    public static string LevelName(int segment) => segment == Intact ? "INT" : Names[segment];

    /// <summary>Segment index of a myotome name (C5–T1, L2–S1), or null if it is not a key-muscle myotome.</summary>
    public static int? MyotomeSegment(string name)
    {
        for (var m = 0; m < KeyMuscleCount; m++)
            if (KeyMuscles[m] == name) return KeyMuscleSegments[m];
        return null;
    }
}
