using System.Globalization;

namespace OrthoRegen.Statistics;

/// <summary>
/// Every user-facing message of the statistics slice, in one place so tests can assert on them and hosts (CLI, API,
/// reports) show the same words. Messages say what could not be estimated and why, never "NaN".
/// </summary>
public static class StatisticsMessages
{
    static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    public const string TooFewForSd = "Standard deviation needs at least 2 values.";
    public const string EmptySample = "No values: the mean is not estimable.";
    public const string ZeroVariance = "All values are equal (zero variance): the confidence interval and test are not estimable.";
    public const string PairedLengthMismatch = "Before and after must have the same number of values (paired data).";
    public const string NoTrials = "No trials (n = 0): the proportion is not estimable.";
    public const string MedianNotReached = "Median not reached: the survival curve stays above 0.5.";
    public const string MedianLowerNotReached = "Lower confidence limit of the median not reached.";
    public const string MedianUpperNotReached = "Upper confidence limit of the median not reached: the upper band stays above 0.5.";
    public const string NoEvents = "No events in this group: survival stays at 1 and the median is not reached.";
    public const string BandUndefined = "Confidence band not defined where the estimate is 0 (log) or 0 or 1 (log-log), as in survfit.";
    public const string FewerThanTwoGroupsWithExpected = "Fewer than two groups have expected events: the log-rank test has no degrees of freedom (chi-square 0, as survdiff).";

    public static string BeyondFollowUp(double t, double last) =>
        $"Time {F(t)} is beyond the last follow-up ({F(last)}): survival is not estimable there.";

    public static string NotConverged(int iterations) =>
        $"The model did not converge in {iterations} iterations.";

    public static string Separation(string term) =>
        $"Coefficient of '{term}' is diverging (monotone likelihood or separation): the estimate is infinite and the model is not estimable.";

    public static string LogisticSeparation(string? term) =>
        term is null
            ? "Fitted probabilities are numerically 0 or 1 (complete or quasi-complete separation): the model is not estimable."
            : $"Fitted probabilities are numerically 0 or 1 (complete or quasi-complete separation, coefficient of '{term}' diverging): the model is not estimable.";

    public static string Collinear(string term) =>
        $"Term '{term}' is collinear with the other terms (or constant): its coefficient is not estimable.";

    public const string NoEventsForModel = "There are no events: the Cox model is not estimable.";
    public const string NoObservations = "There are no observations.";
    public const string OutcomeConstant = "The outcome takes only one value: the logistic model is not estimable.";

    public static string ReferenceLevelMissing(string column, string level, IEnumerable<string> levels) =>
        $"Reference level '{level}' is not a level of '{column}' (levels: {string.Join(", ", levels)}).";

    public static string SingleLevel(string column) =>
        $"Factor '{column}' has only one level: it cannot be estimated.";
}
