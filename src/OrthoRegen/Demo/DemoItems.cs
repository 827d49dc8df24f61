using OrthoRegen.Instruments;

namespace OrthoRegen.Demo;

/// <summary>
/// Answers an instrument item by item for a latent health level h in [0, 1] (1 = best possible). Each item's polarity
/// (does a higher answer mean better or worse health?) is found once by scoring: all items at their lowest option, then
/// the item alone at its highest, read on a score that contains the item. Answers are then drawn around the position
/// h (or 1 − h) of the item's range with item-level noise and snapped to a valid option, so every response is valid
/// under the instrument's own scale and the scores come from the instruments engine, never written directly.
/// </summary>
public sealed class DemoItems
{
    readonly InstrumentCatalog _catalog;
    readonly Dictionary<string, IReadOnlyList<ItemPlan>> _plans = new(StringComparer.Ordinal);

    public DemoItems(InstrumentCatalog catalog) { _catalog = catalog; }

    sealed record ItemPlan(string Code, decimal[] Values, bool HigherIsHealthier);

    public IReadOnlyDictionary<string, Answer> Answer(string instrument, double health, DemoRandom random, double itemNoise = 0.12)
    {
        var plans = Plans(instrument);
        var answers = new Dictionary<string, Answer>(plans.Count, StringComparer.Ordinal);
        foreach (var p in plans)
        {
            var f = Math.Clamp((p.HigherIsHealthier ? health : 1 - health) + random.Normal(0, itemNoise), 0, 1);
            var idx = (int)Math.Round(f * (p.Values.Length - 1), MidpointRounding.AwayFromZero);
            answers[p.Code] = Instruments.Answer.Of(p.Values[idx]);
        }
        return answers;
    }

    IReadOnlyList<ItemPlan> Plans(string instrument)
    {
        if (_plans.TryGetValue(instrument, out var known)) return known;
        var definition = (_catalog.Find(instrument) ?? throw new ArgumentException($"Unknown instrument {instrument}.", nameof(instrument))).Definition;
        var items = definition.Items.Select(i => (i.Code, Values: i.Scale switch
        {
            AnswerScale.Choice c => c.Options.Select(o => o.Value).Distinct().Order().ToArray(),
            _ => throw new NotSupportedException($"{instrument} item {i.Code}: only choice items are generated for the demo."),
        })).ToList();
        var low = items.ToDictionary(i => i.Code, i => Instruments.Answer.Of(i.Values[0]), StringComparer.Ordinal);
        var baseScores = Score(instrument, low);
        var plans = new List<ItemPlan>();
        foreach (var (code, values) in items)
        {
            var score = definition.Scores.First(s => s.ItemCodes.Contains(code));
            var changed = new Dictionary<string, Answer>(low, StringComparer.Ordinal) { [code] = Instruments.Answer.Of(values[^1]) };
            var delta = (Score(instrument, changed).Score(score.Name)?.Value ?? 0) - (baseScores.Score(score.Name)?.Value ?? 0);
            var better = score.Direction == Direction.HigherIsBetter ? delta > 0 : delta < 0;
            plans.Add(new ItemPlan(code, values, better));
        }
        _plans[instrument] = plans;
        return plans;
    }

    InstrumentResult Score(string instrument, IReadOnlyDictionary<string, Answer> items)
    {
        var result = _catalog.Score(new InstrumentRequest(instrument, items));
        if (result.Status == ResultStatus.Rejected) throw new InvalidOperationException($"{instrument}: demo answers rejected.");
        return result;
    }
}
