using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Instruments;

namespace OrthoRegen.Research;

/// <summary>
/// Writes a pseudonymised analysis dataset: dataset.csv (streamed page by page), dictionary.csv (variable, label, type,
/// unit, allowed values) and, for the R and SPSS formats, dataset.R or dataset.sps. Nothing identifies a patient
/// directly: the pseudonym code and site stand for the patient, age at baseline for the birth date, and every date is a
/// day offset from Day 0. The export is audited (who, shape, format, how many patients).
/// </summary>
public sealed class DatasetExport(DatasetQuery query, InstrumentCatalog catalog, AuditTrail audit)
{
    public const string DataFile = "dataset.csv";
    public const string DictionaryFile = "dictionary.csv";
    public const string RFile = "dataset.R";
    public const string SpssFile = "dataset.sps";

    /// <summary>Writes the files into <paramref name="sink"/>. Invalid (nothing written) when shape, format or ids are wrong.</summary>
    public async Task<Outcome<DatasetSummary>> ExportAsync(Actor actor, ExportDataset request, IDatasetSink sink, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (shape, format, errors) = request.Validate();
        if (!errors.IsEmpty) return Outcome.Invalid<DatasetSummary>(errors.ToDictionary());

        var layout = DatasetLayout.For(shape, await query.InstrumentVisitsAsync(actor, ct), catalog);
        var cohort = request.PatientIds is { } ids ? new HashSet<string>(ids, StringComparer.Ordinal) : null;
        int patients = 0, rows = 0;
        await using (var data = sink.Create(DataFile))
        await using (var w = new StreamWriter(data, CsvText.Utf8, 1 << 16))
        {
            CsvText.WriteRow(w, layout.Variables.Select(v => (string?)v.Name).ToList());
            await foreach (var page in query.PagesAsync(actor, cohort, ct))
            {
                foreach (var (facts, responses) in page)
                {
                    patients++;
                    foreach (var row in layout.RowsOf(facts, responses)) { CsvText.WriteRow(w, row); rows++; }
                }
                await w.FlushAsync(ct);
            }
        }
        await using (var dict = sink.Create(DictionaryFile))
        await using (var w = new StreamWriter(dict, CsvText.Utf8))
        {
            CsvText.WriteRow(w, ["variable", "label", "type", "unit", "allowed_values"]);
            foreach (var v in layout.Variables) CsvText.WriteRow(w, [v.Name, v.Label, v.TypeName, v.Unit ?? "", v.AllowedValues]);
        }
        var files = new List<string> { DataFile, DictionaryFile };
        if (format == DatasetFormat.R) { await WriteTextAsync(sink, RFile, RScript.For(layout, DataFile), ct); files.Add(RFile); }
        if (format == DatasetFormat.Spss) { await WriteTextAsync(sink, SpssFile, SpssSyntax.For(layout, DataFile), ct); files.Add(SpssFile); }

        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, "research_dataset", null, null,
            [$"shape={shape.ToString().ToLowerInvariant()}", $"format={format.ToString().ToLowerInvariant()}", $"patients={patients}", $"rows={rows}",
             cohort is null ? "cohort=all" : $"cohort={cohort.Count}"]), ct);
        return new DatasetSummary(shape, format, files, patients, rows, layout.Variables.Count);
    }

    static async Task WriteTextAsync(IDatasetSink sink, string name, string text, CancellationToken ct)
    {
        await using var s = sink.Create(name);
        await using var w = new StreamWriter(s, CsvText.Utf8);
        await w.WriteAsync(text.AsMemory(), ct);
    }
}
