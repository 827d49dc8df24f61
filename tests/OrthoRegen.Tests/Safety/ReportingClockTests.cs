using OrthoRegen.Safety;

namespace OrthoRegen.Tests.Safety;

public class ReportingClockTests
{
    static readonly ReportingClocks Clocks = SafetyRules.Default.Clocks;

    static AdverseEventDerivation Susar(bool fatalOrLt) =>
        new(true, true, false, new Expectedness(false, ExpectednessBasis.NotListed, null, null, null, null, null), true, fatalOrLt, []);

    [Theory]
    [InlineData("2026-06-02", "2026-06-09", "2026-06-17")] // plain month
    [InlineData("2026-06-28", "2026-07-05", "2026-07-13")] // month boundary
    [InlineData("2026-12-28", "2027-01-04", "2027-01-12")] // year boundary
    [InlineData("2028-02-25", "2028-03-03", "2028-03-11")] // leap February (29 days)
    [InlineData("2027-02-25", "2027-03-04", "2027-03-12")] // common February (28 days)
    public void DueDates_FatalOrLifeThreatening_Initial7AndCompletion15(string aware, string initial, string completion)
    {
        var dates = ReportingClock.DueDates(Clocks, true, DateOnly.Parse(aware));
        Assert.Equal([(ReportCodes.Initial, DateOnly.Parse(initial)), (ReportCodes.FollowUp, DateOnly.Parse(completion))], dates);
    }

    [Theory]
    [InlineData("2026-06-02", "2026-06-17")]
    [InlineData("2026-01-20", "2026-02-04")] // month boundary
    [InlineData("2026-12-20", "2027-01-04")] // year boundary
    [InlineData("2028-02-20", "2028-03-06")] // leap February
    public void DueDates_OtherSusar_Initial15(string aware, string due) =>
        Assert.Equal([(ReportCodes.Initial, DateOnly.Parse(due))], ReportingClock.DueDates(Clocks, false, DateOnly.Parse(aware)));

    [Theory]
    [InlineData("KR_ARM_TREATMENT", new[] { "KR_KNIH_ARMI", "IRB" })]
    [InlineData("KR_ARM_RESEARCH", new[] { "KR_KNIH_ARMI", "IRB" })]
    [InlineData("CN_FILED_RESEARCH", new[] { "CN_NHC", "IRB" })]
    [InlineData("US_IND", new[] { "US_FDA", "IRB" })]
    [InlineData("US_361", new[] { "US_FDA", "IRB" })]
    [InlineData("ROUTINE_CARE", new[] { "IRB" })] // [DESIGN]: the IRB / safety committee only
    [InlineData(null, new[] { "IRB" })]           // unknown pathway: the default
    public void Required_RoutesEachAuthorityOfThePathway(string? pathway, string[] authorities)
    {
        var reports = ReportingClock.Required(SafetyRules.Default, Susar(false), new DateOnly(2026, 6, 2), pathway);
        Assert.Equal(authorities, reports.Select(r => r.Authority));
        Assert.All(reports, r => Assert.Equal((ReportCodes.Initial, new DateOnly(2026, 6, 17)), (r.Type, r.DueDate)));
    }

    [Fact]
    public void Required_FatalSusarOnKoreanPathway_TwoReportsPerAuthority()
    {
        var reports = ReportingClock.Required(SafetyRules.Default, Susar(true), new DateOnly(2026, 6, 2), "KR_ARM_RESEARCH");
        Assert.Equal(
            [("KR_KNIH_ARMI", "INITIAL", new DateOnly(2026, 6, 9)), ("KR_KNIH_ARMI", "FOLLOW_UP", new DateOnly(2026, 6, 17)),
             ("IRB", "INITIAL", new DateOnly(2026, 6, 9)), ("IRB", "FOLLOW_UP", new DateOnly(2026, 6, 17))],
            reports.Select(r => (r.Authority, r.Type, r.DueDate)));
    }

    [Fact]
    public void Required_NotSusar_NoReports()
    {
        var notSusar = Susar(true) with { Susar = false };
        Assert.Empty(ReportingClock.Required(SafetyRules.Default, notSusar, new DateOnly(2026, 6, 2), "US_IND"));
    }

    [Theory]
    [InlineData("2026-06-09", false)] // on the due date: still on time
    [InlineData("2026-06-10", true)]  // the day after
    [InlineData("2026-06-01", false)]
    public void IsOverdue_OnlyAfterTheDueDate(string today, bool overdue) =>
        Assert.Equal(overdue, ReportingClock.IsOverdue(new DateOnly(2026, 6, 9), DateOnly.Parse(today)));
}
