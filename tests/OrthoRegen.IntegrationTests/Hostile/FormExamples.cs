namespace OrthoRegen.IntegrationTests.Hostile;

/// <summary>
/// Who posts a form: the all-roles staff user, an anonymous browser, a fresh user of its own (a form that ends or changes
/// the session), a browser whose sign-in waits at the two-factor code step (<see cref="HostileFormStates.AtTheCodeStepAsync"/>),
/// or the admin of a second server whose database holds no patient yet (where the demo panel is offered).
/// </summary>
public enum FormCaller { Staff, Anonymous, FreshPhysician, SecondFactor, EmptyDatabaseAdmin }

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
/// <see cref="RefusedWith"/> is what the refusal of a <see cref="ValidIsRefused"/> post must show (in the page or the redirect),
/// so the refusal is the intended one. <see cref="Blank"/> is a pattern of field names posted empty (optional rows and
/// fields the filler would otherwise make up values for), unless <see cref="Values"/> names them. The valid posts are sent
/// in key order, except that those of <see cref="ValidPostLast"/> forms (which end a record other forms are shown for)
/// come after all others.
public sealed record FormExample(string Url, string? Handler, Dictionary<string, string>? Values = null, FormCaller Caller = FormCaller.Staff,
    string? ValidIsRefused = null, string? NotReachable = null, Dictionary<string, string>? Aliases = null, string? RefusedWith = null, string? Blank = null,
    bool ValidPostLast = false);

