using System.Net;
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

/// <summary>
/// The clinical pathway resources through a round trip between two registries: a patient exported from one, imported into an
/// empty one, exported again; on both engines.
/// </summary>
public class ClinicalRoundTripTests
{
    static readonly string[] Tables =
    [
        "record_heads", "patients", "patient_versions", "consent_versions", "assessment_versions", "candidacy_decision_versions",
        "imaging_read_versions", "treatment_plan_versions", "fhir_identifiers", "audit_log",
    ];

    /// <summary>
    /// The bundle's text with the importing registry's record ids replaced by the exporting registry's (through
    /// fhir_identifiers; derived ids such as "{read}-kl" keep their suffix) and the pseudonym codes, which each registry
    /// draws itself, removed. Bundle fullUrls are derived from record ids, so they are mapped the same way.
    /// </summary>
    static async Task<string> NormalisedAsync(OrthoRegenServer server, JsonElement bundle)
    {
        var text = bundle.GetRawText();
        await using (var c = await server.Services.GetRequiredService<Database>().OpenAsync(default))
            foreach (var (type, local, source) in await c.QueryAsync<(string, string, string)>("SELECT resource_type, local_id, source_id FROM fhir_identifiers"))
            {
                var dash = source.IndexOf('-');
                var suffix = dash < 0 ? "" : source[dash..];
                text = text.Replace(FhirCodes.UrnOf(type, local + suffix), FhirCodes.UrnOf(type, source), StringComparison.Ordinal)
                    .Replace(local + suffix, source, StringComparison.Ordinal);
            }
        var node = JsonNode.Parse(text)!;
        foreach (var e in node["entry"]!.AsArray())
        {
            if (e!["resource"]!["identifier"] is not JsonArray ids) continue;
            foreach (var id in ids.Where(i => (string?)i!["system"] == FhirCodes.PseudonymSystem).ToList()) ids.Remove(id);
        }
        return node.ToJsonString();
    }

    static JsonNode? Resource(JsonNode bundle, string type) =>
        bundle["entry"]!.AsArray().Select(e => e!["resource"]!).FirstOrDefault(r => (string?)r["resourceType"] == type);

    [Theory, BothEngines]
    public async Task CarePlan_ImportedAfterItsConsentAndCondition_RestsOnTheRecordsImportedBefore(DatabaseProvider engine)
    {
        // A bulk import writes a patient's Consent and Condition lines in earlier batches than its CarePlan lines (one file
        // per resource type); a later import of the plan alone is the same situation across imports.
        await using var source = await OrthoRegenServer.StartAsync(engine);
        var physician = await source.SignInAsAsync("dr.split", [Roles.Physician]);
        var (patientId, consentId) = await PathwaySetUp.ReadyPatientAsync(physician, "MRN-SPLIT-1");
        await PathwaySetUp.KneePlanAsync(physician, patientId, consentId);
        var exported = JsonNode.Parse((await Json(await (await source.AdminAsync()).GetAsync($"/api/patients/{patientId}/fhir"))).GetRawText())!;
        // As NDJSON (one file per resource type, references as Type/id), the form a bulk export takes.
        var text = exported.ToJsonString();
        foreach (var e in exported["entry"]!.AsArray())
            text = text.Replace((string)e!["fullUrl"]!, $"{e["resource"]!["resourceType"]}/{e["resource"]!["id"]}", StringComparison.Ordinal);
        var files = JsonNode.Parse(text)!["entry"]!.AsArray().Select(e => e!["resource"]!)
            .GroupBy(r => (string)r["resourceType"]!).ToDictionary(g => g.Key, g => string.Join("\n", g.Select(r => r.ToJsonString())) + "\n");
        (string, Stream)[] Files(Func<string, bool> keep) =>
            [.. files.Where(f => keep(f.Key)).Select(f => (f.Key + ".ndjson", (Stream)new MemoryStream(Encoding.UTF8.GetBytes(f.Value))))];

        await using var target = await OrthoRegenServer.StartAsync(engine);
        var import = target.Services.GetRequiredService<FhirImport>();
        var actor = new Actor("u-import", "admin.split", [Roles.Admin], true, [], "test import");
        var first = await import.ImportNdjsonAsync(actor, Files(t => t != "CarePlan"), null, default);
        Assert.True(first.Ok, string.Join("; ", first.Rejects.Select(r => r.Path + " " + r.Message)));
        var second = await import.ImportNdjsonAsync(actor, Files(t => t == "CarePlan"), null, default);
        Assert.True(second.Ok, string.Join("; ", second.Rejects.Select(r => r.Path + " " + r.Message)));
        Assert.Equal(1, second.Created);

        // The plan rests on the consent and the decision the first import recorded.
        Assert.Equal(await ScalarAsync(target, "SELECT local_id FROM fhir_identifiers WHERE resource_type = 'Consent'"),
            await ScalarAsync(target, "SELECT consent_id FROM treatment_plan_versions"));
        Assert.Equal(await ScalarAsync(target, "SELECT id FROM candidacy_decision_versions"),
            await ScalarAsync(target, "SELECT candidacy_decision_id FROM treatment_plan_versions"));
    }

