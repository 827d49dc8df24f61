namespace OrthoRegen.Statistics;

/// <summary>A covariate column for a regression model: numeric, or a factor expanded with treatment coding.</summary>
public abstract record Covariate(string Name)
{
    /// <summary>A numeric covariate entering as one term named after the column.</summary>
    public sealed record Numeric(string Name, IReadOnlyList<double> Values) : Covariate(Name);

    /// <summary>
    /// A categorical covariate with treatment coding (R's <c>contr.treatment</c>): one 0/1 term per non-reference level,
    /// named column + level as R prints them (<c>cell_sourceUC</c>). The reference is <paramref name="Reference"/> or,
    /// when null, the first level in ordinal string order (R's factor levels in the C locale).
    /// </summary>
    public sealed record Factor(string Name, IReadOnlyList<string> Values, string? Reference = null) : Covariate(Name);
}

/// <summary>
/// The design matrix of a model, row-major (n × p), with R-style term names (<c>(Intercept)</c>, <c>age</c>,
/// <c>cell_sourceUC</c>), in the order of the covariates and, within a factor, of its non-reference levels.
/// </summary>
public sealed record DesignMatrix(int Rows, IReadOnlyList<string> Terms, double[] Values)
{
    public int Columns => Terms.Count;
    public double this[int row, int column] => Values[row * Terms.Count + column];

    /// <summary>
    /// Builds the matrix (R: <c>model.matrix(~ a + b, data)</c>); problems (a missing reference level, a factor with
    /// one level) are returned as messages keyed by column name, and the matrix is null.
    /// </summary>
    public static (DesignMatrix? Matrix, IReadOnlyDictionary<string, string[]> Errors) Build(
        int rows, IReadOnlyList<Covariate> covariates, bool intercept)
    {
        ArgumentNullException.ThrowIfNull(covariates);
        var errors = new FieldErrors();
        var names = new List<string>();
        var cols = new List<double[]>();
        if (intercept) { names.Add("(Intercept)"); cols.Add(Enumerable.Repeat(1.0, rows).ToArray()); }
        foreach (var cov in covariates)
        {
            switch (cov)
            {
                case Covariate.Numeric num:
                    if (num.Values.Count != rows) throw new ArgumentException($"Covariate '{num.Name}' has {num.Values.Count} values, expected {rows}.");
                    for (var i = 0; i < rows; i++)
                        if (!double.IsFinite(num.Values[i])) throw new ArgumentException($"Covariate '{num.Name}', value {i + 1}, is not finite.");
                    names.Add(num.Name);
                    cols.Add(num.Values.ToArray());
                    break;
                case Covariate.Factor f:
                {
                    if (f.Values.Count != rows) throw new ArgumentException($"Covariate '{f.Name}' has {f.Values.Count} values, expected {rows}.");
                    var levels = f.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                    var reference = f.Reference ?? levels.FirstOrDefault();
                    if (f.Reference is not null && !levels.Contains(f.Reference))
                    { errors.Add(f.Name, StatisticsMessages.ReferenceLevelMissing(f.Name, f.Reference, levels)); break; }
                    if (levels.Count < 2) { errors.Add(f.Name, StatisticsMessages.SingleLevel(f.Name)); break; }
                    foreach (var level in levels)
                    {
                        if (level == reference) continue;
                        names.Add(f.Name + level);
                        var col = new double[rows];
                        for (var i = 0; i < rows; i++) col[i] = f.Values[i] == level ? 1 : 0;
                        cols.Add(col);
                    }
                    break;
                }
                default: throw new ArgumentException("Unknown covariate kind.", nameof(covariates));
            }
        }
        if (!errors.IsEmpty) return (null, errors.ToDictionary());
        var p = names.Count;
        var values = new double[rows * p];
        for (var j = 0; j < p; j++)
        {
            var c = cols[j];
            for (var i = 0; i < rows; i++) values[i * p + j] = c[i];
        }
        return (new DesignMatrix(rows, names, values), errors.ToDictionary());
    }
}

/// <summary>A model that was fitted, or a clear reason why it could not be (non-convergence, separation, collinearity).</summary>
public abstract record FitOutcome<T>
{
    public sealed record Fitted(T Fit) : FitOutcome<T>;
    public sealed record NotEstimable(string Reason) : FitOutcome<T>;
}

/// <summary>A chi-square test statistic with its degrees of freedom and upper-tail p-value.</summary>
public sealed record ChiSquareTest(double ChiSquare, int Df, double P);
