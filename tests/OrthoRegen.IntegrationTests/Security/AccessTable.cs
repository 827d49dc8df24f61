using static OrthoRegen.IntegrationTests.Security.Caller;

namespace OrthoRegen.IntegrationTests.Security;

/// <summary>Who calls: nobody, a staff user of one role (site MAIN), or a patient holding a portal link token.</summary>
[Flags]
public enum Caller
{
    None = 0,
    Anonymous = 1,
    Admin = 2,
    Physician = 4,
    Rehab = 8,
    CellLab = 16,
    QA = 32,
    Coordinator = 64,
    Researcher = 128,
    Safety = 256,
    /// <summary>The patient's portal token: in the URL of the portal pages, as <c>Authorization: Bearer</c> everywhere else.</summary>
    PortalToken = 512,
}

/// <summary>
/// One endpoint's rights: the callers allowed, and whether the record it names belongs to a site (a patient, or a lot,
/// donor or collection), so that a user of another site gets 404 exactly like a missing record.
/// </summary>
public sealed record Access(string Method, string Pattern, Caller Allowed, bool Scoped = false)
{
    /// <summary>A query string the endpoint needs to get past its own validation (e.g. which instrument).</summary>
    public string Query { get; init; } = "";
    /// <summary>A sign-in endpoint: its own answer to wrong credentials is 401, which is not an authorization refusal.</summary>
    public bool SignIn { get; init; }
    /// <summary>A form post (pages and the account form endpoints) rather than JSON.</summary>
    public bool IsForm => IsPage || Pattern.StartsWith("/account/", StringComparison.Ordinal);

    public override string ToString() => $"{Method} {Pattern}";
    public bool IsPage => !Pattern.StartsWith("/api/", StringComparison.Ordinal) && Pattern is not ("/healthz" or "/readyz" or "/openapi/{documentName}.json" or "/{**path:file}")
        && !Pattern.StartsWith("/account/log", StringComparison.Ordinal) && !Pattern.StartsWith("/culture/", StringComparison.Ordinal);
}

/// <summary>
/// The declared table of who may do what, for every endpoint of the application (API, pages, public pages, health,
/// OpenAPI). Written from DOMAIN.md's pathway (who does what) and the role lists in Accounts/Roles.cs, NOT read from the
/// policies: the matrix test compares the running application with this table. A Razor page answers GET and POST on
/// one endpoint (its forms post back to it), so each page has both rows with the same rights.
/// </summary>
public static class AccessTable
{
    // The policies' role lists as the domain intends them (src/OrthoRegen/Accounts/Roles.cs).
    public const Caller Everyone = Anonymous | Staff | PortalToken;
    public const Caller Staff = Admin | Physician | Rehab | Caller.CellLab | QA | Coordinator | Researcher | Caller.Safety;
    public const Caller ClinicalRead = Admin | Physician | Rehab | Coordinator | Researcher;
    public const Caller ClinicalWrite = Admin | Physician | Rehab | Coordinator;
    public const Caller TreatmentRead = Admin | Physician | Rehab | Coordinator | Caller.CellLab | QA | Caller.Safety | Researcher;
    public const Caller TreatmentWrite = Physician;
    public const Caller Lab = Caller.CellLab | QA;
    public const Caller FollowUpWork = Admin | Coordinator | Physician | Rehab;
    public const Caller CaptureAdverseEvents = Admin | Physician | Rehab | Coordinator | Caller.CellLab | QA | Caller.Safety;
    public const Caller Outcomes = Admin | Physician | Rehab | Researcher | Caller.Safety;
    public const Caller Evidence = Admin | Physician | Researcher;
    public const Caller SignalReview = Caller.Safety | QA;

    static IEnumerable<Access> Api(string method, string pattern, Caller allowed, bool scoped = false, string query = "") => [new(method, pattern, allowed, scoped) { Query = query }];
    static IEnumerable<Access> SignInApi(string method, string pattern) => [new(method, pattern, Everyone) { SignIn = true }];
    static IEnumerable<Access> Page(string pattern, Caller allowed, bool scoped = false) => [new("GET", pattern, allowed, scoped), new("POST", pattern, allowed, scoped)];

