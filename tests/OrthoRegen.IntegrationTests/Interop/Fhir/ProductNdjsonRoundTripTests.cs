using System.Text;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.CellLab;
using OrthoRegen.Data;
using OrthoRegen.Demo;
using OrthoRegen.Interop.Fhir;
using OrthoRegen.Testing;
using OrthoRegen.Treatment;
using Xunit;
using Xunit.Abstractions;

namespace OrthoRegen.IntegrationTests.Interop.Fhir;

/// <summary>
/// The product side of a demo registry (autologous and allogeneic lots, donors, processing, QC, custody, release) exported as
/// Bulk Data NDJSON and imported into an empty registry: the same facts come back, traceability holds, re-import changes nothing.
/// </summary>
public class ProductNdjsonRoundTripTests(ITestOutputHelper output)
{
    static readonly Actor Admin = Actor.System("test");

    /// <summary>
    /// Resources whose import belongs to other slices this round (administrations: fxa; visits and adverse events: fxe): left
    /// out of the files, so the patients they belong to are judged on the rest.
    /// </summary>
    static bool Elsewhere(string type, string line) =>
        type is "Encounter" or "AdverseEvent" || type == "Procedure" && line.Contains("\"ADMINISTRATION\"", StringComparison.Ordinal)
        || type == "Observation" && line.Contains("\"AIS_GRADE\"", StringComparison.Ordinal);

    internal static async Task<Dictionary<string, List<string>>> ExportAsync(TestDatabase db, Func<string, string, bool> keep)
    {
        var files = new Dictionary<string, MemoryStream>(StringComparer.Ordinal);
        await db.Get<FhirExport>().WriteNdjsonAsync(Admin, null, type => files[type] = new MemoryStream(), null, null, default);
        return files.ToDictionary(f => f.Key, f => Encoding.UTF8.GetString(f.Value.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => keep(f.Key, line)).ToList());
    }

