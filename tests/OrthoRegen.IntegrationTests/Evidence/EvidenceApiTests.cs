using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using OrthoRegen.Evidence;
using OrthoRegen.IntegrationTests.Api;
using OrthoRegen.Statistics.Meta;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Evidence;

public sealed class EvidenceApiOnSqliteTests(SqliteServerFixture f) : EvidenceApiTests(f.Server), IClassFixture<SqliteServerFixture>;
public sealed class EvidenceApiOnPostgresTests(PostgresServerFixture f) : EvidenceApiTests(f.Server), IClassFixture<PostgresServerFixture>;

/// <summary>The evidence HTTP contract on a real server: the endpoint's numbers are the engine's on the same studies.</summary>
public abstract class EvidenceApiTests(OrthoRegenServer server)
{
    static int _users;
    static string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref _users)}";
    static async Task<JsonElement> JsonAsync(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Meta_EndpointNumbersEqualTheEngine_AndDownloadsParse()
    {
        var researcher = await server.SignInAsAsync(Unique("res"), ["Researcher"]);
        var instrument = "TEST_" + Unique("I").ToUpperInvariant();
        var trials = new[] { (2015, 38.0, 41.0, 15), (2017, 25.0, 44.0, 30), (2019, 30.0, 45.0, 20), (2021, 33.0, 39.0, 25) };
        foreach (var (year, t, c, n) in trials)
        {
            var body = EvidenceStoreTests.Trial($"Author{year} A, B", year, t, c, n) with
            {
                Outcomes =
                [
                    new() { Arm = "MSC", Instrument = instrument, Subscale = "score", Month = 6, Mean = t, Sd = 12, N = n },
                    new() { Arm = "Saline", Instrument = instrument, Subscale = "score", Month = 6, Mean = c, Sd = 14, N = n },
                ],
            };
            var created = await researcher.PostAsJsonAsync("/api/evidence/studies", body);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var query = $"?instrument={instrument}&subscale=score&month=6&measure=SMD&method=DL&test=knha&clinic=false";
        var r = await researcher.GetAsync("/api/evidence/meta" + query);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var json = await JsonAsync(r);

        var effects = ((Outcome<IReadOnlyList<StudyEffect>>.Done)EffectSizes.FromMeans(
            trials.Select((x, i) => new ContinuousArms(i + 1, $"s{i}", x.Item4, x.Item2, 12, x.Item4, x.Item3, 14)).ToList(),
            EffectMeasure.StandardizedMeanDifference)).Value;
        var expected = ((Outcome<MetaReport>.Done)MetaAnalysis.Analyse(effects, new MetaOptions(Tau2.DerSimonianLaird, MetaTest.KnappHartung)
        { Egger = true, TrimFill = true, LeaveOneOut = true, Cumulative = true })).Value;
        Assert.Equal(4, json.GetProperty("k").GetInt32());
        Assert.Equal(expected.Overall.Estimate, json.GetProperty("estimate").GetDouble(), 12);
        Assert.Equal(expected.Overall.CiUpper, json.GetProperty("ciUpper").GetDouble(), 12);
        Assert.Equal(expected.Overall.Tau2, json.GetProperty("tau2").GetDouble(), 12);
        Assert.Equal(expected.Overall.PredictionInterval!.Value.Lower, json.GetProperty("predictionInterval").GetProperty("lower").GetDouble(), 12);
        Assert.Equal(expected.Egger!.PValue, json.GetProperty("egger").GetProperty("pValue").GetDouble(), 12);
        Assert.Equal(expected.Cumulative![1].Estimate, json.GetProperty("cumulative")[1].GetProperty("estimate").GetDouble(), 12);

        var forestCsv = await researcher.GetAsync("/api/evidence/meta/forest.csv" + query);
        Assert.Equal("text/csv", forestCsv.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", forestCsv.Content.Headers.ContentDisposition?.ToString());
        var pooled = (await forestCsv.Content.ReadAsStringAsync()).Split('\n').Single(l => l.StartsWith("pooled,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(expected.Overall.Estimate, double.Parse(pooled[3], CultureInfo.InvariantCulture), 14);

        foreach (var chart in new[] { "forest.svg", "funnel.svg" })
        {
            var svg = await researcher.GetAsync($"/api/evidence/meta/{chart}" + query);
            Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
            XDocument.Parse(await svg.Content.ReadAsStringAsync());
        }
        var funnelCsv = await (await researcher.GetAsync("/api/evidence/meta/funnel.csv" + query)).Content.ReadAsStringAsync();
        Assert.Equal(4 + expected.TrimFill!.K0 + 1, funnelCsv.TrimEnd('\n').Split('\n').Length);
    }

    [Fact]
    public async Task Import_BadFile_Is400ByCell_AndNothingIsStored()
    {
        var physician = await server.SignInAsAsync(Unique("doc"), ["Physician"]);
        var before = (await JsonAsync(await physician.GetAsync("/api/evidence/studies"))).GetArrayLength();
        var data = ((Outcome<StudyData>.Done)StudyValidation.Validate(EvidenceStoreTests.Trial("Unique Q", 2018), 2030)).Value;
        var csv = StudyCsv.Write([("a", data), ("b", data with { Title = "Second" })]);
        var broken = csv.Replace(",TREATMENT,20,", ",TREATMENT,-3,");
        var r = await physician.PostAsync("/api/evidence/studies/import", new StringContent(broken, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var errors = (await JsonAsync(r)).GetProperty("errors");
        Assert.True(errors.TryGetProperty(EvidenceMessages.Cell(3, "arm_n"), out _), errors.ToString());
        Assert.Equal(before, (await JsonAsync(await physician.GetAsync("/api/evidence/studies"))).GetArrayLength());

        var ok = await physician.PostAsync("/api/evidence/studies/import", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(2, (await JsonAsync(ok)).GetProperty("imported").GetInt32());
        var export = await physician.GetStringAsync("/api/evidence/studies.csv");
        Assert.StartsWith(string.Join(",", StudyCsv.Columns), export);
        Assert.Contains("Second", export);
    }

    [Fact]
    public async Task Create_Invalid_Is400NamingFields_AndOtherRolesAre403()
    {
        var researcher = await server.SignInAsAsync(Unique("res"), ["Researcher"]);
        var r = await researcher.PostAsJsonAsync("/api/evidence/studies", new { title = "x", year = 2020, design = "RCT", indication = "KNEE_OA", sourceLabel = "s",
            pmid = "abc", arms = new[] { new { name = "A", role = "TREATMENT", n = 0 } } });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var errors = (await JsonAsync(r)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("pmid", out _));
        Assert.True(errors.TryGetProperty("arms[0].n", out _));

        var coordinator = await server.SignInAsAsync(Unique("coord"), ["Coordinator"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.GetAsync("/api/evidence/studies")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await researcher.GetAsync("/api/evidence/studies/0123456789abcdef0123456789abcdef")).StatusCode);
        var badQuery = await researcher.GetAsync("/api/evidence/meta?instrument=PAIN_VAS&subscale=vas_mm&measure=XX&method=FOO");
        Assert.Equal(HttpStatusCode.BadRequest, badQuery.StatusCode);
        var e2 = (await JsonAsync(badQuery)).GetProperty("errors");
        Assert.True(e2.TryGetProperty("measure", out _) && e2.TryGetProperty("method", out _));
    }

    [Fact]
    public async Task Prisma_DiagramSvgParses_AndGradeSummaryIsServed()
    {
        var researcher = await server.SignInAsAsync(Unique("res"), ["Researcher"]);
        var created = await researcher.PostAsJsonAsync("/api/evidence/prisma", new
        {
            title = "API review", identifiedSources = new[] { new { source = "Embase", count = 50 } }, duplicatesRemoved = 5, screened = 45,
            excludedScreening = 30, reportsSought = 15, reportsNotRetrieved = 1, reportsAssessed = 14,
            reportsExcluded = new[] { new { reason = "Wrong population", count = 10 } }, studiesIncluded = 4, reportsIncluded = 4,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await JsonAsync(created)).GetProperty("id").GetString();
        var svg = XDocument.Parse(await researcher.GetStringAsync($"/api/evidence/prisma/{id}/diagram.svg"));
        Assert.Contains(svg.Descendants(XName.Get("text", "http://www.w3.org/2000/svg")), t => t.Value == "Records screened (n = 45)");

        var grade = await researcher.PostAsJsonAsync("/api/evidence/grade", new
        {
            instrument = "PAIN_VAS", subscale = "vas_mm", measure = "MD", method = "REML", test = "z", evidence = "OBSERVATIONAL",
            riskOfBias = "NO", inconsistency = "NO", indirectness = "NO", imprecision = "NO", publicationBias = "NO", largeEffect = 1,
        });
        Assert.Equal(HttpStatusCode.Created, grade.StatusCode);
        var summary = await JsonAsync(await researcher.GetAsync("/api/evidence/grade/summary"));
        Assert.Contains(summary.EnumerateArray(), row => row.GetProperty("rating").GetProperty("certainty").GetString() == "MODERATE");
    }
}

public sealed class EvidencePagesOnSqliteTests(SqliteServerFixture f) : EvidencePageTests(f.Server), IClassFixture<SqliteServerFixture>;

/// <summary>Every evidence page renders for a researcher, with the numbers the API gives on the same library.</summary>
public abstract class EvidencePageTests(OrthoRegenServer server)
{
    [Fact]
    public async Task Pages_RenderTheLibraryWorkspacePrismaAndGrade()
    {
        var researcher = await server.SignInAsAsync("res.pages", ["Researcher"]);
        Assert.Equal(HttpStatusCode.OK, (await researcher.PostAsync("/api/evidence/demo", null)).StatusCode);
        var studies = JsonDocument.Parse(await researcher.GetStringAsync("/api/evidence/studies")).RootElement;
        var ma = studies.EnumerateArray().First(s => s.GetProperty("demoKey").GetString() == "ma-2020");

        var library = await researcher.GetStringAsync("/evidence?design=META_ANALYSIS");
        Assert.Contains("Ma 2020: meta-analysis of MSC for knee OA", library);
        Assert.DoesNotContain("Hernigou 2020", library);
        var study = await researcher.GetStringAsync($"/evidence/studies/{ma.GetProperty("id").GetString()}");
        Assert.Contains("https://pmc.ncbi.nlm.nih.gov/articles/PMC7717742", study);
        Assert.Contains("-19.24", study);

        var meta = await researcher.GetStringAsync("/evidence/meta?instrument=PAIN_VAS&subscale=vas_mm&measure=MD&method=REML&test=z");
        var api = JsonDocument.Parse(await researcher.GetStringAsync("/api/evidence/meta?instrument=PAIN_VAS&subscale=vas_mm&measure=MD&method=REML&test=z")).RootElement;
        Assert.Contains("<svg", meta);
        Assert.Contains(api.GetProperty("estimate").GetDouble().ToString("0.00", CultureInfo.InvariantCulture), meta);
        Assert.Contains("Pick a time point in months", meta); // EvidenceMessages.ClinicNeedsMonth, HTML-encoded after that

        (await researcher.PostAsJsonAsync("/api/evidence/prisma", new
        {
            title = "Page review", identifiedSources = new[] { new { source = "PubMed", count = 12 } }, duplicatesRemoved = 2, screened = 10,
            excludedScreening = 5, reportsSought = 5, reportsNotRetrieved = 0, reportsAssessed = 5, reportsExcluded = Array.Empty<object>(),
            studiesIncluded = 5, reportsIncluded = 5,
        })).EnsureSuccessStatusCode();
        Assert.Contains("Records screened (n = 10)", await researcher.GetStringAsync("/evidence/prisma"));

        (await researcher.PostAsJsonAsync("/api/evidence/grade", new
        {
            instrument = "PAIN_VAS", subscale = "vas_mm", measure = "MD", method = "REML", test = "z", evidence = "RANDOMISED",
            riskOfBias = "SERIOUS", inconsistency = "SERIOUS", indirectness = "NO", imprecision = "NO", publicationBias = "NO",
        })).EnsureSuccessStatusCode();
        var grade = await researcher.GetStringAsync("/evidence/grade");
        Assert.Contains("data-certainty=\"LOW\"", grade);
        Assert.Contains($"MD {api.GetProperty("estimate").GetDouble().ToString("0.00", CultureInfo.InvariantCulture)}", grade);
        Assert.Equal(HttpStatusCode.OK, (await researcher.GetAsync("/evidence/studies/new")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await researcher.GetAsync("/evidence/import")).StatusCode);
    }
}
