using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.Demo;
using OrthoRegen.Interop.Fhir;
using OrthoRegen.Testing;
using Xunit;

namespace OrthoRegen.IntegrationTests.Interop.Fhir;

/// <summary>A banked allogeneic lot in the transaction Bundles of two of its recipients: created by the first, matched by the second.</summary>
public class AllogeneicBundleTests
{
    static readonly Actor Admin = Actor.System("test");

    /// <summary>The recipient's bundle without the resources other slices import this round (administrations, visits, adverse events, AIS).</summary>
    static async Task<JsonElement> BundleAsync(TestDatabase db, string patientId)
    {
        using var stream = new MemoryStream();
        Assert.True(await db.Get<FhirExport>().WriteBundleAsync(Admin, patientId, stream, default));
        var node = JsonNode.Parse(stream.ToArray())!.AsObject();
        var entries = node["entry"]!.AsArray();
        foreach (var e in entries.ToList())
        {
            var r = e!["resource"]!;
            var type = r["resourceType"]!.GetValue<string>();
            if (type is "Encounter" or "AdverseEvent" || type == "Procedure" && r["category"]!.ToJsonString().Contains("ADMINISTRATION")
                || type == "Observation" && r["code"]!.ToJsonString().Contains("AIS_GRADE"))
                entries.Remove(e);
        }
        return JsonDocument.Parse(node.ToJsonString()).RootElement;
    }

    static async Task<(long Donors, long Screening, long Collections, long Lots, long Custody, long Decisions)> CountsAsync(TestDatabase db)
    {
        await using var c = await db.Database.OpenAsync(default);
        return await c.QuerySingleAsync<(long, long, long, long, long, long)>("""
            SELECT (SELECT count(*) FROM donors), (SELECT count(*) FROM donor_screening_versions), (SELECT count(*) FROM collection_versions WHERE origin = 'ALLOGENEIC'),
                   (SELECT count(*) FROM product_lot_versions WHERE origin = 'ALLOGENEIC'), (SELECT count(*) FROM custody_event_versions), (SELECT count(*) FROM release_decision_versions)
            """);
    }

    [Theory, BothEngines]
    public async Task BankLot_InTwoRecipientsBundles_IsCreatedOnceWithItsDonor_AndMatchedAfterwards(DatabaseProvider engine)
    {
        await using var source = await TestDatabase.CreateAsync(engine);
        Assert.IsType<Outcome<DemoResult>.Done>(await source.Get<DemoGenerator>().GenerateAsync(Admin, new DemoRequest(120, 8, 1, "2026-06-15", 500), false, null, default));
        string[] recipients;
        await using (var c = await source.Database.OpenAsync(default))
            recipients = [.. await c.QueryAsync<string>("""
                SELECT d.recipient_patient_id FROM lot_division_versions d JOIN record_heads h ON h.id = d.id AND h.current_version = d.version
                WHERE d.recipient_patient_id IS NOT NULL AND d.lot_id = (
                    SELECT x.lot_id FROM lot_division_versions x JOIN record_heads hx ON hx.id = x.id AND hx.current_version = x.version
                    JOIN product_lot_versions v ON v.id = x.lot_id WHERE x.recipient_patient_id IS NOT NULL AND v.origin = 'ALLOGENEIC'
                    GROUP BY x.lot_id HAVING count(*) >= 2 ORDER BY x.lot_id LIMIT 1)
                ORDER BY d.division_code
                """)];
        Assert.True(recipients.Length >= 2, "a bank lot with two recipients");
        var first = await BundleAsync(source, recipients[0]);
        var second = await BundleAsync(source, recipients[1]);
        Assert.Empty(FhirValidator.ValidateBundle(first));

        await using var target = await TestDatabase.CreateAsync(engine, new DateTimeOffset(2027, 6, 15, 9, 0, 0, TimeSpan.Zero));
        var import = target.Get<FhirImport>();
        var one = await import.ImportBundleAsync(Admin, first, default);
        Assert.Empty(one.Rejects);
        var afterFirst = await CountsAsync(target);
        Assert.Equal(1, afterFirst.Donors);
        Assert.True(afterFirst.Lots >= 1 && afterFirst.Screening > 0 && afterFirst.Collections >= 1 && afterFirst.Decisions >= 1);

        var two = await import.ImportBundleAsync(Admin, second, default);
        Assert.Empty(two.Rejects);
        var afterSecond = await CountsAsync(target);
        // The second recipient's bundle carries the same lot, donor, harvest, custody and decisions: all matched, none created twice.
        Assert.Equal(afterFirst.Donors, afterSecond.Donors);
        Assert.Equal(afterFirst.Lots, afterSecond.Lots);
        Assert.Equal(afterFirst.Collections, afterSecond.Collections);
        Assert.Equal(afterFirst.Screening, afterSecond.Screening);
        Assert.Equal(afterFirst.Decisions, afterSecond.Decisions);

        var again = await import.ImportBundleAsync(Admin, first, default);
        Assert.Empty(again.Rejects);
        Assert.Equal(0, again.Created);
        Assert.Equal(afterSecond, await CountsAsync(target));
    }
}
