using System.Net;
using System.Net.Http.Json;
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
/// A SUSAR's regulatory reports through a round trip: the initial report submitted in the source registry arrives submitted
/// (when, by whom, reference), the completion report open with the source's due date; re-importing changes nothing.
/// </summary>
public class RegulatoryReportRoundTripTests
{
    static readonly string[] Tables = ["record_heads", "patients", "adverse_event_versions", "regulatory_reports", "regulatory_report_versions", "fhir_identifiers"];

    const string Reports = """
        SELECT r.authority || '/' || r.report_type || '/' || v.due_date || '/' || coalesce(v.reference_number, '-') || '/' || coalesce(v.submitted_by, '-')
               || '/' || CASE WHEN v.submitted_at IS NULL THEN 'open' ELSE 'submitted' END
        FROM regulatory_reports r JOIN record_heads h ON h.id = r.id JOIN regulatory_report_versions v ON v.id = r.id AND v.version = h.current_version
        ORDER BY 1
        """;

    static async Task<List<string>> ListAsync(OrthoRegenServer server, string sql)
    {
        await using var c = await server.Services.GetRequiredService<Database>().OpenAsync(default);
        return [.. await c.QueryAsync<string>(sql)];
    }

    /// <summary>The bundle's AdverseEvents with the target's ids mapped back to the source's (through fhir_identifiers).</summary>
    internal static async Task<string> AdverseEventsAsync(OrthoRegenServer server, JsonElement bundle)
    {
        var text = bundle.GetRawText();
        foreach (var (type, local, source) in await ListPairsAsync(server))
            text = text.Replace(FhirCodes.UrnOf(type, local), FhirCodes.UrnOf(type, source), StringComparison.Ordinal).Replace(local, source, StringComparison.Ordinal);
        var node = JsonNode.Parse(text)!;
        return new JsonArray([.. node["entry"]!.AsArray().Where(e => (string?)e!["resource"]!["resourceType"] == "AdverseEvent").Select(e => e!["resource"]!.DeepClone())]).ToJsonString();
    }

    static async Task<List<(string, string, string)>> ListPairsAsync(OrthoRegenServer server)
    {
        await using var c = await server.Services.GetRequiredService<Database>().OpenAsync(default);
        return [.. await c.QueryAsync<(string, string, string)>("SELECT resource_type, local_id, source_id FROM fhir_identifiers")];
    }

