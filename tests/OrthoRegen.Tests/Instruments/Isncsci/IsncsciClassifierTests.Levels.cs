namespace OrthoRegen.Tests.Instruments.Isncsci;

/// <summary>
/// Sensory and motor levels at the borders where the motor level switches between key muscles and sensation
/// (INSTRUMENTS.md section 9): C4/C5, T1/T2, L1/L2, S1/S2, and through C1–C4, T2–L1 and S2–S5 where it follows
/// sensation. Only the right side is injured; the left stays intact; VAC and DAP are present.
/// </summary>
public partial class IsncsciClassifierTests
{
    static readonly Dictionary<string, Func<ExamBuilder>> LevelCases = new()
    {
        ["C5 down absent, C5 muscle 2"] = () => ExamBuilder.Intact().Sensation("R", "C5", 0, 0).Motor("R", "C5", 0).Set("R_M_C5", 2),
        ["C5 down absent, C5 muscle 3"] = () => ExamBuilder.Intact().Sensation("R", "C5", 0, 0).Motor("R", "C5", 0).Set("R_M_C5", 3),
        ["C5 down absent, C5 5, C6 3"] = () => ExamBuilder.Intact().Sensation("R", "C5", 0, 0).Motor("R", "C7", 0).Set("R_M_C6", 3),
        ["C4 dermatome altered alone"] = () => ExamBuilder.Intact().Sensation("R", "C4", 1, 1, to: "C4"),
        ["C2 dermatome altered alone"] = () => ExamBuilder.Intact().Sensation("R", "C2", 1, 1, to: "C2"),
        ["T2 down absent"] = () => ExamBuilder.Intact().Sensation("R", "T2", 0, 0).Motor("R", "L2", 0),
        ["T1 muscle 4, T6 down absent"] = () => ExamBuilder.Intact().Sensation("R", "T6", 0, 0).Motor("R", "L2", 0).Set("R_M_T1", 4),
        ["T3 down absent"] = () => ExamBuilder.Intact().Sensation("R", "T3", 0, 0).Motor("R", "L2", 0),
        ["C6 dermatome altered alone"] = () => ExamBuilder.Intact().Sensation("R", "C6", 1, 2, to: "C6"),
        ["T8 down absent"] = () => ExamBuilder.Intact().Sensation("R", "T8", 0, 0).Motor("R", "L2", 0),
        ["C7 muscle 4, T10 down absent"] = () => ExamBuilder.Intact().Sensation("R", "T10", 0, 0).Motor("R", "L2", 0).Set("R_M_C7", 4),
        ["L1 down absent"] = () => ExamBuilder.Intact().Sensation("R", "L1", 0, 0).Motor("R", "L2", 0),
        ["L2 down absent, L2 muscle 2"] = () => ExamBuilder.Intact().Sensation("R", "L2", 0, 0).Motor("R", "L3", 0).Set("R_M_L2", 2),
        ["L2 down absent, L2 muscle 3"] = () => ExamBuilder.Intact().Sensation("R", "L2", 0, 0).Motor("R", "L3", 0).Set("R_M_L2", 3),
        ["L2 down absent, L4 muscle 3"] = () => ExamBuilder.Intact().Sensation("R", "L2", 0, 0).Motor("R", "L5", 0).Set("R_M_L4", 3),
        ["L2 muscle 0, sensation normal"] = () => ExamBuilder.Intact().Set("R_M_L2", 0),
        ["L5 muscle 4"] = () => ExamBuilder.Intact().Set("R_M_L5", 4),
        ["S1 muscle 4"] = () => ExamBuilder.Intact().Set("R_M_S1", 4),
        ["S2 down altered"] = () => ExamBuilder.Intact().Sensation("R", "S2", 1, 1),
        ["S3 down altered"] = () => ExamBuilder.Intact().Sensation("R", "S3", 1, 1),
        ["S4-5 altered alone"] = () => ExamBuilder.Intact().Sensation("R", "S4_5", 1, 1),
    };

