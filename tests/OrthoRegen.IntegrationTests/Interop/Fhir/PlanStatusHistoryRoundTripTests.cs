using System.Globalization;
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
/// A plan cancelled after its first injection, through a round trip: the CarePlan carries its status history, the
/// imported plan is ACTIVE then CANCELLED at the source's times, the injection given before the cancellation passes the
/// bedside checks and one given after it is refused at the Procedure's <c>basedOn</c>.
/// </summary>
public class PlanStatusHistoryRoundTripTests
{
    static readonly string[] Tables = ["record_heads", "patients", "treatment_plan_versions", "administrations", "administration_versions", "fhir_identifiers"];

    static JsonNode Without(JsonElement bundle, params string[] types)
    {
        var node = JsonNode.Parse(bundle.GetRawText())!;
        var entries = node["entry"]!.AsArray();
        foreach (var e in entries.ToList()) if (types.Contains((string)e!["resource"]!["resourceType"]!)) entries.Remove(e);
        return node;
    }

    static (int Index, JsonNode Resource) Find(JsonNode bundle, Func<JsonNode, bool> match)
    {
        var list = bundle["entry"]!.AsArray().Select(e => e!["resource"]!).ToList();
        var i = list.FindIndex(r => match(r));
        Assert.True(i >= 0, "resource not in the bundle");
        return (i, list[i]);
    }

