using System.Globalization;
using OrthoRegen.Statistics;

namespace OrthoRegen.Outcomes;

/// <summary>The product attributes a lot-to-outcome analysis can put on the x axis.</summary>
public static class LotAttributes
{
    /// <summary>Viable cells given, summed over the recorded injections, ×10^6.</summary>
    public const string ViableDose = "VIABLE_DOSE";
    /// <summary>Planned cells per kg, ×10^6/kg.</summary>
    public const string CellsPerKg = "CELLS_PER_KG";
    /// <summary>Viability (%) of the first lot given, from its VIABILITY QC result.</summary>
    public const string Viability = "VIABILITY";
    /// <summary>Highest passage recorded in the processing of the first lot given.</summary>
    public const string Passage = "PASSAGE";
    public static readonly IReadOnlyList<string> Numeric = [ViableDose, CellsPerKg, Viability, Passage];
}

/// <summary>One member's product attributes and 12-month change of the chosen score.</summary>
/// <param name="Change">Follow-up minus baseline, in score units; null when either is missing.</param>
/// <param name="Improvement">The change turned so that positive is better (−change for a higher-is-worse score).</param>
/// <param name="Responder">Improvement reaches the minimal important change; null when the change is missing.</param>
public sealed record LotOutcomeSubject(string PseudonymCode, string CellSource, string Origin, string DoseTier, double ViableDoseE6, double? CellsPerKgE6,
    double? Viability, int? Passage, double? Baseline, double? AtTwelveMonths, double? Change, double? Improvement, bool? Responder)
{
    public double? Attribute(string attribute) => attribute switch
    {
        LotAttributes.ViableDose => ViableDoseE6,
        LotAttributes.CellsPerKg => CellsPerKgE6,
        LotAttributes.Viability => Viability,
        LotAttributes.Passage => Passage,
        _ => throw new ArgumentException($"Unknown attribute {attribute}.", nameof(attribute)),
    };
}

/// <summary>Mean 12-month change in one category, with its t-based 95% CI (<see cref="Descriptive.PairedChange"/>).</summary>
public sealed record LotOutcomeGroup(string Dimension, string Key, MeanChange Change);

/// <summary>
/// The lot-to-outcome analysis: a scatter of the attribute against the 12-month change with the least-squares line and
/// its 95% confidence band (<c>lm</c> + <c>predict(interval = "confidence")</c>), a logistic model of responding on the
/// attribute (<c>glm(binomial)</c>), and the dose-response view (mean change by dose tier and by cells-per-kg bin), plus
/// the change by cell source and origin. Members without a baseline or a 12-month score, or without the attribute, are
/// counted as missing, never silently dropped.
/// </summary>
public sealed record LotOutcomeResult(string Instrument, string Score, string Direction, string Attribute, double? MinimalImportantChange,
    IReadOnlyList<LotOutcomeSubject> Subjects, int WithChange, int MissingChange, int MissingAttribute,
    LinearFit? Line, IReadOnlyList<LinePoint> Band, string? LineNotEstimable, LogisticFit? Logistic, string? LogisticNotEstimable,
    IReadOnlyList<LotOutcomeGroup> Groups);

public static class LotOutcomeAnalysis
{
    /// <summary>[DESIGN] Cells-per-kg bins of the dose-response view, ×10^6/kg: lower bounds inclusive.</summary>
    public static readonly IReadOnlyList<(double From, double? To, string Label)> CellsPerKgBins =
        [(0, 0.5, "<0.5"), (0.5, 1, "0.5-1"), (1, 2, "1-2"), (2, null, ">=2")];

    public static LotOutcomeResult Analyse(string instrument, string score, bool higherIsBetter, double? mic, string attribute,
        IReadOnlyList<LotOutcomeSubject> subjects)
    {
        var withChange = subjects.Where(s => s.Change is not null).ToList();
        var xy = withChange.Where(s => s.Attribute(attribute) is not null).ToList();
        var x = xy.Select(s => s.Attribute(attribute)!.Value).ToList();
        var y = xy.Select(s => s.Change!.Value).ToList();
        LinearFit? line = null; string? lineWhy = null;
        switch (LinearRegression.Fit(x, y))
        {
            case FitOutcome<LinearFit>.Fitted f: line = f.Fit; break;
            case FitOutcome<LinearFit>.NotEstimable n: lineWhy = n.Reason; break;
        }
        var band = line is null ? [] : line.Band(x.Min(), x.Max());

        LogisticFit? logistic = null; string? logisticWhy = null;
        if (mic is null) logisticWhy = "No minimal important change is configured for this score: responding is not defined.";
        else
        {
            var (design, errors) = DesignMatrix.Build(xy.Count, [new Covariate.Numeric(ColumnOf(attribute), x)], intercept: true);
            if (design is null) logisticWhy = string.Join(" ", errors.SelectMany(e => e.Value));
            else switch (LogisticRegression.Fit(xy.Select(s => s.Responder == true ? 1.0 : 0.0).ToList(), design))
            {
                case FitOutcome<LogisticFit>.Fitted f: logistic = f.Fit; break;
                case FitOutcome<LogisticFit>.NotEstimable n: logisticWhy = n.Reason; break;
            }
        }

        var groups = new List<LotOutcomeGroup>();
        void By(string dimension, Func<LotOutcomeSubject, string?> key)
        {
            foreach (var g in withChange.GroupBy(s => key(s) ?? SurvivalGrouping.NotRecorded).OrderBy(g => g.Key, StringComparer.Ordinal))
                groups.Add(new LotOutcomeGroup(dimension, g.Key, Descriptive.PairedChange(g.Select(s => s.Baseline!.Value).ToList(), g.Select(s => s.AtTwelveMonths!.Value).ToList())));
        }
        By("DOSE_TIER", s => s.DoseTier);
        By("CELLS_PER_KG", s => s.CellsPerKgE6 is { } v ? CellsPerKgBins.First(b => v >= b.From && (b.To is null || v < b.To)).Label : null);
        By("CELL_SOURCE", s => s.CellSource);
        By("ORIGIN", s => s.Origin);
        return new LotOutcomeResult(instrument, score, higherIsBetter ? "HIGHER_IS_BETTER" : "HIGHER_IS_WORSE", attribute, mic, subjects,
            withChange.Count, subjects.Count - withChange.Count, withChange.Count - xy.Count, line, band, lineWhy, logistic, logisticWhy, groups);
    }

    /// <summary>The model column name of an attribute, as an R data frame column would be named.</summary>
    public static string ColumnOf(string attribute) => attribute.ToLower(CultureInfo.InvariantCulture);
}
