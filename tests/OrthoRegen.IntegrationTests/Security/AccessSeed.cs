using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OrthoRegen.Instruments;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Security;

/// <summary>Who the seeded patient is: the direct identifiers a researcher must never receive.</summary>
public sealed record SeedIdentity(string Family, string Given, string BirthDate, string RecordNumber, string NationalId, string Phone, string Email);

/// <summary>
/// A site-MAIN pathway patient with a record behind every patient-scoped route (consent, assessment, decision, plan,
/// released lot, administration, follow-up schedule, questionnaire, adverse event with its report, e-consent session),
/// and a second patient with an open visit and a portal link. <see cref="Fill"/> puts real values into a route pattern.
/// </summary>
public sealed partial class AccessSeed
{
    public const string Missing = "0123456789abcdef0123456789abcdef";
    readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public string PatientId => _values["patient"];
    public string PortalPatientId => _values["portalPatient"];
    public string PortalToken => _values["token"];
    public string LotId => _values["lot"];
    public IReadOnlyDictionary<string, string> Values => _values;

    static async Task<JsonElement> OkJsonAsync(HttpResponseMessage r)
    {
        var text = await r.Content.ReadAsStringAsync();
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException($"{r.RequestMessage?.Method} {r.RequestMessage?.RequestUri}: {(int)r.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    static string Day(int daysAgo) => DateTime.UtcNow.AddDays(-daysAgo).ToString("yyyy-MM-dd");

    /// <summary>Seeds through the API as <paramref name="physician"/> and <paramref name="coordinator"/> (both at MAIN).</summary>
    public static async Task<AccessSeed> CreateAsync(OrthoRegenServer server, HttpClient physician, HttpClient coordinator, SeedIdentity who, SeedIdentity portalWho, string lotNumber)
    {
        var seed = new AccessSeed();
        var v = seed._values;
        var id = v["patient"] = await RegisterAsync(physician, who);
        v["consent"] = (await OkJsonAsync(await physician.PostAsJsonAsync($"/api/patients/{id}/consents", new
        {
            formCode = "TREATMENT", formVersion = "1.0", language = "en", signedAt = Day(40), signer = "PATIENT", pathway = "KR_ARM_TREATMENT",
            risksExplained = true, evidenceLevelExplained = true, alternativesExplained = true, personalDataProcessing = true, rightToWithdraw = true,
            longTermFollowUpAck = true,
        }))).GetProperty("id").GetString()!;
        v["assessment"] = (await OkJsonAsync(await physician.PostAsJsonAsync($"/api/patients/{id}/assessments", new
        {
            indication = "KNEE_OA", target = "KNEE_R", assessedOn = Day(0), symptomDurationMonths = 14,
            imaging = new[] { new { modality = "XRAY", readOn = Day(0), reader = "Dr Park", klGrade = 3 } },
            conservativeTreatments = new[] { new { type = "IA_HA", response = "PARTIAL_TRANSIENT", lastIaInjectionOn = "2025-01-10" } },
        }))).GetProperty("id").GetString()!;
        await OkJsonAsync(await physician.PostAsJsonAsync($"/api/patients/{id}/candidacy/decisions", new { assessmentId = v["assessment"], decision = "PROCEED" }));
        v["plan"] = await PathwaySetUp.KneePlanAsync(physician, id, v["consent"]);
        var lot = await PathwaySetUp.ReleasedLotAsync(server, id, v["plan"], lotNumber);
        v["lot"] = lot.Id;
        v["collection"] = lot.Collections[0].Id;
        v["qcResult"] = lot.Qc[0].Id;
        var pseudonym = (await OkJsonAsync(await physician.GetAsync($"/api/patients/{id}"))).GetProperty("pseudonymCode").GetString()!;
        var administered = await OkJsonAsync(await physician.PostAsJsonAsync($"/api/plans/{v["plan"]}/administrations", new
        {
            lotId = lot.Id, divisionCode = "A0", injectionNumber = 1, administeredAt = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O"),
            doseViableCellsE6 = 50, volumeMl = 2, route = "INTRA_ARTICULAR", guidance = "ULTRASOUND", target = "KNEE_R", observationMinutes = 30,
            immediateReaction = false, scannedDin = lot.Din.Code + lot.Din.Flags, scannedProductCode = lot.ProductCode.WithDivision("A0").Code,
            scannedPatientIdentifier = pseudonym, productTempC = 20.5,
        }));
        v["administration"] = administered.GetProperty("record").GetProperty("id").GetString()!;
        v["schedule"] = administered.GetProperty("startedScheduleId").GetString()!;
        var schedules = await OkJsonAsync(await physician.GetAsync($"/api/patients/{id}/follow-up"));
        v["visit"] = schedules[0].GetProperty("visits")[0].GetProperty("id").GetString()!;
        var items = new JsonObject();
        foreach (var item in InstrumentCatalog.Default.Find("KOOS")!.Definition.Items) items[item.Code] = 1;
        v["response"] = (await OkJsonAsync(await physician.PostAsJsonAsync($"/api/patients/{id}/responses", new JsonObject
        {
            ["instrument"] = "KOOS", ["items"] = items, ["language"] = "en", ["mode"] = "PAPER_TRANSCRIPTION", ["visitCode"] = "BASE",
            ["target"] = "KNEE_R", ["completedOn"] = Day(0),
        }))).GetProperty("id").GetString()!;
        var ae = await OkJsonAsync(await physician.PostAsJsonAsync($"/api/patients/{id}/adverse-events", new
        {
            term = "Septic arthritis", ctcaeTerm = "Joint infection", ctcaeVersion = "5.0", grade = 3, onset = Day(2), outcome = "RECOVERING",
            seriousnessCriteria = new[] { "HOSPITALIZATION" }, relatedToProduct = "UNLIKELY", relatedToProcedure = "POSSIBLE", action = "HOSPITALIZED",
            awareDate = Day(1), route = "INTRA_ARTICULAR", cellSource = "BM_MSC",
        }));
        v["ae"] = ae.GetProperty("event").GetProperty("id").GetString()!;
        v["report"] = ae.GetProperty("reports").GetArrayLength() > 0 ? ae.GetProperty("reports")[0].GetProperty("id").GetString()! : Missing;
        v["session"] = (await OkJsonAsync(await physician.PostAsJsonAsync($"/api/patients/{id}/econsent/withdrawals",
            new { consentId = v["consent"], language = "en", signer = "PATIENT" }))).GetProperty("session").GetProperty("id").GetString()!;

        // The portal patient: a schedule from 30 days ago (M1 open) and a link to it.
        var p2 = v["portalPatient"] = await RegisterAsync(coordinator, portalWho);
        var s2 = await OkJsonAsync(await coordinator.PostAsJsonAsync($"/api/patients/{p2}/follow-up", new { target = "KNEE_R", day0 = Day(30), treatingPhysician = "dr.lee" }));
        v["portalVisit"] = s2.GetProperty("visits").EnumerateArray().First(x => x.GetProperty("code").GetString() == "M1").GetProperty("id").GetString()!;
        var link = await OkJsonAsync(await coordinator.PostAsJsonAsync($"/api/patients/{p2}/portal-links", new { visitIds = new[] { v["portalVisit"] } }));
        v["link"] = link.GetProperty("link").GetProperty("id").GetString()!;
        var url = link.GetProperty("url").GetString()!;
        v["token"] = url[(url.LastIndexOf('/') + 1)..];
        return seed;
    }

    static async Task<string> RegisterAsync(HttpClient client, SeedIdentity who) =>
        (await OkJsonAsync(await client.PostAsJsonAsync("/api/patients", new
        {
            familyName = who.Family, givenName = who.Given, birthDate = who.BirthDate, sex = "F", language = "ko", recordNumber = who.RecordNumber,
            nationalId = who.NationalId, phone = who.Phone, email = who.Email, heightCm = 158.0, weightKg = 61.0,
        }))).GetProperty("id").GetString()!;

    /// <summary>The value of one route parameter of <paramref name="pattern"/>: a seeded record, a fixed code, or the missing id.</summary>
    public string ValueOf(string pattern, string parameter)
    {
        string V(string key) => _values.GetValueOrDefault(key, Missing);
        var p = pattern.ToLowerInvariant();
        return parameter.ToLowerInvariant() switch
        {
            "id" when p.StartsWith("/api/lab/collections") => V("collection"),
            "id" when p.StartsWith("/api/lab/lots") || p.StartsWith("/lab/lots") => V("lot"),
            "id" when p.StartsWith("/api/lab/donors") || p.StartsWith("/lab/donors") => Missing, // autologous pathway: no donor record
            "id" when p.StartsWith("/api/evidence") || p.StartsWith("/evidence") || p.StartsWith("/api/outcomes/cohorts") || p.StartsWith("/api/leads") => Missing,
            "id" or "patientid" => V("patient"),
            "consentid" => V("consent"),
            "assessmentid" => V("assessment"),
            "responseid" => V("response"),
            "planid" => V("plan"),
            "administrationid" => V("administration"),
            "visitid" when p.StartsWith("/portal/") => V("portalVisit"),
            "visitid" => V("visit"),
            "scheduleid" => V("schedule"),
            "aeid" => V("ae"),
            "reportid" => V("report"),
            "sessionid" => V("session"),
            "linkid" => V("link"),
            "resultid" => V("qcResult"),
            "code" when p.StartsWith("/api/lab/") => "A0",
            "code" or "instrument" => "KOOS",
            "item" => "S1",
            "token" => V("token"),
            "culture" => "ko",
            "documentname" => "v1",
            "**path" => "app.css",
            _ => Missing, // recordId, followUpId, reviewId, cohortId, userId, tokenId: no record needed for an access answer
        };
    }

    /// <summary>The path of <paramref name="pattern"/> with seeded values; <paramref name="replace"/> swaps chosen values (e.g. for the missing id).</summary>
    public string Fill(string pattern, Func<string, string>? replace = null) =>
        RouteParameter().Replace(pattern, m =>
        {
            var value = ValueOf(pattern, m.Groups[1].Value);
            return Uri.EscapeDataString(replace is null ? value : replace(value));
        });

    [GeneratedRegex(@"\{([^}:?]+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
