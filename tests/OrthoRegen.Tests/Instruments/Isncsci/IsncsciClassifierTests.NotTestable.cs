using OrthoRegen.Instruments.Isncsci;

namespace OrthoRegen.Tests.Instruments.Isncsci;

/// <summary>
/// "NT" and missing values. A classification property is reported only when every value the NT items could take
/// gives the same answer; otherwise it is null and the reason lists what remains possible. Missing values make the
/// whole classification null (INSTRUMENTS.md section 9, reference rules).
/// </summary>
public partial class IsncsciClassifierTests
{
    [Fact]
    public void Classify_NotTestableBelowTheInjury_StaysDetermined()
    {
        // T6Complete with right L3 light touch and left L4 muscle NT. Both lie below the first abnormal dermatome (T7)
        // and below the motor level, S4-5 are tested 0/0: whatever the NT values are, levels are T6 and the grade A.
        var c = T6Complete().Set("R_LT_L3", "NT").Set("L_M_L4", "NT").Classify();

        Assert.Equal(("T6", "T6", "T6", "T6", "T6", (bool?)true, "A"),
            (c.SensoryLevelR, c.SensoryLevelL, c.MotorLevelR, c.MotorLevelL, c.Nli, c.Complete, c.Ais));
        Assert.Empty(c.NotDeterminable);
    }

    [Fact]
    public void Classify_NotTestableAtTheFirstAbnormalDermatome_LevelsNotDeterminable()
    {
        // Both sides absent from T8 down; right T7 light touch NT (pin prick 2), left T7 normal. Right T7 normal gives
        // sensory level T7, right T7 abnormal gives T6; the motor level follows (arms 5, legs 0), and so does the NLI.
        // S4-5 0/0, VAC and DAP absent: complete and A either way.
        var c = ExamBuilder.Intact().Sensation("RL", "T8", 0, 0).Motor("RL", "L2", 0).Anal(false, false)
            .Set("R_LT_T7", "NT").Classify();

        Assert.Equal((null, "T7", null, "T7", null, (bool?)true, "A"),
            (c.SensoryLevelR, c.SensoryLevelL, c.MotorLevelR, c.MotorLevelL, c.Nli, c.Complete, c.Ais));
        Assert.Equal(
        [
            IsncsciMessages.NotDeterminable("sensory_level_R", ["T6", "T7"]),
            IsncsciMessages.NotDeterminable("motor_level_R", ["T6", "T7"]),
            IsncsciMessages.NotDeterminable("nli", ["T6", "T7"]),
        ], c.NotDeterminable);
        Assert.Equal("sensory_level_R is not determinable: the values marked NT allow T6 or T7.", c.NotDeterminable[0]);
    }

    [Fact]
    public void Classify_NotTestableSacralSensation_CompletenessNotDeterminable()
    {
        // T6Complete with right S4-5 light touch NT: 0 keeps it complete (A), 1 or 2 is sensory sparing with no motor
        // function below (B). The levels do not depend on it (T7 is already absent).
        var c = T6Complete().Set("R_LT_S4_5", "NT").Classify();

        Assert.Equal(("T6", (bool?)null, (string?)null), (c.Nli, c.Complete, c.Ais));
        Assert.Equal(
        [
            IsncsciMessages.NotDeterminable("complete", ["complete", "incomplete"]),
            IsncsciMessages.NotDeterminable("ais", ["A", "B"]),
        ], c.NotDeterminable);
    }

    [Theory]
    // T6 with right S4-5 light touch 1 (sensory sparing), VAC absent; left L2 muscle NT.
    // 0 → no function below → B; 1–5 → function four or more levels below T6 → C, and at most 1 of 10 at 3+, never D.
    [InlineData("L_M_L2", false, "B", "C")]
    // T6 with VAC (motor incomplete), right L2–L5 at 3, right S1 NT: 4 of 10 at 3+ → C, or 5 of 10 → D.
    [InlineData("R_M_S1", true, "C", "D")]
    public void Classify_NotTestableKeyMuscle_GradeNotDeterminable(string code, bool vac, string first, string second)
    {
        var exam = T6Complete().Set("R_LT_S4_5", 1).Anal(vac, dap: false).Set(code, "NT");
        if (vac) exam.Motor("R", "L2", 3, to: "L5");

        var c = exam.Classify();

        Assert.Null(c.Ais);
        Assert.Equal([IsncsciMessages.NotDeterminable("ais", [first, second])], c.NotDeterminable);
        Assert.Equal("T6", c.Nli);
    }

    [Fact]
    public void Classify_NotTestableMuscleAtTheHalfMark_AllowsBCOrD()
    {
        // Right: sensation normal to L1, L2 down absent; L2 3, L3 4, L4 3, L5 3, S1 NT. The right motor level is L2 (L2
        // is 3, not 5), so right function "more than three levels below" starts at segment 21 + 4 = S1.
        // Left: T6 level (T7 down absent), legs 0. NLI T6; below it L2–S1 on both sides, half = 5; right L2–L5 give 4.
        // Sacral sparing from left S4-5 light touch 1 only; VAC and DAP absent.
        // Right S1 = 0: no function far enough below either motor level → B. S1 1–2: function below → C (4 of 10).
        // S1 3–5: function below and 5 of 10 at 3+ → D.
        var c = ExamBuilder.Intact()
            .Sensation("R", "L2", 0, 0).Set("R_M_L2", 3).Set("R_M_L3", 4).Set("R_M_L4", 3).Set("R_M_L5", 3).Set("R_M_S1", "NT")
            .Sensation("L", "T7", 0, 0).Motor("L", "L2", 0).Set("L_LT_S4_5", 1)
            .Anal(vac: false, dap: false)
            .Classify();

        Assert.Equal(("L2", "T6", "T6"), (c.MotorLevelR, c.MotorLevelL, c.Nli));
        Assert.Equal([IsncsciMessages.NotDeterminable("ais", ["B", "C", "D"])], c.NotDeterminable);
    }

