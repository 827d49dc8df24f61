using Dapper;
using OrthoRegen.Data;
using OrthoRegen.Interop.Csv;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Cli;

/// <summary>`orthoregen import csv` through the CLI entry point: row by row through the stores, problems by line and column.</summary>
public class CsvImportCommandTests
{
    static async Task<long> CountAsync(TestDatabase db, string sql)
    {
        await using var c = await db.Database.OpenAsync(default);
        return await c.ExecuteScalarAsync<long>(sql);
    }

    [Theory, BothEngines]
    public async Task PatientsThenResponses_GoodRowsImported_BadRowsNamedByLineAndColumn(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var dir = Directory.CreateTempSubdirectory("orthoregen-csv-").FullName;
        try
        {
            var patients = Path.Combine(dir, "patients.csv");
            File.WriteAllText(patients, """
                record_number,family_name,given_name,birth_date,sex,language,height_cm,weight_kg
                MRN-CSV-1,Jang,Mina,1961-02-03,F,ko,158,55
                MRN-CSV-2,Oh,Joon,1957-09-09,Q,ko,,
                MRN-CSV-3,"Li, Jr",Wei,1970-12-01,M,zh,172,heavy
                MRN-CSV-4,Lim,Hana,1966-06-06,F,ko,,
                """);
            var dry = await ChildProcess.RunCliAsync(db, "import", "csv", "--patients", patients, "--dry-run");
            Assert.True(dry.Code == 1, dry.Stdout + dry.Stderr);
            Assert.Contains("dry run: 2 of 4 rows would be imported, 2 refused", dry.Stdout);
            Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM patients"));

            var run = await ChildProcess.RunCliAsync(db, "import", "csv", "--patients", patients);
            Assert.True(run.Code == 1, run.Stdout + run.Stderr);
            Assert.Contains("2 of 4 rows imported, 2 refused", run.Stdout);
            Assert.Matches(@"│\s*3\s*│\s*sex\s*│", run.Stdout);
            Assert.Matches(@"│\s*4\s*│\s*weight_kg\s*│", run.Stdout);
            Assert.Equal(2, await CountAsync(db, "SELECT count(*) FROM patients"));
            Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM patient_versions WHERE record_number = 'MRN-CSV-4' AND given_name = 'Hana'"));
            Assert.Equal(2, await CountAsync(db, "SELECT count(*) FROM audit_log WHERE entity = 'patient' AND action = 'CREATE'"));

            var responses = Path.Combine(dir, "responses.csv");
            File.WriteAllText(responses, """
                record_number,instrument,visit_code,target,completed_on,language,mode,item:nrs
                MRN-CSV-1,PAIN_NRS,BASE,KNEE_R,2026-05-02,ko,PAPER_TRANSCRIPTION,4
                MRN-CSV-4,PAIN_NRS,BASE,KNEE_L,2026-05-03,ko,PAPER_TRANSCRIPTION,11
                MRN-NOPE,PAIN_NRS,BASE,KNEE_L,2026-05-03,ko,PAPER_TRANSCRIPTION,2
                """);
            var r = await ChildProcess.RunCliAsync(db, "import", "csv", "--responses", responses);
            Assert.True(r.Code == 1, r.Stdout + r.Stderr);
            Assert.Contains("1 of 3 rows imported, 2 refused", r.Stdout);
            Assert.Matches(@"│\s*3\s*│\s*item:nrs\s*│", r.Stdout);
            Assert.Matches(@"│\s*4\s*│\s*record_number\s*│", r.Stdout);
            Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM instrument_response_versions"));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public async Task BadFileOrHeader_Exits2AndWritesNothing()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var dir = Directory.CreateTempSubdirectory("orthoregen-csv-").FullName;
        try
        {
            var file = Path.Combine(dir, "p.csv");
            File.WriteAllText(file, "family_name,given_name,birth_date,sex,language,shoe_size\nKim,A,1960-01-01,F,ko,44\n");
            var unknown = await ChildProcess.RunCliAsync(db, "import", "csv", "--patients", file);
            Assert.Equal(2, unknown.Code);
            Assert.StartsWith("--patients: column 'shoe_size'", unknown.Stderr);
            File.WriteAllText(file, "record_number,instrument\nX,PAIN_NRS\n");
            var missing = await ChildProcess.RunCliAsync(db, "import", "csv", "--responses", file);
            Assert.Equal(2, missing.Code);
            Assert.Contains("--responses: column 'completed_on' is required", missing.Stderr);
            Assert.Equal(2, (await ChildProcess.RunCliAsync(db, "import", "csv")).Code);
            Assert.Equal(2, (await ChildProcess.RunCliAsync(db, "import", "csv", "--patients", file, "--responses", file)).Code);
            var absent = await ChildProcess.RunCliAsync(db, "import", "csv", "--patients", "/nonexistent.csv");
            Assert.Equal((2, "--patients:"), (absent.Code, absent.Stderr[..11]));
            Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM patients"));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Theory]
    [InlineData("familyName", "family_name")]
    [InlineData("items.nrs", "item:nrs")]
    [InlineData("completedOn", "completed_on")]
    public void ColumnOf_MapsStoreFieldsToColumns(string field, string column) => Assert.Equal(column, CsvImport.ColumnOf(field));

    [Theory]
    [InlineData("completedOn", "completed_on")]
    [InlineData("visitCode", "visit_code")]
    [InlineData("nrs", "item:nrs")]
    [InlineData("P1", "item:P1")]
    public void ResponseColumnOf_ItemCodesBecomeItemColumns(string field, string column) => Assert.Equal(column, CsvImport.ResponseColumnOf(field));
}
