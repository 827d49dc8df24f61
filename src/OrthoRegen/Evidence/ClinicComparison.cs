using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;
using OrthoRegen.FollowUp;
using OrthoRegen.Instruments;
using OrthoRegen.Outcomes;
using OrthoRegen.Statistics;
using OrthoRegen.Statistics.Meta;

namespace OrthoRegen.Evidence;

/// <summary>One side of the clinic comparison: its patients' pre-post pairs at the visit and who has none.</summary>
/// <param name="Treated">Visible patients with at least one administration on this side.</param>
/// <param name="WithoutBaseline">Treated patients with no score on or before Day 0.</param>
/// <param name="WithoutFollowUp">Patients with a baseline but no score assigned to the visit.</param>
/// <param name="Change">Descriptive.PairedChange(baseline, follow-up): n, mean change, 95% CI (paired t).</param>
/// <param name="Responders">Pairs whose change reaches the score's minimal important change (<see cref="Outcomes.Responders.Reached"/>); null without a threshold.</param>
public sealed record ClinicSide(string Label, int Treated, int WithoutBaseline, int WithoutFollowUp, MeanChange Change, int? Responders);

/// <summary>
/// The clinic's effect on the workspace's measure and analysis scale (log for RR/OR), with a z-based 95% CI like the
/// studies' rows (yi ± 1.96·√vi). <see cref="Definition"/> names how it was computed:
/// <list type="bullet">
/// <item><c>PRE_POST_MD</c>: mean change follow-up − baseline; CI paired t (<c>t.test(after, before, paired = TRUE)</c>).</item>
/// <item><c>PRE_POST_SMCC</c>: standardised mean change with change-score standardisation, metafor
/// <c>escalc("SMCC")</c>: g = J(n−1)·mean change / SD of the changes (J = <see cref="EffectSizes.HedgesCorrection"/>), vi = 1/n + g²/(2n).</item>
/// <item><c>BETWEEN_MD</c>, <c>BETWEEN_SMD</c>: the clinic's mean change minus the comparison cohort's, as
/// <see cref="EffectSizes.MeanDifference"/> and <see cref="EffectSizes.HedgesG"/> on the change scores.</item>
/// <item><c>BETWEEN_RR</c>, <c>BETWEEN_OR</c>: responders (minimal important change reached) in the clinic versus the
/// comparison cohort, <see cref="EffectSizes.LogRiskRatio"/> / <see cref="EffectSizes.LogOddsRatio"/>.</item>
/// </list>
/// </summary>
public sealed record ClinicEffect(string Measure, string Definition, double Estimate, double Variance, double Lower, double Upper);

/// <summary>
/// The clinic's own result beside the literature for one instrument score and visit: the treated patients' pre-post
/// change and, when a saved comparison cohort is chosen, that cohort's; plus the effect on the workspace's measure.
/// </summary>
/// <param name="VisitCode">The follow-up visit the time point maps to (M12, Y3, …).</param>
/// <param name="Treated">Clinic-side patients (visible, treated, not in the comparison cohort).</param>
/// <param name="Change">The clinic side's pre-post change.</param>
/// <param name="Comparison">The comparison cohort's side; null when none was chosen.</param>
/// <param name="Effect">Null when it cannot be computed for the measure (<see cref="EffectNote"/> says why).</param>
public sealed record ClinicRow(string Label, string Instrument, string Subscale, double Month, string VisitCode,
    int Treated, int WithoutBaseline, int WithoutFollowUp, MeanChange Change, int? Responders,
    string? ComparisonName, ClinicSide? Comparison, ClinicEffect? Effect, string? EffectNote);

/// <summary>The pure effect computations of the clinic row (tests call them directly).</summary>
public static class ClinicEffects
{
    public const string PrePostMd = "PRE_POST_MD", PrePostSmcc = "PRE_POST_SMCC";

