using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.Evidence;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Evidence;

/// <summary>The literature library and the reviewer's records on both engines.</summary>
public class EvidenceStoreTests
{
    internal static StudyInput Trial(string author = "Kim J, Lee S", int year = 2019, double tMean = 30, double cMean = 45, int n = 20, double dose = 50) => new()
    {
        Title = $"Trial {author} {year}", Authors = author, Year = year, Doi = $"10.1000/t.{year}.{n}", Design = "RCT", Indication = "KNEE_OA",
        CellSource = "AD_MSC", Route = "INTRA_ARTICULAR", DoseCellsE6 = dose, SourceLabel = "integration test",
        Arms = [new() { Name = "MSC", Role = "TREATMENT", N = n }, new() { Name = "Saline", Role = "CONTROL", N = n }],
        Outcomes =
        [
            new() { Arm = "MSC", Instrument = "PAIN_VAS", Subscale = "vas_mm", Month = 12, Mean = tMean, Sd = 12, N = n },
            new() { Arm = "Saline", Instrument = "PAIN_VAS", Subscale = "vas_mm", Month = 12, Mean = cMean, Sd = 14, N = n },
        ],
    };

    static async Task<long> CountAsync(TestDatabase db, string sql)
    {
        await using var c = await db.Database.OpenAsync(default);
        return await c.ExecuteScalarAsync<long>(sql);
    }

    [Theory, BothEngines]
    public async Task CreateCorrectAndHistory_AreVersionedAndAudited(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var actor = await db.StaffAtMainSiteAsync(Roles.Researcher, "res.kang");
        var store = db.Get<EvidenceStore>();
        var created = ((Outcome<Study>.Done)await store.CreateAsync(actor, Trial(), default)).Value;
        Assert.Equal(1, created.Version);
        Assert.Equal(2, created.Data.Outcomes.Count);

        var corrected = await store.CorrectAsync(actor, created.Id, Trial(tMean: 28) with { Version = 1, Reason = "Typo in treatment mean" }, default);
        Assert.Equal(28, ((Outcome<Study>.Done)corrected).Value.Data.Outcomes[0].Mean);
        var stale = await store.CorrectAsync(actor, created.Id, Trial(tMean: 27) with { Version = 1, Reason = "again" }, default);
        Assert.IsType<Outcome<Study>.Conflict>(stale);
        var noReason = (Outcome<Study>.Invalid)await store.CorrectAsync(actor, created.Id, Trial() with { Version = 2 }, default);
        Assert.Contains("reason", noReason.Errors.Keys);

        var history = (await store.HistoryAsync(created.Id, default))!;
        Assert.Equal([1, 2], history.Select(h => h.Version));
        Assert.Equal("Typo in treatment mean", history[1].Reason);
        Assert.Equal(2, await CountAsync(db, "SELECT count(*) FROM audit_log WHERE entity = 'evidence_study'"));
        Assert.Null(await store.GetAsync(Ids.New(TimeProvider.System), default));
    }

    [Theory, BothEngines]
    public async Task Create_Invalid_WritesNothing(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var actor = await db.StaffAtMainSiteAsync(Roles.Physician);
        var result = await db.Get<EvidenceStore>().CreateAsync(actor, Trial() with { Year = 1800, Doi = "doi:x" }, default);
        var errors = ((Outcome<Study>.Invalid)result).Errors;
        Assert.Contains("year", errors.Keys);
        Assert.Contains("doi", errors.Keys);
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM evidence_study_versions"));
    }

    [Theory, BothEngines]
    public async Task ImportCsv_OneBadCell_StoresNothing_ThenTheFixedFileStoresAll(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var actor = await db.StaffAtMainSiteAsync(Roles.Researcher, "res.kang");
        var store = db.Get<EvidenceStore>();
        var studies = new[] { Trial(), Trial("Vega A", 2015, 38, 41, 15), Trial("Lu Q", 2017, 25, 44, 30) }
            .Select((t, i) => ($"k{i}", ((Outcome<StudyData>.Done)StudyValidation.Validate(t, 2030)).Value)).ToList();
        var csv = StudyCsv.Write(studies);
        var broken = csv.Replace(",Lu Q,2017,", ",Lu Q,20x7,");
        var invalid = (Outcome<IReadOnlyList<string>>.Invalid)await store.ImportCsvAsync(actor, broken, default);
        Assert.Equal([EvidenceMessages.Cell(12, "year")], invalid.Errors.Keys);
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM evidence_study_versions"));

        var ids = ((Outcome<IReadOnlyList<string>>.Done)await store.ImportCsvAsync(actor, csv, default)).Value;
        Assert.Equal(3, ids.Count);
        var listed = await store.ListAsync(new StudyFilter(), default);
        Assert.Equal(["Vega 2015", "Lu 2017", "Kim et al. 2019"], listed.Select(s => s.Data.Label));
        Assert.All(listed, s => Assert.Equal(RecordSource.Import, s.Source));
        // export → import is the identity on the data
        var exported = StudyCsv.Write(listed.Select(s => (s.Id, s.Data)));
        var reread = ((Outcome<IReadOnlyList<StudyData>>.Done)StudyCsv.Read(exported, 2030)).Value;
        Assert.Equal(listed.Select(s => s.Data.Outcomes.Count), reread.Select(s => s.Outcomes.Count));
        Assert.Equal(listed.SelectMany(s => s.Data.Outcomes), reread.SelectMany(s => s.Outcomes));
    }

