using OrthoRegen.Accounts;
using OrthoRegen.Administration;
using OrthoRegen.Assessment;
using OrthoRegen.Candidacy;
using OrthoRegen.CellLab;
using OrthoRegen.Data;
using System.Text.Json;
using OrthoRegen.FollowUp;
using OrthoRegen.Instruments;
using OrthoRegen.IntegrationTests.CellLab;
using OrthoRegen.Patients;
using OrthoRegen.Testing;
using OrthoRegen.Treatment;

namespace OrthoRegen.IntegrationTests.Outcomes;

/// <summary>One treated knee to build: who the patient is, the baseline, the plan, and Day 0 (a schedule started by hand).</summary>
public sealed record KneeCase
{
    public string Family { get; init; } = "Kim";
    public string Given { get; init; } = "Minji";
    public string? RecordNumber { get; init; }
    public string? Phone { get; init; }
    public string BirthDate { get; init; } = "1960-03-02";
    public string Sex { get; init; } = "F";
    public double HeightCm { get; init; } = 160;
    public double WeightKg { get; init; } = 64;
    public string Target { get; init; } = "KNEE_R";
    public int KlGrade { get; init; } = 3;
    public string CellSource { get; init; } = "BM_MSC";
    public string Manipulation { get; init; } = "MORE_THAN_MINIMAL";
    public string Route { get; init; } = "INTRA_ARTICULAR";
    public string Guidance { get; init; } = "ULTRASOUND";
    public double TotalCellsE6 { get; init; } = 50;
    public IReadOnlyList<string> Adjuncts { get; init; } = [];
    public string Day0 { get; init; } = "2025-01-10";
    /// <summary>Baseline MRI cartilage thickness (medial femorotibial), recorded with the consultation when set.</summary>
    public double? CartilageMftcMm { get; init; }
}

/// <summary>What was built for a <see cref="KneeCase"/>.</summary>
public sealed record TreatedKnee(PatientView Patient, TreatmentPlan Plan, FollowUpScheduleView Schedule);

/// <summary>
/// A migrated database with staff at MAIN (physician, coordinator, researcher) and intent methods that build treated
/// patients through the normal stores: registration, measurement, consent, assessment with its imaging read, PROCEED,
/// plan, and the follow-up schedule from Day 0. The test clock stands at 2026-06-15 09:00 UTC.
/// </summary>
public sealed class CohortBench : IAsyncDisposable
{
    public required LabBench Lab { get; init; }
    public TestDatabase Db => Lab.Db;
    public Actor Physician => Lab.Physician;
    public required Actor Coordinator { get; init; }
    public required Actor Researcher { get; init; }

    public static async Task<CohortBench> CreateAsync(DatabaseProvider engine)
    {
        var lab = await LabBench.CreateAsync(engine);
        return new CohortBench
        {
            Lab = lab,
            Coordinator = await lab.Db.StaffAtMainSiteAsync(Roles.Coordinator, "co.jung"),
            Researcher = await lab.Db.StaffAtMainSiteAsync(Roles.Researcher, "re.song"),
        };
    }

    public static T Done<T>(Outcome<T> o) => Clinic.Done(o);

    /// <summary>Builds a treated knee; the imaging read and measurement are dated 20 days before Day 0.</summary>
    public Task<TreatedKnee> TreatAsync(KneeCase k) => Clinic.TreatAsync(Resolve, Physician, k);

    /// <summary>The test database's services by type (TestDatabase exposes only the generic Get).</summary>
    public object Resolve(Type t) => typeof(TestDatabase).GetMethod(nameof(TestDatabase.Get))!.MakeGenericMethod(t).Invoke(Db, null)!;

    public ValueTask DisposeAsync() => Lab.DisposeAsync();
}

