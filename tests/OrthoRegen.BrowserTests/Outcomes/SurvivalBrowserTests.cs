using System.Globalization;
using System.Resources;
using Microsoft.Playwright;
using OrthoRegen.Data;
using OrthoRegen.Testing;

namespace OrthoRegen.BrowserTests.Outcomes;

/// <summary>
/// A researcher opens the survival view of a cohort of three treated knees (one replaced), reads the number-at-risk
/// table under the plot and downloads the curve's data as CSV.
/// </summary>
public sealed class SurvivalBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    static readonly ResourceManager Ui = new("OrthoRegen.Web.Resources.Ui", typeof(Program).Assembly);
    static string L(string key) => Ui.GetString(key, new CultureInfo("en")) ?? throw new KeyNotFoundException(key);
    OrthoRegenServer _server = null!;

    public async Task InitializeAsync() => _server = await OrthoRegenServer.StartAsync(DatabaseProvider.Sqlite);
    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Researcher_OpensSurvivalView_SeesNumberAtRisk_DownloadsCsv()
    {
        await SurvivalCohortSetUp.SeedAsync(_server, "dr.surv", "re.surv", "MRN-SURV", [800, 600, 400], replacedDaysAgo: 100);

        var options = new BrowserNewContextOptions { Locale = "en-GB", ViewportSize = new ViewportSize { Width = 1100, Height = 900 }, BaseURL = _server.BaseAddress.ToString(), AcceptDownloads = true };
        await using var context = await browser.Browser.NewContextAsync(options);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel(L("Username"), new() { Exact = true }).FillAsync("re.surv");
        await page.GetByLabel(L("Password"), new() { Exact = true }).FillAsync(OrthoRegenServer.UserPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = L("SignIn") }).ClickAsync();

        await page.GotoAsync("/outcomes/survival?indications=KNEE_OA");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = L("SurvTitle"), Level = 1 })).ToBeVisibleAsync();
        var atRisk = page.GetByRole(AriaRole.Table, new() { Name = L("SurvAtRisk") });
        await Assertions.Expect(atRisk).ToBeVisibleAsync();
        // Follow-up: 700 d (replaced), 0 d and 0 d (no visit yet, censored at Day 0) -> at risk 3 at year 0, 1 at year 1.
        var cells = await atRisk.Locator("tbody tr td").AllInnerTextsAsync();
        Assert.Equal(["3", "1"], cells);
        Assert.Equal(1, await page.Locator("#km-figure svg g[data-series]").CountAsync());

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#km-csv").ClickAsync());
        var path = await download.PathAsync();
        var lines = (await File.ReadAllLinesAsync(path)).Where(l => l.Length > 0).ToList();
        Assert.Equal("group,time_years,n_risk,n_event,n_censor,surv,std_err,lower,upper", lines[0]);
        Assert.Equal(3, lines.Count);   // two distinct times: 0 (two censored) and 700/365.25 (the replacement)
        Assert.StartsWith("all,0,3,0,2,1,", lines[1]);

        // The adjusted Cox model is on its own page, with the same cohort, and leads back to the curves.
        await page.GetByRole(AriaRole.Link, new() { Name = L("SurvCoxOpen") }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = L("SurvCox"), Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/outcomes/survival/cox\\?indications=KNEE_OA&groupBy=NONE$"));
        // The three were seeded without KL grade and BMI: the model names what it left out instead of fitting nothing.
        await Assertions.Expect(page.GetByText(string.Format(L("SurvCoxUsed"), 0, 3, "age, kl, bmi"))).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText(L("SurvCoxNotEstimable"))).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = L("SurvCoxBack") }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Table, new() { Name = L("SurvAtRisk") })).ToBeVisibleAsync();
    }
}
