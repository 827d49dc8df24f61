namespace OrthoRegen.Instruments;

/// <summary>
/// Change of one score from baseline to follow-up, with the population's thresholds.
/// </summary>
/// <param name="Change">Follow-up − baseline, in score units (sign as the scale runs).</param>
/// <param name="RelativeChangePercent">Change as percent of baseline; null when the baseline is 0.</param>
/// <param name="Improvement">Change with the sign turned so that positive = better (direction-aware).</param>
/// <param name="RelativeImprovementPercent">Improvement as percent of baseline; null when the baseline is 0.</param>
/// <param name="Threshold">The MCID (or smallest detectable change) for this score and population, or null.</param>
/// <param name="ThresholdMet">Improvement ≥ absolute threshold or relative improvement ≥ relative threshold
/// (inclusive); null when there is no threshold or a score is missing.</param>
/// <param name="Pass">The PASS for this score and population, or null.</param>
/// <param name="PassMet">Follow-up at or better than the PASS value; null when there is no PASS or no follow-up score.</param>
public sealed record ScoreChange(
    string Score,
    decimal? Baseline,
    decimal? Followup,
    decimal? Change,
    decimal? RelativeChangePercent,
    decimal? Improvement,
    decimal? RelativeImprovementPercent,
    ChangeThreshold? Threshold,
    bool? ThresholdMet,
    PassThreshold? Pass,
    bool? PassMet);

/// <summary>Change from baseline, relative change, and whether it passes the MCID and PASS (INSTRUMENTS.md §10 table).</summary>
public static class Interpretation
{
    /// <summary>
    /// Compares two scorings of the same instrument score by score. Uses the reported (4-decimal) values, so the change
    /// a reader recomputes from the two printed scores is the change reported.
    /// </summary>
    /// <param name="population">Threshold population (the <c>population</c> option); null = no thresholds.</param>
    public static IReadOnlyList<ScoreChange> Compare(
        InstrumentDefinition definition, IReadOnlyList<ScoreValue> baseline, IReadOnlyList<ScoreValue> followup, string? population)
    {
        var result = new List<ScoreChange>(definition.Scores.Count);
        foreach (var d in definition.Scores)
        {
            var b = baseline.First(s => s.Name == d.Name).Value;
            var f = followup.First(s => s.Name == d.Name).Value;
            var threshold = definition.ChangeThresholds.FirstOrDefault(t => t.Score == d.Name && t.Population == population);
            var pass = definition.PassThresholds.FirstOrDefault(t => t.Score == d.Name && t.Population == population);
            bool? passMet = pass is null || f is null ? null
                : d.Direction == Direction.HigherIsWorse ? f <= pass.Value : f >= pass.Value;
            if (b is not { } bv || f is not { } fv)
            {
                result.Add(new ScoreChange(d.Name, b, f, null, null, null, null, threshold, null, pass, passMet));
                continue;
            }
            var change = fv - bv;
            var improvement = d.Direction == Direction.HigherIsBetter ? change : -change;
            decimal? relative = bv == 0m ? null : ScoreMath.Round4(change * 100m / bv);
            decimal? relativeImprovement = bv == 0m ? null : ScoreMath.Round4(improvement * 100m / Math.Abs(bv));
            bool? met = threshold is null ? null
                : threshold.Absolute is { } abs && improvement >= abs
                  || threshold.RelativePercent is { } rel && relativeImprovement is { } ri && ri >= rel;
            result.Add(new ScoreChange(d.Name, bv, fv, change, relative, improvement, relativeImprovement, threshold, met, pass, passMet));
        }
        return result;
    }
}
