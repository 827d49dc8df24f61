using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;
using OrthoRegen.Evidence;
using OrthoRegen.Instruments;
using OrthoRegen.Interop.Csv;
using OrthoRegen.Interop.Fhir;
using OrthoRegen.Interop.Redcap;
using OrthoRegen.Testing;
using Xunit.Abstractions;

namespace OrthoRegen.IntegrationTests.Hostile;

/// <summary>
/// Issue 9, hostile input for every importer called directly: the CSV import (patients and responses), the FHIR import
/// (a Bundle and NDJSON files), the REDCap import (dictionary, records and mapping YAML) and the evidence CSV get
/// mutated copies of a valid sample (<see cref="HostileFiles"/>). Expected: no unhandled exception; every problem is
/// located (line and column, resource path, record and field); a unit that is refused writes nothing (patients and
/// responses grow by at most the units reported written, and by nothing when none was); the audit chain verifies after
/// the run. Bounded by ORTHOREGEN_HOSTILE_FILE_COUNT mutations per sample file (default 24).
/// </summary>
public sealed class HostileImportTests(ITestOutputHelper output)
{
    public static int Count => int.TryParse(Environment.GetEnvironmentVariable("ORTHOREGEN_HOSTILE_FILE_COUNT"), out var n) ? n : 24;

    const string PatientsCsv = """
        record_number,family_name,given_name,birth_date,sex,language,height_cm,weight_kg
        MRN-FZ-1,Jang,Mina,1961-02-03,F,ko,158,55
        MRN-FZ-2,"Li, Jr",Wei,1970-12-01,M,zh,172,70
        MRN-FZ-3,Lim,Hana,1966-06-06,F,en,,
        """;

    const string ResponsesCsv = """
        record_number,instrument,visit_code,target,completed_on,language,mode,item:nrs
        MRN-FZ-1,PAIN_NRS,BASE,KNEE_R,2026-05-02,ko,PAPER_TRANSCRIPTION,4
        MRN-FZ-2,PAIN_NRS,BASE,KNEE_L,2026-05-03,zh,PAPER_TRANSCRIPTION,7
        """;

    static string PatientJson(int i) =>
        $$$"""{"resourceType":"Patient","id":"fz{{{i}}}","identifier":[{"system":"https://hospital.example/mrn","value":"FZ{{{i}}}"}],"name":[{"family":"Park","given":["G{{{i}}}"]}],"gender":"female","birthDate":"1961-02-03","communication":[{"language":{"coding":[{"system":"urn:ietf:bcp:47","code":"en"}]}}]}""";

    static string ResponseJson(int i, int k) =>
        $$$"""{"resourceType":"QuestionnaireResponse","id":"fq{{{i}}}-{{{k}}}","identifier":{"system":"https://hospital.example/qr","value":"FQ{{{i}}}-{{{k}}}"},"extension":[{"url":"{{{FhirCodes.ResponseModeExtension}}}","valueCoding":{"system":"{{{FhirCodes.ResponseMode}}}","code":"PAPER_TRANSCRIPTION"}},{"url":"{{{FhirCodes.ResponseTargetExtension}}}","valueCoding":{"system":"{{{FhirCodes.Target}}}","code":"KNEE_L"}},{"url":"{{{FhirCodes.ResponseVisitExtension}}}","valueCoding":{"system":"{{{FhirCodes.VisitCode}}}","code":"BASE"}}],"language":"en","questionnaire":"urn:orthoregen:questionnaire:PAIN_NRS","status":"completed","subject":{"reference":"Patient/fz{{{i}}}"},"authored":"2026-01-{{{k + 1:00}}}","item":[{"linkId":"nrs","answer":[{"valueInteger":{{{(i + k) % 11}}}}]}]}""";

    static string PatientsNdjson(int from, int n) => string.Concat(Enumerable.Range(from, n).Select(i => PatientJson(i) + "\n"));
    static string ResponsesNdjson(int from, int n) => string.Concat(Enumerable.Range(from, n).SelectMany(i => new[] { ResponseJson(i, 0), ResponseJson(i, 1) }).Select(l => l + "\n"));

