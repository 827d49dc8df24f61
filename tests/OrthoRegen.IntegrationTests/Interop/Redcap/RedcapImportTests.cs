using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Assessment;
using OrthoRegen.Data;
using OrthoRegen.FollowUp;
using OrthoRegen.Instruments;
using OrthoRegen.Interop.Csv;
using OrthoRegen.Interop.Redcap;
using OrthoRegen.Patients;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Interop.Redcap;

/// <summary>
/// The sample knee BMAC registry project in sample/ (clock 2026-06-15; events baseline, month 3, 6 and 12): records 1001,
/// 1002 and 1006 fit (1006 is not treated yet: no Day 0, so no schedule); 1003 has three values REDCap's own dictionary
/// refuses (an impossible date, a sex code not in the choices, a KOOS answer 7); 1004 has a row of an event the mapping
/// does not name; 1005 misses the symptom duration, which the assessment store refuses after the patient was already
/// registered inside the record's unit of work.
/// </summary>
public class RedcapImportTests
{
    static string Sample(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Interop", "Redcap", "sample", file));

    static (RedcapDictionary, CsvRecords, RedcapMapping) SampleProject(string? records = null)
    {
        var dictionary = RedcapDictionary.Parse(Sample("dictionary.csv"), out var p1) ?? throw new Xunit.Sdk.XunitException(string.Join("; ", p1));
        var csv = CsvRecords.Parse(records ?? Sample("records.csv"), out var p2) ?? throw new Xunit.Sdk.XunitException(p2);
        var mapping = RedcapMapping.Parse(Sample("mapping.yaml"), out var p3) ?? throw new Xunit.Sdk.XunitException(string.Join("; ", p3));
        return (dictionary, csv, mapping);
    }

    static readonly Actor Importer = Actor.System("test");

    static async Task<long> CountAsync(TestDatabase db, string sql)
    {
        await using var c = await db.Database.OpenAsync(default);
        return await c.ExecuteScalarAsync<long>(sql);
    }

    static readonly string[] Tables =
    [
        "patients", "patient_versions", "record_heads", "audit_log", "import_row_keys", "assessment_versions", "imaging_read_versions",
        "instrument_response_versions", "follow_up_schedules", "follow_up_schedule_versions", "follow_up_visit_versions",
    ];

    static async Task<Dictionary<string, long>> RowCountsAsync(TestDatabase db)
    {
        var counts = new Dictionary<string, long>();
        foreach (var t in Tables) counts[t] = await CountAsync(db, $"SELECT count(*) FROM {t}");
        return counts;
    }

    static async Task<PatientView> PatientAsync(TestDatabase db, string mrn)
    {
        var page = await db.Get<PatientStore>().SearchAsync(Importer, mrn, 1, 10, default);
        return (await db.Get<PatientStore>().LoadAsync(Importer, Assert.Single(page.Items).Id, default))!;
    }

    [Theory, BothEngines]
    public async Task DryRun_SampleProject_ReportsEveryMisfitAndWritesNothing(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var (dictionary, records, mapping) = SampleProject();
        var import = db.Get<RedcapImport>();
        Assert.Empty(import.Check(dictionary, records, mapping));
        var before = await RowCountsAsync(db);

        var report = await import.RunAsync(Importer, dictionary, records, mapping, dryRun: true, default);

        Assert.Equal(["1001", "1002", "1006"], report.Records.Where(r => r.Accepted).Select(r => r.Record));
        Assert.All(report.Records, r => Assert.False(r.Imported));
        var baek = report.Records[0];
        Assert.Equal(
            ["KOOS12@BASE", "KOOS12@M12", "KOOS12@M3", "KOOS12@M6", "PAIN_NRS@BASE", "PAIN_NRS@BASE", "PAIN_VAS@BASE", "PAIN_VAS@M12",
             "PAIN_VAS@M3", "PAIN_VAS@M6", "WOMAC@BASE", "WOMAC@M12", "WOMAC@M6"],
            baek.Responses.Order(StringComparer.Ordinal));
        Assert.Equal(["BASE 2025-04-01", "M3 2025-07-14", "M6 2025-10-06", "M12 2026-04-13"], baek.Visits);
        Assert.Equal(["patient", "assessment 2025-04-01", "schedule KNEE_R from 2025-04-10"], baek.Other);
        Assert.Empty(report.Records.Single(r => r.Record == "1006").Visits); // not treated: responses keep their visit code only
        var problems = report.Problems.Select(p => (p.Record, p.Event, p.Field, p.Value)).ToList();
        Assert.Equal(
        [
            ("1003", "baseline_arm_1", "dob", "1970-02-30"),
            ("1003", "baseline_arm_1", "sex", "3"),
            ("1003", "month_3_arm_1", "koos_q1", "7"),
            ("1004", "month_24_arm_1", "redcap_event_name", "month_24_arm_1"),
            ("1005", "baseline_arm_1", "sympt_months", null),
        ], problems.Order());
        Assert.Contains("not a date", report.Problems.Single(p => p.Field == "dob").Reason);
        Assert.Contains("choices", report.Problems.Single(p => p.Field == "koos_q1").Reason);
        Assert.Contains("not an event of the mapping", report.Problems.Single(p => p.Record == "1004").Reason);
        Assert.Equal(before, await RowCountsAsync(db));
    }

    [Theory, BothEngines]
    public async Task Run_SampleProject_ImportsVisitsAndResponsesScoredByTheCatalogAndNothingOfABadRecord(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var (dictionary, records, mapping) = SampleProject();

        var report = await db.Get<RedcapImport>().RunAsync(Importer, dictionary, records, mapping, dryRun: false, default);

        Assert.Equal([("1001", true), ("1002", true), ("1003", false), ("1004", false), ("1005", false), ("1006", true)],
            report.Records.Select(r => (r.Record, r.Imported)));
        Assert.Equal(3, await CountAsync(db, "SELECT count(*) FROM patients"));
        // 1005's patient was registered inside its unit of work before the assessment store refused: rolled back with it.
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM patient_versions WHERE record_number IN ('MRN-RC-1003', 'MRN-RC-1004', 'MRN-RC-1005')"));
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM audit_log WHERE fields LIKE '%MRN-RC-1005%'"));
        Assert.Equal(3, await CountAsync(db, $"SELECT count(*) FROM import_row_keys WHERE kind = '{RedcapImport.KeyKind}'"));

        var baek = await PatientAsync(db, "MRN-RC-1001");
        Assert.Equal(("Baek", "Sora", new DateOnly(1962, 8, 14), "F"), (baek.FamilyName, baek.GivenName, baek.BirthDate, baek.Sex));
        var responses = await db.Get<ResponseStore>().ListAsync(baek.Id, default);
        Assert.Equal(13, responses.Count);
        Assert.All(responses, r => Assert.Equal("KNEE_R", r.Target));
        // Every stored score is the catalog's score of the stored answers, as for any other entry path.
        var catalog = db.Get<InstrumentCatalog>();
        foreach (var r in responses)
        {
            var items = InstrumentJson.ReadItems(r.Items.GetRawText());
            var expected = catalog.Score(new InstrumentRequest(r.Instrument, items, null));
            Assert.NotEqual(ResultStatus.Rejected, expected.Status);
            Assert.Equal(expected.Scores.ToDictionary(s => s.Name, s => s.Value), r.Scores);
        }
        // KOOS-12 answered 3 everywhere at baseline: every scale 100 − 25 × 3 = 25.
        Assert.Equal(25m, responses.Single(r => r.Instrument == "KOOS12" && r.VisitCode == "BASE").Scores["pain"]);
        // WOMAC stored 1–5 in REDCap (4 = "Severe") becomes the Likert answer 3 (add: -1).
        var womac = InstrumentJson.ReadItems(responses.Single(r => r.Instrument == "WOMAC" && r.VisitCode == "BASE").Items.GetRawText());
        Assert.Equal(24, womac.Count);
        Assert.All(womac.Values, a => Assert.Equal(InstrumentJson.WriteItems(new Dictionary<string, Answer> { ["x"] = Answer.FromJson(System.Text.Json.JsonSerializer.SerializeToElement(3m)) }),
            InstrumentJson.WriteItems(new Dictionary<string, Answer> { ["x"] = a })));
        Assert.Equal([6m, 7m], responses.Where(r => r.Instrument == "PAIN_NRS").Select(r => r.Scores["nrs"]!.Value).Order());
        Assert.Equal(72m, responses.Single(r => r.Instrument == "PAIN_VAS" && r.VisitCode == "BASE").Scores["vas_mm"]);

        // The schedule of the right knee from Day 0, with each event's visit recorded and its responses linked.
        var schedule = Assert.Single((await db.Get<FollowUpStore>().ReadAsync(Importer, baek.Id, default))!);
        Assert.Equal(("KNEE_R", new DateOnly(2025, 4, 10), "dr.kang"), (schedule.Target, schedule.Day0, schedule.TreatingPhysician));
        var done = schedule.Visits.Where(v => v.ActualDate is not null).ToDictionary(v => v.Code);
        Assert.Equal(["BASE", "M3", "M6", "M12"], done.Keys);
        Assert.Equal(new DateOnly(2025, 7, 14), done["M3"].ActualDate);
        foreach (var (code, visit) in done)
            Assert.Equal(responses.Where(r => r.VisitCode == code).Select(r => r.Id).Order(), visit.Findings!.Instruments.Select(i => i.ResponseId!).Order());
        var assessment = Assert.Single(await db.Get<AssessmentStore>().ListAsync(baek.Id, default));
        Assert.Equal((AssessmentCodes.KneeOa, "KNEE_R", 30, (int?)7, false), (assessment.Data.Indication, assessment.Data.Target,
            assessment.Data.SymptomDurationMonths, assessment.Data.PainNrs, assessment.Data.AnticoagulantOrCoagulopathy));
        Assert.Equal((2, "XRAY", new DateOnly(2025, 3, 28)), (Assert.Single(assessment.Imaging).Data.KlGrade!.Value, assessment.Imaging[0].Data.Modality, assessment.Imaging[0].Data.ReadOn));

        // 1002 missed the 12-month visit: not recorded. 1006 is not treated: no schedule, responses keep the visit code.
        var seo = await PatientAsync(db, "MRN-RC-1002");
        var seoVisits = Assert.Single((await db.Get<FollowUpStore>().ReadAsync(Importer, seo.Id, default))!).Visits;
        Assert.Null(seoVisits.Single(v => v.Code == "M12").ActualDate);
        Assert.All(await db.Get<ResponseStore>().ListAsync(seo.Id, default), r => Assert.Equal("KNEE_L", r.Target));
        var choi = await PatientAsync(db, "MRN-RC-1006");
        Assert.Empty((await db.Get<FollowUpStore>().ReadAsync(Importer, choi.Id, default))!);
        Assert.Equal(["BASE", "BASE"], (await db.Get<ResponseStore>().ListAsync(choi.Id, default)).Select(r => r.VisitCode));
        Assert.True((await db.Get<OrthoRegen.Audit.AuditTrail>().VerifyAsync(default)).IsIntact);
    }

    [Theory, BothEngines]
    public async Task Run_Again_ChangesNoRowAndALaterExportAddsOnlyWhatIsNew(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var (dictionary, records, mapping) = SampleProject();
        var import = db.Get<RedcapImport>();
        await import.RunAsync(Importer, dictionary, records, mapping, dryRun: false, default);
        var after = await RowCountsAsync(db);

        var again = await import.RunAsync(Importer, dictionary, records, mapping, dryRun: false, default);

        Assert.Equal(after, await RowCountsAsync(db));
        Assert.Equal(["1001", "1002", "1006"], again.Records.Where(r => r.Unchanged).Select(r => r.Record));
        Assert.All(again.Records, r => Assert.False(r.Imported));

        // The clinic exports again after 1002 came for the 12-month visit: only that visit and its responses are added.
        var later = Sample("records.csv") + "1002,month_12_arm_1,,," + string.Join(",", records.Header.Skip(4).Select(c => c switch
        {
            "visit_date" or "koos_date" or "vas_date" => "2026-06-01",
            "vas_mm" => "33",
            _ when c.StartsWith("koos_", StringComparison.Ordinal) => "1",
            _ => "",
        })) + "\n";
        var (_, laterRecords, _) = SampleProject(later);
        var third = await import.RunAsync(Importer, dictionary, laterRecords, mapping, dryRun: false, default);

        var seo = third.Records.Single(r => r.Record == "1002");
        Assert.True(seo.Imported);
        Assert.Equal(["KOOS12@M12", "PAIN_VAS@M12"], seo.Responses);
        Assert.Equal(["M12 2026-06-01"], seo.Visits);
        Assert.Empty(seo.Other);
        var now = await RowCountsAsync(db);
        Assert.Equal(after["instrument_response_versions"] + 2, now["instrument_response_versions"]);
        Assert.Equal(after["follow_up_visit_versions"] + 1, now["follow_up_visit_versions"]);
        Assert.Equal(after["patients"], now["patients"]);
    }

    [Theory, BothEngines]
    public async Task DryRun_ResponseTheCatalogDoesNotScore_IsAProblemNamingRecordEventAndField(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        // A mis-mapped field: the height (REDCap accepts 50–250) read as a 0–100 mm pain VAS, which the catalog refuses.
        var yaml = Sample("mapping.yaml") + """
              - instrument: PAIN_VAS
                events: [baseline_arm_1]
                completed_on: assess_date
                language: {value: ko}
                mode: {value: PAPER_TRANSCRIPTION}
                items:
                  vas_mm: height

            """;
        var mapping = RedcapMapping.Parse(yaml, out var parse) ?? throw new Xunit.Sdk.XunitException(string.Join("; ", parse));
        var (dictionary, records, _) = SampleProject();

        var report = await db.Get<RedcapImport>().RunAsync(Importer, dictionary, records, mapping, dryRun: true, default);

        var baek = report.Records.Single(r => r.Record == "1001");
        Assert.False(baek.Accepted);
        var problem = Assert.Single(baek.Problems);
        Assert.Equal(("1001", "baseline_arm_1", "height", "158.5"), (problem.Record, problem.Event, problem.Field, problem.Value));
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM patients"));
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
    public async Task Check_MappingNamingUnknownFieldsItemsOrVisits_ListsEach()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var (dictionary, records, _) = SampleProject();
        var mapping = RedcapMapping.Parse(Sample("mapping.yaml").Replace("P5: koos_p5", "P99: koos_p5").Replace("birth_date: dob", "birth_date: birthday")
            .Replace("month_6_arm_1: M6", "month_6_arm_1: M9").Replace("\"2\": KNEE_R", "\"2\": KNEE_X"), out var parse)
            ?? throw new Xunit.Sdk.XunitException(string.Join("; ", parse));
        var problems = db.Get<RedcapImport>().Check(dictionary, records, mapping);
        Assert.Contains("patient.birth_date: 'birthday' is not a field of the data dictionary", problems);
        Assert.Contains("instruments[0].items.P99: not an item of KOOS12", problems);
        Assert.Contains(problems, p => p.StartsWith("events.month_6_arm_1: 'M9' is not a visit of the follow-up schedule", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("target: 'KNEE_X' is not a treated target", StringComparison.Ordinal));
    }
}
