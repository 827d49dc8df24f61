using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.Instruments;
using OrthoRegen.Interop.Fhir;
using OrthoRegen.Testing;
using Xunit;
using static OrthoRegen.IntegrationTests.Interop.Fhir.FhirTestCalls;

namespace OrthoRegen.IntegrationTests.Interop.Fhir;

/// <summary>
/// How follow-up ended, the endpoint event and what the visits recorded, through a round trip: a knee patient withdrawn
/// after two recorded visits (one with every kind of finding and a linked KOOS response) and a hip patient whose hip was
/// replaced, exported as transaction Bundles, imported into an empty registry, exported again.
/// </summary>
public class FollowUpEndRoundTripTests
{
    static readonly string[] Tables =
    [
        "record_heads", "patients", "instrument_response_versions", "follow_up_schedules", "follow_up_schedule_versions",
        "follow_up_visit_versions", "fhir_identifiers",
    ];

    static string D(int days) => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(days).ToString("yyyy-MM-dd");

    static async Task<(string Knee, string Hip)> SeedAsync(OrthoRegenServer source)
    {
        var physician = await source.SignInAsAsync("dr.fxf", [Roles.Physician]);

        // Knee: Day 0 200 days ago; BASE recorded with findings, M1 recorded, D1_7 missed; withdrawn 120 days ago (M3 on: WITHDRAWN).
        var (knee, consentId) = await PathwaySetUp.ReadyPatientAsync(physician, "MRN-FXF-1");
        var planId = await PathwaySetUp.KneePlanAsync(physician, knee, consentId);
        var items = new JsonObject();
        foreach (var item in InstrumentCatalog.Default.Find("KOOS")!.Definition.Items) items[item.Code] = 2;
        var koos = (await Json(await physician.PostAsJsonAsync($"/api/patients/{knee}/responses", new JsonObject
        {
            ["instrument"] = "KOOS", ["items"] = items, ["language"] = "en", ["mode"] = "PAPER_TRANSCRIPTION", ["visitCode"] = "BASE",
            ["target"] = "KNEE_R", ["completedOn"] = D(-200),
        }))).GetProperty("id").GetString()!;
        var start = await Json(await physician.PostAsJsonAsync($"/api/patients/{knee}/follow-up", new { target = "KNEE_R", day0 = D(-200), planId }));
        var visits = start.GetProperty("visits").EnumerateArray().ToDictionary(v => v.GetProperty("code").GetString()!, v => v.GetProperty("id").GetString()!);
        await Json(await physician.PostAsJsonAsync($"/api/follow-up/visits/{visits["BASE"]}/record", new
        {
            version = 1, actualDate = D(-200), contact = "VISIT",
            instruments = new object[] { new { responseId = koos }, new { instrument = "IKDC" } },
            exam = new { flexionDeg = 115, extensionDeg = -5, chairStand30sCount = 10, stairClimbSeconds = 14.5, stairClimbSteps = 12 },
            imaging = new[] { new { modality = "XRAY", readOn = D(-200), reader = "Dr Park", klGrade = 3 } },
            biomarkers = new[] { new { analyte = "IL1B", specimen = "SYNOVIAL_FLUID", value = 2.4, sampledOn = D(-200) } },
            newTreatments = new[] { new { category = "ANALGESIC", agent = "celecoxib", startedOn = D(-210) } },
            notes = "Uses a cane outdoors.",
        }));
        await Json(await physician.PostAsJsonAsync($"/api/follow-up/visits/{visits["M1"]}/record", new { version = 1, actualDate = D(-170), contact = "PHONE" }));
        var schedule = start.GetProperty("id").GetString()!;
        await Json(await physician.PostAsJsonAsync($"/api/follow-up/schedules/{schedule}/withdrawal",
            new { version = 1, kind = "WITHDRAWN", date = D(-120), reason = "Moved abroad" }));

        // Hip: Day 0 400 days ago, M1 recorded, replaced 30 days ago (visits after it keep only the safety content).
        var hip = await OrthoRegenServer.RegisterPatientAsync(physician, mrn: "MRN-FXF-2");
        var hipStart = await Json(await physician.PostAsJsonAsync($"/api/patients/{hip}/follow-up", new { target = "HIP_L", day0 = D(-400) }));
        var hipVisits = hipStart.GetProperty("visits").EnumerateArray().ToDictionary(v => v.GetProperty("code").GetString()!, v => v.GetProperty("id").GetString()!);
        await Json(await physician.PostAsJsonAsync($"/api/follow-up/visits/{hipVisits["M1"]}/record", new { version = 1, actualDate = D(-369) }));
        await Json(await physician.PostAsJsonAsync($"/api/follow-up/schedules/{hipStart.GetProperty("id").GetString()}/endpoint",
            new { version = 1, type = "TOTAL_HIP_ARTHROPLASTY", date = D(-30), note = "Femoral head collapse" }));
        return (knee, hip);
    }

