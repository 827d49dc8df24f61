using System.Text.Json;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.Instruments;
using OrthoRegen.Interop.Fhir;
using OrthoRegen.IntegrationTests.Research;
using OrthoRegen.Patients;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Cli;

/// <summary>`orthoregen export fhir` and `import fhir` through the CLI entry point, on both engines.</summary>
public class FhirCommandTests
{
    static readonly string[] Tables =
        ["record_heads", "patients", "patient_versions", "consent_versions", "instrument_response_versions", "fhir_identifiers", "audit_log"];

    static async Task<Dictionary<string, long>> CountsAsync(TestDatabase db)
    {
        await using var c = await db.Database.OpenAsync(default);
        var d = new Dictionary<string, long>();
        foreach (var t in Tables) d[t] = await c.ExecuteScalarAsync<long>($"SELECT count(*) FROM {t}");
        return d;
    }

    /// <summary>Two patients, each with a treatment consent and a baseline pain NRS, recorded through the stores.</summary>
    static async Task<(TestDatabase Db, string First, string Second)> SourceAsync(DatabaseProvider engine)
    {
        var db = await TestDatabase.CreateAsync(engine);
        var dr = await db.StaffAtMainSiteAsync();
        var ids = new List<string>();
        foreach (var (family, mrn, nrs) in new[] { ("Song", "MRN-FC-1", 3), ("Yoon", "MRN-FC-2", 6) })
        {
            var p = await db.RegisterPatientAsync(dr, family, "Ara", mrn);
            ResearchSeed.Done(await db.Get<ConsentStore>().RecordAsync(dr, p.Id, new RecordConsent
            {
                FormCode = "TREATMENT", FormVersion = "1.0", Language = "ko", SignedAt = "2026-05-01", Signer = "PATIENT", Pathway = "KR_ARM_TREATMENT",
                RisksExplained = true, EvidenceLevelExplained = true, AlternativesExplained = true, PersonalDataProcessing = true, RightToWithdraw = true,
                LongTermFollowUpAck = true,
            }, default));
            ResearchSeed.Done(await db.Get<ResponseStore>().SubmitAsync(dr, p.Id, new SubmitResponse
            {
                Instrument = "PAIN_NRS", Language = "ko", Mode = ResponseModes.PaperTranscription, VisitCode = "BASE", Target = "KNEE_R",
                CompletedOn = "2026-05-02", Items = new Dictionary<string, JsonElement> { ["nrs"] = JsonSerializer.SerializeToElement(nrs) },
            }, default));
            ids.Add(p.Id);
        }
        return (db, ids[0], ids[1]);
    }

