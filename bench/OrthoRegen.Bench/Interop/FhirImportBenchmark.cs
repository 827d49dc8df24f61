using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.Demo;
using OrthoRegen.Interop.Fhir;

namespace OrthoRegen.Bench.Interop;

/// <summary>
/// Bulk FHIR NDJSON import of QuestionnaireResponses (parse, validate, score, store, audit) in rows/s, divided by the
/// raw insert rate of the same rows into the same tables (record_heads, instrument_response_versions, fhir_identifiers,
/// audit_log) with prepared statements in one transaction, measured in the same run on SQLite.
/// Set-up (untimed): a demo cohort of N patients, exported as NDJSON; a fresh database with the patients imported; a copy
/// of it (VACUUM INTO) for the raw inserts.
/// </summary>
public sealed class FhirImportBenchmark : IBenchmark
{
    public string Name => "fhir-import";
    public string Description => "FHIR NDJSON QuestionnaireResponse import rows/s ÷ raw prepared-insert rows/s (SQLite). Args: [PATIENTS=2000] [DIR]";

    static readonly string[] Tables = ["record_heads", "instrument_response_versions", "fhir_identifiers", "audit_log"];

    static ServiceProvider Services(string file) => new ServiceCollection().AddOrthoRegen(new ConfigurationBuilder().AddInMemoryCollection(
        new Dictionary<string, string?> { ["ConnectionStrings:Default"] = $"Data Source={file}", ["Database:Provider"] = "sqlite" }).Build()).BuildServiceProvider();

    public async Task<int> RunAsync(string[] args)
    {
        var n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
        var dir = args.Length > 1 ? args[1] : Directory.CreateTempSubdirectory("orthoregen-bench-fhir-").FullName;
        Directory.CreateDirectory(dir);
        // FHIR_BENCH_REUSE=1 keeps the NDJSON files of an earlier run in DIR (same N), for repeated runs under a profiler.
        var reuse = Environment.GetEnvironmentVariable("FHIR_BENCH_REUSE") == "1"
            && File.Exists(Path.Combine(dir, "Patient.ndjson")) && File.Exists(Path.Combine(dir, "QuestionnaireResponse.ndjson"));
        foreach (var f in Directory.GetFiles(dir))
            if (!reuse || !f.EndsWith(".ndjson", StringComparison.Ordinal)) File.Delete(f);
        var ct = CancellationToken.None;
        var actor = Actor.System("bench fhir-import");

        // Source: a demo cohort, exported as Bulk Data NDJSON (Patient and QuestionnaireResponse files).
        if (!reuse)
        {
            await using var source = Services(Path.Combine(dir, "source.db"));
            await source.GetRequiredService<MigrationRunner>().MigrateAsync(TimeProvider.System, ct);
            var demo = await source.GetRequiredService<DemoGenerator>().GenerateAsync(actor, new DemoRequest(n, 1, 1, "2026-06-15"), false, null, ct);
            if (demo is not Outcome<DemoResult>.Done) { Console.Error.WriteLine($"demo failed: {demo}"); return 1; }
            var export = source.GetRequiredService<FhirExport>();
            foreach (var type in new[] { "Patient", "QuestionnaireResponse" })
                await export.WriteNdjsonAsync(actor, null, t => File.Create(Path.Combine(dir, t + ".ndjson")), type, null, ct);
        }

        // Target: a fresh database with one site and the patients imported (untimed), and a copy for the raw inserts.
        var target = Path.Combine(dir, "target.db");
        var raw = Path.Combine(dir, "raw.db");
        await using var services = Services(target);
        await services.GetRequiredService<MigrationRunner>().MigrateAsync(TimeProvider.System, ct);
        var database = services.GetRequiredService<Database>();
        await using (var c = (SqliteConnection)await database.OpenAsync(ct))
        {
            await using var site = c.CreateCommand();
            site.CommandText = "INSERT INTO sites (id, code, name, created_at) VALUES ('" + Ids.New(TimeProvider.System) + "', 'BENCH', 'Benchmark site', '2026-06-15T00:00:00Z')";
            await site.ExecuteNonQueryAsync(ct);
        }
        var import = services.GetRequiredService<FhirImport>();
        await using (var patients = File.OpenRead(Path.Combine(dir, "Patient.ndjson")))
        {
            var p = await import.ImportNdjsonAsync(actor, [("Patient.ndjson", patients)], null, ct);
            if (!p.Ok) { Console.Error.WriteLine($"patient import rejected {p.Rejects.Count}: {p.Rejects[0]}"); return 1; }
        }
        var before = new Dictionary<string, long>();
        await using (var c = (SqliteConnection)await database.OpenAsync(ct))
        {
            foreach (var t in Tables) before[t] = await Scalar(c, $"SELECT coalesce(max(rowid), 0) FROM {t}");
            await using var copy = c.CreateCommand();
            copy.CommandText = $"VACUUM INTO '{raw.Replace("'", "''", StringComparison.Ordinal)}'";
            await copy.ExecuteNonQueryAsync(ct);
        }

        // Informative: the CPU part alone (parse, map, score, content hash), no database.
        var catalog = services.GetRequiredService<OrthoRegen.Instruments.InstrumentCatalog>();
        var cpu = Stopwatch.StartNew();
        foreach (var line in File.ReadLines(Path.Combine(dir, "QuestionnaireResponse.ndjson")))
        {
            using var doc = System.Text.Json.JsonDocument.Parse(line);
            var record = FhirMapper.Read(doc.RootElement, new FhirRead(new FieldErrors(), "x", r => null)) as FhirQuestionnaireResponse;
            if (record is null) continue;
            catalog.Score(new OrthoRegen.Instruments.InstrumentRequest(record.Instrument, record.Items.ToDictionary(i => i.Code, i => i.Answer, StringComparer.Ordinal)));
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(record.ToString() ?? ""));
        }
        var cpuSeconds = cpu.Elapsed.TotalSeconds;