    static bool IsPlan(JsonNode r) => (string?)r["resourceType"] == "CarePlan";
    static bool IsAdministration(JsonNode r) => (string?)r["resourceType"] == "Procedure" && r["category"]!.ToJsonString().Contains("ADMINISTRATION");
    static List<JsonNode> History(JsonNode plan) => [.. plan["extension"]!.AsArray().Where(x => (string?)x!["url"] == PlanStatusImport.Url).Select(x => x!)];
    static JsonNode Sub(JsonNode detail, string name) => detail["extension"]!.AsArray().Single(x => (string?)x!["url"] == name)!;
    static string Instant(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    static async Task<List<string>> ListAsync(OrthoRegenServer server, string sql)
    {
        await using var c = await server.Services.GetRequiredService<Database>().OpenAsync(default);
        return [.. await c.QueryAsync<string>(sql)];
    }

    [Theory, BothEngines]
    public async Task Import_PlanCancelledAfterItsInjection_KeepsTheCancellationTimeAndJudgesInjectionsByIt(DatabaseProvider engine)
    {
        // The source: a plan, a released lot, the first injection ten minutes ago, then the plan cancelled.
        await using var source = await OrthoRegenServer.StartAsync(engine);
        var physician = await source.SignInAsAsync("dr.fxr", [Roles.Physician]);
        var (patientId, consentId) = await PathwaySetUp.ReadyPatientAsync(physician, "MRN-FXR-2");
        var planId = await PathwaySetUp.KneePlanAsync(physician, patientId, consentId);
        var lot = await PathwaySetUp.ReleasedLotAsync(source, patientId, planId, "L-FXR-2");
        var pseudonym = (await Json(await physician.GetAsync($"/api/patients/{patientId}"))).GetProperty("pseudonymCode").GetString()!;
        var givenAt = DateTimeOffset.UtcNow.AddMinutes(-10);
        await Json(await physician.PostAsJsonAsync($"/api/plans/{planId}/administrations", new
        {
            lotId = lot.Id, divisionCode = "A0", injectionNumber = 1, administeredAt = givenAt.ToString("O"),
            doseViableCellsE6 = 50, volumeMl = 2, route = "INTRA_ARTICULAR", guidance = "ULTRASOUND", target = "KNEE_R", observationMinutes = 30,
            immediateReaction = false, scannedDin = lot.Din.Code + lot.Din.Flags, scannedProductCode = lot.ProductCode.WithDivision("A0").Code,
            scannedPatientIdentifier = pseudonym, productTempC = 20.5,
        }));
        var early = Without(await Json(await (await source.AdminAsync()).GetAsync($"/api/patients/{patientId}/fhir")), "Encounter", "AdverseEvent");
        Assert.Single(History(Find(early, IsPlan).Resource));
        await Json(await physician.PostAsJsonAsync($"/api/plans/{planId}/status", new { version = 1, status = "CANCELLED", reason = "Patient moved abroad" }));
        var exported = await Json(await (await source.AdminAsync()).GetAsync($"/api/patients/{patientId}/fhir"));
        Assert.Empty(FhirValidator.ValidateBundle(exported));
        var bundle = Without(exported, "Encounter", "AdverseEvent");
        var (planAt, plan) = Find(bundle, IsPlan);
        var history = History(plan);
        Assert.Equal(["ACTIVE", "CANCELLED"], history.Select(h => (string)Sub(h, "status")["valueString"]!));
        var historyAt = plan["extension"]!.AsArray().ToList().FindIndex(x => (string?)x!["url"] == PlanStatusImport.Url);

        await using var target = await OrthoRegenServer.StartAsync(engine);
        var admin = await target.AdminAsync();
        var empty = await RowCountsAsync(target, Tables);
        async Task RefusedAsync(JsonNode broken, string path, string text)
        {
            var r = await admin.PostAsync("/api/fhir", new StringContent(broken.ToJsonString(), Encoding.UTF8, "application/fhir+json"));
            var body = await r.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
            Assert.True(errors.TryGetProperty(path, out var messages), $"{path} not in {errors.GetRawText()}");
            Assert.Contains(text, messages.GetRawText());
            Assert.Equal(empty, await RowCountsAsync(target, Tables));
        }

        // A cancellation without its reason: refused by the plan store's status-change rule.
        var broken = bundle.DeepClone();
        var cancel = History(Find(broken, IsPlan).Resource)[1];
        cancel["extension"]!.AsArray().Remove(Sub(cancel, "reason"));
        await RefusedAsync(broken, $"Bundle.entry[{planAt}].resource.extension[{historyAt + 1}]", "Required");

        // The same injection, had the plan been cancelled before it: PLAN_NOT_ACTIVE at the Procedure's basedOn.
        broken = bundle.DeepClone();
        var moved = History(Find(broken, IsPlan).Resource);
        Sub(moved[0], "at")["valueDateTime"] = Instant(givenAt.AddMinutes(-2));
        Sub(moved[1], "at")["valueDateTime"] = Instant(givenAt.AddMinutes(-1));
        var adminAt = Find(broken, IsAdministration).Index;
        await RefusedAsync(broken, $"Bundle.entry[{adminAt}].resource.basedOn[0].reference", "PLAN_NOT_ACTIVE");

        // The patient comes in while the plan was active; the export after the cancellation adds it: the plan ACTIVE then
        // CANCELLED at the source's times, the injection given while it was active.
        Assert.Equal(0, (await Json(await admin.PostAsync("/api/fhir", FhirBody(early.ToJsonString())))).GetProperty("rejects").GetArrayLength());
        Assert.Equal(["ACTIVE"], await ListAsync(target, "SELECT status FROM treatment_plan_versions"));
        var imported = await Json(await admin.PostAsync("/api/fhir", FhirBody(bundle.ToJsonString())));
        Assert.Equal(0, imported.GetProperty("rejects").GetArrayLength());
        Assert.Equal(1, imported.GetProperty("created").GetInt32()); // the plan's new status; everything else matched
        const string Versions = "SELECT status || '/' || coalesce(reason, '-') FROM treatment_plan_versions ORDER BY version";
        Assert.Equal(["ACTIVE/-", "CANCELLED/Patient moved abroad"], await ListAsync(target, Versions));
        Assert.Equal(1, (await RowCountsAsync(target, ["administrations"]))["administrations"]);

        // Exported again: the same CarePlan (its history with the source's times) after mapping ids; re-importing changes nothing.
        var newPatient = (await ListAsync(target, $"SELECT local_id FROM fhir_identifiers WHERE resource_type = 'Patient' AND source_id = '{patientId}'")).Single();
        var again = Without(await Json(await admin.GetAsync($"/api/patients/{newPatient}/fhir")), "Encounter", "AdverseEvent");
        var newPlan = (await ListAsync(target, "SELECT local_id FROM fhir_identifiers WHERE resource_type = 'CarePlan'")).Single();
        Assert.Equal(History(plan).Select(h => h.ToJsonString()), History(Find(again, IsPlan).Resource).Select(h => h.ToJsonString()));
        Assert.Equal((string?)plan["status"], (string?)Find(again, IsPlan).Resource["status"]);
        Assert.Equal(planId, (await ListAsync(target, $"SELECT source_id FROM fhir_identifiers WHERE local_id = '{newPlan}'")).Single());
        var afterImport = await RowCountsAsync(target, Tables);
        foreach (var b in new[] { bundle, again, early })
            Assert.Equal(0, (await Json(await admin.PostAsync("/api/fhir", FhirBody(b.ToJsonString())))).GetProperty("created").GetInt32());
        Assert.Equal(afterImport, await RowCountsAsync(target, Tables));
    }
}
