using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrthoRegen.Candidacy;

/// <summary>
/// The thresholds of rules C1–C9, loaded from <c>candidacy-rules.json</c> (embedded default, or a clinic's own file).
/// Every value carries its source so the rule trace can cite it.
/// </summary>
public sealed record CandidacyThresholds
{
    /// <summary>What the file is, in the file's own words (read, not used by the rules).</summary>
    public string? Description { get; init; }

    public string Version { get; init; } = "";
    public required Sourced<string[]> SeverityOrder { get; init; }
    public required Sourced<int[]> KlEligibleGrades { get; init; }
    public required Sourced<int[]> KlConditionalGrades { get; init; }
    public required Sourced<int[]> KlNotSuitableGrades { get; init; }
    public required Sourced<string[]> FailedCareTypes { get; init; }
    public required Sourced<string[]> FailedCareResponses { get; init; }
    public required Sourced<int> MinSymptomDurationMonths { get; init; }
    public required Sourced<double> BmiConditionalAtOrAbove { get; init; }
    public required Sourced<double> Hba1cConditionalAbovePct { get; init; }
    public required Sourced<int> IaWashoutDays { get; init; }
    public required Sourced<string[]> AvnNotSuitableStages { get; init; }
    public required Sourced<int[]> PfirrmannPassGrades { get; init; }
    public required Sourced<string[]> ResearchOnlyIndications { get; init; }

    /// <summary>The thresholds shipped with OrthoRegen.</summary>
    public static CandidacyThresholds Default { get; } = LoadEmbedded();

    public static CandidacyThresholds Parse(string json)
    {
        var t = JsonSerializer.Deserialize<CandidacyThresholds>(json, SettingsFile.Json)
                ?? throw new InvalidOperationException("Candidacy rules file is empty.");
        var order = t.SeverityOrder.Value;
        if (order.Length != 5 || !CandidacyResult.All.All(order.Contains))
            throw new InvalidOperationException($"severityOrder must list each of {string.Join(", ", CandidacyResult.All)} once.");
        return t;
    }

    static CandidacyThresholds LoadEmbedded() => Parse(SettingsFile.Embedded("Candidacy/candidacy-rules.json"));
}