    [Theory, BothEngines]
    public async Task ExportThenImportIntoAnEmptyDatabase_CreatesThePatients_AndReimportChangesNothing(DatabaseProvider engine)
    {
        var (source, first, _) = await SourceAsync(engine);
        await using var _s = source;
        await using var target = await TestDatabase.CreateAsync(engine);
        var dir = Directory.CreateTempSubdirectory("orthoregen-fhir-cli-").FullName;
        try
        {
            var export = await ChildProcess.RunCliAsync(source, "export", "fhir", "--out", dir);
            Assert.True(export.Code == 0, export.Stdout + export.Stderr);
            Assert.Contains("2 patient(s) exported", export.Stdout);
            Assert.Equal(2, File.ReadLines(Path.Combine(dir, "Patient.ndjson")).Count());
            var bundles = Path.Combine(dir, "bundles");
            var bundle = await ChildProcess.RunCliAsync(source, "export", "fhir", "--out", bundles, "--bundle", "--patient", first);
            Assert.True(bundle.Code == 0, bundle.Stdout + bundle.Stderr);
            var bundleFile = Path.Combine(bundles, first + ".json");
            using (var doc = JsonDocument.Parse(File.ReadAllText(bundleFile))) Assert.Empty(FhirValidator.ValidateBundle(doc.RootElement));

            var before = await CountsAsync(target);
            var import = await ChildProcess.RunCliAsync(target, "import", "fhir", dir);
            Assert.True(import.Code == 0, import.Stdout + import.Stderr);
            Assert.Contains("2 of 2 patient(s) imported", import.Stdout);
            var after = await CountsAsync(target);
            Assert.Equal(before["patients"] + 2, after["patients"]);
            Assert.Equal(before["consent_versions"] + 2, after["consent_versions"]);
            Assert.Equal(before["instrument_response_versions"] + 2, after["instrument_response_versions"]);
            await using (var c = await target.Database.OpenAsync(default))
                Assert.Equal(["MRN-FC-1", "MRN-FC-2"], (await c.QueryAsync<string>("SELECT record_number FROM patient_versions ORDER BY record_number")).ToArray());

            var again = await ChildProcess.RunCliAsync(target, "import", "fhir", dir);
            Assert.True(again.Code == 0, again.Stdout + again.Stderr);
            Assert.Contains(" 0 resource(s) created", again.Stdout);
            Assert.Equal(after, await CountsAsync(target));
            var viaBundle = await ChildProcess.RunCliAsync(target, "import", "fhir", bundleFile);
            Assert.True(viaBundle.Code == 0, viaBundle.Stdout + viaBundle.Stderr);
            Assert.Contains(" 0 resource(s) created", viaBundle.Stdout);
            Assert.Equal(after, await CountsAsync(target));
            var verify = await ChildProcess.RunCliAsync(target, "audit", "verify");
            Assert.True(verify.Code == 0, verify.Stdout + verify.Stderr);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Theory, BothEngines]
    public async Task NdjsonFolder_WithOneBadResource_RejectsThatPatientOnlyAndNamesThePath(DatabaseProvider engine)
    {
        var (source, first, second) = await SourceAsync(engine);
        await using var _s = source;
        await using var target = await TestDatabase.CreateAsync(engine);
        var dir = Directory.CreateTempSubdirectory("orthoregen-fhir-cli-").FullName;
        try
        {
            Assert.Equal(0, (await ChildProcess.RunCliAsync(source, "export", "fhir", "--out", dir)).Code);
            var file = Path.Combine(dir, "QuestionnaireResponse.ndjson");
            var lines = File.ReadAllLines(file);
            var bad = Array.FindIndex(lines, l => l.Contains("Patient/" + second, StringComparison.Ordinal));
            Assert.True(bad >= 0);
            Assert.Contains("\"valueDecimal\":6", lines[bad]);
            lines[bad] = lines[bad].Replace("\"valueDecimal\":6", "\"valueDecimal\":11", StringComparison.Ordinal);
            File.WriteAllLines(file, lines);

            var before = await CountsAsync(target);
            var r = await ChildProcess.RunCliAsync(target, "import", "fhir", dir);
            Assert.True(r.Code == 1, r.Stdout + r.Stderr);
            Assert.Contains($"QuestionnaireResponse.ndjson:{bad + 1}.item[0].answer[0]", r.Stdout);
            Assert.Contains("1 of 2 patient(s) imported, 1 refused", r.Stdout);
            var after = await CountsAsync(target);
            Assert.Equal(before["patients"] + 1, after["patients"]);
            Assert.Equal(before["consent_versions"] + 1, after["consent_versions"]);
            Assert.Equal(before["instrument_response_versions"] + 1, after["instrument_response_versions"]);
            await using var c = await target.Database.OpenAsync(default);
            Assert.Equal("MRN-FC-1", await c.ExecuteScalarAsync<string>("SELECT record_number FROM patient_versions"));
            _ = first;
        }
        finally { Directory.Delete(dir, true); }
    }

    [Theory, BothEngines]
    public async Task ResponsesImportedAfterTheirPatients_InALaterRun_AttachToThem(DatabaseProvider engine)
    {
        // The NDJSON import commits 2,000 lines per batch, so a response often meets its patient from an earlier batch.
        var (source, _, _) = await SourceAsync(engine);
        await using var _s = source;
        await using var target = await TestDatabase.CreateAsync(engine);
        var dir = Directory.CreateTempSubdirectory("orthoregen-fhir-cli-").FullName;
        try
        {
            Assert.Equal(0, (await ChildProcess.RunCliAsync(source, "export", "fhir", "--out", dir, "--type", "Patient")).Code);
            var responses = Path.Combine(dir, "responses");
            Assert.Equal(0, (await ChildProcess.RunCliAsync(source, "export", "fhir", "--out", responses, "--type", "QuestionnaireResponse")).Code);
            var patients = await ChildProcess.RunCliAsync(target, "import", "fhir", dir);
            Assert.True(patients.Code == 0, patients.Stdout + patients.Stderr);
            var r = await ChildProcess.RunCliAsync(target, "import", "fhir", responses);
            Assert.True(r.Code == 0, r.Stdout + r.Stderr);
            Assert.Contains("2 resource(s) created", r.Stdout);
            await using var c = await target.Database.OpenAsync(default);
            Assert.Equal(2, await c.ExecuteScalarAsync<long>(
                "SELECT count(DISTINCT r.patient_id) FROM instrument_response_versions r JOIN patients p ON p.id = r.patient_id"));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public async Task PathwayPatient_IntoAnEmptyDatabase_IsRefusedWithThePathwayResourcesNamed()
    {
        // Procedure, product and the like are recorded in OrthoRegen (bedside and release checks);
        // import only matches them, so a pathway patient exported elsewhere is refused whole, each resource named.
        await using var seed = await ResearchSeed.CreateAsync(DatabaseProvider.Sqlite);
        await using var target = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var dir = Directory.CreateTempSubdirectory("orthoregen-fhir-cli-").FullName;
        try
        {
            Assert.Equal(0, (await ChildProcess.RunCliAsync(seed.Db, "export", "fhir", "--out", dir, "--patient", seed.Hwang.Id)).Code);
            var before = await CountsAsync(target);
            var r = await ChildProcess.RunCliAsync(target, "import", "fhir", dir);
            Assert.Equal(1, r.Code);
            // Condition, CarePlan, Encounter and AdverseEvent are created by import now (FHIR_EXTENSIONS.md); the patient is
            // still refused whole, each refused resource named by file and line.
            Assert.Matches(@"\w+\.ndjson:\d+\.", r.Stdout);
            Assert.DoesNotMatch(@"(Encounter|AdverseEvent)\.ndjson:\d+\.resourceType", r.Stdout);
            Assert.DoesNotContain("CarePlan.ndjson:1.resourceType", r.Stdout);
            Assert.Contains("0 of 1 patient(s) imported, 1 refused", r.Stdout);
            Assert.Equal(before, await CountsAsync(target));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public async Task ImportIntoADatabaseWithoutASite_Exits2InOneLine_AndImportsNothing()
    {
        await using var db = await Durability.TrialDatabase.EmptyAsync(DatabaseProvider.Sqlite);
        await db.Get<MigrationRunner>().MigrateAsync(TimeProvider.System, default); // migrated, never bootstrapped: no site
        var folder = Directory.CreateTempSubdirectory("orthoregen-fhir-cli-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "Patient.ndjson"),
                """{"resourceType":"Patient","id":"p1","identifier":[{"system":"urn:example:mrn","value":"M-1"}],"name":[{"family":"Kim","given":["Minji"]}],"gender":"female","birthDate":"1961-04-05"}""" + "\n");
            var r = await ChildProcess.RunAsync("dotnet", [ChildProcess.CliDll, "import", "fhir", folder],
                env: ChildProcess.DatabaseEnvironment(DatabaseProvider.Sqlite, db.ConnectionString));
            Assert.True(r.Code == 2, $"exit {r.Code}: {r.Stderr}{r.Stdout}");
            Assert.StartsWith("--site: the database has no site", r.Stderr);
            Assert.Single(r.Stderr.Trim().Split('\n'));
            Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM patients"));
        }
        finally { Directory.Delete(folder, true); }
    }

    [Theory]
    [InlineData("LOT_NOT_RELEASED: I2: lot DEMO-Z999920000008 has no QA release decision: it cannot be given.",
        "LOT_NOT_RELEASED: I2: lot … has no QA release decision: it cannot be given.")]
    [InlineData("LOT_EXPIRED: Lot DEMO-Z999913000010 expired at 2013-12-30 08:00 UTC, before the administration time.",
        "LOT_EXPIRED: Lot … expired at … … UTC, before the administration time.")]
    [InlineData("Reference Procedure/9521f048000000000000000000003282 does not resolve to a resource in this bundle or the registry.",
        "Reference … does not resolve to a resource in this bundle or the registry.")]
    [InlineData("Must not be in the future.", "Must not be in the future.")]
    public void RejectSummary_CountsAProblemByItsWording_WithoutItsValues(string message, string kind)
    {
        Assert.Equal(kind, OrthoRegen.Cli.Interop.FhirCommands.ProblemKind(message));
    }

    [Fact]
    public async Task StoreCommandsOnADatabaseNeverMigrated_Exit2InOneLine_AndCreateNoTable()
    {
        await using var db = await Durability.TrialDatabase.EmptyAsync(DatabaseProvider.Sqlite);
        var folder = Directory.CreateTempSubdirectory("orthoregen-fhir-cli-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "Patient.ndjson"),
                """{"resourceType":"Patient","id":"p1","identifier":[{"system":"urn:example:mrn","value":"M-1"}],"gender":"female","birthDate":"1961-04-05"}""" + "\n");
            var env = ChildProcess.DatabaseEnvironment(DatabaseProvider.Sqlite, db.ConnectionString);
            foreach (var args in new[] { new[] { "import", "fhir", folder }, ["audit", "verify"], ["users", "tokens", "list", "--username", "nobody"] })
            {
                var r = await ChildProcess.RunAsync("dotnet", [ChildProcess.CliDll, .. args], env: env);
                Assert.True(r.Code == 2, $"{string.Join(' ', args)}: exit {r.Code}: {r.Stderr}{r.Stdout}");
                Assert.StartsWith("--connection: the database lacks", r.Stderr);
                Assert.Contains("orthoregen migrate", r.Stderr);
                Assert.Single(r.Stderr.Trim().Split('\n'));
            }
            Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM sqlite_master WHERE type = 'table'"));
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public async Task BadInput_Exits2NamingTheOption()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var empty = Directory.CreateTempSubdirectory("orthoregen-fhir-cli-").FullName;
        try
        {
            var missing = await ChildProcess.RunCliAsync(db, "import", "fhir", "/nonexistent/bundle.json");
            Assert.Equal((2, "PATH:"), (missing.Code, missing.Stderr[..5]));
            var noFiles = await ChildProcess.RunCliAsync(db, "import", "fhir", empty);
            Assert.Equal((2, "PATH:"), (noFiles.Code, noFiles.Stderr[..5]));
            File.WriteAllText(Path.Combine(empty, "b.json"), "{not json");
            var notJson = await ChildProcess.RunCliAsync(db, "import", "fhir", Path.Combine(empty, "b.json"));
            Assert.Equal((2, "PATH:"), (notJson.Code, notJson.Stderr[..5]));
            File.WriteAllText(Path.Combine(empty, "ok.json"), "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[]}");
            var site = await ChildProcess.RunCliAsync(db, "import", "fhir", Path.Combine(empty, "ok.json"), "--site", "NOPE");
            Assert.Equal((2, "--site:"), (site.Code, site.Stderr[..7]));
            Assert.Equal(0, (await ChildProcess.RunCliAsync(db, "import", "fhir", Path.Combine(empty, "ok.json"), "--site", "MAIN")).Code);
            var type = await ChildProcess.RunCliAsync(db, "export", "fhir", "--out", empty, "--type", "Widget");
            Assert.Equal((2, "--type:"), (type.Code, type.Stderr[..7]));
            var id = await ChildProcess.RunCliAsync(db, "export", "fhir", "--out", empty, "--patient", "42");
            Assert.Equal((2, "--patient:"), (id.Code, id.Stderr[..10]));
            var noOut = await ChildProcess.RunCliAsync(db, "export", "fhir");
            Assert.Equal(2, noOut.Code);
            Assert.Contains("--out", noOut.Stderr);
        }
        finally { Directory.Delete(empty, true); }
    }

    [Theory]
    [InlineData("export", "fhir", "--help")]
    [InlineData("import", "fhir", "--help")]
    [InlineData("import", "csv", "--help")]
    [InlineData("serve", "--help")]
    public async Task Help_Exits0(params string[] args)
    {
        var r = await ChildProcess.RunCliAsync(null, args);
        Assert.Equal(0, r.Code);
        Assert.Contains("Usage:", r.Stdout);
    }
}