    [Theory]
    // C4/C5: through C1–C4 the motor level follows sensation, then the C5 muscle decides.
    [InlineData("C5 down absent, C5 muscle 2", "C4", "C4")]   // C2–C4 normal, C5 muscle below 3: stays at C4
    [InlineData("C5 down absent, C5 muscle 3", "C4", "C5")]   // C5 at 3 is the motor level though C5 sensation is absent
    [InlineData("C5 down absent, C5 5, C6 3", "C4", "C6")]    // C5 is 5, C6 at 3 is the lowest with all above 5
    [InlineData("C4 dermatome altered alone", "C3", "C3")]    // C4 sensation abnormal: both levels stop at C3, muscles unused
    [InlineData("C2 dermatome altered alone", "C1", "C1")]    // C2 abnormal: C1
    // T1/T2: passing T1 needs T1 = 5 and sensation C5–T2 normal.
    [InlineData("T2 down absent", "T1", "T1")]                // T1 is 5 but T2 sensation is absent
    [InlineData("T1 muscle 4, T6 down absent", "T5", "T1")]   // T1 is 4, not 5: cannot pass into the thoracic levels
    [InlineData("T3 down absent", "T2", "T2")]                // T1 5, C5–T2 normal, T3 absent: T2, following sensation
    [InlineData("C6 dermatome altered alone", "C5", "T1")]    // every muscle 5, but C6 sensation blocks passing T1
    [InlineData("T8 down absent", "T7", "T7")]                // thoracic motor level follows the sensory level
    [InlineData("C7 muscle 4, T10 down absent", "T9", "C7")]  // motor function above must be normal to follow sensation
    // L1/L2: through T2–L1 sensation decides, then the L2 muscle.
    [InlineData("L1 down absent", "T12", "T12")]              // L1 sensation absent stops at T12 before any leg muscle
    [InlineData("L2 down absent, L2 muscle 2", "L1", "L1")]   // L1 normal, L2 muscle below 3: L1
    [InlineData("L2 down absent, L2 muscle 3", "L1", "L2")]   // L2 muscle at 3: L2
    [InlineData("L2 down absent, L4 muscle 3", "L1", "L4")]   // L2, L3 are 5, L4 at 3: L4
    [InlineData("L2 muscle 0, sensation normal", "INT", "L1")] // weak L2 stops the motor level whatever sensation says
    [InlineData("L5 muscle 4", "INT", "L5")]                  // L4 5 and L5 at 4: L5
    // S1/S2: passing S1 needs S1 = 5 and sensation L2–S2 normal; then sensation to S4-5.
    [InlineData("S1 muscle 4", "INT", "S1")]                  // S1 at 4: S1
    [InlineData("S2 down altered", "S1", "S1")]               // S1 is 5 but S2 sensation altered
    [InlineData("S3 down altered", "S2", "S2")]               // S3 abnormal: S2, following sensation
    [InlineData("S4-5 altered alone", "S3", "S3")]            // S4-5 abnormal: S3
    public void Classify_InjuryBorder_GivesRightSideLevels(string exam, string sensoryLevel, string motorLevel)
    {
        var c = LevelCases[exam]().Classify();

        Assert.Equal(sensoryLevel, c.SensoryLevelR);
        Assert.Equal(motorLevel, c.MotorLevelR);
        Assert.Equal(("INT", "INT"), (c.SensoryLevelL, c.MotorLevelL));
        Assert.Empty(c.NotDeterminable);
    }

    [Theory]
    [InlineData("C5 down absent, C5 muscle 3", "C4")]         // NLI takes the most rostral of four levels: right sensory C4
    [InlineData("C6 dermatome altered alone", "C5")]          // right sensory C5 beats right motor T1
    [InlineData("C7 muscle 4, T10 down absent", "C7")]        // right motor C7 beats right sensory T9
    [InlineData("S1 muscle 4", "S1")]                         // only the right motor level is not intact
    public void Classify_InjuryBorder_NliIsMostRostralLevel(string exam, string nli)
    {
        Assert.Equal(nli, LevelCases[exam]().Classify().Nli);
    }
}
