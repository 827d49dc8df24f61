using System.Globalization;
using CsvHelper;

namespace OrthoRegen.Cli.Common;

/// <summary>
/// A CSV file read whole: a header row and string cells. Typed access reports problems by row (1-based data row, as a
/// spreadsheet user counts them, header = row 1) and column name, so the CLI can print one line per problem.
/// </summary>
public sealed class CsvTable
{
    public IReadOnlyList<string> Header { get; }
    public IReadOnlyList<string[]> Rows { get; }

    CsvTable(IReadOnlyList<string> header, IReadOnlyList<string[]> rows) { Header = header; Rows = rows; }

    /// <summary>Reads UTF-8 CSV from a file path, or standard input when <paramref name="path"/> is "-".</summary>
    public static CsvTable Read(string path)
    {
        using var stream = path == "-" ? Console.OpenStandardInput() : File.OpenRead(path);
        return Read(stream);
    }

    public static CsvTable Read(Stream stream)
    {
        var options = new CsvReaderOptions { HasHeader = false, TrimWhitespace = true, SkipEmptyLines = true };
        using var csv = CsvReader.Create(stream, options, true);
        if (!csv.Read()) throw new CsvProblem("The input is empty: expected a header row.");
        var header = Fields(csv).Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
        var dup = header.GroupBy(h => h).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new CsvProblem($"Column '{dup.Key}' appears more than once in the header.");
        var rows = new List<string[]>();
        while (csv.Read()) rows.Add(Fields(csv));
        return new CsvTable(header, rows);
    }

    static string[] Fields(CsvReader csv)
    {
        var f = new string[csv.FieldCount];
        for (var i = 0; i < f.Length; i++) f[i] = csv.GetString(i);
        return f;
    }

    public bool Has(string column) => Header.Contains(column);

    public int IndexOf(string column)
    {
        var i = Array.IndexOf(Header.ToArray(), column);
        if (i < 0) throw new CsvProblem($"Column '{column}' is not in the header ({string.Join(", ", Header)}).");
        return i;
    }

    public string Cell(int row, int column) => column < Rows[row].Length ? Rows[row][column] : "";

    /// <summary>A numeric column; every non-numeric or empty cell is added to <paramref name="problems"/>.</summary>
    public double[] Numbers(string column, List<string> problems, bool allowEmpty = false)
    {
        var c = IndexOf(column);
        var values = new double[Rows.Count];
        for (var r = 0; r < Rows.Count; r++)
        {
            var s = Cell(r, c);
            if (s.Length == 0 && allowEmpty) { values[r] = double.NaN; continue; }
            if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                problems.Add($"row {r + 2}, column '{column}': '{Trunc(s)}' is not a number");
            values[r] = v;
        }
        return values;
    }

    public string[] Strings(string column)
    {
        var c = IndexOf(column);
        return Rows.Select((_, r) => Cell(r, c)).ToArray();
    }

    static string Trunc(string s) => s.Length <= 40 ? s : s[..40] + "…";
}

/// <summary>A problem with the input file as a whole (empty, missing column), reported as one line with exit code 2.</summary>
public sealed class CsvProblem(string message) : Exception(message);
