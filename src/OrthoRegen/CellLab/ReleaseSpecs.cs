using System.Text.Json;
using System.Text.Json.Serialization;
using OrthoRegen.Candidacy;

namespace OrthoRegen.CellLab;

/// <summary>
/// The release specification of one product type (DOMAIN.md 3.2). <see cref="Kind"/> EXPANDED applies Q1–Q8;
/// BMAC applies Q10 (ISCT identity criteria do not apply to an uncultured mixture). Every value carries its source.
/// </summary>
public sealed record ProductSpec
{
    public string Title { get; init; } = "";
    /// <summary>EXPANDED or BMAC.</summary>
    public string Kind { get; init; } = "EXPANDED";
    public required Sourced<string[]> CellSources { get; init; }
    public required Sourced<string> ProductDescriptionCode { get; init; }
    /// <summary>Q1: CD73, CD90, CD105 each at least this % positive (inclusive).</summary>
    public Sourced<double>? IdentityPositiveMinPct { get; init; }
    /// <summary>Q1: CD45, CD34, CD14/CD11b, CD79a/CD19, HLA-DR each at most this % positive (inclusive).</summary>
    public Sourced<double>? IdentityNegativeMaxPct { get; init; }
    /// <summary>Q2: viability at least this % (inclusive).</summary>
    public Sourced<double>? ViabilityMinPct { get; init; }
    /// <summary>Q3: viable cells in the dose, ×10^6, inclusive range.</summary>
    public Sourced<double>? DoseViableCellsMinE6 { get; init; }
    public Sourced<double>? DoseViableCellsMaxE6 { get; init; }
    /// <summary>Q5: K in EU per kg body weight for every route except intrathecal.</summary>
    public required Sourced<double> EndotoxinKEuPerKg { get; init; }
    /// <summary>Q5: K in EU per kg for the intrathecal route.</summary>
    public required Sourced<double> EndotoxinKIntrathecalEuPerKg { get; init; }
    /// <summary>
    /// Q5 for a banked allogeneic lot that names no single recipient (its divisions go to several patients): the body
    /// weight (kg) the endotoxin limit is computed for. Null: such a lot's Q5 stays PENDING until a recipient is named.
    /// </summary>
    public Sourced<double>? EndotoxinReferenceWeightKg { get; init; }
    /// <summary>Q9: the two cut-offs (×10^6 total cells) between LOW, MEDIUM and HIGH; LOW below the first, HIGH at or above the second.</summary>
    public required Sourced<double[]> DoseTierCutoffsE6 { get; init; }
    /// <summary>Q7: days of incubation before a no-growth sterility read is final (USP &lt;71&gt;: 14).</summary>
    public Sourced<double>? SterilityMinIncubationDays { get; init; }
    /// <summary>Q10: minimum TNC (×10^6) of a BMAC.</summary>
    public Sourced<double>? TncMinE6 { get; init; }
    public Sourced<double>? VolumeMinMl { get; init; }
    public Sourced<double>? VolumeMaxMl { get; init; }
    /// <summary>Default expiry after the product is made (hours), unless the lab gives an expiry.</summary>
    public required Sourced<int> ShelfLifeHours { get; init; }
}

/// <summary>
/// The release specifications, loaded from <c>release-specs.json</c> (embedded default, or the clinic's file named by
/// <c>CellLab:ReleaseSpecsFile</c>).
/// </summary>
public sealed record ReleaseSpecs
{
    /// <summary>What the file is, in the file's own words (read, not used by the rules).</summary>
    public string? Description { get; init; }

    public string Version { get; init; } = "";
    public required IReadOnlyDictionary<string, ProductSpec> ProductTypes { get; init; }

    public static ReleaseSpecs Default { get; } = LoadEmbedded();

    public ProductSpec? For(string? productType) => productType is not null && ProductTypes.TryGetValue(productType, out var s) ? s : null;

    public static ReleaseSpecs Parse(string json)
    {
        var specs = JsonSerializer.Deserialize<ReleaseSpecs>(json, SettingsFile.Json) ?? throw new InvalidOperationException("Release specs file is empty.");
        foreach (var (name, s) in specs.ProductTypes)
        {
            if (s.Kind is not ("EXPANDED" or "BMAC")) throw new InvalidOperationException($"{name}: kind must be EXPANDED or BMAC.");
            if (!Isbt128.IsValidProductDescriptionCode(s.ProductDescriptionCode.Value)) throw new InvalidOperationException($"{name}: productDescriptionCode must be a letter and 4 digits or letters.");
            if (s.CellSources.Value.Any(c => !CellLabCodes.CellSources.Contains(c))) throw new InvalidOperationException($"{name}: unknown cell source.");
            if (s.DoseTierCutoffsE6.Value is not [var lo, var hi] || lo >= hi) throw new InvalidOperationException($"{name}: doseTierCutoffsE6 needs two increasing values.");
            if (s.Kind == "EXPANDED" && (s.IdentityPositiveMinPct is null || s.IdentityNegativeMaxPct is null || s.ViabilityMinPct is null || s.DoseViableCellsMinE6 is null || s.DoseViableCellsMaxE6 is null))
                throw new InvalidOperationException($"{name}: an EXPANDED product needs identity, viability and dose limits.");
        }
        return specs;
    }

    static ReleaseSpecs LoadEmbedded() => Parse(SettingsFile.Embedded("CellLab/release-specs.json"));
}
