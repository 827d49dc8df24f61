using System.Text.Json;
using System.Text.Json.Serialization;
using OrthoRegen.Candidacy;
using OrthoRegen.Patients;

namespace OrthoRegen.Treatment;

/// <summary>
/// The configurable values of the treatment-plan rules, loaded from <c>treatment-rules.json</c> (embedded default, or a
/// clinic's own file through <c>Treatment:RulesFile</c>). Every value carries its source so messages can cite it.
/// </summary>
public sealed record TreatmentThresholds
{
    /// <summary>What the file is, in the file's own words (read, not used by the rules).</summary>
    public string? Description { get; init; }

    public string Version { get; init; } = "";

    /// <summary>Total cells (×10^6) from which a dose is MEDIUM; below it the dose is LOW (inclusive lower bound).</summary>
    public required Sourced<double> DoseTierMediumFromE6 { get; init; }

    /// <summary>Total cells (×10^6) from which a dose is HIGH (inclusive lower bound).</summary>
    public required Sourced<double> DoseTierHighFromE6 { get; init; }

    /// <summary>R1: the guidance a hip intra-articular injection must use.</summary>
    public required Sourced<string[]> HipIntraArticularGuidance { get; init; }

    /// <summary>R1: knee intra-articular guidance values that raise a warning (guidance recommended).</summary>
    public required Sourced<string[]> KneeIntraArticularWarnWithout { get; init; }

    /// <summary>R3: consent pathways under which a more-than-minimally manipulated product may be planned.</summary>
    public required Sourced<string[]> MoreThanMinimalPathways { get; init; }

    /// <summary>The thresholds shipped with OrthoRegen.</summary>
    public static TreatmentThresholds Default { get; } = LoadEmbedded();

    /// <summary>Reads and checks a rules file; a file that contradicts itself is a configuration bug and throws.</summary>
    public static TreatmentThresholds Parse(string json)
    {
        var t = JsonSerializer.Deserialize<TreatmentThresholds>(json, SettingsFile.Json)
                ?? throw new InvalidOperationException("Treatment rules file is empty.");
        var (medium, high) = (t.DoseTierMediumFromE6.Value, t.DoseTierHighFromE6.Value);
        if (!(medium > 0 && high > medium))
            throw new InvalidOperationException($"Treatment rules: doseTierMediumFromE6 ({medium}) must be above 0 and below doseTierHighFromE6 ({high}).");
        Check("hipIntraArticularGuidance", t.HipIntraArticularGuidance.Value, TreatmentCodes.Guidance);
        Check("kneeIntraArticularWarnWithout", t.KneeIntraArticularWarnWithout.Value, TreatmentCodes.Guidance);
        Check("moreThanMinimalPathways", t.MoreThanMinimalPathways.Value, ConsentCodes.Pathways);
        return t;
    }

    static void Check(string name, string[] values, IReadOnlyList<string> allowed)
    {
        var unknown = values.Where(v => !allowed.Contains(v)).ToList();
        if (values.Length == 0 || unknown.Count > 0)
            throw new InvalidOperationException($"Treatment rules: {name} must list values from {string.Join(", ", allowed)}; unknown: {string.Join(", ", unknown)}.");
    }

    static TreatmentThresholds LoadEmbedded() => Parse(SettingsFile.Embedded("Treatment/treatment-rules.json"));
}
