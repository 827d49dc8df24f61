using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Accounts;
using OrthoRegen.CellLab;
using OrthoRegen.Consent;
using OrthoRegen.Portal;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Hostile;

/// <summary>
/// The states some forms are rendered in only, made through the app's own stores and API so the hostile form test reaches
/// them: a lot conditionally released and awaiting the physician's acknowledgement, a lot whose sterility failed after
/// release (a deviation and an open product follow-up), a suspected unexpected serious reaction with its expedited reports
/// due, lots with a recorded injection (one to open a safety-signal review on, one with a review open), an e-consent
/// session with every checkpoint answered (the signing step), a portal visit with its question answered, and a sign-in
/// waiting at its two-factor step.
/// </summary>
public static class HostileFormStates
{
    /// <summary>A path a finger draws on the tablet (the signature pad's SVG path data).</summary>
    public const string Signature = "M40 120 L80 60 L120 140 L160 70 L200 130 M260 100 L300 90 L360 110 L420 80";

    static Actor Lab(string name, string role) => new("hf-" + name, name, [role], true, [], "hostile form set-up");

    /// <summary>
    /// Two lots of the patient's own bone marrow, each with QC passing but sterility still pending and CONDITIONAL_RELEASE
    /// decided by QA: the first awaits the physician's acknowledgement (<c>ackLotId</c>); the second is acknowledged and
    /// then fails sterility, so the lab records a deviation and Safety gets an open product follow-up.
    /// </summary>
    public static async Task ConditionalLotsAsync(OrthoRegenServer server, Dictionary<string, string> v)
    {
        var lots = server.Services.GetRequiredService<LotStore>();
        var collections = server.Services.GetRequiredService<CollectionStore>();
        var (tech, analyst, qa, physician) = (Lab("lab.hf", Roles.CellLab), Lab("qc.hf", Roles.CellLab), Lab("qa.hf", Roles.QA), Lab("dr.hf", Roles.Physician));
        var now = DateTimeOffset.UtcNow;
        string At(TimeSpan ago) => (now - ago).ToString("O", CultureInfo.InvariantCulture);

        async Task<LotView> ConditionalAsync(string lotNumber)
        {
            var collection = Done(await collections.RecordAsync(tech, new RecordCollection
            {
                Origin = "AUTOLOGOUS", PatientId = v["patientId"], Tissue = "BONE_MARROW_ASPIRATE", CollectedAt = At(TimeSpan.FromHours(30)), VolumeMl = 60, Collector = "Dr Lee",
            }, default));
            var lot = Done(await lots.CreateAsync(tech, new CreateLot
            {
                LotNumber = lotNumber, ProductType = "EXPANDED_MSC", CellSource = "BM_MSC", Manipulation = "MORE_THAN_MINIMAL", CollectionIds = [collection.Id],
                IntendedRoute = "INTRA_ARTICULAR", DoseVolumeMl = 2, TreatingPhysician = "dr.lee", ExpiresAt = (now + TimeSpan.FromDays(10)).ToString("O", CultureInfo.InvariantCulture),
            }, default));
            Done(await lots.AddDivisionAsync(tech, lot.Id, new AddDivision { DivisionCode = "A0", VolumeMl = 2, ViableCellsE6 = 100 }, default));
            (string Test, double? Value, string Result)[] tests =
            [
                ("CD73", 98, "PASS"), ("CD90", 97, "PASS"), ("CD105", 96, "PASS"), ("CD45", 1, "PASS"), ("CD34", 0.5, "PASS"), ("CD14_OR_CD11B", 1, "PASS"),
                ("CD79A_OR_CD19", 0.2, "PASS"), ("HLA_DR", 1, "PASS"), ("VIABILITY", 92, "PASS"), ("VIABLE_COUNT", 100, "PASS"), ("GRAM_STAIN", null, "PASS"),
                ("ENDOTOXIN", 0.5, "PASS"), ("MYCOPLASMA", null, "PASS"), ("STERILITY_USP71", null, "PENDING"),
            ];
            foreach (var (test, value, result) in tests)
                Done(await lots.RecordQcAsync(analyst, lot.Id, new RecordQcResult
                {
                    Test = test, Method = "validated method", Value = value, Result = result,
                    SampledAt = At(test == "STERILITY_USP71" ? TimeSpan.FromDays(15) : TimeSpan.FromHours(20)),
                    ResultedAt = result == "PENDING" ? null : At(TimeSpan.FromHours(2)),
                }, default));
            return Done(await lots.DecideAsync(qa, lot.Id, new DecideRelease { Status = "CONDITIONAL_RELEASE" }, default));
        }

        v["ackLotId"] = (await ConditionalAsync("L-HOSTILE-ACK")).Id;
        var failed = await ConditionalAsync("L-HOSTILE-DEV");
        failed = Done(await lots.AcknowledgeAsync(physician, failed.Id, new AcknowledgeConditionalRelease { Version = 1, AcknowledgePendingTests = true }, default));
        var sterility = failed.Qc.Single(q => q.Test == "STERILITY_USP71");
        failed = Done(await lots.UpdateQcAsync(analyst, failed.Id, sterility.Id, new UpdateQcResult
        {
            Version = 1, Result = "FAIL", ResultedAt = At(TimeSpan.FromMinutes(10)), Reason = "Day-14 read: growth",
        }, default));
        if (failed.Deviations.Count != 1) throw new InvalidOperationException("the late sterility failure recorded no deviation");
    }

