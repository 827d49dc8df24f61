using OrthoRegen.Safety;

namespace OrthoRegen.Outcomes;

/// <summary>One injection given to a cohort member: the exposure unit of every rate.</summary>
/// <param name="ProcessingRun">[DESIGN] The lot's processing run: the date and operator of the lot's first processing step
/// (lots processed by one operator on one day share a run); null when no processing step is recorded.</param>
public sealed record SafetyInjection(string AdministrationId, string PatientId, string LotId, string LotNumber, string CellSource,
    string Route, string? ProcessingRun, DateOnly On);

/// <summary>One adverse event of a cohort member (current version).</summary>
public sealed record SafetyEvent(string EventId, string PatientId, int Grade, bool Serious, string RelatedToProduct, string RelatedToProcedure,
    string? AdministrationId, string? LotId, DateOnly Onset);

/// <summary>Which events the signal detection counts.</summary>
public static class SignalEvents
{
    public const string All = "ALL";
    /// <summary>Possibly, probably or definitely related to the product or the procedure.</summary>
    public const string Related = "RELATED";
    public const string Serious = "SERIOUS";
    public static readonly IReadOnlyList<string> Choices = [All, Related, Serious];

    public static bool Counts(string filter, SafetyEvent e) => filter switch
    {
        All => true,
        Related => AdverseEventCodes.IsRelated(e.RelatedToProduct) || AdverseEventCodes.IsRelated(e.RelatedToProcedure),
        Serious => e.Serious,
        _ => throw new ArgumentException($"Unknown event filter {filter}.", nameof(filter)),
    };
}

/// <summary>A rate per 100 injections with its exact Poisson 95% interval (= 100 × <c>poisson.test(x, n)$conf.int</c>).</summary>
public sealed record SafetyRate(string Dimension, string Key, int Events, int Injections, double? Per100, double? Lower, double? Upper);

/// <summary>Where a unit lies against the funnel's control limits.</summary>
public static class SignalLevel
{
    public const string Within = "WITHIN";
    /// <summary>Above the upper 95% limit.</summary>
    public const string Alert = "ALERT";
    /// <summary>Above the upper 99.8% limit.</summary>
    public const string Alarm = "ALARM";
}

/// <summary>
/// Observed against expected events for one lot, processing run or cell source. Expected = injections × the clinic's
/// overall rate (events / injections over the whole cohort). Limits are exact Poisson quantiles of the expected count
/// (<c>qpois(c(0.025, 0.975))</c> and <c>qpois(c(0.001, 0.999))</c>); P is <c>poisson.test(O, n, r, alternative = "greater")</c>.
/// </summary>
public sealed record SignalUnit(string Dimension, string Key, string Label, int Injections, int Observed, double Expected, double P,
    int Lower95, int Upper95, int Lower998, int Upper998, string Level)
{
    public bool Flagged => Level != SignalLevel.Within;
}

public sealed record SafetySignalResult(string EventFilter, int Injections, int Events, int SignalEvents, double? OverallRate,
    SafetyRate Total, IReadOnlyList<SafetyRate> Rates, IReadOnlyList<SignalUnit> Units, int UnattributedEvents)
{
    public IEnumerable<SignalUnit> Flagged => Units.Where(u => u.Flagged);
}

/// <summary>
/// Adverse-event rates per 100 injections (by grade, relatedness, cell source and route) and signal detection per lot,
/// processing run and cell source. An event is attributed to the injection it names; else to the injection of the
/// named lot; else to the patient's latest injection on or before its onset. Events before any injection of the
/// cohort are not exposure-related and are counted as unattributed, never silently dropped.
/// </summary>
public static class SafetySignalAnalysis
{
    public const string Grade = "GRADE";
    public const string Relatedness = "RELATEDNESS";
    public const string CellSource = "CELL_SOURCE";
    public const string Route = "ROUTE";
    public const string Lot = "LOT";
    public const string ProcessingRun = "PROCESSING_RUN";