    internal static Task<FhirImportReport> ImportAsync(TestDatabase db, Dictionary<string, List<string>> files) =>
        db.Get<FhirImport>().ImportNdjsonAsync(Admin,
            files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => (f.Key + ".ndjson", (Stream)new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', f.Value) + "\n")))),
            null, default);

    /// <summary>Every product fact of a registry with ids replaced by lot numbers, DINs and the source ids of patients.</summary>
    static async Task<SortedSet<string>> FactsAsync(TestDatabase db, bool target)
    {
        await using var c = await db.Database.OpenAsync(default);
        // A patient as the source knows it: the target maps its new id back to the exported id.
        var patient = target ? "(SELECT f.source_id FROM fhir_identifiers f WHERE f.resource_type = 'Patient' AND f.local_id = {0})" : "{0}";
        string P(string column) => string.Format(System.Globalization.CultureInfo.InvariantCulture, patient, column);
        var facts = new SortedSet<string>(StringComparer.Ordinal);
        async Task Add(string kind, string sql)
        {
            foreach (var row in await c.QueryAsync(sql))
                facts.Add(kind + ":" + string.Join("|", ((IDictionary<string, object?>)row).Values.Select(v => v switch
                {
                    null => "-",
                    DateTimeOffset t => t.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                    DateTime t => DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                    double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                    string t when t.Length >= 19 && t[4] == '-' && t[10] is 'T' or ' ' && DateTimeOffset.TryParse(t, System.Globalization.CultureInfo.InvariantCulture,
                        System.Globalization.DateTimeStyles.AssumeUniversal, out var at) => at.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                    _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
                })));
        }
        const string Lot = "JOIN product_lots p ON p.id = x.lot_id";
        await Add("lot", $"""
            SELECT p.lot_number, p.din, v.product_type, v.cell_source, v.origin, v.manipulation, v.collection_type, {P("v.recipient_patient_id")}, v.intended_route, v.dose_volume_ml
            FROM product_lots p JOIN record_heads h ON h.id = p.id JOIN product_lot_versions v ON v.id = p.id AND v.version = h.current_version
            """);
        await Add("collection", $"""
            SELECT c.din, c.origin, {P("c.patient_id")}, (SELECT o.donor_code FROM donors o WHERE o.id = c.donor_id), c.tissue, c.collected_at, c.volume_ml, c.collector
            FROM collection_versions c JOIN record_heads h ON h.id = c.id AND h.current_version = c.version
            """);
        await Add("donor", """
            SELECT d.donor_code, v.donor_type, v.donor_consent_ref FROM donors d JOIN record_heads h ON h.id = d.id JOIN donor_versions v ON v.id = d.id AND v.version = h.current_version
            """);
        await Add("screening", """
            SELECT d.donor_code, s.marker, s.method, s.result, s.tested_on FROM donor_screening_versions s JOIN donors d ON d.id = s.donor_id
            JOIN record_heads h ON h.id = s.id AND h.current_version = s.version
            """);
        await Add("processing", $"""
            SELECT p.lot_number, x.step, x.performed_at, x.performed_by, x.passage, x.culture_days, x.tnc_e6, x.volume_ml
            FROM lot_processing_versions x {Lot} JOIN record_heads h ON h.id = x.id AND h.current_version = x.version
            """);
        await Add("qc", $"""
            SELECT p.lot_number, x.test, x.method, x.value, x.unit, x.result, x.sampled_at, x.resulted_at, x.analyst
            FROM qc_result_versions x {Lot} JOIN record_heads h ON h.id = x.id AND h.current_version = x.version WHERE NOT x.entered_in_error
            """);
        await Add("division", $"""
            SELECT p.lot_number, x.division_code, x.volume_ml, x.viable_cells_e6, {P("x.recipient_patient_id")}
            FROM lot_division_versions x {Lot} JOIN record_heads h ON h.id = x.id AND h.current_version = x.version WHERE NOT x.entered_in_error
            """);
        await Add("custody", $"""
            SELECT p.lot_number, x.item_kind, (SELECT d.division_code FROM lot_division_versions d WHERE d.id = x.item_id LIMIT 1), x.event, x.at, x.from_party,
                   x.to_party, x.location, x.temp_c, x.condition_ok, x.verifier_1, x.verifier_2
            FROM custody_event_versions x {Lot} JOIN record_heads h ON h.id = x.id AND h.current_version = x.version WHERE NOT x.entered_in_error
            """);
        await Add("administration", $"""
            SELECT x.lot_number, x.division_code, {P("x.patient_id")}, x.cell_source, x.injection_number, x.administered_at, x.dose_viable_cells_e6, x.volume_ml,
                   x.route, x.guidance, x.target, x.target_level, x.operator, x.observation_minutes, x.immediate_reaction, x.scanned_din, x.scanned_product_code,
                   x.scanned_patient_identifier, x.bedside_id_check
            FROM administration_versions x JOIN record_heads h ON h.id = x.id AND h.current_version = x.version WHERE NOT x.entered_in_error
            """);
        await Add("decision", $"""
            SELECT p.lot_number, x.version, x.status, x.decided_at, x.authorised_by, x.reason FROM release_decision_versions x {Lot}
            """);
        return facts;
    }

    /// <summary>The lot numbers, DINs and donor codes an export's lots carry.</summary>
    static HashSet<string> Exported(List<string> products)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in products)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(line);
            foreach (var i in doc.RootElement.GetProperty("identifier").EnumerateArray()) keys.Add(i.GetProperty("value").GetString()!);
            if (doc.RootElement.TryGetProperty("contained", out var contained))
                foreach (var i in contained[0].GetProperty("identifier").EnumerateArray()) keys.Add(i.GetProperty("value").GetString()!);
            foreach (var x in doc.RootElement.GetProperty("extension").EnumerateArray())
                if (x.GetProperty("url").GetString() == ProductExtensions.DonorCollection)
                    keys.Add(x.GetProperty("extension").EnumerateArray().Single(f => f.GetProperty("url").GetString() == "din").GetProperty("valueString").GetString()!);
        }
        return keys;
    }

    static async Task<Dictionary<string, long>> CountsAsync(TestDatabase db)
    {
        await using var c = await db.Database.OpenAsync(default);
        var d = new Dictionary<string, long>();
        foreach (var t in new[] { "record_heads", "audit_log", "patients", "donors", "donor_screening_versions", "collection_versions", "product_lots", "lot_processing_versions",
                     "lot_division_versions", "qc_result_versions", "custody_event_versions", "release_decision_versions", "fhir_identifiers" })
            d[t] = await c.ExecuteScalarAsync<long>($"SELECT count(*) FROM {t}");
        return d;
    }

    /// <summary>
    /// The recipients' weights, which the endotoxin rule (Q5) of an autologous release needs and an R4 Patient does not carry
    /// (their import is another slice's): the patients are imported first and their latest source weight recorded.
    /// </summary>
    static async Task CopyWeightsAsync(TestDatabase source, TestDatabase target, Dictionary<string, List<string>> files)
    {
        Assert.Empty((await ImportAsync(target, new() { ["Patient"] = files["Patient"] })).Rejects);
        await using var s = await source.Database.OpenAsync(default);
        await using var t = await target.Database.OpenAsync(default);
        var weights = await s.QueryAsync<(string PatientId, double WeightKg)>("""
            SELECT m.patient_id, m.weight_kg FROM body_measurement_versions m JOIN record_heads h ON h.id = m.id AND h.current_version = m.version
            WHERE m.weight_kg IS NOT NULL AND NOT m.entered_in_error ORDER BY m.measured_on, m.recorded_at
            """);
        var latest = weights.GroupBy(w => w.PatientId).ToDictionary(g => g.Key, g => g.Last().WeightKg);
        var mapped = (await t.QueryAsync<(string SourceId, string LocalId)>("SELECT source_id, local_id FROM fhir_identifiers WHERE resource_type = 'Patient'")).ToList();
        foreach (var (sourceId, localId) in mapped)
            if (latest.TryGetValue(sourceId, out var kg))
                Assert.IsType<Outcome<OrthoRegen.Patients.BodyMeasurement>.Done>(await target.Get<OrthoRegen.Patients.PatientStore>().RecordMeasurementAsync(Admin, localId,
                    new OrthoRegen.Patients.RecordBodyMeasurement { MeasuredOn = "2027-06-01", WeightKg = kg }, default));
    }

    [Theory, BothEngines]
    public async Task DemoProducts_ExportedAsNdjson_ComeBackInAnEmptyRegistry(DatabaseProvider engine)
    {
        await using var source = await TestDatabase.CreateAsync(engine);
        Assert.IsType<Outcome<DemoResult>.Done>(await source.Get<DemoGenerator>().GenerateAsync(Admin, new DemoRequest(120, 8, 1, "2026-06-15", 500), false, null, default));
        var files = await ExportAsync(source, (type, line) => !Elsewhere(type, line));

        // The demo makes some lots ahead of their Day 0 (after its as-of date): the target's clock is a year on.
        await using var target = await TestDatabase.CreateAsync(engine, new DateTimeOffset(2027, 6, 15, 9, 0, 0, TimeSpan.Zero));
        await CopyWeightsAsync(source, target, files);
        var report = await ImportAsync(target, files);
        foreach (var g in report.Rejects.GroupBy(r => r.ResourceType + " " + r.Message).OrderByDescending(g => g.Count()).Take(15))
        {
            output.WriteLine($"{g.Count()} × {g.Key} (e.g. {g.First().Path})");
            var at = g.First().Path.Split('.')[0] + ".ndjson" is var file && g.First().Path.Split(':') is [var f, var rest] && int.TryParse(rest.Split('.')[0], out var n) ? (f.Replace(".ndjson", ""), n) : ("", 0);
            if (files.TryGetValue(at.Item1, out var lines) && at.Item2 > 0) output.WriteLine("   " + lines[at.Item2 - 1][..Math.Min(3000, lines[at.Item2 - 1].Length)]);
        }
        output.WriteLine($"patients {report.Patients}, refused {report.RejectedPatients}, created {report.Created}, unchanged {report.Unchanged}");

        // A lot no patient reaches (a failed bank lot, discarded) is in no patient's export, nor are its donor's facts.
        var exported = Exported(files["BiologicallyDerivedProduct"]);
        var expected = new SortedSet<string>((await FactsAsync(source, target: false)).Where(f => exported.Any(key => f.Contains(":" + key + "|", StringComparison.Ordinal))), StringComparer.Ordinal);
        expected.RemoveWhere(f => f.StartsWith("administration:", StringComparison.Ordinal));
        var actual = await FactsAsync(target, target: true);
        foreach (var x in expected.Except(actual).Take(10)) output.WriteLine("missing " + x);
        foreach (var x in actual.Except(expected).Take(10)) output.WriteLine("extra " + x);
        Assert.Empty(report.Rejects);
        Assert.Equal(expected, actual);
        Assert.Contains(expected, f => f.StartsWith("donor:", StringComparison.Ordinal));
        Assert.Contains(expected, f => f.StartsWith("lot:", StringComparison.Ordinal) && f.Contains("|AUTOLOGOUS|", StringComparison.Ordinal));

        // Traceability: each allogeneic donor reaches the same recipients as in the source.
        await using (var c = await target.Database.OpenAsync(default))
            foreach (var code in await c.QueryAsync<string>("SELECT donor_code FROM donors"))
            {
                var trace = (await target.Get<LotStore>().TraceDonorAsync(Admin, code, default))!;
                var before = (await source.Get<LotStore>().TraceDonorAsync(Admin, code, default))!;
                Assert.Equal(before.Rows.Select(r => (r.Din, r.LotNumber, r.DivisionCode)), trace.Rows.Select(r => (r.Din, r.LotNumber, r.DivisionCode)));
                Assert.Equal(before.Rows.Count(r => r.RecipientPatientId is not null), trace.Rows.Count(r => r.RecipientPatientId is not null));
            }

        // Re-import: nothing new.
        var counts = await CountsAsync(target);
        var again = await ImportAsync(target, files);
        Assert.Empty(again.Rejects);
        Assert.Equal(0, again.Created);
        var after = await CountsAsync(target);
        Assert.Equal(counts.Where(kv => kv.Key != "audit_log"), after.Where(kv => kv.Key != "audit_log"));
    }

    /// <summary>
    /// The demo's administrations in Bulk Data NDJSON, into an empty registry, weights from the export's Observations (nothing
    /// copied by hand). Their lots come from <c>BiologicallyDerivedProduct.ndjson</c> and their patients from
    /// <c>Patient.ndjson</c>, both earlier batches: the lot is read back with its decision history and the wristband scan is
    /// compared with the kept source pseudonym. The demo writes administrations its own bedside checks accept (same-day products
    /// released, conditionally with the physician's acknowledgement, before the injection; a cryopreserved division thawed for
    /// each later injection; allogeneic divisions given to the patient they are allocated to), so nothing is refused and every
    /// administration comes back equal to the source's after mapping ids.
    /// </summary>
    [Theory, BothEngines]
    public async Task DemoAdministrations_ExportedAsNdjson_ComeBackWithLotsAndPatientsFromEarlierBatches(DatabaseProvider engine)
    {
        await using var source = await TestDatabase.CreateAsync(engine);
        Assert.IsType<Outcome<DemoResult>.Done>(await source.Get<DemoGenerator>().GenerateAsync(Admin, new DemoRequest(120, 8, 1, "2026-06-15", 500), false, null, default));
        var files = await ExportAsync(source, (type, line) => type is not ("Encounter" or "AdverseEvent") && !(type == "Observation" && line.Contains("\"AIS_GRADE\"", StringComparison.Ordinal)));
        Assert.Contains(files["Procedure"], line => line.Contains("\"ADMINISTRATION\"", StringComparison.Ordinal));

        await using var target = await TestDatabase.CreateAsync(engine, new DateTimeOffset(2027, 6, 15, 9, 0, 0, TimeSpan.Zero));
        var report = await ImportAsync(target, files);
        foreach (var g in report.Rejects.GroupBy(r => r.Message.Split(':')[0]).OrderByDescending(g => g.Count())) output.WriteLine($"{g.Count()} x {g.Key} (e.g. {g.First().Path}: {g.First().Message})");
        Assert.Empty(report.Rejects);
        Assert.Equal(0, report.RejectedPatients);

        static bool Administration(string f) => f.StartsWith("administration:", StringComparison.Ordinal);
        var expected = new SortedSet<string>((await FactsAsync(source, target: false)).Where(Administration), StringComparer.Ordinal);
        var actual = new SortedSet<string>((await FactsAsync(target, target: true)).Where(Administration), StringComparer.Ordinal);
        foreach (var x in expected.Except(actual).Take(10)) output.WriteLine("missing " + x);
        foreach (var x in actual.Except(expected).Take(10)) output.WriteLine("extra " + x);
        Assert.True(expected.Count >= 20, $"{expected.Count} administrations compared");
        // Each kind the demo's bedside story covers is among them: a same-day product, a thawed autologous division, an allogeneic division.
        Assert.Contains(expected, f => f.Contains("|BMAC|", StringComparison.Ordinal) || f.Contains("|AD_SVF|", StringComparison.Ordinal));
        Assert.Contains(expected, f => f.Contains("|UC_MSC|", StringComparison.Ordinal));
        Assert.Contains(expected, f => f.Split('|') is var x && x[1] != "-" && x[3] is TreatmentCodes.BmMsc or TreatmentCodes.AdMsc);
        Assert.Equal(expected, actual);
        // The earlier-batch paths were taken: the wristband codes are the source pseudonyms, not the target's.
        await using var c = await target.Database.OpenAsync(default);
        Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM administration_versions a JOIN patients p ON p.id = a.patient_id WHERE p.pseudonym_code = a.scanned_patient_identifier"));
    }

    [Theory, BothEngines]
    public async Task BrokenDonorField_RefusesTheBankLotAtItsPath_AndWritesNothingOfIt(DatabaseProvider engine)
    {
        await using var source = await TestDatabase.CreateAsync(engine);
        Assert.IsType<Outcome<DemoResult>.Done>(await source.Get<DemoGenerator>().GenerateAsync(Admin, new DemoRequest(60, 8, 1, "2026-06-15", 500), false, null, default));
        var files = await ExportAsync(source, (type, line) => !Elsewhere(type, line));
        var lots = files["BiologicallyDerivedProduct"];
        var n = lots.FindIndex(l => l.Contains("\"contained\"", StringComparison.Ordinal));
        Assert.True(n >= 0, "the demo has an allogeneic lot");
        lots[n] = lots[n].Replace("\"valueString\":\"BIRTH_TISSUE\"", "\"valueString\":\"SIBLING\"", StringComparison.Ordinal);

        await using var target = await TestDatabase.CreateAsync(engine, new DateTimeOffset(2027, 6, 15, 9, 0, 0, TimeSpan.Zero));
        var report = await ImportAsync(target, files);
        var reject = Assert.Single(report.Rejects, r => r.ResourceType == "BiologicallyDerivedProduct");
        Assert.Equal($"BiologicallyDerivedProduct.ndjson:{n + 1}.contained[0].extension[0].extension[0].valueString", reject.Path);
        Assert.Contains("BIRTH_TISSUE", reject.Message);
        // Its custody and decisions are refused with it (at their reference to it); no donor, harvest or lot of it is written.
        using var doc = System.Text.Json.JsonDocument.Parse(lots[n]);
        var lotId = doc.RootElement.GetProperty("id").GetString()!;
        var lotNumber = doc.RootElement.GetProperty("identifier").EnumerateArray().Single(i => i.GetProperty("system").GetString() == FhirCodes.LotNumberSystem).GetProperty("value").GetString();
        Assert.Contains(report.Rejects, r => r.ResourceType == "Provenance" && r.Path.EndsWith(".target[0].reference", StringComparison.Ordinal));
        await using var c = await target.Database.OpenAsync(default);
        Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM product_lots WHERE lot_number = @lotNumber", new { lotNumber }));
        Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM fhir_identifiers WHERE source_id = @lotId", new { lotId }));
    }
}
