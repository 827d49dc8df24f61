using System.CommandLine;
using System.Globalization;
using OrthoRegen.Cli.Common;
using OrthoRegen.Statistics;

namespace OrthoRegen.Cli.Statistics;

/// <summary>
/// Options and input parsing shared by <c>km</c>, <c>logrank</c>, <c>cox</c> and <c>logit</c>: reading the CSV,
/// typed columns with one problem line per bad cell (row as a spreadsheet counts it, header = row 1), and formats.
/// </summary>
internal static class StatisticsInput
{
    public static Option<string> Format() => new("--format") { Description = "json (default), text or svg.", DefaultValueFactory = _ => "json" };

    public static Option<string> Required(string name, string description) => new(name) { Description = description, Required = true };

    public static Option<string?> Optional(string name, string description) => new(name) { Description = description };

    /// <summary>Reads the table; on failure adds the problem and returns null.</summary>
    public static CsvTable? Read(string path, List<string> problems)
    {
        try
        {
            var table = CsvTable.Read(path);
            if (table.Rows.Count == 0) problems.Add("The input has a header but no data rows.");
            return table;
        }
        catch (CsvProblem e) { problems.Add(e.Message); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { problems.Add($"cannot read '{path}': {e.Message}"); }
        return null;
    }

    /// <summary>A column that must exist; a missing column is a problem naming the columns present.</summary>
    public static bool HasColumn(CsvTable table, string column, List<string> problems)
    {
        if (table.Has(column)) return true;
        problems.Add($"Column '{column}' is not in the header ({string.Join(", ", table.Header)}).");
        return false;
    }

    public static double[]? Times(CsvTable table, string column, List<string> problems)
    {
        if (!HasColumn(table, column, problems)) return null;
        var t = table.Numbers(column, problems); // unparsable cells are reported there and read as 0
        for (var r = 0; r < t.Length; r++)
            if (t[r] < 0) problems.Add($"row {r + 2}, column '{column}': time {table.Cell(r, table.IndexOf(column))} is negative");
        return t;
    }

    /// <summary>A 0/1 column (0 = censored or no, 1 = event or yes).</summary>
    public static double[]? Binary(CsvTable table, string column, string meaning, List<string> problems)
    {
        if (!HasColumn(table, column, problems)) return null;
        var v = table.Numbers(column, problems);
        for (var r = 0; r < v.Length; r++)
            if (v[r] is not (0 or 1)) problems.Add($"row {r + 2}, column '{column}': '{table.Cell(r, table.IndexOf(column))}' must be {meaning}");
        return v;
    }

    public static string[]? Labels(CsvTable table, string column, List<string> problems)
    {
        if (!HasColumn(table, column, problems)) return null;
        var s = table.Strings(column);
        for (var r = 0; r < s.Length; r++)
            if (s[r].Length == 0) problems.Add($"row {r + 2}, column '{column}': empty value");
        return s;
    }

    public static List<string> List(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    public static bool IsFormat(string format, bool svgAllowed, List<string> problems)
    {
        if (format is "json" or "text" || (svgAllowed && format == "svg")) return true;
        problems.Add(svgAllowed ? $"--format must be json, text or svg, not '{format}'." : $"--format must be json or text for this command, not '{format}'.");
        return false;
    }

    /// <summary>Covariates for cox/logit: numeric unless listed in --factors; --reference col=LEVEL,… picks reference levels.</summary>
    public static List<Covariate>? Covariates(CsvTable table, string? covariates, string? factors, string? references, List<string> problems)
    {
        var names = List(covariates);
        if (names.Count == 0) { problems.Add("--covariates must name at least one column."); return null; }
        var factorSet = List(factors).ToHashSet(StringComparer.Ordinal);
        foreach (var f in factorSet.Where(f => !names.Contains(f)))
            problems.Add($"--factors names '{f}', which is not in --covariates.");
        var refs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in List(references))
        {
            var eq = item.IndexOf('=');
            if (eq <= 0 || eq == item.Length - 1) { problems.Add($"--reference entry '{item}' must look like column=LEVEL."); continue; }
            var col = item[..eq]; var level = item[(eq + 1)..];
            if (!factorSet.Contains(col)) { problems.Add($"--reference names '{col}', which is not in --factors."); continue; }
            refs[col] = level;
        }
        var list = new List<Covariate>();
        foreach (var name in names)
        {
            if (!HasColumn(table, name, problems)) continue;
            if (factorSet.Contains(name))
            {
                var labels = Labels(table, name, problems);
                if (labels is not null) list.Add(new Covariate.Factor(name, labels, refs.GetValueOrDefault(name)));
            }
            else list.Add(new Covariate.Numeric(name, table.Numbers(name, problems)));
        }
        return list;
    }

    public static double? Level(string? text, List<string> problems)
    {
        if (text is null) return 0.95;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 && v < 1) return v;
        problems.Add($"--conf-level must be a number between 0 and 1 (exclusive), not '{text}'.");
        return null;
    }

    public static string N(double? v) => v is { } x ? x.ToString("G6", CultureInfo.InvariantCulture) : "—";
}
