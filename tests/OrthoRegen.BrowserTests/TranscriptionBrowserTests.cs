using System.Globalization;
using System.Net.Http.Json;
using System.Resources;
using Microsoft.Playwright;
using OrthoRegen.Data;
using OrthoRegen.Instruments;
using OrthoRegen.Testing;

namespace OrthoRegen.BrowserTests;

/// <summary>
/// A coordinator transcribes a paper KOOS with the keyboard only: Tab from item to item, one digit each, Enter to save.
/// A wrong digit is reported next to its item; after fixing it the page shows the scores, and the chart lists them.
/// </summary>
public sealed class TranscriptionBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    static readonly ResourceManager Ui = new("OrthoRegen.Web.Resources.Ui", typeof(Program).Assembly);
    OrthoRegenServer _server = null!;

    public async Task InitializeAsync() => _server = await OrthoRegenServer.StartAsync(DatabaseProvider.Sqlite);
    public async Task DisposeAsync() => await _server.DisposeAsync();

    static string L(string key) => Ui.GetString(key, new CultureInfo("en")) ?? throw new KeyNotFoundException(key);

    [Fact]
    public async Task Coordinator_TranscribesKoosWithKeyboardOnly_SeesScores()
    {
        var (page, patientId, context) = await SignedInCoordinatorAsync("coord.kim", "MRN-KOOS-1");
        await using var _ = context;
        await page.GotoAsync($"/patients/{patientId}");
        await Assertions.Expect(page.GetByText(L("NoQuestionnaires"))).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = L("RecordQuestionnaire") }).ClickAsync();
        // The keyboard run below needs fast-entry.js (a deferred script): wait for the page's load event, not only its
        // elements, or under load the first digits are typed before the script moves the focus.
        await page.WaitForURLAsync(url => url.Contains("/responses/new", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Load });
        await page.GetByLabel(L("VisitCode"), new() { Exact = true }).FillAsync("BASE");
        await page.GetByLabel(L("Target"), new() { Exact = true }).SelectOptionAsync("KNEE_R");

        // Every KOOS item in form order, typed as on paper: P1 = 4, every other item 1, but S1 mistyped as 7.
        var codes = Koos.Definition.Items.Select(i => i.Code).ToList();
        var first = page.GetByLabel("S1 Swelling of the knee");
        await Assertions.Expect(first).ToHaveAttributeAsync("maxlength", "1");
        await Assertions.Expect(first).ToHaveAttributeAsync("inputmode", "numeric");
        await first.FocusAsync();
        // Digits only: each full answer box hands the focus to the next one, the last to the save button.
        foreach (var code in codes)
            await page.Keyboard.TypeAsync(code switch { "S1" => "7", "P1" => "4", _ => "1" });
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = L("SaveResponse") })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Shift+Tab"); // back on the last item, Q4
        await Assertions.Expect(page.GetByLabel("Q4 Overall difficulty with the knee")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator("#err-S1")).ToHaveTextAsync("Answer to item S1 must be 0–4.");
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("S1");
        await Assertions.Expect(page.GetByLabel("P1 How often the knee hurts")).ToHaveValueAsync("4"); // the other answers are kept
        await page.GetByLabel("S1 Swelling of the knee").FocusAsync();
        await page.Keyboard.PressAsync("End");
        await page.Keyboard.PressAsync("Backspace");
        await page.Keyboard.TypeAsync("1");
        await Assertions.Expect(page.GetByLabel("S2 Grinding, clicking or noise when the knee moves")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        // P1 = 4, P2–P9 = 1: pain = 100 − 25 × 12/9 = 66.6667; every other subscale 100 − 25 × 1 = 75.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = L("ResponseSaved") })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-score=pain]")).ToHaveTextAsync("66.6667");
        await Assertions.Expect(page.Locator("[data-score=qol]")).ToHaveTextAsync("75");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("koos-transcribed.png"), FullPage = true });

        await page.GetByRole(AriaRole.Link, new() { Name = L("BackToPatient") }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "KOOS" })).ToContainTextAsync("pain 66.7");
    }

    /// <summary>A coordinator who has set their own password, and a registered patient.</summary>
    async Task<(IPage Page, string PatientId, IBrowserContext Context)> SignedInCoordinatorAsync(string username, string mrn)
    {
        var admin = await _server.AdminAsync();
        (await admin.PostAsJsonAsync("/api/users", new
        {
            username, displayName = username, password = "Temporary-Pass-77", roles = new[] { "Coordinator" }, siteCodes = new[] { "MAIN" }, language = "en",
        })).EnsureSuccessStatusCode();
        var patientId = await OrthoRegenServer.RegisterPatientAsync(admin, "Park", "Jisoo", mrn);
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "en-GB", ViewportSize = new ViewportSize { Width = 1024, Height = 900 }, BaseURL = _server.BaseAddress.ToString(),
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/patients/{patientId}");
        await page.GetByLabel(L("Username"), new() { Exact = true }).FillAsync(username);
        await page.GetByLabel(L("Password"), new() { Exact = true }).FillAsync("Temporary-Pass-77");
        await page.GetByRole(AriaRole.Button, new() { Name = L("SignIn") }).ClickAsync();
        await page.GetByLabel(L("CurrentPassword"), new() { Exact = true }).FillAsync("Temporary-Pass-77");
        await page.GetByLabel(L("NewPassword"), new() { Exact = true }).FillAsync("Coordinator-Own-Pass-8");
        await page.GetByRole(AriaRole.Button, new() { Name = L("Save") }).ClickAsync();
        return (page, patientId, context);
    }

    /// <summary>
    /// An ISNCSCI worksheet typed row by row in the grid, one keystroke per cell (C5 complete: sensation intact to C5,
    /// elbow flexors 5, nothing below, no anal sensation or contraction); the page shows the classification the library
    /// computes for the same exam.
    /// </summary>
    [Fact]
    public async Task Coordinator_TranscribesIsncsciWorksheetInTheGrid_SeesTheClassification()
    {
        var (page, patientId, context) = await SignedInCoordinatorAsync("coord.lee", "MRN-ISNCSCI-1");
        await using var _ = context;
        await page.GotoAsync($"/patients/{patientId}/responses/new?instrument=ISNCSCI");
        await page.GetByLabel(L("VisitCode"), new() { Exact = true }).FillAsync("BASE");
        await page.GetByLabel(L("Target"), new() { Exact = true }).SelectOptionAsync("SCI");

        string[] intactSensory = ["C2", "C3", "C4", "C5"];
        string Typed(string code) => code switch
        {
            _ when code.Contains("_M_") => code.EndsWith("_C5") ? "5" : "0",
            _ when code.Contains("_LT_") || code.Contains("_PP_") => intactSensory.Contains(code[5..]) ? "2" : "0",
            "VAC" or "DAP" => "0",
            _ => "",
        };
        var cells = await page.Locator("table.isncsci input.answer").AllAsync();
        Assert.Equal(132, cells.Count); // 28 dermatomes x 4 sensory + 10 key muscles x 2
        await cells[0].FocusAsync();
        foreach (var cell in cells)
            await page.Keyboard.TypeAsync(Typed((await cell.GetAttributeAsync("name"))![11..^1]));
        await Assertions.Expect(page.Locator("#item-VAC")).ToBeFocusedAsync(); // the grid hands over to the anorectal exam
        await page.Keyboard.TypeAsync("0");
        await page.Keyboard.TypeAsync("0");
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("isncsci-grid.png"), FullPage = true });
        await page.Keyboard.PressAsync("Enter");

        var expected = InstrumentCatalog.Default.Score(new InstrumentRequest("ISNCSCI",
            InstrumentCatalog.Default.Find("ISNCSCI")!.Definition.Items.Where(i => Typed(i.Code) != "")
                .ToDictionary(i => i.Code, i => Answer.FromTyped(i, Typed(i.Code)))));
        Assert.Equal(ResultStatus.Ok, expected.Status);
        Assert.Equal("A", expected.Classification!["ais"]);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = L("ResponseSaved") })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-classification] [data-key=ais]")).ToHaveTextAsync("A");
        await Assertions.Expect(page.Locator("[data-classification] [data-key=nli]")).ToHaveTextAsync((string)expected.Classification["nli"]!);
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("isncsci-transcribed.png"), FullPage = true });
    }
}
