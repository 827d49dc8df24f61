using System.Globalization;
using System.Net.Http.Json;
using System.Resources;
using System.Text.RegularExpressions;
using System.Text.Json;
using Microsoft.Playwright;
using OrthoRegen.Data;
using OrthoRegen.Testing;

namespace OrthoRegen.BrowserTests.Hostile;

/// <summary>
/// Issue 9: script and markup that staff typed into free-text fields (patient name, comorbidity and assessment notes (checked for injection only), adverse
/// event term, lot processing notes, evidence study titles, saved cohort name) are shown as text on every page that shows
/// them and in the forest plot SVG: no dialog opens, no element is injected into the DOM, and the text reads literally.
/// </summary>
public sealed class StoredScriptBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    static readonly ResourceManager Ui = new("OrthoRegen.Web.Resources.Ui", typeof(Program).Assembly);
    static string L(string key) => Ui.GetString(key, new CultureInfo("en")) ?? throw new KeyNotFoundException(key);

    // Each payload carries a marker so an injected element or a fired dialog can be traced to the field it came from.
    const string Family = "<script>alert('xss-family')</script>";
    const string Given = "\"><img src=x onerror=alert('xss-given')>";
    const string Comorbidity = "<img src=x onerror=alert('xss-comorbidity')>";
    const string Notes = "</textarea><script>alert('xss-notes')</script>";
    const string AeTerm = "<svg onload=alert('xss-ae')>";
    const string LotNotes = "'\"><script>alert('xss-lot')</script>";
    const string StudyA = "<script>alert('xss-study-a')</script>";
    const string StudyB = "]]><img src=x onerror=alert('xss-study-b')>";
    // The forest plot labels a study by its first author's surname and year, so the authors carry payloads too (no spaces).
    const string AuthorsA = "<script>alert('xss-authors-a')</script>";
    const string AuthorsB = "<img/src=x/onerror=alert('xss-authors-b')>";
    const string Cohort = "<b onmouseover=alert('xss-cohort')>cohort</b>";

    OrthoRegenServer _server = null!;
    public async Task InitializeAsync() => _server = await OrthoRegenServer.StartAsync(DatabaseProvider.Sqlite);
    public async Task DisposeAsync() => await _server.DisposeAsync();

    static async Task<JsonElement> Ok(HttpResponseMessage r)
    {
        var text = await r.Content.ReadAsStringAsync();
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"{r.RequestMessage?.RequestUri}: {(int)r.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>The id of a created record, whether the response is the record or wraps it ({"record": …}, {"adverseEvent": …}).</summary>
    static string IdOf(JsonElement created) =>
        created.TryGetProperty("id", out var id) ? id.GetString()!
        : created.EnumerateObject().Select(p => p.Value).First(v => v.ValueKind == JsonValueKind.Object && v.TryGetProperty("id", out _)).GetProperty("id").GetString()!;

    static object Study(string title, string authors, double mean) => new
    {
        title, authors, year = 2021, doi = $"10.1000/x{mean}", design = "RCT", indication = "KNEE_OA", sourceLabel = "Table 2",
        arms = new object[] { new { name = "MSC", role = "TREATMENT", n = 30 }, new { name = "Saline", role = "CONTROL", n = 30 } },
        outcomes = new object[]
        {
            new { arm = "MSC", instrument = "PAIN_VAS", subscale = "vas_mm", month = 12, mean, sd = 20, n = 30 },
            new { arm = "Saline", instrument = "PAIN_VAS", subscale = "vas_mm", month = 12, mean = 62, sd = 23, n = 30 },
        },
    };

    [Fact]
    public async Task StoredScriptPayloads_AreShownAsText_OnEveryPageAndInTheForestPlot()
    {
        var staff = await _server.SignInAsAsync("hostile.browser", ["Admin", "Physician", "CellLab", "Coordinator", "Safety"], allSites: true);
        var (patientId, consentId) = await PathwaySetUp.ReadyPatientAsync(staff, "MRN-XSS-1");
        Assert.Equal(200, (int)(await staff.PutAsJsonAsync($"/api/patients/{patientId}", new
        {
            version = 1, reason = "payload", familyName = Family, givenName = Given, birthDate = "1961-04-05", sex = "F", language = "ko", recordNumber = "MRN-XSS-1",
        })).StatusCode);
        await Ok(await staff.PostAsJsonAsync($"/api/patients/{patientId}/comorbidities", new { icd10 = "E11.9", description = Comorbidity, active = true }));
        var assessment = await Ok(await staff.PostAsJsonAsync($"/api/patients/{patientId}/assessments", new
        {
            indication = "KNEE_OA", target = "KNEE_L", assessedOn = DateTime.UtcNow.ToString("yyyy-MM-dd"), symptomDurationMonths = 10, notes = Notes,
            imaging = new[] { new { modality = "XRAY", readOn = DateTime.UtcNow.ToString("yyyy-MM-dd"), reader = "Dr Park", klGrade = 2 } },
        }));
        var ae = await Ok(await staff.PostAsJsonAsync($"/api/patients/{patientId}/adverse-events", new
        {
            term = AeTerm, ctcaeVersion = "5.0", grade = 1, onset = DateTime.UtcNow.ToString("yyyy-MM-dd"), outcome = "RECOVERING",
            relatedToProduct = "POSSIBLE", relatedToProcedure = "POSSIBLE", action = "NONE", awareDate = DateTime.UtcNow.ToString("yyyy-MM-dd"),
        }));
        var planId = await PathwaySetUp.KneePlanAsync(staff, patientId, consentId);
        var lot = await PathwaySetUp.ReleasedLotAsync(_server, patientId, planId, "L-XSS-1");
        await Ok(await staff.PostAsJsonAsync($"/api/lab/lots/{lot.Id}/processing", new
        {
            step = "EXPANSION", performedAt = DateTimeOffset.UtcNow.AddHours(-1).ToString("O"), performedBy = "lab.tech", passage = 2, cultureDays = 14, notes = LotNotes,
        }));
        var studyA = IdOf(await Ok(await staff.PostAsJsonAsync("/api/evidence/studies", Study(StudyA, AuthorsA, 41))));
        await Ok(await staff.PostAsJsonAsync("/api/evidence/studies", Study(StudyB, AuthorsB, 45)));
        await Ok(await staff.PostAsJsonAsync("/api/outcomes/cohorts", new { name = Cohort, definition = new { klGrades = new[] { 2 } } }));

        var options = new BrowserNewContextOptions { Locale = "en-GB", ViewportSize = new ViewportSize { Width = 1200, Height = 900 }, BaseURL = _server.BaseAddress.ToString() };
        await using var context = await browser.Browser.NewContextAsync(options);
        var page = await context.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += async (_, d) => { dialogs.Add(d.Message); await d.DismissAsync(); };
        await page.GotoAsync("/");
        await page.GetByLabel(L("Username"), new() { Exact = true }).FillAsync("hostile.browser");
        await page.GetByLabel(L("Password"), new() { Exact = true }).FillAsync(OrthoRegenServer.UserPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = L("SignIn") }).ClickAsync();
        await Security.BrowserSignIn.AnswerCodeIfAskedAsync(page, _server, "hostile.browser"); // Admin: two-factor sign-in
        await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("/login"));

        const string meta = "instrument=PAIN_VAS&subscale=vas_mm&month=12&measure=MD&method=DL&test=z&clinic=false";
        (string Url, string[] Literal)[] pages =
        [
            ($"/patients?q=MRN-XSS-1", [Family]),
            ($"/patients/{patientId}", [Family, Given]),
            ($"/patients/{patientId}/candidacy/{IdOf(assessment)}", []), // the assessment (its notes field holds a payload)
            ($"/patients/{patientId}/adverse-events", [AeTerm]),
            ($"/adverse-events/{IdOf(ae)}", [AeTerm]),
            ($"/lab/lots/{lot.Id}", [LotNotes]),
            ("/evidence", [StudyA, StudyB]),
            ($"/evidence/studies/{studyA}", [StudyA]),
            ($"/evidence/meta?{meta}", [AuthorsA, AuthorsB]),
            ("/hostile/forest.svg", [AuthorsA, AuthorsB]),
            ("/outcomes", [Cohort]),
        ];
        // The API serves the plot as a download; open the same bytes as an SVG document (where a <script> would run).
        var forest = await staff.GetByteArrayAsync($"/api/evidence/meta/forest.svg?{meta}");
        await page.RouteAsync("**/hostile/forest.svg", r => r.FulfillAsync(new() { BodyBytes = forest, ContentType = "image/svg+xml", Status = 200 }));
        var problems = new List<string>();
        foreach (var (url, literal) in pages)
        {
            var response = await page.GotoAsync(url); // waits for the load event
            if (response is null || !response.Ok) { problems.Add($"{url}: {(response is null ? "no response" : response.Status.ToString(CultureInfo.InvariantCulture))}"); continue; }
            // Injected elements: an <img src=x>, an <svg onload>, a <b onmouseover>, or a script carrying one of the markers.
            var injected = await page.EvaluateAsync<int>("""
                () => document.querySelectorAll('img[src="x"], [onerror], [onload], [onmouseover]').length
                    + [...document.querySelectorAll('script')].filter(s => s.textContent.includes('xss-')).length
                """);
            if (injected > 0) problems.Add($"{url}: {injected} injected element(s)");
            var text = await page.EvaluateAsync<string>("() => document.documentElement.textContent");
            foreach (var l in literal)
                if (!text.Contains(l, StringComparison.Ordinal)) problems.Add($"{url}: the text '{l}' is not shown literally");
        }
        Assert.True(dialogs.Count == 0, "dialogs fired: " + string.Join(", ", dialogs));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
