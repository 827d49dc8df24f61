using System.Globalization;
using System.Net.Http.Json;
using System.Resources;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.FollowUp;
using OrthoRegen.Testing;

namespace OrthoRegen.BrowserTests.Administration;

/// <summary>
/// A patient through the pathway: consent, assessment, PROCEED and plan (API); harvest, lot, QC and QA release by a
/// person other than the analyst (cell-lab Core, whose pages are on another branch); then at the bedside in the browser
/// the wrong wristband is scanned and refused with nothing saved, the right one is saved, the follow-up schedule exists
/// from Day 0, and an adverse event is captured in the browser linked to the administration.
/// </summary>
public sealed class BedsideBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    static readonly ResourceManager Ui = new("OrthoRegen.Web.Resources.Ui", typeof(Program).Assembly);
    OrthoRegenServer _server = null!;

    public async Task InitializeAsync() => _server = await OrthoRegenServer.StartAsync(DatabaseProvider.Sqlite);
    public async Task DisposeAsync() => await _server.DisposeAsync();

    static string L(string key) => Ui.GetString(key, new CultureInfo("en")) ?? throw new KeyNotFoundException(key);

    [Fact]
    public async Task Physician_WrongWristbandRefused_RightOneSaved_FollowUpVisitRecorded_AdverseEventCaptured()
    {
        var api = await _server.SignInAsAsync("dr.bedside", ["Physician"]);
        var (patientId, consentId) = await PathwaySetUp.ReadyPatientAsync(api, "MRN-BEDSIDE-1");
        var planId = await PathwaySetUp.KneePlanAsync(api, patientId, consentId);
        var lot = await PathwaySetUp.ReleasedLotAsync(_server, patientId, planId, "L-WALK-1");
        Assert.Equal("RELEASED", lot.CurrentDecision!.Status);
        Assert.NotEqual(lot.Qc[0].Analyst, lot.CurrentDecision.AuthorisedBy);
        var pseudonym = JsonDocument.Parse(await api.GetStringAsync($"/api/patients/{patientId}")).RootElement.GetProperty("pseudonymCode").GetString()!;
        var other = await OrthoRegenServer.RegisterPatientAsync(api, "Park", "Jisoo", "MRN-BEDSIDE-2");
        var otherPseudonym = JsonDocument.Parse(await api.GetStringAsync($"/api/patients/{other}")).RootElement.GetProperty("pseudonymCode").GetString()!;

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "en-GB", ViewportSize = new ViewportSize { Width = 1024, Height = 900 }, BaseURL = _server.BaseAddress.ToString(),
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/plans/{planId}");
        await page.GetByLabel(L("Username"), new() { Exact = true }).FillAsync("dr.bedside");
        await page.GetByLabel(L("Password"), new() { Exact = true }).FillAsync(OrthoRegenServer.UserPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = L("SignIn") }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = L("AdmSection") })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText(L("AdmNone"))).ToBeVisibleAsync();

        // The bedside form, prefilled from the plan; the scanner types into the three scan fields. First the wrong wristband.
        await page.GetByRole(AriaRole.Link, new() { Name = L("AdmNew") }).ClickAsync();
        await Assertions.Expect(page.GetByLabel(L("PlanRoute"), new() { Exact = true })).ToHaveValueAsync("INTRA_ARTICULAR");
        await Assertions.Expect(page.GetByLabel(L("Target"), new() { Exact = true })).ToHaveValueAsync("KNEE_R");
        await page.GetByLabel(L("AdmScannedPatient"), new() { Exact = true }).FillAsync(otherPseudonym);
        await page.GetByLabel(L("AdmScannedDin"), new() { Exact = true }).FillAsync("=" + lot.Din.Code + lot.Din.Flags);
        await page.GetByLabel(L("AdmScannedProductCode"), new() { Exact = true }).FillAsync("=<" + lot.ProductCode.WithDivision("A0").Code);
        await page.GetByLabel(L("AdmVolume"), new() { Exact = true }).FillAsync("2");
        await page.GetByLabel(L("AdmProductTemp"), new() { Exact = true }).FillAsync("21");
        await page.GetByRole(AriaRole.Button, new() { Name = L("AdmSubmit") }).ClickAsync();

        var refusal = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = L("AdmRefused") });
        await Assertions.Expect(refusal).ToBeVisibleAsync();
        await Assertions.Expect(refusal.Locator("li[data-check=PATIENT_IDENTIFIER_MISMATCH]")).ToContainTextAsync(L("Bedside_PATIENT_IDENTIFIER_MISMATCH"));
        await Assertions.Expect(refusal.Locator("li[data-check]")).ToHaveCountAsync(1);
        await Assertions.Expect(refusal).ToContainTextAsync(L("AdmNothingSaved"));
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("bedside-refused-wrong-patient.png"), FullPage = true });
        Assert.Empty(JsonDocument.Parse(await api.GetStringAsync($"/api/plans/{planId}/administrations")).RootElement.EnumerateArray());

        // The right wristband: saved, Day 0 starts.
        await page.GetByLabel(L("AdmScannedPatient"), new() { Exact = true }).FillAsync(pseudonym);
        await page.GetByRole(AriaRole.Button, new() { Name = L("AdmSubmit") }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-saved]")).ToContainTextAsync(string.Format(CultureInfo.InvariantCulture, L("AdmSaved"), 1, "L-WALK-1"));
        await Assertions.Expect(page.GetByText(L("AdmScheduleStarted"))).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = L("AdmBackToPlan") }).Last.ClickAsync();
        var row = page.Locator("tr[data-administration]");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("L-WALK-1 / A0");
        await Assertions.Expect(row).ToContainTextAsync("PASS");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("bedside-saved-on-plan.png"), FullPage = true });
        var administrationId = (await row.GetAttributeAsync("data-administration"))!;

        // The follow-up schedule started with Day 0 = today; the day-2-to-7 safety call is recorded from the schedule page.
        var schedules = await _server.Services.GetRequiredService<FollowUpStore>().ReadAsync(Actor.System("browser test"), patientId, default);
        var schedule = Assert.Single(schedules!);
        Assert.Equal((DateOnly.FromDateTime(DateTime.UtcNow), planId), (schedule.Day0, schedule.PlanId));
        Assert.Contains(schedule.Visits, v => v.Code == "M1");
        await page.GotoAsync($"/patients/{patientId}/follow-up");
        await Assertions.Expect(page.Locator("tr[data-visit=M12] [data-status]")).ToHaveAttributeAsync("data-status", "SCHEDULED");
        await page.Locator("tr[data-visit=D1_7] a").ClickAsync();
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await page.GetByLabel(L("FuActualDate"), new() { Exact = true }).FillAsync(today);
        await page.GetByRole(AriaRole.Button, new() { Name = L("FuSaveVisit") }).ClickAsync();
        await page.GotoAsync($"/patients/{patientId}/follow-up");
        // Day 0 is before the D1_7 window (days 2-7): the call is kept and flagged out of window (V1).
        await Assertions.Expect(page.Locator("tr[data-visit=D1_7] [data-status]")).ToHaveAttributeAsync("data-status", "DONE_OUT_OF_WINDOW");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("bedside-follow-up.png"), FullPage = true });

        // An adverse event after the injection, captured in the browser and linked to the administration.
        await page.GotoAsync($"/patients/{patientId}/adverse-events/new");
        await page.Locator("#term").FillAsync("Injection-site pain");
        await page.Locator("#grade").SelectOptionAsync("1");
        await page.Locator("#relatedToProduct").SelectOptionAsync("POSSIBLE");
        await page.Locator("#relatedToProcedure").SelectOptionAsync("PROBABLE");
        await page.Locator("#administrationId").FillAsync(administrationId);
        await page.Locator("#lotId").FillAsync(lot.Id);
        await page.Locator("#route").SelectOptionAsync("INTRA_ARTICULAR");
        await page.Locator("#cellSource").SelectOptionAsync("BM_MSC");
        await page.GetByRole(AriaRole.Button, new() { Name = L("AeRecord") }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/adverse-events/[^/]+$"));
        await Assertions.Expect(page.GetByText("Injection-site pain").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("bedside-adverse-event.png"), FullPage = true });
        var events = JsonDocument.Parse(await api.GetStringAsync($"/api/patients/{patientId}/adverse-events")).RootElement;
        Assert.Contains(events.EnumerateArray(), e => e.ToString().Contains(administrationId, StringComparison.Ordinal));
    }
}
