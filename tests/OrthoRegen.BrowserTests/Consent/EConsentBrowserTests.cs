using System.Globalization;
using System.Resources;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrthoRegen.Consent;
using OrthoRegen.Data;
using OrthoRegen.Testing;

namespace OrthoRegen.BrowserTests.Consent;

/// <summary>
/// e-Consent in Chromium on a tablet viewport (820×1180) in Korean: staff start the session on the patient chart; the
/// patient reads, answers one checkpoint wrong and sees the explanation, corrects it, answers the rest, draws a signature
/// with the mouse on the canvas and types the name, signs and sees the hand-back screen; staff open the printable record
/// (stored text and signature SVG); then the withdrawal the same way, shown on the record.
/// </summary>
public sealed class EConsentBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    static readonly ResourceManager Ui = new("OrthoRegen.Web.Resources.Ui", typeof(OrthoRegen.Web.Ui).Assembly);
    OrthoRegenServer _server = null!;

    public async Task InitializeAsync() => _server = await OrthoRegenServer.StartAsync(DatabaseProvider.Sqlite);
    public async Task DisposeAsync() => await _server.DisposeAsync();

    static string L(string key, string culture = "en") => Ui.GetString(key, new CultureInfo(culture)) ?? throw new KeyNotFoundException(key);
    static string Ko(string key) => L(key, "ko");

    /// <summary>Draws a stroke through <paramref name="points"/> (fractions of the canvas box) with the mouse.</summary>
    static async Task DrawAsync(IPage page, params (double X, double Y)[] points)
    {
        var box = (await page.Locator("[data-signature-pad] canvas").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync((float)(box.X + points[0].X * box.Width), (float)(box.Y + points[0].Y * box.Height));
        await page.Mouse.DownAsync();
        foreach (var (x, y) in points.Skip(1))
            await page.Mouse.MoveAsync((float)(box.X + x * box.Width), (float)(box.Y + y * box.Height), new() { Steps = 6 });
        await page.Mouse.UpAsync();
    }

    static async Task SignOnTabletAsync(IPage page, string typedName, string buttonKey)
    {
        var submit = page.GetByRole(AriaRole.Button, new() { Name = Ko(buttonKey) });
        await Assertions.Expect(page.Locator("[data-signature-pad] canvas")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-nojs]")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("[data-signature-pad] canvas")).ToHaveCSSAsync("touch-action", "none"); // a finger draws, it does not scroll
        await Assertions.Expect(submit).ToBeDisabledAsync();
        await DrawAsync(page, (0.08, 0.6), (0.15, 0.3), (0.22, 0.7), (0.3, 0.35), (0.38, 0.65));
        await DrawAsync(page, (0.45, 0.5), (0.55, 0.45), (0.7, 0.55), (0.85, 0.4));
        await Assertions.Expect(submit).ToBeEnabledAsync();
        Assert.Matches(@"^M[\d.]+ [\d.]+( L[\d.]+ [\d.]+)+ M[\d.]+ [\d.]+( L[\d.]+ [\d.]+)+$", await page.Locator("[data-signature-data]").InputValueAsync());
        await page.GetByLabel(Ko("EcTypedName"), new() { Exact = true }).FillAsync(typedName);
    }

    [Fact]
    public async Task Korean_ReadWrongAnswerExplainedCorrectDrawSign_PrintableRecord_ThenWithdrawal()
    {
        var api = await _server.SignInAsAsync("coord.tablet", ["Coordinator"]);
        var patientId = await OrthoRegenServer.RegisterPatientAsync(api, "Kim", "Minji", "MRN-TABLET-1");
        var doc = ConsentDocuments.Default.Find("TREATMENT", "1.0")!.Render("ko", false, 3_500_000);

        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "ko-KR", ViewportSize = new ViewportSize { Width = 820, Height = 1180 }, BaseURL = _server.BaseAddress.ToString(),
        });
        var page = await context.NewPageAsync();
        var scriptErrors = new List<string>();
        page.PageError += (_, e) => scriptErrors.Add(e);
        page.Console += (_, m) => { if (m.Type == "error" && !m.Text.StartsWith("Failed to load resource", StringComparison.Ordinal)) scriptErrors.Add(m.Text); };
        var failedLoads = new List<string>();
        page.Response += (_, r) => { if (r.Status >= 400) failedLoads.Add($"{r.Status} {r.Url}"); };

        // Staff sign in on the tablet's browser (the Korean tablet's browser language) and start the treatment consent in Korean.
        await page.GotoAsync($"/patients/{patientId}");
        await page.Locator("#username").FillAsync("coord.tablet");
        await page.Locator("#password").FillAsync(OrthoRegenServer.UserPassword);
        await page.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = Ko("EcSection") })).ToBeVisibleAsync();
        await page.GetByText(Ko("EcStart"), new() { Exact = true }).ClickAsync();
        await page.GetByLabel(Ko("Form"), new() { Exact = true }).SelectOptionAsync("TREATMENT|1.0");
        await page.GetByLabel(Ko("EcTabletLanguage"), new() { Exact = true }).SelectOptionAsync("ko");
        await page.GetByLabel(Ko("SelfPayCostKrw"), new() { Exact = true }).FillAsync("3500000");
        await page.GetByLabel(Ko("Witness"), new() { Exact = true }).FillAsync("RN Choi");
        await page.GetByRole(AriaRole.Button, new() { Name = Ko("EcStartButton") }).ClickAsync();

        // The tablet: no staff navigation, the document in Korean; the language switch works and comes back.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = doc.Title, Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("nav")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = Ko("SignOut") })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "中文" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = ConsentDocuments.Default.Find("TREATMENT", "1.0")!.Texts["zh-CN"].Title, Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "한국어" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = doc.Title, Level = 1 })).ToBeVisibleAsync();
        foreach (var s in doc.Sections) await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = s.Heading, Exact = true })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = Ko("EcToQuestions") }).ClickAsync();

        // The first checkpoint answered wrong: the explanation and the section to reread, then the same question again.
        var first = doc.Checkpoints[0];
        var wrong = (first.Correct + 1) % first.Options.Count;
        var optionBox = (await page.Locator("label.ec-option").First.BoundingBoxAsync())!;
        Assert.True(optionBox.Height >= 44, $"touch target {optionBox.Height}px");
        await page.GetByRole(AriaRole.Radio, new() { Name = first.Options[wrong], Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = Ko("EcAnswer") }).ClickAsync();
        var explained = page.Locator($"[data-wrong={first.Id}]");
        await Assertions.Expect(explained).ToContainTextAsync(first.Explanation);
        await Assertions.Expect(explained).ToContainTextAsync(doc.Sections.Single(s => s.Id == first.Section).Text);
        await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = first.Question })).ToBeVisibleAsync();
        foreach (var c in doc.Checkpoints)
        {
            await Assertions.Expect(page.Locator($"form[data-checkpoint={c.Id}]")).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Radio, new() { Name = c.Options[c.Correct], Exact = true }).CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = Ko("EcAnswer") }).ClickAsync();
        }

        // Signing: typed name and a signature drawn with the mouse.
        await Assertions.Expect(page.GetByText(Ko("EcAllAnswered"))).ToBeVisibleAsync();
        await SignOnTabletAsync(page, "김민지", "EcSign");
        await page.ScreenshotAsync(new() { Path = "/tmp/econsent-ko.png", FullPage = false });
        await page.GetByRole(AriaRole.Button, new() { Name = Ko("EcSign") }).ClickAsync();
        await Assertions.Expect(page.GetByText(Ko("EcHandBack"))).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("김민지")).ToHaveCountAsync(0);

        // Staff open the printable record from the chart.
        await page.GotoAsync($"/patients/{patientId}");
        await page.Locator("tr[data-kind=SIGNATURE]").GetByRole(AriaRole.Link, new() { Name = Ko("EcOpenRecord") }).ClickAsync();
        Assert.Equal(doc.Text, await page.Locator("pre[data-stored-text]").TextContentAsync());
        await Assertions.Expect(page.Locator("[data-sha256]")).ToHaveTextAsync(doc.Sha256);
        await Assertions.Expect(page.Locator("[data-typed-name]")).ToHaveTextAsync("김민지");
        await Assertions.Expect(page.Locator("svg[data-signature-svg]")).ToBeVisibleAsync();
        Assert.Matches("^M[\\d.]+ [\\d.]+ L", await page.Locator("svg[data-signature-svg] path").GetAttributeAsync("d"));
        await Assertions.Expect(page.Locator($"tr[data-checkpoint={first.Id}]")).ToHaveAttributeAsync("data-attempts", "2");
        await Assertions.Expect(page.Locator("[data-withdrawal=none]")).ToBeVisibleAsync();
        var recordUrl = page.Url;

        // The withdrawal: started on the chart, read and signed on the tablet in Korean.
        await page.GotoAsync($"/patients/{patientId}");
        await page.GetByText(Ko("EcWithdrawStart"), new() { Exact = true }).ClickAsync();
        await page.GetByLabel(Ko("EcTabletLanguage"), new() { Exact = true }).Nth(1).SelectOptionAsync("ko");
        await page.GetByRole(AriaRole.Button, new() { Name = Ko("EcWithdrawButton") }).ClickAsync();
        var statement = ConsentDocuments.Default.Find("TREATMENT", "1.0")!.Texts["ko"].Withdrawal!;
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = statement.Heading, Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText(statement.Text)).ToBeVisibleAsync();
        await SignOnTabletAsync(page, "김민지", "EcSignWithdrawal");
        await page.GetByRole(AriaRole.Button, new() { Name = Ko("EcSignWithdrawal") }).ClickAsync();
        await Assertions.Expect(page.GetByText(Ko("EcHandBack"))).ToBeVisibleAsync();

        await page.GotoAsync(recordUrl);
        var withdrawal = page.Locator("section[data-withdrawal]");
        await Assertions.Expect(withdrawal).ToContainTextAsync(statement.Text);
        await Assertions.Expect(withdrawal.Locator("svg[data-signature-svg]")).ToBeVisibleAsync();
        var consents = JsonDocument.Parse(await api.GetStringAsync($"/api/patients/{patientId}/consents")).RootElement;
        Assert.False(consents[0].GetProperty("withdrawnAt").ValueKind == JsonValueKind.Null);
        Assert.Empty(scriptErrors);   // no script error, no CSP violation
        Assert.All(failedLoads, f => Assert.EndsWith("/favicon.ico", f));
    }
}
