namespace OrthoRegen.Research;

/// <summary>Storage type of a dataset variable, as the dictionary, the R script and the SPSS syntax declare it.</summary>
public enum VariableType
{
    /// <summary>Free text (pseudonym code, site, definition version).</summary>
    String,
    /// <summary>A coded value from a closed list (<see cref="DatasetVariable.Levels"/>).</summary>
    Factor,
    Integer,
    Number,
}

/// <summary>One coded value and the label R and SPSS show for it.</summary>
public sealed record FactorLevel(string Code, string Label);

/// <summary>
/// A column of the analysis dataset with its data-dictionary entry. <see cref="Range"/> is the inclusive range of a
/// numeric variable when one is known (a score's definition range, KL 0–4).
/// </summary>
public sealed record DatasetVariable(
    string Name,
    string Label,
    VariableType Type,
    string? Unit = null,
    IReadOnlyList<FactorLevel>? Levels = null,
    (decimal Min, decimal Max)? Range = null)
{
    /// <summary>The dictionary's "allowed values" cell: codes joined by '|', or "min..max".</summary>
    public string AllowedValues => Levels is { Count: > 0 } l
        ? string.Join("|", l.Select(x => x.Code))
        : Range is { } r ? $"{Format(r.Min)}..{Format(r.Max)}" : "";

    public string TypeName => Type switch
    {
        VariableType.String => "string",
        VariableType.Factor => "factor",
        VariableType.Integer => "integer",
        _ => "number",
    };

    static string Format(decimal d) => d.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Levels from codes, labelled by a readable form of the code ("KNEE_OA" → "Knee OA").</summary>
    public static IReadOnlyList<FactorLevel> LevelsOf(IEnumerable<string> codes) => codes.Select(c => new FactorLevel(c, Humanise(c))).ToList();

    internal static string Humanise(string code)
    {
        var words = code.Split('_', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Length <= 3 && w.Any(char.IsLetter) && w != "LOW" && w != "NONE" ? w : w[..1] + w[1..].ToLowerInvariant());
        var s = string.Join(" ", words);
        return s.Length == 0 ? code : s;
    }
}
