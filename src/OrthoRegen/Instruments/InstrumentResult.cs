namespace OrthoRegen.Instruments;

/// <summary>Whether a response was scored.</summary>
public enum ResultStatus
{
    /// <summary>Accepted; individual scores may still be null when too many items are missing.</summary>
    Ok,
    /// <summary>Refused: an unknown item, wrong type or value outside the option set. Nothing was scored.</summary>
    Rejected,
}

/// <summary>One problem with one item (or option), phrased for the person filling the form.</summary>
/// <param name="Item">Item code ("P3"), <c>options.NAME</c>, <c>baseline.CODE</c> or <c>instrument</c>.</param>
public sealed record ItemError(string Item, string Message);

/// <summary>
/// One score of a response. <see cref="Value"/> is rounded half away from zero to 4 decimals (INSTRUMENTS.md
/// "Arithmetic"); null when too many items are missing, with <see cref="Reason"/> saying why.
/// </summary>
/// <param name="Answered">Items of this score that were answered.</param>
/// <param name="Imputed">Missing items whose value was estimated (person-mean substitution, or the mean-of-answered
/// rule, which is the same thing); 0 when the score is null.</param>
public sealed record ScoreValue(
    string Name,
    decimal? Value,
    Direction Direction,
    Band? Band,
    int Answered,
    int Imputed,
    string? Reason);

/// <summary>The outcome of scoring one response.</summary>
/// <param name="Instrument">Instrument code as requested.</param>
/// <param name="Version">Definition version used (null when the instrument is unknown).</param>
/// <param name="Scores">Every score of the instrument in definition order (empty when rejected).</param>
/// <param name="Errors">One entry per bad item or option (empty when ok).</param>
/// <param name="Options">The options the response was scored with, defaults included.</param>
/// <param name="Responder">OMERACT-OARSI responder (true/false), or null when not applicable or not determinable.</param>
/// <param name="Classification">Instrument-specific classification (e.g. ISNCSCI levels), or null.</param>
/// <param name="Change">Change from baseline per score, when a baseline was given.</param>
public sealed record InstrumentResult(
    string Instrument,
    string? Version,
    ResultStatus Status,
    IReadOnlyList<ScoreValue> Scores,
    IReadOnlyList<ItemError> Errors,
    IReadOnlyDictionary<string, object>? Options = null,
    bool? Responder = null,
    string? ResponderReason = null,
    IReadOnlyDictionary<string, object?>? Classification = null,
    IReadOnlyList<ScoreChange>? Change = null)
{
    /// <summary>The band of the instrument's banded score (e.g. ODI "moderate"), or null.</summary>
    public Band? Band => Scores.FirstOrDefault(s => s.Band is not null)?.Band;

    public ScoreValue? Score(string name) => Scores.FirstOrDefault(s => s.Name == name);

    /// <summary>The errors keyed by item, the shape the API's validation problem and the forms consume.</summary>
    public IReadOnlyDictionary<string, string[]> ToFieldErrors() =>
        Errors.GroupBy(e => e.Item).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);

    internal static InstrumentResult Rejected(string instrument, string? version, IReadOnlyList<ItemError> errors) =>
        new(instrument, version, ResultStatus.Rejected, [], errors);
}
