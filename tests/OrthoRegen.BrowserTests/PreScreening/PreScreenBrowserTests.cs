using System.Globalization;
using System.Resources;
using Microsoft.Playwright;
using OrthoRegen.Data;
using OrthoRegen.Testing;

namespace OrthoRegen.BrowserTests.PreScreening;

/// <summary>
/// A patient on a phone-sized screen (390x844) switches the public pre-screening to their language, answers it and reads
/// the result, in Korean, Chinese and English. Labels come from the UI's own resources. A screenshot of each result is
/// written under the test output (screenshots/) for a person to check once; they are never committed.
/// </summary>
public sealed class PreScreenBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    static readonly ResourceManager Ui = new("OrthoRegen.Web.Resources.Ui", typeof(OrthoRegen.Web.Ui).Assembly);
    OrthoRegenServer _server = null!;

    public async Task InitializeAsync() => _server = await OrthoRegenServer.StartAsync(DatabaseProvider.Sqlite);
    public async Task DisposeAsync() => await _server.DisposeAsync();

    static string T(string key, string culture) => Ui.GetString(key, new CultureInfo(culture)) ?? throw new KeyNotFoundException(key);

    [Theory]
    [InlineData("ko", "한국어", "진료 상담을 받아볼 만합니다")]
    [InlineData("zh-CN", "中文", "值得预约面诊")]
    [InlineData("en", "English", "Likely worth a consultation")]
    public async Task Patient_OnPhone_CompletesPreScreeningAndReadsResult(string culture, string languageLink, string verdict)
    {
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, JavaScriptEnabled = false,
            BaseURL = _server.BaseAddress.ToString(), Locale = "en-US",
        });
        var page = await context.NewPageAsync();
        string L(string key) => T(key, culture);

        await page.GotoAsync("/prescreen");
        await page.GetByRole(AriaRole.Link, new() { Name = languageLink, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = L("PsTitle"), Level = 1 })).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("a[href='/patients']").CountAsync()); // no staff navigation on the public page

        // First try without the two required questions: the form says so in the patient's language, on the field.
        await page.GetByLabel(L("Target_KNEE_R"), new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = L("PsSubmit") }).ClickAsync();
        await Assertions.Expect(page.GetByText(L("PsFixErrors"))).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#err-canAttendFollowup24m")).ToHaveTextAsync(L("PsFieldProblem"));

        await page.GetByLabel(L("Target_KNEE_R"), new() { Exact = true }).CheckAsync();
        await page.GetByLabel(L("PsPain"), new() { Exact = true }).SelectOptionAsync("6");
        await page.GetByLabel(L("PsDuration"), new() { Exact = true }).FillAsync("18");
        await page.GetByLabel(L("PsTried_IA_HA"), new() { Exact = true }).CheckAsync();
        await page.GetByLabel(L("PsTried_PHYSIOTHERAPY"), new() { Exact = true }).CheckAsync();
        await page.Locator("fieldset", new() { Has = page.GetByText(L("PsFollowUp")) }).GetByLabel(L("PsYes"), new() { Exact = true }).CheckAsync();
        await page.Locator("fieldset", new() { Has = page.GetByText(L("PsBudget")) }).GetByLabel(L("PsYes"), new() { Exact = true }).CheckAsync();
        await page.GetByLabel(L("PsContactMe"), new() { Exact = true }).CheckAsync();
        await page.GetByLabel(L("PsName"), new() { Exact = true }).FillAsync(culture == "ko" ? "김민지" : culture == "zh-CN" ? "王芳" : "Jane Doe");
        await page.GetByLabel(L("PsPhone"), new() { Exact = true }).FillAsync("010-1234-5678");
        await page.GetByRole(AriaRole.Button, new() { Name = L("PsSubmit") }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = L("PsResultTitle"), Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = verdict })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = L("PsQuestions") })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText(L("PsContactKept"))).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath($"prescreen-{culture}.png"), FullPage = true });
        // Touch targets: every answer row is at least 44 CSS px high on the phone.
        await page.GotoAsync("/prescreen");
        var heights = await page.Locator(".choices label, .checks label").EvaluateAllAsync<double[]>("els => els.map(e => e.getBoundingClientRect().height)");
        Assert.True(heights.Length >= 8 + 7 + 8 + 4 + 1, $"{heights.Length} answer rows");
        Assert.All(heights, h => Assert.True(h >= 44, $"answer row {h}px high"));
    }
}
