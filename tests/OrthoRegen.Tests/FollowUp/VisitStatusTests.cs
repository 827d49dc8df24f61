using OrthoRegen.FollowUp;

namespace OrthoRegen.Tests.FollowUp;

public class VisitStatusTests
{
    static readonly DateOnly Day0 = new(2026, 1, 10);
    static readonly PlannedVisit M1 = ScheduleDefinition.Default.Generate(Day0).Single(v => v.Code == "M1"); // 2026-02-02 .. 2026-02-16

    // ---- V1: done in or out of the window (both ends inclusive) ----------------------------------------------------

    [Theory]
    [InlineData("2026-02-01", VisitStatus.DoneOutOfWindow)] // day before the window opens
    [InlineData("2026-02-02", VisitStatus.DoneInWindow)]    // first day of the window
    [InlineData("2026-02-09", VisitStatus.DoneInWindow)]    // on target
    [InlineData("2026-02-16", VisitStatus.DoneInWindow)]    // last day of the window
    [InlineData("2026-02-17", VisitStatus.DoneOutOfWindow)] // day after it closes: kept and flagged
    public void Of_DoneVisit_V1WindowEdges(string actual, string expected) =>
        Assert.Equal(expected, VisitStatus.Of(M1.Window, DateOnly.Parse(actual), today: new DateOnly(2026, 6, 1), endedOn: null));

    // ---- V2: missed when today > window end with no visit ----------------------------------------------------------

    [Theory]
    [InlineData("2026-01-20", VisitStatus.Scheduled)] // before the window
    [InlineData("2026-02-16", VisitStatus.Scheduled)] // last day of the window: still on time
    [InlineData("2026-02-17", VisitStatus.Missed)]    // the day after window_end
    public void Of_NotDone_V2MissedTheDayAfterWindowEnd(string today, string expected) =>
        Assert.Equal(expected, VisitStatus.Of(M1.Window, null, DateOnly.Parse(today), endedOn: null));

    [Theory]
    [InlineData("2026-02-16", VisitStatus.Withdrawn)] // withdrew on the window's last day: no longer expected
    [InlineData("2026-01-31", VisitStatus.Withdrawn)] // withdrew before the window
    [InlineData("2026-02-17", VisitStatus.Missed)]    // withdrew after the window had closed: it stays missed
    public void Of_NotDoneAfterWithdrawal_LaterVisitsAreWithdrawn(string endedOn, string expected) =>
        Assert.Equal(expected, VisitStatus.Of(M1.Window, null, new DateOnly(2026, 3, 1), DateOnly.Parse(endedOn)));

    [Fact]
    public void Of_DoneBeforeWithdrawal_StaysDone() =>
        Assert.Equal(VisitStatus.DoneInWindow, VisitStatus.Of(M1.Window, new DateOnly(2026, 2, 9), new DateOnly(2026, 3, 1), new DateOnly(2026, 2, 10)));

    // ---- V3: after the endpoint, joint PROMs stop and safety follow-up continues ------------------------------------

    [Theory]
    [InlineData("2026-02-09", null, "2026-03-01", false)]         // target before the arthroplasty
    [InlineData("2026-04-11", null, "2026-03-01", true)]          // target after it: safety only
    [InlineData("2026-04-11", "2026-02-20", "2026-03-01", false)] // done (early) before the arthroplasty
    [InlineData("2026-04-11", null, null, false)]                 // no endpoint
    [InlineData("2026-03-01", null, "2026-03-01", false)]         // same day: the visit is before the surgery
    public void IsSafetyOnly_V3(string target, string? actual, string? endpoint, bool expected) =>
        Assert.Equal(expected, VisitStatus.IsSafetyOnly(DateOnly.Parse(target), actual is null ? null : DateOnly.Parse(actual),
            endpoint is null ? null : DateOnly.Parse(endpoint)));

    [Fact]
    public void EffectiveContent_SafetyOnly_DropsPromsAndImaging()
    {
        var safety = ScheduleDefinition.Default.SafetyContent.Value;
        Assert.Equal(["AE_CHECK"], VisitStatus.EffectiveContent(["PROMS", "AE_CHECK", "XRAY", "MRI"], true, safety));
        Assert.Equal(["AE_CHECK"], VisitStatus.EffectiveContent(["PROMS"], true, safety)); // never empty: the AE check remains
        Assert.Equal(["PROMS", "AE_CHECK"], VisitStatus.EffectiveContent(["PROMS", "AE_CHECK"], false, safety));
    }

    // ---- worklist buckets --------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("2026-02-09", "2026-02-03", "DUE_THIS_WEEK")] // target 6 days ahead: within the rolling week
    [InlineData("2026-02-09", "2026-02-02", null)]            // 7 days ahead: not yet
    [InlineData("2026-02-09", "2026-02-09", "DUE_THIS_WEEK")] // due today
    [InlineData("2026-02-09", "2026-02-10", "OVERDUE")]       // past target, window open
    [InlineData("2026-02-09", "2026-02-16", "OVERDUE")]       // last day of the window
    [InlineData("2026-02-09", "2026-02-17", "MISSED")]        // window closed (V2)
    [InlineData("2026-02-14", "2026-02-12", "DUE_THIS_WEEK")] // rescheduled appointment counts, not the protocol target
    public void WorklistBucket_Of(string appointment, string today, string? expected) =>
        Assert.Equal(expected, WorklistBucket.Of(DateOnly.Parse(appointment), M1.Window, DateOnly.Parse(today)));
}
