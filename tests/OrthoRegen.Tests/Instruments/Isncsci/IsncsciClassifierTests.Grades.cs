using OrthoRegen.Instruments.Isncsci;

namespace OrthoRegen.Tests.Instruments.Isncsci;

/// <summary>
/// AIS grades on hand-worked exams. Rules: INSTRUMENTS.md section 9 (ISNCSCI 2019, Rupp et al. 2021). Segment
/// arithmetic used in the comments: C1 = 0, C5 = 4, T1 = 8, T6 = 13, L1 = 20, L2 = 21, S1 = 25, S3 = 27;
/// "more than three levels below" the motor level M means a key muscle at segment M + 4 or lower.
/// </summary>
public partial class IsncsciClassifierTests
{
    // T6 paraplegia, nothing spared: T7 and every dermatome below 0/0 on both sides, arms 5, legs 0, VAC and DAP absent.
    // Sensory level T6 (T7 is the first abnormal dermatome); motor level T6 (arms all 5, T1 = 5 with C5–T2 sensation
    // normal, then sensation decides: T7 abnormal stops the scan at T6); NLI T6; S4-5 0/0 both sides → complete → A.
    static ExamBuilder T6Complete() =>
        ExamBuilder.Intact().Sensation("RL", "T7", 0, 0).Motor("RL", "L2", 0).Anal(vac: false, dap: false);

    // C5, arms: C6 down 0/0 both sides; C5 elbow flexors 3, every key muscle below 0; VAC and DAP absent.
    // Sensory level C5; motor level C5 (C5 is 3, not 5, so the scan stops there); NLI C5.
    // More than three levels below C5 = segment 8 (T1) and lower: T1 and L2–S1 count, C8 (exactly three below) does not.
    static ExamBuilder C5Complete() =>
        ExamBuilder.Intact().Sensation("RL", "C6", 0, 0).Motor("RL", "C6", 0).Motor("RL", "C5", 3, to: "C5").Anal(false, false);

    static readonly Dictionary<string, Func<ExamBuilder>> GradeCases = new()
    {
        // Levels as T6Complete; S4-5 0/0, VAC and DAP absent → complete → A.
        ["T6 complete"] = T6Complete,
        // Levels as T6Complete; right S4-5 light touch 1 is sacral sensory sparing; legs all 0 and no non-key muscle,
        // so no motor function more than three levels below T6 on either side → B.
        ["T6 sensory incomplete"] = () => T6Complete().Set("R_LT_S4_5", 1),
        // As above plus left hip flexors (L2, segment 21 ≥ 13 + 4) graded 2 → motor incomplete; key muscles below the
        // NLI T6 are L2–S1 on both sides (10, half = 5), none graded 3+ → 0 < 5 → C.
        ["T6 motor incomplete, weak legs"] = () => T6Complete().Set("R_LT_S4_5", 1).Set("L_M_L2", 2),
        // Altered sensation (1/1) from T7 down keeps the sensory level at T6; VAC present → motor incomplete; all ten
        // leg key muscles graded 3 → 10 ≥ 5 → D.
        ["T6 motor incomplete, antigravity legs"] = () =>
            ExamBuilder.Intact().Sensation("RL", "T7", 1, 1).Motor("RL", "L2", 3).Anal(vac: true, dap: true),
        // Everything normal and VAC present: every level INT, NLI INT → E.
        ["intact with VAC"] = ExamBuilder.Intact,
        // Everything normal except VAC absent: motor levels S3 (section 9 rule), sensory levels INT, NLI INT (VAC not
        // used). Not E (needs VAC). S4-5 sensation 2 → incomplete; nothing lies below S3 → no motor function more than
        // three levels below → B.
        ["intact without VAC"] = () => ExamBuilder.Intact().Anal(vac: false, dap: true),
        // C5Complete, all four S4-5 values 0, no VAC or DAP → A even though the right T1 muscle twitches (grade 1):
        // motor function below the level never makes an injury incomplete without sacral sparing.
        ["C5 complete with distal twitch"] = () => C5Complete().Set("R_M_T1", 1),
    };