    /// <summary>A hospitalised joint infection possibly related to the procedure: a SUSAR with its expedited reports due.</summary>
    public static async Task SusarAsync(HttpClient staff, Dictionary<string, string> v)
    {
        var r = await staff.PostAsJsonAsync($"/api/patients/{v["patientId"]}/adverse-events", new
        {
            term = "Septic arthritis", ctcaeTerm = "Joint infection", ctcaeVersion = "5.0", grade = 3, onset = v["today"], outcome = "RECOVERING",
            seriousnessCriteria = new[] { "HOSPITALIZATION" }, relatedToProduct = "UNLIKELY", relatedToProcedure = "POSSIBLE", action = "HOSPITALIZED",
            awareDate = v["today"], route = "INTRA_ARTICULAR", cellSource = "BM_MSC",
        });
        var body = await JsonAsync(r);
        if (body.GetProperty("reports").GetArrayLength() == 0) throw new InvalidOperationException("the SUSAR has no expedited report due");
    }

    /// <summary>
    /// Two more patients, each with a released lot and one injection of it: the first lot is where the review form opens a
    /// review (<c>signalLotId</c>), the second has a review open already (<c>reviewId</c>).
    /// </summary>
    public static async Task SignalLotsAsync(OrthoRegenServer server, HttpClient staff, Dictionary<string, string> v)
    {
        for (var i = 0; i < 2; i++)
        {
            var (patientId, consentId) = await PathwaySetUp.ReadyPatientAsync(staff, $"MRN-HOSTILE-SIG{i}");
            var planId = await PathwaySetUp.KneePlanAsync(staff, patientId, consentId);
            var lot = await PathwaySetUp.ReleasedLotAsync(server, patientId, planId, $"L-HOSTILE-SIG{i}");
            var pseudonym = (await JsonAsync(await staff.GetAsync($"/api/patients/{patientId}"))).GetProperty("pseudonymCode").GetString()!;
            await JsonAsync(await staff.PostAsJsonAsync($"/api/plans/{planId}/administrations", new
            {
                lotId = lot.Id, divisionCode = "A0", injectionNumber = 1, administeredAt = DateTimeOffset.UtcNow.AddMinutes(-30).ToString("O", CultureInfo.InvariantCulture),
                doseViableCellsE6 = 50, volumeMl = 2, route = "INTRA_ARTICULAR", guidance = "ULTRASOUND", target = "KNEE_R", observationMinutes = 30,
                immediateReaction = false, scannedDin = lot.Din.Code + lot.Din.Flags, scannedProductCode = lot.ProductCode.WithDivision("A0").Code,
                scannedPatientIdentifier = pseudonym, productTempC = 20.5,
            }));
            if (i == 0) { v["signalLotId"] = lot.Id; continue; }
            var review = await JsonAsync(await staff.PostAsJsonAsync("/api/outcomes/signal-reviews", new { lotId = lot.Id, events = "ALL", assessment = "first look" }));
            v["reviewId"] = review.TryGetProperty("id", out var id) ? id.GetString()! : review.GetProperty("review").GetProperty("id").GetString()!;
        }
    }

