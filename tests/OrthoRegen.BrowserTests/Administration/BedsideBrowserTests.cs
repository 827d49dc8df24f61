using System.Globalization;
using System.Net.Http.Json;
using System.Resources;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OrthoRegen.Accounts;
using OrthoRegen.CellLab;
using OrthoRegen.Data;
using OrthoRegen.FollowUp;
using OrthoRegen.Testing;

namespace OrthoRegen.BrowserTests.Administration;

/// <summary>
/// A patient through the pathway: consent, assessment, PROCEED and plan (API); then in the browser, each person in their
/// own browser context signed in through the login form: the cell-lab technician records the bone-marrow harvest, creates
/// the lot from it, adds division A0 and enters every QC result as the analyst; a QA person (not the analyst) opens the lot
/// from the worklist, reads the Q1-Q9 rule trace and releases it; then at the bedside the wrong wristband is scanned and
/// refused with nothing saved, the right one is saved, the follow-up schedule exists from Day 0, and an adverse event is
/// captured in the browser linked to the administration.
/// </summary>
public sealed class BedsideBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    static readonly ResourceManager Ui = new("OrthoRegen.Web.Resources.Ui", typeof(Program).Assembly);
    OrthoRegenServer _server = null!;

    public async Task InitializeAsync() => _server = await OrthoRegenServer.StartAsync(DatabaseProvider.Sqlite);
    public async Task DisposeAsync() => await _server.DisposeAsync();

    static string L(string key) => Ui.GetString(key, new CultureInfo("en")) ?? throw new KeyNotFoundException(key);

    Task<IBrowserContext> NewContextAsync() => browser.Browser.NewContextAsync(new BrowserNewContextOptions
    {
        Locale = "en-GB", ViewportSize = new ViewportSize { Width = 1024, Height = 900 }, BaseURL = _server.BaseAddress.ToString(),
    });

    /// <summary>Opens <paramref name="path"/> in a fresh page of <paramref name="context"/> and signs in through the login form it lands on.</summary>
    async Task<IPage> SignInAsync(IBrowserContext context, string path, string username)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        await page.GetByLabel(L("Username"), new() { Exact = true }).FillAsync(username);
        await page.GetByLabel(L("Password"), new() { Exact = true }).FillAsync(OrthoRegenServer.UserPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = L("SignIn") }).ClickAsync();
        await Security.BrowserSignIn.AnswerCodeIfAskedAsync(page, _server, username);
        return page;
    }

    [Fact]
    public async Task Physician_WrongWristbandRefused_RightOneSaved_FollowUpVisitRecorded_AdverseEventCaptured()
    {
        var api = await _server.SignInAsAsync("dr.bedside", ["Physician"]);
        var (patientId, consentId) = await PathwaySetUp.ReadyPatientAsync(api, "MRN-BEDSIDE-1");
        var planId = await PathwaySetUp.KneePlanAsync(api, patientId, consentId);
        var pseudonym = JsonDocument.Parse(await api.GetStringAsync($"/api/patients/{patientId}")).RootElement.GetProperty("pseudonymCode").GetString()!;
        var other = await OrthoRegenServer.RegisterPatientAsync(api, "Park", "Jisoo", "MRN-BEDSIDE-2");
        var otherPseudonym = JsonDocument.Parse(await api.GetStringAsync($"/api/patients/{other}")).RootElement.GetProperty("pseudonymCode").GetString()!;
        await _server.SignInAsAsync("lab.walk", ["CellLab"]);
        await _server.SignInAsAsync("qa.walk", ["QA"]);

        // The cell lab, as the technician who is also the QC analyst.
        await using var labContext = await NewContextAsync();
        var lab = await SignInAsync(labContext, "/lab", "lab.walk");
        await Assertions.Expect(lab.GetByRole(AriaRole.Heading, new() { Name = L("LabWorklist") })).ToBeVisibleAsync();
        await lab.GetByRole(AriaRole.Link, new() { Name = L("LabNewCollection") }).ClickAsync();
        var now = DateTime.UtcNow;
        string Local(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        await lab.GetByLabel(L("LabOrigin"), new() { Exact = true }).SelectOptionAsync("AUTOLOGOUS");
        await lab.GetByLabel(L("LabPatientIdOrCode"), new() { Exact = true }).FillAsync(pseudonym);
        await lab.GetByLabel(L("LabTissue"), new() { Exact = true }).SelectOptionAsync("BONE_MARROW_ASPIRATE");
        await lab.GetByLabel(L("LabCollectedAt"), new() { Exact = true }).FillAsync(Local(now.AddHours(-30)));
        await lab.GetByLabel(L("LabVolumeMl"), new() { Exact = true }).FillAsync("60");
        await lab.GetByLabel(L("LabCollector"), new() { Exact = true }).FillAsync("Dr Lee");
        await lab.GetByRole(AriaRole.Button, new() { Name = L("LabRecordCollection") }).ClickAsync();
        await Assertions.Expect(lab.GetByRole(AriaRole.Status)).ToContainTextAsync(L("LabCollectionSaved"));
        await lab.GetByRole(AriaRole.Link, new() { Name = L("LabNewLotFromCollection") }).ClickAsync();
        await Assertions.Expect(lab.GetByLabel(L("LabCollectionIds"), new() { Exact = true })).Not.ToBeEmptyAsync();
        await lab.GetByLabel(L("LabLotNumber"), new() { Exact = true }).FillAsync("L-WALK-1");
        await lab.GetByLabel(L("LabProductType"), new() { Exact = true }).SelectOptionAsync("EXPANDED_MSC");
        await lab.GetByLabel(L("LabCellSource"), new() { Exact = true }).SelectOptionAsync("BM_MSC");
        await lab.GetByLabel(L("LabManipulation"), new() { Exact = true }).SelectOptionAsync("MORE_THAN_MINIMAL");
        await lab.GetByLabel(L("LabRecipientIdOrCode"), new() { Exact = true }).FillAsync(pseudonym);
        await lab.GetByLabel(L("LabIntendedRoute"), new() { Exact = true }).SelectOptionAsync("INTRA_ARTICULAR");
        await lab.GetByLabel(L("LabDoseVolumeMl"), new() { Exact = true }).FillAsync("2");
        await lab.GetByLabel(L("LabPlanId"), new() { Exact = true }).FillAsync(planId);
        await lab.GetByLabel(L("LabTreatingPhysician"), new() { Exact = true }).FillAsync("dr.bedside");
        await lab.GetByLabel(L("LabExpires"), new() { Exact = true }).FillAsync(Local(now.AddDays(10)));
        await lab.GetByRole(AriaRole.Button, new() { Name = L("LabCreateLot") }).ClickAsync();
        await Assertions.Expect(lab.GetByRole(AriaRole.Heading, new() { Name = L("LabLot") + " L-WALK-1" })).ToBeVisibleAsync();
        var lotId = new Regex("/lab/lots/([^/?#]+)$").Match(lab.Url).Groups[1].Value;

        var division = lab.GetByRole(AriaRole.Group, new() { Name = L("LabAddDivision") });
        await division.GetByLabel(L("LabDivision"), new() { Exact = true }).FillAsync("A0");
        await division.GetByLabel(L("LabVolumeMl"), new() { Exact = true }).FillAsync("2");
        await division.GetByLabel(L("LabViableCells"), new() { Exact = true }).FillAsync("100");
        await division.GetByRole(AriaRole.Button, new() { Name = L("LabAddDivision") }).ClickAsync();
        await Assertions.Expect(lab.GetByRole(AriaRole.Rowheader, new() { Name = "A0", Exact = true })).ToBeVisibleAsync();

        (string Test, string? Value)[] tests =
        [
            ("CD73", "98"), ("CD90", "97"), ("CD105", "96"), ("CD45", "1"), ("CD34", "0.5"), ("CD14_OR_CD11B", "1"), ("CD79A_OR_CD19", "0.2"), ("HLA_DR", "1"),
            ("VIABILITY", "92"), ("VIABLE_COUNT", "100"), ("GRAM_STAIN", null), ("ENDOTOXIN", "0.5"), ("MYCOPLASMA", null), ("STERILITY_USP71", null),
        ];
        foreach (var (test, value) in tests)
        {
            var qc = lab.GetByRole(AriaRole.Group, new() { Name = L("LabRecordQc") });
            await qc.GetByLabel(L("LabTest"), new() { Exact = true }).SelectOptionAsync(test);
            await qc.GetByLabel(L("LabMethod"), new() { Exact = true }).FillAsync("validated method");
            if (value is not null) await qc.GetByLabel(L("LabValue"), new() { Exact = true }).FillAsync(value);
            await qc.GetByLabel(L("LabResult"), new() { Exact = true }).SelectOptionAsync("PASS");
            // Sterility incubates 14 days before its final read (USP <71>, rule Q7).
            await qc.GetByLabel(L("LabSampledAt"), new() { Exact = true }).FillAsync(Local(test == "STERILITY_USP71" ? now.AddDays(-15) : now.AddHours(-20)));
            await qc.GetByLabel(L("LabResultedAt"), new() { Exact = true }).FillAsync(Local(now.AddHours(-2)));
            await qc.GetByRole(AriaRole.Button, new() { Name = L("LabRecordQc") }).ClickAsync();
            await Assertions.Expect(lab.Locator($"tr[data-test={test}]")).ToContainTextAsync("lab.walk");
        }
        await Assertions.Expect(lab.Locator("[data-rule-result]")).ToHaveAttributeAsync("data-rule-result", "RELEASED");
        await Assertions.Expect(lab.GetByRole(AriaRole.Button, new() { Name = L("LabRecordDecision") })).ToHaveCountAsync(0);

        // QA, another person in another browser: the lot waits on the worklist; the trace is read and the lot released.
        await using var qaContext = await NewContextAsync();
        var qa = await SignInAsync(qaContext, "/lab", "qa.walk");
        await qa.Locator($"h2:text-is('{L("LabAwaitingRelease")}') + table").GetByRole(AriaRole.Link, new() { Name = "L-WALK-1" }).ClickAsync();
        await Assertions.Expect(qa.GetByRole(AriaRole.Heading, new() { Name = L("LabLot") + " L-WALK-1" })).ToBeVisibleAsync();
        // QA matches the lot to the wristband by the pseudonym code, never by name or internal id.
        await Assertions.Expect(qa.Locator("[data-pseudonym]").First).ToHaveTextAsync(pseudonym);
        foreach (var rule in new[] { "Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7" })
            await Assertions.Expect(qa.Locator($"tr[data-rule={rule}]")).ToContainTextAsync(L("LabStatus_PASS"));
        await Assertions.Expect(qa.Locator("tr[data-rule=Q8]")).ToContainTextAsync(L("LabStatus_RELEASED"));
        await Assertions.Expect(qa.Locator("tr[data-rule=Q9]")).ToBeVisibleAsync();
        await qa.GetByLabel(L("LabDecision"), new() { Exact = true }).SelectOptionAsync("RELEASED");
        await qa.GetByRole(AriaRole.Button, new() { Name = L("LabRecordDecision") }).ClickAsync();
        await Assertions.Expect(qa.Locator("[data-decision]")).ToHaveAttributeAsync("data-decision", "RELEASED");
        await Assertions.Expect(qa.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "qa.walk" })).ToContainTextAsync(L("LabStatus_RELEASED"));
        await qa.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("lab-lot-released.png"), FullPage = true });

        var lot = (await _server.Services.GetRequiredService<LotStore>().GetAsync(Actor.System("browser test"), lotId, default))!;
        Assert.Equal("RELEASED", lot.CurrentDecision!.Status);
        Assert.Equal("qa.walk", lot.CurrentDecision.AuthorisedBy);
        Assert.All(lot.Qc, q => Assert.Equal("lab.walk", q.Analyst));

        await using var context = await NewContextAsync();
        var page = await SignInAsync(context, $"/plans/{planId}", "dr.bedside");
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
