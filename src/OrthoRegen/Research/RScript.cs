using System.Text;

namespace OrthoRegen.Research;

/// <summary>
/// An R script that reads dataset.csv (next to it, or the folder in <c>orthoregen_dir</c>), gives every column its class,
/// sets factor levels in protocol order and attaches each variable's label as the <c>label</c> attribute (the convention
/// of Hmisc, labelled and haven). Base R only. The result is the data frame <c>dataset</c>.
/// </summary>
public static class RScript
{
    public static string For(DatasetLayout layout, string dataFile)
    {
        var b = new StringBuilder();
        b.Append("# OrthoRegen research dataset (").Append(layout.Shape == DatasetShape.Long ? "long" : "wide").Append(" shape): pseudonymised, days from Day 0.\n");
        b.Append("# Variable definitions: dictionary.csv. Run from this folder, or set orthoregen_dir first.\n");
        b.Append("local({\n");
        b.Append("  dir <- if (exists(\"orthoregen_dir\", inherits = TRUE)) get(\"orthoregen_dir\", inherits = TRUE) else \".\"\n");
        b.Append("  classes <- c(\n");
        for (var i = 0; i < layout.Variables.Count; i++)
        {
            var v = layout.Variables[i];
            var cls = v.Type switch { VariableType.Integer => "integer", VariableType.Number => "numeric", _ => "character" };
            b.Append("    ").Append(v.Name).Append(" = ").Append(Str(cls)).Append(i < layout.Variables.Count - 1 ? ",\n" : "\n");
        }
        b.Append("  )\n");
        b.Append("  d <- utils::read.csv(file.path(dir, ").Append(Str(dataFile)).Append("), colClasses = classes, na.strings = \"\", ")
         .Append("stringsAsFactors = FALSE, check.names = FALSE, encoding = \"UTF-8\")\n");
        b.Append("  stopifnot(identical(names(d), names(classes)))\n");
        foreach (var v in layout.Variables.Where(v => v.Type == VariableType.Factor))
        {
            b.Append("  d$").Append(v.Name).Append(" <- factor(d$").Append(v.Name).Append(", levels = c(")
             .Append(string.Join(", ", v.Levels!.Select(l => Str(l.Code)))).Append("))\n");
        }
        b.Append("  labels <- c(\n");
        for (var i = 0; i < layout.Variables.Count; i++)
        {
            var v = layout.Variables[i];
            var label = v.Unit is { Length: > 0 } u ? $"{v.Label} ({u})" : v.Label;
            b.Append("    ").Append(v.Name).Append(" = ").Append(Str(label)).Append(i < layout.Variables.Count - 1 ? ",\n" : "\n");
        }
        b.Append("  )\n");
        b.Append("  for (n in names(labels)) attr(d[[n]], \"label\") <- labels[[n]]\n");
        b.Append("  assign(\"dataset\", d, envir = globalenv())\n");
        b.Append("})\n");
        return b.ToString();
    }

    /// <summary>An R string literal (double quotes; backslash, quote and control characters escaped).</summary>
    public static string Str(string s)
    {
        var b = new StringBuilder("\"");
        foreach (var c in s)
        {
            switch (c)
            {
                case '\\': b.Append("\\\\"); break;
                case '"': b.Append("\\\""); break;
                case '\n': b.Append("\\n"); break;
                case '\r': b.Append("\\r"); break;
                case '\t': b.Append("\\t"); break;
                default:
                    if (char.IsControl(c)) b.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    else b.Append(c);
                    break;
            }
        }
        return b.Append('"').ToString();
    }
}
