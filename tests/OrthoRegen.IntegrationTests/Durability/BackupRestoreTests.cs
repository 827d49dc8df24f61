using System.Text.Json;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.Demo;
using OrthoRegen.Instruments;
using OrthoRegen.Patients;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Durability;

/// <summary>
/// <c>orthoregen backup</c> and <c>restore</c> as processes: a pathway database (a demo cohort: patients, assessments,
/// plans, lots, administrations, follow-up, responses, adverse events) restored into a fresh database has the same rows
/// in every table, a verifying audit chain and the same patient; a backup taken while a generator is writing is a
/// consistent state (whole batches only) that verifies too.
/// </summary>
public class BackupRestoreTests
{
    static async Task<int> CliAsync(TrialDatabase db, params string[] args)
    {
        await using var child = ChildProcess.StartCli(db.Provider, db.ConnectionString, null, args);
        var code = await child.WaitAsync(TimeSpan.FromSeconds(120));
        Assert.True(code == 0, $"orthoregen {string.Join(' ', args)} exit {code}: {child.Output}");
        return code;
    }

    /// <summary>What a patient's chart answers to an admin: the patient and the responses, as JSON.</summary>
    static async Task<string> PatientJsonAsync(TrialDatabase db, string patientId)
    {
        var admin = Actor.System("compare");
        var patient = await db.Get<PatientStore>().LoadAsync(admin, patientId, default);
        var responses = (await db.Get<ResponseStore>().ListAsync(patientId, default)).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        return JsonSerializer.Serialize(new { patient, responses });
    }

    [Theory, BothEngines]
    public async Task BackupThenRestoreIntoAFreshDatabase_SameRowsEverywhere_AuditVerifies_SamePatient(DatabaseProvider engine)
    {
        await using var source = await TrialDatabase.MigratedAsync(engine);
        Assert.IsType<Outcome<DemoResult>.Done>(await source.Get<DemoGenerator>().GenerateAsync(Actor.System("set-up"), new DemoRequest(25, 91, 2, "2026-06-01", 10), false, null, default));
        string patientId;
        await using (var c = await source.Database.OpenAsync(default)) patientId = await c.QueryFirstAsync<string>("SELECT id FROM patients ORDER BY id");
        var before = await source.TableCountsAsync();
        var chart = await PatientJsonAsync(source, patientId);
        await source.CloseAsync();

        var file = Path.Combine(Path.GetTempPath(), $"orthoregen-backup-{Guid.NewGuid():N}.{(engine == DatabaseProvider.Sqlite ? "db" : "dump")}");
        try
        {
            await CliAsync(source, "backup", "--out", file);
            await using var target = await TrialDatabase.EmptyAsync(engine);
            await target.CloseAsync();
            await CliAsync(target, "restore", "--from", file);
            await CliAsync(target, "audit", "verify");
            Assert.Equal(before, await target.TableCountsAsync());
            await target.AssertIntactAsync("restored");
            Assert.Equal(chart, await PatientJsonAsync(target, patientId));
        }
        finally { File.Delete(file); }
    }

    [Theory, BothEngines]
    public async Task BackupWhileAGeneratorWrites_IsAConsistentStateThatVerifies(DatabaseProvider engine)
    {
        const int batch = 5;
        await using var source = await TrialDatabase.MigratedAsync(engine);
        await source.CloseAsync();
        var file = Path.Combine(Path.GetTempPath(), $"orthoregen-online-{Guid.NewGuid():N}.{(engine == DatabaseProvider.Sqlite ? "db" : "dump")}");
        try
        {
            await using (var writer = ChildProcess.StartCli(engine, source.ConnectionString, null, "demo", "--patients", "400", "--seed", "17", "--as-of", "2026-06-01", "--batch", batch.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                await using (var probe = await source.Database.OpenAsync(default))
                    while (!writer.HasExited && await CountOrZeroAsync(probe) < 20) await Task.Delay(5);
                Assert.False(writer.HasExited, "the generator finished before the backup started: " + writer.Output);
                await CliAsync(source, "backup", "--out", file);
                Assert.False(writer.HasExited, "the generator finished while the backup ran; the backup was not taken during writes");
                writer.Kill();
                await writer.WaitAsync(TimeSpan.FromSeconds(30));
            }

            await using var copy = await TrialDatabase.EmptyAsync(engine);
            await copy.CloseAsync();
            await CliAsync(copy, "restore", "--from", file);
            await copy.AssertIntactAsync("online backup");
            await CliAsync(copy, "audit", "verify");
            var patients = await copy.CountAsync("SELECT count(*) FROM patients");
            var batches = await copy.CountAsync("SELECT count(*) FROM audit_log WHERE entity = @e AND action = 'CREATE'", new { e = DemoGenerator.Kind });
            Assert.True(patients >= 20 && patients == batches * batch, $"the backup holds {patients} patients from {batches} committed batches of {batch}");
            Assert.Equal(patients, await copy.CountAsync("SELECT count(*) FROM patient_versions"));
        }
        finally { File.Delete(file); }
    }

    static async Task<long> CountOrZeroAsync(System.Data.Common.DbConnection c)
    {
        try { return await c.ExecuteScalarAsync<long>("SELECT count(*) FROM patients"); }
        catch (System.Data.Common.DbException) { return 0; }
    }
}
