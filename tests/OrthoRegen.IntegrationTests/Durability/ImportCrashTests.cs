using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.Instruments;
using OrthoRegen.Interop.Csv;
using OrthoRegen.Interop.Fhir;
using OrthoRegen.Patients;
using OrthoRegen.Testing;
using Xunit.Abstractions;

namespace OrthoRegen.IntegrationTests.Durability;

/// <summary>
/// SIGKILL during <c>orthoregen import csv</c> and <c>import fhir</c>: every committed patient (and response) is there
/// once and complete with its audit entry, and running the same import again completes it to exactly the rows of an
/// uninterrupted import, with no duplicates.
/// </summary>
public class ImportCrashTests(ITestOutputHelper output)
{
    static int Rows => 30 * CrashTrials.Scale;
    // The FHIR import became fast enough (prepared statements, batch look-ups) that 30 patients finish inside process
    // start-up noise; four times as many keep most kills inside the import.
    static int FhirRows => 4 * Rows;

    static string Mrn(int i) => string.Create(CultureInfo.InvariantCulture, $"MRN-CR-{i:00000}");

    static string PatientsCsv()
    {
        var b = new StringBuilder("record_number,family_name,given_name,birth_date,sex,language,height_cm,weight_kg\n");
        for (var i = 0; i < Rows; i++)
            b.Append(CultureInfo.InvariantCulture, $"{Mrn(i)},Crash{i},Test,19{50 + i % 40}-0{1 + i % 9}-1{i % 10},{(i % 2 == 0 ? "F" : "M")},ko,{150 + i % 30},{50 + i % 40}\n");
        return b.ToString();
    }

    static string ResponsesCsv()
    {
        var b = new StringBuilder("record_number,instrument,visit_code,target,completed_on,language,mode,item:nrs\n");
        for (var i = 0; i < Rows; i++) b.Append(CultureInfo.InvariantCulture, $"{Mrn(i)},PAIN_NRS,BASE,KNEE_R,2026-05-0{1 + i % 9},ko,PAPER_TRANSCRIPTION,{i % 11}\n");
        return b.ToString();
    }

    /// <summary>What a committed patient must have: its record head, version 1 and the CREATE audit entry, once each.</summary>
    static async Task AssertPatientsWholeAsync(TrialDatabase db, string name)
    {
        var patients = await db.CountAsync("SELECT count(*) FROM patients");
        Assert.Equal(patients, await db.CountAsync("SELECT count(*) FROM patient_versions"));
        Assert.Equal(patients, await db.CountAsync("SELECT count(*) FROM record_heads WHERE kind = 'patient'"));
        Assert.Equal(patients, await db.CountAsync("SELECT count(*) FROM audit_log WHERE entity = 'patient' AND action = 'CREATE'"));
        Assert.True(patients == await db.CountAsync("SELECT count(DISTINCT record_number) FROM patient_versions"), $"{name}: a record number is there twice");
    }

    static async Task AssertResponsesWholeAsync(TrialDatabase db, string name)
    {
        var responses = await db.CountAsync("SELECT count(*) FROM instrument_response_versions");
        Assert.Equal(responses, await db.CountAsync("SELECT count(*) FROM audit_log WHERE entity = @e AND action = 'CREATE'", new { e = ResponseStore.Kind }));
        Assert.True(responses == await db.CountAsync("SELECT count(DISTINCT patient_id) FROM instrument_response_versions"), $"{name}: a patient's response is there twice");
    }

