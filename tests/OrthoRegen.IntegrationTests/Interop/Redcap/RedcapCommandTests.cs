using Dapper;
using OrthoRegen.Data;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Interop.Redcap;

/// <summary><c>orthoregen import redcap</c> as a process: exit 0 (all imported or unchanged), 1 (some records refused), 2 (bad files).</summary>
public class RedcapCommandTests
{
    static string Sample(string file) => Path.Combine(AppContext.BaseDirectory, "Interop", "Redcap", "sample", file);

    static async Task<long> CountAsync(TestDatabase db, string sql)
    {
        await using var c = await db.Database.OpenAsync(default);
        return await c.ExecuteScalarAsync<long>(sql);
    }

    static Task<(int Code, string Stdout, string Stderr)> ImportAsync(TestDatabase db, string records, string mapping, params string[] more) =>
        ChildProcess.RunCliAsync(db, ["import", "redcap", "--dictionary", Sample("dictionary.csv"), "--records", records, "--mapping", mapping, .. more]);

    [Fact]
    public async Task Import_GoodRecords_Exits0AndAgainReportsThemUnchanged()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var dir = Directory.CreateTempSubdirectory("redcap-cli-").FullName;
        try
        {
            var lines = File.ReadAllLines(Sample("records.csv"));
            var good = Path.Combine(dir, "records.csv");
            File.WriteAllLines(good, [lines[0], .. lines.Skip(1).Where(l => l.StartsWith("1001,", StringComparison.Ordinal) || l.StartsWith("1006,", StringComparison.Ordinal))]);

            var first = await ImportAsync(db, good, Sample("mapping.yaml"));
            Assert.True(first.Code == 0, first.Stdout + first.Stderr);
            Assert.Contains("2 of 2 records imported (0 unchanged), 0 refused", first.Stdout);

            var again = await ImportAsync(db, good, Sample("mapping.yaml"));
            Assert.True(again.Code == 0, again.Stdout + again.Stderr);
            Assert.Contains("2 of 2 records imported (2 unchanged), 0 refused", again.Stdout);
            Assert.Equal(2, await CountAsync(db, "SELECT count(*) FROM patients"));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public async Task Import_SampleWithBadRecords_Exits1ImportsTheRestAndListsEveryMisfit()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        var r = await ImportAsync(db, Sample("records.csv"), Sample("mapping.yaml"));

        Assert.True(r.Code == 1, r.Stdout + r.Stderr);
        Assert.Contains("3 of 6 records imported (0 unchanged), 3 refused", r.Stdout);
        foreach (var expected in new[] { "1970-02-30", "koos_q1", "month_24_arm_1", "sympt_months" }) Assert.Contains(expected, r.Stdout);
        Assert.Equal(3, await CountAsync(db, "SELECT count(*) FROM patients"));
    }

    [Theory]
    [InlineData("P1: {field: womac_p1, add: -1}", "P1: {field: womac_p1, add: 0}", "--mapping: instruments[1].items.P1.add: must be a non-zero number")] // parse
    [InlineData("month_6_arm_1: M6", "month_6_arm_1: M9", "--mapping: events.month_6_arm_1: 'M9' is not a visit of the follow-up schedule")] // check
    [InlineData("  visit_date: visit_date", "  visit_date: visit_day", "--mapping: follow_up.visit_date: 'visit_day' is not a field of the data dictionary")] // check
    public async Task Import_BadMapping_Exits2WithALineNamingThePath(string replace, string with, string expected)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var mapping = Path.Combine(Path.GetTempPath(), $"redcap-mapping-{Guid.NewGuid():N}.yaml");
        var text = File.ReadAllText(Sample("mapping.yaml"));
        Assert.Contains(replace, text);
        File.WriteAllText(mapping, text.Replace(replace, with));
        try
        {
            var r = await ImportAsync(db, Sample("records.csv"), mapping);
            Assert.Equal(2, r.Code);
            Assert.StartsWith(expected, r.Stderr.Trim());
            Assert.Single(r.Stderr.Trim().Split('\n'));
            Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM patients"));
        }
        finally { File.Delete(mapping); }
    }
}
