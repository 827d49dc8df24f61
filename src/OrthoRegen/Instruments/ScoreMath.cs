namespace OrthoRegen.Instruments;

/// <summary>
/// Arithmetic shared by the scoring functions. Everything is <see cref="decimal"/>: sums and the divisions the manuals
/// use are exact or correct to 28 significant digits, so rounding to 4 decimals (half away from zero, INSTRUMENTS.md
/// "Arithmetic") gives the same result as rational arithmetic.
/// </summary>
public static class ScoreMath
{
    /// <summary>Rounds half away from zero to 4 decimals and drops trailing zeros (43.50 → 43.5).</summary>
    public static decimal Round4(decimal value)
    {
        var r = Math.Round(value, 4, MidpointRounding.AwayFromZero);
        while (r.Scale > 0)
        {
            var shorter = Math.Round(r, r.Scale - 1); // equal only when the last digit is a 0
            if (shorter != r) break;
            r = shorter;
        }
        return r;
    }

    /// <summary>Sum and count of the answered items among <paramref name="codes"/>.</summary>
    public static (decimal Sum, int Answered) SumAnswered(ScoringInput input, IReadOnlyList<string> codes)
    {
        var sum = 0m;
        var answered = 0;
        foreach (var code in codes)
        {
            if (input.Number(code) is { } v) { sum += v; answered++; }
        }
        return (sum, answered);
    }

    /// <summary>
    /// The KOOS/HOOS/KOOS-12 transformation <c>100 − 25 × mean of answered items</c> (0–4 items; 100 = no problems),
    /// null with a reason when fewer than <paramref name="minAnswered"/> items are answered. Missing items count as
    /// imputed by the person's mean, which is what averaging the answered items does.
    /// </summary>
    public static ComputedScore Transformed0To100(ScoringInput input, ScoreDefinition score, int minAnswered)
    {
        var (sum, answered) = SumAnswered(input, score.ItemCodes);
        var of = score.ItemCodes.Count;
        if (answered < minAnswered || answered == 0)
            return ComputedScore.Invalid(score.Name, answered, InstrumentMessages.TooFewAnswered(answered, Math.Max(minAnswered, 1), of));
        return new ComputedScore(score.Name, 100m - 25m * sum / answered, answered, of - answered);
    }

    /// <summary>A plain sum that needs every item (the convention for instruments without a published rule).</summary>
    public static ComputedScore SumOfAll(ScoringInput input, ScoreDefinition score)
    {
        var (sum, answered) = SumAnswered(input, score.ItemCodes);
        var of = score.ItemCodes.Count;
        return answered < of
            ? ComputedScore.Invalid(score.Name, answered, InstrumentMessages.AllRequired(answered, of))
            : new ComputedScore(score.Name, sum, answered);
    }

    /// <summary>The sum of other scores, null when any of them is null.</summary>
    public static ComputedScore SumOfScores(string name, params ComputedScore[] parts)
    {
        var answered = parts.Sum(p => p.Answered);
        var invalid = parts.Where(p => p.Value is null).Select(p => p.Name).ToList();
        if (invalid.Count > 0) return ComputedScore.Invalid(name, answered, InstrumentMessages.DependsOnInvalid(string.Join(", ", invalid)));
        return new ComputedScore(name, parts.Sum(p => p.Value!.Value), answered, parts.Sum(p => p.Imputed));
    }
}
