using System.Text;
using System.Text.Json;

namespace OrthoRegen.Instruments;

/// <summary>
/// The instruments the registry scores, and the one entry point that validates and scores a response.
/// </summary>
public sealed class InstrumentCatalog
{
    readonly Dictionary<string, Instrument> _byCode;
    readonly Dictionary<string, string> _codes = new(StringComparer.Ordinal);

    public InstrumentCatalog(IEnumerable<Instrument> instruments)
    {
        _byCode = new Dictionary<string, Instrument>(StringComparer.Ordinal);
        foreach (var i in instruments)
        {
            if (!_byCode.TryAdd(i.Definition.Code, i))
                throw new ArgumentException($"Instrument {i.Definition.Code} is listed twice.", nameof(instruments));
            _codes.TryAdd(i.Definition.Code, i.Definition.Code);
            foreach (var item in i.Definition.Items)
            {
                _codes.TryAdd(item.Code, item.Code);
                var coded = item.Scale switch
                {
                    AnswerScale.Choice c => c.CodedOptions,
                    AnswerScale.Coded c => c.Options,
                    _ => [],
                };
                foreach (var o in coded) _codes.TryAdd(o.Code, o.Code);
            }
        }
        foreach (var field in (string[])["instrument", "items", "options", "baseline"]) _codes.TryAdd(field, field);
    }

    /// <summary>
    /// The string at the reader (a property name or string value), shared with the catalog's own copy when it is a
    /// known instrument code, item code or request field, so batch reading does not allocate a string per item.
    /// </summary>
    internal string InternCode(ref Utf8JsonReader reader)
    {
        var raw = reader.ValueSpan;
        if (reader.ValueIsEscaped || reader.HasValueSequence || raw.Length > 64) return reader.GetString()!;
        Span<char> chars = stackalloc char[64];
        var n = Encoding.UTF8.GetChars(raw, chars);
        return _codes.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(chars[..n], out var known) ? known : new string(chars[..n]);
    }

    /// <summary>KOOS, HOOS, KOOS12, KOOS_PS, WOMAC, PAIN_VAS, PAIN_NRS, LEQUESNE_KNEE, LEQUESNE_HIP, LYSHOLM, HHS, ODI,
    /// ISNCSCI, OMERACT_OARSI and KL, with the default options and thresholds of INSTRUMENTS.md.</summary>
    public static InstrumentCatalog Default { get; } = new(
    [
        Koos.Instrument, Hoos.Instrument, Koos12.Instrument, KoosPs.Instrument, Womac.Instrument,
        PainScales.Vas, PainScales.Nrs, Lequesne.Knee, Lequesne.Hip, Lysholm.Instrument, HarrisHip.Instrument,
        Oswestry.Instrument, Isncsci.IsncsciInstrument.Instrument, OmeractOarsi.Instrument, KellgrenLawrence.Instrument,
    ]);

    public IReadOnlyCollection<Instrument> Instruments => _byCode.Values;

    public IEnumerable<InstrumentDefinition> Definitions => _byCode.Values.Select(i => i.Definition);

    public Instrument? Find(string code) => _byCode.GetValueOrDefault(code);

    /// <summary>A catalog with <paramref name="instrument"/> added, or replacing the one with the same code.</summary>
    public InstrumentCatalog With(Instrument instrument) =>
        new(_byCode.Values.Where(i => i.Definition.Code != instrument.Definition.Code).Append(instrument));

    /// <summary>
    /// A catalog whose definitions carry the given MCID/PASS thresholds instead of their defaults (instruments not in
    /// <paramref name="sets"/> keep theirs). Validation, scoring and forms are unchanged; interpretation uses the new values.
    /// </summary>
    public InstrumentCatalog WithThresholds(IEnumerable<InstrumentThresholdSet> sets)
    {
        var bySet = sets.ToDictionary(s => s.Instrument, StringComparer.Ordinal);
        return new(_byCode.Values.Select(i =>
        {
            if (!bySet.TryGetValue(i.Definition.Code, out var set)) return i;
            var d = i.Definition;
            return i with { Definition = new InstrumentDefinition(d.Code, d.Version, d.Title, d.Source, d.Sections, d.Scores, d.Options, set.Change, set.Pass) };
        }));
    }

    /// <summary>
    /// Validates and scores one response. Any unknown item, wrong type, non-integer where a whole number is due,
    /// value outside the option set, or bad option rejects the whole response with one message per problem and no
    /// score; otherwise each score is computed under its missing-item rule (null with a reason when not scorable).
    /// </summary>
    public InstrumentResult Score(InstrumentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var instrument = Find(request.Instrument);
        if (instrument is null)
            return InstrumentResult.Rejected(request.Instrument, null,
                [new ItemError("instrument", InstrumentMessages.UnknownInstrument(request.Instrument, _byCode.Keys))]);
        var definition = instrument.Definition;

        var errors = new List<ItemError>();
        ResponseValidation.CheckItems(definition, request.Items, "", errors);
        var options = ScoringOptions.Read(definition, request.Options, errors);
        if (request.Baseline is not null) ResponseValidation.CheckItems(definition, request.Baseline, "baseline.", errors);
        if (errors.Count > 0) return InstrumentResult.Rejected(definition.Code, definition.Version, errors);

        var input = new ScoringInput(definition, request.Items, options);
        ScoringInput? baselineInput = request.Baseline is null ? null : new ScoringInput(definition, request.Baseline, options);
        if (instrument.CrossCheck is { } cross)
        {
            errors.AddRange(cross(input));
            if (baselineInput is not null) errors.AddRange(cross(baselineInput).Select(e => e with { Item = "baseline." + e.Item }));
            if (errors.Count > 0) return InstrumentResult.Rejected(definition.Code, definition.Version, errors);
        }

        var sheet = instrument.Score(input);
        var scores = ToScoreValues(definition, sheet);
        IReadOnlyList<ScoreChange>? change = null;
        if (baselineInput is not null)
            change = Interpretation.Compare(definition, ToScoreValues(definition, instrument.Score(baselineInput)), scores,
                options.Population);
        return new InstrumentResult(definition.Code, definition.Version, ResultStatus.Ok, scores, [], options.Values,
            sheet.Responder, sheet.ResponderReason, sheet.Classification, change);
    }

    static IReadOnlyList<ScoreValue> ToScoreValues(InstrumentDefinition definition, ScoreSheet sheet)
    {
        var result = new ScoreValue[definition.Scores.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var d = definition.Scores[i];
            ComputedScore? c = null;
            foreach (var s in sheet.Scores) if (s.Name == d.Name) { c = s; break; }
            if (c is null) throw new InvalidOperationException($"{definition.Code} scoring did not produce score {d.Name}.");
            var value = c.Value is { } v ? ScoreMath.Round4(v) : (decimal?)null;
            var band = value is { } bv ? d.Bands?.Of(bv) : null;
            result[i] = new ScoreValue(d.Name, value, d.Direction, band, c.Answered, value is null ? 0 : c.Imputed, c.Reason);
        }
        return result;
    }
}