    /// <summary>The bundle's Encounters with the target's ids mapped back to the source's (through fhir_identifiers).</summary>
    static async Task<string> EncountersAsync(OrthoRegenServer server, JsonElement bundle)
    {
        var text = bundle.GetRawText();
        await using (var c = await server.Services.GetRequiredService<Database>().OpenAsync(default))
            foreach (var (type, local, source) in await c.QueryAsync<(string, string, string)>("SELECT resource_type, local_id, source_id FROM fhir_identifiers"))
                text = text.Replace(FhirCodes.UrnOf(type, local), FhirCodes.UrnOf(type, source), StringComparison.Ordinal).Replace(local, source, StringComparison.Ordinal);
        var entries = JsonNode.Parse(text)!["entry"]!.AsArray().Select(e => e!["resource"]!).Where(r => (string?)r["resourceType"] == "Encounter");
        return new JsonArray([.. entries.Select(e => e.DeepClone())]).ToJsonString();
    }

    static async Task<List<string>> FollowUpAsync(HttpClient reader, string patient, Func<string, string> mapId) =>
        [.. (await Json(await reader.GetAsync($"/api/patients/{patient}/follow-up"))).EnumerateArray().SelectMany(s =>
            new[] { $"{s.GetProperty("target")}|{s.GetProperty("status")}|{s.GetProperty("endedOn")}|{s.GetProperty("endReason")}|{s.GetProperty("endpoint")}" }
            .Concat(s.GetProperty("visits").EnumerateArray().Select(v => $"{v.GetProperty("code")}:{v.GetProperty("status")}:{v.GetProperty("actualDate")}:"
                + $"{string.Join(",", v.GetProperty("content").EnumerateArray())}:{mapId(v.GetProperty("findings").GetRawText())}")))];

    static JsonNode Resource(JsonNode bundle, int index) => bundle["entry"]![index]!["resource"]!;
    static int EncounterIndex(JsonNode bundle, string code) => bundle["entry"]!.AsArray().ToList().FindIndex(e =>
        (string?)e!["resource"]!["resourceType"] == "Encounter" && (string?)e["resource"]!["type"]![0]!["coding"]![0]!["code"] == code);
    static int ExtIndex(JsonNode r, string url) => r["extension"]!.AsArray().ToList().FindIndex(x => (string?)x!["url"] == url);
    static int SubIndex(JsonNode x, string url) => x["extension"]!.AsArray().ToList().FindIndex(s => (string?)s!["url"] == url);

