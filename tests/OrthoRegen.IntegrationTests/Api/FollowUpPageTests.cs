using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Api;

public sealed class FollowUpPagesOnSqliteTests(SqliteServerFixture f) : FollowUpPageTests(f.Server), IClassFixture<SqliteServerFixture>;

/// <summary>The server-rendered follow-up pages: they render for the right roles and their forms post to Core.</summary>
public abstract partial class FollowUpPageTests(OrthoRegenServer server)
{
    static int _users;
    static string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref _users)}";
    static string Day(int offset) => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(offset).ToString("yyyy-MM-dd");

    static async Task<string> TokenAsync(HttpClient c, string url)
    {
        var html = await c.GetStringAsync(url);
        return AntiforgeryField().Match(html).Groups[1].Value;
    }

    static async Task<HttpResponseMessage> PostFormAsync(HttpClient c, string url, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await TokenAsync(c, url);
        return await c.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    async Task<(HttpClient Coordinator, string PatientId, JsonElement Schedule)> ScheduleAsync()
    {
        var coordinator = await server.SignInAsAsync(Unique("coord"), ["Coordinator"]);
        var id = await OrthoRegenServer.RegisterPatientAsync(coordinator, mrn: Unique("M"));
        var r = await coordinator.PostAsJsonAsync($"/api/patients/{id}/follow-up", new { target = "KNEE_L", day0 = Day(-31), treatingPhysician = "dr.page" });
        return (coordinator, id, JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement);
    }

    static string VisitId(JsonElement s, string code) =>
        s.GetProperty("visits").EnumerateArray().Single(v => v.GetProperty("code").GetString() == code).GetProperty("id").GetString()!;

    [Fact]
    public async Task Pages_RenderScheduleWorklistVisitAndHomeCounts()
    {
        var (coordinator, id, s) = await ScheduleAsync();
        var schedulePage = await coordinator.GetStringAsync($"/patients/{id}/follow-up");
        Assert.Contains("data-visit=\"Y10\"", schedulePage);
        Assert.Contains("data-status=\"MISSED\"", schedulePage);   // BASE and D1_7
        var worklist = await coordinator.GetStringAsync("/follow-up?physician=dr.page");
        Assert.Contains($"/follow-up/visits/{VisitId(s, "M1")}", worklist); // M1 (target yesterday) is overdue
        var home = await coordinator.GetStringAsync("/");
        Assert.Contains("data-count=\"overdue\"", home);
        Assert.Contains("href=\"/follow-up\"", home);
        Assert.Contains($"/patients/{id}/follow-up", await coordinator.GetStringAsync($"/patients/{id}"));

        var lab = await server.SignInAsAsync(Unique("lab"), ["CellLab"]);
        var labHome = await lab.GetStringAsync("/");
        Assert.DoesNotContain("data-count", labHome); // no follow-up work, no counts
    }

    [Fact]
    public async Task VisitForm_PostsToCoreAndShowsFieldErrors()
    {
        var (coordinator, id, s) = await ScheduleAsync();
        var url = $"/follow-up/visits/{VisitId(s, "M1")}";
        var bad = await PostFormAsync(coordinator, url, new()
        {
            ["_handler"] = "visit", ["Form.Version"] = "1", ["Form.ActualDate"] = Day(0), ["Form.Contact"] = "VISIT",
            ["Form.Exam.ChairStand30sCount"] = "99",
        });
        var badHtml = await bad.Content.ReadAsStringAsync();
        Assert.True(bad.StatusCode == HttpStatusCode.OK, badHtml);
        Assert.Contains("30-second chair stand: must be between 0 and 60", badHtml);

        var ok = await PostFormAsync(coordinator, url, new()
        {
            ["_handler"] = "visit", ["Form.Version"] = "1", ["Form.ActualDate"] = Day(0), ["Form.Contact"] = "PHONE",
            ["Form.Exam.ChairStand30sCount"] = "11", ["Form.Exam.FlexionDeg"] = "115", ["Form.Il1b.Value"] = "4.2", ["Form.Il1b.Specimen"] = "SYNOVIAL_FLUID",
            ["Form.Treatments[0].Category"] = "IA_INJECTION", ["Form.Treatments[0].Agent"] = "hyaluronic acid", ["Form.OtherInstruments"] = "KOOS, EQ5D",
        });
        Assert.True(ok.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther, ok.StatusCode.ToString());
        var visit = JsonDocument.Parse(await coordinator.GetStringAsync($"/api{url}")).RootElement.GetProperty("visit");
        Assert.Equal(("DONE_IN_WINDOW", Day(0)), (visit.GetProperty("status").GetString(), visit.GetProperty("actualDate").GetString()));
        var f = visit.GetProperty("findings");
        Assert.Equal(("PHONE", 11, "SYNOVIAL_FLUID", "KNEE_L"), (f.GetProperty("contact").GetString(), f.GetProperty("exam").GetProperty("chairStand30sCount").GetInt32(),
            f.GetProperty("biomarkers")[0].GetProperty("specimen").GetString(), f.GetProperty("newTreatments")[0].GetProperty("target").GetString()));
        Assert.Equal(["KOOS", "EQ5D"], f.GetProperty("instruments").EnumerateArray().Select(i => i.GetProperty("instrument").GetString()));
    }

    [Fact]
    public async Task ScheduleForms_EndpointAndRescheduleWork()
    {
        var (coordinator, id, s) = await ScheduleAsync();
        var scheduleId = s.GetProperty("id").GetString();
        await PostFormAsync(coordinator, $"/patients/{id}/follow-up", new()
        {
            ["_handler"] = $"endpoint-{scheduleId}", ["Endpoint.Version"] = "1", ["Endpoint.Type"] = "TOTAL_KNEE_ARTHROPLASTY", ["Endpoint.Date"] = Day(0),
        });
        var after = JsonDocument.Parse(await coordinator.GetStringAsync($"/api/patients/{id}/follow-up")).RootElement[0];
        Assert.Equal("TOTAL_KNEE_ARTHROPLASTY", after.GetProperty("endpoint").GetProperty("type").GetString());

        var m3 = $"/follow-up/visits/{VisitId(s, "M3")}";
        await PostFormAsync(coordinator, m3, new() { ["_handler"] = "reschedule", ["Move.Version"] = "1", ["Move.ScheduledOn"] = Day(62), ["Move.Reason"] = "Patient request" });
        var visit = JsonDocument.Parse(await coordinator.GetStringAsync($"/api{m3}")).RootElement.GetProperty("visit");
        Assert.Equal((Day(62), true), (visit.GetProperty("scheduledOn").GetString(), visit.GetProperty("safetyOnly").GetBoolean()));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")] private static partial Regex AntiforgeryField();
}