/// <summary>Intent methods that build treated patients through the normal Core stores of any service provider (a test database or a running server).</summary>
public static class Clinic
{
    public static T Done<T>(Outcome<T> o) => o switch
    {
        Outcome<T>.Done d => d.Value,
        Outcome<T>.Invalid i => throw new Xunit.Sdk.XunitException("Set-up refused: " + string.Join("; ", i.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))),
        _ => throw new Xunit.Sdk.XunitException($"Set-up refused: {o}"),
    };


    /// <summary>Builds a treated knee; the imaging read and measurement are dated 20 days before Day 0.</summary>
    public static async Task<TreatedKnee> TreatAsync(Func<Type, object> get, Actor Physician, KneeCase k)
    {
        var day0 = DateOnly.Parse(k.Day0);
        var before = day0.AddDays(-20).ToString("yyyy-MM-dd");
        var patients = ((PatientStore)get(typeof(PatientStore)));
        var p = Done(await patients.RegisterAsync(Physician, new RegisterPatient
        {
            FamilyName = k.Family, GivenName = k.Given, BirthDate = k.BirthDate, Sex = k.Sex, Language = "ko", RecordNumber = k.RecordNumber, Phone = k.Phone,
        }, default));
        Done(await patients.RecordMeasurementAsync(Physician, p.Id, new RecordBodyMeasurement { MeasuredOn = before, HeightCm = k.HeightCm, WeightKg = k.WeightKg }, default));
        var consent = Done(await ((ConsentStore)get(typeof(ConsentStore))).RecordAsync(Physician, p.Id, new RecordConsent
        {
            FormCode = "TREATMENT", FormVersion = "1.0", Language = "ko", SignedAt = "2026-06-01", Signer = "PATIENT", Pathway = "KR_ARM_RESEARCH",
            RisksExplained = true, EvidenceLevelExplained = true, AlternativesExplained = true, PersonalDataProcessing = true, RightToWithdraw = true,
        }, default));
        var assessment = Done(await ((AssessmentStore)get(typeof(AssessmentStore))).RecordAsync(Physician, p.Id, new RecordAssessment
        {
            Indication = "KNEE_OA", Target = k.Target, AssessedOn = before, SymptomDurationMonths = 14,
            Imaging = k.CartilageMftcMm is { } mm
                ? [new ImagingReadInput { Modality = "XRAY", ReadOn = before, Reader = "Dr Lee", KlGrade = k.KlGrade },
                   new ImagingReadInput { Modality = "MRI", ReadOn = before, Reader = "Dr Lee", FieldStrengthT = 3, CartilageMftcMm = mm }]
                : [new ImagingReadInput { Modality = "XRAY", ReadOn = before, Reader = "Dr Lee", KlGrade = k.KlGrade }],
            ConservativeTreatments = [new ConservativeTreatmentInput { Type = "IA_HA", Response = "PARTIAL_TRANSIENT", LastIaInjectionOn = "2024-01-10" }],
        }, default));
        var decision = await ((CandidacyStore)get(typeof(CandidacyStore))).DecideAsync(Physician, p.Id, new RecordCandidacyDecision { AssessmentId = assessment.Id, Decision = "PROCEED" }, default);
        if (decision is Outcome<CandidacyDecision>.Invalid)
            Done(await ((CandidacyStore)get(typeof(CandidacyStore))).DecideAsync(Physician, p.Id,
                new RecordCandidacyDecision { AssessmentId = assessment.Id, Decision = "PROCEED", OverrideReason = "Test cohort: treated after discussion." }, default));
        var plan = Done(await ((TreatmentPlanStore)get(typeof(TreatmentPlanStore))).CreateAsync(Physician, p.Id, new PlanTreatment
        {
            Indication = "KNEE_OA", Target = k.Target, ConsentId = consent.Id, CellSource = k.CellSource, Origin = "AUTOLOGOUS", Manipulation = k.Manipulation,
            TotalCellsE6 = k.TotalCellsE6, Route = k.Route, Guidance = k.Guidance, PlannedInjections = 1, RegulatoryPathway = "KR_ARM_RESEARCH",
            Adjuncts = [.. k.Adjuncts],
        }, default));
        var start = Done(await ((FollowUpStore)get(typeof(FollowUpStore))).StartAsync(Physician, p.Id, new StartSchedule { Target = k.Target, Day0 = k.Day0, PlanId = plan.Id }, default));
        return new TreatedKnee(p, plan, start.Schedule);
    }

    /// <summary>Stores a WOMAC response with every pain item at <paramref name="pain"/> and every function item at <paramref name="function"/> (0-4).</summary>
    public static async Task<InstrumentResponse> WomacAsync(Func<Type, object> get, Actor actor, string patientId, string target, DateOnly on, int pain, int function, string visit)
    {
        var items = new Dictionary<string, JsonElement>();
        for (var i = 1; i <= 5; i++) items[$"P{i}"] = JsonSerializer.SerializeToElement(pain);
        for (var i = 1; i <= 2; i++) items[$"S{i}"] = JsonSerializer.SerializeToElement(2);
        for (var i = 1; i <= 17; i++) items[$"F{i}"] = JsonSerializer.SerializeToElement(function);
        return Done(await ((ResponseStore)get(typeof(ResponseStore))).SubmitAsync(actor, patientId, new SubmitResponse
        {
            Instrument = "WOMAC", Items = items, Language = "ko", Mode = "CLINIC_TABLET", VisitCode = visit, Target = target, CompletedOn = on.ToString("yyyy-MM-dd"),
        }, default));
    }
}
