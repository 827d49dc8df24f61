using OrthoRegen.Accounts;
using OrthoRegen.CellLab;
using OrthoRegen.Patients;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.CellLab;

/// <summary>A migrated database with a lab technician, an analyst, a QA person and a physician at MAIN, and intent methods for the lab.</summary>
public sealed class LabBench : IAsyncDisposable
{
    public required TestDatabase Db { get; init; }
    public required Actor Tech { get; init; }
    public required Actor Analyst { get; init; }
    public required Actor Qa { get; init; }
    public required Actor Physician { get; init; }
    public LotStore Lots => Db.Get<LotStore>();
    public CollectionStore Collections => Db.Get<CollectionStore>();
    public DonorStore Donors => Db.Get<DonorStore>();
    public CustodyStore Custody => Db.Get<CustodyStore>();

    public static async Task<LabBench> CreateAsync(OrthoRegen.Data.DatabaseProvider engine) 
    {
        var db = await TestDatabase.CreateAsync(engine);
        return new LabBench
        {
            Db = db,
            Tech = await db.StaffAtMainSiteAsync(Roles.CellLab, "lab.choi"),
            Analyst = await db.StaffAtMainSiteAsync(Roles.CellLab, "qc.han"),
            Qa = await db.StaffAtMainSiteAsync(Roles.QA, "qa.yoon"),
            Physician = await db.StaffAtMainSiteAsync(Roles.Physician, "dr.lee"),
        };
    }

    public static T Done<T>(Outcome<T> o) => o is Outcome<T>.Done d ? d.Value : throw new Xunit.Sdk.XunitException($"Expected success, got {o}");
    public static IReadOnlyDictionary<string, string[]> Invalid<T>(Outcome<T> o) =>
        o is Outcome<T>.Invalid i ? i.Errors : throw new Xunit.Sdk.XunitException($"Expected invalid, got {o}");

    /// <summary>A consented patient weighing 70 kg.</summary>
    public async Task<PatientView> PatientAsync(string family = "Kim", string given = "Minji", string mrn = "MRN-77", bool consent = true)
    {
        var p = await Db.RegisterPatientAsync(Physician, family, given, mrn);
        Done(await Db.Get<PatientStore>().RecordMeasurementAsync(Physician, p.Id, new RecordBodyMeasurement { MeasuredOn = "2026-06-01", WeightKg = 70 }, default));
        if (consent)
            Done(await Db.Get<ConsentStore>().RecordAsync(Physician, p.Id, new RecordConsent
            {
                FormCode = "TREATMENT", FormVersion = "1.0", Language = "ko", SignedAt = "2026-06-01", Signer = "PATIENT", Pathway = "KR_ARM_RESEARCH",
                RisksExplained = true, EvidenceLevelExplained = true, AlternativesExplained = true, PersonalDataProcessing = true, RightToWithdraw = true,
            }, default));
        return (await Db.Get<PatientStore>().LoadAsync(Physician, p.Id, default))!;
    }

    public async Task<CollectionView> BoneMarrowAsync(string patientId) =>
        Done(await Collections.RecordAsync(Tech, new RecordCollection
        {
            Origin = "AUTOLOGOUS", PatientId = patientId, Tissue = "BONE_MARROW_ASPIRATE", CollectedAt = "2026-06-14T08:00:00Z", VolumeMl = 60, Collector = "Dr Lee",
        }, default));

    /// <summary>An autologous expanded BM-MSC lot for intra-articular use, 2 mL dose.</summary>
    public async Task<LotView> MscLotAsync(string patientId, string lotNumber = "L-0001", string route = "INTRA_ARTICULAR")
    {
        var col = await BoneMarrowAsync(patientId);
        return Done(await Lots.CreateAsync(Tech, new CreateLot
        {
            LotNumber = lotNumber, ProductType = "EXPANDED_MSC", CellSource = "BM_MSC", Manipulation = "MORE_THAN_MINIMAL", CollectionIds = [col.Id],
            IntendedRoute = route, DoseVolumeMl = 2, TreatingPhysician = "dr.lee", PlanId = "plan-1",
        }, default));
    }

    /// <summary>Records every release test as passing (sterility as <paramref name="sterility"/>) by <see cref="Analyst"/>.</summary>
    public async Task<LotView> PassingQcAsync(string lotId, string sterility = "PASS", double viability = 92)
    {
        (string Test, double? Value)[] tests =
        [
            ("CD73", 98), ("CD90", 97), ("CD105", 96), ("CD45", 1), ("CD34", 0.5), ("CD14_OR_CD11B", 1), ("CD79A_OR_CD19", 0.2), ("HLA_DR", 1),
            ("VIABILITY", viability), ("VIABLE_COUNT", 100), ("GRAM_STAIN", null), ("ENDOTOXIN", 0.5), ("MYCOPLASMA", null), ("STERILITY_USP71", null),
        ];
        LotView lot = null!;
        foreach (var (test, value) in tests)
        {
            var result = test == "STERILITY_USP71" ? sterility : "PASS";
            lot = Done(await Lots.RecordQcAsync(Analyst, lotId, new RecordQcResult
            {
                // Sterility incubates at least 14 days before its final read (USP <71>, rule Q7); the rest are same-day tests.
                Test = test, Method = "validated method", Value = value, Result = result,
                SampledAt = test == "STERILITY_USP71" ? "2026-06-01T07:00:00Z" : "2026-06-14T12:00:00Z",
                ResultedAt = result == "PENDING" ? null : "2026-06-15T08:00:00Z",
            }, default));
        }
        return lot;
    }

    public ValueTask DisposeAsync() => Db.DisposeAsync();
}
