using Dapper;
using OrthoRegen.Data;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Cli;

/// <summary>The `orthoregen` process itself, against a test database of either engine: exit codes, backups, users, imports.</summary>
public class CliCommandTests
{
    static async Task<long> CountAsync(TestDatabase db, string sql)
    {
        await using var c = await db.Database.OpenAsync(default);
        return await c.ExecuteScalarAsync<long>(sql);
    }

    [Theory, BothEngines]
    public async Task BackupAndRestore_RoundTrip_RestoresTheDataAndTheAuditChain(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var dr = await db.StaffAtMainSiteAsync();
        await db.RegisterPatientAsync(dr, "Moon", "Jae", "MRN-BK-1");
        var file = Path.Combine(Path.GetTempPath(), $"orthoregen-backup-{Guid.NewGuid():N}.bak");
        try
        {
            var backup = await ChildProcess.RunCliAsync(db, "backup", "--out", file);
            Assert.True(backup.Code == 0, backup.Stderr);
            await db.RegisterPatientAsync(dr, "After", "Backup", "MRN-BK-2");
            Assert.Equal(2, await CountAsync(db, "SELECT count(*) FROM patients"));

            var restore = await ChildProcess.RunCliAsync(db, "restore", "--from", file);
            Assert.True(restore.Code == 0, restore.Stderr);
            Npgsql.NpgsqlConnection.ClearAllPools();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM patients"));
            Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM patient_versions WHERE record_number = 'MRN-BK-1'"));
            var verify = await ChildProcess.RunCliAsync(db, "audit", "verify");
            Assert.True(verify.Code == 0, verify.Stdout + verify.Stderr);
            Assert.Contains("intact", verify.Stdout);
        }
        finally
        {
            if (File.Exists(file)) File.Delete(file);
        }
    }

