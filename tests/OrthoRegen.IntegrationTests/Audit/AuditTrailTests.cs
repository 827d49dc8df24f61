using System.Diagnostics;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;
using OrthoRegen.Patients;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Audit;

public class AuditTrailTests
{
    static async Task<(TestDatabase Db, long[] Seqs)> WithActivityAsync(DatabaseProvider engine)
    {
        var db = await TestDatabase.CreateAsync(engine);
        var site = (await db.Get<SiteStore>().ListAsync(default)).Single();
        var actor = new Actor("u1", "dr.lee", [Roles.Physician], false, [site.Id], "127.0.0.1");
        var store = db.Get<PatientStore>();
        for (var i = 0; i < 3; i++)
        {
            var p = Assert.IsType<Outcome<PatientView>.Done>(await store.RegisterAsync(actor, new RegisterPatient
                { FamilyName = "Kim", GivenName = $"G{i}", BirthDate = "1970-01-01", Sex = "M", Language = "en" }, default)).Value;
            await store.GetAsync(actor, p.Id, default);
        }
        await using var c = await db.Database.OpenAsync(default);
        return (db, (await c.QueryAsync<long>("SELECT seq FROM audit_log ORDER BY seq")).ToArray());
    }

    [Theory, BothEngines]
    public async Task Verify_UntouchedChain_IsIntact(DatabaseProvider engine)
    {
        var (db, seqs) = await WithActivityAsync(engine);
        await using var _ = db;
        var v = await db.Get<AuditTrail>().VerifyAsync(default);
        Assert.True(v.IsIntact);
        Assert.Equal(seqs.Length, v.RowsChecked);
        Assert.True(seqs.Length >= 7); // bootstrap admin + 3 creates + 3 reads
    }

    [Theory, BothEngines]
    public async Task Verify_EditedRow_IsReportedAtThatRow(DatabaseProvider engine)
    {
        var (db, seqs) = await WithActivityAsync(engine);
        await using var _ = db;
        await using (var c = await db.Database.OpenAsync(default))
            await c.ExecuteAsync("UPDATE audit_log SET actor = 'someone.else' WHERE seq = @s", new { s = seqs[3] });
        var v = await db.Get<AuditTrail>().VerifyAsync(default);
        Assert.Equal(seqs[3], v.FirstBrokenSeq);
        Assert.Contains("altered", v.Problem);
    }

    [Theory, BothEngines]
    public async Task Verify_DeletedRow_IsReportedAtTheNextRow(DatabaseProvider engine)
    {
        var (db, seqs) = await WithActivityAsync(engine);
        await using var _ = db;
        await using (var c = await db.Database.OpenAsync(default))
            await c.ExecuteAsync("DELETE FROM audit_log WHERE seq = @s", new { s = seqs[2] });
        Assert.Equal(seqs[3], (await db.Get<AuditTrail>().VerifyAsync(default)).FirstBrokenSeq);
    }

    [Theory, BothEngines]
    public async Task Verify_RowAndHashRewrittenTogether_BreaksTheNextLink(DatabaseProvider engine)
    {
        var (db, seqs) = await WithActivityAsync(engine);
        await using var _ = db;
        await using (var c = await db.Database.OpenAsync(default))
        {
            var row = await c.QuerySingleAsync<AuditRow>("SELECT seq AS Seq, at AS At, actor AS Actor, action AS Action, entity AS Entity, entity_id AS EntityId, patient_id AS PatientId, fields AS Fields, origin AS Origin, prev_hash AS PrevHash, hash AS Hash FROM audit_log WHERE seq = @s", new { s = seqs[2] });
            var forged = row with { Actor = "forger" };
            await c.ExecuteAsync("UPDATE audit_log SET actor = 'forger', hash = @h WHERE seq = @s", new { h = AuditTrail.HashOf(forged), s = seqs[2] });
        }
        Assert.Equal(seqs[3], (await db.Get<AuditTrail>().VerifyAsync(default)).FirstBrokenSeq);
    }

    [Theory, BothEngines]
    public async Task Cli_AuditVerify_ExitsZeroWhenIntactAndOneWhenTampered(DatabaseProvider engine)
    {
        var (db, seqs) = await WithActivityAsync(engine);
        await using var _ = db;
        var (code, output) = await RunCliAsync(db, "audit", "verify");
        Assert.Equal(0, code);
        Assert.Contains($"{seqs.Length} rows verified", output);
        await using (var c = await db.Database.OpenAsync(default))
            await c.ExecuteAsync("UPDATE audit_log SET action = 'READ' WHERE seq = @s", new { s = seqs[1] });
        (code, output) = await RunCliAsync(db, "audit", "verify");
        Assert.Equal(1, code);
        Assert.Contains($"BROKEN at seq {seqs[1]}", output);
    }

    [Theory, BothEngines]
    public async Task Cli_Migrate_OnMigratedDatabase_AppliesNothing(DatabaseProvider engine)
    {
        var (db, _) = await WithActivityAsync(engine);
        await using var __ = db;
        var (code, output) = await RunCliAsync(db, "migrate");
        Assert.Equal(0, code);
        Assert.Contains($"schema version {MigrationRunner.Scripts(engine).Count} (0 applied now)", output);
    }

    internal static async Task<(int Code, string Output)> RunCliAsync(TestDatabase db, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "OrthoRegen.Cli.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("--provider");
        psi.ArgumentList.Add(db.Provider == DatabaseProvider.Postgres ? "postgres" : "sqlite");
        psi.ArgumentList.Add("--connection");
        psi.ArgumentList.Add(db.ConnectionString);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout + await stderr);
    }
}
