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

/// <summary>
/// Encounter (follow-up schedule and visits), AdverseEvent (with its SUSAR reports) and the AIS grade Observation through a
/// round trip: a knee patient and an SCI patient exported from one registry, imported into an empty one, exported again.
/// </summary>
public class EncounterAdverseEventAisRoundTripTests
{
    static readonly string[] Tables =
    [
        "record_heads", "patients", "imaging_read_versions", "follow_up_schedules", "follow_up_schedule_versions", "follow_up_visit_versions",
        "adverse_event_versions", "regulatory_reports", "regulatory_report_versions", "fhir_identifiers",
    ];

    static async Task<List<string>> ListAsync(OrthoRegenServer server, string sql)
    {
        await using var c = await server.Services.GetRequiredService<Database>().OpenAsync(default);
        return [.. await c.QueryAsync<string>(sql)];
    }

    /// <summary>The bundle with the target's ids mapped back to the source's (through fhir_identifiers) and pseudonym codes removed.</summary>
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
        // Only the resources of this slice are compared (the rest has its own round-trip tests).
        var entries = node["entry"]!.AsArray();
        foreach (var e in entries.Where(e => (string?)e!["resource"]!["resourceType"] is not ("Encounter" or "AdverseEvent" or "Observation")).ToList()) entries.Remove(e);
        return node.ToJsonString();
    }

    static int IndexOf(JsonNode bundle, Func<JsonNode, bool> match) => bundle["entry"]!.AsArray().ToList().FindIndex(e => match(e!["resource"]!));

    static async Task<(string Knee, string Sci)> SeedAsync(OrthoRegenServer source)
    {
        var physician = await source.SignInAsAsync("dr.fxe", [Roles.Physician]);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        string D(int days) => today.AddDays(days).ToString("yyyy-MM-dd");

        // Knee: plan, follow-up from Day 0 120 days ago with BASE done, D1_7 missed, M1 in window, M3 out of window; a SUSAR.
        var (knee, consentId) = await PathwaySetUp.ReadyPatientAsync(physician, "MRN-FXE-1");
        var planId = await PathwaySetUp.KneePlanAsync(physician, knee, consentId);
        var start = await Json(await physician.PostAsJsonAsync($"/api/patients/{knee}/follow-up", new { target = "KNEE_R", day0 = D(-120), planId }));
        var visits = start.GetProperty("visits").EnumerateArray().ToDictionary(v => v.GetProperty("code").GetString()!, v => v.GetProperty("id").GetString()!);
        foreach (var (code, day) in new[] { ("BASE", -120), ("M1", -89), ("M3", -10) })
            await Json(await physician.PostAsJsonAsync($"/api/follow-up/visits/{visits[code]}/record", new { version = 1, actualDate = D(day) }));
        await Json(await physician.PostAsJsonAsync($"/api/patients/{knee}/adverse-events", new
        {
            term = "Septic arthritis", ctcaeVersion = "5.0", grade = 3, onset = D(0), outcome = "RECOVERING", seriousnessCriteria = new[] { "HOSPITALIZATION" },
            relatedToProduct = "POSSIBLE", relatedToProcedure = "PROBABLE", action = "HOSPITALIZED", awareDate = D(0), route = "INTRA_ARTICULAR",
        }));

        // SCI: consent and an assessment whose ISNCSCI exam gives AIS B.
        var sci = await OrthoRegenServer.RegisterPatientAsync(physician, mrn: "MRN-FXE-2");
        await Json(await physician.PostAsJsonAsync($"/api/patients/{sci}/consents", new
        {
            formCode = "TREATMENT", formVersion = "1.0", language = "en", signedAt = D(0), signer = "PATIENT", pathway = "KR_ARM_RESEARCH",
            risksExplained = true, evidenceLevelExplained = true, alternativesExplained = true, personalDataProcessing = true, rightToWithdraw = true,
            longTermFollowUpAck = true,
        }));
        await Json(await physician.PostAsJsonAsync($"/api/patients/{sci}/assessments", new
        {
            indication = "SCI", target = "SCI", assessedOn = D(0), symptomDurationMonths = 8,
            imaging = new object[] { new { modality = "MRI", readOn = D(0), reader = "Dr Lee", level = "C5", aisGrade = "B", neurologicalLevel = "C5", uems = 12, lems = 2, lightTouch = 40, pinPrick = 35 } },
        }));
        return (knee, sci);
    }

    [Theory, BothEngines]
    public async Task Import_KneeAndSciPatients_IntoAnEmptyRegistry_ExportsTheSameVisitsEventsAndGrades(DatabaseProvider engine)
    {
        await using var source = await OrthoRegenServer.StartAsync(engine);
        var (knee, sci) = await SeedAsync(source);
        var sourceAdmin = await source.AdminAsync();
        var kneeBundle = await Json(await sourceAdmin.GetAsync($"/api/patients/{knee}/fhir"));
        var sciBundle = await Json(await sourceAdmin.GetAsync($"/api/patients/{sci}/fhir"));
        Assert.Contains(AdverseEventExtensions.Detail, kneeBundle.GetRawText());
        Assert.Contains(IsncsciExam.Url, sciBundle.GetRawText());

        await using var target = await OrthoRegenServer.StartAsync(engine);
        var admin = await target.AdminAsync();
        var empty = await RowCountsAsync(target, Tables);

        // One broken field per resource kind: refused at its JSON path, nothing of the patient written.
        async Task RefusedAsync(JsonElement bundle, Func<JsonNode, bool> match, Action<JsonNode> breakIt, Func<string, string> path)
        {
            var node = JsonNode.Parse(bundle.GetRawText())!;
            var index = IndexOf(node, match);
            breakIt(node["entry"]![index]!["resource"]!);
            var response = await admin.PostAsync("/api/fhir", FhirBody(node.ToJsonString()));
            var text = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
            Assert.True(errors.TryGetProperty(path($"Bundle.entry[{index}].resource"), out _), text);
            Assert.Equal(empty, await RowCountsAsync(target, Tables));
        }
        static JsonNode Sub(JsonNode r, string url, string name) =>
            r["extension"]!.AsArray().Single(x => (string?)x!["url"] == url)!["extension"]!.AsArray().Single(x => (string?)x!["url"] == name)!;
        static int SubIndex(JsonNode r, string url, string name)
        {
            var list = r["extension"]!.AsArray().Single(x => (string?)x!["url"] == url)!["extension"]!.AsArray();
            return list.ToList().FindIndex(x => (string?)x!["url"] == name);
        }
        static int ExtIndex(JsonNode r, string url) => r["extension"]!.AsArray().ToList().FindIndex(x => (string?)x!["url"] == url);

        var kneeNode = JsonNode.Parse(kneeBundle.GetRawText())!;
        var m1 = kneeNode["entry"]!.AsArray().Select(e => e!["resource"]!).First(r => (string?)r["resourceType"] == "Encounter" && (string?)r["type"]![0]!["coding"]![0]!["code"] == "M1");
        var day0Index = SubIndex(m1, FollowUpExtensions.Schedule, "day0");
        var schedulePath = ExtIndex(m1, FollowUpExtensions.Schedule);
        await RefusedAsync(kneeBundle, r => (string?)r["resourceType"] == "Encounter" && (string?)r["type"]![0]!["coding"]![0]!["code"] == "M1",
            r => Sub(r, FollowUpExtensions.Schedule, "day0")["valueString"] = DateTime.UtcNow.AddDays(5).ToString("yyyy-MM-dd"),
            at => $"{at}.extension[{schedulePath}].extension[{day0Index}].valueString");
        await RefusedAsync(kneeBundle, r => (string?)r["resourceType"] == "Encounter" && (string?)r["type"]![0]!["coding"]![0]!["code"] == "M1",
            r => r["period"]!["start"] = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd"), at => at + ".period.start");
        var ae = kneeNode["entry"]!.AsArray().Select(e => e!["resource"]!).First(r => (string?)r["resourceType"] == "AdverseEvent");
        var awareIndex = SubIndex(ae, AdverseEventExtensions.Detail, "awareDate");
        var detailIndex = ExtIndex(ae, AdverseEventExtensions.Detail);
        await RefusedAsync(kneeBundle, r => (string?)r["resourceType"] == "AdverseEvent",
            r => Sub(r, AdverseEventExtensions.Detail, "awareDate")["valueString"] = DateTime.UtcNow.AddDays(-3).ToString("yyyy-MM-dd"), // before onset
            at => $"{at}.extension[{detailIndex}].extension[{awareIndex}].valueString");
        await RefusedAsync(kneeBundle, r => (string?)r["resourceType"] == "AdverseEvent",
            r => r["seriousness"]!["coding"]![0]!["code"] = "non-serious", at => at + ".seriousness");
        await RefusedAsync(sciBundle, r => (string?)r["resourceType"] == "Observation" && (string?)r["code"]!["coding"]![0]!["code"] == "AIS_GRADE",
            r => r["valueCodeableConcept"]!["coding"]![0]!["code"] = "F", at => at + ".valueCodeableConcept");

        // The whole pathway comes in.
        foreach (var bundle in new[] { kneeBundle, sciBundle })
        {
            var report = await Json(await admin.PostAsync("/api/fhir", FhirBody(bundle.GetRawText())));
            Assert.Equal(0, report.GetProperty("rejects").GetArrayLength());
        }
        var afterImport = await RowCountsAsync(target, Tables);
        Assert.Equal(1, afterImport["follow_up_schedules"]);
        Assert.Equal(1, afterImport["adverse_event_versions"]);

        // Exported again: the visits (with their states), the event and the grades are the same after mapping ids.
        var ids = await ListAsync(target, "SELECT local_id FROM fhir_identifiers WHERE resource_type = 'Patient' ORDER BY source_id");
        var newKnee = await ListAsync(target, $"SELECT local_id FROM fhir_identifiers WHERE resource_type = 'Patient' AND source_id = '{knee}'");
        var newSci = await ListAsync(target, $"SELECT local_id FROM fhir_identifiers WHERE resource_type = 'Patient' AND source_id = '{sci}'");
        Assert.Equal(2, ids.Count);
        var kneeAgain = await Json(await admin.GetAsync($"/api/patients/{newKnee[0]}/fhir"));
        var sciAgain = await Json(await admin.GetAsync($"/api/patients/{newSci[0]}/fhir"));
        Assert.Equal(await NormalisedAsync(target, kneeBundle), await NormalisedAsync(target, kneeAgain));
        Assert.Equal(await NormalisedAsync(target, sciBundle), await NormalisedAsync(target, sciAgain));

        // The statuses read the same (missed, in and out of window), and the reporting clocks are the source's.
        async Task<List<string>> Statuses(HttpClient reader, string patient) =>
            [.. (await Json(await reader.GetAsync($"/api/patients/{patient}/follow-up")))[0].GetProperty("visits").EnumerateArray()
                .Select(v => v.GetProperty("code").GetString() + ":" + v.GetProperty("status").GetString())];
        var statuses = await Statuses(await source.SignInAsAsync("dr.fxe.source", [Roles.Physician]), knee);
        Assert.Contains("D1_7:MISSED", statuses);
        Assert.Contains("M3:DONE_OUT_OF_WINDOW", statuses);
        Assert.Equal(statuses, await Statuses(await target.SignInAsAsync("dr.fxe.target", [Roles.Physician]), newKnee[0]));
        const string Clocks = "SELECT r.authority || '/' || r.report_type || '/' || v.due_date FROM regulatory_reports r JOIN regulatory_report_versions v ON v.id = r.id ORDER BY 1";
        var clocks = await ListAsync(source, Clocks);
        Assert.NotEmpty(clocks);
        Assert.Equal(clocks, await ListAsync(target, Clocks));

        // Re-importing either bundle changes nothing.
        foreach (var bundle in new[] { kneeBundle, sciBundle, kneeAgain, sciAgain })
            Assert.Equal(0, (await Json(await admin.PostAsync("/api/fhir", FhirBody(bundle.GetRawText())))).GetProperty("created").GetInt32());
        Assert.Equal(afterImport, await RowCountsAsync(target, Tables));
    }
}
