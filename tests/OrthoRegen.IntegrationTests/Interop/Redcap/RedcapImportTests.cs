using Dapper;
using OrthoRegen.Data;
using OrthoRegen.Instruments;
using OrthoRegen.Interop.Csv;
using OrthoRegen.Interop.Redcap;
using OrthoRegen.Patients;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Interop.Redcap;

/// <summary>
/// The sample project in sample/ (clock 2026-06-15): records 1001 and 1002 fit; 1003 has three values REDCap's own
/// dictionary refuses; 1004 fits REDCap but its month-3 questionnaire is dated in the future, which the response store
/// refuses after the patient was already registered inside the record's unit of work.
/// </summary>
public class RedcapImportTests
{
    static string Sample(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Interop", "Redcap", "sample", file));

    static (RedcapDictionary, CsvRecords, RedcapMapping) SampleProject()
    {
        var dictionary = RedcapDictionary.Parse(Sample("dictionary.csv"), out var p1) ?? throw new Xunit.Sdk.XunitException(string.Join("; ", p1));
        var records = CsvRecords.Parse(Sample("records.csv"), out var p2) ?? throw new Xunit.Sdk.XunitException(p2);
        var mapping = RedcapMapping.Parse(Sample("mapping.yaml"), out var p3) ?? throw new Xunit.Sdk.XunitException(string.Join("; ", p3));
        return (dictionary, records, mapping);
    }

    static async Task<long> CountAsync(TestDatabase db, string sql)
    {
        await using var c = await db.Database.OpenAsync(default);
        return await c.ExecuteScalarAsync<long>(sql);
    }

    [Theory, BothEngines]
    public async Task DryRun_SampleProject_ListsEveryBadValueAndWritesNothing(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var (dictionary, records, mapping) = SampleProject();
        var import = db.Get<RedcapImport>();
        Assert.Empty(import.Check(dictionary, records, mapping));
        var audit = await CountAsync(db, "SELECT count(*) FROM audit_log");

        var report = await import.RunAsync(OrthoRegen.Accounts.Actor.System("test"), dictionary, records, mapping, dryRun: true, default);

        Assert.Equal(["1001", "1002"], report.Records.Where(r => r.Accepted).Select(r => r.Record));
        Assert.All(report.Records, r => Assert.False(r.Imported));
        Assert.Equal(["KOOS12@BASE", "KOOS12@M3", "PAIN_NRS@BASE", "PAIN_NRS@BASE"], report.Records[0].Responses.Order());
        var problems = report.Problems.Select(p => (p.Record, p.Event, p.Field, p.Value)).ToList();
        Assert.Equal(
        [
            ("1003", "enrollment_arm_1", "dob", "1970-02-30"),
            ("1003", "enrollment_arm_1", "sex", "3"),
            ("1003", "month_3_arm_1", "koos_q1", "7"),
            ("1004", "month_3_arm_1", "koos_date", "2026-12-01"),
        ], problems.Order());
        Assert.Contains("not a date", report.Problems.Single(p => p.Field == "dob").Reason);
        Assert.Contains("choices", report.Problems.Single(p => p.Field == "sex").Reason);
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM patients"));
        Assert.Equal(audit, await CountAsync(db, "SELECT count(*) FROM audit_log"));
    }

    [Theory, BothEngines]
    public async Task Run_SampleProject_ImportsTheGoodRecordsAndNothingOfABadOne(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var (dictionary, records, mapping) = SampleProject();
        var actor = OrthoRegen.Accounts.Actor.System("test");

        var report = await db.Get<RedcapImport>().RunAsync(actor, dictionary, records, mapping, dryRun: false, default);

        Assert.Equal([("1001", true), ("1002", true), ("1003", false), ("1004", false)], report.Records.Select(r => (r.Record, r.Imported)));
        Assert.Equal(2, await CountAsync(db, "SELECT count(*) FROM patients"));
        // 1004's patient was registered inside its unit of work before the store refused the response: rolled back with it.
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM patient_versions WHERE record_number IN ('MRN-RC-1003', 'MRN-RC-1004')"));
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM audit_log WHERE fields LIKE '%MRN-RC-1004%'"));

        var page = await db.Get<PatientStore>().SearchAsync(actor, "MRN-RC-1001", 1, 10, default);
        var baek = (await db.Get<PatientStore>().LoadAsync(actor, Assert.Single(page.Items).Id, default))!;
        Assert.Equal(("Baek", "Sora", new DateOnly(1962, 8, 14), "F", 158.5, 62.0), (baek.FamilyName, baek.GivenName, baek.BirthDate, baek.Sex, baek.HeightCm!.Value, baek.WeightKg!.Value));
        var responses = await db.Get<ResponseStore>().ListAsync(baek.Id, default);
        Assert.Equal(4, responses.Count);
        // KOOS-12 answered 3 everywhere at baseline: every scale 100 − 25 × 3 = 25; 2 at month 3: 50.
        Assert.Equal(25m, responses.Single(r => r.Instrument == "KOOS12" && r.VisitCode == "BASE").Scores["pain"]);
        Assert.Equal(50m, responses.Single(r => r.Instrument == "KOOS12" && r.VisitCode == "M3").Scores["summary"]);
        Assert.Equal([6m, 7m], responses.Where(r => r.Instrument == "PAIN_NRS").Select(r => r.Scores["nrs"]!.Value).Order());
        Assert.True((await db.Get<OrthoRegen.Audit.AuditTrail>().VerifyAsync(default)).IsIntact);

        // Importing again refuses the records already there instead of duplicating them.
        var again = await db.Get<RedcapImport>().RunAsync(actor, dictionary, records, mapping, dryRun: false, default);
        Assert.All(again.Records, r => Assert.False(r.Imported));
        Assert.Equal(2, await CountAsync(db, "SELECT count(*) FROM patients"));
    }

    [Theory]
    [InlineData("record_id: record_id\npatient:\n  family_name: last_name\n", "patient.given_name: required")] // a required field missing
    [InlineData("patient:\n  event: e\n  family_name: last_name\n  given_name: first_name\n  birth_date: dob\n  sex: sex\n  language: {value: ko}\n  shoe_size: x\n", "patient.shoe_size: unknown key")] // strict keys
    [InlineData("patient:\n  family_name: last_name\n  given_name: first_name\n  birth_date: dob\n  sex: {field: sex, value: F}\n  language: {value: ko}\n", "patient.sex: give either field or value")] // both
    [InlineData("patient: [1, 2\n", "line")] // not YAML
    public void Mapping_Malformed_NamesThePath(string yaml, string expected)
    {
        Assert.Null(RedcapMapping.Parse(yaml, out var problems));
        Assert.Contains(problems, p => p.Contains(expected));
    }

    [Fact]
    public void Check_MappingNamingUnknownFieldsOrItems_ListsEach()
    {
        var (dictionary, records, _) = SampleProject();
        var mapping = RedcapMapping.Parse(Sample("mapping.yaml").Replace("P5: koos_p5", "P99: koos_p5").Replace("birth_date: dob", "birth_date: birthday"), out _)!;
        var problems = new RedcapImport(null!, null!, null!, InstrumentCatalog.Default).Check(dictionary, records, mapping);
        Assert.Contains("patient.birth_date: 'birthday' is not a field of the data dictionary", problems);
        Assert.Contains("instruments[0].items.P99: not an item of KOOS12", problems);
    }
}
