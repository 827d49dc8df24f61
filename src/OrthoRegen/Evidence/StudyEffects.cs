using OrthoRegen.Statistics;
using OrthoRegen.Statistics.Meta;

namespace OrthoRegen.Evidence;

/// <summary>An outcome of the library: instrument code, score name and time point (null = time point not reported).</summary>
public sealed record OutcomeKey(string Instrument, string Subscale, double? Month);

/// <summary>How one study enters an analysis: its effect, or the reason it cannot.</summary>
/// <param name="Basis">"arms" (computed from arm data) or "reported" (the published effect and its CI).</param>
/// <param name="Patients">Patients behind the effect: the arms' n, or the reported effect's n.</param>
public sealed record StudyContribution(Study Study, StudyEffect? Effect, string? Basis, int? Patients, string? Excluded);

/// <summary>
/// Builds each study's effect size for one outcome and measure. Arm data come first: every TREATMENT arm with data is
/// combined into one group (Cochrane Handbook 6.5.2.10, table 6.5.a: pooled n, weighted mean and the SD that includes
/// the between-arm spread; events and n summed), likewise every CONTROL arm, and the effect is
/// <see cref="EffectSizes.FromMeans"/> or <see cref="EffectSizes.FromCounts"/> (metafor's escalc). Without usable arm
/// data the study's reported effect of the same measure is used, with variance from its 95% CI
/// ((upper − lower)/(2·1.96))² on the analysis scale (log for RR and OR; Cochrane Handbook 6.3.1 and 6.3.2).
/// </summary>
public static class StudyEffects
{
    /// <summary>
    /// The time point a study contributes: <paramref name="month"/> exactly when given; otherwise the study's latest
    /// stated time point for the outcome, or its unstated one when none is stated.
    /// </summary>
    public static double? TimePoint(StudyData s, string instrument, string subscale, double? month, bool explicitMonth)
    {
        if (explicitMonth) return month;
        var months = s.Outcomes.Where(o => o.Instrument == instrument && o.Subscale == subscale).Select(o => o.Month)
            .Concat(s.ReportedEffects.Where(r => r.Instrument == instrument && r.Subscale == subscale).Select(r => r.Month)).ToList();
        return months.Where(m => m is not null).Max();
    }

    public static StudyContribution Build(Study study, int row, string instrument, string subscale, double? month, bool explicitMonth, string measure)
    {
        var s = study.Data;
        var m = TimePoint(s, instrument, subscale, month, explicitMonth);
        var rows = s.Outcomes.Where(o => o.Instrument == instrument && o.Subscale == subscale && o.Month == m).ToList();
        var roleOf = s.Arms.ToDictionary(a => a.Name, a => a.Role, StringComparer.Ordinal);
        var treatment = rows.Where(o => roleOf.GetValueOrDefault(o.Arm) == EvidenceCodes.Treatment).ToList();
        var control = rows.Where(o => roleOf.GetValueOrDefault(o.Arm) == EvidenceCodes.Control).ToList();
        var binary = EvidenceCodes.IsRatio(measure);
        string? armProblem = null;
        if (rows.Count == 0) armProblem = EvidenceMessages.NoOutcome;
        else if (treatment.Count == 0) armProblem = EvidenceMessages.NoTreatment;
        else if (control.Count == 0) armProblem = EvidenceMessages.NoControl;
        else if (binary && treatment.Concat(control).Any(o => !o.IsBinary)) armProblem = EvidenceMessages.WrongKindBinary;
        else if (!binary && treatment.Concat(control).Any(o => o.IsBinary)) armProblem = EvidenceMessages.WrongKindContinuous;

        if (armProblem is null)
        {
            var label = s.Label;
            Outcome<IReadOnlyList<StudyEffect>> effect;
            int patients;
            if (binary)
            {
                var (e1, n1) = (treatment.Sum(o => o.Events!.Value), treatment.Sum(o => o.N));
                var (e2, n2) = (control.Sum(o => o.Events!.Value), control.Sum(o => o.N));
                patients = n1 + n2;
                effect = EffectSizes.FromCounts([new BinaryArms(row, label, e1, n1, e2, n2)],
                    measure == "RR" ? EffectMeasure.LogRiskRatio : EffectMeasure.LogOddsRatio);
            }
            else
            {
                var t = Combine(treatment);
                var c = Combine(control);
                patients = (int)(t.N + c.N);
                effect = EffectSizes.FromMeans([new ContinuousArms(row, label, t.N, t.Mean, t.Sd, c.N, c.Mean, c.Sd)],
                    measure == "SMD" ? EffectMeasure.StandardizedMeanDifference : EffectMeasure.MeanDifference);
            }
            if (effect is Outcome<IReadOnlyList<StudyEffect>>.Done d) return new StudyContribution(study, d.Value[0], "arms", patients, null);
            armProblem = string.Join(" ", ((Outcome<IReadOnlyList<StudyEffect>>.Invalid)effect).Errors.SelectMany(x => x.Value));
        }

        var reported = s.ReportedEffects.FirstOrDefault(r => r.Instrument == instrument && r.Subscale == subscale && r.Month == m && r.Measure == measure);
        if (reported is not null)
            return new StudyContribution(study, FromReported(row, s.Label, reported), "reported", reported.N, null);
        return new StudyContribution(study, null, null, null, rows.Count == 0 ? EvidenceMessages.NoReportedEffect(measure) : armProblem);
    }

    /// <summary>
    /// yi and vi from a published estimate and 95% CI: ratios on the log scale; SE = (upper − lower)/(2·qnorm(0.975)).
    /// </summary>
    public static StudyEffect FromReported(int row, string label, ReportedEffect r)
    {
        var ratio = EvidenceCodes.IsRatio(r.Measure);
        var (y, lo, hi) = ratio ? (Math.Log(r.Estimate), Math.Log(r.CiLower), Math.Log(r.CiUpper)) : (r.Estimate, r.CiLower, r.CiUpper);
        var se = (hi - lo) / (2 * Probability.NormalQuantile(0.975));
        return new StudyEffect(row, label, y, se * se);
    }

    /// <summary>Cochrane Handbook table 6.5.a: two groups combined, applied pairwise to any number of arms.</summary>
    public static (double N, double Mean, double Sd) Combine(IReadOnlyList<ArmOutcome> arms)
    {
        double n = arms[0].N, mean = arms[0].Mean!.Value, sd = arms[0].Sd!.Value;
        for (var i = 1; i < arms.Count; i++)
        {
            double n2 = arms[i].N, m2 = arms[i].Mean!.Value, s2 = arms[i].Sd!.Value;
            var total = n + n2;
            var pooledMean = (n * mean + n2 * m2) / total;
            var variance = ((n - 1) * sd * sd + (n2 - 1) * s2 * s2 + n * n2 / total * (mean - m2) * (mean - m2)) / (total - 1);
            (n, mean, sd) = (total, pooledMean, Math.Sqrt(variance));
        }
        return (n, mean, sd);
    }
}