    public static SafetySignalResult Analyse(IReadOnlyList<SafetyInjection> injections, IReadOnlyList<SafetyEvent> events, string eventFilter)
    {
        var attributed = new List<(SafetyEvent E, SafetyInjection I)>();
        var unattributed = 0;
        var byPatient = injections.ToLookup(i => i.PatientId);
        foreach (var e in events)
        {
            var mine = byPatient[e.PatientId].ToList();
            var inj = mine.FirstOrDefault(i => e.AdministrationId is not null && i.AdministrationId == e.AdministrationId)
                ?? mine.Where(i => e.LotId is not null && i.LotId == e.LotId && i.On <= e.Onset).MaxBy(i => i.On)
                ?? mine.Where(i => i.On <= e.Onset).MaxBy(i => i.On);
            if (inj is null) unattributed++;
            else attributed.Add((e, inj));
        }

        var n = injections.Count;
        var rates = new List<SafetyRate>();
        for (var g = 1; g <= 5; g++) { var grade = g; rates.Add(Rate(Grade, grade.ToString(System.Globalization.CultureInfo.InvariantCulture), attributed.Count(a => a.E.Grade == grade), n)); }
        rates.Add(Rate(Relatedness, "PRODUCT", attributed.Count(a => AdverseEventCodes.IsRelated(a.E.RelatedToProduct)), n));
        rates.Add(Rate(Relatedness, "PROCEDURE", attributed.Count(a => AdverseEventCodes.IsRelated(a.E.RelatedToProcedure)), n));
        rates.Add(Rate(Relatedness, "UNRELATED", attributed.Count(a => !AdverseEventCodes.IsRelated(a.E.RelatedToProduct) && !AdverseEventCodes.IsRelated(a.E.RelatedToProcedure)), n));
        foreach (var g in injections.GroupBy(i => i.CellSource).OrderBy(g => g.Key, StringComparer.Ordinal))
            rates.Add(Rate(CellSource, g.Key, attributed.Count(a => a.I.CellSource == g.Key), g.Count()));
        foreach (var g in injections.GroupBy(i => i.Route).OrderBy(g => g.Key, StringComparer.Ordinal))
            rates.Add(Rate(Route, g.Key, attributed.Count(a => a.I.Route == g.Key), g.Count()));

        var counted = attributed.Where(a => SignalEvents.Counts(eventFilter, a.E)).ToList();
        double? overall = n > 0 ? (double)counted.Count / n : null;
        var units = new List<SignalUnit>();
        if (overall is { } r)
        {
            units.AddRange(Units(Lot, injections, i => i.LotId, i => i.LotNumber, counted, r));
            units.AddRange(Units(ProcessingRun, injections.Where(i => i.ProcessingRun is not null).ToList(), i => i.ProcessingRun!, i => i.ProcessingRun!, counted, r));
            units.AddRange(Units(CellSource, injections, i => i.CellSource, i => i.CellSource, counted, r));
        }
        return new SafetySignalResult(eventFilter, n, attributed.Count, counted.Count, overall, Rate("TOTAL", "TOTAL", attributed.Count, n),
            rates, units, unattributed);
    }

    static SafetyRate Rate(string dimension, string key, int events, int injections)
    {
        if (injections == 0) return new SafetyRate(dimension, key, events, 0, null, null, null);
        var (lo, up) = ExactPoisson.RateInterval(events, injections);
        return new SafetyRate(dimension, key, events, injections, 100.0 * events / injections, 100 * lo, 100 * up);
    }

    static IEnumerable<SignalUnit> Units(string dimension, IReadOnlyList<SafetyInjection> injections, Func<SafetyInjection, string> key,
        Func<SafetyInjection, string> label, IReadOnlyList<(SafetyEvent E, SafetyInjection I)> counted, double rate)
    {
        foreach (var g in injections.GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var n = g.Count();
            var observed = counted.Count(a => key(a.I) == g.Key);
            yield return Unit(dimension, g.Key, label(g.First()), n, observed, rate);
        }
    }

    /// <summary>One unit's test and limits at the overall rate (per injection).</summary>
    public static SignalUnit Unit(string dimension, string key, string label, int injections, int observed, double rate)
    {
        var expected = injections * rate;
        var l95 = ExactPoisson.Quantile(0.025, expected);
        var u95 = ExactPoisson.Quantile(0.975, expected);
        var l998 = ExactPoisson.Quantile(0.001, expected);
        var u998 = ExactPoisson.Quantile(0.999, expected);
        var level = observed > u998 ? SignalLevel.Alarm : observed > u95 ? SignalLevel.Alert : SignalLevel.Within;
        return new SignalUnit(dimension, key, label, injections, observed, expected, ExactPoisson.UpperTailP(observed, expected),
            l95, u95, l998, u998, level);
    }
}
