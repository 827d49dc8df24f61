using System.Net;
using System.Text.Json;
using OrthoRegen.Data;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Instruments;

/// <summary>
/// A clinic's own instrument files wired through configuration: MCID/PASS thresholds (Instruments:ThresholdsFile) and
/// licensed wordings (Instruments:LicensedWordingsFolder) reach the API, the FHIR export and the transcription form.
/// </summary>
public sealed class ClinicInstrumentFilesTests : IAsyncLifetime
{
    readonly string _folder = Directory.CreateTempSubdirectory("orthoregen-clinic-files-").FullName;
    OrthoRegenServer _server = null!;

    const string Wording = """
        { "instrument": "WOMAC", "version": "3.1", "language": "ko", "licence": "TEST licence 0001, to 2027-12-31",
          "items": { "P1": { "text": "평지 보행 시 통증 (라이선스 문구)", "options": { "0": "전혀 없음(라이선스)", "4": "극심함(라이선스)" } } } }
        """;

    const string Thresholds = """
        { "instruments": { "PAIN_NRS": {
            "change": [ { "score": "nrs", "population": "knee_oa", "kind": "MinimalImportantChange", "absolute": 3, "relativePercent": null, "source": "Clinic protocol 2026" } ],
            "pass": [] } } }
        """;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "wordings"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "wordings", "womac-ko.json"), Wording);
        await File.WriteAllTextAsync(Path.Combine(_folder, "thresholds.json"), Thresholds);
        _server = await OrthoRegenServer.StartAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?>
        {
            ["Instruments:LicensedWordingsFolder"] = Path.Combine(_folder, "wordings"),
            ["Instruments:ThresholdsFile"] = Path.Combine(_folder, "thresholds.json"),
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Definition_CarriesTheClinicThresholds_WithTheirSource()
    {
        var coordinator = await _server.SignInAsAsync("coord.files1", ["Coordinator"]);
        using var doc = JsonDocument.Parse(await coordinator.GetStringAsync("/api/instruments/PAIN_NRS"));
        var text = doc.RootElement.GetRawText();
        Assert.Contains("Clinic protocol 2026", text);
        Assert.Contains("knee_oa", text);
        Assert.DoesNotContain("low_back_pain", text); // the file replaced the instrument's defaults wholly
    }

    [Fact]
    public async Task FhirExportAndTranscriptionForm_UseTheLicensedWording_InItsLanguageOnly()
    {
        var coordinator = await _server.SignInAsAsync("coord.files2", ["Coordinator"]);
        var fhir = await coordinator.GetStringAsync("/api/instruments/WOMAC?format=fhir&lang=ko");
        Assert.Contains("평지 보행 시 통증 (라이선스 문구)", fhir);
        Assert.DoesNotContain("라이선스 문구", await coordinator.GetStringAsync("/api/instruments/WOMAC?format=fhir&lang=en"));

        var patientId = await OrthoRegenServer.RegisterPatientAsync(await _server.AdminAsync(), "Lee", "Files", "MRN-FILES-1");
        var korean = await coordinator.GetStringAsync($"/patients/{patientId}/responses/new?instrument=WOMAC&culture=ko");
        Assert.Contains("평지 보행 시 통증 (라이선스 문구)", korean);
        Assert.Contains("0 = 전혀 없음(라이선스)", korean);
        Assert.Contains("data-wording=\"licensed\"", korean);
        Assert.Contains("TEST licence 0001", korean);

        var english = await coordinator.GetStringAsync($"/patients/{patientId}/responses/new?instrument=WOMAC&culture=en");
        Assert.Contains("data-wording=\"short\"", english); // staff are told the short labels are shown
        Assert.DoesNotContain("라이선스", english);
    }

    [Fact]
    public async Task BadWordingFile_StopsStartUp_NamingTheFileAndProblem()
    {
        var bad = Path.Combine(_folder, "bad");
        Directory.CreateDirectory(bad);
        await File.WriteAllTextAsync(Path.Combine(bad, "odi-zh.json"),
            """{ "instrument": "ODI", "version": "9.9", "language": "zh", "licence": "x", "items": { "Q99": { "text": "t" } } }""");
        var e = await Assert.ThrowsAnyAsync<Exception>(() => OrthoRegenServer.StartAsync(DatabaseProvider.Sqlite,
            new Dictionary<string, string?> { ["Instruments:LicensedWordingsFolder"] = bad }));
        var message = e.ToString();
        Assert.Contains("odi-zh.json", message);
        Assert.Contains("Q99", message);
    }
}
