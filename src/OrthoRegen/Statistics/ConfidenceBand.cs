namespace OrthoRegen.Statistics;

/// <summary>
/// Pointwise confidence band of a survival curve, named as in <c>survival::survfit(conf.type = …)</c>. The formulas are
/// survfit's <c>survfit_confint</c>, with z = qnorm(1 − (1 − level)/2) and se the standard error of the cumulative
/// hazard (Kaplan-Meier) or of the probability divided by the probability (Aalen-Johansen).
/// </summary>
public enum ConfidenceBand
{
    /// <summary>= survfit <c>conf.type = "log"</c> (R's default): exp(log S ± z·se), upper limit capped at 1; undefined where S = 0.</summary>
    Log,

    /// <summary>= survfit <c>conf.type = "log-log"</c>: exp(−exp(log(−log S) ∓ z·se / log S)); undefined where S = 0 or S = 1.</summary>
    LogLog,

    /// <summary>= survfit <c>conf.type = "plain"</c>: S ± z·se·S, clipped to [0, 1].</summary>
    Plain,
}

/// <summary>survfit's <c>survfit_confint</c> for one point; null where R reports NA.</summary>
internal static class Band
{
    /// <param name="p">The estimate (survival or state probability).</param>
    /// <param name="seLog">Standard error on the log scale (survfit's std.err for Kaplan-Meier; se(p)/p otherwise).</param>
    /// <param name="z">qnorm(1 − (1 − level)/2).</param>
    public static (double? Lower, double? Upper) Limits(double p, double seLog, double z, ConfidenceBand band)
    {
        if (!double.IsFinite(seLog)) return (null, null);
        switch (band)
        {
            case ConfidenceBand.Plain:
            {
                var se2 = seLog * p * z;
                return (Finite(Math.Max(p - se2, 0)), Finite(Math.Min(p + se2, 1)));
            }
            case ConfidenceBand.Log:
            {
                if (p == 0) return (null, null);
                var se2 = z * seLog;
                return (Finite(Math.Exp(Math.Log(p) - se2)), Finite(Math.Min(Math.Exp(Math.Log(p) + se2), 1)));
            }
            case ConfidenceBand.LogLog:
            {
                if (p == 0 || p == 1) return (null, null);
                var lp = Math.Log(p);
                var se2 = z * seLog / lp;
                var ll = Math.Log(-lp);
                return (Finite(Math.Exp(-Math.Exp(ll - se2))), Finite(Math.Exp(-Math.Exp(ll + se2))));
            }
            default: throw new ArgumentOutOfRangeException(nameof(band));
        }
    }

    static double? Finite(double v) => double.IsFinite(v) ? v : null;
}

/// <summary>The R spellings of <see cref="ConfidenceBand"/> (survfit's <c>conf.type</c>).</summary>
public static class ConfidenceBandNames
{
    /// <summary>Parses "log", "log-log" or "plain"; null if unknown.</summary>
    public static ConfidenceBand? FromR(string s) => s switch
    {
        "log" => ConfidenceBand.Log,
        "log-log" => ConfidenceBand.LogLog,
        "plain" => ConfidenceBand.Plain,
        _ => null,
    };

    public static string ToR(ConfidenceBand band) => band switch
    {
        ConfidenceBand.Log => "log",
        ConfidenceBand.LogLog => "log-log",
        _ => "plain",
    };
}