    [Theory]
    [InlineData("T6 complete", "A", true)]                            // no sacral sparing
    [InlineData("T6 sensory incomplete", "B", false)]                  // S4-5 LT only, no motor below
    [InlineData("T6 motor incomplete, weak legs", "C", false)]         // L2 = 2 far below, 0 of 10 at 3+
    [InlineData("T6 motor incomplete, antigravity legs", "D", false)]  // VAC, 10 of 10 at 3+
    [InlineData("intact with VAC", "E", false)]                        // NLI INT with VAC
    [InlineData("intact without VAC", "B", false)]                     // motor S3 from absent VAC, nothing below it
    [InlineData("C5 complete with distal twitch", "A", true)]          // motor function alone is not sacral sparing
    public void Classify_HandWorkedExam_GivesAisGrade(string exam, string ais, bool complete)
    {
        var c = GradeCases[exam]().Classify();

        Assert.Equal(ais, c.Ais);
        Assert.Equal(complete, c.Complete);
        Assert.Empty(c.NotDeterminable);
    }

    [Fact]
    public void Classify_T6Complete_GivesAllLevelsT6()
    {
        var c = T6Complete().Classify();

        Assert.Equal(("T6", "T6", "T6", "T6", "T6"), (c.SensoryLevelR, c.SensoryLevelL, c.MotorLevelR, c.MotorLevelL, c.Nli));
    }

    [Fact]
    public void Classify_IntactWithVac_GivesIntactEverywhere()
    {
        var c = ExamBuilder.Intact().Classify();

        Assert.Equal(("INT", "INT", "INT", "INT", "INT", (bool?)false, "E"),
            (c.SensoryLevelR, c.SensoryLevelL, c.MotorLevelR, c.MotorLevelL, c.Nli, c.Complete, c.Ais));
        Assert.Empty(c.NotDeterminable);
    }

    [Fact]
    public void Classify_IntactWithoutVac_GivesMotorLevelS3ButNliIntact()
    {
        // Section 9: motor level S3 when everything is normal but VAC is absent; VAC is not used for the NLI.
        var c = ExamBuilder.Intact().Anal(vac: false, dap: false).Classify();

        Assert.Equal(("INT", "INT", "S3", "S3", "INT"), (c.SensoryLevelR, c.SensoryLevelL, c.MotorLevelR, c.MotorLevelL, c.Nli));
    }

    // Sacral sparing on the T6Complete exam: one sign at a time.
    [Theory]
    [InlineData(null, null, false, false, true, "A")]                 // no sign at all: complete
    [InlineData(null, null, false, true, false, "B")]                 // DAP only: sensory incomplete, legs 0
    [InlineData(null, null, true, false, false, "C")]                 // VAC only: motor incomplete, 0 of 10 leg muscles at 3+
    [InlineData("R_LT_S4_5", 1, false, false, false, "B")]            // right S4-5 light touch 1 only
    [InlineData("L_PP_S4_5", 1, false, false, false, "B")]            // left S4-5 pin prick 1 only
    [InlineData("R_PP_S4_5", 2, false, false, false, "B")]            // normal (2) S4-5 pin prick on one side spares too
    [InlineData("L_LT_S4_5", 2, true, true, false, "C")]              // every sign: VAC makes it motor incomplete
    public void Classify_SacralSparingSign_DecidesCompleteness(string? code, int? value, bool vac, bool dap, bool complete, string ais)
    {
        var exam = T6Complete().Anal(vac, dap);
        if (code is not null) exam.Set(code, value);

        var c = exam.Classify();

        Assert.Equal(complete, c.Complete);
        Assert.Equal(ais, c.Ais);
        Assert.Equal("T6", c.Nli);
    }