    [Theory, BothEngines]
    public async Task DemoLibrary_LoadsOnceWithSources(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var demo = db.Get<EvidenceDemoLibrary>();
        Assert.Equal(EvidenceDemoLibrary.Studies.Count, await demo.LoadAsync(Actor.System("demo"), default));
        Assert.Equal(0, await demo.LoadAsync(Actor.System("demo"), default));
        var listed = await db.Get<EvidenceStore>().ListAsync(new StudyFilter(), default);
        Assert.Equal(EvidenceDemoLibrary.Studies.Count, listed.Count);
        Assert.All(listed, s => Assert.NotNull(s.DemoKey));
        Assert.All(listed, s => Assert.True(s.Data.SourceUrl is not null || s.Data.Doi is not null));
    }

    [Theory, BothEngines]
    public async Task Reviews_PrismaAndGrade_AreValidatedVersionedAndFeedTheSummary(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var actor = await db.StaffAtMainSiteAsync(Roles.Researcher, "res.kang");
        var reviews = db.Get<ReviewStore>();
        var prisma = new PrismaInput
        {
            Title = "Knee MSC review", IdentifiedSources = [new() { Source = "PubMed", Count = 100 }], DuplicatesRemoved = 10, Screened = 90,
            ExcludedScreening = 70, ReportsSought = 20, ReportsNotRetrieved = 2, ReportsAssessed = 18,
            ReportsExcluded = [new() { Reason = "No control", Count = 15 }], StudiesIncluded = 3, ReportsIncluded = 3,
        };
        var bad = (Outcome<Review<PrismaCounts>>.Invalid)await reviews.SavePrismaAsync(actor, null, prisma with { Screened = 91 }, default);
        Assert.Contains("screened", bad.Errors.Keys);
        var saved = ((Outcome<Review<PrismaCounts>>.Done)await reviews.SavePrismaAsync(actor, null, prisma, default)).Value;
        var fixedUp = await reviews.SavePrismaAsync(actor, saved.Id, prisma with { Title = "Knee MSC review (update)", Version = 1, Reason = "retitled" }, default);
        Assert.Equal(2, ((Outcome<Review<PrismaCounts>>.Done)fixedUp).Value.Version);
        Assert.Single(await reviews.PrismasAsync(default));

        var store = db.Get<EvidenceStore>();
        foreach (var t in new[] { Trial(), Trial("Vega A", 2015, 38, 41, 15), Trial("Lu Q", 2017, 25, 44, 30) })
            Assert.IsType<Outcome<Study>.Done>(await store.CreateAsync(actor, t, default));
        var grade = new GradeInput
        {
            Instrument = "PAIN_VAS", Subscale = "vas_mm", Month = 12, Measure = "MD", Method = "REML", Test = "z", Evidence = "RANDOMISED",
            RiskOfBias = "SERIOUS", Inconsistency = "NO", Indirectness = "NO", Imprecision = "SERIOUS", PublicationBias = "NO",
        };
        Assert.IsType<Outcome<Review<GradeRating>>.Done>(await reviews.SaveGradeAsync(actor, null, grade, default));
        var row = Assert.Single(await db.Get<SummaryOfFindings>().BuildAsync(default));
        Assert.Equal(3, row.Studies);
        Assert.Equal(40 + 30 + 60, row.Patients);
        Assert.Equal("LOW", row.Rating.Certainty);
        var direct = MetaWorkspace.Analyse(((Outcome<MetaQuery>.Done)MetaWorkspace.Validate(new MetaRequest { Instrument = "PAIN_VAS", Subscale = "vas_mm", Month = 12 })).Value,
            await store.ListAsync(new StudyFilter(), default));
        Assert.Equal(direct.Report!.Overall.Estimate, row.Estimate);
        Assert.Equal(3, await CountAsync(db, "SELECT count(*) FROM audit_log WHERE entity IN ('evidence_prisma', 'evidence_grade')"));
    }
}
