namespace OrthoRegen.IntegrationTests.Hostile;

/// <summary>Who posts a form: the all-roles staff user, an anonymous browser, or a fresh user of its own (a form that ends or changes the session).</summary>
public enum FormCaller { Staff, Anonymous, FreshPhysician }

/// <summary>
/// One valid post per form of the web app, keyed like <see cref="OrthoRegen.Testing.DeclaredForm.Key"/>
/// ("Folder/File.razor#formName"). The page at <see cref="Url"/> is fetched, the form whose handler is
/// <see cref="Handler"/> (or, for an action form, whose action is the key's path) is read from the HTML, its rendered
/// values are the defaults and <see cref="Values"/> fill in or override fields so the post is valid. <c>{name}</c> is filled
/// from <see cref="HostileFormWorld"/>. <see cref="ValidIsRefused"/> says why the valid post is refused by design (a wrong
/// password, a one-time code); <see cref="NotReachable"/> says why the form cannot be rendered by this test at all.
/// A form missing here fails <see cref="HostileFormTests.EveryForm_HasAnExample"/>.
/// </summary>
/// <see cref="Aliases"/> maps a posted field's JSON name (or the start of its path) to the error key the page shows next to it when they differ.
public sealed record FormExample(string Url, string? Handler, Dictionary<string, string>? Values = null, FormCaller Caller = FormCaller.Staff,
    string? ValidIsRefused = null, string? NotReachable = null, Dictionary<string, string>? Aliases = null);