    [Theory, BothEngines]
    public async Task Import_SusarWithASubmittedReport_IntoAnEmptyRegistry_KeepsTheSubmission(DatabaseProvider engine)
    {
        await using var source = await OrthoRegenServer.StartAsync(engine);
        var physician = await source.SignInAsAsync("dr.fxr", [Roles.Physician]);
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd");
        var (patient, _) = await PathwaySetUp.ReadyPatientAsync(physician, "MRN-FXR-1");
        var ae = await Json(await physician.PostAsJsonAsync($"/api/patients/{patient}/adverse-events", new
        {
            term = "Septic arthritis", ctcaeVersion = "5.0", grade = 4, onset = today, outcome = "RECOVERING", seriousnessCriteria = new[] { "LIFE_THREATENING", "HOSPITALIZATION" },
            relatedToProduct = "POSSIBLE", relatedToProcedure = "PROBABLE", action = "HOSPITALIZED", awareDate = today, route = "INTRA_ARTICULAR",
        }));
        var initial = ae.GetProperty("reports").EnumerateArray().First(r => r.GetProperty("type").GetString() == "INITIAL").GetProperty("id").GetString();
        var safety = await source.SignInAsAsync("safety.fxr", [Roles.Safety]);
        await Json(await safety.PostAsJsonAsync($"/api/safety/reports/{initial}/submission", new { referenceNumber = "MFDS-2026-0042" }));
        var sourceReports = await ListAsync(source, Reports);
        Assert.Contains(sourceReports, r => r.EndsWith("/MFDS-2026-0042/safety.fxr/submitted", StringComparison.Ordinal));
        Assert.Contains(sourceReports, r => r.EndsWith("/open", StringComparison.Ordinal));
        var bundle = await Json(await (await source.AdminAsync()).GetAsync($"/api/patients/{patient}/fhir"));
        Assert.Contains(RegulatoryReportImport.Url, bundle.GetRawText());

        await using var target = await OrthoRegenServer.StartAsync(engine);
        var admin = await target.AdminAsync();
        var empty = await RowCountsAsync(target, Tables);

        // One broken field of a report: refused at its JSON path, nothing of the patient written.
        var node = JsonNode.Parse(bundle.GetRawText())!;
        var index = node["entry"]!.AsArray().ToList().FindIndex(e => (string?)e!["resource"]!["resourceType"] == "AdverseEvent");
        var extensions = node["entry"]![index]!["resource"]!["extension"]!.AsArray();
        var submitted = extensions.ToList().FindIndex(x => (string?)x!["url"] == RegulatoryReportImport.Url && x["extension"]!.AsArray().Any(s => (string?)s!["url"] == "submittedAt"));
        var subs = extensions[submitted]!["extension"]!.AsArray();
        var at = subs.ToList().FindIndex(s => (string?)s!["url"] == "submittedAt");
        async Task RefusedAsync(Action<JsonArray> breakIt, string path)
        {
            var broken = JsonNode.Parse(bundle.GetRawText())!;
            breakIt(broken["entry"]![index]!["resource"]!["extension"]![submitted]!["extension"]!.AsArray());
            var response = await admin.PostAsync("/api/fhir", FhirBody(broken.ToJsonString()));
            var text = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(path, out _), text);
            Assert.Equal(empty, await RowCountsAsync(target, Tables));
        }
        var reportPath = $"Bundle.entry[{index}].resource.extension[{submitted}]";
        await RefusedAsync(s => s[at]!["valueDateTime"] = DateTime.UtcNow.AddDays(-2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"), // before the awareness date
            $"{reportPath}.extension[{at}].valueDateTime");
        var due = subs.ToList().FindIndex(s => (string?)s!["url"] == "dueDate");
        await RefusedAsync(s =>
            {
                foreach (var name in new[] { "submittedAt", "referenceNumber", "submittedBy" }) s.RemoveAt(s.ToList().FindIndex(x => (string?)x!["url"] == name));
                s[due]!["valueString"] = DateTime.UtcNow.AddDays(60).ToString("yyyy-MM-dd");
            },
            $"{reportPath}.extension[{due}].valueString"); // an open report due later than the clock allows

        // The patient comes in with the submission; the open report's clock is the source's.
        var report = await Json(await admin.PostAsync("/api/fhir", FhirBody(bundle.GetRawText())));
        Assert.Equal(0, report.GetProperty("rejects").GetArrayLength());
        Assert.Equal(sourceReports, await ListAsync(target, Reports));
        var targetSafety = await target.SignInAsAsync("safety.fxr.target", [Roles.Safety]);
        var dueList = await Json(await targetSafety.GetAsync("/api/safety/reports/due"));
        Assert.Equal(sourceReports.Count(r => r.EndsWith("/open", StringComparison.Ordinal)), dueList.GetArrayLength());

        // Exported again: the same events and reports after mapping ids; re-importing either bundle changes nothing.
        var newPatient = (await ListAsync(target, $"SELECT local_id FROM fhir_identifiers WHERE resource_type = 'Patient' AND source_id = '{patient}'")).Single();
        var again = await Json(await admin.GetAsync($"/api/patients/{newPatient}/fhir"));
        Assert.Equal(await AdverseEventsAsync(target, bundle), await AdverseEventsAsync(target, again));
        var afterImport = await RowCountsAsync(target, Tables);
        foreach (var b in new[] { bundle, again })
            Assert.Equal(0, (await Json(await admin.PostAsync("/api/fhir", FhirBody(b.GetRawText())))).GetProperty("created").GetInt32());
        Assert.Equal(afterImport, await RowCountsAsync(target, Tables));

        // A later version of a report: the completion report submitted in the source after the import arrives with the next
        // export and is submitted here too (a new report version), once.
        var followUp = ae.GetProperty("reports").EnumerateArray().First(r => r.GetProperty("type").GetString() == "FOLLOW_UP").GetProperty("id").GetString();
        await Json(await safety.PostAsJsonAsync($"/api/safety/reports/{followUp}/submission", new { referenceNumber = "MFDS-2026-0042-F" }));
        var later = await Json(await (await source.AdminAsync()).GetAsync($"/api/patients/{patient}/fhir"));
        var laterReport = await Json(await admin.PostAsync("/api/fhir", FhirBody(later.GetRawText())));
        Assert.Equal(0, laterReport.GetProperty("rejects").GetArrayLength());
        Assert.Equal(await ListAsync(source, Reports), await ListAsync(target, Reports));
        Assert.Equal(afterImport["regulatory_report_versions"] + 1, (await RowCountsAsync(target, Tables))["regulatory_report_versions"]);
        var settled = await RowCountsAsync(target, Tables);
        Assert.Equal(0, (await Json(await admin.PostAsync("/api/fhir", FhirBody(later.GetRawText())))).GetProperty("created").GetInt32());
        Assert.Equal(settled, await RowCountsAsync(target, Tables));
    }
}
