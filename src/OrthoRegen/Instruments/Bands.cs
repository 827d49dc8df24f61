namespace OrthoRegen.Instruments;

/// <summary>How a value that falls between two published integer ranges (e.g. 4.5 between 1–4 and 5–7) is placed.</summary>
public enum BandGapRule
{
    /// <summary>The band with the greatest lower bound at or below the value (Lequesne 4.5 → mild; INSTRUMENTS.md §5).</summary>
    LowerBound,
    /// <summary>The band with the smallest upper bound at or above the value (ODI 20.5 → moderate; INSTRUMENTS.md §8).</summary>
    UpperBound,
}

/// <summary>One published band; both ends inclusive as printed (e.g. "mild 5–44").</summary>
public sealed record Band(string Code, LocalizedText Label, decimal From, decimal To);

/// <summary>
/// A score's severity bands as published, with the rule for values in the gaps between printed ranges.
/// Bands are descriptive only (INSTRUMENTS.md "Open points" 7); they never drive a clinical decision.
/// </summary>
public sealed record BandScheme(IReadOnlyList<Band> Bands, BandGapRule GapRule, string Source)
{
    /// <summary>The band of <paramref name="value"/>, or null outside every band.</summary>
    public Band? Of(decimal value)
    {
        Band? best = null;
        foreach (var b in Bands)
        {
            if (b.From <= value && value <= b.To) return b;
            if (GapRule == BandGapRule.LowerBound && b.From <= value && (best is null || b.From > best.From)) best = b;
            if (GapRule == BandGapRule.UpperBound && b.To >= value && (best is null || b.To < best.To)) best = b;
        }
        var lo = Bands.Min(b => b.From);
        var hi = Bands.Max(b => b.To);
        return value < lo || value > hi ? null : best;
    }
}
