using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.Interop.Fhir;
using OrthoRegen.Testing;
using Xunit;
using static OrthoRegen.IntegrationTests.Interop.Fhir.FhirTestCalls;

namespace OrthoRegen.IntegrationTests.Interop.Fhir;

/// <summary>Export, validation and import of FHIR bundles through the API, on both engines.</summary>
public class FhirExchangeTests
{
    static readonly string[] ExchangeTables =
        ["record_heads", "patients", "patient_versions", "consent_versions", "instrument_response_versions", "imaging_read_versions", "biomarker_versions", "fhir_identifiers"];

    static async Task<long> CountAsync(OrthoRegenServer server, string table)
    {
        await using var c = await server.Services.GetRequiredService<Database>().OpenAsync(default);
        return await c.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
    }

    [Theory, BothEngines]
    public async Task Bundle_CarriesTheProductFromReleaseToOutcome_ValidatesAndReimportsWithoutChange(DatabaseProvider engine)
    {
        await using var server = await OrthoRegenServer.StartAsync(engine);
        var physician = await server.SignInAsAsync("dr.fhir", [Roles.Physician]);
        var (patientId, consentId) = await PathwaySetUp.ReadyPatientAsync(physician, "MRN-F1");
        var planId = await PathwaySetUp.KneePlanAsync(physician, patientId, consentId);
        var lot = await PathwaySetUp.ReleasedLotAsync(server, patientId, planId, "L-FHIR-1");
        await Json(await physician.PostAsJsonAsync($"/api/patients/{patientId}/responses", new
        {
            instrument = "PAIN_NRS", items = new { nrs = 3 }, language = "en", mode = "CLINIC_TABLET", visitCode = "M3", target = "KNEE_R",
            completedOn = DateTime.UtcNow.ToString("yyyy-MM-dd"),
        }));
        var admin = await server.AdminAsync();

        var bundle = await Json(await admin.GetAsync($"/api/patients/{patientId}/fhir"));

        Assert.Empty(FhirValidator.ValidateBundle(bundle));
        var entries = bundle.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource")).ToList();
        JsonElement One(string type, Func<JsonElement, bool>? where = null) =>
            entries.Single(r => r.GetProperty("resourceType").GetString() == type && (where is null || where(r)));
        string Urn(JsonElement r) => FhirCodes.UrnOf(r.GetProperty("resourceType").GetString()!, r.GetProperty("id").GetString()!);
        var product = One("BiologicallyDerivedProduct");
        Assert.Equal(lot.Id, product.GetProperty("id").GetString());
        var release = One("Provenance", p => p.GetProperty("activity").GetProperty("coding")[0].GetProperty("code").GetString() == "DECISION_RELEASED");
        Assert.Equal(Urn(product), release.GetProperty("target")[0].GetProperty("reference").GetString());
        var harvest = One("Procedure");
        Assert.Equal(Urn(product), harvest.GetProperty("extension")[0].GetProperty("valueReference").GetProperty("reference").GetString());
        Assert.Equal(FhirCodes.ProcedureUsed, harvest.GetProperty("extension")[0].GetProperty("url").GetString());
        var response = One("QuestionnaireResponse");
        Assert.Equal(Urn(One("CarePlan")), response.GetProperty("basedOn")[0].GetProperty("reference").GetString());
        var score = One("Observation", o => o.GetProperty("category")[0].GetProperty("coding")[0].GetProperty("code").GetString() == "survey" && o.GetProperty("id").GetString()!.EndsWith("-nrs"));
        Assert.Equal(Urn(response), score.GetProperty("derivedFrom")[0].GetProperty("reference").GetString());
        Assert.Equal(3m, score.GetProperty("valueQuantity").GetProperty("value").GetDecimal());
        Assert.Contains(entries, r => r.GetProperty("resourceType").GetString() == "Observation" && r.GetProperty("code").GetProperty("coding")[0].GetProperty("code").GetString() == "KL_GRADE");

        var before = await RowCountsAsync(server, ExchangeTables);
        var again = await Json(await admin.PostAsync("/api/fhir", new StringContent(bundle.GetRawText(), Encoding.UTF8, "application/fhir+json")));
        Assert.Equal(0, again.GetProperty("created").GetInt32());
        Assert.Equal(entries.Count, again.GetProperty("unchanged").GetInt32());
        Assert.Equal(before, await RowCountsAsync(server, ExchangeTables));
    }

