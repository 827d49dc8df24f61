using System.Globalization;
using System.Net.Http.Json;
using System.Resources;
using Microsoft.Playwright;
using OrthoRegen.Data;
using OrthoRegen.Testing;

namespace OrthoRegen.BrowserTests.Safety;

/// <summary>
/// A coordinator reports a joint infection on the capture form (first refused for a grade 5 without DEATH), sees it derived
/// as a SUSAR with its reports, and enters a follow-up; the safety officer sees the overdue banner on every page, opens
/// the due list and records the submission, and the banner goes away.
/// </summary>
public sealed class SafetyBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    static readonly ResourceManager Ui = new("OrthoRegen.Web.Resources.Ui", typeof(Program).Assembly);
    static string L(string key) => Ui.GetString(key, new CultureInfo("en")) ?? throw new KeyNotFoundException(key);
    static string Day(int daysAgo) => DateTime.UtcNow.AddDays(-daysAgo).ToString("yyyy-MM-dd");
    OrthoRegenServer _server = null!;

    public async Task InitializeAsync() => _server = await OrthoRegenServer.StartAsync(DatabaseProvider.Sqlite);
    public async Task DisposeAsync() => await _server.DisposeAsync();

    async Task<IPage> SignInAsync(IBrowserContext context, string username)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel(L("Username"), new() { Exact = true }).FillAsync(username);
        await page.GetByLabel(L("Password"), new() { Exact = true }).FillAsync(OrthoRegenServer.UserPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = L("SignIn") }).ClickAsync();
        return page;
    }

    [Fact]
    public async Task Coordinator_ReportsSusar_SafetyOfficer_SubmitsOverdueReport()
    {
        var nurseApi = await _server.SignInAsAsync("nurse.park", ["Coordinator"]);
        await _server.SignInAsAsync("safety.choi", ["Safety"]);
        var patientId = await OrthoRegenServer.RegisterPatientAsync(nurseApi);
        (await nurseApi.PostAsJsonAsync($"/api/patients/{patientId}/consents", new
        {
            formCode = "TREATMENT", formVersion = "1.0", language = "ko", signedAt = Day(40), signer = "PATIENT", pathway = "ROUTINE_CARE",
            risksExplained = true, evidenceLevelExplained = true, alternativesExplained = true, personalDataProcessing = true, rightToWithdraw = true,
        })).EnsureSuccessStatusCode();
        // An older SUSAR the clinic knew of 20 days ago: its 15-day IRB report is overdue.
        (await nurseApi.PostAsJsonAsync($"/api/patients/{patientId}/adverse-events", new
        {
            term = "Cellulitis at the injection site", ctcaeVersion = "5.0", grade = 3, onset = Day(21), outcome = "RECOVERING",
            seriousnessCriteria = new[] { "HOSPITALIZATION" }, relatedToProduct = "UNLIKELY", relatedToProcedure = "PROBABLE", action = "HOSPITALIZED",
            awareDate = Day(20),
        })).EnsureSuccessStatusCode();

        var options = new BrowserNewContextOptions { Locale = "en-GB", ViewportSize = new ViewportSize { Width = 1024, Height = 900 }, BaseURL = _server.BaseAddress.ToString() };
        await using (var nurseContext = await browser.Browser.NewContextAsync(options))
        {
            var page = await SignInAsync(nurseContext, "nurse.park");
            await page.GotoAsync($"/patients/{patientId}");
            Assert.Equal(0, await page.Locator("[data-banner]").CountAsync()); // not a safety officer
            await page.GetByRole(AriaRole.Link, new() { Name = L("AeListTitle") }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = L("AeNew") }).ClickAsync();

            await page.GetByLabel(L("AeTerm"), new() { Exact = true }).FillAsync("Septic arthritis");
            await page.GetByLabel(L("AeCtcaeTerm"), new() { Exact = true }).FillAsync("Joint infection");
            await page.GetByLabel(L("AeGrade"), new() { Exact = true }).SelectOptionAsync("5");
            await page.GetByLabel(L("AeOnset"), new() { Exact = true }).FillAsync(Day(2));
            await page.GetByLabel(L("AeAwareDate"), new() { Exact = true }).FillAsync(Day(1));
            await page.GetByLabel(L("AeCriterion_HOSPITALIZATION")).CheckAsync();
            await page.GetByLabel(L("AeRelatedToProduct"), new() { Exact = true }).SelectOptionAsync("UNLIKELY");
            await page.GetByLabel(L("AeRelatedToProcedure"), new() { Exact = true }).SelectOptionAsync("POSSIBLE");
            await page.GetByLabel(L("AeAction"), new() { Exact = true }).SelectOptionAsync("HOSPITALIZED");
            await page.GetByLabel(L("AeRoute"), new() { Exact = true }).SelectOptionAsync("INTRA_ARTICULAR");
            await page.GetByRole(AriaRole.Button, new() { Name = L("AeRecord") }).ClickAsync();
            await Assertions.Expect(page.Locator("#err-seriousnessCriteria")).ToContainTextAsync("rule A2");

            await page.GetByLabel(L("AeGrade"), new() { Exact = true }).SelectOptionAsync("3");
            await page.GetByRole(AriaRole.Button, new() { Name = L("AeRecord") }).ClickAsync();
            await Assertions.Expect(page.Locator("[data-derived=susar]")).ToHaveTextAsync(L("AeSusar"));
            await Assertions.Expect(page.Locator("[data-derived=expected]")).ToContainTextAsync(L("AeUnexpected"));
            await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = L("AeAuthority_IRB") })).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("adverse-event-en.png"), FullPage = true });

            // Follow-up: improving, re-graded.
            await page.GetByLabel(L("AeGrade"), new() { Exact = true }).SelectOptionAsync("2");
            await page.GetByLabel(L("AeFollowUpReason"), new() { Exact = true }).FillAsync("Improving after washout");
            await page.GetByRole(AriaRole.Button, new() { Name = L("AeSaveFollowUp") }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Improving after washout" })).ToBeVisibleAsync();
        }

        await using var safetyContext = await browser.Browser.NewContextAsync(options);
        var safety = await SignInAsync(safetyContext, "safety.choi");
        var banner = safety.Locator("[data-banner=overdue-reports]");
        await Assertions.Expect(banner).ToContainTextAsync(string.Format(L("SafetyBanner"), 1));
        await safety.GetByRole(AriaRole.Link, new() { Name = L("SafetyBannerLink") }).ClickAsync();
        await Assertions.Expect(safety.GetByRole(AriaRole.Heading, new() { Name = L("SafetyDueTitle"), Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(safety.GetByText(string.Format(L("SafetyDaysOverdue"), 5))).ToBeVisibleAsync();
        await safety.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("safety-due-en.png"), FullPage = true });

        // The overdue report is first on the list (earliest due); submit it.
        await safety.GetByLabel(L("AeReference"), new() { Exact = true }).FillAsync("IRB-2026-113");
        await safety.GetByRole(AriaRole.Button, new() { Name = L("SafetySubmit") }).ClickAsync();
        await Assertions.Expect(safety.GetByRole(AriaRole.Heading, new() { Name = L("SafetyDueTitle"), Level = 1 })).ToBeVisibleAsync();
        Assert.Equal(0, await safety.Locator("[data-banner]").CountAsync());
        await Assertions.Expect(safety.GetByText(string.Format(L("SafetyDaysOverdue"), 5))).ToHaveCountAsync(0);
    }
}
