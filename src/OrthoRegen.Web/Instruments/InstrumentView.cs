using OrthoRegen.Instruments;

namespace OrthoRegen.Web.Instruments;

/// <summary>
/// The JSON shape of a definition for API clients: the definition's own records flattened where they are abstract
/// (the answer scale becomes <c>kind</c> with its options, codes or range) and directions written by name.
/// </summary>
public sealed record InstrumentView(
    string Code, string Version, LocalizedText Title, string Source, IReadOnlyList<InstrumentView.Section> Sections,
    IReadOnlyList<InstrumentView.Score> Scores, IReadOnlyList<InstrumentView.Option> Options,
    IReadOnlyList<ChangeThreshold> ChangeThresholds, IReadOnlyList<PassThreshold> PassThresholds,
    IReadOnlyList<InstrumentView.Wording> LicensedWordings)
{
    /// <summary>A licensed wording the clinic has loaded for this instrument: its language and licence line.</summary>
    public sealed record Wording(string Language, string Licence);

    public sealed record Section(string Code, LocalizedText Title, IReadOnlyList<Item> Items);

    public sealed record Item(
        string Code, LocalizedText Label, string Kind, IReadOnlyList<AnswerOption>? Options, IReadOnlyList<CodedOption>? Codes,
        decimal? Min, decimal? Max, string? Unit, string? EnabledUnlessAnswered);

    public sealed record Score(string Name, LocalizedText Label, string Direction, decimal Min, decimal Max, string Unit, IReadOnlyList<string> Items);

    public sealed record Option(string Name, string Description, object Default);

    /// <param name="wordings">The clinic's loaded wordings (their texts are fetched with the FHIR export).</param>
    public static InstrumentView From(InstrumentDefinition d, LicensedWordingLibrary wordings) => new(
        d.Code, d.Version, d.Title, d.Source,
        d.Sections.Select(s => new Section(s.Code, s.Title, s.Items.Select(ItemOf).ToList())).ToList(),
        d.Scores.Select(s => new Score(s.Name, s.Label, s.Direction == Direction.HigherIsBetter ? "higher_is_better" : "higher_is_worse",
            s.Min, s.Max, s.Unit, s.ItemCodes)).ToList(),
        d.Options.Select(o => new Option(o.Name, o.Description, o.Default)).ToList(),
        d.ChangeThresholds, d.PassThresholds,
        wordings.All.Where(w => w.Instrument == d.Code).OrderBy(w => w.Language, StringComparer.Ordinal)
            .Select(w => new Wording(w.Language, w.Licence)).ToList());

    static Item ItemOf(ItemDefinition i) => i.Scale switch
    {
        AnswerScale.Choice c => new Item(i.Code, i.Label, "choice", c.Options, c.CodedOptions.Count > 0 ? c.CodedOptions : null, null, null, null, i.EnabledUnlessAnswered),
        AnswerScale.Coded c => new Item(i.Code, i.Label, "coded", null, c.Options, null, null, null, i.EnabledUnlessAnswered),
        AnswerScale.Quantity q => new Item(i.Code, i.Label, "quantity", null, null, q.Min, q.Max, q.Unit, i.EnabledUnlessAnswered),
        _ => new Item(i.Code, i.Label, "yes_no", null, null, null, null, null, i.EnabledUnlessAnswered),
    };
}
