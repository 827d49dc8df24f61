namespace OrthoRegen.Statistics.Meta;

/// <summary>Summary data of one two-arm study with a continuous outcome (arm 1 = treatment).</summary>
/// <param name="Row">Where the study came from (e.g. the spreadsheet row), used only to name it in messages.</param>
public sealed record ContinuousArms(int Row, string Study, double N1, double M1, double Sd1, double N2, double M2, double Sd2);

/// <summary>Event counts of one two-arm study with a binary outcome (arm 1 = treatment).</summary>
public sealed record BinaryArms(int Row, string Study, double Events1, double N1, double Events2, double N2);

/// <summary>One study's effect size <paramref name="Yi"/> and its sampling variance <paramref name="Vi"/>.</summary>
public sealed record StudyEffect(int Row, string Study, double Yi, double Vi);

/// <summary>
/// Effect sizes per study, the twin of <c>metafor::escalc</c> with its defaults (see <see cref="EffectMeasure"/>
/// for each formula). Validation reports every problem, keyed by row and column, instead of computing NaN.
/// </summary>
public static class EffectSizes
{
    /// <summary>escalc("SMD") or escalc("MD") for each study; <paramref name="measure"/> must be one of those two.</summary>
    public static Outcome<IReadOnlyList<StudyEffect>> FromMeans(IReadOnlyList<ContinuousArms> studies, EffectMeasure measure)
    {
        if (measure is not (EffectMeasure.StandardizedMeanDifference or EffectMeasure.MeanDifference))
            throw new ArgumentException("Means give SMD or MD only.", nameof(measure));
        var errors = new FieldErrors();
        foreach (var s in studies)
        {
            CheckN(errors, s.Row, "n1", s.N1, 2, s.Study);
            CheckN(errors, s.Row, "n2", s.N2, 2, s.Study);
            CheckFinite(errors, s.Row, "m1", s.M1, s.Study);
            CheckFinite(errors, s.Row, "m2", s.M2, s.Study);
            CheckSd(errors, s.Row, "sd1", s.Sd1, s.Study);
            CheckSd(errors, s.Row, "sd2", s.Sd2, s.Study);
        }
        if (!errors.IsEmpty) return Outcome.Invalid<IReadOnlyList<StudyEffect>>(errors.ToDictionary());
        return studies.Select(s =>
        {
            var (yi, vi) = measure == EffectMeasure.StandardizedMeanDifference
                ? HedgesG(s.N1, s.M1, s.Sd1, s.N2, s.M2, s.Sd2)
                : MeanDifference(s.N1, s.M1, s.Sd1, s.N2, s.M2, s.Sd2);
            return new StudyEffect(s.Row, s.Study, yi, vi);
        }).ToList();
    }

    /// <summary>escalc("RR") or escalc("OR") for each study (log scale); <paramref name="measure"/> must be one of those.</summary>
    public static Outcome<IReadOnlyList<StudyEffect>> FromCounts(IReadOnlyList<BinaryArms> studies, EffectMeasure measure)
    {
        if (measure is not (EffectMeasure.LogRiskRatio or EffectMeasure.LogOddsRatio))
            throw new ArgumentException("Counts give RR or OR only.", nameof(measure));
        var errors = new FieldErrors();
        foreach (var s in studies)
        {
            var n1 = CheckN(errors, s.Row, "n1", s.N1, 1, s.Study);
            var n2 = CheckN(errors, s.Row, "n2", s.N2, 1, s.Study);
            CheckEvents(errors, s.Row, "events1", s.Events1, n1 ? s.N1 : double.PositiveInfinity, s.Study);
            CheckEvents(errors, s.Row, "events2", s.Events2, n2 ? s.N2 : double.PositiveInfinity, s.Study);
        }
        if (!errors.IsEmpty) return Outcome.Invalid<IReadOnlyList<StudyEffect>>(errors.ToDictionary());
        return studies.Select(s =>
        {
            var (yi, vi) = measure == EffectMeasure.LogRiskRatio
                ? LogRiskRatio(s.Events1, s.N1, s.Events2, s.N2)
                : LogOddsRatio(s.Events1, s.N1, s.Events2, s.N2);
            return new StudyEffect(s.Row, s.Study, yi, vi);
        }).ToList();
    }

    /// <summary>Precomputed yi and vi (measure "GEN"): each must be finite and each vi positive.</summary>
    public static Outcome<IReadOnlyList<StudyEffect>> FromPrecomputed(IReadOnlyList<StudyEffect> studies)
    {
        var errors = new FieldErrors();
        foreach (var s in studies)
        {
            CheckFinite(errors, s.Row, "yi", s.Yi, s.Study);
            if (!double.IsFinite(s.Vi)) errors.Add(MetaMessages.Cell(s.Row, "vi"), MetaMessages.NotFinite + MetaMessages.Study(s.Study));
            else if (s.Vi <= 0) errors.Add(MetaMessages.Cell(s.Row, "vi"), MetaMessages.NonPositiveVariance + MetaMessages.Study(s.Study));
        }
        if (!errors.IsEmpty) return Outcome.Invalid<IReadOnlyList<StudyEffect>>(errors.ToDictionary());
        return studies.ToList();
    }

