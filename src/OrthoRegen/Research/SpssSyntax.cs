using System.Text;

namespace OrthoRegen.Research;

/// <summary>
/// SPSS syntax that reads dataset.csv (GET DATA /TYPE=TXT, UTF-8, comma delimited, '"' qualifier, header row skipped),
/// then VARIABLE LABELS, VALUE LABELS for every coded variable and MISSING VALUES. Empty numeric fields read as
/// system-missing; an empty coded (string) field is declared user-missing as blank.
/// </summary>
public static class SpssSyntax
{
    /// <summary>Width of numeric formats: F12 leaves room for scores and doses with four decimals.</summary>
    const int NumberWidth = 12;

    public static string For(DatasetLayout layout, string dataFile)
    {
        var b = new StringBuilder();
        b.Append("* OrthoRegen research dataset (").Append(layout.Shape == DatasetShape.Long ? "long" : "wide")
         .Append(" shape): pseudonymised, days from Day 0. Variable definitions: dictionary.csv.\n");
        b.Append("* Run with the working directory set to this folder (CD '...'.), or edit /FILE.\n");
        b.Append("GET DATA\n  /TYPE=TXT\n  /FILE=").Append(Quote(dataFile)).Append("\n  /ENCODING='UTF8'\n  /DELIMITERS=\",\"\n")
         .Append("  /QUALIFIER='\"'\n  /ARRANGEMENT=DELIMITED\n  /FIRSTCASE=2\n  /VARIABLES=\n");
        foreach (var v in layout.Variables) b.Append("    ").Append(v.Name).Append(' ').Append(FormatOf(v)).Append('\n');
        b.Append(".\n");

        b.Append("VARIABLE LABELS\n");
        for (var i = 0; i < layout.Variables.Count; i++)
        {
            var v = layout.Variables[i];
            var label = v.Unit is { Length: > 0 } u ? $"{v.Label} ({u})" : v.Label;
            b.Append(i == 0 ? "  " : "  /").Append(v.Name).Append(' ').Append(Quote(Truncate(label, 250))).Append('\n');
        }
        b.Append(".\n");

        var coded = layout.Variables.Where(v => v.Levels is { Count: > 0 }).ToList();
        if (coded.Count > 0)
        {
            b.Append("VALUE LABELS\n");
            for (var i = 0; i < coded.Count; i++)
            {
                var v = coded[i];
                b.Append(i == 0 ? "  " : "  /").Append(v.Name);
                foreach (var l in v.Levels!) b.Append(' ').Append(Quote(l.Code)).Append(' ').Append(Quote(Truncate(l.Label, 120)));
                b.Append('\n');
            }
            b.Append(".\n");
        }
        var strings = layout.Variables.Where(v => v.Type is VariableType.Factor or VariableType.String).ToList();
        if (strings.Count > 0)
        {
            b.Append("MISSING VALUES\n");
            b.Append("  ").Append(string.Join(" ", strings.Select(v => v.Name))).Append(" (' ')\n.\n");
        }
        b.Append("EXECUTE.\n");
        return b.ToString();
    }

    /// <summary>The GET DATA format: A (string width), F w.0 for integers, F12.4 for numbers.</summary>
    public static string FormatOf(DatasetVariable v) => v.Type switch
    {
        VariableType.Integer => "F8.0",
        VariableType.Number => $"F{NumberWidth}.4",
        VariableType.Factor => "A" + Math.Max(1, v.Levels!.Max(l => Encoding.UTF8.GetByteCount(l.Code))),
        _ => "A64",
    };

    /// <summary>An SPSS string literal in single quotes, quotes doubled.</summary>
    public static string Quote(string s) => "'" + s.Replace("'", "''").Replace("\r", " ").Replace("\n", " ") + "'";

    static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}
