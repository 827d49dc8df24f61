using System.Text.Json.Nodes;

namespace OrthoRegen.IntegrationTests.Hostile;

/// <summary>
/// One valid example request per write route of the API (POST, PUT, PATCH, DELETE), keyed by the route table's own
/// "METHOD /pattern". The bodies are the ones the slices' API tests send; <c>{name}</c> in a path or a body is filled in
/// from the records <see cref="HostileWorld"/> created (a real patient, plan, lot…), and a route whose resource is not
/// set up gets a well-formed id that does not exist. A route missing here fails
/// <see cref="HostileApiTests.EveryWriteRoute_HasAnExample"/>.
/// </summary>
public static class WriteRouteExamples
{
    /// <summary>The request of one route: the concrete path (with placeholders) and the body (null: the route reads none).</summary>
    public sealed record Example(string Path, string? Body, string ContentType = "application/json");

    /// <summary>Routes that take no input besides the caller's session, so a hostile body means nothing to them.</summary>
    public static readonly string[] TakeNoInput = ["DELETE /api/session", "POST /api/evidence/demo", "POST /api/me/totp"];

    public static readonly IReadOnlyDictionary<string, Example> All = new Dictionary<string, Example>
    {
        ["POST /api/prescreen"] = new("/api/prescreen", """
            {"targetSite":"KNEE_L","painNrs":6,"symptomDurationMonths":12,"triedTreatments":["IA_HA"],"toldBoneOnBone":false,"toldAvn":false,
             "activeInfection":false,"immuneDiseaseActive":false,"immunosuppressants":false,"cancerActiveOrRecent":false,"pregnantOrLactating":false,
             "anticoagulant":false,"canAttendFollowup24m":true,"budgetAwareSelfPay":true,"contactMe":true,"contactName":"Lee Jiwoo",
             "contactPhone":"010-1234-5678","contactEmail":"lee@example.org","preferredLanguage":"ko"}
            """),
        ["POST /api/session"] = new("/api/session", """{"username":"hostile.nobody","password":"Wrong-Password-123"}"""),
        ["DELETE /api/session"] = new("/api/session", null),
        ["POST /api/me/totp"] = new("/api/me/totp", null),
        ["POST /api/me/totp/confirm"] = new("/api/me/totp/confirm", """{"code":"000000"}"""),
        ["POST /api/session/code"] = new("/api/session/code", """{"code":"000000"}"""),
        ["POST /api/me/password"] = new("/api/me/password", """{"currentPassword":"Wrong-Password-123","newPassword":"Another-Strong-Pass-77"}"""),
        ["POST /api/me/tokens"] = new("/api/me/tokens", """{"name":"hostile script"}"""),
        ["DELETE /api/me/tokens/{tokenId}"] = new("/api/me/tokens/{missing}", null),
        ["POST /api/users"] = new("/api/users", """
            {"username":"hostile.user","displayName":"Hostile User","password":"Staff-Chosen-Pass-9","roles":["Coordinator"],"siteCodes":["MAIN"],"allSites":false,"language":"en"}
            """),
        ["POST /api/users/{userId}/tokens"] = new("/api/users/{missing}/tokens", """{"name":"hostile"}"""),
        ["DELETE /api/users/{userId}/tokens/{tokenId}"] = new("/api/users/{missing}/tokens/{missing}", null),

        ["POST /api/patients"] = new("/api/patients", """
            {"familyName":"Kim","givenName":"Minji","birthDate":"1961-04-05","sex":"F","language":"ko","recordNumber":"MRN-H-{n}","heightCm":158.0,"weightKg":61.0}
            """),
        ["PUT /api/patients/{id}"] = new("/api/patients/{patientId}", """
            {"version":1,"reason":"typo","familyName":"Kim","givenName":"Minji","birthDate":"1961-04-05","sex":"F","language":"ko","recordNumber":"MRN-HOSTILE-1"}
            """),
        ["POST /api/patients/{id}/measurements"] = new("/api/patients/{patientId}/measurements", """{"measuredOn":"{today}","heightCm":158.0,"weightKg":60.5}"""),
        ["POST /api/patients/{id}/consents"] = new("/api/patients/{patientId}/consents", """
            {"formCode":"TREATMENT","formVersion":"1.0","language":"en","signedAt":"{today}","signer":"PATIENT","pathway":"KR_ARM_TREATMENT",
             "risksExplained":true,"evidenceLevelExplained":true,"alternativesExplained":true,"personalDataProcessing":true,"rightToWithdraw":true,"longTermFollowUpAck":true}
            """),
        ["POST /api/patients/{id}/comorbidities"] = new("/api/patients/{patientId}/comorbidities", """{"icd10":"E11.9","description":"Type 2 diabetes","active":true}"""),
        ["POST /api/patients/{id}/consents/{consentId}/withdrawal"] = new("/api/patients/{patientId}/consents/{missing}/withdrawal", """{"version":1,"withdrawnAt":"{today}","reason":"patient asked"}"""),
        ["POST /api/patients/{id}/assessments"] = new("/api/patients/{patientId}/assessments", """
            {"indication":"KNEE_OA","target":"KNEE_R","assessedOn":"{today}","symptomDurationMonths":14,"painNrs":6,"activeInfection":false,"notes":"stairs hurt",
             "imaging":[{"modality":"XRAY","readOn":"{today}","reader":"Dr Park","klGrade":3}],
             "conservativeTreatments":[{"type":"IA_HA","response":"PARTIAL_TRANSIENT","lastIaInjectionOn":"2025-01-10"}],
             "biomarkers":[{"analyte":"TNFA","specimen":"SERUM","value":8.1,"assay":"ELISA","lloq":1.2,"sampledOn":"{today}"}]}
            """),
        ["POST /api/patients/{id}/candidacy/decisions"] = new("/api/patients/{patientId}/candidacy/decisions", """{"assessmentId":"{assessmentId}","decision":"PROCEED"}"""),
        ["POST /api/patients/{id}/responses"] = new("/api/patients/{patientId}/responses", """
            {"instrument":"PAIN_NRS","items":{"nrs":4},"language":"en","mode":"PAPER_TRANSCRIPTION","visitCode":"BASE","target":"KNEE_R","completedOn":"{today}"}
            """),
        ["POST /api/patients/{id}/responses/{responseId}/rescore"] = new("/api/patients/{patientId}/responses/{responseId}/rescore", """{"version":1}"""),

        ["POST /api/patients/{id}/plans"] = new("/api/patients/{patientId}/plans", """
            {"indication":"KNEE_OA","target":"KNEE_R","consentId":"{consentId}","cellSource":"BM_MSC","origin":"AUTOLOGOUS","manipulation":"MORE_THAN_MINIMAL",
             "totalCellsE6":50,"route":"INTRA_ARTICULAR","guidance":"ULTRASOUND","plannedInjections":2,"intervalDays":28,"regulatoryPathway":"KR_ARM_TREATMENT"}
            """),
        ["PUT /api/plans/{planId}"] = new("/api/plans/{planId}", """
            {"version":1,"reason":"dose change","indication":"KNEE_OA","target":"KNEE_R","consentId":"{consentId}","cellSource":"BM_MSC","origin":"AUTOLOGOUS",
             "manipulation":"MORE_THAN_MINIMAL","totalCellsE6":40,"route":"INTRA_ARTICULAR","guidance":"ULTRASOUND","plannedInjections":2,"intervalDays":28,
             "regulatoryPathway":"KR_ARM_TREATMENT"}
            """),
        ["POST /api/plans/{planId}/status"] = new("/api/plans/{planId}/status", """{"version":1,"status":"ON_HOLD","reason":"patient travelling"}"""),
        ["POST /api/plans/{planId}/administrations"] = new("/api/plans/{planId}/administrations", """
            {"lotId":"{lotId}","divisionCode":"A0","injectionNumber":1,"administeredAt":"{now}","doseViableCellsE6":50,"volumeMl":2,"route":"INTRA_ARTICULAR",
             "guidance":"ULTRASOUND","target":"KNEE_R","observationMinutes":30,"immediateReaction":false,"scannedDin":"{din}","scannedProductCode":"{productCode}",
             "scannedPatientIdentifier":"PX-WRONG1","productTempC":20.5}
            """),
        ["PUT /api/administrations/{administrationId}"] = new("/api/administrations/{missing}", """
            {"version":1,"reason":"dose typo","doseViableCellsE6":48,"volumeMl":2,"guidance":"ULTRASOUND","operator":"dr.lee","observationMinutes":30,"immediateReaction":false}
            """),

        ["POST /api/patients/{id}/adverse-events"] = new("/api/patients/{patientId}/adverse-events", """
            {"term":"Knee effusion","ctcaeVersion":"5.0","grade":1,"onset":"{today}","outcome":"RECOVERING","relatedToProduct":"POSSIBLE",
             "relatedToProcedure":"POSSIBLE","action":"NONE","awareDate":"{today}"}
            """),
        ["PUT /api/adverse-events/{aeId}"] = new("/api/adverse-events/{missing}", """
            {"version":1,"reason":"grade revised","term":"Knee effusion","ctcaeVersion":"5.0","grade":2,"onset":"{today}","outcome":"RECOVERING",
             "relatedToProduct":"POSSIBLE","relatedToProcedure":"POSSIBLE","action":"TREATED","awareDate":"{today}"}
            """),
        ["POST /api/safety/reports/{reportId}/submission"] = new("/api/safety/reports/{missing}/submission", """{"submittedAt":"{now}","referenceNumber":"MFDS-2026-1","version":1}"""),
        ["POST /api/safety/product-followups/{followUpId}/closure"] = new("/api/safety/product-followups/{missing}/closure", """{"finding":"NO_EVENT","note":"phoned"}"""),

        ["POST /api/lab/donors"] = new("/api/lab/donors", """{"donorType":"ALLOGENEIC_UNRELATED","donorConsentRef":"DC-2026-1","siteCode":"MAIN"}"""),
        ["POST /api/lab/donors/{id}/screening"] = new("/api/lab/donors/{missing}/screening", """{"marker":"HIV_1_2_AB","method":"CLIA","result":"NEGATIVE","testedOn":"{today}"}"""),
        ["POST /api/lab/collections"] = new("/api/lab/collections", """
            {"origin":"AUTOLOGOUS","patientId":"{patientId}","tissue":"BONE_MARROW_ASPIRATE","collectedAt":"{now}","volumeMl":60,"collector":"Dr Lee"}
            """),
        ["POST /api/lab/lots"] = new("/api/lab/lots", """
            {"lotNumber":"L-H-{n}","productType":"EXPANDED_MSC","cellSource":"BM_MSC","manipulation":"MORE_THAN_MINIMAL","collectionIds":["{missing}"],
             "intendedRoute":"INTRA_ARTICULAR","doseVolumeMl":2,"treatingPhysician":"dr.lee","planId":"{planId}","expiresAt":"{later}"}
            """),
        ["POST /api/lab/lots/{id}/processing"] = new("/api/lab/lots/{lotId}/processing", """{"step":"EXPANSION","performedAt":"{now}","performedBy":"lab.tech","passage":2,"cultureDays":14,"notes":"ok"}"""),
        ["POST /api/lab/lots/{id}/divisions"] = new("/api/lab/lots/{lotId}/divisions", """{"divisionCode":"B0","volumeMl":2,"viableCellsE6":100}"""),
        ["POST /api/lab/lots/{id}/divisions/{code}/allocation"] = new("/api/lab/lots/{lotId}/divisions/A0/allocation", """{"patientId":"{patientId}","version":1}"""),
        ["POST /api/lab/lots/{id}/qc"] = new("/api/lab/lots/{lotId}/qc", """{"test":"VIABILITY","method":"7-AAD","value":91,"unit":"%","result":"PASS","sampledAt":"{now}","resultedAt":"{now}"}"""),
        ["PUT /api/lab/lots/{id}/qc/{resultId}"] = new("/api/lab/lots/{lotId}/qc/{missing}", """{"version":1,"value":90,"unit":"%","result":"PASS","resultedAt":"{now}","reason":"recount"}"""),
        ["POST /api/lab/custody"] = new("/api/lab/custody", """
            {"itemKind":"LOT","itemId":"{lotId}","event":"SHIPPED","fromParty":"Lab","toParty":"Clinic","location":"Bay 2","at":"{now}","tempC":4.0,"conditionOk":true,
             "verifier1":"a","verifier2":"b","notes":"cool box"}
            """),
        ["POST /api/lab/lots/{id}/decisions"] = new("/api/lab/lots/{missing}/decisions", """{"status":"RELEASED","reason":"all QC passed"}"""),
        ["POST /api/lab/lots/{id}/acknowledgement"] = new("/api/lab/lots/{lotId}/acknowledgement", """{"version":1,"acknowledgePendingTests":true,"note":"sterility pending"}"""),

        ["POST /api/patients/{id}/follow-up"] = new("/api/patients/{patientId}/follow-up", """{"target":"KNEE_L","day0":"{today}","treatingPhysician":"dr.api"}"""),
        ["POST /api/follow-up/visits/{visitId}/record"] = new("/api/follow-up/visits/{visitId}/record", """
            {"version":1,"actualDate":"{today}","contact":"PHONE","instruments":[{"instrument":"KOOS"}],
             "exam":{"flexionDeg":118,"chairStand30sCount":10,"stairClimbSeconds":15.5,"stairClimbSteps":12},
             "biomarkers":[{"analyte":"TNFA","specimen":"SERUM","value":8.1,"assay":"ELISA","lloq":1.2,"sampledOn":"{today}"}],"notes":"walks better"}
            """),
        ["POST /api/follow-up/visits/{visitId}/reschedule"] = new("/api/follow-up/visits/{visitId}/reschedule", """{"version":1,"scheduledOn":"{today}","reason":"holiday"}"""),
        ["POST /api/follow-up/schedules/{scheduleId}/endpoint"] = new("/api/follow-up/schedules/{scheduleId}/endpoint", """{"version":1,"type":"TOTAL_KNEE_ARTHROPLASTY","date":"{today}","note":"TKR"}"""),
        ["POST /api/follow-up/schedules/{scheduleId}/withdrawal"] = new("/api/follow-up/schedules/{scheduleId}/withdrawal", """{"version":1,"kind":"WITHDRAWN","date":"{today}","reason":"moved away"}"""),

        ["POST /api/leads/{id}/status"] = new("/api/leads/{missing}/status", """{"status":"CLOSED"}"""),
        ["POST /api/patients/{id}/portal-links"] = new("/api/patients/{patientId}/portal-links", """{"visitIds":["{visitId}"]}"""),
        ["POST /api/portal-links/{linkId}/revoke"] = new("/api/portal-links/{missing}/revoke", null),

        ["POST /api/outcomes/cohort"] = new("/api/outcomes/cohort", """{"cellSources":["BM_MSC"],"klGrades":[3],"ageMin":40,"ageMax":80}"""),
        ["POST /api/outcomes/responders/compare"] = new("/api/outcomes/responders/compare", """
            {"first":{"cellSources":["BM_MSC"]},"second":{"cellSources":["AD_MSC"]},"instrument":"KOOS","score":"PAIN"}
            """),
        ["POST /api/outcomes/cohorts"] = new("/api/outcomes/cohorts", """{"name":"Hostile cohort {n}","description":"knees","definition":{"cellSources":["BM_MSC"],"klGrades":[3]}}"""),
        ["PUT /api/outcomes/cohorts/{id}"] = new("/api/outcomes/cohorts/{cohortId}", """{"name":"Hostile cohort renamed","version":1,"reason":"clearer name"}"""),
        ["POST /api/outcomes/signal-reviews"] = new("/api/outcomes/signal-reviews", """{"lotId":"{missing}","events":"2 effusions","assessment":"review the lot"}"""),
        ["POST /api/outcomes/signal-reviews/{reviewId}/assessments"] = new("/api/outcomes/signal-reviews/{missing}/assessments", """{"version":1,"assessment":"unlikely","conclusion":"NO_SIGNAL"}"""),
        ["POST /api/outcomes/signal-reviews/{reviewId}/closure"] = new("/api/outcomes/signal-reviews/{missing}/closure", """{"version":1,"conclusion":"NO_SIGNAL","assessment":"closed"}"""),

        ["POST /api/patients/{id}/econsent/sessions"] = new("/api/patients/{patientId}/econsent/sessions", """
            {"formCode":"TREATMENT","formVersion":"1.0","language":"en","pathway":"KR_ARM_TREATMENT","signer":"PATIENT","selfPayCostKrw":5000000,"allogeneic":false}
            """),
        ["POST /api/patients/{id}/econsent/withdrawals"] = new("/api/patients/{patientId}/econsent/withdrawals", """{"consentId":"{consentId}","language":"en","signer":"PATIENT"}"""),
        ["POST /api/econsent/sessions/{sessionId}/answers"] = new("/api/econsent/sessions/{missing}/answers", """{"checkpointId":"C1","choice":1,"language":"en"}"""),
        ["POST /api/econsent/sessions/{sessionId}/signature"] = new("/api/econsent/sessions/{missing}/signature", """{"language":"en","typedName":"Kim Minji","signature":"data:image/png;base64,iVBORw0KGgo="}"""),

        // The body is a patient's Bundle as the export writes it (HostileWorld.FhirBundle), so it stays valid as the mapper grows.
        ["POST /api/fhir"] = new("/api/fhir", null, "application/fhir+json"),
        ["POST /api/research/dataset"] = new("/api/research/dataset", """{"shape":"long","format":"csv","patientIds":["{patientId}"]}"""),

        ["POST /api/evidence/studies"] = new("/api/evidence/studies", Study("Hostile trial {n}", null)),
        ["PUT /api/evidence/studies/{id}"] = new("/api/evidence/studies/{studyId}", Study("Hostile trial corrected", 1)),
        // The body is the library as GET studies.csv writes it (HostileWorld.StudiesCsv).
        ["POST /api/evidence/studies/import"] = new("/api/evidence/studies/import", null, "text/csv"),
        ["POST /api/evidence/demo"] = new("/api/evidence/demo", null),
        ["POST /api/evidence/prisma"] = new("/api/evidence/prisma", Prisma(null)),
        ["PUT /api/evidence/prisma/{id}"] = new("/api/evidence/prisma/{prismaId}", Prisma(1)),
        ["POST /api/evidence/grade"] = new("/api/evidence/grade", Grade(null)),
        ["PUT /api/evidence/grade/{id}"] = new("/api/evidence/grade/{gradeId}", Grade(1)),
    };

