using System.Security.Cryptography;
using System.Text;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Candidacy;
using OrthoRegen.CellLab;
using OrthoRegen.Data;
using OrthoRegen.Demo;
using OrthoRegen.Evidence;
using OrthoRegen.FollowUp;
using OrthoRegen.Instruments;
using OrthoRegen.Patients;
using OrthoRegen.Safety;
using OrthoRegen.Testing;
using OrthoRegen.Treatment;

namespace OrthoRegen.IntegrationTests.Demo;

public class DemoGeneratorTests
{
    static readonly Actor Admin = Actor.System("test");
    static readonly DateOnly AsOf = new(2026, 6, 15);

    static async Task<DemoResult> GenerateAsync(TestDatabase db, int patients, long seed, int sites = 2, int batch = 40)
    {
        var outcome = await db.Get<DemoGenerator>().GenerateAsync(Admin, new DemoRequest(patients, seed, sites, "2026-06-15", batch), false, null, default);
        return Assert.IsType<Outcome<DemoResult>.Done>(outcome).Value;
    }

    static async Task<List<string>> PatientIdsAsync(TestDatabase db)
    {
        await using var c = await db.Database.OpenAsync(default);
        return (await c.QueryAsync<string>("SELECT id FROM patients ORDER BY id")).ToList();
    }

    [Theory, BothEngines]
    public async Task Generate_EveryStoreReadsEveryDemoPatient_AndAuditVerifies(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var result = await GenerateAsync(db, 120, seed: 11);
        Assert.Equal(120, result.Patients);
        // The published studies of DOMAIN.md 5 are loaded beside the cohort, each labelled with its source, once.
        var library = await db.Get<EvidenceStore>().ListAsync(new StudyFilter(), default);
        Assert.Equal(result.LiteratureStudies, library.Count);
        Assert.True(library.Count >= 5);
        Assert.All(library, s => Assert.False(string.IsNullOrWhiteSpace(s.DemoKey)));
        Assert.All(library, s => Assert.False(string.IsNullOrWhiteSpace(s.Data.SourceLabel)));

        var ids = await PatientIdsAsync(db);
        Assert.Equal(120, ids.Count);
        var catalog = db.Get<InstrumentCatalog>();
        int responses = 0, schedules = 0, plans = 0, lots = 0, events = 0, visitsDone = 0;
        foreach (var id in ids)
        {
            var patient = await db.Get<PatientStore>().LoadAsync(Admin, id, default);
            Assert.NotNull(patient);
            Assert.Equal("DEMO", patient.FamilyName);
            Assert.StartsWith("DEMO-", patient.RecordNumber);
            Assert.True(PseudonymCode.IsWellFormed(patient.PseudonymCode));
            Assert.NotNull(await db.Get<ConsentStore>().ReadAllAsync(Admin, id, default));

            // The stored candidacy decision agrees with the rules applied to the stored assessment.
            var candidacy = await db.Get<CandidacyStore>().EvaluateAsync(Admin, id, null, default);
            Assert.NotNull(candidacy);
            var stored = Assert.Single(candidacy.Decisions);
            if (stored.RuleResult != CandidacyResult.Defer) // C6 DEFER depends on the evaluation date (the store evaluates as of today)
                Assert.Equal(candidacy.Evaluation.RuleResult, stored.RuleResult);

            // Rescoring the stored raw items with the catalog gives the stored scores.
            foreach (var r in (await db.Get<ResponseStore>().ReadAllAsync(Admin, id, null, default))!)
            {
                var items = r.Items.EnumerateObject().ToDictionary(p => p.Name, p => Answer.FromJson(p.Value), StringComparer.Ordinal);
                var rescored = catalog.Score(new InstrumentRequest(r.Instrument, items));
                Assert.Equal(ResultStatus.Ok, rescored.Status);
                foreach (var s in rescored.Scores) Assert.Equal(s.Value, r.Scores[s.Name]);
                responses++;
            }
            foreach (var p in (await db.Get<TreatmentPlanStore>().ReadAllAsync(Admin, id, default))!)
            {
                plans++;
                Assert.NotNull(await db.Get<TreatmentPlanStore>().GetAsync(Admin, p.Id, default));
            }
            foreach (var s in (await db.Get<FollowUpStore>().ReadAsync(Admin, id, default))!)
            {
                schedules++;
                visitsDone += s.Visits.Count(v => v.ActualDate is not null);
            }
            foreach (var e in (await db.Get<AdverseEventStore>().ListAsync(Admin, id, default))!)
            {
                events++;
                Assert.NotNull(await db.Get<AdverseEventStore>().ReadAsync(Admin, e.Id, default));
            }
        }
        await using (var c = await db.Database.OpenAsync(default))
            foreach (var lotId in await c.QueryAsync<string>("SELECT id FROM product_lots"))
            {
                var lot = await db.Get<LotStore>().GetAsync(Admin, lotId, default);
                Assert.NotNull(lot);
                lots++;
            }
        Assert.True(responses > 120 && plans > 30 && schedules > 20 && lots > 20 && visitsDone > 50, $"{responses} {plans} {schedules} {lots} {visitsDone} {events}");

        var audit = await db.Get<AuditTrail>().VerifyAsync(default);
        Assert.True(audit.IsIntact, audit.Problem);
        var cohort = Assert.Single(await db.Get<DemoGenerator>().CohortsAsync(default));
        Assert.Equal((11L, 120, result.Rows), (cohort.Seed, cohort.Patients, cohort.RowsWritten));
    }

