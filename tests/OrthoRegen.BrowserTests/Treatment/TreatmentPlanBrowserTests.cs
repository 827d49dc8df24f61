using System.Globalization;
using System.Net.Http.Json;
using System.Resources;
using System.Text.Json;
using Microsoft.Playwright;
using OrthoRegen.Data;
using OrthoRegen.Testing;

namespace OrthoRegen.BrowserTests.Treatment;

/// <summary>
/// A physician opens a patient ready for treatment (consent and PROCEED recorded through the API), plans a knee
/// injection in the form, sees the missing interval refused, saves, and reads the plan with its dose tier, cells/kg and
/// the R1 warning; then cancels it. In English and Korean, with labels from the UI's own resources.
/// </summary>
public sealed class TreatmentPlanBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    static readonly ResourceManager Ui = new("OrthoRegen.Web.Resources.Ui", typeof(Program).Assembly);
    OrthoRegenServer _server = null!;

    public async Task InitializeAsync() => _server = await OrthoRegenServer.StartAsync(DatabaseProvider.Sqlite);
    public async Task DisposeAsync() => await _server.DisposeAsync();

    static string T(string key, string culture) => Ui.GetString(key, new CultureInfo(culture)) ?? throw new KeyNotFoundException(key);
    static async Task<JsonElement> JsonAsync(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    [Theory]
    [InlineData("en", "en-GB")]
    [InlineData("ko", "ko-KR")]
    public async Task Physician_PlansKneeInjection_SeesTierCellsPerKgAndWarning(string lang, string locale)
    {
        var username = $"dr.plan.{lang}";
        const string password = "Planning-Pass-Own-9";
        var admin = await _server.AdminAsync();
        (await admin.PostAsJsonAsync("/api/users", new
        {
            username, displayName = "Dr Lee", password = "Temporary-Pass-77", roles = new[] { "Physician" }, siteCodes = new[] { "MAIN" }, language = lang,
        })).EnsureSuccessStatusCode();
        var api = _server.Anonymous();
        (await api.PostAsJsonAsync("/api/session", new { username, password = "Temporary-Pass-77" })).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync("/api/me/password", new { currentPassword = "Temporary-Pass-77", newPassword = password })).EnsureSuccessStatusCode();

        // A patient of 61 kg with a treatment consent, a right-knee assessment and the decision to proceed.
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var patientId = await OrthoRegenServer.RegisterPatientAsync(api, mrn: $"MRN-PLAN-{lang}");
        var consentId = (await JsonAsync(await api.PostAsJsonAsync($"/api/patients/{patientId}/consents", new
        {
            formCode = "TREATMENT", formVersion = "1.0", language = lang, signedAt = today, signer = "PATIENT", pathway = "KR_ARM_TREATMENT",
            risksExplained = true, evidenceLevelExplained = true, alternativesExplained = true, personalDataProcessing = true, rightToWithdraw = true,
        }))).GetProperty("id").GetString()!;
        var assessmentId = (await JsonAsync(await api.PostAsJsonAsync($"/api/patients/{patientId}/assessments", new
        {
            indication = "KNEE_OA", target = "KNEE_R", assessedOn = today, symptomDurationMonths = 14,
            imaging = new[] { new { modality = "XRAY", readOn = today, reader = "Dr Park", klGrade = 3 } },
            conservativeTreatments = new[] { new { type = "IA_HA", response = "PARTIAL_TRANSIENT", lastIaInjectionOn = "2025-01-10" } },
        }))).GetProperty("id").GetString();
        (await api.PostAsJsonAsync($"/api/patients/{patientId}/candidacy/decisions", new { assessmentId, decision = "PROCEED" })).EnsureSuccessStatusCode();

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = locale, ViewportSize = new ViewportSize { Width = 1024, Height = 900 }, BaseURL = _server.BaseAddress.ToString(),
        });
        var page = await context.NewPageAsync();
        string L(string key) => T(key, lang);
        await page.GotoAsync($"/patients/{patientId}");
        await page.GetByLabel(L("Username"), new() { Exact = true }).FillAsync(username);
        await page.GetByLabel(L("Password"), new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = L("SignIn") }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = L("PlanSection") })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText(L("PlanNone"))).ToBeVisibleAsync();

        // The form: BM-MSC, 50 ×10^6 cells, intra-articular without guidance, two injections but no interval yet.
        await page.GetByRole(AriaRole.Link, new() { Name = L("PlanNew") }).ClickAsync();
        await page.GetByLabel(L("PlanConsent"), new() { Exact = true }).SelectOptionAsync(consentId);
        await page.GetByLabel(L("PlanRegulatoryPathway"), new() { Exact = true }).SelectOptionAsync("KR_ARM_TREATMENT");
        await page.GetByLabel(L("PlanCellSource"), new() { Exact = true }).SelectOptionAsync("BM_MSC");
        await page.GetByLabel(L("PlanManipulation"), new() { Exact = true }).SelectOptionAsync("MORE_THAN_MINIMAL");
        await page.GetByLabel(L("PlanTotalCells"), new() { Exact = true }).FillAsync("50");
        await page.GetByLabel(L("PlanGuidance"), new() { Exact = true }).SelectOptionAsync("NONE");
        await page.GetByLabel(L("PlanInjections"), new() { Exact = true }).FillAsync("2");
        await page.GetByLabel(L("PlanAdjunct_HA")).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = L("PlanSave") }).ClickAsync();
        await Assertions.Expect(page.Locator("#err-intervalDays")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#dose-help")).ToContainTextAsync("0.82"); // 50 ×10^6 / 61 kg, shown after the post
        await page.GetByLabel(L("PlanIntervalDays"), new() { Exact = true }).FillAsync("28");
        await page.GetByRole(AriaRole.Button, new() { Name = L("PlanSave") }).ClickAsync();

        // The plan: tier, cells/kg with the weight used, the R1 warning in the page language, what it rests on.
        await Assertions.Expect(page.Locator("[data-tier]")).ToHaveAttributeAsync("data-tier", "MEDIUM");
        await Assertions.Expect(page.Locator("[data-tier]")).ToContainTextAsync(L("PlanDoseTier_MEDIUM"));
        await Assertions.Expect(page.GetByText("0.82 ×10⁶")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("li[data-rule=R1]")).ToContainTextAsync(L("Plan.R1.KneeNoGuidance").Split(':')[0]);
        await Assertions.Expect(page.GetByText(L("Decision_PROCEED")).First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText(L("PlanAdjunct_HA"))).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath($"plan-{lang}.png"), FullPage = true });

        // Cancel it; the status form needs a reason.
        await page.GetByLabel(L("PlanChangeStatus"), new() { Exact = true }).SelectOptionAsync("CANCELLED");
        await page.GetByRole(AriaRole.Button, new() { Name = L("PlanChangeStatus") }).ClickAsync();
        await Assertions.Expect(page.Locator("#err-reason")).ToBeVisibleAsync();
        await page.GetByLabel(L("PlanChangeStatus"), new() { Exact = true }).SelectOptionAsync("CANCELLED");
        await page.GetByLabel(L("PlanStatusReason"), new() { Exact = true }).FillAsync("Patient chose to wait");
        await page.GetByRole(AriaRole.Button, new() { Name = L("PlanChangeStatus") }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-status]")).ToHaveAttributeAsync("data-status", "CANCELLED");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = L("PlanAmend") })).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = L("BackToPatient") }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = L("PlanStatus_CANCELLED") })).ToBeVisibleAsync();
    }
}