    [Theory, BothEngines]
    public async Task Import_WithdrawnAndReplacedPatients_IntoAnEmptyRegistry_ExportsTheSameFollowUp(DatabaseProvider engine)
    {
        await using var source = await OrthoRegenServer.StartAsync(engine);
        var (knee, hip) = await SeedAsync(source);
        var sourceAdmin = await source.AdminAsync();
        var kneeBundle = await Json(await sourceAdmin.GetAsync($"/api/patients/{knee}/fhir"));
        var hipBundle = await Json(await sourceAdmin.GetAsync($"/api/patients/{hip}/fhir"));
        var kneeNode = JsonNode.Parse(kneeBundle.GetRawText())!;
        var hipNode = JsonNode.Parse(hipBundle.GetRawText())!;
        Assert.Equal("cancelled", (string?)Resource(kneeNode, EncounterIndex(kneeNode, "M3"))["status"]);
        Assert.Equal("planned", (string?)Resource(kneeNode, EncounterIndex(kneeNode, "D1_7"))["status"]);
        Assert.Contains(VisitFindingsExtension.Url, kneeBundle.GetRawText());
        Assert.Contains(FollowUpExtensions.Endpoint, hipBundle.GetRawText());

        await using var target = await OrthoRegenServer.StartAsync(engine);
        var admin = await target.AdminAsync();
        var empty = await RowCountsAsync(target, Tables);

        // One broken field: refused at its JSON path, nothing of the patient written.
        // everyEncounter: the schedule's end and endpoint ride on each of its Encounters, which must agree.
        async Task RefusedAsync(JsonNode bundle, int index, Func<JsonNode, string> breakIt, bool everyEncounter = false)
        {
            var node = bundle.DeepClone();
            var path = $"Bundle.entry[{index}].resource" + breakIt(Resource(node, index));
            if (everyEncounter)
                foreach (var e in node["entry"]!.AsArray().Select(e => e!["resource"]!).Where(r => (string?)r["resourceType"] == "Encounter").Except([Resource(node, index)]))
                    breakIt(e);
            var response = await admin.PostAsync("/api/fhir", FhirBody(node.ToJsonString()));
            var text = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(path, out _), path + " in " + text);
            Assert.Equal(empty, await RowCountsAsync(target, Tables));
        }
        var baseIndex = EncounterIndex(kneeNode, "BASE");
        await RefusedAsync(kneeNode, baseIndex, r =>
        {
            var (f, findings) = (ExtIndex(r, VisitFindingsExtension.Url), r["extension"]![ExtIndex(r, VisitFindingsExtension.Url)]!);
            var (e, exam) = (SubIndex(findings, "exam"), findings["extension"]![SubIndex(findings, "exam")]!);
            var flexion = SubIndex(exam, "flexionDeg");
            exam["extension"]![flexion]!["valueInteger"] = 200; // beyond 160 degrees
            return $".extension[{f}].extension[{e}].extension[{flexion}].valueInteger";
        });
        await RefusedAsync(kneeNode, EncounterIndex(kneeNode, "M6"), r =>
        {
            var (x, end) = (ExtIndex(r, FollowUpExtensions.End), r["extension"]![ExtIndex(r, FollowUpExtensions.End)]!);
            var kind = SubIndex(end, "kind");
            end["extension"]![kind]!["valueString"] = "DECEASED"; // not a way follow-up ends here
            return $".extension[{x}].extension[{kind}].valueString";
        }, everyEncounter: true);
        await RefusedAsync(kneeNode, EncounterIndex(kneeNode, "M6"), r =>
        {
            var end = r["extension"]![ExtIndex(r, FollowUpExtensions.End)]!;
            end["extension"]![SubIndex(end, "date")]!["valueString"] = D(-119); // only this Encounter: its siblings disagree
            return ".extension";
        });
        await RefusedAsync(hipNode, EncounterIndex(hipNode, "M1"), r =>
        {
            var (x, endpoint) = (ExtIndex(r, FollowUpExtensions.Endpoint), r["extension"]![ExtIndex(r, FollowUpExtensions.Endpoint)]!);
            var type = SubIndex(endpoint, "type");
            endpoint["extension"]![type]!["valueString"] = "TOTAL_KNEE_ARTHROPLASTY"; // not an endpoint of a hip
            return $".extension[{x}].extension[{type}].valueString";
        }, everyEncounter: true);

        // Both patients come in whole.
        foreach (var bundle in new[] { kneeBundle, hipBundle })
            Assert.Equal(0, (await Json(await admin.PostAsync("/api/fhir", FhirBody(bundle.GetRawText())))).GetProperty("rejects").GetArrayLength());
        var afterImport = await RowCountsAsync(target, Tables);
        Assert.Equal(2, afterImport["follow_up_schedules"]);

        // Exported again: the same Encounters (end, endpoint, states, findings with the linked response) after mapping ids.
        async Task<string> NewIdAsync(string sourceId)
        {
            await using var c = await target.Services.GetRequiredService<Database>().OpenAsync(default);
            return await c.QuerySingleAsync<string>("SELECT local_id FROM fhir_identifiers WHERE resource_type = 'Patient' AND source_id = @sourceId", new { sourceId });
        }
        var (newKnee, newHip) = (await NewIdAsync(knee), await NewIdAsync(hip));
        var kneeAgain = await Json(await admin.GetAsync($"/api/patients/{newKnee}/fhir"));
        var hipAgain = await Json(await admin.GetAsync($"/api/patients/{newHip}/fhir"));
        Assert.Equal(await EncountersAsync(target, kneeBundle), await EncountersAsync(target, kneeAgain));
        Assert.Equal(await EncountersAsync(target, hipBundle), await EncountersAsync(target, hipAgain));