        // Timed 1: the import path. The process's CPU time (all threads: JIT, GC) is taken too, as a figure that depends
        // less on what else the machine runs than the wall time does.
        var me = Process.GetCurrentProcess();
        var cpu0 = me.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        FhirImportReport report;
        await using (var responses = File.OpenRead(Path.Combine(dir, "QuestionnaireResponse.ndjson")))
            report = await import.ImportNdjsonAsync(actor, [("QuestionnaireResponse.ndjson", responses)], null, ct);
        var importSeconds = sw.Elapsed.TotalSeconds;
        me.Refresh();
        var importCpu = (me.TotalProcessorTime - cpu0).TotalSeconds;
        // For `perf record -k CLOCK_MONOTONIC ... ; perf report --time START,END`: the import's window on the monotonic clock.
        if (Environment.GetEnvironmentVariable("FHIR_BENCH_MARKS") == "1")
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"import window (monotonic s): {(Stopwatch.GetTimestamp() - sw.ElapsedTicks) / (double)Stopwatch.Frequency:F6},{Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency:F6}"));
        if (!report.Ok) { Console.Error.WriteLine($"response import rejected {report.Rejects.Count}: {report.Rejects[0]}"); return 1; }
        var rows = report.Created;

        // The same rows, read back from the target, inserted into the copy with prepared statements in one transaction.
        var data = new List<(string Table, string[] Columns, List<object?[]> Rows)>();
        await using (var c = (SqliteConnection)await database.OpenAsync(ct))
            foreach (var t in Tables)
            {
                await using var q = c.CreateCommand();
                q.CommandText = $"SELECT * FROM {t} WHERE rowid > {before[t]} ORDER BY rowid";
                await using var r = await q.ExecuteReaderAsync(ct);
                var columns = Enumerable.Range(0, r.FieldCount).Select(r.GetName).ToArray();
                var list = new List<object?[]>();
                while (await r.ReadAsync(ct))
                {
                    var values = new object?[r.FieldCount];
                    r.GetValues(values!);
                    list.Add(values);
                }
                data.Add((t, columns, list));
            }
        SqliteConnection.ClearAllPools();
        await using var rc = new SqliteConnection($"Data Source={raw}");
        await rc.OpenAsync(ct);
        me.Refresh();
        cpu0 = me.TotalProcessorTime;
        sw.Restart();
        await using (var tx = (SqliteTransaction)await rc.BeginTransactionAsync(ct))
        {
            foreach (var (table, columns, list) in data)
            {
                await using var insert = rc.CreateCommand();
                insert.Transaction = tx;
                insert.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
                var parameters = columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter("$p" + i, null))).ToArray();
                insert.Prepare();
                foreach (var values in list)
                {
                    for (var i = 0; i < values.Length; i++) parameters[i].Value = values[i] ?? DBNull.Value;
                    await insert.ExecuteNonQueryAsync(ct);
                }
            }
            await tx.CommitAsync(ct);
        }
        var rawSeconds = sw.Elapsed.TotalSeconds;
        me.Refresh();
        var rawCpu = (me.TotalProcessorTime - cpu0).TotalSeconds;
        var tableRows = string.Join(", ", data.Select(d => $"{d.Table} {d.Rows.Count:N0}"));
        var importRate = rows / importSeconds;
        var rawRate = rows / rawSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"QuestionnaireResponses {rows:N0} ({tableRows} rows written)\nimport {importSeconds:F2} s = {importRate:N0} rows/s\nraw    {rawSeconds:F2} s = {rawRate:N0} rows/s\nratio  {importRate / rawRate:F3} (target >= 0.25)\nof the import, parse+map+score+hash alone (no database): {cpuSeconds:F2} s\nprocess CPU time (all threads, informative): import {importCpu:F2} s, raw {rawCpu:F2} s, ratio of rows per CPU second {rawCpu / importCpu:F3}"));
        return 0;
    }

    static async Task<long> Scalar(SqliteConnection c, string sql)
    {
        await using var q = c.CreateCommand();
        q.CommandText = sql;
        return Convert.ToInt64(await q.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
