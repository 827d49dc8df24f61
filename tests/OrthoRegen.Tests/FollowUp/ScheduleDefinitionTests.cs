using OrthoRegen.FollowUp;

namespace OrthoRegen.Tests.FollowUp;

public class ScheduleDefinitionTests
{
    static readonly DateOnly Day0 = new(2026, 1, 10);
    static readonly IReadOnlyList<PlannedVisit> Visits = ScheduleDefinition.Default.Generate(Day0);

    // Expected dates computed independently: python3 -c "from datetime import date,timedelta; print(date(2026,1,10)+timedelta(days=N))"
    [Theory]
    [InlineData("BASE", "2026-01-10", "2025-12-11", "2026-01-10")] // day 0, window -30..0
    [InlineData("D1_7", "2026-01-12", "2026-01-12", "2026-01-17")] // day 2, window 2..7 (in-window only)
    [InlineData("M1", "2026-02-09", "2026-02-02", "2026-02-16")] // day 30 ± 7
    [InlineData("M3", "2026-04-11", "2026-03-28", "2026-04-25")] // day 91 ± 14
    [InlineData("M6", "2026-07-11", "2026-06-11", "2026-08-10")] // day 182 ± 30
    [InlineData("M12", "2027-01-10", "2026-12-11", "2027-02-09")] // day 365 ± 30
    [InlineData("M24", "2028-01-10", "2027-11-11", "2028-03-10")] // day 730 ± 60
    [InlineData("Y3", "2029-01-10", "2028-11-11", "2029-03-11")] // day round(1095.75) = 1096 ± 60
    [InlineData("Y4", "2030-01-10", "2029-11-11", "2030-03-11")] // day 1461 ± 60
    [InlineData("Y5", "2031-01-10", "2030-11-11", "2031-03-11")] // day round(1826.25) = 1826
    [InlineData("Y6", "2032-01-11", "2031-11-12", "2032-03-11")] // day round(2191.5) = 2192: half away from zero
    [InlineData("Y7", "2033-01-10", "2032-11-11", "2033-03-11")] // day round(2556.75) = 2557
    [InlineData("Y8", "2034-01-10", "2033-11-11", "2034-03-11")] // day 2922
    [InlineData("Y9", "2035-01-10", "2034-11-11", "2035-03-11")] // day round(3287.25) = 3287
    [InlineData("Y10", "2036-01-11", "2035-11-12", "2036-03-11")] // day round(3652.5) = 3653, the default horizon
    public void Generate_DefaultSchedule_HasEveryTargetAndWindowOf42(string code, string target, string start, string end)
    {
        var v = Assert.Single(Visits, v => v.Code == code);
        Assert.Equal((DateOnly.Parse(target), DateOnly.Parse(start), DateOnly.Parse(end)), (v.Target, v.Window.Start, v.Window.End));
    }

    [Fact]
    public void Generate_DefaultSchedule_IsFifteenVisitsInOrderEndingAtY10()
    {
        Assert.Equal(["BASE", "D1_7", "M1", "M3", "M6", "M12", "M24", "Y3", "Y4", "Y5", "Y6", "Y7", "Y8", "Y9", "Y10"], Visits.Select(v => v.Code));
        Assert.Equal(Enumerable.Range(1, 15), Visits.Select(v => v.Seq));
        Assert.True(Visits.Zip(Visits.Skip(1)).All(p => p.First.Target < p.Second.Target));
    }

    [Theory]
    [InlineData("BASE", "PROMS,XRAY,MRI,LABS,BIOMARKERS")]
    [InlineData("D1_7", "SAFETY_CALL")]
    [InlineData("M1", "PROMS,AE_CHECK")]
    [InlineData("M3", "PROMS,AE_CHECK")]
    [InlineData("M6", "PROMS,AE_CHECK,MRI")]
    [InlineData("M12", "PROMS,AE_CHECK,XRAY,MRI")]
    [InlineData("M24", "PROMS,AE_CHECK,XRAY,MRI_OPTIONAL")]
    [InlineData("Y7", "PROMS,AE_CHECK,ARTHROPLASTY_STATUS")]
    public void Generate_DefaultSchedule_VisitContentFollows42(string code, string content) =>
        Assert.Equal(content, string.Join(",", Visits.Single(v => v.Code == code).Content));

