using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.CellLab;
using OrthoRegen.Data;
using OrthoRegen.Demo;
using OrthoRegen.Interop.Fhir;
using OrthoRegen.Testing;
using Xunit;

namespace OrthoRegen.IntegrationTests.Interop.Fhir;

/// <summary>
/// A shared allogeneic donor screened again after its lot was first imported: a later recipient's bundle carries the lot
/// with the added result, which the import adds to the donor (through the donor store's screening rules), once.
/// </summary>
public class DonorScreeningAddedTests
{
    static readonly Actor Admin = Actor.System("test");

    /// <summary>The recipient's bundle without the resources other slices import (administrations, visits, adverse events, AIS).</summary>
    static async Task<JsonNode> BundleAsync(TestDatabase db, string patientId)
    {
        using var stream = new MemoryStream();
        Assert.True(await db.Get<FhirExport>().WriteBundleAsync(Admin, patientId, stream, default));
        var node = JsonNode.Parse(stream.ToArray())!;
        var entries = node["entry"]!.AsArray();
        foreach (var e in entries.ToList())
        {
            var r = e!["resource"]!;
            var type = r["resourceType"]!.GetValue<string>();
            if (type is "Encounter" or "AdverseEvent" || type == "Procedure" && r["category"]!.ToJsonString().Contains("ADMINISTRATION")
                || type == "Observation" && r["code"]!.ToJsonString().Contains("AIS_GRADE"))
                entries.Remove(e);
        }
        return node;
    }

    /// <summary>The current screening results of one donor (of the only donor when null: the target holds one).</summary>
    static async Task<List<string>> ScreeningAsync(TestDatabase db, string? donor = null)
    {
        await using var c = await db.Database.OpenAsync(default);
        donor ??= await c.QuerySingleAsync<string>("SELECT id FROM donors");
        return [.. await c.QueryAsync<string>("""
            SELECT s.marker || '/' || s.method || '/' || s.result || '/' || s.tested_on FROM donor_screening_versions s
            JOIN record_heads h ON h.id = s.id AND h.current_version = s.version WHERE s.donor_id = @donor ORDER BY 1
            """, new { donor })];
    }

    static async Task<long> CountAsync(TestDatabase db, string table)
    {
        await using var c = await db.Database.OpenAsync(default);
        return await c.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
    }

    static void Same(IEnumerable<string> expected, IEnumerable<string> actual, string what) =>
        Assert.True(expected.SequenceEqual(actual), $"{what}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");