    // B versus C on C5Complete with right S4-5 light touch 1 (sensory sparing, VAC absent). Motor level C5 both sides,
    // so function counts from segment 8 (T1) down; C8 is exactly three levels below and does not count.
    [Theory]
    [InlineData(null, null, "B")]            // no function below the level at all
    [InlineData("R_M_C8", 1, "B")]           // C8 is only three levels below C5
    [InlineData("R_M_T1", 1, "C")]           // T1 is four levels below C5: motor incomplete
    [InlineData("L_M_S1", 2, "C")]           // any grade > 0 far below, on either side
    [InlineData("R_NKM", "C8", "B")]         // non-key muscle at C8: three levels below, not enough
    [InlineData("R_NKM", "T1", "C")]         // non-key muscle at T1 makes it motor incomplete (2019 rule)
    [InlineData("L_NKM", "L3", "C")]         // non-key muscle on the other side counts the same way
    public void Classify_FunctionBelowMotorLevel_SeparatesBFromC(string? code, object? value, string ais)
    {
        var exam = C5Complete().Set("R_LT_S4_5", 1);
        if (code is not null) exam.Set(code, value);

        var c = exam.Classify();

        Assert.Equal(ais, c.Ais);
        Assert.Equal(("C5", "C5", "C5"), (c.MotorLevelR, c.MotorLevelL, c.Nli));
    }

    // C versus D on T6Complete with VAC present (motor incomplete). Key muscles below the NLI T6 are L2–S1 on both
    // sides: 10 muscles, half = 5. D needs at least 5 of them at grade 3 or more.
    [Theory]
    [InlineData("R", "L2", "L5", 3, "C")]    // 4 of 10 at 3+: one short of half
    [InlineData("R", "L2", "S1", 3, "D")]    // 5 of 10: exactly half is enough
    [InlineData("RL", "L2", "L3", 4, "C")]   // 4 of 10 counted over both sides
    [InlineData("RL", "L2", "L4", 3, "D")]   // 6 of 10 over both sides
    [InlineData("RL", "L2", "S1", 2, "C")]   // all 10 graded 2: function, but none against gravity
    public void Classify_KeyMusclesBelowNli_SeparateCFromD(string sides, string from, string to, int grade, string ais)
    {
        var c = T6Complete().Anal(vac: true, dap: false).Motor(sides, from, grade, to).Classify();

        Assert.Equal(ais, c.Ais);
        Assert.Equal("T6", c.Nli);
    }

    [Fact]
    public void Classify_OneSideIntact_CountsBothSidesBelowTheSingleNli()
    {
        // Right side entirely normal (sensory INT, motor INT with VAC), left T6 with legs 0. NLI = most rostral of the
        // four levels = T6. Below T6: right L2–S1 all 5 (5 at 3+), left 0 → 5 of 10 = half → D.
        var c = ExamBuilder.Intact().Sensation("L", "T7", 0, 0).Motor("L", "L2", 0).Classify();

        Assert.Equal(("INT", "T6", "INT", "T6", "T6"), (c.SensoryLevelR, c.SensoryLevelL, c.MotorLevelR, c.MotorLevelL, c.Nli));
        Assert.Equal("D", c.Ais);
    }

    [Theory]
    [InlineData(true, "D")]   // VAC: motor incomplete; no key muscle below S1, and 0 of 0 is "at least half"
    [InlineData(false, "B")]  // DAP only: motor level S1, nothing lies four levels below it
    public void Classify_NliAtS1_HasNoKeyMusclesBelow(bool vac, string ais)
    {
        // S2 and below altered (1/1) on both sides, every key muscle 5. Sensory level S1. Motor level: S1 is 5 but S2
        // sensation is abnormal, so the scan stops at S1. NLI S1. S4-5 1/1 → incomplete.
        var c = ExamBuilder.Intact().Sensation("RL", "S2", 1, 1).Anal(vac, dap: true).Classify();

        Assert.Equal(("S1", "S1", "S1"), (c.SensoryLevelR, c.MotorLevelR, c.Nli));
        Assert.Equal(ais, c.Ais);
    }
}
