using System.Globalization;
using System.Net.Http.Json;
using System.Resources;
using Microsoft.Playwright;
using OrthoRegen.Data;
using OrthoRegen.Testing;

namespace OrthoRegen.BrowserTests.Evidence;

/// <summary>
/// A researcher enters a study on the form (first refused for a malformed DOI), opens the meta-analysis workspace, sees
/// the forest plot with the pooled estimate, and downloads the forest plot's data as CSV.
/// </summary>
public sealed class EvidenceBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    static readonly ResourceManager Ui = new("OrthoRegen.Web.Resources.Ui", typeof(Program).Assembly);
    static string L(string key, string culture = "en") => Ui.GetString(key, new CultureInfo(culture)) ?? throw new KeyNotFoundException(key);
    OrthoRegenServer _server = null!;

    public async Task InitializeAsync() => _server = await OrthoRegenServer.StartAsync(DatabaseProvider.Sqlite);
    public async Task DisposeAsync() => await _server.DisposeAsync();

    static object Trial(string author, int year, double t, double c, int n) => new
    {
        title = $"Trial {author} {year}", authors = author, year, doi = $"10.1000/b.{year}", design = "RCT", indication = "KNEE_OA",
        cellSource = "AD_MSC", route = "INTRA_ARTICULAR", sourceLabel = "browser test",
        arms = new object[] { new { name = "MSC", role = "TREATMENT", n }, new { name = "Saline", role = "CONTROL", n } },
        outcomes = new object[]
        {
            new { arm = "MSC", instrument = "PAIN_VAS", subscale = "vas_mm", month = 12, mean = t, sd = 12, n },
            new { arm = "Saline", instrument = "PAIN_VAS", subscale = "vas_mm", month = 12, mean = c, sd = 14, n },
        },
    };

    [Fact]
    public async Task Researcher_EntersStudy_OpensForestPlot_DownloadsCsv()
    {
        var api = await _server.SignInAsAsync("res.kang", ["Researcher"]);
        (await api.PostAsJsonAsync("/api/evidence/studies", Trial("Vega A", 2015, 38, 41, 15))).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync("/api/evidence/studies", Trial("Lu Q", 2017, 25, 44, 30))).EnsureSuccessStatusCode();

        var options = new BrowserNewContextOptions
        {
            Locale = "en-GB", ViewportSize = new ViewportSize { Width = 1280, Height = 1000 }, BaseURL = _server.BaseAddress.ToString(), AcceptDownloads = true,
        };
        await using var context = await browser.Browser.NewContextAsync(options);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel(L("Username"), new() { Exact = true }).FillAsync("res.kang");
        await page.GetByLabel(L("Password"), new() { Exact = true }).FillAsync(OrthoRegenServer.UserPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = L("SignIn") }).ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = L("EvNav"), Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = L("EvNewStudy") }).ClickAsync();
        await page.GetByLabel(L("EvTitle"), new() { Exact = true }).FillAsync("Trial Kim J, Lee S 2019");
        await page.GetByLabel(L("EvAuthors"), new() { Exact = true }).FillAsync("Kim J, Lee S");
        await page.GetByLabel(L("EvYear"), new() { Exact = true }).FillAsync("2019");
        await page.GetByLabel("DOI", new() { Exact = true }).FillAsync("https://doi.org/10.1000/b.2019");
        await page.GetByLabel(L("EvDesign"), new() { Exact = true }).SelectOptionAsync("RCT");
        await page.GetByLabel(L("EvIndication"), new() { Exact = true }).SelectOptionAsync("KNEE_OA");
        await page.GetByLabel(L("EvSourceLabel"), new() { Exact = true }).FillAsync("browser test");
        await page.Locator("#arm0name").FillAsync("MSC");
        await page.Locator("#arm0role").SelectOptionAsync("TREATMENT");
        await page.Locator("#arm0n").FillAsync("20");
        await page.Locator("#arm1name").FillAsync("Saline");
        await page.Locator("#arm1role").SelectOptionAsync("CONTROL");
        await page.Locator("#arm1n").FillAsync("20");
        foreach (var (row, arm, mean, sd) in new[] { (0, "MSC", "30", "12"), (1, "Saline", "45", "14") })
        {
            await page.Locator($"#out{row}arm").FillAsync(arm);
            await page.Locator($"#out{row}instrument").FillAsync("PAIN_VAS");
            await page.Locator($"#out{row}subscale").FillAsync("vas_mm");
            await page.Locator($"#out{row}month").FillAsync("12");
            await page.Locator($"#out{row}mean").FillAsync(mean);
            await page.Locator($"#out{row}sd").FillAsync(sd);
            await page.Locator($"#out{row}n").FillAsync("20");
        }
        await page.GetByRole(AriaRole.Button, new() { Name = L("EvSaveStudy") }).ClickAsync();
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("evidence-form-refused.png"), FullPage = true });
        await Assertions.Expect(page.Locator("#err-doi")).ToBeVisibleAsync();

        await page.GetByLabel("DOI", new() { Exact = true }).FillAsync("10.1000/b.2019");
        await page.GetByRole(AriaRole.Button, new() { Name = L("EvSaveStudy") }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Trial Kim J, Lee S 2019" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = L("EvMetaTitle") }).ClickAsync();
        await page.GetByLabel(L("EvMonth"), new() { Exact = true }).FillAsync("12");
        await page.GetByRole(AriaRole.Button, new() { Name = L("EvRun") }).ClickAsync();
        var forest = page.Locator("#forest-plot svg");
        await Assertions.Expect(forest).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("evidence-forest.png"), FullPage = true });
        Assert.Equal(3, await forest.Locator("rect[fill='#1f4e79']").CountAsync());
        Assert.Equal(1, await forest.Locator("polygon").CountAsync());
        await Assertions.Expect(page.Locator("[data-value=estimate]")).ToContainTextAsync("[");

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Link, new() { Name = L("EvDownloadData") }).First.ClickAsync());
        Assert.Equal("forest.csv", download.SuggestedFilename);
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.StartsWith("series,study,basis,yi,vi,ci_lower,ci_upper,weight_percent,n", csv);
        Assert.Equal(3, csv.Split('\n').Count(l => l.StartsWith("study,", StringComparison.Ordinal)));

        await page.GotoAsync("/culture/ko?returnUrl=" + Uri.EscapeDataString("/evidence/meta?month=12"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = L("EvForest", "ko") })).ToBeVisibleAsync();
    }
}
