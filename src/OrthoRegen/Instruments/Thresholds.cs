using System.Text.Json.Serialization;

namespace OrthoRegen.Instruments;

/// <summary>What a change threshold means (written by name in JSON).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChangeThresholdKind>))]
public enum ChangeThresholdKind
{
    /// <summary>Minimal important change / MCID / MCII: the smallest change patients regard as important.</summary>
    MinimalImportantChange,
    /// <summary>Smallest detectable change: the smallest change beyond measurement error (not a patient judgement).</summary>
    SmallestDetectableChange,
}

/// <summary>
/// A change threshold for one score in one population. Values are <em>improvements</em>, always positive, in the
/// score's own units; the direction of the score decides what "improvement" means. The change meets the threshold
/// when the absolute improvement reaches <see cref="Absolute"/> <em>or</em> the relative improvement reaches
/// <see cref="RelativePercent"/> (Ostelo 2008: "15 mm or 30 %"; Tubach 2005 reports both forms).
/// </summary>
/// <param name="Score">Score name, e.g. <c>function_100</c>.</param>
/// <param name="Population">Population code the value was derived in, e.g. <c>knee_oa</c>.</param>
/// <param name="Absolute">Absolute improvement in score units (inclusive), or null.</param>
/// <param name="RelativePercent">Improvement as percent of baseline (inclusive), or null.</param>
/// <param name="Source">Citation as in INSTRUMENTS.md.</param>
public sealed record ChangeThreshold(
    string Score, string Population, ChangeThresholdKind Kind, decimal? Absolute, decimal? RelativePercent, string Source);

/// <summary>
/// Patient acceptable symptom state for one score in one population: a follow-up value at or better than
/// <see cref="Value"/> (≤ for higher-is-worse scores, ≥ for higher-is-better) is acceptable.
/// </summary>
public sealed record PassThreshold(string Score, string Population, decimal Value, string Source);
