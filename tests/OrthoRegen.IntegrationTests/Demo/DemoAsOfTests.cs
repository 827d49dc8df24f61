using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.Demo;
using OrthoRegen.Testing;
using Xunit;

namespace OrthoRegen.IntegrationTests.Demo;

/// <summary>No fact of a demo cohort is dated after its as-of date (an import of its export refuses facts from the future).</summary>
public class DemoAsOfTests
{
    [Fact]
    public async Task Demo_DatesNoLabFactAfterAsOf_AndScansWellFormedProductCodes()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        Assert.IsType<Outcome<DemoResult>.Done>(await db.Get<DemoGenerator>().GenerateAsync(Actor.System("test"),
            new DemoRequest(300, 7, 1, "2026-06-15", 500), false, null, default));
        await using var c = await db.Database.OpenAsync(default);
        var end = new DateTimeOffset(2026, 6, 16, 0, 0, 0, TimeSpan.Zero);
        foreach (var (table, column) in new[]
                 {
                     ("collection_versions", "collected_at"), ("product_lot_versions", "recorded_at"), ("lot_processing_versions", "performed_at"),
                     ("qc_result_versions", "resulted_at"), ("qc_result_versions", "sampled_at"), ("release_decision_versions", "decided_at"),
                     ("release_decision_versions", "physician_ack_at"), ("lot_division_versions", "allocated_at"),
                     ("custody_event_versions", "at"), ("administration_versions", "administered_at"),
                 })
        {
            // A pending QC result has no result time yet; an unacknowledged decision no acknowledgement.
            var times = (await c.QueryAsync<DateTimeOffset?>($"SELECT {column} FROM {table}")).OfType<DateTimeOffset>().ToList();
            Assert.True(times.Count > 0, $"{table} has rows");
            var late = times.Where(t => t >= end).ToList();
            Assert.True(late.Count == 0, $"{late.Count} {table}.{column} after the as-of date, e.g. {late.FirstOrDefault():O}");
        }
        // The scanned product code is the 8-character ISBT 128 code (was the record's ToString() for autologous lots).
        var scanned = (await c.QueryAsync<string>("SELECT scanned_product_code FROM administration_versions")).ToList();
        Assert.All(scanned, code => Assert.Matches("^[A-Z][0-9A-Z]{4}[0-9A-Z][0-9A-Z]{2}$", code));
    }
}
