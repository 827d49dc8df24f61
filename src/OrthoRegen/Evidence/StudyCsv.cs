using System.Globalization;
using System.Text;
using CsvHelper;

namespace OrthoRegen.Evidence;

/// <summary>
/// The library as one CSV file, the same columns for import and export. Each row has a <c>record_type</c>: STUDY (the
/// study's fields), ARM, OUTCOME (arm-level data) or EFFECT (a reported effect), tied to its study by <c>study_key</c>
/// (export writes the study id). Import is all or nothing: every bad cell is reported as "row r, column 'c'" (r counts
/// the header as row 1, as a spreadsheet does), and nothing is stored unless the whole file is valid.
/// </summary>
public static class StudyCsv
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "record_type", "study_key", "title", "authors", "year", "doi", "pmid", "design", "country", "indication", "cell_source",
        "route", "dose_cells_e6", "injections", "follow_up_months", "source_label", "source_url", "notes",
        "arm", "arm_role", "arm_n", "arm_cell_source", "arm_dose_cells_e6",
        "instrument", "subscale", "month", "mean", "sd", "n", "events", "measure", "estimate", "ci_lower", "ci_upper",
    ];

    static readonly string[] Types = ["STUDY", "ARM", "OUTCOME", "EFFECT"];

    /// <summary>Writes studies (key, data) in the import format.</summary>
    public static string Write(IEnumerable<(string Key, StudyData Data)> studies)
    {
        using var w = new StringWriter(CultureInfo.InvariantCulture);
        using var csv = CsvWriter.Create(w, new CsvWriterOptions { NewLine = "\n" }, true);
        csv.WriteRecord(Columns.ToArray());
        void Row(Dictionary<string, string?> values) => csv.WriteRecord(Columns.Select(c => values.GetValueOrDefault(c) ?? "").ToArray());
        foreach (var (key, s) in studies)
        {
            Row(new()
            {
                ["record_type"] = "STUDY", ["study_key"] = key, ["title"] = s.Title, ["authors"] = s.Authors, ["year"] = I(s.Year),
                ["doi"] = s.Doi, ["pmid"] = s.Pmid, ["design"] = s.Design, ["country"] = s.Country, ["indication"] = s.Indication,
                ["cell_source"] = s.CellSource, ["route"] = s.Route, ["dose_cells_e6"] = D(s.DoseCellsE6), ["injections"] = I(s.Injections),
                ["follow_up_months"] = D(s.FollowUpMonths), ["source_label"] = s.SourceLabel, ["source_url"] = s.SourceUrl, ["notes"] = s.Notes,
            });
            foreach (var a in s.Arms)
                Row(new()
                {
                    ["record_type"] = "ARM", ["study_key"] = key, ["arm"] = a.Name, ["arm_role"] = a.Role, ["arm_n"] = I(a.N),
                    ["arm_cell_source"] = a.CellSource, ["arm_dose_cells_e6"] = D(a.DoseCellsE6),
                });
            foreach (var o in s.Outcomes)
                Row(new()
                {
                    ["record_type"] = "OUTCOME", ["study_key"] = key, ["arm"] = o.Arm, ["instrument"] = o.Instrument, ["subscale"] = o.Subscale,
                    ["month"] = D(o.Month), ["mean"] = D(o.Mean), ["sd"] = D(o.Sd), ["n"] = I(o.N), ["events"] = I(o.Events),
                });
            foreach (var r in s.ReportedEffects)
                Row(new()
                {
                    ["record_type"] = "EFFECT", ["study_key"] = key, ["instrument"] = r.Instrument, ["subscale"] = r.Subscale,
                    ["month"] = D(r.Month), ["measure"] = r.Measure, ["estimate"] = D(r.Estimate), ["ci_lower"] = D(r.CiLower),
                    ["ci_upper"] = D(r.CiUpper), ["n"] = I(r.N),
                });
        }
        csv.Flush();
        return w.ToString();
    }

    /// <summary>Parses and validates the whole file; the studies in file order, or every problem by row and column.</summary>
    public static Outcome<IReadOnlyList<StudyData>> Read(string text, int maxYear)
    {
        var e = new FieldErrors();
        using var csv = CsvReader.Create(new StringReader(text), new CsvReaderOptions { HasHeader = false, TrimWhitespace = true, SkipEmptyLines = true }, false);
        if (!csv.Read())
            return Outcome.Invalid<IReadOnlyList<StudyData>>(e.Add(EvidenceMessages.File, EvidenceMessages.EmptyFile).ToDictionary());
        var header = Fields(csv).Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
        var missing = Columns.Where(c => !header.Contains(c)).ToList();
        var unknown = header.Where(h => !Columns.Contains(h)).ToList();
        if (missing.Count > 0) e.Add(EvidenceMessages.File, EvidenceMessages.MissingColumns(missing));
        if (unknown.Count > 0) e.Add(EvidenceMessages.File, EvidenceMessages.UnknownColumns(unknown));
        if (!e.IsEmpty) return Outcome.Invalid<IReadOnlyList<StudyData>>(e.ToDictionary());

        var flagged = new HashSet<string>(StringComparer.Ordinal); // cells that did not parse: validation would only add "Required"
        var builders = new List<Builder>();
        var byKey = new Dictionary<string, Builder>(StringComparer.Ordinal);
        var pending = new List<(int Row, string Type, string Key, Func<string, string?> Get)>();
        var row = 1;
        var index = Columns.ToDictionary(c => c, c => Array.IndexOf(header, c));
        while (csv.Read())
        {
            row++;
            var fields = Fields(csv);
            var values = Columns.ToDictionary(c => c, c => index[c] < fields.Length && fields[index[c]] is { Length: > 0 } v ? v : null);
            string? Get(string c) => values[c];
            var type = Get("record_type")?.ToUpperInvariant();
            if (type is null && values.Values.All(v => v is null)) continue;
            if (type is null || !Types.Contains(type)) { e.Add(EvidenceMessages.Cell(row, "record_type"), EvidenceMessages.RecordType); continue; }
            var key = Get("study_key");
            if (key is null) { e.Add(EvidenceMessages.Cell(row, "study_key"), EvidenceMessages.StudyKeyRequired); continue; }
            if (type == "STUDY")
            {
                if (byKey.ContainsKey(key)) { e.Add(EvidenceMessages.Cell(row, "study_key"), EvidenceMessages.DuplicateStudyKey(key)); continue; }
                var b = new Builder(row);
                var cells = new Cells(e, flagged, row, Get);
                b.Input = new StudyInput
                {
                    Title = Get("title"), Authors = Get("authors"), Year = cells.Int("year"), Doi = Get("doi"), Pmid = Get("pmid"),
                    Design = Get("design"), Country = Get("country"), Indication = Get("indication"), CellSource = Get("cell_source"),
                    Route = Get("route"), DoseCellsE6 = cells.Num("dose_cells_e6"), Injections = cells.Int("injections"),
                    FollowUpMonths = cells.Num("follow_up_months"), SourceLabel = Get("source_label"), SourceUrl = Get("source_url"),
                    Notes = Get("notes"), Arms = [], Outcomes = [], ReportedEffects = [],
                };
                byKey[key] = b;
                builders.Add(b);
            }
            else pending.Add((row, type, key, Get));
        }
        foreach (var (r, type, key, get) in pending)
        {
            if (!byKey.TryGetValue(key, out var b)) { e.Add(EvidenceMessages.Cell(r, "study_key"), EvidenceMessages.UnknownStudyKey(key)); continue; }
            var cells = new Cells(e, flagged, r, get);
            switch (type)
            {
                case "ARM":
                    b.ArmRows.Add(r);
                    b.Input.Arms!.Add(new ArmInput { Name = get("arm"), Role = get("arm_role"), N = cells.Int("arm_n"), CellSource = get("arm_cell_source"), DoseCellsE6 = cells.Num("arm_dose_cells_e6") });
                    break;
                case "OUTCOME":
                    b.OutcomeRows.Add(r);
                    b.Input.Outcomes!.Add(new ArmOutcomeInput
                    {
                        Arm = get("arm"), Instrument = get("instrument"), Subscale = get("subscale"), Month = cells.Num("month"),
                        Mean = cells.Num("mean"), Sd = cells.Num("sd"), N = cells.Int("n"), Events = cells.Int("events"),
                    });
                    break;
                default:
                    b.EffectRows.Add(r);
                    b.Input.ReportedEffects!.Add(new ReportedEffectInput
                    {
                        Instrument = get("instrument"), Subscale = get("subscale"), Month = cells.Num("month"), Measure = get("measure"),
                        Estimate = cells.Num("estimate"), CiLower = cells.Num("ci_lower"), CiUpper = cells.Num("ci_upper"), N = cells.Int("n"),
                    });
                    break;
            }
        }
        if (builders.Count == 0 && e.IsEmpty) e.Add(EvidenceMessages.File, EvidenceMessages.NoStudies);

        var studies = new List<StudyData>();
        foreach (var b in builders)
        {
            switch (StudyValidation.Validate(b.Input, maxYear))
            {
                case Outcome<StudyData>.Done d: studies.Add(d.Value); break;
                case Outcome<StudyData>.Invalid inv:
                    foreach (var (field, messages) in inv.Errors)
                    {
                        var (r, column) = b.Locate(field);
                        if (flagged.Contains(EvidenceMessages.Cell(r, column))) continue;
                        foreach (var m in messages) e.Add(EvidenceMessages.Cell(r, column), m);
                    }
                    break;
            }
        }
        if (!e.IsEmpty) return Outcome.Invalid<IReadOnlyList<StudyData>>(e.ToDictionary());
        return studies;
    }

    static string[] Fields(CsvReader csv)
    {
        var f = new string[csv.FieldCount];
        for (var i = 0; i < f.Length; i++) f[i] = csv.GetString(i);
        return f;
    }

    static string? I(int? v) => v?.ToString(CultureInfo.InvariantCulture);
    static string? D(double? v) => v?.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Parses number cells, recording a problem for each cell that is not a number.</summary>
    sealed class Cells(FieldErrors e, HashSet<string> flagged, int row, Func<string, string?> get)
    {
        public double? Num(string column)
        {
            var v = get(column);
            if (v is null) return null;
            if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return d;
            e.Add(EvidenceMessages.Cell(row, column), EvidenceMessages.NotNumber);
            flagged.Add(EvidenceMessages.Cell(row, column));
            return null;
        }

        public int? Int(string column)
        {
            var v = get(column);
            if (v is null) return null;
            if (int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)) return i;
            e.Add(EvidenceMessages.Cell(row, column), EvidenceMessages.NotWhole);
            flagged.Add(EvidenceMessages.Cell(row, column));
            return null;
        }
    }

    /// <summary>One study being read, with the file row of each arm, outcome and effect to name errors by cell.</summary>
    sealed class Builder(int row)
    {
        public StudyInput Input { get; set; } = new();
        public List<int> ArmRows { get; } = [];
        public List<int> OutcomeRows { get; } = [];
        public List<int> EffectRows { get; } = [];

        static readonly Dictionary<string, string> StudyColumns = new(StringComparer.Ordinal)
        {
            ["title"] = "title", ["authors"] = "authors", ["year"] = "year", ["doi"] = "doi", ["pmid"] = "pmid", ["design"] = "design",
            ["country"] = "country", ["indication"] = "indication", ["cellSource"] = "cell_source", ["route"] = "route",
            ["doseCellsE6"] = "dose_cells_e6", ["injections"] = "injections", ["followUpMonths"] = "follow_up_months",
            ["sourceLabel"] = "source_label", ["sourceUrl"] = "source_url", ["notes"] = "notes",
        };
        static readonly Dictionary<string, string> ArmColumns = new(StringComparer.Ordinal)
        {
            ["name"] = "arm", ["role"] = "arm_role", ["n"] = "arm_n", ["cellSource"] = "arm_cell_source", ["doseCellsE6"] = "arm_dose_cells_e6",
        };
        static readonly Dictionary<string, string> ItemColumns = new(StringComparer.Ordinal)
        {
            ["arm"] = "arm", ["instrument"] = "instrument", ["subscale"] = "subscale", ["month"] = "month", ["mean"] = "mean", ["sd"] = "sd",
            ["n"] = "n", ["events"] = "events", ["measure"] = "measure", ["estimate"] = "estimate", ["ciLower"] = "ci_lower", ["ciUpper"] = "ci_upper",
        };

        /// <summary>Maps a validation field path (arms[1].n) to the file row and column it came from.</summary>
        public (int Row, string Column) Locate(string field)
        {
            var m = System.Text.RegularExpressions.Regex.Match(field, @"^(arms|outcomes|reportedEffects)\[(\d+)\]\.(\w+)$");
            if (!m.Success) return (row, StudyColumns.GetValueOrDefault(field, field));
            var i = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            var list = m.Groups[1].Value switch { "arms" => ArmRows, "outcomes" => OutcomeRows, _ => EffectRows };
            var columns = m.Groups[1].Value == "arms" ? ArmColumns : ItemColumns;
            return (i < list.Count ? list[i] : row, columns.GetValueOrDefault(m.Groups[3].Value, m.Groups[3].Value));
        }
    }
}