    /// <param name="before">Baseline values of the clinic side's pairs.</param>
    /// <param name="after">Follow-up values, same order.</param>
    /// <param name="comparison">The comparison cohort's (before, after) pairs, or null.</param>
    /// <param name="responders">Responders of the clinic side and the comparison side (null: no threshold).</param>
    public static (ClinicEffect? Effect, string? Note) Estimate(string measure, IReadOnlyList<double> before, IReadOnlyList<double> after,
        (IReadOnlyList<double> Before, IReadOnlyList<double> After)? comparison, (int? Clinic, int? Comparison) responders)
    {
        var z = Distributions.NormalQuantile(0.975);
        ClinicEffect Z(string definition, double yi, double vi) => new(measure, definition, yi, vi, yi - z * Math.Sqrt(vi), yi + z * Math.Sqrt(vi));
        var n = before.Count;
        var changes = after.Select((a, i) => a - before[i]).ToList();
        if (comparison is not { } cmp)
        {
            switch (measure)
            {
                case "MD":
                    var pc = Descriptive.PairedChange(before, after);
                    return pc is { Mean: { } m, Se: { } se, Lower: { } lo, Upper: { } up }
                        ? (new ClinicEffect(measure, PrePostMd, m, se * se, lo, up), null)
                        : (null, pc.Message ?? EvidenceMessages.ClinicTooFew);
                case "SMD":
                    if (n < 3) return (null, EvidenceMessages.ClinicTooFew);   // J(n − 1) is undefined for n − 1 ≤ 1 (metafor: NA)
                    var sd = Sd(changes);
                    if (!(sd > 0)) return (null, EvidenceMessages.ClinicNoSpread);
                    var g = EffectSizes.HedgesCorrection(n - 1) * changes.Average() / sd;
                    return (Z(PrePostSmcc, g, 1.0 / n + g * g / (2.0 * n)), null);
                default:
                    return (null, EvidenceMessages.ClinicNeedsComparison);
            }
        }
        var otherChanges = cmp.After.Select((a, i) => a - cmp.Before[i]).ToList();
        var n2 = otherChanges.Count;
        switch (measure)
        {
            case "MD" or "SMD":
                if (n < 2 || n2 < 2) return (null, EvidenceMessages.ClinicTooFew);
                double sd1 = Sd(changes), sd2 = Sd(otherChanges);
                if (measure == "SMD" && !(sd1 > 0 || sd2 > 0)) return (null, EvidenceMessages.ClinicNoSpread);
                var (yi, vi) = measure == "MD"
                    ? EffectSizes.MeanDifference(n, changes.Average(), sd1, n2, otherChanges.Average(), sd2)
                    : EffectSizes.HedgesG(n, changes.Average(), sd1, n2, otherChanges.Average(), sd2);
                if (!(vi > 0)) return (null, EvidenceMessages.ClinicNoSpread);
                return (Z("BETWEEN_" + measure, yi, vi), null);
            default:
                if (responders.Clinic is not { } r1 || responders.Comparison is not { } r2) return (null, EvidenceMessages.ClinicNoThreshold);
                if (n == 0 || n2 == 0) return (null, EvidenceMessages.ClinicTooFew);
                if ((r1 == 0 && r2 == 0) || (r1 == n && r2 == n2)) return (null, EvidenceMessages.ClinicNoContrast);
                var (ly, lv) = measure == "RR" ? EffectSizes.LogRiskRatio(r1, n, r2, n2) : EffectSizes.LogOddsRatio(r1, n, r2, n2);
                return (Z("BETWEEN_" + measure, ly, lv), null);
        }
    }

    /// <summary>Sample SD (n − 1), R's <c>sd</c>; callers have at least two values.</summary>
    static double Sd(IReadOnlyList<double> x) => Descriptive.Summarize(x).Sd!.Value;
}

