using System.Diagnostics;
using System.Globalization;
using System.Text;
using OrthoRegen.Tests.Support;

namespace OrthoRegen.Tests.Statistics;

/// <summary>
/// Runs R (<c>Rscript</c> with the survival package) as the reference implementation: writes input CSV files and an R
/// script into a fresh temporary folder, runs it, and reads back the CSV files the script wrote (numbers printed with
/// 17 significant digits, NA for missing). When Rscript is not on PATH the test fails with a clear message: these
/// tests are the proof of equality with R and must never pass silently.
/// </summary>
public static class ROracle
{
    public static string Rscript { get; } = FindRscript();

    static string FindRscript()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, "Rscript");
            if (File.Exists(candidate)) return candidate;
        }
        return "";
    }

    /// <summary>R helpers shared by every oracle script: full-precision CSV output and C-locale factor levels.</summary>
    public const string Prelude = """
        suppressPackageStartupMessages(library(survival))
        num <- function(x) ifelse(is.na(x) | is.nan(x), "NA", ifelse(is.infinite(x), ifelse(x > 0, "Inf", "-Inf"), trimws(formatC(x, digits = 17, format = "g"))))
        out <- function(df, file) {
          for (n in names(df)) if (is.numeric(df[[n]])) df[[n]] <- num(df[[n]])
          write.csv(df, file, row.names = FALSE, quote = TRUE)
        }
        clevels <- function(x) factor(x, levels = sort(unique(as.character(x)), method = "radix"))
        """;

    /// <summary>Runs <paramref name="script"/> (prefixed by <see cref="Prelude"/>) with the given input files.</summary>
    /// <returns>The folder, where the script's output files can be read with <see cref="ReadCsv"/>.</returns>
    public static string Run(string script, IReadOnlyDictionary<string, string> inputs)
    {
        if (Rscript.Length == 0)
            Assert.Fail("Rscript is not on PATH: the R-oracle tests need R with the survival package (apt-get install r-base-core r-cran-survival). They fail rather than skip, so equality with R is never assumed.");
        var dir = Directory.CreateTempSubdirectory("orthoregen-r-").FullName;
        foreach (var (name, content) in inputs) File.WriteAllText(Path.Combine(dir, name), content);
        File.WriteAllText(Path.Combine(dir, "oracle.R"), Prelude + "\n" + script);
        var psi = new ProcessStartInfo(Rscript, ["--vanilla", "oracle.R"])
        {
            WorkingDirectory = dir,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        psi.Environment["LC_ALL"] = "C";
        using var proc = Process.Start(psi)!;
        var stderr = proc.StandardError.ReadToEndAsync();
        var stdout = proc.StandardOutput.ReadToEndAsync();
        if (!proc.WaitForExit(TimeSpan.FromMinutes(3))) { proc.Kill(true); Assert.Fail("Rscript timed out"); }
        if (proc.ExitCode != 0) Assert.Fail($"Rscript failed ({proc.ExitCode}) in {dir}:\n{stderr.Result}\n{stdout.Result}");
        return dir;
    }

    /// <summary>Reads a CSV written by the prelude's <c>out()</c>: columns by name, cells as strings.</summary>
    public static RTable ReadCsv(string dir, string file)
    {
        var path = Path.Combine(dir, file);
        Assert.True(File.Exists(path), $"R did not write {file} in {dir}");
        var lines = File.ReadAllLines(path);
        var header = SplitCsv(lines[0]);
        var rows = lines.Skip(1).Where(l => l.Length > 0).Select(SplitCsv).ToList();
        return new RTable(header, rows, path);
    }

    static string[] SplitCsv(string line)
    {
        var cells = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else sb.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(c);
        }
        cells.Add(sb.ToString());
        return cells.ToArray();
    }

    /// <summary>Formats a number so R reads back exactly the same double.</summary>
    public static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>A table R wrote: typed access by column name; "NA" reads as null.</summary>
public sealed class RTable(IReadOnlyList<string> header, IReadOnlyList<string[]> rows, string path)
{
    public int Count => rows.Count;
    public string Path => path;

    int Col(string name)
    {
        var i = header.ToList().IndexOf(name);
        Assert.True(i >= 0, $"column {name} missing in {path} (has {string.Join(",", header)})");
        return i;
    }

    public string Text(int row, string column) => rows[row][Col(column)];

    public double? Number(int row, string column)
    {
        var s = rows[row][Col(column)].Trim();
        return s switch
        {
            "NA" or "NaN" => null,
            "Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            _ => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
    }

    public IEnumerable<int> RowsWhere(string column, string value)
    {
        var c = Col(column);
        for (var i = 0; i < rows.Count; i++) if (rows[i][c] == value) yield return i;
    }
}

/// <summary>Comparison of a value with R's, where R's NA must be our null.</summary>
public static class RCompare
{
    /// <summary>NA ↔ null; Inf in R ↔ null here (a value we never put on a screen); otherwise <see cref="Precision.AssertClose"/>.</summary>
    public static void Close(double? r, double? ours, double relTol, string what)
    {
        if (r is null || double.IsInfinity(r.Value))
        {
            Assert.True(ours is null, $"{what}: R has {(r is null ? "NA" : "Inf")}, we have {ours:R}");
            return;
        }
        Assert.True(ours is not null, $"{what}: R has {r.Value:R}, we have null");
        Precision.AssertClose(r.Value, ours!.Value, relTol, what);
    }
}