    static string Bundle(int from, int n) =>
        "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[" + string.Join(",", Enumerable.Range(from, n).SelectMany(i => new[] { PatientJson(i), ResponseJson(i, 0) })
            .Select(r => $"{{\"fullUrl\":\"{(r.Contains("\"Patient\"", StringComparison.Ordinal) ? "Patient/" : "QuestionnaireResponse/")}{JsonDocument.Parse(r).RootElement.GetProperty("id").GetString()}\",\"resource\":{r},\"request\":{{\"method\":\"POST\",\"url\":\"{JsonDocument.Parse(r).RootElement.GetProperty("resourceType").GetString()}\"}}}}")) + "]}";

    static string Redcap(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Interop", "Redcap", "sample", file));

    sealed record Counts(long Patients, long Responses, long Audit);

    static async Task<Counts> CountAsync(TestDatabase db)
    {
        await using var c = await db.Database.OpenAsync(default);
        return new(await c.ExecuteScalarAsync<long>("SELECT count(*) FROM patients"), await c.ExecuteScalarAsync<long>("SELECT count(*) FROM instrument_response_versions"),
            await c.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log"));
    }

    /// <summary>What one import call reported: how many units it wrote and where each problem is.</summary>
    sealed record Ran(int UnitsWritten, IReadOnlyList<string> ProblemLocations);

    [Theory, BothEngines]
    public async Task EveryImporter_MutatedFiles_NoExceptionProblemsLocatedRefusedUnitsWriteNothing(DatabaseProvider engine)
    {
        var clock = Stopwatch.StartNew();
        await using var db = await TestDatabase.CreateAsync(engine, new DateTimeOffset(2026, 6, 15, 9, 0, 0, TimeSpan.Zero));
        var actor = await db.StaffAtMainSiteAsync(Roles.Physician, "hostile.importer");
        var system = Actor.System("hostile-test");
        var files = new HostileFiles(HostileApiTests.Seed);
        var failures = new List<string>();
        var runs = 0;

        async Task RunAsync(string importer, HostileFile file, Func<Task<Ran>> run)
        {
            runs++;
            var before = await CountAsync(db);
            Ran ran;
            try { ran = await run(); }
            catch (Exception e) { failures.Add($"{importer} [{file.Kind}]: {e.GetType().Name}: {e.Message}"); return; }
            var after = await CountAsync(db);
            foreach (var location in ran.ProblemLocations.Where(string.IsNullOrWhiteSpace))
                failures.Add($"{importer} [{file.Kind}]: a problem without a location");
            if (after.Patients - before.Patients > ran.UnitsWritten)
                failures.Add($"{importer} [{file.Kind}]: {after.Patients - before.Patients} patients written for {ran.UnitsWritten} units reported written");
            if (ran.UnitsWritten == 0 && after != before)
                failures.Add($"{importer} [{file.Kind}]: nothing reported written but the rows moved {before} → {after}");
        }

        // The valid samples import cleanly first (the mutations start from good files).
        var csv = new CsvImport(db.Database, db.Get<OrthoRegen.Patients.PatientStore>(), db.Get<ResponseStore>(), db.Clock); // as the CLI builds it
        var fhir = db.Get<FhirImport>();
        var redcap = db.Get<RedcapImport>();
        var evidence = db.Get<EvidenceStore>();
        Ran Csv(CsvImportReport r) => new(r.Rows.Count(x => x.Accepted && !x.AlreadyImported), r.Rows.SelectMany(x => x.Problems).Select(p => p.Line > 0 && p.Column.Length > 0 ? $"{p.Line}:{p.Column}" : "").ToList());
        Ran Fhir(FhirImportReport r) => new(r.Created, r.Rejects.Select(x => x.Path).ToList());

        var sample = await csv.RunAsync(actor, CsvImportKind.Patients, CsvRecords.Parse(PatientsCsv, out _)!, false, null, default);
        Assert.True(sample.Refused == 0, "sample patients CSV refused: " + string.Join("; ", sample.Rows.SelectMany(r => r.Problems)));
        var sampleResponses = await csv.RunAsync(actor, CsvImportKind.Responses, CsvRecords.Parse(ResponsesCsv, out _)!, false, null, default);
        Assert.True(sampleResponses.Refused == 0, "sample responses CSV refused: " + string.Join("; ", sampleResponses.Rows.SelectMany(r => r.Problems)));
        var sampleNdjson = await fhir.ImportNdjsonAsync(system, [("Patient.ndjson", Stream(PatientsNdjson(0, 3))), ("QuestionnaireResponse.ndjson", Stream(ResponsesNdjson(0, 3)))], null, default);
        Assert.True(sampleNdjson.Ok, "sample NDJSON refused: " + string.Join("; ", sampleNdjson.Rejects));
        using (var bundle = JsonDocument.Parse(Bundle(10, 2)))
        {
            var sampleBundle = await fhir.ImportBundleAsync(system, bundle.RootElement, default);
            Assert.True(sampleBundle.Ok, "sample Bundle refused: " + string.Join("; ", sampleBundle.Rejects));
        }
        var studiesCsv = StudyCsv.Write(EvidenceDemoLibrary.Studies.Take(3));
        Assert.IsType<Outcome<IReadOnlyList<string>>.Done>(await evidence.ImportCsvAsync(actor, studiesCsv, default));

        // CSV import: a file that does not parse, or whose header is wrong, is refused before any row (as the CLI does).
        foreach (var (kind, text) in new[] { (CsvImportKind.Patients, PatientsCsv), (CsvImportKind.Responses, ResponsesCsv) })
            foreach (var file in files.ForCsv(text, Count, "csv-" + kind))
                await RunAsync($"csv {kind}", file, async () =>
                {
                    var records = CsvRecords.Parse(file.Text, out var problem);
                    if (records is null) return new Ran(0, [problem ?? ""]);
                    var header = CsvImport.CheckHeader(kind, records);
                    if (header.Count > 0) return new Ran(0, header);
                    return Csv(await csv.RunAsync(actor, kind, records, false, null, default));
                });

        // FHIR NDJSON (bytes as they are: the reader sees the invalid UTF-8) and a Bundle (parsed as the host parses it).
        var ndjsonSample = PatientsNdjson(20, 2) + ResponsesNdjson(20, 2);
        foreach (var file in files.ForJson(ndjsonSample, Count, "ndjson"))
            await RunAsync("fhir ndjson", file, async () => Fhir(await fhir.ImportNdjsonAsync(system, [("Mixed.ndjson", new MemoryStream(file.Bytes))], null, default)));
        foreach (var file in files.ForJson(Bundle(30, 2), Count, "bundle"))
            await RunAsync("fhir bundle", file, async () =>
            {
                JsonDocument document;
                try { document = JsonDocument.Parse(file.Bytes); }
                catch (JsonException e) { return new Ran(0, [e.Path ?? $"line {e.LineNumber}"]); }
                using (document) return Fhir(await fhir.ImportBundleAsync(system, document.RootElement, default));
            });

        // REDCap: each of the three files mutated in turn, the other two valid.
        var (dictionary, records, mapping) = (Redcap("dictionary.csv"), Redcap("records.csv"), Redcap("mapping.yaml"));
        var mutated = files.ForCsv(dictionary, Count / 3, "redcap-dictionary").Select(f => (f, f.Text, records, mapping))
            .Concat(files.ForCsv(records, Count, "redcap-records").Select(f => (f, dictionary, f.Text, mapping)))
            .Concat(files.ForJson(mapping, Count / 3, "redcap-mapping").Select(f => (f, dictionary, records, f.Text)));
        foreach (var (file, d, r, m) in mutated)
            await RunAsync("redcap", file, async () =>
            {
                var dict = RedcapDictionary.Parse(d, out var p1);
                var rows = CsvRecords.Parse(r, out var p2);
                var map = RedcapMapping.Parse(m, out var p3);
                if (dict is null || rows is null || map is null) return new Ran(0, [.. p1, .. p3, .. (p2 is null ? Array.Empty<string>() : new[] { p2 })]);
                var check = redcap.Check(dict, rows, map);
                if (check.Count > 0) return new Ran(0, check);
                var report = await redcap.RunAsync(actor, dict, rows, map, false, default);
                return new Ran(report.Records.Count(x => x.Imported),
                    report.Problems.Select(p => p.Record.Length > 0 && p.Field.Length > 0 ? $"{p.Record}/{p.Field}" : "").ToList());
            });

        // Evidence CSV: all or nothing.
        foreach (var file in files.ForCsv(studiesCsv, Count, "evidence"))
            await RunAsync("evidence csv", file, async () => (await evidence.ImportCsvAsync(actor, file.Text, default)) switch
            {
                Outcome<IReadOnlyList<string>>.Done d => new Ran(d.Value.Count, []),
                Outcome<IReadOnlyList<string>>.Invalid i => new Ran(0, i.Errors.Keys.ToList()),
                var other => new Ran(0, [other.ToString() ?? ""]),
            });

        var verified = await db.Get<AuditTrail>().VerifyAsync(default);
        if (!verified.IsIntact) failures.Add($"audit chain broken after the run at {verified.FirstBrokenSeq}: {verified.Problem}");
        output.WriteLine($"{engine}: seed {files.Seed}, {runs} mutated files imported in {clock.Elapsed.TotalSeconds:F1} s");
        foreach (var f in failures) output.WriteLine(f);
        Assert.True(failures.Count == 0, $"seed {files.Seed}: {failures.Count} failures\n" + string.Join("\n", failures.Distinct().Take(60)));
    }

    static MemoryStream Stream(string s) => new(Encoding.UTF8.GetBytes(s));

    /// <summary>
    /// Every instrument of the catalogue with hostile answer maps: an unknown item, and for items drawn with the seed a
    /// value out of range, text, "NaN", a number beyond decimal, an object, an array, a boolean; each is Rejected with the
    /// item named, never an exception. A map with items missing is scored or rejected, never an exception.
    /// </summary>
    [Fact]
    public void EveryInstrument_HostileAnswers_AreRejectedNamingTheItem()
    {
        var catalog = InstrumentCatalog.Default;
        var rng = new Random(HostileApiTests.Seed);
        var failures = new List<string>();
        var checkedMaps = 0;
        foreach (var instrument in catalog.Definitions)
        {
            var items = instrument.Items.ToList();
            var valid = items.ToDictionary(i => i.Code, i => ValidAnswer(i.Scale));
            string Request(Dictionary<string, string> answers) =>
                "{\"instrument\":\"" + instrument.Code + "\",\"items\":{" + string.Join(",", answers.Select(a => JsonSerializer.Serialize(a.Key) + ":" + a.Value)) + "}}";

            InstrumentResult? Score(string request, string what)
            {
                checkedMaps++;
                try { return InstrumentJson.Score(catalog, Encoding.UTF8.GetBytes(request)); }
                catch (Exception e) { failures.Add($"{instrument.Code} [{what}]: {e.GetType().Name}: {e.Message}"); return null; }
            }

            void MustReject(Dictionary<string, string> answers, string item, string what)
            {
                var r = Score(Request(answers), what);
                if (r is null) return;
                if (r.Status != ResultStatus.Rejected) failures.Add($"{instrument.Code} [{what} at {item}]: {r.Status}, not Rejected");
                else if (!r.Errors.Any(e => e.Item.Contains(item, StringComparison.Ordinal))) failures.Add($"{instrument.Code} [{what} at {item}]: errors name [{string.Join(", ", r.Errors.Select(e => e.Item))}]");
            }

            var ok = Score(Request(valid), "valid");
            if (ok is not null && ok.Status == ResultStatus.Rejected && instrument.Items.All(i => i.EnabledUnlessAnswered is null))
                failures.Add($"{instrument.Code} [valid]: rejected: {string.Join("; ", ok.Errors.Select(e => $"{e.Item}: {e.Message}"))}");
            MustReject(new(valid) { ["zz_unknown"] = "1" }, "zz_unknown", "unknown item");
            foreach (var item in items.OrderBy(_ => rng.Next()).Take(3))
            {
                foreach (var (what, bad) in BadAnswers(item.Scale))
                    MustReject(new(valid) { [item.Code] = bad }, item.Code, what);
                var missing = new Dictionary<string, string>(valid);
                missing.Remove(item.Code);
                Score(Request(missing), $"missing {item.Code}");
            }
            Score(Request(new Dictionary<string, string>()), "no items at all");
        }
        output.WriteLine($"{catalog.Definitions.Count()} instruments, {checkedMaps} answer maps scored");
        Assert.True(failures.Count == 0, $"seed {HostileApiTests.Seed}: {failures.Count} failures\n" + string.Join("\n", failures.Take(60)));
    }

    static string ValidAnswer(AnswerScale scale) => scale switch
    {
        AnswerScale.Choice c => c.Options[0].Value.ToString(CultureInfo.InvariantCulture),
        AnswerScale.Quantity q => q.Min.ToString(CultureInfo.InvariantCulture),
        AnswerScale.Coded k => JsonSerializer.Serialize(k.Options[0].Code),
        AnswerScale.YesNo => "true",
        _ => "0",
    };

    static IEnumerable<(string What, string Bad)> BadAnswers(AnswerScale scale)
    {
        switch (scale)
        {
            case AnswerScale.Choice c:
                yield return ("above the options", (c.Max + 1000).ToString(CultureInfo.InvariantCulture));
                yield return ("below the options", (c.Min - 1000).ToString(CultureInfo.InvariantCulture));
                break;
            case AnswerScale.Quantity q:
                yield return ("above the range", (q.Max + 1).ToString(CultureInfo.InvariantCulture));
                yield return ("below the range", (q.Min - 1).ToString(CultureInfo.InvariantCulture));
                break;
            case AnswerScale.Coded:
                yield return ("not one of the codes", "\"ZZ_NOT_A_CODE\"");
                break;
            case AnswerScale.YesNo:
                yield return ("number for yes/no", "1");
                break;
        }
        yield return ("text", "\"abc\"");
        yield return ("\"NaN\" as text", "\"NaN\"");
        yield return ("\"Infinity\" as text", "\"Infinity\"");
        yield return ("number beyond decimal", "1e309");
        yield return ("object", "{\"a\":1}");
        yield return ("array", "[1,2]");
        yield return ("boolean", "true");
    }
}