/// <summary>
/// Computes <see cref="ClinicRow"/> from the registry, for the patients the caller may see. Day 0 is the UTC date of
/// the patient's first recorded administration (as the follow-up schedule is started). Baseline is the latest response
/// completed on or before Day 0 (the BASE window, DOMAIN.md 4.2, ends on Day 0) with the score present, for the target
/// of the first administration. Follow-up is the response that <see cref="VisitAssignment.Assign"/> puts in the visit
/// of the chosen month (M1, M3, M6, M12, M24, then Y<i>n</i> for whole years, with the schedule's analysis window
/// factor); with several, the one nearest the visit's target date (ties: the earlier). Patients without either are
/// counted, not silently dropped. With a saved comparison cohort, its members (selected anew within the caller's
/// sites) form the comparison side and are left out of the clinic side, so the two samples are disjoint. A responder
/// reaches the score's minimal important change for the instrument's default population (its first threshold).
/// </summary>
public sealed class ClinicComparison(Database database, ResponseStore responses, ScheduleDefinition schedule, AuditTrail audit,
    InstrumentCatalog catalog, SavedCohortStore cohorts, CohortSelector selector)
{
    // REVIEW: read-only aggregate over the administration and patient tables; the administration slice has no
    // site-wide query, and calling it per patient would audit a read of every chart for one aggregate number.
    const string FirstAdministrationsSql = """
        SELECT a.patient_id AS PatientId, a.administered_at AS AdministeredAt, a.target AS Target, a.injection_number AS InjectionNumber
        FROM administration_versions a
        JOIN record_heads h ON h.id = a.id AND h.current_version = a.version
        JOIN patients p ON p.id = a.patient_id
        WHERE NOT a.entered_in_error
        """;

    /// <summary>The visit code of <paramref name="month"/>: a fixed visit M<i>n</i>, or Y<i>n</i> for whole years beyond them.</summary>
    public string? VisitCodeFor(double month)
    {
        if (month != Math.Floor(month) || month < 1) return null;
        var code = $"M{month:0}";
        if (schedule.Visits.Any(v => v.Code == code)) return code;
        if (month % 12 == 0 && month / 12 >= schedule.Yearly.FromYear && month / 12 <= schedule.HorizonYears.Value) return $"Y{month / 12:0}";
        return null;
    }

    /// <param name="measure">MD, SMD, RR or OR: the scale of <see cref="ClinicRow.Effect"/>.</param>
    /// <param name="comparisonCohortId">A saved cohort to compare with; null = the pre-post change alone.</param>
    public async Task<Outcome<ClinicRow>> ComputeAsync(Actor actor, string instrument, string subscale, double month, CancellationToken ct,
        string measure = "MD", string? comparisonCohortId = null)
    {
        var visit = VisitCodeFor(month);
        if (visit is null) return Outcome.Invalid<ClinicRow>(new FieldErrors().Add("month", EvidenceMessages.NoVisitForMonth(month)).ToDictionary());
        SavedCohort? saved = null;
        if (comparisonCohortId is not null && (saved = await cohorts.LoadAsync(comparisonCohortId, ct)) is null)
            return Outcome.Invalid<ClinicRow>(new FieldErrors().Add("comparison", EvidenceMessages.UnknownComparison).ToDictionary());
        var inComparison = saved is null ? new HashSet<string>(StringComparer.Ordinal)
            : (await selector.SelectAsync(actor, saved.Definition, ct)).Select(m => m.PatientId).ToHashSet(StringComparer.Ordinal);

        var args = new DynamicParameters();
        var sql = FirstAdministrationsSql + (actor.AllSites ? "" : " AND " + SqlList.In("p.site_id", actor.SiteIds, args, "site"));
        List<AdministrationRow> rows;
        await using (var c = await database.OpenAsync(ct))
            rows = (await c.QueryAsync<AdministrationRow>(new CommandDefinition(sql, args, cancellationToken: ct))).ToList();
        var firsts = rows.GroupBy(r => r.PatientId, StringComparer.Ordinal)
            .Select(g => g.OrderBy(r => r.AdministeredAt).ThenBy(r => r.InjectionNumber).First())
            .OrderBy(r => r.PatientId, StringComparer.Ordinal).ToList();

        var definition = catalog.Find(instrument)?.Definition;
        var population = definition?.ChangeThresholds.FirstOrDefault(t => t.Score == subscale && t.Kind == ChangeThresholdKind.MinimalImportantChange)?.Population;
        var clinic = new SideBuilder();
        var other = new SideBuilder();
        foreach (var first in firsts)
        {
            var side = inComparison.Contains(first.PatientId) ? other : clinic;
            side.Treated++;
            var day0 = DateOnly.FromDateTime(first.AdministeredAt.UtcDateTime);
            var scored = (await responses.ListAsync(first.PatientId, ct))
                .Where(r => r.Instrument == instrument && r.Target == first.Target && r.Scores.GetValueOrDefault(subscale) is not null)
                .ToList();
            var baseline = scored.Where(r => r.CompletedOn <= day0).OrderByDescending(r => r.CompletedOn).ThenByDescending(r => r.RecordedAt).FirstOrDefault();
            if (baseline is null) { side.NoBaseline++; continue; }
            var planned = schedule.Generate(day0);
            var target = planned.First(v => v.Code == visit).Target;
            var followUp = scored.Where(r => r.CompletedOn > day0 && VisitAssignment.Assign(planned, r.CompletedOn, schedule.AnalysisWindowFactor.Value) == visit)
                .OrderBy(r => Math.Abs(r.CompletedOn.DayNumber - target.DayNumber)).ThenBy(r => r.CompletedOn).FirstOrDefault();
            if (followUp is null) { side.NoFollowUp++; continue; }
            var (b, f) = ((double)baseline.Scores[subscale]!.Value, (double)followUp.Scores[subscale]!.Value);
            side.Before.Add(b);
            side.After.Add(f);
            if (definition is not null && population is not null && Responders.Reached(definition, subscale, population, b, f) == true) side.Responders++;
        }
        int? Resp(SideBuilder s) => population is null ? null : s.Responders;
        var change = Descriptive.PairedChange(clinic.Before, clinic.After);
        var comparisonSide = saved is null ? null
            : new ClinicSide(saved.Name, other.Treated, other.NoBaseline, other.NoFollowUp, Descriptive.PairedChange(other.Before, other.After), Resp(other));
        var (effect, note) = ClinicEffects.Estimate(measure, clinic.Before, clinic.After, saved is null ? null : (other.Before, other.After), (Resp(clinic), Resp(other)));
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, "evidence_clinic_comparison", null, null,
            [$"instrument={instrument}", $"subscale={subscale}", $"visit={visit}", $"n={change.N}", $"measure={measure}",
             $"comparison={saved?.Id ?? ""}", $"comparison_version={saved?.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""}"]), ct);
        return new ClinicRow(EvidenceMessages.ClinicLabel, instrument, subscale, month, visit, clinic.Treated, clinic.NoBaseline, clinic.NoFollowUp, change,
            Resp(clinic), saved?.Name, comparisonSide, effect, note);
    }

    sealed class SideBuilder
    {
        public int Treated, NoBaseline, NoFollowUp, Responders;
        public List<double> Before { get; } = [];
        public List<double> After { get; } = [];
    }

    sealed record AdministrationRow
    {
        public string PatientId { get; init; } = "";
        public DateTimeOffset AdministeredAt { get; init; }
        public string Target { get; init; } = "";
        public int InjectionNumber { get; init; }
    }
}