    [Theory, BothEngines]
    public async Task KilledDuringCsvImport_EveryRowWholeOrAbsent_AndImportingAgainAddsEachRowOnce(DatabaseProvider engine)
    {
        var watch = Stopwatch.StartNew();
        var dir = Directory.CreateTempSubdirectory("orthoregen-crash-csv-").FullName;
        var patientsFile = Path.Combine(dir, "patients.csv");
        var responsesFile = Path.Combine(dir, "responses.csv");
        File.WriteAllText(patientsFile, PatientsCsv());
        File.WriteAllText(responsesFile, ResponsesCsv());
        var actor = Actor.System("cli import csv");
        try
        {
            await using var empty = await TrialDatabase.MigratedAsync(engine);
            // The responses trials start from the patients already imported.
            await using var withPatients = await TrialDatabase.CopyOfAsync(empty);
            var imported = await Csv(withPatients).RunAsync(actor, CsvImportKind.Patients, CsvRecords.Parse(PatientsCsv(), out _)!, false, null, default);
            Assert.Equal(Rows, imported.Accepted);

            var random = CrashTrials.For("csv", engine);
            var killed = 0;
            for (var trial = 0; trial < CrashTrials.Count; trial++)
            {
                var responses = trial % 2 == 1;
                var (kind, file, table) = responses
                    ? (CsvImportKind.Responses, responsesFile, "instrument_response_versions")
                    : (CsvImportKind.Patients, patientsFile, "patients");
                var name = $"csv {kind} trial {trial} (seed {CrashTrials.Seed}, {engine})";
                await using var db = await TrialDatabase.CopyOfAsync(responses ? withPatients : empty);
                var target = random.Next(0, Rows);
                await using (var probe = await db.Database.OpenAsync(default))
                await using (var child = ChildProcess.StartCli(engine, db.ConnectionString, null, "import", "csv", responses ? "--responses" : "--patients", file))
                {
                    if (await CrashTrials.KillWhenAsync(child, () => probe.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}"), target, random.Next(0, 10), TimeSpan.FromSeconds(60)))
                        killed++;
                    else Assert.True(await child.WaitAsync(TimeSpan.FromSeconds(30)) == 0, $"{name}: {child.Output}");
                }
                await db.CloseAsync();
                await db.AssertIntactAsync(name);
                await AssertPatientsWholeAsync(db, name);
                await AssertResponsesWholeAsync(db, name);

                // The restart: the same file again. Rows already imported are recognised, the rest are added.
                var csv = CsvRecords.Parse(File.ReadAllText(file), out _)!;
                var again = await Csv(db).RunAsync(actor, kind, csv, false, null, default);
                Assert.True(again.Refused == 0, $"{name}: {string.Join("; ", again.Rows.SelectMany(r => r.Problems).Select(p => $"{p.Line} {p.Column} {p.Message}"))}");
                Assert.Equal(Rows, await db.CountAsync($"SELECT count(*) FROM {table}"));
                await AssertPatientsWholeAsync(db, name);
                await AssertResponsesWholeAsync(db, name);
                await db.AssertIntactAsync(name);
            }
            CrashTrials.Report(output, "import csv", engine, CrashTrials.Count, killed, watch.Elapsed);
            Assert.True(killed >= CrashTrials.Count / 2, $"only {killed} of {CrashTrials.Count} kills landed during the import");
        }
        finally { Directory.Delete(dir, true); }
    }

    static readonly SemaphoreSlim SourceLock = new(1, 1);
    static string? _ndjson;

    /// <summary>A Bulk NDJSON export of patients with a treatment consent and a baseline pain NRS each, made once per run.</summary>
    static async Task<string> NdjsonFolderAsync()
    {
        await SourceLock.WaitAsync();
        try
        {
            if (_ndjson is not null) return _ndjson;
            await using var source = await TrialDatabase.MigratedAsync(DatabaseProvider.Sqlite);
            var site = (await source.Get<SiteStore>().ListAsync(default)).Single(s => s.Code == "MAIN");
            var dr = new Actor("u-dr", "dr.lee", [Roles.Physician], false, [site.Id], "test");
            for (var i = 0; i < FhirRows; i++)
            {
                var p = Done(await source.Get<PatientStore>().RegisterAsync(dr, new RegisterPatient
                {
                    FamilyName = "Fhir" + i, GivenName = "Crash", BirthDate = "1961-04-05", Sex = i % 2 == 0 ? "F" : "M", Language = "ko", RecordNumber = Mrn(i),
                }, default));
                Done(await source.Get<ConsentStore>().RecordAsync(dr, p.Id, new RecordConsent
                {
                    FormCode = "TREATMENT", FormVersion = "1.0", Language = "ko", SignedAt = "2026-05-01", Signer = "PATIENT", Pathway = "KR_ARM_TREATMENT",
                    RisksExplained = true, EvidenceLevelExplained = true, AlternativesExplained = true, PersonalDataProcessing = true, RightToWithdraw = true,
                    LongTermFollowUpAck = true,
                }, default));
                Done(await source.Get<ResponseStore>().SubmitAsync(dr, p.Id, new SubmitResponse
                {
                    Instrument = "PAIN_NRS", Language = "ko", Mode = ResponseModes.PaperTranscription, VisitCode = "BASE", Target = "KNEE_R",
                    CompletedOn = "2026-05-02", Items = new Dictionary<string, JsonElement> { ["nrs"] = JsonSerializer.SerializeToElement(i % 11) },
                }, default));
            }
            var dir = Directory.CreateTempSubdirectory("orthoregen-crash-fhir-").FullName;
            var ids = new List<string>();
            await using (var c = await source.Database.OpenAsync(default))
                await foreach (var id in FhirStore.PatientIdsAsync(c, null, default)) ids.Add(id);
            await source.Get<FhirExport>().WriteNdjsonAsync(Actor.System("export"), ids, t => File.Create(Path.Combine(dir, t + ".ndjson")), null, null, default);
            return _ndjson = dir;
        }
        finally { SourceLock.Release(); }
    }

    static CsvImport Csv(TrialDatabase db) => new(db.Database, db.Get<PatientStore>(), db.Get<ResponseStore>(), TimeProvider.System);

    static T Done<T>(Outcome<T> o) => o is Outcome<T>.Done d ? d.Value : throw new InvalidOperationException($"Set-up step failed: {o}");

    [Theory, BothEngines]
    public async Task KilledDuringFhirImport_EveryPatientWholeOrAbsent_AndImportingAgainCompletesIt(DatabaseProvider engine)
    {
        var watch = Stopwatch.StartNew();
        var folder = await NdjsonFolderAsync();
        await using var template = await TrialDatabase.MigratedAsync(engine);

        // The reference: an uninterrupted run of the command, which also says how long the whole thing takes.
        SortedDictionary<string, long> complete;
        TimeSpan duration;
        await using (var clean = await TrialDatabase.CopyOfAsync(template))
        {
            var run = Stopwatch.StartNew();
            await using (var child = ChildProcess.StartCli(engine, clean.ConnectionString, null, "import", "fhir", folder))
                Assert.True(await child.WaitAsync(TimeSpan.FromSeconds(60)) == 0, child.Output);
            duration = run.Elapsed;
            complete = await clean.TableCountsAsync();
            Assert.Equal(FhirRows, complete["patients"]);
        }

        var random = CrashTrials.For("fhir", engine);
        var killed = 0;
        for (var trial = 0; trial < CrashTrials.Count; trial++)
        {
            var name = $"fhir trial {trial} (seed {CrashTrials.Seed}, {engine})";
            await using var db = await TrialDatabase.CopyOfAsync(template);
            // Most of the time goes to starting the process; aim at the last 60 % of an uninterrupted run.
            var delay = duration * (0.4 + 0.6 * random.NextDouble());
            await using (var child = ChildProcess.StartCli(engine, db.ConnectionString, null, "import", "fhir", folder))
            {
                if (await CrashTrials.KillAfterAsync(child, delay)) killed++;
                else Assert.True(await child.WaitAsync(TimeSpan.FromSeconds(30)) == 0, $"{name}: {child.Output}");
            }
            await db.CloseAsync();
            await db.AssertIntactAsync(name);
            await AssertPatientsWholeAsync(db, name);
            await AssertResponsesWholeAsync(db, name);
            var patients = await db.CountAsync("SELECT count(*) FROM patients");
            Assert.True(patients == await db.CountAsync("SELECT count(*) FROM consent_versions"), $"{name}: {patients} patients but a different number of consents");
            Assert.True(patients == await db.CountAsync("SELECT count(*) FROM instrument_response_versions"), $"{name}: {patients} patients but a different number of responses");

            var files = Directory.GetFiles(folder, "*.ndjson").Select(f => (Path.GetFileName(f), (Stream)File.OpenRead(f))).ToList();
            try
            {
                var again = await db.Get<FhirImport>().ImportNdjsonAsync(Actor.System("cli import fhir"), files, null, default);
                Assert.True(again.Ok, $"{name}: {string.Join("; ", again.Rejects.Select(r => r.Path + " " + r.Message))}");
            }
            finally { foreach (var (_, s) in files) await s.DisposeAsync(); }
            var final = await db.TableCountsAsync();
            Assert.True(final.SequenceEqual(complete), $"{name}: after importing again: " +
                string.Join(", ", complete.Keys.Where(k => complete[k] != final.GetValueOrDefault(k, -1)).Select(k => $"{k} {final.GetValueOrDefault(k, -1)} instead of {complete[k]}")));
            await db.AssertIntactAsync(name);
        }
        CrashTrials.Report(output, "import fhir", engine, CrashTrials.Count, killed, watch.Elapsed);
        Assert.True(killed >= CrashTrials.Count / 2, $"only {killed} of {CrashTrials.Count} kills landed before the import finished");
    }
}