public static class FormExamples
{
    public static readonly IReadOnlyDictionary<string, FormExample> All = new Dictionary<string, FormExample>
    {
        ["Accounts/Pages/ChangePassword.razor#password"] = new("/account/password", "password",
            new() { ["Form.CurrentPassword"] = "Wrong-Password-123", ["Form.NewPassword"] = "Another-Strong-Pass-77", ["Form.Confirm"] = "Another-Strong-Pass-77" },
            FormCaller.FreshPhysician, ValidIsRefused: "the current password is wrong on purpose, so no variant changes the caller's password",
            RefusedWith: "id=\"err-currentPassword\""),
        ["Accounts/Pages/TwoFactorSetUp.razor#totp"] = new("/account/totp", "totp", new() { ["Form.Code"] = "000000" }, FormCaller.FreshPhysician,
            ValidIsRefused: "a fixed code is not the authenticator's current code", RefusedWith: "id=\"err-code\""),
        ["Accounts/Pages/Login.razor#action:/account/login"] = new("/account/login", null,
            new() { ["username"] = "hostile.nobody", ["password"] = "Wrong-Password-123" }, FormCaller.Anonymous,
            ValidIsRefused: "an unknown user's sign-in is refused", RefusedWith: "error=failed"),
        // {totp} is the authenticator's current code, drawn just before the valid post.
        ["Accounts/Pages/LoginCode.razor#action:/account/login/code"] = new("/login/code", null, new() { ["code"] = "{totp}" }, FormCaller.SecondFactor),
        ["Components/Layout/MainLayout.razor#action:/account/logout"] = new("/", null, null, FormCaller.FreshPhysician),

        ["Patients/Pages/PatientNew.razor#patient"] = new("/patients/new", "patient", new()
        {
            ["Form.FamilyName"] = "Kim", ["Form.GivenName"] = "Minji", ["Form.BirthDate"] = "1961-04-05", ["Form.Sex"] = "F",
            ["Form.RecordNumber"] = "MRN-FORM-1", ["Form.HeightCm"] = "158", ["Form.WeightKg"] = "61", ["Form.Phone"] = "010-1234-5678", ["Form.Email"] = "minji.kim@example.org",
        }),
        ["Patients/Pages/ConsentNew.razor#consent"] = new("/patients/{patientId}/consents/new", "consent", new()
        {
            ["Form.SignedAt"] = "{today}", ["Form.RisksExplained"] = "true", ["Form.EvidenceLevelExplained"] = "true", ["Form.AlternativesExplained"] = "true",
            ["Form.PersonalDataProcessing"] = "true", ["Form.RightToWithdraw"] = "true",
        },
            Aliases: new() { ["formKey"] = "formVersion" }), // "CODE|version" in one select; a bad key leaves the version unknown
        ["Consent/EConsentSection.razor#econsent-start"] = new("/patients/{patientId}", "econsent-start",
            new() { ["Start.FormKey"] = "TREATMENT|1.0", ["Start.Pathway"] = "KR_ARM_TREATMENT", ["Start.SelfPayCostKrw"] = "5000000", ["Start.Witness"] = "" }),
        ["Consent/EConsentSection.razor#econsent-withdraw"] = new("/patients/{patientId}", "econsent-withdraw"),
        ["Consent/Pages/TabletPage.razor#checkpoint"] = new("/consent/tablet/{sessionId}?step=questions", "checkpoint"),
        ["Consent/Pages/TabletPage.razor#sign"] = new("/consent/tablet/{signSessionId}", "sign",
            new() { ["Signing.TypedName"] = "Kim Minji", ["Signing.Signature"] = HostileFormStates.Signature }),
        ["Assessment/Pages/AssessmentNew.razor#assessment"] = new("/patients/{patientId}/assessments/new", "assessment",
            new()
            {
                ["Form.AssessedOn"] = "{today}", ["Form.SymptomDurationMonths"] = "14", ["Form.PainNrs"] = "6", ["Form.KlGrade"] = "3", ["Form.XrayReadOn"] = "{today}",
                ["Form.Treatments[0].Type"] = "IA_HA", ["Form.Treatments[0].Response"] = "PARTIAL_TRANSIENT",
                ["Form.Treatments[0].LastIaInjectionOn"] = "2025-01-10",
            },
            Blank: @"^Form\.(Hba1cPct|MriReadOn|MriReader|AvnStage|Level|Pfirrmann|AisGrade|Notes)$|^Form\.Treatments\[[12]\]"),
        ["Candidacy/Pages/CandidacyPage.razor#decision"] = new("/patients/{patientId}/candidacy/{assessmentId}", "decision"),
        ["Instruments/Pages/TranscribeResponse.razor#transcribe"] = new("/patients/{patientId}/responses/new?instrument=PAIN_NRS", "transcribe",
            new() { ["Form.CompletedOn"] = "{today}", ["Form.VisitCode"] = "BASE" }),

        ["Treatment/Pages/TreatmentPlanForm.razor#plan"] = new("/patients/{patientId}/plans/new", "plan", new() { ["Form.PlannedInjections"] = "1" },
            Blank: @"^Form\.(TargetLevel|IntervalDays)$"),
        ["Treatment/Pages/TreatmentPlanPage.razor#status"] = new("/plans/{planId}", "status", new() { ["Form.Reason"] = "patient travelling" }),
        ["Administration/Pages/AdministrationNew.razor#administer"] = new("/plans/{planId}/administer", "administer",
            new() { ["Form.ScannedDin"] = "{din}", ["Form.ScannedProductCode"] = "{productCode}", ["Form.ScannedPatientIdentifier"] = "{pseudonym}" }),

        ["CellLab/Pages/DonorNew.razor#donor"] = new("/lab/donors/new", "donor", new() { ["Form.DonorConsentRef"] = "DC-FORM-1" }),
        ["CellLab/Pages/DonorPage.razor#screening"] = new("/lab/donors/{donorId}", "screening"),
        ["CellLab/Pages/CollectionNew.razor#collection"] = new("/lab/collections/new", "collection",
            new() { ["Form.Origin"] = "AUTOLOGOUS", ["Form.PatientId"] = "{patientId}", ["Form.DonorId"] = "", ["Form.Tissue"] = "BONE_MARROW_ASPIRATE", ["Form.VolumeMl"] = "60" }),
        ["CellLab/Pages/LotNew.razor#lot"] = new("/lab/lots/new", "lot", new()
        {
            ["Form.LotNumber"] = "L-FORM-1", ["Form.ProductType"] = "EXPANDED_MSC", ["Form.CellSource"] = "BM_MSC", ["Form.Manipulation"] = "MORE_THAN_MINIMAL",
            ["Form.CollectionIds"] = "{collectionId}", ["Form.RecipientPatientId"] = "{patientId}", ["Form.PlanId"] = "", ["Form.DoseVolumeMl"] = "2",
            ["Form.ExpiresAt"] = "{laterLocal}",
        }),
        ["CellLab/Pages/LotPage.razor#decision"] = new("/lab/lots/{lotId}", "decision"),
        ["CellLab/Pages/LotPage.razor#ack"] = new("/lab/lots/{ackLotId}", "ack", new() { ["Ack.Confirm"] = "true", ["Ack.Note"] = "Sterility pending: discussed with the patient" }),
        ["CellLab/Pages/LotPage.razor#qc"] = new("/lab/lots/{lotId}", "qc", new() { ["Qc.Test"] = "APPEARANCE", ["Qc.Value"] = "", ["Qc.Unit"] = "" }),
        ["CellLab/Pages/LotPage.razor#qcupdate"] = new("/lab/lots/{lotId}", "qcupdate"),
        ["CellLab/Pages/LotPage.razor#step"] = new("/lab/lots/{lotId}", "step"),
        ["CellLab/Pages/LotPage.razor#division"] = new("/lab/lots/{lotId}", "division", new() { ["Division.DivisionCode"] = "B0", ["Division.VolumeMl"] = "2", ["Division.ViableCellsE6"] = "100" }),
        ["CellLab/Pages/LotPage.razor#allocation"] = new("/lab/lots/{lotId}", "allocation", new() { ["Allocation.PatientId"] = "{patientId}" },
            Aliases: new() { ["divisionKey"] = "version" }), // "CODE|version" in one select, its message shown under it
        ["CellLab/Pages/LotPage.razor#custody"] = new("/lab/lots/{lotId}", "custody"),

        ["FollowUp/Pages/PatientSchedule.razor#start"] = new("/patients/{patientId}/follow-up", "start"),
        ["FollowUp/Pages/PatientSchedule.razor#endpoint-*"] = new("/patients/{patientId}/follow-up", "endpoint-{scheduleId}"),
        ["FollowUp/Pages/PatientSchedule.razor#end-*"] = new("/patients/{patientId}/follow-up", "end-{scheduleId}", ValidPostLast: true), // its visits' forms go with it
        ["FollowUp/Pages/VisitRecordPage.razor#visit"] = new("/follow-up/visits/{visitId}", "visit", new() { ["Form.ActualDate"] = "{today}" },
            Blank: @"^Form\.(OtherInstruments|(Exam|Il1b|Tnfa)\.\w+|Treatments\[\d+\]\.\w+|XrayReadOn|XrayReader|KlGrade|Notes)$"),
        ["FollowUp/Pages/VisitRecordPage.razor#reschedule"] = new("/follow-up/visits/{visitId}", "reschedule", new() { ["Move.Reason"] = "Patient request" }),
        ["Portal/PortalLinksSection.razor#portal-issue"] = new("/patients/{patientId}/follow-up", "portal-issue"),
        ["Portal/PortalLinksSection.razor#portal-revoke-*"] = new("/patients/{patientId}/follow-up", "portal-revoke-{linkId}"),
        ["Portal/Pages/PortalQuestionPage.razor#answer"] = new("/portal/{portalToken}/{visitId}/PAIN_NRS/nrs", "answer", null, FormCaller.Anonymous),
        ["Portal/Pages/PortalReview.razor#submit"] = new("/portal/{portalToken}/{visitId}/PAIN_NRS", "submit", null, FormCaller.Anonymous),

        ["Safety/Pages/AdverseEventNew.razor#adverse-event"] = new("/patients/{patientId}/adverse-events/new", "adverse-event",
            new() { ["Form.Term"] = "Knee effusion", ["Form.Onset"] = "{today}", ["Form.AwareDate"] = "{today}" }, Blank: @"^Form\.(MeddraPt|Resolved|AdministrationId|LotId)$"),
        ["Safety/Pages/AdverseEventPage.razor#adverse-event-follow-up"] = new("/adverse-events/{aeId}", "adverse-event-follow-up",
            new() { ["Form.Reason"] = "follow-up information" }, Blank: @"^Form\.(MeddraPt|Resolved|AdministrationId|LotId)$"),
        ["Safety/Pages/SafetyDueList.razor#submission"] = new("/safety", "submission", new() { ["Form.ReferenceNumber"] = "KR-ARMI-2026-0001", ["Form.SubmittedAt"] = "{today}" }),
        ["Safety/ProductFollowUpsSection.razor#close-followup"] = new("/safety", "close-followup",
            new() { ["Form.Finding"] = "NO_EVENT", ["Form.AdverseEventId"] = "", ["Form.Note"] = "Called the patient: no symptoms" }),

        ["Evidence/Pages/StudyNew.razor#study"] = new("/evidence/studies/new", "study", new()
        {
            ["Form.Title"] = "MSC for knee OA: a cohort", ["Form.Year"] = "2020", ["Form.Doi"] = "10.1000/xyz123", ["Form.Pmid"] = "12345678",
            ["Form.SourceUrl"] = "https://example.org/study", ["Form.SourceLabel"] = "Journal article",
        }, Blank: @"^Form\.(Arms|Outcomes|Effects)\["),
        ["Evidence/Pages/PrismaPage.razor#prisma"] = new("/evidence/prisma", "prisma", new()
        {
            ["Form.Title"] = "MSC review", ["Form.Sources[0].Label"] = "PubMed", ["Form.Sources[0].Count"] = "100", ["Form.DuplicatesRemoved"] = "10",
            ["Form.AutomationRemoved"] = "0", ["Form.OtherRemoved"] = "0", ["Form.Screened"] = "90", ["Form.ExcludedScreening"] = "60",
            ["Form.ReportsSought"] = "30", ["Form.ReportsNotRetrieved"] = "2", ["Form.ReportsAssessed"] = "28", ["Form.Reasons[0].Label"] = "Wrong population",
            ["Form.Reasons[0].Count"] = "20", ["Form.StudiesIncluded"] = "8", ["Form.ReportsIncluded"] = "8",
        }, Aliases: new() { ["sources"] = "identifiedSources" }, Blank: @"^Form\.(Sources|Reasons)\[[1-9]"),
        ["Evidence/Pages/GradePage.razor#grade"] = new("/evidence/grade", "grade", Blank: @"^Form\.(LargeEffect|DoseResponse|PlausibleConfounding)$"),
        ["Evidence/Pages/EvidenceImport.razor#import"] = new("/evidence/import", "import", new() { ["Form.Csv"] = "{studiesCsv}" }),
        ["Evidence/Pages/EvidenceImport.razor#demo"] = new("/evidence/import", "demo"),
        ["Outcomes/Pages/CohortBuilder.razor#cohort-save"] = new("/outcomes", "cohort-save", new() { ["Form.Name"] = "hostile cohort" }),
        ["Outcomes/Pages/SafetySignalReviewList.razor#signal-review-open"] = new("/outcomes/signal-reviews?lotId={signalLotId}", "signal-review-open",
            new() { ["Form.Events"] = "ALL", ["Form.Assessment"] = "Two effusions after this lot" }),
        ["Outcomes/Pages/SafetySignalReviewPage.razor#signal-review-step"] = new("/outcomes/signal-reviews/{reviewId}", "signal-review-step",
            new() { ["Form.Action"] = "assess", ["Form.Assessment"] = "Expected effusions", ["Form.Conclusion"] = "" }),
        ["PreScreening/Pages/PreScreenPage.razor#prescreen"] = new("/prescreen", "prescreen", null, FormCaller.Anonymous),
        ["PreScreening/Pages/LeadList.razor#lead-*"] = new("/leads", "lead-{leadId}"),
        ["Demo/DemoPanel.razor#demo-generate"] = new("/", "demo-generate", null, FormCaller.EmptyDatabaseAdmin),
    };
}