    /// <summary>
    /// Hedges' g with the exact correction c(m) = exp(lnΓ(m/2) − ln√(m/2) − lnΓ((m−1)/2)), m = n1 + n2 − 2, and
    /// metafor's large-sample variance 1/n1 + 1/n2 + g²/(2(n1 + n2)) (escalc "SMD", vtype "LS").
    /// </summary>
    public static (double Yi, double Vi) HedgesG(double n1, double m1, double sd1, double n2, double m2, double sd2)
    {
        var m = n1 + n2 - 2;
        var sp = Math.Sqrt(((n1 - 1) * sd1 * sd1 + (n2 - 1) * sd2 * sd2) / m);
        var g = HedgesCorrection(m) * (m1 - m2) / sp;
        return (g, 1 / n1 + 1 / n2 + g * g / (2 * (n1 + n2)));
    }

    /// <summary>
    /// The exact small-sample correction c(m) = Γ(m/2) / (√(m/2) Γ((m−1)/2)) for m degrees of freedom (metafor's
    /// <c>.cmicalc</c>); undefined (NaN) for m ≤ 1, where metafor gives NA.
    /// </summary>
    public static double HedgesCorrection(double m) =>
        Math.Exp(MathNet.Numerics.SpecialFunctions.GammaLn(m / 2) - Math.Log(Math.Sqrt(m / 2)) - MathNet.Numerics.SpecialFunctions.GammaLn((m - 1) / 2));

    /// <summary>Raw mean difference m1 − m2 with variance sd1²/n1 + sd2²/n2 (escalc "MD").</summary>
    public static (double Yi, double Vi) MeanDifference(double n1, double m1, double sd1, double n2, double m2, double sd2) =>
        (m1 - m2, sd1 * sd1 / n1 + sd2 * sd2 / n2);

    /// <summary>Log risk ratio log((a/n1)/(c/n2)), variance 1/a − 1/n1 + 1/c − 1/n2, with 1/2 added to all cells when one is 0.</summary>
    public static (double Yi, double Vi) LogRiskRatio(double events1, double n1, double events2, double n2)
    {
        var (a, b, c, d) = Cells(events1, n1, events2, n2);
        double t1 = a + b, t2 = c + d;
        return (Math.Log(a / t1) - Math.Log(c / t2), 1 / a - 1 / t1 + 1 / c - 1 / t2);
    }

    /// <summary>Log odds ratio log(ad/(bc)), variance 1/a + 1/b + 1/c + 1/d, with 1/2 added to all cells when one is 0.</summary>
    public static (double Yi, double Vi) LogOddsRatio(double events1, double n1, double events2, double n2)
    {
        var (a, b, c, d) = Cells(events1, n1, events2, n2);
        return (Math.Log(a) + Math.Log(d) - Math.Log(b) - Math.Log(c), 1 / a + 1 / b + 1 / c + 1 / d);
    }

    // escalc(add = 1/2, to = "only0"): the correction goes to every cell of a study with at least one zero cell.
    static (double A, double B, double C, double D) Cells(double events1, double n1, double events2, double n2)
    {
        double a = events1, b = n1 - events1, c = events2, d = n2 - events2;
        if (a == 0 || b == 0 || c == 0 || d == 0) { a += 0.5; b += 0.5; c += 0.5; d += 0.5; }
        return (a, b, c, d);
    }

    static bool CheckN(FieldErrors errors, int row, string column, double n, int min, string study)
    {
        if (double.IsFinite(n) && n == Math.Floor(n) && n >= min) return true;
        errors.Add(MetaMessages.Cell(row, column),
            (min == 2 ? MetaMessages.SampleSizeContinuous : MetaMessages.SampleSizeBinary) + MetaMessages.Study(study));
        return false;
    }

    static void CheckSd(FieldErrors errors, int row, string column, double sd, string study)
    {
        if (!(double.IsFinite(sd) && sd > 0))
            errors.Add(MetaMessages.Cell(row, column), MetaMessages.NonPositiveSd + MetaMessages.Study(study));
    }

    static void CheckFinite(FieldErrors errors, int row, string column, double x, string study)
    {
        if (!double.IsFinite(x)) errors.Add(MetaMessages.Cell(row, column), MetaMessages.NotFinite + MetaMessages.Study(study));
    }

    static void CheckEvents(FieldErrors errors, int row, string column, double e, double n, string study)
    {
        if (!(double.IsFinite(e) && e == Math.Floor(e) && e >= 0 && e <= n))
            errors.Add(MetaMessages.Cell(row, column), MetaMessages.EventsOutOfRange + MetaMessages.Study(study));
    }
}
