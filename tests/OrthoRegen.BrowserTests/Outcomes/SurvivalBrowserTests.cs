using System.Globalization;
using System.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.FollowUp;
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

    static T Done<T>(Outcome<T> o) => o is Outcome<T>.Done d ? d.Value : throw new InvalidOperationException($"Set-up step failed: {o}");

    [Fact]
    public async Task Researcher_OpensSurvivalView_SeesNumberAtRisk_DownloadsCsv()
    {
        var physician = await _server.SignInAsAsync("dr.surv", [Roles.Physician]);
        await _server.SignInAsAsync("re.surv", [Roles.Researcher]);
        var followUp = _server.Services.GetRequiredService<FollowUpStore>();
        var actor = new Actor("u-dr", "dr.surv", [Roles.Physician], true, [], "test set-up");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var day0s = new[] { 800, 600, 400 };
        for (var i = 0; i < day0s.Length; i++)
        {
            var (patientId, consentId) = await PathwaySetUp.ReadyPatientAsync(physician, $"MRN-SURV-{i}");
            var planId = await PathwaySetUp.KneePlanAsync(physician, patientId, consentId);
            var start = Done(await followUp.StartAsync(actor, patientId, new StartSchedule
            {
                Target = "KNEE_R", Day0 = today.AddDays(-day0s[i]).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), PlanId = planId, TreatingPhysician = "dr.surv",
            }, default));
            if (i == 0)
                Done(await followUp.RecordEndpointAsync(actor, start.Schedule.Id, new RecordEndpoint
                {
                    Version = start.Schedule.Version, Type = "TOTAL_KNEE_ARTHROPLASTY", Date = today.AddDays(-100).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                }, default));
        }

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
    }
}
