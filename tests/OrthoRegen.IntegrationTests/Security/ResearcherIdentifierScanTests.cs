using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using OrthoRegen.Accounts;
using OrthoRegen.IntegrationTests.Api;
using OrthoRegen.Testing;
using Xunit.Abstractions;

namespace OrthoRegen.IntegrationTests.Security;

public sealed class ResearcherScanOnSqliteTests(SqliteServerFixture f, ITestOutputHelper output) : ResearcherIdentifierScanTests(f.Server, output), IClassFixture<SqliteServerFixture>;
public sealed class ResearcherScanOnPostgresTests(PostgresServerFixture f, ITestOutputHelper output) : ResearcherIdentifierScanTests(f.Server, output), IClassFixture<PostgresServerFixture>;

/// <summary>
/// Researchers never receive a direct identifier: patients with distinctive names (Latin, Hangul, Hanzi), phone
/// numbers, e-mail addresses, record numbers, national ids and exact birth dates are seeded, and every byte a researcher
/// can fetch (every GET endpoint and page of the access table, every export, unzipped) is scanned for them, as written
/// and URL-encoded, JSON-escaped and HTML-encoded.
/// </summary>
public abstract class ResearcherIdentifierScanTests(OrthoRegenServer server, ITestOutputHelper output)
{
    static string U() => Guid.NewGuid().ToString("N")[..6];