    public static readonly IReadOnlyList<Access> Rows = new IEnumerable<Access>[]
    {
        // Process and API description: public.
        Api("GET", "/healthz", Everyone), Api("GET", "/readyz", Everyone), Api("GET", "/openapi/{documentName}.json", Everyone),
        // wwwroot files (stylesheets, the two small scripts) and Blazor's redirect helper: public, no data.
        Api("GET", "/{**path:file}", Everyone), Api("HEAD", "/{**path:file}", Everyone), Api("GET", "/_framework/opaque-redirect", Staff),

        // Session and own account.
        SignInApi("POST", "/api/session"), Api("DELETE", "/api/session", Everyone),
        Api("GET", "/api/me", Staff), Api("POST", "/api/me/password", Staff), Api("GET", "/api/me/tokens", Staff),
        Api("POST", "/api/me/tokens", Staff), Api("DELETE", "/api/me/tokens/{tokenId}", Staff),
        Api("GET", "/api/users", Admin), Api("POST", "/api/users", Admin),
        Api("POST", "/api/users/{userId}/tokens", Admin), Api("DELETE", "/api/users/{userId}/tokens/{tokenId}", Admin),
        SignInApi("POST", "/account/login"), Api("POST", "/account/logout", Everyone), Api("GET", "/culture/{culture}", Everyone),
        Page("/login", Everyone), Page("/account/password", Staff), Page("/", Staff), Page("/denied", Staff),
        // Two-factor sign-in: the code step answers to a pending password step (else it is a failed sign-in); set-up is the
        // signed-in user's own.
        SignInApi("POST", "/api/session/code"), SignInApi("POST", "/account/login/code"), Page("/login/code", Everyone),
        Api("GET", "/api/me/totp", Staff), Api("POST", "/api/me/totp", Staff), Api("POST", "/api/me/totp/confirm", Staff),
        Page("/account/totp", Staff),

        // Patients: identity, measurements, consents, comorbidities.
        Api("GET", "/api/patients", ClinicalRead), Api("POST", "/api/patients", ClinicalWrite),
        Api("GET", "/api/patients/{id}", ClinicalRead, true), Api("PUT", "/api/patients/{id}", ClinicalWrite, true),
        Api("GET", "/api/patients/{id}/history", ClinicalWrite, true), // versions hold identifiers: no researcher
        Api("GET", "/api/patients/{id}/measurements", ClinicalRead, true), Api("POST", "/api/patients/{id}/measurements", ClinicalWrite, true),
        Api("GET", "/api/patients/{id}/consents", ClinicalRead, true), Api("POST", "/api/patients/{id}/consents", ClinicalWrite, true),
        Api("GET", "/api/patients/{id}/comorbidities", ClinicalRead, true), Api("POST", "/api/patients/{id}/comorbidities", ClinicalWrite, true),
        Api("GET", "/api/patients/{id}/consents/{consentId}/history", ClinicalRead, true),
        Api("POST", "/api/patients/{id}/consents/{consentId}/withdrawal", ClinicalWrite, true),
        Api("GET", "/api/consent-forms", ClinicalRead),
        Page("/patients", ClinicalRead), Page("/patients/new", ClinicalWrite), Page("/patients/{Id}", ClinicalRead, true),
        Page("/patients/{Id}/consents/new", ClinicalWrite, true),

        // Assessment and candidacy.
        Api("GET", "/api/patients/{id}/assessments", ClinicalRead, true), Api("POST", "/api/patients/{id}/assessments", ClinicalWrite, true),
        Api("GET", "/api/patients/{id}/assessments/{assessmentId}", ClinicalRead, true), Api("GET", "/api/patients/{id}/treatments", ClinicalRead, true),
        Api("GET", "/api/patients/{id}/candidacy", ClinicalRead, true), Api("GET", "/api/candidacy/rules", ClinicalRead),
        Api("POST", "/api/patients/{id}/candidacy/decisions", Physician, true),
        Page("/patients/{Id}/assessments/new", ClinicalWrite, true), Page("/patients/{Id}/candidacy/{AssessmentId}", ClinicalRead, true),

        // Outcome instruments and questionnaire responses.
        Api("GET", "/api/instruments", ClinicalRead), Api("GET", "/api/instruments/{code}", ClinicalRead),
        Api("GET", "/api/patients/{id}/responses", ClinicalRead, true), Api("GET", "/api/patients/{id}/responses/history", ClinicalRead, true, "?instrument=KOOS"),
        Api("GET", "/api/patients/{id}/responses/{responseId}", ClinicalRead, true),
        Api("POST", "/api/patients/{id}/responses", ClinicalWrite, true), Api("POST", "/api/patients/{id}/responses/{responseId}/rescore", ClinicalWrite, true),
        Page("/patients/{Id}/responses/new", ClinicalWrite, true),

        // E-consent on the clinic tablet.
        Api("POST", "/api/patients/{id}/econsent/sessions", ClinicalWrite, true), Api("POST", "/api/patients/{id}/econsent/withdrawals", ClinicalWrite, true),
        Api("GET", "/api/econsent/sessions/{sessionId}", ClinicalWrite, true), Api("POST", "/api/econsent/sessions/{sessionId}/answers", ClinicalWrite, true),
        Api("POST", "/api/econsent/sessions/{sessionId}/signature", ClinicalWrite, true),
        Api("GET", "/api/patients/{id}/econsent/records", ClinicalRead, true), Api("GET", "/api/patients/{id}/econsent/records/{recordId}", ClinicalRead, true),
        Page("/consent/tablet/{SessionId}", ClinicalWrite, true), Page("/patients/{Id}/econsent/{RecordId}", ClinicalRead, true),

        // Treatment plans and bedside administration (the physician writes; every role on the product path reads).
        Api("GET", "/api/patients/{id}/plans", TreatmentRead, true), Api("POST", "/api/patients/{id}/plans", TreatmentWrite, true),
        Api("GET", "/api/plans/{planId}", TreatmentRead, true), Api("PUT", "/api/plans/{planId}", TreatmentWrite, true),
        Api("GET", "/api/plans/{planId}/history", TreatmentRead, true), Api("POST", "/api/plans/{planId}/status", TreatmentWrite, true),
        Api("GET", "/api/treatment/rules", TreatmentRead),
        Api("GET", "/api/plans/{planId}/administrations", TreatmentRead, true), Api("POST", "/api/plans/{planId}/administrations", TreatmentWrite, true),
        Api("GET", "/api/patients/{id}/administrations", TreatmentRead, true),
        Api("GET", "/api/administrations/{administrationId}", TreatmentRead, true), Api("PUT", "/api/administrations/{administrationId}", TreatmentWrite, true),
        Api("GET", "/api/administrations/{administrationId}/history", TreatmentRead, true),
        Page("/plans/{PlanId}", TreatmentRead, true), Page("/patients/{Id}/plans/new", TreatmentWrite, true), Page("/plans/{PlanId}/amend", TreatmentWrite, true),
        Page("/plans/{PlanId}/administer", TreatmentWrite, true),

        // Cell lab (lab staff and QA), release (QA), the physician's acknowledgement, and the product record on the clinical side.
        Api("GET", "/api/lab/worklist", Lab), Api("GET", "/api/lab/specs", Lab),
        Api("POST", "/api/lab/donors", Lab), Api("GET", "/api/lab/donors/{id}", Lab, true), Api("POST", "/api/lab/donors/{id}/screening", Lab, true),
        Api("GET", "/api/lab/donors/{id}/trace", Lab, true),
        Api("POST", "/api/lab/collections", Lab), Api("GET", "/api/lab/collections/{id}", Lab, true),
        Api("POST", "/api/lab/lots", Lab), Api("GET", "/api/lab/lots/{id}", Lab, true), Api("POST", "/api/lab/lots/{id}/processing", Lab, true),
        Api("POST", "/api/lab/lots/{id}/divisions", Lab, true), Api("POST", "/api/lab/lots/{id}/divisions/{code}/allocation", Lab, true),
        Api("POST", "/api/lab/lots/{id}/qc", Lab, true), Api("PUT", "/api/lab/lots/{id}/qc/{resultId}", Lab, true),
        Api("GET", "/api/lab/lots/{id}/label", Lab, true), Api("POST", "/api/lab/custody", Lab),
        Api("POST", "/api/lab/lots/{id}/decisions", QA, true),
        Api("POST", "/api/lab/lots/{id}/acknowledgement", TreatmentWrite, true),
        Api("GET", "/api/lab/lots/{id}/status", TreatmentRead, true),
        Api("GET", "/api/lab/patients/{id}/donors", TreatmentRead, true), Api("GET", "/api/lab/patients/{id}/notifications", TreatmentRead, true),
        Page("/lab", Lab), Page("/lab/lots/{Id}", TreatmentRead, true), Page("/lab/lots/{Id}/label", Lab, true),
        Page("/lab/collections/new", Lab), Page("/lab/lots/new", Lab), Page("/lab/donors/{Id}", Lab, true), Page("/lab/donors/new", Lab),

        // Follow-up.
        Api("GET", "/api/patients/{id}/follow-up", ClinicalRead, true), Api("GET", "/api/follow-up/worklist", ClinicalRead),
        Api("GET", "/api/follow-up/visits/{visitId}", ClinicalRead, true), Api("GET", "/api/follow-up/visits/{visitId}/history", ClinicalRead, true),
        Api("GET", "/api/follow-up/schedule-definition", ClinicalRead),
        Api("POST", "/api/patients/{id}/follow-up", Physician | Coordinator, true), // by hand: physician or coordinator (administration starts it otherwise)
        Api("POST", "/api/follow-up/visits/{visitId}/record", FollowUpWork, true), Api("POST", "/api/follow-up/visits/{visitId}/reschedule", FollowUpWork, true),
        Api("POST", "/api/follow-up/schedules/{scheduleId}/endpoint", FollowUpWork, true),
        Api("POST", "/api/follow-up/schedules/{scheduleId}/withdrawal", FollowUpWork, true),
        Page("/follow-up", ClinicalRead), Page("/patients/{Id}/follow-up", ClinicalRead, true), Page("/follow-up/visits/{VisitId}", ClinicalRead, true),

        // Safety.
        Api("POST", "/api/patients/{id}/adverse-events", CaptureAdverseEvents, true), Api("GET", "/api/patients/{id}/adverse-events", CaptureAdverseEvents, true),
        Api("GET", "/api/adverse-events/{aeId}", CaptureAdverseEvents, true), Api("PUT", "/api/adverse-events/{aeId}", CaptureAdverseEvents, true),
        Api("GET", "/api/safety/rules", CaptureAdverseEvents),
        Api("GET", "/api/safety/reports/due", Caller.Safety), Api("POST", "/api/safety/reports/{reportId}/submission", Caller.Safety, true),
        Api("GET", "/api/safety/summary", Caller.Safety), Api("GET", "/api/safety/product-followups", Caller.Safety),
        Api("POST", "/api/safety/product-followups/{followUpId}/closure", Caller.Safety, true),
        Page("/safety", Caller.Safety), Page("/safety/summary", Caller.Safety), Page("/patients/{Id}/adverse-events", CaptureAdverseEvents, true),
        Page("/patients/{Id}/adverse-events/new", CaptureAdverseEvents, true), Page("/adverse-events/{AeId}", CaptureAdverseEvents, true),

        // Pre-screening (public form, staff leads) and the patient portal (public pages behind the link token).
        Api("POST", "/api/prescreen", Everyone), Page("/prescreen", Everyone),
        Api("GET", "/api/leads", FollowUpWork), Api("POST", "/api/leads/{id}/status", FollowUpWork), Page("/leads", FollowUpWork),
        Api("GET", "/api/patients/{id}/portal-links", FollowUpWork, true), Api("POST", "/api/patients/{id}/portal-links", FollowUpWork, true),
        Api("GET", "/api/patients/{id}/portal-links/due", FollowUpWork, true), Api("GET", "/api/patients/{id}/portal-outbox", FollowUpWork, true),
        Api("POST", "/api/portal-links/{linkId}/revoke", FollowUpWork, true),
        Page("/portal/{Token}", Everyone), Page("/portal/{Token}/{VisitId}/{Instrument}", Everyone),
        Page("/portal/{Token}/{VisitId}/{Instrument}/{Item}", Everyone), Page("/portal/{Token}/results", Everyone),

        // Cohort analytics (pseudonymised), the analysis dataset, safety signals.
        Api("GET", "/api/outcomes/cohort", Outcomes), Api("POST", "/api/outcomes/cohort", Outcomes), Api("GET", "/api/outcomes/cohort.csv", Outcomes),
        Api("GET", "/api/outcomes/trajectory", Outcomes), Api("GET", "/api/outcomes/trajectory.csv", Outcomes), Api("GET", "/api/outcomes/trajectory.svg", Outcomes),
        Api("GET", "/api/outcomes/responders", Outcomes), Api("GET", "/api/outcomes/responders.csv", Outcomes),
        Api("POST", "/api/outcomes/responders/compare", Outcomes),
        Api("GET", "/api/outcomes/cohorts", Outcomes), Api("POST", "/api/outcomes/cohorts", Outcomes),
        Api("GET", "/api/outcomes/cohorts/{id}", Outcomes), Api("PUT", "/api/outcomes/cohorts/{id}", Outcomes),
        Api("GET", "/api/outcomes/runs", Admin),
        Api("GET", "/api/outcomes/outlook/{patientId}", Outcomes, true, "?instrument=KOOS"),
        Api("GET", "/api/outcomes/outlook/{patientId}/calibration/svg", Outcomes, true, "?instrument=KOOS"),
        Api("GET", "/api/outcomes/lot-outcome", Outcomes), Api("GET", "/api/outcomes/lot-outcome/svg", Outcomes), Api("GET", "/api/outcomes/lot-outcome/csv", Outcomes),
        Api("GET", "/api/outcomes/survival", Outcomes), Api("GET", "/api/outcomes/survival/curves", Outcomes), Api("GET", "/api/outcomes/survival/svg", Outcomes),
        Api("GET", "/api/outcomes/survival/competing-risks/svg", Outcomes), Api("GET", "/api/outcomes/survival/csv", Outcomes),
        Api("GET", "/api/outcomes/safety", Outcomes), Api("GET", "/api/outcomes/safety/funnel/svg", Outcomes), Api("GET", "/api/outcomes/safety/csv", Outcomes),
        Api("GET", "/api/outcomes/signal-reviews", SignalReview), Api("POST", "/api/outcomes/signal-reviews", SignalReview),
        Api("GET", "/api/outcomes/signal-reviews/{reviewId}", SignalReview), Api("POST", "/api/outcomes/signal-reviews/{reviewId}/assessments", SignalReview),
        Api("POST", "/api/outcomes/signal-reviews/{reviewId}/closure", SignalReview),
        Api("GET", "/api/research/dataset", Outcomes), Api("POST", "/api/research/dataset", Outcomes), Api("GET", "/api/research/cohorts/{cohortId}/dataset", Outcomes),
        Page("/outcomes", Outcomes), Page("/outcomes/report", Outcomes), Page("/outcomes/trajectories", Outcomes), Page("/outcomes/responders", Outcomes),
        Page("/outcomes/structure", Outcomes), Page("/outcomes/survival", Outcomes), Page("/outcomes/survival/cox", Outcomes), Page("/outcomes/lot-outcome", Outcomes), Page("/outcomes/safety", Outcomes),
        Page("/outcomes/outlook/{PatientId}", Outcomes, true), Page("/patients/{Id}/progress", ClinicalRead, true),
        Page("/outcomes/signal-reviews", SignalReview), Page("/outcomes/signal-reviews/{ReviewId}", SignalReview),
        Page("/research/dataset", Outcomes),

        // Evidence synthesis (literature, not patient data).
        Api("GET", "/api/evidence/studies", Evidence), Api("POST", "/api/evidence/studies", Evidence), Api("GET", "/api/evidence/studies/{id}", Evidence),
        Api("PUT", "/api/evidence/studies/{id}", Evidence), Api("GET", "/api/evidence/studies/{id}/history", Evidence),
        Api("GET", "/api/evidence/studies.csv", Evidence), Api("POST", "/api/evidence/studies/import", Evidence), Api("POST", "/api/evidence/demo", Evidence),
        Api("GET", "/api/evidence/meta", Evidence), Api("GET", "/api/evidence/meta/forest.svg", Evidence), Api("GET", "/api/evidence/meta/forest.csv", Evidence),
        Api("GET", "/api/evidence/meta/funnel.svg", Evidence), Api("GET", "/api/evidence/meta/funnel.csv", Evidence),
        Api("GET", "/api/evidence/prisma", Evidence), Api("POST", "/api/evidence/prisma", Evidence), Api("PUT", "/api/evidence/prisma/{id}", Evidence),
        Api("GET", "/api/evidence/prisma/{id}/diagram.svg", Evidence),
        Api("GET", "/api/evidence/grade", Evidence), Api("POST", "/api/evidence/grade", Evidence), Api("PUT", "/api/evidence/grade/{id}", Evidence),
        Api("GET", "/api/evidence/grade/summary", Evidence), Api("GET", "/api/evidence/grade/summary.csv", Evidence),
        Page("/evidence", Evidence), Page("/evidence/studies/new", Evidence), Page("/evidence/studies/{Id}", Evidence), Page("/evidence/import", Evidence),
        Page("/evidence/meta", Evidence), Page("/evidence/prisma", Evidence), Page("/evidence/grade", Evidence),

        // Audit and identifiable data exchange: Admin only.
        Api("GET", "/api/audit/verify", Admin), Api("GET", "/api/audit/patients/{id}", Admin),
        Api("GET", "/api/patients/{id}/fhir", Admin, true), Api("GET", "/api/fhir/export", Admin), Api("POST", "/api/fhir", Admin),
    }.SelectMany(r => r).ToList();
}