    [Theory, BothEngines]
    public async Task Generate_SameSeedTwice_SameContent_OtherSeedDiffers(DatabaseProvider engine)
    {
        await using var a = await TestDatabase.CreateAsync(engine);
        await using var b = await TestDatabase.CreateAsync(engine);
        await using var c = await TestDatabase.CreateAsync(engine);
        await GenerateAsync(a, 60, seed: 5, batch: 7);
        await GenerateAsync(b, 60, seed: 5, batch: 25);
        await GenerateAsync(c, 60, seed: 6, batch: 25);
        var (ha, hb, hc) = (await ContentHashAsync(a), await ContentHashAsync(b), await ContentHashAsync(c));
        Assert.Equal(ha, hb);
        Assert.NotEqual(ha, hc);
    }

    [Theory, BothEngines]
    public async Task Generate_SeedAlreadyUsed_IsRefusedNamingSeed(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        await GenerateAsync(db, 5, seed: 3);
        var again = await db.Get<DemoGenerator>().GenerateAsync(Admin, new DemoRequest(5, 3, 1, "2026-06-15"), false, null, default);
        Assert.Equal([DemoMessages.SeedUsed], Assert.IsType<Outcome<DemoResult>.Invalid>(again).Errors["seed"]);
        var notEmpty = await db.Get<DemoGenerator>().GenerateAsync(Admin, new DemoRequest(5, 4, 1, "2026-06-15"), true, null, default);
        Assert.Equal([DemoMessages.NotEmpty], Assert.IsType<Outcome<DemoResult>.Invalid>(notEmpty).Errors["patients"]);
    }

    [Theory]
    [InlineData(0, 1L, 1, "patients")] // no patients
    [InlineData(10, null, 1, "seed")] // seed is required
    [InlineData(10, 1L, 0, "sites")] // at least one site
    public async Task Validate_BadOption_NamesIt(int patients, long? seed, int sites, string field)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var outcome = await db.Get<DemoGenerator>().GenerateAsync(Admin, new DemoRequest(patients, seed, sites), false, null, default);
        Assert.Equal([field], Assert.IsType<Outcome<DemoResult>.Invalid>(outcome).Errors.Keys);
    }

    /// <summary>SHA-256 over every demo table's rows in primary-key order, as text (engine-neutral within one engine).</summary>
    static async Task<string> ContentHashAsync(TestDatabase db)
    {
        string[] tables =
        [
            "patients", "patient_versions", "record_heads", "consent_versions", "assessment_versions", "imaging_read_versions",
            "conservative_treatment_versions", "candidacy_decision_versions", "treatment_plan_versions", "collection_versions", "lab_dins",
            "product_lots", "product_lot_versions", "qc_result_versions", "release_decision_versions", "administration_versions",
            "follow_up_schedule_versions", "follow_up_visit_versions", "instrument_response_versions", "adverse_event_versions",
            "donors", "donor_versions", "donor_screening_versions", "lot_division_versions", "custody_event_versions", "regulatory_reports",
            "regulatory_report_versions",
        ];
        await using var c = await db.Database.OpenAsync(default);
        var sb = new StringBuilder();
        foreach (var t in tables)
        {
            var key = t switch { "lab_dins" => "din", _ when t.EndsWith("_versions", StringComparison.Ordinal) => "id, version", _ => "id" };
            // The synthetic cohort is deterministic; users and the published-study library (loaded alongside) are not part of it.
            var where = t == "record_heads" ? " WHERE kind NOT IN ('user', 'evidence_study')" : "";
            foreach (IDictionary<string, object?> row in await c.QueryAsync($"SELECT * FROM {t}{where} ORDER BY {key}"))
                sb.Append(t).Append('|').AppendJoin('|', row.Values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))).Append('\n');
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }
}