    [Fact]
    public void Classify_NotTestableKeyMuscleAtTheLevel_MotorLevelNotDeterminable()
    {
        // Right C5 down absent and every right key muscle 0 except C5, which is NT. C5 below 3 gives motor level C4,
        // C5 at 3 or 4 gives C5, C5 at 5 with C6 at 0 also gives C5. Sensory level C4 either way, so the NLI is C4.
        var c = ExamBuilder.Intact().Sensation("R", "C5", 0, 0).Motor("R", "C5", 0).Set("R_M_C5", "NT").Classify();

        Assert.Equal(("C4", (string?)null, "C4"), (c.SensoryLevelR, c.MotorLevelR, c.Nli));
        Assert.Contains(IsncsciMessages.NotDeterminable("motor_level_R", ["C4", "C5"]), c.NotDeterminable);
    }

    [Fact]
    public void Classify_NotTestableInAnOtherwiseNormalExam_AllowsNormalOrInjured()
    {
        // Intact exam with right T4 pin prick NT. Normal T4 → everything INT → E. Abnormal T4 → right sensory and
        // motor level T3, NLI T3, VAC → motor incomplete, all 10 leg muscles at 5 → D.
        var c = ExamBuilder.Intact().Set("R_PP_T4", "NT").Classify();

        Assert.Equal((null, "INT", null, "INT", null, (bool?)false, null),
            (c.SensoryLevelR, c.SensoryLevelL, c.MotorLevelR, c.MotorLevelL, c.Nli, c.Complete, c.Ais));
        Assert.Contains(IsncsciMessages.NotDeterminable("nli", ["T3", "INT"]), c.NotDeterminable);
        Assert.Contains(IsncsciMessages.NotDeterminable("ais", ["D", "E"]), c.NotDeterminable);
    }

    [Fact]
    public void Classify_EveryValueNotTestable_OnlyTheAnalFindingsLimitTheGrade()
    {
        // Nothing tested but VAC absent and DAP present. DAP → incomplete, so neither A nor E (E needs VAC); with no
        // VAC, B, C and D all remain possible. Every level from C1 down remains possible; the motor level cannot be
        // INT without VAC.
        var exam = ExamBuilder.Intact().Anal(vac: false, dap: true);
        foreach (var code in IsncsciItems.Codes.Where(c => c.Contains("_M_") || c.Contains("_LT_") || c.Contains("_PP_")))
            exam.Set(code, "NT");

        var r = exam.Score();

        var c = r.Classification;
        Assert.Equal((null, null, null, null, null, (bool?)false, null),
            (c.SensoryLevelR, c.SensoryLevelL, c.MotorLevelR, c.MotorLevelL, c.Nli, c.Complete, c.Ais));
        Assert.Equal(IsncsciMessages.NotDeterminable("ais", ["B", "C", "D"]), c.NotDeterminable[^1]);
        Assert.EndsWith("S2 or S3.", c.NotDeterminable[2]);   // motor_level_R
        Assert.All(r.Scores.Values, Assert.Null);
    }

    [Fact]
    public void ToJsonObject_GivesTheCliClassificationShape()
    {
        var c = T6Complete().Set("R_LT_S4_5", "NT").Classify();

        Assert.Equal(
            """{"sensory_level_R":"T6","sensory_level_L":"T6","motor_level_R":"T6","motor_level_L":"T6","nli":"T6","complete":null,"ais":null}""",
            c.ToJsonObject().ToJsonString());
    }

    [Theory]
    [InlineData("R_PP_T4")]   // a sensory value
    [InlineData("L_M_S1")]    // a motor value
    [InlineData("VAC")]       // anal contraction
    [InlineData("DAP")]       // anal pressure
    public void Classify_MissingValue_WholeClassificationNull(string code)
    {
        var c = ExamBuilder.Intact().Without(code).Classify();

        Assert.Equal(new IsncsciClassification(null, null, null, null, null, null, null, c.NotDeterminable), c);
        Assert.Equal([$"Classification is not determinable: 1 exam value is missing ({code})."], c.NotDeterminable);
    }

    [Fact]
    public void Classify_MissingNonKeyMuscle_IsNotMissingData()
    {
        // R_NKM / L_NKM are optional: absent means no non-key muscle was recorded.
        var c = ExamBuilder.Intact().Without("R_NKM").Set("L_NKM", null).Classify();

        Assert.Equal("E", c.Ais);
    }

    [Fact]
    public void Classify_ManyMissingValues_ListsTheFirstEightAndCounts()
    {
        var exam = ExamBuilder.Intact();
        foreach (var m in new[] { "C5", "C6", "C7", "C8", "T1", "L2", "L3", "L4", "L5", "S1" }) exam.Without($"R_M_{m}");

        var c = exam.Classify();

        Assert.Equal(
            ["Classification is not determinable: 10 exam values are missing (R_M_C5, R_M_C6, R_M_C7, R_M_C8, R_M_T1, R_M_L2, R_M_L3, R_M_L4 and 2 more)."],
            c.NotDeterminable);
    }
}