        // The registry reads the same: ended with its reason and date, the endpoint, each visit's state, content and findings.
        await using (var c = await target.Services.GetRequiredService<Database>().OpenAsync(default))
        {
            var map = (await c.QueryAsync<(string, string)>("SELECT local_id, source_id FROM fhir_identifiers")).ToList();
            string Back(string text) => map.Aggregate(text, (t, m) => t.Replace(m.Item1, m.Item2, StringComparison.Ordinal));
            var sourceReader = await source.SignInAsAsync("dr.fxf.source", [Roles.Physician]);
            var targetReader = await target.SignInAsAsync("dr.fxf.target", [Roles.Physician]);
            var kneeFollowUp = await FollowUpAsync(sourceReader, knee, t => t);
            Assert.Contains(kneeFollowUp, l => l.StartsWith("KNEE_R|WITHDRAWN|" + D(-120) + "|Moved abroad|", StringComparison.Ordinal));
            Assert.Contains(kneeFollowUp, l => l.StartsWith("M3:WITHDRAWN:", StringComparison.Ordinal));
            Assert.Contains(kneeFollowUp, l => l.StartsWith("D1_7:MISSED:", StringComparison.Ordinal));
            Assert.Contains(kneeFollowUp, l => l.StartsWith("BASE:DONE_IN_WINDOW:", StringComparison.Ordinal) && l.Contains("\"instrument\":\"KOOS\",\"responseId\":", StringComparison.Ordinal));
            Assert.Equal(kneeFollowUp, await FollowUpAsync(targetReader, newKnee, Back));
            var hipFollowUp = await FollowUpAsync(sourceReader, hip, t => t);
            Assert.Contains(hipFollowUp, l => l.Contains("TOTAL_HIP_ARTHROPLASTY", StringComparison.Ordinal));
            Assert.Equal(hipFollowUp, await FollowUpAsync(targetReader, newHip, Back));
        }

        // Re-importing either export changes nothing.
        foreach (var bundle in new[] { kneeBundle, hipBundle, kneeAgain, hipAgain })
            Assert.Equal(0, (await Json(await admin.PostAsync("/api/fhir", FhirBody(bundle.GetRawText())))).GetProperty("created").GetInt32());
        Assert.Equal(afterImport, await RowCountsAsync(target, Tables));

        // The same follow-up arriving again as other Encounters (another registry's copy of this patient): each is matched
        // to its visit of the schedule already held, whose findings link the response under this registry's id; equal
        // findings are not "other findings", and nothing is written but the new Encounters' identifiers.
        string OtherEncounters(string suffix) =>
            kneeNode["entry"]!.AsArray().Select(e => e!["resource"]!).Where(r => (string?)r["resourceType"] == "Encounter").Select(r => (string)r["id"]!)
                .Aggregate(kneeBundle.GetRawText(), (text, id) => text.Replace(id, id + suffix, StringComparison.Ordinal));
        var copy = OtherEncounters("c");
        var again = await Json(await admin.PostAsync("/api/fhir", FhirBody(copy)));
        Assert.Equal(0, again.GetProperty("rejects").GetArrayLength());
        var afterCopy = await RowCountsAsync(target, Tables);
        Assert.Equal(afterImport.Where(t => t.Key != "fhir_identifiers"), afterCopy.Where(t => t.Key != "fhir_identifiers"));
        Assert.True(afterCopy["fhir_identifiers"] > afterImport["fhir_identifiers"]);

        // A moved appointment of a visit not yet done arrives as a new version of the held visit, the rest as it was.
        var moved = JsonNode.Parse(OtherEncounters("m"))!;
        var d17 = Resource(moved, EncounterIndex(moved, "D1_7"));
        d17["extension"]![ExtIndex(d17, FhirCodes.ScheduledOnExtension)]!["valueDate"] = D(-200);
        const string VisitSql = "SELECT v.version, CAST(v.scheduled_on AS TEXT), v.seq, v.content, CAST(v.window_start AS TEXT), v.patient_id, v.schedule_id FROM follow_up_visit_versions v " +
                                "JOIN record_heads h ON h.id = v.id AND h.current_version = v.version WHERE v.patient_id = @p AND v.visit_code = 'D1_7'";
        (long, string, long, string, string, string, string) before, after;
        await using (var c = await target.Services.GetRequiredService<Database>().OpenAsync(default))
            before = await c.QuerySingleAsync<(long, string, long, string, string, string, string)>(VisitSql, new { p = newKnee });
        Assert.Equal(0, (await Json(await admin.PostAsync("/api/fhir", FhirBody(moved.ToJsonString())))).GetProperty("rejects").GetArrayLength());
        await using (var c = await target.Services.GetRequiredService<Database>().OpenAsync(default))
            after = await c.QuerySingleAsync<(long, string, long, string, string, string, string)>(VisitSql, new { p = newKnee });
        Assert.Equal(before with { Item1 = before.Item1 + 1, Item2 = D(-200) }, after);
    }
}
