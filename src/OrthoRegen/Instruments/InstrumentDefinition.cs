namespace OrthoRegen.Instruments;

/// <summary>Which end of a score is the good end. Never mix the two without saying which one a number uses.</summary>
public enum Direction
{
    /// <summary>Higher = better (KOOS, HOOS, Lysholm, Harris Hip Score).</summary>
    HigherIsBetter,
    /// <summary>Higher = worse (WOMAC, VAS, NRS, Lequesne, ODI, KOOS-PS, KL grade).</summary>
    HigherIsWorse,
}

/// <summary>
/// One instrument as the registry knows it: the single source from which validation, scoring, forms, FHIR export and
/// interpretation all derive. Item lists exist only here (KOOS-12 and KOOS-PS pick their items from KOOS by code).
/// </summary>
/// <param name="Code">Instrument code as used in requests (INSTRUMENTS.md "Item codes"), e.g. <c>KOOS</c>.</param>
/// <param name="Version">Version of this definition; a stored response records it so rescoring is explicit.</param>
/// <param name="Title">Short name in each language.</param>
/// <param name="Source">Scoring manual or paper the rules follow, and the rule status from INSTRUMENTS.md.</param>
/// <param name="Sections">Items grouped as on the form; every item belongs to exactly one section.</param>
/// <param name="Scores">The scores produced, in output order, each with its direction, range and bands.</param>
/// <param name="Options">Scoring options a request may set; each has the default INSTRUMENTS.md names.</param>
/// <param name="ChangeThresholds">Default minimal important change (or smallest detectable change) values with sources.</param>
/// <param name="PassThresholds">Default patient acceptable symptom state values with sources.</param>
public sealed record InstrumentDefinition(
    string Code,
    string Version,
    LocalizedText Title,
    string Source,
    IReadOnlyList<ItemSection> Sections,
    IReadOnlyList<ScoreDefinition> Scores,
    IReadOnlyList<OptionDefinition> Options,
    IReadOnlyList<ChangeThreshold> ChangeThresholds,
    IReadOnlyList<PassThreshold> PassThresholds)
{
    readonly Dictionary<string, ItemDefinition> _byCode =
        Sections.SelectMany(s => s.Items).ToDictionary(i => i.Code, StringComparer.Ordinal);

    /// <summary>Every item in form order.</summary>
    public IEnumerable<ItemDefinition> Items => Sections.SelectMany(s => s.Items);

    /// <summary>The item with this code (case-sensitive, as in INSTRUMENTS.md), or null.</summary>
    public ItemDefinition? Item(string code) => _byCode.TryGetValue(code, out var item) ? item : null;

    public ScoreDefinition Score(string name) => Scores.First(s => s.Name == name);

    /// <summary>The score whose band is reported as the response's <c>band</c> (null when the instrument has no bands).</summary>
    public ScoreDefinition? BandedScore => Scores.FirstOrDefault(s => s.Bands is not null);

    /// <summary>Populations for which thresholds are defined, default first (the <c>population</c> option).</summary>
    public IReadOnlyList<string> Populations { get; } =
        ChangeThresholds.Select(t => t.Population).Concat(PassThresholds.Select(t => t.Population)).Distinct().ToList();

    ScoringOptions? _defaults;

    /// <summary>The options every request without an <c>options</c> object is scored with (built once).</summary>
    internal ScoringOptions DefaultOptions => _defaults ??= ScoringOptions.Build(this, null, []);
}

/// <summary>A group of items as printed on the form (e.g. KOOS "Pain"); becomes a FHIR group item.</summary>
public sealed record ItemSection(string Code, LocalizedText Title, IReadOnlyList<ItemDefinition> Items);

/// <summary>One question or clinical finding.</summary>
/// <param name="Code">Item code exactly as in INSTRUMENTS.md ("P1", "def_fixed_adduction_lt_10", "1").</param>
/// <param name="Label">Our short description (not the licensed wording).</param>
/// <param name="Scale">What answers are allowed and what they score.</param>
/// <param name="EnabledUnlessAnswered">When set, the item is only offered while the named item is unanswered
/// (alternatives such as <c>vas_mm</c>/<c>vas_cm</c>); exported as a FHIR <c>enableWhen … exists false</c>.</param>
public sealed record ItemDefinition(string Code, LocalizedText Label, AnswerScale Scale, string? EnabledUnlessAnswered = null);

/// <summary>The allowed answers of an item.</summary>
public abstract record AnswerScale
{
    /// <summary>
    /// A fixed set of options; the value recorded is the option's value (its points or ordinal), so validation is
    /// "value in the set". When every value is a whole number, non-integers are rejected as such.
    /// </summary>
    /// <param name="Codes">Coded answers that are not values and are never summed, accepted as text next to the
    /// numeric options (ISNCSCI "NT", not testable); empty for every PROM.</param>
    public sealed record Choice(IReadOnlyList<AnswerOption> Options, IReadOnlyList<CodedOption>? Codes = null) : AnswerScale
    {
        readonly decimal[] _values = Options.Select(o => o.Value).ToArray();

        public IReadOnlyList<CodedOption> CodedOptions => Codes ?? [];

        public bool ContainsCode(string? code) => code is not null && CodedOptions.Any(c => c.Code == code);

        public bool WholeNumbers { get; } = Options.All(o => o.Value == decimal.Truncate(o.Value));

        public bool Contains(decimal value)
        {
            foreach (var v in _values) if (v == value) return true;
            return false;
        }

        public decimal Min => Options.Min(o => o.Value);
        public decimal Max => Options.Max(o => o.Value);
    }

    /// <summary>A measured quantity, decimals allowed, bounds inclusive.</summary>
    public sealed record Quantity(decimal Min, decimal Max, string Unit) : AnswerScale;

    /// <summary>One code from a fixed list, given as text (ISNCSCI lowest non-key muscle "C5" … "S1").</summary>
    public sealed record Coded(IReadOnlyList<CodedOption> Options) : AnswerScale
    {
        public bool Contains(string? code) => code is not null && Options.Any(c => c.Code == code);
    }

    /// <summary>A yes/no finding (<c>true</c> = the criterion is met / present).</summary>
    public sealed record YesNo : AnswerScale;
}

/// <summary>One printed answer box: the value it scores and its short label.</summary>
public sealed record AnswerOption(decimal Value, LocalizedText Label);

/// <summary>An answer given as a code rather than a value (ISNCSCI "NT"; a myotome "L3"), with its short label.</summary>
public sealed record CodedOption(string Code, LocalizedText Label);

/// <summary>One score an instrument reports.</summary>
/// <param name="Name">Output name (INSTRUMENTS.md / issue: <c>pain</c>, <c>sport_rec</c>, <c>total_100</c> …).</param>
/// <param name="Direction">Which end is good.</param>
/// <param name="Min">Lowest possible value (inclusive).</param>
/// <param name="Max">Highest possible value (inclusive).</param>
/// <param name="Unit">Unit or scale description ("0-100", "mm", "points", "%").</param>
/// <param name="ItemCodes">Items that feed this score (used by scoring and for answered/imputed counts).</param>
/// <param name="Bands">Severity bands, or null when the instrument defines none.</param>
public sealed record ScoreDefinition(
    string Name,
    LocalizedText Label,
    Direction Direction,
    decimal Min,
    decimal Max,
    string Unit,
    IReadOnlyList<string> ItemCodes,
    BandScheme? Bands = null);