    /// <summary>An e-consent session of the patient whose checkpoints are all answered correctly: the tablet shows the signing step.</summary>
    public static async Task SigningSessionAsync(HttpClient staff, Dictionary<string, string> v)
    {
        var session = await JsonAsync(await staff.PostAsync($"/api/patients/{v["patientId"]}/econsent/sessions",
            new StringContent(WriteRouteExamples.All["POST /api/patients/{id}/econsent/sessions"].Body!, System.Text.Encoding.UTF8, "application/json")));
        var id = session.TryGetProperty("id", out var i) ? i.GetString()! : session.GetProperty("session").GetProperty("id").GetString()!;
        var document = ConsentDocuments.Default.Find("TREATMENT", "1.0")!.Render("en", false, 5_000_000);
        foreach (var c in document.Checkpoints)
            await JsonAsync(await staff.PostAsJsonAsync($"/api/econsent/sessions/{id}/answers", new { checkpointId = c.Id, choice = c.Correct, language = "en" }));
        v["signSessionId"] = id;
    }

    /// <summary>The patient answers the portal's PAIN_NRS question of the linked visit, so the review page can submit it.</summary>
    public static async Task PortalAnswerAsync(OrthoRegenServer server, Dictionary<string, string> v)
    {
        var saved = await server.Services.GetRequiredService<PortalStore>().SaveAnswerAsync(v["portalToken"], v["visitId"], "PAIN_NRS", "nrs", "5", "127.0.0.1", default);
        if (saved is not Outcome<string?>.Done) throw new InvalidOperationException("the portal answer was refused: " + saved);
    }

    /// <summary>
    /// A browser that has given a two-factor user's password on the sign-in page and now holds the half-session of the code
    /// step (<c>/login/code</c>); <paramref name="username"/> is a QA user, whose sign-in needs the code.
    /// </summary>
    public static async Task<HttpClient> AtTheCodeStepAsync(OrthoRegenServer server, string username)
    {
        if (!server.HasTwoFactor(username)) throw new InvalidOperationException($"{username} has no authenticator enrolled");
        var browser = server.Anonymous();
        var login = HostileForms.Parse(await browser.GetStringAsync("/login")).First(f => f.Action == "/account/login");
        var r = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = login.Antiforgery!, ["username"] = username, ["password"] = OrthoRegenServer.UserPassword, ["returnUrl"] = "/patients",
        }));
        // The test host's client may follow the redirect itself: either way the browser must be at the code step now.
        var at = r.StatusCode == HttpStatusCode.Redirect ? r.Headers.Location?.OriginalString : r.RequestMessage?.RequestUri?.PathAndQuery;
        if (at?.StartsWith("/login/code", StringComparison.Ordinal) != true)
            throw new InvalidOperationException($"the password step of {username} answered {(int)r.StatusCode}, at {at}");
        return browser;
    }

    static T Done<T>(Outcome<T> o) => o is Outcome<T>.Done d ? d.Value : throw new InvalidOperationException($"Set-up step failed: {o}");

    static async Task<JsonElement> JsonAsync(HttpResponseMessage r)
    {
        var text = await r.Content.ReadAsStringAsync();
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"Set-up {r.RequestMessage?.Method} {r.RequestMessage?.RequestUri}: {(int)r.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }
}