    [Fact]
    public async Task Restore_MissingFile_Exits2NamingTheOption()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var r = await ChildProcess.RunCliAsync(db, "restore", "--from", "/nonexistent/backup.db");
        Assert.Equal(2, r.Code);
        Assert.StartsWith("--from:", r.Stderr);
    }

    [Theory, BothEngines]
    public async Task Users_CreateResetAndTokens_WorkAndBadInputExits2(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var created = await ChildProcess.RunCliAsync(db, "users", "create", "--username", "coord.han", "--roles", "Coordinator,Rehab", "--sites", "MAIN");
        Assert.True(created.Code == 0, created.Stderr);
        Assert.Contains("one-time password:", created.Stdout);
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM users WHERE username = 'coord.han' AND must_change_password"));

        var badRole = await ChildProcess.RunCliAsync(db, "users", "create", "--username", "x.y.z", "--roles", "Wizard", "--sites", "MAIN");
        Assert.Equal(2, badRole.Code);
        Assert.StartsWith("--roles:", badRole.Stderr);
        var missing = await ChildProcess.RunCliAsync(db, "users", "create", "--username", "x.y.z");
        Assert.Equal(2, missing.Code);
        Assert.Contains("--roles", missing.Stderr);

        var reset = await ChildProcess.RunCliAsync(db, "users", "reset-password", "--username", "coord.han", "--password", "Brand-New-Secret-42");
        Assert.True(reset.Code == 0, reset.Stderr);
        Assert.Equal(2, (await ChildProcess.RunCliAsync(db, "users", "reset-password", "--username", "nobody")).Code);
        Assert.Equal(2, (await ChildProcess.RunCliAsync(db, "users", "reset-password", "--username", "coord.han", "--password", "short")).Code);

        var token = await ChildProcess.RunCliAsync(db, "users", "tokens", "create", "--username", "coord.han", "--name", "nightly");
        Assert.True(token.Code == 0, token.Stderr);
        var secret = token.Stdout.Trim().Split(' ')[^1];
        Assert.Equal(0, await CountAsync(db, $"SELECT count(*) FROM api_tokens WHERE token_hash = '{secret}'")); // stored hashed
        var id = await db.Database.OpenAsync(default).ContinueWith(async t => { await using var c = t.Result; return await c.ExecuteScalarAsync<string>("SELECT id FROM api_tokens"); }).Unwrap();
        var list = await ChildProcess.RunCliAsync(db, "users", "tokens", "list", "--username", "coord.han");
        Assert.Contains("nightly", list.Stdout);
        Assert.DoesNotContain(secret, list.Stdout);
        Assert.Equal(0, (await ChildProcess.RunCliAsync(db, "users", "tokens", "revoke", "--username", "coord.han", "--id", id!)).Code);
        Assert.Equal(2, (await ChildProcess.RunCliAsync(db, "users", "tokens", "revoke", "--username", "coord.han", "--id", id!)).Code);
    }

    [Fact]
    public async Task ExportDataset_WritesFilesAndBadOptionsExit2()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await db.RegisterPatientAsync(await db.StaffAtMainSiteAsync(), "Ko", "Eun", "MRN-CLI-1");
        var dir = Directory.CreateTempSubdirectory("orthoregen-cli-").FullName;
        var ok = await ChildProcess.RunCliAsync(db, "export", "dataset", "--format", "spss", "--shape", "wide", "--out", dir);
        Assert.True(ok.Code == 0, ok.Stderr);
        Assert.Equal(["dataset.csv", "dataset.sps", "dictionary.csv"], Directory.GetFiles(dir).Select(Path.GetFileName).Order());
        var bad = await ChildProcess.RunCliAsync(db, "export", "dataset", "--format", "sas", "--out", dir);
        Assert.Equal((2, "--format:"), (bad.Code, bad.Stderr[..9]));
        var noOut = await ChildProcess.RunCliAsync(db, "export", "dataset");
        Assert.Equal(2, noOut.Code);
        Assert.Contains("--out", noOut.Stderr);
        Directory.Delete(dir, true);
    }

    [Fact]
    public async Task ImportRedcap_SampleDryRun_PrintsProblemsExits1AndWritesNothing()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        string Sample(string f) => Path.Combine(AppContext.BaseDirectory, "Interop", "Redcap", "sample", f);
        var r = await ChildProcess.RunCliAsync(db, "import", "redcap", "--dictionary", Sample("dictionary.csv"), "--records", Sample("records.csv"), "--mapping", Sample("mapping.yaml"), "--dry-run");
        Assert.True(r.Code == 1, r.Stdout + r.Stderr);
        Assert.Contains("3 of 6 records would be imported", r.Stdout);
        Assert.Contains("1970-02-30", r.Stdout);
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM patients"));
        var bad = await ChildProcess.RunCliAsync(db, "import", "redcap", "--dictionary", Sample("records.csv"), "--records", Sample("records.csv"), "--mapping", Sample("mapping.yaml"));
        Assert.Equal(2, bad.Code);
        Assert.StartsWith("--dictionary:", bad.Stderr);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("export", "dataset", "--help")]
    [InlineData("import", "redcap", "--help")]
    [InlineData("users", "tokens", "create", "--help")]
    [InlineData("backup", "--help")]
    public async Task Help_EveryCommand_Exits0(params string[] args)
    {
        var r = await ChildProcess.RunCliAsync(null, args);
        Assert.Equal(0, r.Code);
        Assert.Contains("Usage:", r.Stdout);
    }

    [Fact]
    public async Task Tool_PackAndInstall_RunsOrthoregenHelp()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "OrthoRegen.slnx"))) root = Path.GetDirectoryName(root)!;
        var work = Directory.CreateTempSubdirectory("orthoregen-tool-").FullName;
        try
        {
            var pack = await ChildProcess.RunAsync("dotnet", ["pack", Path.Combine(root, "src", "OrthoRegen.Cli"), "-o", Path.Combine(work, "nupkg"), "-v", "quiet", "-nologo"]);
            Assert.True(pack.Code == 0, pack.Stdout + pack.Stderr);
            var install = await ChildProcess.RunAsync("dotnet", ["tool", "install", "--tool-path", Path.Combine(work, "tools"), "--add-source", Path.Combine(work, "nupkg"), "OrthoRegen.Cli"]);
            Assert.True(install.Code == 0, install.Stdout + install.Stderr);
            var help = await ChildProcess.RunAsync(Path.Combine(work, "tools", "orthoregen"), ["--help"]);
            Assert.True(help.Code == 0, help.Stderr);
            Assert.Contains("export", help.Stdout);
        }
        finally
        {
            Directory.Delete(work, true);
        }
    }
}
