namespace OrthoRegen.Research;

/// <summary>Row layout of an analysis dataset.</summary>
public enum DatasetShape
{
    /// <summary>One row per patient, visit and instrument response.</summary>
    Long,
    /// <summary>One row per patient; each instrument's scores at each visit are columns (<c>koos_pain_m3</c>).</summary>
    Wide,
}

/// <summary>What comes with the data CSV.</summary>
public enum DatasetFormat
{
    /// <summary>dataset.csv and dictionary.csv.</summary>
    Csv,
    /// <summary>Plus dataset.R, which reads the CSV and sets factor levels and variable labels.</summary>
    R,
    /// <summary>Plus dataset.sps (GET DATA, VARIABLE LABELS, VALUE LABELS, MISSING VALUES).</summary>
    Spss,
}

/// <summary>
/// A request for a pseudonymised analysis dataset. <see cref="PatientIds"/> restricts it to a cohort (a saved cohort
/// passes its members); ids the caller may not see are left out exactly like ids that do not exist.
/// </summary>
public sealed record ExportDataset
{
    /// <summary><c>long</c> (default) or <c>wide</c>.</summary>
    public string? Shape { get; init; }
    /// <summary><c>csv</c> (default), <c>r</c> or <c>spss</c>.</summary>
    public string? Format { get; init; }
    /// <summary>Optional cohort; null means every patient the caller may see.</summary>
    public IReadOnlyList<string>? PatientIds { get; init; }

    public static readonly IReadOnlyList<string> Shapes = ["long", "wide"];
    public static readonly IReadOnlyList<string> Formats = ["csv", "r", "spss"];

    /// <summary>Parsed shape and format, or the errors naming <c>shape</c>, <c>format</c> or <c>patientIds</c>.</summary>
    public (DatasetShape Shape, DatasetFormat Format, FieldErrors Errors) Validate()
    {
        var e = new FieldErrors();
        var shape = e.OneOf("shape", (Shape ?? "long").Trim().ToLowerInvariant(), Shapes);
        var format = e.OneOf("format", (Format ?? "csv").Trim().ToLowerInvariant(), Formats);
        if (PatientIds is { } ids)
        {
            if (ids.Count > 1_000_000) e.Add("patientIds", "At most 1,000,000 patients per export.");
            for (var i = 0; i < ids.Count; i++)
                if (string.IsNullOrWhiteSpace(ids[i])) { e.Add($"patientIds[{i}]", "A patient id may not be empty."); break; }
        }
        return (shape == "wide" ? DatasetShape.Wide : DatasetShape.Long,
            format switch { "r" => DatasetFormat.R, "spss" => DatasetFormat.Spss, _ => DatasetFormat.Csv }, e);
    }
}

/// <summary>What an export wrote: the files (in order), the patients and the data rows.</summary>
public sealed record DatasetSummary(DatasetShape Shape, DatasetFormat Format, IReadOnlyList<string> Files, int Patients, int Rows, int Variables);
