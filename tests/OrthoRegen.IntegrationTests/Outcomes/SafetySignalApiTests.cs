using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.CellLab;
using OrthoRegen.Data;
using OrthoRegen.Outcomes;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Outcomes;

/// <summary>
/// Safety rates, signals and the review of a flagged lot through the API on both engines, with patients, lots,
/// injections and adverse events recorded through the normal endpoints and stores. The endpoint's numbers equal the
/// library's on the same data.
/// </summary>
public class SafetySignalApiTests
{
    static async Task<JsonElement> JsonAsync(HttpResponseMessage r)
    {
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, $"{r.RequestMessage?.RequestUri}: {r.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>Four knees, each with its own released lot and one injection; the first has four adverse events after it.</summary>
    static async Task<(HttpClient Physician, LotView[] Lots)> ClinicAsync(OrthoRegenServer server)
    {
        var physician = await server.SignInAsAsync("dr.sig", [Roles.Physician]);
        var lots = new List<LotView>();
        for (var i = 0; i < 4; i++)
        {
            var (patientId, consentId) = await PathwaySetUp.ReadyPatientAsync(physician, $"MRN-SIG-{i}");
            var planId = await PathwaySetUp.KneePlanAsync(physician, patientId, consentId);
            var lot = await PathwaySetUp.ReleasedLotAsync(server, patientId, planId, $"L-SIG-{i}");
            lots.Add(lot);
            var pseudonym = (await JsonAsync(await physician.GetAsync($"/api/patients/{patientId}"))).GetProperty("pseudonymCode").GetString()!;
            var given = await JsonAsync(await physician.PostAsJsonAsync($"/api/plans/{planId}/administrations", new
            {
                lotId = lot.Id, divisionCode = "A0", injectionNumber = 1, administeredAt = DateTimeOffset.UtcNow.AddMinutes(-30).ToString("O"),
                doseViableCellsE6 = 50, volumeMl = 2, route = "INTRA_ARTICULAR", guidance = "ULTRASOUND", target = "KNEE_R", observationMinutes = 30,
                immediateReaction = false, scannedDin = lot.Din.Code + lot.Din.Flags, scannedProductCode = lot.ProductCode.WithDivision("A0").Code,
                scannedPatientIdentifier = pseudonym, productTempC = 20.5,
            }));
            var administrationId = given.GetProperty("record").GetProperty("id").GetString();
            for (var k = 0; i == 0 && k < 4; k++)
                await JsonAsync(await physician.PostAsJsonAsync($"/api/patients/{patientId}/adverse-events", new
                {
                    term = "Knee effusion", ctcaeTerm = "Joint effusion", ctcaeVersion = "5.0", grade = 1 + k % 2, onset = DateTime.UtcNow.ToString("yyyy-MM-dd"),
                    outcome = "RECOVERING", relatedToProduct = k == 0 ? "POSSIBLE" : "UNLIKELY", relatedToProcedure = "UNLIKELY", action = "NONE",
                    awareDate = DateTime.UtcNow.ToString("yyyy-MM-dd"), administrationId, lotId = lot.Id, route = "INTRA_ARTICULAR", cellSource = "BM_MSC",
                }));
        }
        return (physician, lots.ToArray());
    }

    [Theory, BothEngines]
    public async Task Safety_EndpointEqualsLibraryAndFlaggedLotIsReviewedToClosure(DatabaseProvider engine)
    {
        await using var server = await OrthoRegenServer.StartAsync(engine);
        var (_, lots) = await ClinicAsync(server);
        var researcher = await server.SignInAsAsync("re.sig", [Roles.Researcher]);

        var body = await JsonAsync(await researcher.GetAsync("/api/outcomes/safety?indications=KNEE_OA"));
        var result = body.GetProperty("result");
        var actor = new Actor("x", "re.lib", [Roles.Researcher], true, [], "test");
        var members = await server.Services.GetRequiredService<CohortSelector>().SelectAsync(actor, new CohortDefinition { Indications = ["KNEE_OA"] }, default);
        var (injections, events) = await server.Services.GetRequiredService<SafetySignalRuns>().LoadAsync(members, default);
        var library = SafetySignalAnalysis.Analyse(injections, events, SignalEvents.All);
        Assert.Equal((4, 4), (library.Injections, library.Events));
        Assert.Equal((library.Injections, library.Events), (result.GetProperty("injections").GetInt32(), result.GetProperty("events").GetInt32()));
        var units = result.GetProperty("units").EnumerateArray().ToList();
        Assert.Equal(library.Units.Count, units.Count);
        for (var i = 0; i < units.Count; i++)
        {
            Assert.Equal(library.Units[i].Key, units[i].GetProperty("key").GetString());
            Assert.Equal(library.Units[i].Expected, units[i].GetProperty("expected").GetDouble());
            Assert.Equal(library.Units[i].P, units[i].GetProperty("p").GetDouble());
            Assert.Equal(library.Units[i].Level, units[i].GetProperty("level").GetString());
        }
        var rates = result.GetProperty("rates").EnumerateArray().ToList();
        Assert.Equal(library.Rates.Select(r => r.Upper), rates.Select(r => (double?)r.GetProperty("upper").GetDouble()));
        var flagged = Assert.Single(body.GetProperty("flagged").EnumerateArray(), u => u.GetProperty("dimension").GetString() == SafetySignalAnalysis.Lot);
        Assert.Equal(lots[0].Id, flagged.GetProperty("key").GetString());   // 4 events on 1 injection where 1 is expected: above qpois(0.975, 1) = 3

        var funnel = await researcher.GetAsync("/api/outcomes/safety/funnel/svg?dimension=LOT");
        Assert.Equal("image/svg+xml", funnel.Content.Headers.ContentType?.MediaType);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(4, XDocument.Parse(await funnel.Content.ReadAsStringAsync()).Descendants(ns + "circle").Count());
        Assert.Equal(HttpStatusCode.BadRequest, (await researcher.GetAsync("/api/outcomes/safety?events=SOME")).StatusCode);
        Assert.Contains("LOT," + lots[0].Id, await researcher.GetStringAsync("/api/outcomes/safety/csv?part=signals"));

        // The review workflow is for Safety and QA only.
        Assert.Equal(HttpStatusCode.Forbidden, (await researcher.PostAsJsonAsync("/api/outcomes/signal-reviews", new { lotId = lots[0].Id })).StatusCode);
        var safety = await server.SignInAsAsync("so.sig", [Roles.Safety]);
        var opened = await safety.PostAsJsonAsync("/api/outcomes/signal-reviews", new { lotId = lots[0].Id, assessment = "Four effusions after one injection." });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var review = await JsonAsync(opened);
        var id = review.GetProperty("id").GetString()!;
        Assert.Equal((4, "OPEN"), (review.GetProperty("current").GetProperty("observed").GetInt32(), review.GetProperty("current").GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, (await safety.PostAsJsonAsync("/api/outcomes/signal-reviews", new { lotId = lots[0].Id })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await safety.PostAsJsonAsync("/api/outcomes/signal-reviews", new { lotId = "no-such-lot" })).StatusCode);

        var badClose = await safety.PostAsJsonAsync($"/api/outcomes/signal-reviews/{id}/closure", new { version = 1, conclusion = "MAYBE" });
        Assert.Equal(HttpStatusCode.BadRequest, badClose.StatusCode);
        Assert.True(JsonDocument.Parse(await badClose.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("conclusion", out _));
        await JsonAsync(await safety.PostAsJsonAsync($"/api/outcomes/signal-reviews/{id}/assessments",
            new { version = 1, assessment = "Effusions settled with rest; lot QC unremarkable.", conclusion = "MONITOR" }));
        Assert.Equal(HttpStatusCode.Conflict, (await safety.PostAsJsonAsync($"/api/outcomes/signal-reviews/{id}/closure", new { version = 1, conclusion = "NO_SIGNAL" })).StatusCode);
        var closed = await JsonAsync(await safety.PostAsJsonAsync($"/api/outcomes/signal-reviews/{id}/closure", new { version = 2, conclusion = "NO_SIGNAL" }));
        Assert.Equal(("CLOSED", "NO_SIGNAL", 3), (closed.GetProperty("current").GetProperty("status").GetString(),
            closed.GetProperty("current").GetProperty("conclusion").GetString(), closed.GetProperty("history").GetArrayLength()));
        Assert.Equal(HttpStatusCode.Conflict, (await safety.PostAsJsonAsync($"/api/outcomes/signal-reviews/{id}/assessments", new { version = 3, assessment = "late" })).StatusCode);

        var db = server.Services.GetRequiredService<Database>();
        await using var c = await db.OpenAsync(default);
        Assert.Equal(3, await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM audit_log WHERE entity = 'signal_review' AND entity_id = @id", new { id }));
        Assert.True((await server.Services.GetRequiredService<AuditTrail>().VerifyAsync(default)).IsIntact);
        var page = await safety.GetStringAsync($"/outcomes/signal-reviews/{id}");
        Assert.Contains("L-SIG-0", page);
        Assert.Contains("L-SIG-0", await safety.GetStringAsync($"/outcomes/signal-reviews?lotId={lots[0].Id}"));

        // The analytics pages render the same run for a researcher (flagged lot listed, funnels drawn, no identifiers).
        var safetyPage = await researcher.GetStringAsync("/outcomes/safety?indications=KNEE_OA");
        Assert.Contains("id=\"flagged\"", safetyPage);
        Assert.Contains(lots[0].Id, safetyPage);
        Assert.Equal(3, safetyPage.Split("data-series=\"units\"").Length - 1);
        Assert.DoesNotContain("MRN-SIG", safetyPage);
        var lotPage = await researcher.GetStringAsync("/outcomes/lot-outcome?instrument=PAIN_NRS&attribute=VIABILITY");
        Assert.Contains("id=\"dose-response\"", lotPage);
        var outlookPage = await researcher.GetStringAsync($"/outcomes/outlook/{members[0].PatientId}?instrument=PAIN_NRS");
        Assert.Contains("id=\"not-shown\"", outlookPage);
    }
}