    static string ForeignBundle(string nrs, string patientIdentifier = "HOSP-77") => new JsonObject
    {
        ["resourceType"] = "Bundle",
        ["type"] = "transaction",
        ["entry"] = new JsonArray(
            new JsonObject
            {
                ["fullUrl"] = "urn:uuid:7b0b8a58-0000-4000-8000-000000000001",
                ["resource"] = JsonNode.Parse($$$"""
                    {"resourceType":"Patient","id":"p77","identifier":[{"system":"https://hospital.example/mrn","value":"{{{patientIdentifier}}}"}],
                     "name":[{"family":"Park","given":["Jiwoo"]}],"gender":"male","birthDate":"1958-07-01",
                     "communication":[{"language":{"coding":[{"system":"urn:ietf:bcp:47","code":"ko"}]}}]}
                    """),
                ["request"] = new JsonObject { ["method"] = "PUT", ["url"] = $"Patient?identifier=https://hospital.example/mrn|{patientIdentifier}" },
            },
            new JsonObject
            {
                ["fullUrl"] = "urn:uuid:7b0b8a58-0000-4000-8000-000000000002",
                ["resource"] = JsonNode.Parse($$$"""
                    {"resourceType":"QuestionnaireResponse","id":"qr77","identifier":{"system":"https://hospital.example/qr","value":"QR-{{{patientIdentifier}}}"},
                     "extension":[{"url":"{{{FhirCodes.ResponseModeExtension}}}","valueCoding":{"system":"{{{FhirCodes.ResponseMode}}}","code":"PAPER_TRANSCRIPTION"}},
                                  {"url":"{{{FhirCodes.ResponseTargetExtension}}}","valueCoding":{"system":"{{{FhirCodes.Target}}}","code":"KNEE_L"}},
                                  {"url":"{{{FhirCodes.ResponseVisitExtension}}}","valueCoding":{"system":"{{{FhirCodes.VisitCode}}}","code":"BASE"}}],
                     "language":"ko","questionnaire":"urn:orthoregen:questionnaire:PAIN_NRS","status":"completed",
                     "subject":{"reference":"urn:uuid:7b0b8a58-0000-4000-8000-000000000001"},"authored":"2026-01-05",
                     "item":[{"linkId":"nrs","answer":[{"valueInteger":{{{nrs}}}}]}]}
                    """),
                ["request"] = new JsonObject { ["method"] = "PUT", ["url"] = "QuestionnaireResponse?identifier=x" },
            }),
    }.ToJsonString();

    [Theory, BothEngines]
    public async Task Import_ForeignBundle_CreatesOnceAndABadAnswerRollsBackItsPatient(DatabaseProvider engine)
    {
        await using var server = await OrthoRegenServer.StartAsync(engine);
        var admin = await server.AdminAsync();
        var before = await RowCountsAsync(server, ExchangeTables);

        var bad = await admin.PostAsync("/api/fhir", new StringContent(ForeignBundle("11"), Encoding.UTF8, "application/fhir+json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty("Bundle.entry[1].resource.item[0].answer[0]", out _), problem.GetRawText());
        Assert.Equal(before, await RowCountsAsync(server, ExchangeTables));

        var good = await Json(await admin.PostAsync("/api/fhir", new StringContent(ForeignBundle("4"), Encoding.UTF8, "application/fhir+json")));
        Assert.Equal(2, good.GetProperty("created").GetInt32());
        var afterFirst = await RowCountsAsync(server, ExchangeTables);
        Assert.Equal(before["patients"] + 1, afterFirst["patients"]);
        Assert.Equal(before["instrument_response_versions"] + 1, afterFirst["instrument_response_versions"]);

        var again = await Json(await admin.PostAsync("/api/fhir", new StringContent(ForeignBundle("4"), Encoding.UTF8, "application/fhir+json")));
        Assert.Equal(0, again.GetProperty("created").GetInt32());
        Assert.Equal(2, again.GetProperty("unchanged").GetInt32());
        Assert.Equal(afterFirst, await RowCountsAsync(server, ExchangeTables));

        var changed = await admin.PostAsync("/api/fhir", new StringContent(ForeignBundle("5"), Encoding.UTF8, "application/fhir+json"));
        Assert.Equal(HttpStatusCode.BadRequest, changed.StatusCode);
        Assert.Contains("Bundle.entry[1].resource.identifier", await changed.Content.ReadAsStringAsync());
        Assert.Equal(afterFirst, await RowCountsAsync(server, ExchangeTables));
    }

    [Theory, BothEngines]
    public async Task PatientBundle_OtherSite_IsNotFound(DatabaseProvider engine)
    {
        await using var server = await OrthoRegenServer.StartAsync(engine);
        var admin = await server.AdminAsync();
        var id = await OrthoRegenServer.RegisterPatientAsync(admin, mrn: "MRN-X1");
        var researcher = await server.SignInAsAsync("res.fhir", [Roles.Researcher]);
        Assert.Equal(HttpStatusCode.Forbidden, (await researcher.GetAsync($"/api/patients/{id}/fhir")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/patients/0197a1b2c3d4e5f60718293a4b5c6d7e/fhir")).StatusCode);
        var zip = await admin.GetAsync("/api/fhir/export?_type=Patient");
        Assert.Equal(HttpStatusCode.OK, zip.StatusCode);
        Assert.Contains(id, await zip.Content.ReadAsStringAsync());
    }
}
