using System.Text.Json;

namespace OrthoRegen.Instruments;

/// <summary>
/// One response to score: item code → answer (absent or <see cref="Answer.Missing"/> = missing), the options, and
/// optionally the same patient's baseline answers (scored with the same options) for change and MCID/PASS.
/// </summary>
public sealed record InstrumentRequest(
    string Instrument,
    IReadOnlyDictionary<string, Answer> Items,
    IReadOnlyDictionary<string, JsonElement>? Options = null,
    IReadOnlyDictionary<string, Answer>? Baseline = null);

/// <summary>
/// An instrument the catalog can score: its definition and the function that scores a validated response.
/// Adding an instrument (e.g. the ISNCSCI classifier) is adding one of these to <see cref="InstrumentCatalog"/>.
/// </summary>
/// <param name="CrossCheck">Rules spanning several items that the per-item scales cannot express
/// (VAS: exactly one of mm or cm); each problem rejects the response like a bad item.</param>
public sealed record Instrument(
    InstrumentDefinition Definition,
    Func<ScoringInput, ScoreSheet> Score,
    Func<ScoringInput, IEnumerable<ItemError>>? CrossCheck = null);

/// <summary>A response that passed validation: every present answer is of the right type and in its set.</summary>
public sealed class ScoringInput
{
    readonly IReadOnlyDictionary<string, Answer> _answers;
    readonly Dictionary<string, Answer>? _concrete; // the batch path's dictionary, read without interface dispatch

    internal ScoringInput(InstrumentDefinition definition, IReadOnlyDictionary<string, Answer> answers, ScoringOptions options)
    {
        Definition = definition;
        _answers = answers;
        _concrete = answers as Dictionary<string, Answer>;
        Options = options;
    }

    public InstrumentDefinition Definition { get; }
    public ScoringOptions Options { get; }

    /// <summary>The numeric answer of <paramref name="code"/>, or null when missing.</summary>
    public decimal? Number(string code)
    {
        var found = _concrete is not null ? _concrete.TryGetValue(code, out var a) : _answers.TryGetValue(code, out a);
        return found && a.Kind == AnswerKind.Number ? a.Number : null;
    }

    /// <summary>The yes/no answer of <paramref name="code"/>, or null when missing.</summary>
    public bool? Flag(string code) =>
        _answers.TryGetValue(code, out var a) && a.Kind == AnswerKind.Boolean ? a.Flag : null;

    /// <summary>The coded text answer of <paramref name="code"/> ("NT", "L3"), or null when missing or not text.</summary>
    public string? Text(string code) =>
        _answers.TryGetValue(code, out var a) && a.Kind == AnswerKind.Text ? a.Text : null;

    public bool Has(string code) => _answers.TryGetValue(code, out var a) && !a.IsMissing;
}

/// <summary>A score as the scoring function computes it; the catalog adds direction, band and rounding.</summary>
public sealed record ComputedScore(string Name, decimal? Value, int Answered, int Imputed = 0, string? Reason = null)
{
    public static ComputedScore Invalid(string name, int answered, string reason) => new(name, null, answered, 0, reason);
}

/// <summary>What a scoring function returns: the scores, and for some instruments a responder flag or classification.</summary>
public sealed record ScoreSheet(
    IReadOnlyList<ComputedScore> Scores,
    bool? Responder = null,
    string? ResponderReason = null,
    IReadOnlyDictionary<string, object?>? Classification = null);
