using System.Globalization;
using System.Net.Http.Json;
using System.Resources;
using System.Text.Json;
using Microsoft.Playwright;
using OrthoRegen.Data;
using OrthoRegen.Testing;

namespace OrthoRegen.BrowserTests.Portal;

/// <summary>
/// A patient on a 390x844 phone, without JavaScript, answers follow-up questionnaires through a token link: KOOS in
/// Korean (closing the page half-way and resuming), the result chart, ODI in Chinese; expired and revoked links are refused.
/// </summary>
public sealed class PortalBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    static readonly ResourceManager Ui = new("OrthoRegen.Web.Resources.Ui", typeof(OrthoRegen.Web.Ui).Assembly);
    OrthoRegenServer _server = null!;
    HttpClient _coordinator = null!;

    public async Task InitializeAsync()
    {
        _server = await OrthoRegenServer.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Portal:RequestsPerMinute"] = "10000" });
        _coordinator = await _server.SignInAsAsync("co.portal", ["Coordinator"]);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    static string T(string key, string culture) => Ui.GetString(key, new CultureInfo(culture)) ?? throw new KeyNotFoundException(key);

    static async Task<JsonElement> JsonAsync(HttpResponseMessage r)
    {
        var text = await r.Content.ReadAsStringAsync();
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"{r.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>A patient (language <paramref name="language"/>) with a schedule from 30 days ago; returns the M1 link's address and id.</summary>
    async Task<(string Url, string LinkId)> LinkAsync(string language, string target, string mrn, string? expiresAt = null)
    {
        var p = await JsonAsync(await _coordinator.PostAsJsonAsync("/api/patients", new
        {
            familyName = "Lee", givenName = "Test", birthDate = "1958-02-03", sex = "F", language, recordNumber = mrn,
        }));
        var id = p.GetProperty("id").GetString()!;
        var schedule = await JsonAsync(await _coordinator.PostAsJsonAsync($"/api/patients/{id}/follow-up",
            new { target, day0 = DateTime.UtcNow.AddDays(-30).ToString("yyyy-MM-dd"), treatingPhysician = "dr.lee" }));
        var m1 = schedule.GetProperty("visits").EnumerateArray().First(v => v.GetProperty("code").GetString() == "M1").GetProperty("id").GetString()!;
        var issued = await JsonAsync(await _coordinator.PostAsJsonAsync($"/api/patients/{id}/portal-links", new { visitIds = new[] { m1 }, expiresAt }));
        return (issued.GetProperty("url").GetString()!, issued.GetProperty("link").GetProperty("id").GetString()!);
    }

    async Task<IBrowserContext> PhoneAsync() => await browser.Browser.NewContextAsync(new BrowserNewContextOptions
    {
        ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, JavaScriptEnabled = false,
        BaseURL = _server.BaseAddress.ToString(), Locale = "en-US",
    });

    /// <summary>Answers the questions from the current one up to (not including) question <paramref name="stopBefore"/>, choosing option (n mod options).</summary>
    static async Task AnswerAsync(IPage page, string culture, int total, int from, int stopBefore)
    {
        for (var n = from; n < stopBefore; n++)
        {
            await Assertions.Expect(page.Locator(".po-progress strong")).ToHaveTextAsync(string.Format(T("PoQuestionOf", culture), n, total));
            var options = page.Locator("label.po-option");
            var pick = options.Nth(n % await options.CountAsync());
            if (n == from)
            {
                var box = await pick.BoundingBoxAsync();
                Assert.True(box!.Height >= 44, $"touch target {box.Height}px"); // WCAG 2.5.5-sized radio labels
            }
            await pick.ClickAsync();
            await page.Locator("form.po-form button[type=submit]").ClickAsync();
        }
    }

    [Fact]
    public async Task Koos_InKorean_ResumeAfterClosing_ThenSeeTheChart()
    {
        var (url, _) = await LinkAsync("ko", "KNEE_R", "MRN-PB-1");
        await using var context = await PhoneAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = T("PoTitle", "ko"), Level = 1 })).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("a[href='/patients']").CountAsync());
        await page.Locator("li", new() { HasText = "KOOS" }).GetByRole(AriaRole.Link, new() { Name = T("PoStart", "ko") }).ClickAsync();

        // A submit without an answer: the message is on the question itself, in Korean.
        await page.Locator("form.po-form button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#err-answer")).ToHaveTextAsync(T("PoUnanswered", "ko"));
        await AnswerAsync(page, "ko", 42, 1, 20);
        await page.CloseAsync();

        // Reopen the link: the start page continues at question 20.
        page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await Assertions.Expect(page.Locator("li", new() { HasText = "KOOS" })).ToContainTextAsync(string.Format(T("PoAnsweredOf", "ko"), 19, 42));
        await page.Locator("li", new() { HasText = "KOOS" }).GetByRole(AriaRole.Link, new() { Name = T("PoContinue", "ko") }).ClickAsync();
        // Back goes to question 19 with its answer kept, forward returns.
        await page.GetByRole(AriaRole.Link, new() { Name = "← " + T("PoBack", "ko") }).ClickAsync();
        await Assertions.Expect(page.Locator(".po-progress strong")).ToHaveTextAsync(string.Format(T("PoQuestionOf", "ko"), 19, 42));
        Assert.Equal(1, await page.Locator("input[type=radio]:checked").CountAsync());
        await page.Locator("form.po-form button[type=submit]").ClickAsync();
        await AnswerAsync(page, "ko", 42, 20, 43);

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("KOOS");
        await page.GetByRole(AriaRole.Button, new() { Name = T("PoSubmit", "ko") }).ClickAsync();
        await Assertions.Expect(page.GetByText(T("PoThanks", "ko"))).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("li", new() { HasText = "KOOS" })).ToContainTextAsync(T("PoDone", "ko"));

        await page.GetByRole(AriaRole.Link, new() { Name = T("PoSeeResults", "ko") }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = T("PoResultsTitle", "ko"), Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("figure.po-chart svg[role=img]")).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("portal-koos-ko-results.png"), FullPage = true });
    }

    [Fact]
    public async Task Odi_InChinese_Completes()
    {
        var (url, _) = await LinkAsync("zh", "LUMBAR", "MRN-PB-2");
        await using var context = await PhoneAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = T("PoTitle", "zh-CN"), Level = 1 })).ToBeVisibleAsync();
        await page.Locator("li", new() { HasText = "Oswestry" }).GetByRole(AriaRole.Link, new() { Name = T("PoStart", "zh-CN") }).ClickAsync();
        await AnswerAsync(page, "zh-CN", 10, 1, 11);
        await page.GetByRole(AriaRole.Button, new() { Name = T("PoSubmit", "zh-CN") }).ClickAsync();
        await Assertions.Expect(page.GetByText(T("PoThanks", "zh-CN"))).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("portal-odi-zh.png"), FullPage = true });
    }

    [Fact]
    public async Task ExpiredAndRevokedLinks_AreRefused()
    {
        var (expiring, _) = await LinkAsync("ko", "KNEE_L", "MRN-PB-3", DateTimeOffset.UtcNow.AddSeconds(3).ToString("o"));
        var (revoked, linkId) = await LinkAsync("en", "KNEE_R", "MRN-PB-4");
        await using var context = await PhoneAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(revoked);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = T("PoTitle", "en"), Level = 1 })).ToBeVisibleAsync();
        (await _coordinator.PostAsync($"/api/portal-links/{linkId}/revoke", null)).EnsureSuccessStatusCode();
        await page.GotoAsync(revoked);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = T("PoRefusedTitle", "en"), Level = 1 })).ToBeVisibleAsync();

        await Task.Delay(TimeSpan.FromSeconds(4));
        await page.GotoAsync(expiring);
        await Assertions.Expect(page.Locator("[data-portal-refused]")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("a[href*='/KOOS/']").CountAsync());
    }

    /// <summary>
    /// The coordinator issues the link on the patient's follow-up page; the QR code shown there, photographed (screenshot)
    /// and decoded by an independent reader (zbarimg), is exactly the link, and that link opens the patient's questionnaire.
    /// </summary>
    [Fact]
    public async Task Coordinator_IssuesLinkOnFollowUpPage_QrCodeDecodesToTheLink_ThatOpensThePortal()
    {
        var p = await JsonAsync(await _coordinator.PostAsJsonAsync("/api/patients", new
        {
            familyName = "Qr", givenName = "Test", birthDate = "1960-04-05", sex = "M", language = "en", recordNumber = "MRN-PB-QR",
        }));
        var id = p.GetProperty("id").GetString()!;
        (await _coordinator.PostAsJsonAsync($"/api/patients/{id}/follow-up",
            new { target = "KNEE_L", day0 = DateTime.UtcNow.AddDays(-30).ToString("yyyy-MM-dd"), treatingPhysician = "dr.lee" })).EnsureSuccessStatusCode();

        await using var desk = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "en-GB", ViewportSize = new ViewportSize { Width = 1024, Height = 900 }, BaseURL = _server.BaseAddress.ToString(),
        });
        var page = await desk.NewPageAsync();
        await page.GotoAsync($"/patients/{id}/follow-up");
        await page.GetByLabel(T("Username", "en"), new() { Exact = true }).FillAsync("co.portal");
        await page.GetByLabel(T("Password", "en"), new() { Exact = true }).FillAsync(OrthoRegenServer.UserPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = T("SignIn", "en") }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = T("PoStaffIssue", "en") }).ClickAsync();
        var link = await page.Locator("#issued-link").InputValueAsync();
        Assert.Contains("/portal/", link);

        var png = Path.Combine(Path.GetTempPath(), $"portal-qr-{Guid.NewGuid():N}.png");
        try
        {
            await page.Locator("figure.portal-qr svg").ScreenshotAsync(new LocatorScreenshotOptions { Path = png });
            Assert.Equal(link, await OrthoRegen.BrowserTests.Consent.QrCodeDecodeTests.ZbarAsync(png));
        }
        finally
        {
            File.Delete(png);
        }

        await using var phone = await PhoneAsync();
        var patientPage = await phone.NewPageAsync();
        var response = await patientPage.GotoAsync(link);
        Assert.Equal(200, response!.Status);
        await Assertions.Expect(patientPage.Locator("body")).ToContainTextAsync("KOOS");
        Assert.DoesNotContain("MRN-PB-QR", await patientPage.ContentAsync());
    }
}
