using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrthoRegen.IntegrationTests.Api;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Research;

public sealed class ResearchApiOnSqliteTests(SqliteServerFixture f) : ResearchApiTests(f.Server), IClassFixture<SqliteServerFixture>;

/// <summary>The dataset download over HTTP: a researcher gets a zip without identifiers; bad input is a 400 naming the field.</summary>
public abstract class ResearchApiTests(OrthoRegenServer server)
{
    static string Unique(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..20];

    [Fact]
    public async Task Dataset_Researcher_GetsAZipWithoutIdentifiers()
    {
        var clinician = await server.SignInAsAsync(Unique("phy"), ["Physician"]);
        var mrn = "MRN-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        await OrthoRegenServer.RegisterPatientAsync(clinician, "Oh", "Jiwoo", mrn);
        var researcher = await server.SignInAsAsync(Unique("res"), ["Researcher"]);

        var r = await researcher.GetAsync("/api/research/dataset?shape=wide&format=spss");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("application/zip", r.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(await r.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);
        Assert.Equal(["dataset.csv", "dataset.sps", "dictionary.csv"], zip.Entries.Select(e => e.FullName).Order());
        foreach (var entry in zip.Entries)
        {
            using var reader = new StreamReader(entry.Open());
            var text = await reader.ReadToEndAsync();
            foreach (var id in new[] { "Jiwoo", mrn, "1961-04-05" }) Assert.DoesNotContain(id, text);
        }
    }

    [Fact]
    public async Task Dataset_BadFormatOrIds_Is400NamingTheField()
    {
        var researcher = await server.SignInAsAsync(Unique("res"), ["Researcher"]);
        var r = await researcher.GetAsync("/api/research/dataset?format=sas");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var errors = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("format", out _));
        var post = await researcher.PostAsJsonAsync("/api/research/dataset", new { shape = "long", patientIds = new[] { "" } });
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.True(JsonDocument.Parse(await post.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("patientIds[0]", out _));
    }

    [Fact]
    public async Task Dataset_RoleOutsideOutcomes_IsForbidden()
    {
        var lab = await server.SignInAsAsync(Unique("lab"), ["CellLab"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await lab.GetAsync("/api/research/dataset")).StatusCode);
    }
}
