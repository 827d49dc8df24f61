using System.Globalization;
using System.Resources;
using Microsoft.Playwright;
using OrthoRegen.Data;
using OrthoRegen.Testing;

namespace OrthoRegen.BrowserTests.Outcomes;

/// <summary>
/// A researcher reading in Korean opens the survival view: the chart's own texts (title, number-at-risk table, legend)
/// are Korean, drawn with the CJK fonts; the figure is saved as a screenshot (ORTHOREGEN_SCREENSHOTS, if set) for review.
/// </summary>
public sealed class KoreanChartsBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    static readonly ResourceManager Ui = new("OrthoRegen.Web.Resources.Ui", typeof(Program).Assembly);
    static string L(string key, string culture = "en") => Ui.GetString(key, new CultureInfo(culture)) ?? throw new KeyNotFoundException(key);
    OrthoRegenServer _server = null!;

    public async Task InitializeAsync() => _server = await OrthoRegenServer.StartAsync(DatabaseProvider.Sqlite);
    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Researcher_ReadsSurvivalChartInKorean()
    {
        await SurvivalCohortSetUp.SeedAsync(_server, "dr.ko", "re.ko", "MRN-KO", [900, 700, 500], replacedDaysAgo: 200);

        var options = new BrowserNewContextOptions { Locale = "ko-KR", ViewportSize = new ViewportSize { Width = 1100, Height = 900 }, BaseURL = _server.BaseAddress.ToString() };
        await using var context = await browser.Browser.NewContextAsync(options);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/?culture=ko&ui-culture=ko");
        await page.GetByLabel(L("Username", "ko"), new() { Exact = true }).FillAsync("re.ko");
        await page.GetByLabel(L("Password", "ko"), new() { Exact = true }).FillAsync(OrthoRegenServer.UserPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = L("SignIn", "ko") }).ClickAsync();

        await page.GotoAsync("/outcomes/survival?indications=KNEE_OA&culture=ko&ui-culture=ko");
        var figure = page.Locator("#km-figure svg");
        await Assertions.Expect(figure).ToBeVisibleAsync();
        var texts = await figure.Locator("text").AllTextContentsAsync();   // SVG text has no innerText
        Assert.Contains(L("SurvTitle", "ko"), texts);
        Assert.Contains(L("SurvAtRisk", "ko"), texts);
        Assert.Contains(texts, t => t.Contains(L("SurvAll", "ko"), StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t.Contains("events", StringComparison.Ordinal));
        // the Korean glyphs are drawn with a CJK font, not as empty boxes: the title's rendered width is that of 17 glyphs
        var width = await page.EvaluateAsync<double>("() => document.querySelector('#km-figure svg text').getComputedTextLength()");
        Assert.True(width > 150, $"title width {width}");
        if (Environment.GetEnvironmentVariable("ORTHOREGEN_SCREENSHOTS") is { Length: > 0 } dir)
            await page.Locator("#km-figure").ScreenshotAsync(new() { Path = Path.Combine(dir, "survival-ko.png") });

        // Grouped by cell source the groups carry the plan's Korean names; the long one is cut in the number-at-risk
        // rows, and with the real CJK font its drawn end stays clear of the first count beside it.
        await page.GotoAsync("/outcomes/survival?indications=KNEE_OA&groupBy=CELL_SOURCE&culture=ko&ui-culture=ko");
        await Assertions.Expect(page.Locator("#at-risk tbody th")).ToHaveTextAsync(L("PlanCellSource_BM_MSC", "ko"));
        var gaps = await page.EvaluateAsync<double[]>("""
            () => {
              const texts = [...document.querySelectorAll('#km-figure svg text')];
              return texts.filter(t => t.getAttribute('x') === '8' && t.getAttribute('font-size') === '11').map(label => {
                const count = texts.find(t => t !== label && t.getAttribute('y') === label.getAttribute('y') && t.getAttribute('text-anchor') === 'middle');
                const a = label.getBBox(), b = count.getBBox();
                return b.x - (a.x + a.width);
              });
            }
            """);
        Assert.NotEmpty(gaps);
        Assert.All(gaps, g => Assert.True(g > 0, $"an at-risk label runs {-g:0.0} px into its first count"));
        var atRiskLabels = await page.Locator("#km-figure svg text[x='8'][font-size='11']").AllTextContentsAsync();
        Assert.Contains(atRiskLabels, t => t.EndsWith('…') && L("PlanCellSource_BM_MSC", "ko").StartsWith(t[..^1], StringComparison.Ordinal));
    }
}
