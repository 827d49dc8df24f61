using OrthoRegen.FollowUp;

namespace OrthoRegen.Tests.FollowUp;

/// <summary>V1 analysis assignment: nearest target, only within 1.5× that visit's window.</summary>
public class VisitAssignmentTests
{
    static readonly DateOnly Day0 = new(2026, 1, 10);
    static readonly IReadOnlyList<PlannedVisit> Visits = ScheduleDefinition.Default.Generate(Day0);

    static string? Assign(int day, double factor = 1.5) => VisitAssignment.Assign(Visits, Day0.AddDays(day), factor);

    [Theory]
    [InlineData(30, "M1")]    // on target
    [InlineData(37, "M1")]    // last day of the ±7 window
    [InlineData(40, "M1")]    // +10 ≤ 1.5 × 7 = 10.5
    [InlineData(41, null)]    // +11 > 10.5: unassigned
    [InlineData(20, "M1")]    // −10
    [InlineData(19, null)]    // −11
    [InlineData(112, "M3")]   // 91 + 21 = 1.5 × 14
    [InlineData(113, null)]   // 91 + 22
    [InlineData(70, "M3")]    // 91 − 21
    [InlineData(69, null)]    // nearest is M3 (22 d) over M1 (39 d), but 22 > 21
    [InlineData(227, "M6")]   // 182 + 45 = 1.5 × 30
    [InlineData(228, null)]
    [InlineData(320, "M12")]  // 365 − 45
    [InlineData(319, null)]
    [InlineData(820, "M24")]  // 730 + 90 = 1.5 × 60
    [InlineData(821, null)]
    [InlineData(1186, "Y3")]  // 1096 + 90
    [InlineData(1187, null)]
    public void Assign_OutOfWindow_NearestTargetOnlyWithin15TimesWindow(int day, string? expected) =>
        Assert.Equal(expected, Assign(day));

    [Theory]
    [InlineData(-30, "BASE")] // window start
    [InlineData(-45, "BASE")] // −30 × 1.5
    [InlineData(-46, null)]
    [InlineData(1, null)]     // after Day 0: BASE does not stretch forward (its window ends on Day 0); D1_7 is in-window only
    [InlineData(5, "D1_7")]   // in its window
    [InlineData(8, null)]     // D1_7 never stretches
    public void Assign_AsymmetricAndInWindowOnlyVisits(int day, string? expected) =>
        Assert.Equal(expected, Assign(day));

    [Fact]
    public void Assign_Factor1_IsTheProtocolWindowOnly()
    {
        Assert.Equal("M1", Assign(37, 1));
        Assert.Null(Assign(38, 1));
    }

    [Fact]
    public void Assign_FactorBelowOne_IsABug() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Assign(30, 0.5));
}
