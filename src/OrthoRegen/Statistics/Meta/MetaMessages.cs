namespace OrthoRegen.Statistics.Meta;

/// <summary>Every user-facing message of the meta-analysis slice, in one place so tests can assert on them.</summary>
public static class MetaMessages
{
    /// <summary>Error-dictionary key for a problem with one cell: data row as a spreadsheet counts it, and column.</summary>
    public static string Cell(int row, string column) => $"row {row}, column '{column}'";

    /// <summary>Error-dictionary key for a problem with the input or the request as a whole.</summary>
    public const string Input = "input";

    public static string Study(string study) => study.Length == 0 ? "" : $" (study '{study}')";

    public const string NoStudies = "no studies: the input has a header but no data rows";
    public static string OneStudy(int row, string study) =>
        $"only one study, row {row}{Study(study)}: a meta-analysis needs at least 2";

    public static string NotWhole(string what) => $"{what} must be a whole number";
    public const string SampleSizeContinuous = "sample size must be a whole number of at least 2";
    public const string SampleSizeBinary = "sample size must be a whole number of at least 1";
    public const string NonPositiveSd = "standard deviation must be positive";
    public const string EventsOutOfRange = "events must be a whole number from 0 to the sample size";
    public const string NonPositiveVariance = "sampling variance must be positive (a zero variance would get infinite weight)";
    public const string NotFinite = "must be a finite number";

    public static string TooFewStudies(int k, int p, Tau2 method) => p == 1
        ? $"{k} studies are too few for this model"
        : $"{k} studies are too few to estimate {p} coefficients{(method == Tau2.FixedEffect ? "" : " and τ²")}";

    public const string RedundantModerator =
        "the model matrix is not of full rank (a constant or redundant moderator): coefficients are not estimable";
    public static string NoConvergence(string method) =>
        $"{method} estimation of τ² did not converge in 10000 Fisher scoring iterations";

    public static string EmptySubgroup(string study) => $"subgroup is empty{Study(study)}";
    public const string OneSubgroup = "the subgroup column has only one level: there is nothing to compare";
    public const string ConstantModerator = "the moderator is constant across studies: its effect is not estimable";
    public const string EggerTooFew = "Egger's test needs at least 3 studies";
    public const string TrimFillTooFew = "trim-and-fill needs at least 3 studies";
    public const string TrimFillEqualSe = "trim-and-fill needs studies with different standard errors to choose a side";
    public const string TrimFillNoConvergence = "trim-and-fill did not converge in 100 iterations";
    public static string SubgroupModel(string reason) => $"mixed-effects model with subgroup as factor: {reason}";
}
