using System.Text.Json;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.Demo;
using OrthoRegen.Interop.Fhir;
using OrthoRegen.Testing;
using Xunit;

namespace OrthoRegen.IntegrationTests.Demo;

/// <summary>
/// `orthoregen export fhir` of a whole demo registry, then `import fhir` into an empty one: every patient comes back, none
/// refused (issue 8: 808 of 2,000 demo patients were refused by the registry's own bedside checks).
/// </summary>
public class DemoCliRoundTripTests
{
    [Fact]
    public async Task ExportEverything_ThenImportIntoAnEmptyRegistry_RefusesNoDemoPatient()
    {
        await using var source = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        Assert.IsType<Outcome<DemoResult>.Done>(await source.Get<DemoGenerator>().GenerateAsync(Actor.System("test"),
            new DemoRequest(300, 8, 1, "2026-06-15", 500), false, null, default));
        await using var target = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var dir = Directory.CreateTempSubdirectory("orthoregen-demo-cli-").FullName;
        try
        {
            var export = await ChildProcess.RunCliAsync(source, "export", "fhir", "--out", dir);
            Assert.True(export.Code == 0, export.Stdout + export.Stderr);

            // A full export writes each shared allogeneic lot with every recipient (was: only the first exported patient's division).
            await using (var c = await source.Database.OpenAsync(default))
            {
                var allocated = await c.ExecuteScalarAsync<long>("""
                    SELECT count(*) FROM lot_division_versions d JOIN record_heads h ON h.id = d.id AND h.current_version = d.version
                    WHERE d.recipient_patient_id IS NOT NULL
                    """);
                var shared = await c.ExecuteScalarAsync<long>("""
                    SELECT count(*) FROM (SELECT d.lot_id FROM lot_division_versions d JOIN record_heads h ON h.id = d.id AND h.current_version = d.version
                    JOIN product_lot_versions v ON v.id = d.lot_id WHERE d.recipient_patient_id IS NOT NULL AND v.origin = 'ALLOGENEIC'
                    GROUP BY d.lot_id HAVING count(*) > 1) x
                    """);
                Assert.True(shared > 0, "the cohort has an allogeneic lot given to several patients");
                var exported = 0;
                foreach (var line in File.ReadLines(Path.Combine(dir, "BiologicallyDerivedProduct.ndjson")))
                {
                    using var doc = JsonDocument.Parse(line);
                    foreach (var x in doc.RootElement.GetProperty("extension").EnumerateArray())
                        if (x.GetProperty("url").GetString() == ProductExtensions.Division
                            && x.GetProperty("extension").EnumerateArray().Any(f => f.GetProperty("url").GetString() == "recipient"))
                            exported++;
                }
                Assert.Equal(allocated, exported);
            }

            var import = await ChildProcess.RunCliAsync(target, "import", "fhir", dir);
            Assert.True(import.Code == 0, import.Stdout + import.Stderr);
            Assert.Contains("300 of 300 patient(s) imported, 0 refused", import.Stdout);
            Assert.Contains(" 0 rejected", import.Stdout);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
