using System.Globalization;
using System.Resources;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OrthoRegen.Accounts;
using OrthoRegen.Assessment;
using OrthoRegen.Candidacy;
using OrthoRegen.Data;
using OrthoRegen.FollowUp;
using OrthoRegen.Instruments;
using OrthoRegen.Patients;
using OrthoRegen.Testing;
using OrthoRegen.Treatment;

namespace OrthoRegen.BrowserTests.Outcomes;

/// <summary>
/// A researcher builds a cohort in the browser (cell source filter), saves it by name, opens the trajectories with the
/// spaghetti option and downloads the CSV, whose change at 6 months is the one on the page. Four treated knees are built
/// through the Core stores with WOMAC at baseline and 6 months.
/// </summary>
public sealed class CohortBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    static readonly ResourceManager Ui = new("OrthoRegen.Web.Resources.Ui", typeof(Program).Assembly);
    static string L(string key) => Ui.GetString(key, new CultureInfo("en")) ?? throw new KeyNotFoundException(key);
    OrthoRegenServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await OrthoRegenServer.StartAsync(DatabaseProvider.Sqlite);
        var s = _server.Services;
        var main = (await s.GetRequiredService<SiteStore>().ListAsync(default)).Single(x => x.Code == "MAIN");
        var dr = new Actor("u-dr", "dr.seed", [Roles.Physician], false, [main.Id], "seed");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        (string Source, int PainBase, int PainM6)[] knees = [("BM_MSC", 3, 1), ("BM_MSC", 4, 2), ("BM_MSC", 2, 2), ("AD_MSC", 3, 3)];
        for (var i = 0; i < knees.Length; i++)
        {
            var day0 = today.AddDays(-300 - i);
            var before = day0.AddDays(-20).ToString("yyyy-MM-dd");
            var p = Done(await s.GetRequiredService<PatientStore>().RegisterAsync(dr, new RegisterPatient
            {
                FamilyName = "Han" + i, GivenName = "Seo", BirthDate = "1958-05-05", Sex = "F", Language = "ko", HeightCm = 160, WeightKg = 62,
            }, default));
            var consent = Done(await s.GetRequiredService<ConsentStore>().RecordAsync(dr, p.Id, new RecordConsent
            {
                FormCode = "TREATMENT", FormVersion = "1.0", Language = "ko", SignedAt = today.AddDays(-1).ToString("yyyy-MM-dd"), Signer = "PATIENT",
                Pathway = "KR_ARM_RESEARCH", RisksExplained = true, EvidenceLevelExplained = true, AlternativesExplained = true, PersonalDataProcessing = true, RightToWithdraw = true,
            }, default));
            var a = Done(await s.GetRequiredService<AssessmentStore>().RecordAsync(dr, p.Id, new RecordAssessment
            {
                Indication = "KNEE_OA", Target = "KNEE_R", AssessedOn = before, SymptomDurationMonths = 14,
                Imaging = [new ImagingReadInput { Modality = "XRAY", ReadOn = before, Reader = "Dr Lee", KlGrade = 3 }],
                ConservativeTreatments = [new ConservativeTreatmentInput { Type = "IA_HA", Response = "PARTIAL_TRANSIENT", LastIaInjectionOn = "2024-01-10" }],
            }, default));
            Done(await s.GetRequiredService<CandidacyStore>().DecideAsync(dr, p.Id, new RecordCandidacyDecision { AssessmentId = a.Id, Decision = "PROCEED" }, default));
            var plan = Done(await s.GetRequiredService<TreatmentPlanStore>().CreateAsync(dr, p.Id, new PlanTreatment
            {
                Indication = "KNEE_OA", Target = "KNEE_R", ConsentId = consent.Id, CellSource = knees[i].Source, Origin = "AUTOLOGOUS", Manipulation = "MORE_THAN_MINIMAL",
                TotalCellsE6 = 50, Route = "INTRA_ARTICULAR", Guidance = "ULTRASOUND", PlannedInjections = 1, RegulatoryPathway = "KR_ARM_RESEARCH",
            }, default));
            Done(await s.GetRequiredService<FollowUpStore>().StartAsync(dr, p.Id, new StartSchedule { Target = "KNEE_R", Day0 = day0.ToString("yyyy-MM-dd"), PlanId = plan.Id }, default));
            foreach (var (day, pain, visit) in new[] { (-2, knees[i].PainBase, "BASE"), (185, knees[i].PainM6, "M6") })
            {
                var items = new Dictionary<string, JsonElement>();
                for (var k = 1; k <= 5; k++) items[$"P{k}"] = JsonSerializer.SerializeToElement(pain);
                for (var k = 1; k <= 2; k++) items[$"S{k}"] = JsonSerializer.SerializeToElement(2);
                for (var k = 1; k <= 17; k++) items[$"F{k}"] = JsonSerializer.SerializeToElement(2);
                Done(await s.GetRequiredService<ResponseStore>().SubmitAsync(dr, p.Id, new SubmitResponse
                {
                    Instrument = "WOMAC", Items = items, Language = "ko", Mode = "CLINIC_TABLET", VisitCode = visit, Target = "KNEE_R",
                    CompletedOn = day0.AddDays(day).ToString("yyyy-MM-dd"),
                }, default));
            }
        }
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    static T Done<T>(Outcome<T> o) => o is Outcome<T>.Done d ? d.Value : throw new InvalidOperationException($"Set-up step failed: {o}");

    [Fact]
    public async Task Researcher_BuildsCohort_OpensTrajectories_DownloadsCsv()
    {
        await _server.SignInAsAsync("re.kang", ["Researcher"]);
        var options = new BrowserNewContextOptions
        {
            Locale = "en-GB", ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, BaseURL = _server.BaseAddress.ToString(), AcceptDownloads = true,
        };
        await using var context = await browser.Browser.NewContextAsync(options);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel(L("Username"), new() { Exact = true }).FillAsync("re.kang");
        await page.GetByLabel(L("Password"), new() { Exact = true }).FillAsync(OrthoRegenServer.UserPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = L("SignIn") }).ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = L("OcNav"), Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#members-heading")).ToHaveTextAsync(string.Format(L("OcMemberCount"), 4));
        await page.GetByLabel(L("PlanCellSource_BM_MSC")).CheckAsync();
        await page.GetByLabel(L("OcF_ageMin"), new() { Exact = true }).FillAsync("40");
        await page.GetByRole(AriaRole.Button, new() { Name = L("OcApply") }).ClickAsync();
        await Assertions.Expect(page.Locator("#members-heading")).ToHaveTextAsync(string.Format(L("OcMemberCount"), 3));
        Assert.Equal(3, await page.Locator("#members tbody tr").CountAsync());

        await page.GetByLabel(L("OcCohortName"), new() { Exact = true }).FillAsync("BM-MSC knees over 40");
        await page.GetByRole(AriaRole.Button, new() { Name = L("OcSave"), Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#saved-cohorts")).ToContainTextAsync("BM-MSC knees over 40");
        await Assertions.Expect(page.Locator("#members-heading")).ToHaveTextAsync(string.Format(L("OcMemberCount"), 3));

        await page.GetByRole(AriaRole.Link, new() { Name = L("OcTrajectories") }).ClickAsync();
        await page.GetByLabel(L("OcInstrument"), new() { Exact = true }).SelectOptionAsync("WOMAC");
        await page.GetByLabel(L("OcScore"), new() { Exact = true }).FillAsync("pain_100");
        await page.GetByLabel(L("OcSpaghetti")).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = L("OcShow"), Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#trajectory-chart svg")).ToBeVisibleAsync();
        Assert.Equal(1 + 3, await page.Locator("#trajectory-chart svg polyline").CountAsync());
        var m6OnPage = await page.Locator("table.trajectory tr[data-visit=M6] td.mean-change").InnerTextAsync();
        await page.ScreenshotAsync(new() { Path = BrowserFixture.ScreenshotPath("outcomes-trajectories-en.png"), FullPage = true });

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download-csv").ClickAsync());
        var path = await download.PathAsync();
        var lines = (await File.ReadAllTextAsync(path!)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        var m6 = lines.Single(l => l.Split(',')[2] == "M6").Split(',');
        Assert.Equal("3", m6[Array.IndexOf(header, "observed")]);
        var mean = double.Parse(m6[Array.IndexOf(header, "mean_change")], CultureInfo.InvariantCulture);
        Assert.Equal(m6OnPage, mean.ToString("0.0#", CultureInfo.InvariantCulture));
        Assert.True(mean < 0); // pain (higher = worse) fell on average
    }
}