    [Theory, BothEngines]
    public async Task LaterBundle_DonorScreenedAgain_AddsTheNewResultOnce(DatabaseProvider engine)
    {
        await using var source = await TestDatabase.CreateAsync(engine);
        Assert.IsType<Outcome<DemoResult>.Done>(await source.Get<DemoGenerator>().GenerateAsync(Admin, new DemoRequest(120, 8, 1, "2026-06-15", 500), false, null, default));
        (string Lot, string Donor) bank;
        string[] recipients;
        await using (var c = await source.Database.OpenAsync(default))
        {
            bank = await c.QuerySingleAsync<(string, string)>("""
                SELECT x.lot_id, min(col.donor_id) FROM lot_division_versions x JOIN record_heads hx ON hx.id = x.id AND hx.current_version = x.version
                JOIN product_lot_versions v ON v.id = x.lot_id JOIN product_lot_collections pc ON pc.lot_id = x.lot_id JOIN collection_versions col ON col.id = pc.collection_id
                WHERE x.recipient_patient_id IS NOT NULL AND v.origin = 'ALLOGENEIC'
                GROUP BY x.lot_id HAVING count(DISTINCT x.recipient_patient_id) >= 2 ORDER BY x.lot_id LIMIT 1
                """);
            recipients = [.. await c.QueryAsync<string>("""
                SELECT d.recipient_patient_id FROM lot_division_versions d JOIN record_heads h ON h.id = d.id AND h.current_version = d.version
                WHERE d.recipient_patient_id IS NOT NULL AND d.lot_id = @lot ORDER BY d.division_code
                """, new { lot = bank.Lot })];
        }
        var first = await BundleAsync(source, recipients[0]);
        await using var target = await TestDatabase.CreateAsync(engine, new DateTimeOffset(2027, 6, 15, 9, 0, 0, TimeSpan.Zero));
        var import = target.Get<FhirImport>();
        Assert.Empty((await import.ImportBundleAsync(Admin, JsonDocument.Parse(first.ToJsonString()).RootElement, default)).Rejects);
        var before = await ScreeningAsync(target);
        Same(await ScreeningAsync(source, bank.Donor), before, "after the first bundle");

        // The donor programme screens the donor again (CMV) after the first recipient's bundle went out.
        Assert.IsType<Outcome<DonorView>.Done>(await source.Get<DonorStore>().RecordScreeningAsync(Admin, bank.Donor,
            new RecordScreening { Marker = "CMV", Method = "SEROLOGY", Result = "NEG", TestedOn = "2026-06-14" }, default));
        var second = await BundleAsync(source, recipients[1]);

        // One broken field of the added result: refused at its JSON path, nothing written.
        var (index, product) = second["entry"]!.AsArray().Select((e, i) => (i, e!["resource"]!)).First(x => (string?)x.Item2["resourceType"] == "BiologicallyDerivedProduct"
            && x.Item2["contained"] is JsonArray);
        var donorExtensions = product["contained"]![0]!["extension"]!.AsArray();
        var cmv = donorExtensions.ToList().FindIndex(x => (string?)x!["url"] == ProductExtensions.DonorScreening && x["extension"]!.ToJsonString().Contains("\"CMV\""));
        var result = donorExtensions[cmv]!["extension"]!.AsArray().ToList().FindIndex(x => (string?)x!["url"] == "result");
        var broken = second.DeepClone();
        broken["entry"]![index]!["resource"]!["contained"]![0]!["extension"]![cmv]!["extension"]![result]!["valueString"] = "MAYBE";
        var refused = await import.ImportBundleAsync(Admin, JsonDocument.Parse(broken.ToJsonString()).RootElement, default);
        Assert.Contains(refused.Rejects, r => r.Path == $"Bundle.entry[{index}].resource.contained[0].extension[{cmv}].extension[{result}].valueString");
        Same(before, await ScreeningAsync(target), "after the refused bundle");

        // The later bundle: the lot and donor are matched, the new result added; the donor's results are the source's.
        var lots = await CountAsync(target, "product_lots");
        var report = await import.ImportBundleAsync(Admin, JsonDocument.Parse(second.ToJsonString()).RootElement, default);
        Assert.Empty(report.Rejects);
        Same(await ScreeningAsync(source, bank.Donor), await ScreeningAsync(target), "after the later bundle");
        Assert.Equal(before.Count + 1, (await ScreeningAsync(target)).Count);
        Assert.Equal(lots, await CountAsync(target, "product_lots"));
        Assert.Equal(1, await CountAsync(target, "donors"));

        // Exported again from the target (the lot as the exporter writes it; neither recipient is allocated here, so no patient
        // bundle of the target reaches it): the donor's screening results are the source's.
        static async Task<List<string>> ExportedScreeningAsync(TestDatabase db, string lotId)
        {
            await using var c = await db.Database.OpenAsync(default);
            var product = await FhirStore.ProductAsync(c, lotId, null, default);
            return [.. product!.Donor!.Details.Where(d => d.Url == ProductExtensions.DonorScreening).Select(d => d.ToString()).Order(StringComparer.Ordinal)];
        }
        string newLot;
        await using (var c = await target.Database.OpenAsync(default))
            newLot = await c.QuerySingleAsync<string>("SELECT local_id FROM fhir_identifiers WHERE resource_type = 'BiologicallyDerivedProduct' AND source_id = @id", new { id = bank.Lot });
        var exported = await ExportedScreeningAsync(target, newLot);
        Same(await ExportedScreeningAsync(source, bank.Lot), exported, "exported again");
        Assert.Contains(exported, d => d.Contains("2026-06-14", StringComparison.Ordinal));
        foreach (var b in new[] { second, first })
        {
            var r = await import.ImportBundleAsync(Admin, JsonDocument.Parse(b.ToJsonString()).RootElement, default);
            Assert.Empty(r.Rejects);
            Assert.Equal(0, r.Created);
        }
        Assert.Equal(before.Count + 1, (await ScreeningAsync(target)).Count);
    }
}