public static class FormExamples
{
    public static readonly IReadOnlyDictionary<string, FormExample> All = new Dictionary<string, FormExample>
    {
        ["Accounts/Pages/ChangePassword.razor#password"] = new("/account/password", "password",
            new() { ["Form.CurrentPassword"] = "Wrong-Password-123", ["Form.NewPassword"] = "Another-Strong-Pass-77", ["Form.Confirm"] = "Another-Strong-Pass-77" },
            FormCaller.FreshPhysician, ValidIsRefused: "the current password is wrong on purpose, so no variant changes the caller's password"),
        ["Accounts/Pages/TwoFactorSetUp.razor#totp"] = new("/account/totp", "totp", new() { ["Form.Code"] = "000000" }, FormCaller.FreshPhysician,
            ValidIsRefused: "a fixed code is not the authenticator's current code"),
        ["Accounts/Pages/Login.razor#action:/account/login"] = new("/account/login", null,
            new() { ["username"] = "hostile.nobody", ["password"] = "Wrong-Password-123" }, FormCaller.Anonymous,
            ValidIsRefused: "an unknown user's sign-in is refused"),
        ["Accounts/Pages/LoginCode.razor#action:/account/login/code"] = new("/account/login/code", null, null, FormCaller.Anonymous,
            NotReachable: "rendered only between a password and a code step; covered by SecurityTwoFactorTests"),
        ["Components/Layout/MainLayout.razor#action:/account/logout"] = new("/", null, null, FormCaller.FreshPhysician),

        ["Patients/Pages/PatientNew.razor#patient"] = new("/patients/new", "patient", new()
        {
            ["Form.FamilyName"] = "Kim", ["Form.GivenName"] = "Minji", ["Form.BirthDate"] = "1961-04-05", ["Form.Sex"] = "F",
            ["Form.RecordNumber"] = "MRN-FORM-1", ["Form.HeightCm"] = "158", ["Form.WeightKg"] = "61",
        }),
        ["Patients/Pages/ConsentNew.razor#consent"] = new("/patients/{patientId}/consents/new", "consent", new() { ["Form.SignedAt"] = "{today}" },
            Aliases: new() { ["formKey"] = "formVersion" }), // "CODE|version" in one select; a bad key leaves the version unknown
        ["Consent/EConsentSection.razor#econsent-start"] = new("/patients/{patientId}", "econsent-start"),
        ["Consent/EConsentSection.razor#econsent-withdraw"] = new("/patients/{patientId}", "econsent-withdraw"),
        ["Consent/Pages/TabletPage.razor#checkpoint"] = new("/consent/tablet/{sessionId}", "checkpoint",
            NotReachable: "the tablet renders its steps only after the hand-over from the chart's start form; covered by EConsentPageTests"),
        ["Consent/Pages/TabletPage.razor#sign"] = new("/consent/tablet/{sessionId}", "sign", NotReachable: "as the checkpoint form, after every checkpoint is answered",
            Values:
            new() { ["Signing.TypedName"] = "Kim Minji", ["Signing.Signature"] = "data:image/png;base64,iVBORw0KGgo=" }),
        ["Assessment/Pages/AssessmentNew.razor#assessment"] = new("/patients/{patientId}/assessments/new", "assessment",
            new() { ["Form.AssessedOn"] = "{today}", ["Form.SymptomDurationMonths"] = "14", ["Form.PainNrs"] = "6" }),
        ["Candidacy/Pages/CandidacyPage.razor#decision"] = new("/patients/{patientId}/candidacy/{assessmentId}", "decision"),
        ["Instruments/Pages/TranscribeResponse.razor#transcribe"] = new("/patients/{patientId}/responses/new?instrument=PAIN_NRS", "transcribe",
            new() { ["Form.CompletedOn"] = "{today}" }),

        ["Treatment/Pages/TreatmentPlanForm.razor#plan"] = new("/patients/{patientId}/plans/new", "plan"),
        ["Treatment/Pages/TreatmentPlanPage.razor#status"] = new("/plans/{planId}", "status", new() { ["Form.Reason"] = "patient travelling" }),
        ["Administration/Pages/AdministrationNew.razor#administer"] = new("/plans/{planId}/administer", "administer"),

        ["CellLab/Pages/DonorNew.razor#donor"] = new("/lab/donors/new", "donor", new() { ["Form.DonorConsentRef"] = "DC-FORM-1" }),
        ["CellLab/Pages/DonorPage.razor#screening"] = new("/lab/donors/{donorId}", "screening"),
        ["CellLab/Pages/CollectionNew.razor#collection"] = new("/lab/collections/new", "collection"),
        ["CellLab/Pages/LotNew.razor#lot"] = new("/lab/lots/new", "lot"),
        ["CellLab/Pages/LotPage.razor#decision"] = new("/lab/lots/{lotId}", "decision"),
        ["CellLab/Pages/LotPage.razor#ack"] = new("/lab/lots/{lotId}", "ack", NotReachable: "rendered only for a lot released with a deviation awaiting the physician's acknowledgement"),
        ["CellLab/Pages/LotPage.razor#qc"] = new("/lab/lots/{lotId}", "qc"),
        ["CellLab/Pages/LotPage.razor#qcupdate"] = new("/lab/lots/{lotId}", "qcupdate"),
        ["CellLab/Pages/LotPage.razor#step"] = new("/lab/lots/{lotId}", "step"),
        ["CellLab/Pages/LotPage.razor#division"] = new("/lab/lots/{lotId}", "division"),
        ["CellLab/Pages/LotPage.razor#allocation"] = new("/lab/lots/{lotId}", "allocation", new() { ["Allocation.PatientId"] = "{patientId}" },
            Aliases: new() { ["divisionKey"] = "version" }), // "CODE|version" in one select, its message shown under it
        ["CellLab/Pages/LotPage.razor#custody"] = new("/lab/lots/{lotId}", "custody"),

        ["FollowUp/Pages/PatientSchedule.razor#start"] = new("/patients/{patientId}/follow-up", "start"),
        ["FollowUp/Pages/PatientSchedule.razor#endpoint-*"] = new("/patients/{patientId}/follow-up", "endpoint-{scheduleId}"),
        ["FollowUp/Pages/PatientSchedule.razor#end-*"] = new("/patients/{patientId}/follow-up", "end-{scheduleId}"),
        ["FollowUp/Pages/VisitRecordPage.razor#visit"] = new("/follow-up/visits/{visitId}", "visit", new() { ["Form.ActualDate"] = "{today}" }),
        ["FollowUp/Pages/VisitRecordPage.razor#reschedule"] = new("/follow-up/visits/{visitId}", "reschedule", new() { ["Move.Reason"] = "Patient request" }),
        ["Portal/PortalLinksSection.razor#portal-issue"] = new("/patients/{patientId}/follow-up", "portal-issue"),
        ["Portal/PortalLinksSection.razor#portal-revoke-*"] = new("/patients/{patientId}/follow-up", "portal-revoke-{linkId}"),
        ["Portal/Pages/PortalQuestionPage.razor#answer"] = new("/portal/{portalToken}/{visitId}/PAIN_NRS/nrs", "answer", null, FormCaller.Anonymous),
        ["Portal/Pages/PortalReview.razor#submit"] = new("/portal/{portalToken}/{visitId}/review", "submit", null, FormCaller.Anonymous,
            NotReachable: "rendered only once every question of the visit is answered"),

        ["Safety/Pages/AdverseEventNew.razor#adverse-event"] = new("/patients/{patientId}/adverse-events/new", "adverse-event",
            new() { ["Form.Term"] = "Knee effusion", ["Form.Onset"] = "{today}", ["Form.AwareDate"] = "{today}" }),
        ["Safety/Pages/AdverseEventPage.razor#adverse-event-follow-up"] = new("/adverse-events/{aeId}", "adverse-event-follow-up"),
        ["Safety/Pages/SafetyDueList.razor#submission"] = new("/safety", "submission", NotReachable: "rendered only when an expedited report is due (a serious related event)"),
        ["Safety/ProductFollowUpsSection.razor#close-followup"] = new("/safety", "close-followup", NotReachable: "rendered only when a product follow-up is open (a lot recall or deviation)"),

        ["Evidence/Pages/StudyNew.razor#study"] = new("/evidence/studies/new", "study"),
        ["Evidence/Pages/PrismaPage.razor#prisma"] = new("/evidence/prisma", "prisma", Aliases: new() { ["sources"] = "identifiedSources" }),
        ["Evidence/Pages/GradePage.razor#grade"] = new("/evidence/grade", "grade"),
        ["Evidence/Pages/EvidenceImport.razor#import"] = new("/evidence/import", "import"),
        ["Evidence/Pages/EvidenceImport.razor#demo"] = new("/evidence/import", "demo"),
        ["Outcomes/Pages/CohortBuilder.razor#cohort-save"] = new("/outcomes", "cohort-save", new() { ["Form.Name"] = "hostile cohort" }),
        ["Outcomes/Pages/SafetySignalReviewList.razor#signal-review-open"] = new("/outcomes/signal-reviews", "signal-review-open",
            NotReachable: "rendered only when the safety-signal screen flags a lot"),
        ["Outcomes/Pages/SafetySignalReviewPage.razor#signal-review-step"] = new("/outcomes/signal-reviews/{reviewId}", "signal-review-step",
            NotReachable: "a review can be opened only for a lot with a recorded injection and a flagged signal"),
        ["PreScreening/Pages/PreScreenPage.razor#prescreen"] = new("/prescreen", "prescreen", null, FormCaller.Anonymous),
        ["PreScreening/Pages/LeadList.razor#lead-*"] = new("/leads", "lead-{leadId}"),
        ["Demo/DemoPanel.razor#demo-generate"] = new("/", "demo-generate", null, FormCaller.Staff,
            NotReachable: "rendered only when Demo:Enabled is set; generating a demo is covered by the demo tests"),
    };
}
