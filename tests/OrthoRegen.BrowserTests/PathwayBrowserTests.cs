using System.Globalization;
using System.Net.Http.Json;
using System.Resources;
using Microsoft.Playwright;
using OrthoRegen.Data;
using OrthoRegen.Testing;

namespace OrthoRegen.BrowserTests;

/// <summary>
/// A physician signs in, registers a patient, records a knee assessment and reads the candidacy result with its rule
/// trace, in English and in Korean. Labels are looked up in the UI's own resources, so the test follows the words a user sees.
/// </summary>
public sealed class PathwayBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    static readonly ResourceManager Ui = new("OrthoRegen.Web.Resources.Ui", typeof(Program).Assembly);
    OrthoRegenServer _server = null!;

    public async Task InitializeAsync() => _server = await OrthoRegenServer.StartAsync(DatabaseProvider.Sqlite);
    public async Task DisposeAsync() => await _server.DisposeAsync();

    static string T(string key, string culture) => Ui.GetString(key, new CultureInfo(culture)) ?? throw new KeyNotFoundException(key);

    [Theory]
    [InlineData("en", "en-GB", "Kim", "Minji")]
    [InlineData("ko", "ko-KR", "김", "민지")]
    public async Task Physician_RegistersPatientRecordsAssessmentAndReadsCandidacy(string lang, string locale, string family, string given)
    {
        var username = $"dr.{lang}";
        var admin = await _server.AdminAsync();
        (await admin.PostAsJsonAsync("/api/users", new
        {
            username, displayName = "Dr Lee", password = "Temporary-Pass-77", roles = new[] { "Physician" }, siteCodes = new[] { "MAIN" },
            language = lang,
        })).EnsureSuccessStatusCode();

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = locale, ViewportSize = new ViewportSize { Width = 1024, Height = 900 }, BaseURL = _server.BaseAddress.ToString(),
        });
        var page = await context.NewPageAsync();
        string L(string key) => T(key, lang);

        // Sign in with the one-time password, then choose a new one.
        await page.GotoAsync("/patients");
        await page.GetByLabel(L("Username"), new() { Exact = true }).FillAsync(username);
        await page.GetByLabel(L("Password"), new() { Exact = true }).FillAsync("Temporary-Pass-77");
        await page.GetByRole(AriaRole.Button, new() { Name = L("SignIn") }).ClickAsync();
        await page.GetByLabel(L("CurrentPassword"), new() { Exact = true }).FillAsync("Temporary-Pass-77");
        await page.GetByLabel(L("NewPassword"), new() { Exact = true }).FillAsync("Physician-Own-Pass-8");
        await page.GetByRole(AriaRole.Button, new() { Name = L("Save") }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = L("Patients"), Level = 1 })).ToBeVisibleAsync();

        // Register a patient; the first try has a wrong birth date and shows the field's message.
        await page.GetByRole(AriaRole.Link, new() { Name = L("RegisterPatient") }).ClickAsync();
        await page.GetByLabel(L("FamilyName"), new() { Exact = true }).FillAsync(family);
        await page.GetByLabel(L("GivenName"), new() { Exact = true }).FillAsync(given);
        await page.GetByLabel(L("Sex"), new() { Exact = true }).SelectOptionAsync("F");
        await page.GetByLabel(L("RecordNumber"), new() { Exact = true }).FillAsync($"MRN-{lang}-1");
        await page.GetByLabel(L("HeightCm"), new() { Exact = true }).FillAsync("158");
        await page.GetByLabel(L("WeightKg"), new() { Exact = true }).FillAsync("62");
        await page.GetByRole(AriaRole.Button, new() { Name = L("Register") }).ClickAsync();
        await Assertions.Expect(page.Locator("#err-birthDate")).ToBeVisibleAsync();
        await page.GetByLabel(L("BirthDate"), new() { Exact = true }).FillAsync("1958-09-14");
        await page.GetByRole(AriaRole.Button, new() { Name = L("Register") }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"{family} {given}" })).ToBeVisibleAsync();

        // Record a knee assessment: KL 3 on a standing radiograph, intra-articular HA with only a transient response.
        await page.GetByRole(AriaRole.Link, new() { Name = L("RecordAssessment") }).ClickAsync();
        await page.GetByLabel(L("SymptomMonths"), new() { Exact = true }).FillAsync("18");
        await page.GetByLabel(L("PainNrs"), new() { Exact = true }).FillAsync("6");
        await page.Locator("#xrayOn").FillAsync(DateTime.UtcNow.AddDays(-3).ToString("yyyy-MM-dd"));
        await page.Locator("#xrayReader").FillAsync("Dr Park");
        await page.GetByLabel(L("KlGrade"), new() { Exact = true }).SelectOptionAsync("3");
        await page.Locator("#ct0type").SelectOptionAsync("IA_HA");
        await page.Locator("#ct0resp").SelectOptionAsync("PARTIAL_TRANSIENT");
        await page.Locator("#ct0last").FillAsync(DateTime.UtcNow.AddDays(-200).ToString("yyyy-MM-dd"));
        await page.GetByRole(AriaRole.Button, new() { Name = L("SaveAndEvaluate") }).ClickAsync();

        // The candidacy result and its trace, in the page language.
        var result = page.Locator("[data-result]");
        await Assertions.Expect(result).ToHaveAttributeAsync("data-result", "ELIGIBLE");
        await Assertions.Expect(result).ToHaveTextAsync(L("Result_ELIGIBLE"));
        var c1 = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "C1" }) });
        await Assertions.Expect(c1).ToContainTextAsync(lang == "ko" ? "Kellgren-Lawrence 등급 3" : "Kellgren-Lawrence grade 3");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath($"candidacy-{lang}.png"), FullPage = true });

        // Record the decision.
        await page.GetByLabel(L("Decision"), new() { Exact = true }).SelectOptionAsync("PROCEED");
        await page.GetByRole(AriaRole.Button, new() { Name = L("RecordDecision") }).ClickAsync();
        await Assertions.Expect(page.GetByText(L("Decision_PROCEED")).First).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = L("BackToPatient") }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = L("Decisions") })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath($"patient-{lang}.png"), FullPage = true });
    }
}
