using System.Text.Json;
using System.Text.Json.Serialization;
using OrthoRegen.Assessment;

namespace OrthoRegen.PreScreening;

/// <summary>
/// A clinic's self-pay price for one indication: a single amount or a range (<see cref="To"/>), in whole units of
/// <see cref="Currency"/> (ISO 4217, e.g. KRW), with what the price covers.
/// </summary>
public sealed record SelfPayCost(decimal From, decimal? To, string Currency, string? Covers);

/// <summary>
/// Clinic-configurable facts for the pre-screening result, loaded from <c>prescreen-info.json</c> (embedded default,
/// or the file named by <c>PreScreening:InfoFile</c>). An indication without a cost shows "the clinic will quote it";
/// no number is ever invented.
/// </summary>
public sealed record PreScreenInfo
{
    /// <summary>What the file is, in the file's own words (read, not used).</summary>
    public string? Description { get; init; }

    public string Version { get; init; } = "";
    public Dictionary<string, SelfPayCost?> SelfPayCost { get; init; } = [];

    public static PreScreenInfo Default { get; } = LoadEmbedded();

    /// <summary>The configured cost for <paramref name="indication"/>, or null when the clinic quotes it at consultation.</summary>
    public SelfPayCost? CostFor(string indication) => SelfPayCost.GetValueOrDefault(indication);

    public static PreScreenInfo Parse(string json)
    {
        var info = JsonSerializer.Deserialize<PreScreenInfo>(json, SettingsFile.Json) ?? throw new InvalidOperationException("Pre-screening info file is empty.");
        var problems = new List<string>();
        foreach (var (indication, cost) in info.SelfPayCost)
        {
            if (!AssessmentCodes.Indications.Contains(indication)) problems.Add($"selfPayCost: unknown indication {indication}.");
            if (cost is null) continue;
            if (cost.From <= 0) problems.Add($"selfPayCost.{indication}.from must be above 0.");
            if (cost.To is { } to && to < cost.From) problems.Add($"selfPayCost.{indication}.to must not be below from.");
            if (cost.Currency is not { Length: 3 } c || !c.All(char.IsAsciiLetterUpper))
                problems.Add($"selfPayCost.{indication}.currency must be a three-letter ISO 4217 code such as KRW.");
        }
        return problems.Count == 0 ? info : throw new InvalidOperationException("Pre-screening info file: " + string.Join(" ", problems));
    }

    static PreScreenInfo LoadEmbedded() => Parse(SettingsFile.Embedded("PreScreening/prescreen-info.json"));
}