    [Fact]
    public async Task Researcher_EveryEndpointPageAndExport_CarriesNoDirectIdentifier()
    {
        var callers = await AccessCallers.SignInAsync(server, [Roles.Physician, Roles.Coordinator, Roles.Researcher], "rs" + U());
        var latin = new SeedIdentity("Quennellworth", "Ysolde", "1957-02-19", "MRN-QY-" + U(), "570219-2748135", "010-7316-4482", "ysolde.q@example.org");
        var hanzi = new SeedIdentity("欧阳", "霁月", "1963-08-27", "MRN-HZ-" + U(), "110105196308274417", "139-2718-0936", "jiyue.ouyang@example.cn");
        var hangul = new SeedIdentity("독고", "빛누리", "1959-12-03", "MRN-KR-" + U(), "591203-2193746", "010-9482-1673", "bitnuri@example.kr");
        var seed = await AccessSeed.CreateAsync(server, callers.As(Roles.Physician), callers.As(Roles.Coordinator), latin, hanzi, "L-RS-" + U());
        var physician = callers.As(Roles.Physician);
        var third = (await (await physician.PostAsJsonAsync("/api/patients", new
        {
            familyName = hangul.Family, givenName = hangul.Given, birthDate = hangul.BirthDate, sex = "M", language = "ko", recordNumber = hangul.RecordNumber,
            nationalId = hangul.NationalId, phone = hangul.Phone, email = hangul.Email,
        })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.NotNull(third);

        var researcher = callers.As(Roles.Researcher);
        var saved = await researcher.PostAsJsonAsync("/api/outcomes/cohorts", new { name = "scan " + U(), definition = new { } });
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        var cohortId = (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var needles = Needles([latin, hanzi, hangul]);
        var paths = AccessTable.Rows
            .Where(r => r.Method == "GET" && r.Allowed.HasFlag(Caller.Researcher) && r.Pattern != "/{**path:file}")
            .Select(r => r.Pattern.Replace("{cohortId}", cohortId, StringComparison.Ordinal))
            .Select(p => seed.Fill(p))
            .ToList();
        // The same endpoints for the other patients, and every export shape and format.
        foreach (var p in paths.Where(p => p.Contains(seed.PatientId, StringComparison.Ordinal)).ToList())
            paths.AddRange([p.Replace(seed.PatientId, seed.PortalPatientId, StringComparison.Ordinal), p.Replace(seed.PatientId, third, StringComparison.Ordinal)]);
        foreach (var shape in new[] { "long", "wide" })
            foreach (var format in new[] { "csv", "r", "spss" })
                paths.AddRange([$"/api/research/dataset?shape={shape}&format={format}", $"/api/research/cohorts/{cohortId}/dataset?shape={shape}&format={format}"]);
        paths.AddRange(["/api/patients?q=", "/api/patients?q=Quennellworth", "/api/patients?q=%EB%8F%85%EA%B3%A0", "/api/outcomes/cohort?pageSize=500",
            "/outcomes/report", $"/outcomes?cohort={cohortId}", "/api/follow-up/worklist?days=3650"]);

        var hits = new List<string>();
        long bytes = 0;
        var scanned = 0;
        foreach (var path in paths.Distinct())
        {
            var r = await researcher.GetAsync(path);
            Assert.True((int)r.StatusCode is not (401 or 403) and < 500, $"GET {path} as Researcher: {(int)r.StatusCode}");
            foreach (var (name, content) in await BodiesAsync(r))
            {
                bytes += content.Length;
                scanned++;
                foreach (var (what, needle) in needles)
                    if (content.Contains(needle, StringComparison.Ordinal)) hits.Add($"GET {path}{(name is null ? "" : " [" + name + "]")}: {what}");
            }
        }
        // The dataset export by POST as well.
        foreach (var (name, content) in await BodiesAsync(await researcher.PostAsJsonAsync("/api/research/dataset", new { shape = "wide", format = "spss" })))
            foreach (var (what, needle) in needles)
                if (content.Contains(needle, StringComparison.Ordinal)) hits.Add($"POST /api/research/dataset [{name}]: {what}");

        // The needles do match what the API sends to a role that sees identifiers (so a leak could not slip past the scan).
        var chart = await physician.GetStringAsync($"/api/patients/{third}");
        Assert.Contains(needles, n => n.Needle == JavaScriptEncoder.Default.Encode(hangul.Given) && chart.Contains(n.Needle, StringComparison.Ordinal)
            || n.Needle == hangul.Given && chart.Contains(n.Needle, StringComparison.Ordinal));
        Assert.Contains(needles, n => chart.Contains(n.Needle, StringComparison.Ordinal) && n.What.StartsWith("national id", StringComparison.Ordinal));

        output.WriteLine($"{paths.Distinct().Count()} researcher requests, {scanned} bodies, {bytes:N0} characters scanned for {needles.Count} identifier forms on {server.Provider}");
        Assert.True(hits.Count == 0, "A researcher received direct identifiers:\n" + string.Join("\n", hits.Distinct().Take(60)));
    }

    /// <summary>Each identifier as written, URL-encoded, JSON-escaped (both encoders) and HTML-encoded; phone digits alone too.</summary>
    static List<(string What, string Needle)> Needles(IEnumerable<SeedIdentity> people)
    {
        var list = new List<(string, string)>();
        var strictJson = JavaScriptEncoder.Default;
        var html = HtmlEncoder.Create(UnicodeRanges.BasicLatin);
        foreach (var p in people)
        {
            foreach (var (field, value) in new[]
            {
                ("family name", p.Family), ("given name", p.Given), ("birth date", p.BirthDate), ("record number", p.RecordNumber),
                ("national id", p.NationalId), ("phone", p.Phone), ("phone digits", p.Phone.Replace("-", "", StringComparison.Ordinal)), ("e-mail", p.Email),
            })
            {
                foreach (var form in new[] { value, Uri.EscapeDataString(value), strictJson.Encode(value), html.Encode(value), JsonSerializer.Serialize(value).Trim('"') }.Distinct())
                    list.Add(($"{field} of {p.Family} ({form})", form));
            }
        }
        return list;
    }

    /// <summary>The text of a response; a zip (dataset export) gives one entry per file.</summary>
    static async Task<IReadOnlyList<(string? Name, string Content)>> BodiesAsync(HttpResponseMessage r)
    {
        var raw = await r.Content.ReadAsByteArrayAsync();
        if (r.Content.Headers.ContentType?.MediaType != "application/zip") return [(null, Encoding.UTF8.GetString(raw))];
        using var zip = new ZipArchive(new MemoryStream(raw), ZipArchiveMode.Read);
        var list = new List<(string?, string)>();
        foreach (var entry in zip.Entries)
        {
            await using var s = entry.Open();
            using var reader = new StreamReader(s, Encoding.UTF8);
            list.Add((entry.FullName, await reader.ReadToEndAsync()));
        }
        return list;
    }
}