    [Theory, BothEngines]
    public async Task Import_ExportOfAnAssessedPatient_IntoAnEmptyRegistry_ExportsTheSameBundle(DatabaseProvider engine)
    {
        await using var source = await OrthoRegenServer.StartAsync(engine);
        var physician = await source.SignInAsAsync("dr.fxc", [Roles.Physician]);
        var (patientId, consentId) = await PathwaySetUp.ReadyPatientAsync(physician, "MRN-FXC-1");
        await PathwaySetUp.KneePlanAsync(physician, patientId, consentId);
        var exported = await Json(await (await source.AdminAsync()).GetAsync($"/api/patients/{patientId}/fhir"));
        var condition = Resource(JsonNode.Parse(exported.GetRawText())!, "Condition")!;
        Assert.Equal("PROCEED", (string?)condition["extension"]!.AsArray().Single(x => (string?)x!["url"] == FhirClinicalCodes.CandidacyDecision)!["extension"]![0]!["valueCode"]);

        await using var target = await OrthoRegenServer.StartAsync(engine);
        var admin = await target.AdminAsync();
        var empty = await RowCountsAsync(target, Tables);

        // One broken field per resource: the patient is refused with the path, and nothing of it is written.
        var node = JsonNode.Parse(exported.GetRawText())!;
        Resource(node, "Condition")!["onsetDateTime"] = DateTime.UtcNow.AddMonths(2).ToString("yyyy-MM");
        var bad = await admin.PostAsync("/api/fhir", FhirBody(node.ToJsonString()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var conditionPath = "Bundle.entry[" + node["entry"]!.AsArray().ToList().FindIndex(e => (string?)e!["resource"]!["resourceType"] == "Condition") + "].resource";
        var errors = (await Json400(bad)).GetProperty("errors");
        Assert.True(errors.TryGetProperty(conditionPath + ".onsetDateTime", out _), errors.GetRawText());

        node = JsonNode.Parse(exported.GetRawText())!;
        var decision = Resource(node, "Condition")!["extension"]!.AsArray().Single(x => (string?)x!["url"] == FhirClinicalCodes.CandidacyDecision)!;
        decision["extension"]![0]!["valueCode"] = "DO_NOT_PROCEED"; // contradicts ELIGIBLE: needs an override reason
        bad = await admin.PostAsync("/api/fhir", FhirBody(node.ToJsonString()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await Json400(bad);
        Assert.True(problem.GetProperty("errors").TryGetProperty(conditionPath + ".extension", out var messages), problem.GetRawText());
        Assert.Contains("overrideReason", messages[0].GetString());

        // A plan without its candidacy decision (the Condition's decision removed) is refused at the plan.
        node = JsonNode.Parse(exported.GetRawText())!;
        var extensions = Resource(node, "Condition")!["extension"]!.AsArray();
        extensions.Remove(extensions.Single(x => (string?)x!["url"] == FhirClinicalCodes.CandidacyDecision));
        bad = await admin.PostAsync("/api/fhir", FhirBody(node.ToJsonString()));
        problem = await Json400(bad);
        var planPath = "Bundle.entry[" + node["entry"]!.AsArray().ToList().FindIndex(e => (string?)e!["resource"]!["resourceType"] == "CarePlan") + "].resource";
        Assert.True(problem.GetProperty("errors").TryGetProperty(planPath + ".note[0].text", out messages), problem.GetRawText());
        Assert.Contains("No candidacy decision", messages[0].GetString());

        // A plan resting on a consent the bundle does not carry.
        node = JsonNode.Parse(exported.GetRawText())!;
        Resource(node, "CarePlan")!["supportingInfo"]![0]!["reference"] = "Consent/0197a1b2c3d4e5f60718293a4b5c6d7f";
        problem = await Json400(await admin.PostAsync("/api/fhir", FhirBody(node.ToJsonString())));
        Assert.True(problem.GetProperty("errors").TryGetProperty(planPath + ".supportingInfo[0].reference", out _), problem.GetRawText());
        Assert.Equal(empty, await RowCountsAsync(target, Tables));

        var imported = await Json(await admin.PostAsync("/api/fhir", FhirBody(exported.GetRawText())));
        Assert.Equal(0, imported.GetProperty("rejects").GetArrayLength());
        var afterImport = await RowCountsAsync(target, Tables);
        Assert.Equal(empty["assessment_versions"] + 1, afterImport["assessment_versions"]);
        Assert.Equal(empty["candidacy_decision_versions"] + 1, afterImport["candidacy_decision_versions"]);
        Assert.Equal(empty["treatment_plan_versions"] + 1, afterImport["treatment_plan_versions"]);

        var newPatient = await ScalarAsync(target, "SELECT local_id FROM fhir_identifiers WHERE resource_type = 'Patient'");
        var again = await Json(await admin.GetAsync($"/api/patients/{newPatient}/fhir"));
        Assert.Equal(await NormalisedAsync(target, exported), await NormalisedAsync(target, again));

        // The candidacy view of the imported patient shows the decision.
        var doctor = await target.SignInAsAsync("dr.target", [Roles.Physician]);
        var view = await Json(await doctor.GetAsync($"/api/patients/{newPatient}/candidacy"));
        Assert.Equal("PROCEED", view.GetProperty("decisions")[0].GetProperty("decision").GetString());

        // The chart's timeline places an imported decision on the day it was decided, not on the day it was imported.
        var decidedOn = DateOnly.Parse(view.GetProperty("decisions")[0].GetProperty("decidedOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        await using (var c = await target.Services.GetRequiredService<Database>().OpenAsync(default))
            await c.ExecuteAsync("UPDATE candidacy_decision_versions SET recorded_at = @later",
                new { later = new DateTimeOffset(decidedOn.AddDays(40).ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero) });
        var chart = await target.Services.GetRequiredService<OrthoRegen.Patients.PatientTimeline>().LoadAsync(Actor.System(), newPatient, default);
        Assert.Equal(decidedOn, DateOnly.FromDateTime(chart!.Timeline.Single(e => e.Kind == "candidacy_decision").At.UtcDateTime));

        var reimport = await Json(await admin.PostAsync("/api/fhir", FhirBody(exported.GetRawText())));
        Assert.Equal(0, reimport.GetProperty("created").GetInt32());
        var reimportOwn = await Json(await admin.PostAsync("/api/fhir", FhirBody(again.GetRawText())));
        Assert.Equal(0, reimportOwn.GetProperty("created").GetInt32());
        var counts = await RowCountsAsync(target, Tables);
        counts.Remove("audit_log");
        afterImport.Remove("audit_log");
        Assert.Equal(afterImport, counts);
    }

    static async Task<JsonElement> Json400(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.Clone();

    static async Task<string> ScalarAsync(OrthoRegenServer server, string sql)
    {
        await using var c = await server.Services.GetRequiredService<Database>().OpenAsync(default);
        return (await c.ExecuteScalarAsync<string>(sql))!;
    }
}
