using System.Text.Json;
using OrthoRegen.Accounts;
using OrthoRegen.Assessment;
using OrthoRegen.Candidacy;
using OrthoRegen.FollowUp;
using OrthoRegen.Instruments;
using OrthoRegen.Patients;
using OrthoRegen.Safety;
using OrthoRegen.Testing;
using OrthoRegen.Treatment;

namespace OrthoRegen.IntegrationTests.Research;

/// <summary>
/// Two patients with every kind of direct identifier, seeded through the normal stores (clock 2027-03-01):
/// Hwang (right knee, KL 3, BM-MSC plan, Day 0 2026-06-01, KOOS at BASE/M3/M6, one adverse event, knee replacement
/// on 2027-01-15) and Zhang (left hip assessment only, pain NRS at baseline, no Day 0).
/// </summary>
public sealed class ResearchSeed : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2027, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public required TestDatabase Db { get; init; }
    public required Actor Physician { get; init; }
    public required Actor Researcher { get; init; }
    public required PatientView Hwang { get; init; }
    public required PatientView Zhang { get; init; }

    /// <summary>Every identifier of the seeded patients, in the forms a leak would take.</summary>
    public static readonly string[] Identifiers =
    [
        "Hwang", "Seoyeon", "+82 10-5555-0101", "01055550101", "MRN-ALPHA-91", "880412-2345678", "seoyeon.hwang@example.org", "1961-04-05", "19610405",
        "Zhang", "Weiming", "+86 139 0000 7777", "13900007777", "MRN-BETA-22", "HK-A1234567", "wm.zhang@example.cn", "1958-11-30", "19581130",
    ];

    public static async Task<ResearchSeed> CreateAsync(OrthoRegen.Data.DatabaseProvider engine)
    {
        var db = await TestDatabase.CreateAsync(engine, Now);
        var dr = await db.StaffAtMainSiteAsync(Roles.Physician, "dr.lee");
        var patients = db.Get<PatientStore>();
        var hwang = Done(await patients.RegisterAsync(dr, new RegisterPatient
        {
            FamilyName = "Hwang", GivenName = "Seoyeon", BirthDate = "1961-04-05", Sex = "F", Language = "ko", RecordNumber = "MRN-ALPHA-91",
            NationalId = "880412-2345678", Phone = "+82 10-5555-0101", Email = "seoyeon.hwang@example.org", HeightCm = 160, WeightKg = 64,
        }, default));
        var zhang = Done(await patients.RegisterAsync(dr, new RegisterPatient
        {
            FamilyName = "Zhang", GivenName = "Weiming", BirthDate = "1958-11-30", Sex = "M", Language = "zh", RecordNumber = "MRN-BETA-22",
            NationalId = "HK-A1234567", Phone = "+86 139 0000 7777", Email = "wm.zhang@example.cn",
        }, default));

        var consent = Done(await db.Get<ConsentStore>().RecordAsync(dr, hwang.Id, new RecordConsent
        {
            FormCode = "TREATMENT", FormVersion = "1.0", Language = "ko", SignedAt = "2026-05-20", Signer = "PATIENT", Pathway = "KR_ARM_TREATMENT",
            RisksExplained = true, EvidenceLevelExplained = true, AlternativesExplained = true, PersonalDataProcessing = true, RightToWithdraw = true,
            LongTermFollowUpAck = true,
        }, default));
        // Zhang consents to registry data processing only (exports leave out patients without such a consent).
        Done(await db.Get<ConsentStore>().RecordAsync(dr, zhang.Id, ProcessingConsent("zh", "2026-05-21"), default));
        var assessment = Done(await db.Get<AssessmentStore>().RecordAsync(dr, hwang.Id, new RecordAssessment
        {
            Indication = "KNEE_OA", Target = "KNEE_R", AssessedOn = "2026-05-20", SymptomDurationMonths = 30,
            Imaging = [new ImagingReadInput { Modality = "XRAY", ReadOn = "2026-05-20", Reader = "Dr Lee", KlGrade = 3 }],
            ConservativeTreatments = [new ConservativeTreatmentInput { Type = "IA_HA", Response = "PARTIAL_TRANSIENT", LastIaInjectionOn = "2025-10-10" }],
        }, default));
        Done(await db.Get<CandidacyStore>().DecideAsync(dr, hwang.Id, new RecordCandidacyDecision { AssessmentId = assessment.Id, Decision = "PROCEED" }, default));
        var plan = Done(await db.Get<TreatmentPlanStore>().CreateAsync(dr, hwang.Id, new PlanTreatment
        {
            Indication = "KNEE_OA", Target = "KNEE_R", ConsentId = consent.Id, CellSource = "BM_MSC", Origin = "AUTOLOGOUS", Manipulation = "MORE_THAN_MINIMAL",
            TotalCellsE6 = 50, Route = "INTRA_ARTICULAR", Guidance = "ULTRASOUND", PlannedInjections = 2, IntervalDays = 28, RegulatoryPathway = "KR_ARM_TREATMENT",
        }, default));
        var schedule = Done(await db.Get<FollowUpStore>().StartAsync(dr, hwang.Id, new StartSchedule
        {
            Target = "KNEE_R", Day0 = "2026-06-01", PlanId = plan.Id, TreatingPhysician = "dr.lee",
        }, default)).Schedule;
        var responses = db.Get<ResponseStore>();
        foreach (var (visit, on, answer) in new[] { ("BASE", "2026-05-25", 3), ("M3", "2026-09-01", 2), ("M6", "2026-12-01", 1) })
            Done(await responses.SubmitAsync(dr, hwang.Id, Koos(answer, visit, on), default));
        Done(await db.Get<AdverseEventStore>().RecordAsync(dr, hwang.Id, new RecordAdverseEvent
        {
            Term = "Injection site pain", CtcaeVersion = "5.0", Grade = 1, Onset = "2026-06-02", Outcome = "RECOVERED", Resolved = "2026-06-05",
            RelatedToProduct = "POSSIBLE", RelatedToProcedure = "PROBABLE", Action = "NONE", AwareDate = "2026-06-02", Route = "INTRA_ARTICULAR",
        }, default));
        Done(await db.Get<FollowUpStore>().RecordEndpointAsync(dr, schedule.Id, new RecordEndpoint
        {
            Version = schedule.Version, Type = "TOTAL_KNEE_ARTHROPLASTY", Date = "2027-01-15", Note = "Hwang Seoyeon, MRN-ALPHA-91, operated at City Hospital",
        }, default));

        Done(await db.Get<AssessmentStore>().RecordAsync(dr, zhang.Id, new RecordAssessment
        {
            Indication = "HIP_OA", Target = "HIP_L", AssessedOn = "2027-02-01", SymptomDurationMonths = 12,
            Imaging = [new ImagingReadInput { Modality = "XRAY", ReadOn = "2027-02-01", Reader = "Dr Lee", KlGrade = 2 }],
        }, default));
        Done(await responses.SubmitAsync(dr, zhang.Id, new SubmitResponse
        {
            Instrument = "PAIN_NRS", Items = new() { ["nrs"] = JsonSerializer.SerializeToElement(6) }, Language = "zh", Mode = ResponseModes.ClinicTablet,
            VisitCode = "BASE", Target = "HIP_L", CompletedOn = "2027-02-01",
        }, default));

        return new ResearchSeed
        {
            Db = db, Physician = dr, Researcher = await db.StaffAtMainSiteAsync(Roles.Researcher, "res.kim"),
            Hwang = hwang, Zhang = zhang,
        };
    }

    /// <summary>KOOS with every item answered <paramref name="answer"/> (0–4; each subscale 100 − 25 × answer).</summary>
    static SubmitResponse Koos(int answer, string visit, string on) => new()
    {
        Instrument = "KOOS", Language = "ko", Mode = ResponseModes.PaperTranscription, VisitCode = visit, Target = "KNEE_R", CompletedOn = on,
        Items = InstrumentCatalog.Default.Find("KOOS")!.Definition.Items.ToDictionary(i => i.Code, _ => JsonSerializer.SerializeToElement(answer)),
    };

    /// <summary>A treatment consent with every acknowledgement, personal data processing included.</summary>
    public static RecordConsent ProcessingConsent(string language, string signedAt) => new()
    {
        FormCode = "TREATMENT", FormVersion = "1.0", Language = language, SignedAt = signedAt, Signer = "PATIENT", Pathway = "KR_ARM_TREATMENT",
        RisksExplained = true, EvidenceLevelExplained = true, AlternativesExplained = true, PersonalDataProcessing = true, RightToWithdraw = true,
        LongTermFollowUpAck = true,
    };

    public static T Done<T>(Outcome<T> o) => o is Outcome<T>.Done d ? d.Value : throw new Xunit.Sdk.XunitException($"Seeding failed: {o}");

    public ValueTask DisposeAsync() => Db.DisposeAsync();
}
