using OrthoRegen.Instruments.Isncsci;

namespace OrthoRegen.Tests.Instruments.Isncsci;

/// <summary>Totals (INSTRUMENTS.md section 9, verified): plain sums; null as soon as one summed value is NT or missing.</summary>
public partial class IsncsciClassifierTests
{
    static readonly string[] ScoreOrder = ["R_UEMS", "L_UEMS", "R_LEMS", "L_LEMS", "UEMS", "LEMS", "R_LT", "L_LT", "R_PP", "L_PP", "LT", "PP", "MOTOR"];

    static double?[] Totals(IsncsciResult r) => ScoreOrder.Select(n => r.Scores[n]).ToArray();

    [Fact]
    public void Classify_IntactExam_GivesMaximumTotals()
    {
        // 5 muscles × 5 = 25 per limb pair side; 28 dermatomes × 2 = 56 per side and modality.
        var r = ExamBuilder.Intact().Score();

        Assert.Equal([25, 25, 25, 25, 50, 50, 56, 56, 56, 56, 112, 112, 100], Totals(r));
        Assert.Equal(ScoreOrder, IsncsciResult.ScoreNames);
        Assert.Empty(r.ScoreReasons);
    }

    [Fact]
    public void Classify_C5Complete_SumsByHand()
    {
        // C5Complete: C5 muscle 3, others 0 → UEMS 3 per side, LEMS 0. Sensation C2–C5 (4 dermatomes) 2, the other 24
        // are 0 → 8 per side and modality.
        var r = C5Complete().Score();

        Assert.Equal([3, 3, 0, 0, 6, 0, 8, 8, 8, 8, 16, 16, 6], Totals(r));
    }

    [Fact]
    public void Classify_MixedExam_SumsByHand()
    {
        // Right: C5 4, C6 3, C7 2, C8 1, T1 0 → R_UEMS 10; legs L2 1, the rest 0 → R_LEMS 1.
        // Left: arms 5 → 25; L2–S1 3, 3, 2, 0, 0 → 8.
        // Right light touch: C2–T6 normal (13 dermatomes × 2 = 26), T7–S4_5 (15 dermatomes) 1 → 15 → 41; pin prick T7 down 0 → 26.
        // Left light touch and pin prick intact → 56 each.
        var r = ExamBuilder.Intact()
            .Set("R_M_C5", 4).Set("R_M_C6", 3).Set("R_M_C7", 2).Set("R_M_C8", 1).Set("R_M_T1", 0)
            .Motor("R", "L2", 0).Set("R_M_L2", 1)
            .Set("L_M_L2", 3).Set("L_M_L3", 3).Set("L_M_L4", 2).Set("L_M_L5", 0).Set("L_M_S1", 0)
            .Sensation("R", "T7", 1, 0)
            .Score();

        Assert.Equal([10, 25, 1, 8, 35, 9, 41, 56, 26, 56, 97, 82, 44], Totals(r));
    }

    [Fact]
    public void Classify_NotTestableMuscle_NullsOnlyTheTotalsThatSumIt()
    {
        var r = ExamBuilder.Intact().Set("R_M_C6", "NT").Score();

        Assert.Equal([null, 25, 25, 25, null, 50, 56, 56, 56, 56, 112, 112, null], Totals(r));
        Assert.Equal("R_UEMS needs every value it sums; not testable: R_M_C6.", r.ScoreReasons["R_UEMS"]);
        Assert.Equal(["MOTOR", "R_UEMS", "UEMS"], r.ScoreReasons.Keys.Order());
    }

    [Fact]
    public void Classify_MissingAndNotTestableSensation_NamesBothInTheReason()
    {
        var r = ExamBuilder.Intact().Without("L_PP_S1").Set("L_PP_C3", "NT").Score();

        Assert.Equal([25, 25, 25, 25, 50, 50, 56, 56, 56, null, 112, null, 100], Totals(r));
        Assert.Equal("PP needs every value it sums; not testable: L_PP_C3; missing: L_PP_S1.", r.ScoreReasons["PP"]);
    }
}
