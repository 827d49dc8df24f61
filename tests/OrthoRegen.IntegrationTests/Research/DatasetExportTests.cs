using System.Text.RegularExpressions;
using Dapper;
using OrthoRegen.Data;
using OrthoRegen.Research;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Research;

/// <summary>The research dataset export on both engines, against patients seeded with every kind of identifier.</summary>
public partial class DatasetExportTests
{
    static string TempDir() => Directory.CreateTempSubdirectory("orthoregen-dataset-").FullName;

    static async Task<(DatasetSummary Summary, string Dir)> ExportAsync(ResearchSeed s, string shape, string format, IReadOnlyList<string>? ids = null)
    {
        var dir = TempDir();
        var outcome = await s.Db.Get<DatasetExport>().ExportAsync(s.Researcher, new ExportDataset { Shape = shape, Format = format, PatientIds = ids }, new FolderSink(dir), default);
        return (ResearchSeed.Done(outcome), dir);
    }

    /// <summary>The CSV (RFC 4180) as rows of named fields.</summary>
    internal static List<Dictionary<string, string>> Read(string file)
    {
        var records = Records(File.ReadAllText(file));
        var header = records[0];
        return records.Skip(1).Select(f => header.Zip(f).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    internal static List<List<string>> Records(string text)
    {
        var records = new List<List<string>>();
        var row = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\n') { row.Add(field.ToString()); field.Clear(); records.Add(row); row = []; }
            else if (c != '\r') field.Append(c);
        }
        if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); records.Add(row); }
        return records;
    }

    [Theory, BothEngines]
    public async Task Export_EveryShapeAndFormat_ContainsNoIdentifierAndNoDate(DatabaseProvider engine)
    {
        await using var s = await ResearchSeed.CreateAsync(engine);
        foreach (var shape in ExportDataset.Shapes)
            foreach (var format in ExportDataset.Formats)
            {
                var (summary, dir) = await ExportAsync(s, shape, format);
                Assert.Equal(format == "csv" ? 2 : 3, Directory.GetFiles(dir).Length);
                foreach (var file in Directory.GetFiles(dir))
                {
                    var text = File.ReadAllText(file);
                    foreach (var id in ResearchSeed.Identifiers.Append(s.Hwang.Id).Append(s.Zhang.Id))
                        Assert.False(text.Contains(id, StringComparison.OrdinalIgnoreCase), $"{shape}/{format}: {Path.GetFileName(file)} contains '{id}'");
                    Assert.False(IsoDate().IsMatch(text), $"{shape}/{format}: {Path.GetFileName(file)} contains a date: {IsoDate().Match(text).Value}");
                }
                Assert.Contains(s.Hwang.PseudonymCode, File.ReadAllText(Path.Combine(dir, DatasetExport.DataFile)));
                Assert.Equal(2, summary.Patients);
                Directory.Delete(dir, true);
            }
    }

    [Theory, BothEngines]
    public async Task Export_LongAndWide_AgreeWithEachOtherAndTheDictionary(DatabaseProvider engine)
    {
        await using var s = await ResearchSeed.CreateAsync(engine);
        var (longSummary, longDir) = await ExportAsync(s, "long", "csv");
        var (wideSummary, wideDir) = await ExportAsync(s, "wide", "csv");
        foreach (var dir in new[] { longDir, wideDir })
        {
            var header = File.ReadLines(Path.Combine(dir, DatasetExport.DataFile)).First().Split(',');
            var dictionary = Read(Path.Combine(dir, DatasetExport.DictionaryFile));
            Assert.Equal(header, dictionary.Select(d => d["variable"]));
            Assert.All(dictionary, d => Assert.Contains(d["type"], new[] { "string", "factor", "integer", "number" }));
        }
        Assert.Equal((4, 2), (longSummary.Rows, wideSummary.Rows)); // 3 KOOS + 1 NRS; one row per patient

        var longRows = Read(Path.Combine(longDir, DatasetExport.DataFile));
        var wide = Read(Path.Combine(wideDir, DatasetExport.DataFile)).ToDictionary(r => r["pseudonym_code"]);
        var hwang = wide[s.Hwang.PseudonymCode];
        // Day 0 2026-06-01; born 1961-04-05 → 65 at Day 0; replacement on 2027-01-15 = day 228; KOOS 3/2/1 → subscales 25/50/75.
        Assert.Equal(("F", "65", "KNEE_OA", "KNEE_R", "3", "BM_MSC", "INTRA_ARTICULAR", "2"),
            (hwang["sex"], hwang["age_at_baseline"], hwang["indication"], hwang["target"], hwang["kl_grade"], hwang["cell_source"], hwang["route"], hwang["planned_injections"]));
        Assert.Equal(("1", "TOTAL_KNEE_ARTHROPLASTY", "228", "1", "0"),
            (hwang["endpoint_event"], hwang["endpoint_type"], hwang["endpoint_days"], hwang["ae_count"], hwang["serious_ae_count"]));
        Assert.Equal(("-7", "92", "183"), (hwang["koos_base_day"], hwang["koos_m3_day"], hwang["koos_m6_day"]));
        Assert.Equal(("25", "50", "75"), (Trim(hwang["koos_pain_base"]), Trim(hwang["koos_pain_m3"]), Trim(hwang["koos_qol_m6"])));
        foreach (var row in longRows.Where(r => r["instrument"] == "KOOS"))
        {
            var visit = row["visit"].ToLowerInvariant();
            Assert.Equal(hwang[$"koos_{visit}_day"], row["day"]);
            foreach (var score in new[] { "pain", "symptoms", "adl", "sport_rec", "qol" })
                Assert.Equal(hwang[$"koos_{score}_{visit}"], row[$"koos_{score}"]);
        }
        var zhang = wide[s.Zhang.PseudonymCode];
        // No Day 0: no day offsets and no endpoint; age at the first assessment (2027-02-01).
        Assert.Equal(("M", "68", "HIP_L", "2", "", "", "6"), (zhang["sex"], zhang["age_at_baseline"], zhang["target"], zhang["kl_grade"], zhang["endpoint_event"], zhang["pain_nrs_base_day"], Trim(zhang["pain_nrs_nrs_base"])));
        Assert.Equal("", zhang["koos_pain_base"]);
    }

    [Theory, BothEngines]
    public async Task Export_Cohort_HasOnlyItsMembersAndIsAudited(DatabaseProvider engine)
    {
        await using var s = await ResearchSeed.CreateAsync(engine);
        var (summary, dir) = await ExportAsync(s, "long", "csv", [s.Zhang.Id, "no-such-patient"]);
        var rows = Read(Path.Combine(dir, DatasetExport.DataFile));
        Assert.Equal((1, 1), (summary.Patients, rows.Count));
        Assert.Equal(s.Zhang.PseudonymCode, rows[0]["pseudonym_code"]);
        await using var c = await s.Db.Database.OpenAsync(default);
        var fields = await c.QuerySingleAsync<string>("SELECT fields FROM audit_log WHERE entity = 'research_dataset'");
        Assert.Contains("cohort=2", fields);
        Assert.Contains("patients=1", fields);
    }

    [Theory, BothEngines]
    public async Task Export_BadShapeOrFormat_IsInvalidNamingTheFieldAndWritesNothing(DatabaseProvider engine)
    {
        await using var s = await ResearchSeed.CreateAsync(engine);
        var dir = Path.Combine(TempDir(), "out");
        var outcome = await s.Db.Get<DatasetExport>().ExportAsync(s.Researcher, new ExportDataset { Shape = "diagonal", Format = "sas" }, new FolderSink(dir), default);
        var errors = Assert.IsType<Outcome<DatasetSummary>.Invalid>(outcome).Errors;
        Assert.Equal(["format", "shape"], errors.Keys.Order());
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public async Task RScript_OnAnExportedDataset_RunsInRAndSetsLevelsAndLabels()
    {
        await using var s = await ResearchSeed.CreateAsync(DatabaseProvider.Sqlite);
        foreach (var shape in ExportDataset.Shapes)
        {
            var (summary, dir) = await ExportAsync(s, shape, "r");
            var check = $$"""
                orthoregen_dir <- "{{dir.Replace("\\", "/")}}"
                source(file.path(orthoregen_dir, "dataset.R"))
                stopifnot(nrow(dataset) == {{summary.Rows}}, ncol(dataset) == {{summary.Variables}})
                stopifnot(is.factor(dataset$sex), identical(levels(dataset$sex), c("F", "M", "X")))
                stopifnot(is.factor(dataset$target), "KNEE_R" %in% as.character(dataset$target))
                stopifnot(is.integer(dataset$age_at_baseline), is.integer(dataset$endpoint_days))
                stopifnot(identical(attr(dataset$age_at_baseline, "label"), "Age at baseline (Day 0, else first assessment) (years)"))
                stopifnot(!any(is.na(dataset$sex)), !any(is.na(dataset$indication)))
                cat("OK", nrow(dataset), "\n")
                """;
            var (code, stdout, stderr) = await ChildProcess.RunAsync("Rscript", ["--vanilla", "-e", check]);
            Assert.True(code == 0, $"{shape}: Rscript failed: {stderr}\n{File.ReadAllText(Path.Combine(dir, "dataset.R"))}");
            Assert.Contains($"OK {summary.Rows}", stdout);
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task SpssSyntax_OnAnExportedDataset_IsWellFormedAndMatchesTheCsv()
    {
        await using var s = await ResearchSeed.CreateAsync(DatabaseProvider.Sqlite);
        foreach (var shape in ExportDataset.Shapes)
        {
            var (_, dir) = await ExportAsync(s, shape, "spss");
            var syntax = SpssParser.Parse(File.ReadAllText(Path.Combine(dir, DatasetExport.SpssFile)));
            var header = File.ReadLines(Path.Combine(dir, DatasetExport.DataFile)).First().Split(',');
            Assert.Equal(["GET DATA", "VARIABLE LABELS", "VALUE LABELS", "MISSING VALUES", "EXECUTE"], syntax.Commands.Select(c => c.Name));
            Assert.Equal(header, syntax.Variables.Select(v => v.Name));
            Assert.Equal("dataset.csv", syntax.File);
            Assert.Equal(header.Order(), syntax.Labelled.Order());
            Assert.Contains("sex", syntax.ValueLabelled);
            // Every coded value in the data has a value label; every string field fits its declared width.
            foreach (var row in Read(Path.Combine(dir, DatasetExport.DataFile)))
                foreach (var v in syntax.Variables)
                {
                    var value = row[v.Name];
                    if (v.Format.StartsWith('A')) Assert.True(System.Text.Encoding.UTF8.GetByteCount(value) <= int.Parse(v.Format[1..]), $"{v.Name}='{value}' exceeds {v.Format}");
                    else if (value.Length > 0) Assert.True(decimal.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _), $"{v.Name}='{value}'");
                    if (value.Length > 0 && syntax.ValueLabels.TryGetValue(v.Name, out var codes)) Assert.Contains(value, codes);
                }
            Directory.Delete(dir, true);
        }
    }

    static string Trim(string number) => number.Contains('.') ? number.TrimEnd('0').TrimEnd('.') : number;

    [GeneratedRegex(@"\b(19|20)\d\d-[01]\d-[0-3]\d\b")] private static partial Regex IsoDate();
}