    static string Study(string title, int? version) => $$"""
        {"title":"{{title}}","authors":"Lee J, Park S","year":2021,"doi":"10.1000/hostile.1","design":"RCT","country":"KR","indication":"KNEE_OA","cellSource":"AD_MSC",
         "route":"INTRA_ARTICULAR","doseCellsE6":50,"injections":1,"followUpMonths":12,"sourceLabel":"Table 2","notes":"blinded",
         "arms":[{"name":"MSC","role":"TREATMENT","n":30,"cellSource":"AD_MSC","doseCellsE6":50},{"name":"Saline","role":"CONTROL","n":30}],
         "outcomes":[{"arm":"MSC","instrument":"PAIN_VAS","subscale":"vas_mm","month":12,"mean":41,"sd":20,"n":30},
                     {"arm":"Saline","instrument":"PAIN_VAS","subscale":"vas_mm","month":12,"mean":62,"sd":23,"n":30}]
         {{(version is null ? "" : $",\"version\":{version},\"reason\":\"typo\"")}}}
        """;

    static string Prisma(int? version) => $$"""
        {"title":"Knee MSC review","identifiedSources":[{"source":"PubMed","count":120}],"duplicatesRemoved":20,"automationRemoved":0,"otherRemoved":0,
         "screened":100,"excludedScreening":70,"reportsSought":30,"reportsNotRetrieved":2,"reportsAssessed":28,
         "reportsExcluded":[{"reason":"no control arm","count":18}],"studiesIncluded":10,"reportsIncluded":10
         {{(version is null ? "" : $",\"version\":{version},\"reason\":\"recount\"")}}}
        """;

    static string Grade(int? version) => $$"""
        {"instrument":"PAIN_VAS","subscale":"vas_mm","measure":"MD","method":"REML","test":"z","evidence":"OBSERVATIONAL","riskOfBias":"NO",
         "inconsistency":"NO","indirectness":"NO","imprecision":"NO","publicationBias":"NO","largeEffect":1,"footnotes":"small trials"
         {{(version is null ? "" : $",\"version\":{version},\"reason\":\"re-rated\"")}}}
        """;

    /// <summary>The body of <paramref name="example"/> with its placeholders filled, as a JSON tree for the generator.</summary>
    public static JsonNode? BodyOf(Example example, IReadOnlyDictionary<string, string> values) =>
        example.Body is null ? null : JsonNode.Parse(Fill(example.Body, values));

    public static string Fill(string template, IReadOnlyDictionary<string, string> values)
    {
        foreach (var (k, v) in values) template = template.Replace("{" + k + "}", v, StringComparison.Ordinal);
        return template;
    }
}
