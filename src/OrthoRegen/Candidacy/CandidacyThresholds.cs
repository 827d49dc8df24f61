using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrthoRegen.Candidacy;

/// <summary>A configured value with the source that justifies it.</summary>
public sealed record Sourced<T>(T Value, string Source);

/// <summary>
/// The thresholds of rules C1–C9, loaded from <c>candidacy-rules.json</c> (embedded default, or a clinic's own file).
/// Every value carries its source so the rule trace can cite it.
/// </summary>
public sealed record CandidacyThresholds
{
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

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    /// <summary>The thresholds shipped with OrthoRegen.</summary>
    public static CandidacyThresholds Default { get; } = LoadEmbedded();

    public static CandidacyThresholds Parse(string json)
    {
        var t = JsonSerializer.Deserialize<CandidacyThresholds>(json, Json)
                ?? throw new InvalidOperationException("Candidacy rules file is empty.");
        var order = t.SeverityOrder.Value;
        if (order.Length != 5 || !CandidacyResult.All.All(order.Contains))
            throw new InvalidOperationException($"severityOrder must list each of {string.Join(", ", CandidacyResult.All)} once.");
        return t;
    }

    public static CandidacyThresholds FromFile(string path) => Parse(File.ReadAllText(path));

    static CandidacyThresholds LoadEmbedded()
    {
        using var s = typeof(CandidacyThresholds).Assembly.GetManifestResourceStream("Candidacy/candidacy-rules.json")!;
        using var r = new StreamReader(s);
        return Parse(r.ReadToEnd());
    }
}
