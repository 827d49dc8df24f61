using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Accounts;
using OrthoRegen.CellLab;

namespace OrthoRegen.Testing;

/// <summary>
/// Intent methods for tests that need a patient ready for an injection: consent, assessment, PROCEED and plan through the
/// API; the lab steps (harvest, lot, QC, QA release) through the cell-lab Core, because the lab's web endpoints live on
/// another branch until the lead merges them. Times are relative to the real clock (the server's TimeProvider).
/// </summary>
public static class PathwaySetUp
{
    static async Task<JsonElement> JsonAsync(HttpResponseMessage r)
    {
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"{r.RequestMessage?.RequestUri}: {r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;
    }

    /// <summary>As a physician: patient (61 kg), KR_ARM_TREATMENT consent, right-knee assessment (KL 3, failed HA) and PROCEED. Returns the ids.</summary>
    public static async Task<(string PatientId, string ConsentId)> ReadyPatientAsync(HttpClient physician, string mrn)
    {
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var id = await OrthoRegenServer.RegisterPatientAsync(physician, mrn: mrn);
        var consent = await JsonAsync(await physician.PostAsJsonAsync($"/api/patients/{id}/consents", new
        {
            formCode = "TREATMENT", formVersion = "1.0", language = "en", signedAt = today, signer = "PATIENT", pathway = "KR_ARM_TREATMENT",
            risksExplained = true, evidenceLevelExplained = true, alternativesExplained = true, personalDataProcessing = true, rightToWithdraw = true,
            longTermFollowUpAck = true,
        }));
        var assessment = await JsonAsync(await physician.PostAsJsonAsync($"/api/patients/{id}/assessments", new
        {
            indication = "KNEE_OA", target = "KNEE_R", assessedOn = today, symptomDurationMonths = 14,
            imaging = new[] { new { modality = "XRAY", readOn = today, reader = "Dr Park", klGrade = 3 } },
            conservativeTreatments = new[] { new { type = "IA_HA", response = "PARTIAL_TRANSIENT", lastIaInjectionOn = "2025-01-10" } },
        }));
        await JsonAsync(await physician.PostAsJsonAsync($"/api/patients/{id}/candidacy/decisions",
            new { assessmentId = assessment.GetProperty("id").GetString(), decision = "PROCEED" }));
        return (id, consent.GetProperty("id").GetString()!);
    }

    /// <summary>An active plan: autologous BM-MSC, 50 ×10^6 cells, ultrasound-guided intra-articular right knee, 2 injections 28 days apart.</summary>
    public static async Task<string> KneePlanAsync(HttpClient physician, string patientId, string consentId)
    {
        var plan = await JsonAsync(await physician.PostAsJsonAsync($"/api/patients/{patientId}/plans", new
        {
            indication = "KNEE_OA", target = "KNEE_R", consentId, cellSource = "BM_MSC", origin = "AUTOLOGOUS", manipulation = "MORE_THAN_MINIMAL",
            totalCellsE6 = 50, route = "INTRA_ARTICULAR", guidance = "ULTRASOUND", plannedInjections = 2, intervalDays = 28, regulatoryPathway = "KR_ARM_TREATMENT",
        }));
        return plan.GetProperty("id").GetString()!;
    }

    /// <summary>
    /// The lab: bone-marrow harvest of the patient, an expanded BM-MSC lot for the plan with division A0, every QC test
    /// passing (by an analyst) and RELEASED by a QA person who is not the analyst. Returns the lot with its codes.
    /// </summary>
    public static async Task<LotView> ReleasedLotAsync(OrthoRegenServer server, string patientId, string planId, string lotNumber)
    {
        var services = server.Services;
        var tech = new Actor("t-" + lotNumber, "lab.tech", [Roles.CellLab], true, [], "test set-up");
        var analyst = new Actor("a-" + lotNumber, "qc.analyst", [Roles.CellLab], true, [], "test set-up");
        var qa = new Actor("q-" + lotNumber, "qa.person", [Roles.QA], true, [], "test set-up");
        var lots = services.GetRequiredService<LotStore>();
        var lot = await QcPassedLotAsync(services.GetRequiredService<CollectionStore>(), lots, tech, analyst, patientId, lotNumber, DateTimeOffset.UtcNow, planId);
        return Done(await lots.DecideAsync(qa, lot.Id, new DecideRelease { Status = "RELEASED" }, default));
    }

    /// <summary>
    /// The lab before the QA decision: bone-marrow harvest of the patient 30 h before <paramref name="now"/> (by
    /// <paramref name="tech"/>), an expanded BM-MSC lot (for <paramref name="planId"/>, if given) with division A0, and
    /// every QC test passing (by <paramref name="analyst"/>), so the release rule's result is RELEASED; no decision yet.
    /// </summary>
    public static async Task<LotView> QcPassedLotAsync(CollectionStore collections, LotStore lots, Actor tech, Actor analyst, string patientId,
        string lotNumber, DateTimeOffset now, string? planId = null)
    {
        string At(TimeSpan ago) => (now - ago).ToString("O");
        var collection = Done(await collections.RecordAsync(tech, new RecordCollection
        {
            Origin = "AUTOLOGOUS", PatientId = patientId, Tissue = "BONE_MARROW_ASPIRATE", CollectedAt = At(TimeSpan.FromHours(30)), VolumeMl = 60, Collector = "Dr Lee",
        }, default));
        var lot = Done(await lots.CreateAsync(tech, new CreateLot
        {
            LotNumber = lotNumber, ProductType = "EXPANDED_MSC", CellSource = "BM_MSC", Manipulation = "MORE_THAN_MINIMAL", CollectionIds = [collection.Id],
            IntendedRoute = "INTRA_ARTICULAR", DoseVolumeMl = 2, TreatingPhysician = "dr.lee", PlanId = planId, ExpiresAt = (now + TimeSpan.FromDays(10)).ToString("O"),
        }, default));
        Done(await lots.AddDivisionAsync(tech, lot.Id, new AddDivision { DivisionCode = "A0", VolumeMl = 2, ViableCellsE6 = 100 }, default));
        (string Test, double? Value)[] tests =
        [
            ("CD73", 98), ("CD90", 97), ("CD105", 96), ("CD45", 1), ("CD34", 0.5), ("CD14_OR_CD11B", 1), ("CD79A_OR_CD19", 0.2), ("HLA_DR", 1),
            ("VIABILITY", 92), ("VIABLE_COUNT", 100), ("GRAM_STAIN", null), ("ENDOTOXIN", 0.5), ("MYCOPLASMA", null), ("STERILITY_USP71", null),
        ];
        foreach (var (test, value) in tests)
            Done(await lots.RecordQcAsync(analyst, lot.Id, new RecordQcResult
            {
                Test = test, Method = "validated method", Value = value, Result = "PASS", SampledAt = At(test == "STERILITY_USP71" ? TimeSpan.FromDays(15) : TimeSpan.FromHours(20)), ResultedAt = At(TimeSpan.FromHours(2)),
            }, default));
        return lot;
    }

    static T Done<T>(Outcome<T> o) => o is Outcome<T>.Done d ? d.Value : throw new InvalidOperationException($"Set-up step failed: {o}");
}