    [Fact]
    public void Generate_OnlyD17_IsInWindowOnly() =>
        Assert.Equal(["D1_7"], Visits.Where(v => v.InWindowOnly).Select(v => v.Code));

    [Theory]
    [InlineData(3, 1096)]  // 1095.75
    [InlineData(4, 1461)]  // exact
    [InlineData(6, 2192)]  // 2191.5 rounds away from zero
    [InlineData(10, 3653)] // 3652.5
    public void YearlyTargetDay_Default_Is36525TimesYearRounded(int year, int day) =>
        Assert.Equal(day, ScheduleDefinition.Default.YearlyTargetDay(year));

    [Fact]
    public void Default_EveryWindowAndSettingCarriesASource()
    {
        var d = ScheduleDefinition.Default;
        Assert.All(d.Visits, v => Assert.False(string.IsNullOrWhiteSpace(v.Source)));
        Assert.Contains("4.2", d.Yearly.Source);
        Assert.Equal(10, d.HorizonYears.Value);
        Assert.Equal(1.5, d.AnalysisWindowFactor.Value);
        Assert.Contains("V1", d.AnalysisWindowFactor.Source);
        Assert.Contains("V3", d.SafetyContent.Source);
    }

    static string Json(int horizon, double daysPerYear = 365.25) => $$"""
        {
          "version": "test",
          "visits": [
            { "code": "BASE", "targetDay": 0, "windowStartDay": -30, "windowEndDay": 0, "content": ["PROMS"], "source": "t" },
            { "code": "M24", "targetDay": 730, "windowStartDay": 670, "windowEndDay": 790, "content": ["PROMS"], "source": "t" }
          ],
          "yearly": { "fromYear": 3, "daysPerYear": {{daysPerYear}}, "toleranceDays": 60, "content": ["PROMS", "AE_CHECK"], "source": "t" },
          "horizonYears": { "value": {{horizon}}, "source": "t" },
          "analysisWindowFactor": { "value": 1.5, "source": "t" },
          "safetyContent": { "value": ["AE_CHECK"], "source": "t" },
          "missedLookbackDays": { "value": 90, "source": "t" }
        }
        """;

    [Theory]
    [InlineData(2, "BASE,M24")]        // horizon 2: the fixed visits only
    [InlineData(5, "BASE,M24,Y3,Y4,Y5")]
    public void Generate_ConfiguredHorizon_StopsAtThatYear(int horizon, string codes) =>
        Assert.Equal(codes, string.Join(",", ScheduleDefinition.Parse(Json(horizon)).Generate(Day0).Select(v => v.Code)));

    [Fact]
    public void Generate_365DaysPerYear_PutsY3OnDay1095() =>
        Assert.Equal(Day0.AddDays(1095), ScheduleDefinition.Parse(Json(3, 365)).Generate(Day0).Single(v => v.Code == "Y3").Target);

    [Fact]
    public void FromFile_ClinicFile_ReplacesTheDefaults()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fu-schedule-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, Json(4).Replace("\"version\": \"test\"", "\"version\": \"clinic-7\""));
        try
        {
            var d = ScheduleDefinition.Parse(File.ReadAllText(path));
            Assert.Equal(("clinic-7", "Y4"), (d.Version, d.Generate(Day0)[^1].Code));
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData("\"targetDay\": 0, \"windowStartDay\": -30", "\"targetDay\": 5, \"windowStartDay\": -30")] // target outside window
    [InlineData("\"content\": [\"PROMS\"], \"source\": \"t\" },\n    { \"code\": \"M24\"", "\"content\": [\"PROMS\"], \"source\": \"t\" },\n    { \"code\": \"BASE\"")] // code twice
    [InlineData("\"value\": 90", "\"value\": -1")] // lookback out of range
    public void Parse_BadFile_Throws(string find, string replace)
    {
        var json = Json(10).Replace(find, replace);
        Assert.NotEqual(Json(10), json);
        Assert.Throws<InvalidOperationException>(() => ScheduleDefinition.Parse(json));
    }
}
