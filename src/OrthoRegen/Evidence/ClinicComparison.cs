using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Data;
using OrthoRegen.FollowUp;
using OrthoRegen.Instruments;
using OrthoRegen.Statistics;

namespace OrthoRegen.Evidence;

/// <summary>
/// The clinic's own result beside the literature: the mean pre-post change of one instrument score in treated patients.
/// </summary>
/// <param name="VisitCode">The follow-up visit the time point maps to (M12, Y3, …).</param>
/// <param name="Treated">Visible patients with at least one administration.</param>
/// <param name="WithoutBaseline">Treated patients with no score on or before Day 0.</param>
/// <param name="WithoutFollowUp">Patients with a baseline but no score assigned to the visit.</param>
/// <param name="Change">Descriptive.PairedChange(baseline, follow-up): n, mean change, 95% CI (paired t).</param>
public sealed record ClinicRow(string Label, string Instrument, string Subscale, double Month, string VisitCode,
    int Treated, int WithoutBaseline, int WithoutFollowUp, MeanChange Change);

/// <summary>
/// Computes <see cref="ClinicRow"/> from the registry, for the patients the caller may see. Day 0 is the UTC date of
/// the patient's first recorded administration (as the follow-up schedule is started). Baseline is the latest response
/// completed on or before Day 0 (the BASE window, DOMAIN.md 4.2, ends on Day 0) with the score present, for the target
/// of the first administration. Follow-up is the response that <see cref="VisitAssignment.Assign"/> puts in the visit
/// of the chosen month (M1, M3, M6, M12, M24, then Y<i>n</i> for whole years, with the schedule's analysis window
/// factor); with several, the one nearest the visit's target date (ties: the earlier). Patients without either are
/// counted, not silently dropped.
/// </summary>
public sealed class ClinicComparison(Database database, ResponseStore responses, ScheduleDefinition schedule, AuditTrail audit)
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

    public async Task<Outcome<ClinicRow>> ComputeAsync(Actor actor, string instrument, string subscale, double month, CancellationToken ct)
    {
        var visit = VisitCodeFor(month);
        if (visit is null) return Outcome.Invalid<ClinicRow>(new FieldErrors().Add("month", EvidenceMessages.NoVisitForMonth(month)).ToDictionary());
        var args = new DynamicParameters();
        var sql = FirstAdministrationsSql + (actor.AllSites ? "" : " AND " + SqlList.In("p.site_id", actor.SiteIds, args, "site"));
        List<AdministrationRow> rows;
        await using (var c = await database.OpenAsync(ct))
            rows = (await c.QueryAsync<AdministrationRow>(new CommandDefinition(sql, args, cancellationToken: ct))).ToList();
        var firsts = rows.GroupBy(r => r.PatientId, StringComparer.Ordinal)
            .Select(g => g.OrderBy(r => r.AdministeredAt).ThenBy(r => r.InjectionNumber).First())
            .OrderBy(r => r.PatientId, StringComparer.Ordinal).ToList();

        var before = new List<double>();
        var after = new List<double>();
        int noBaseline = 0, noFollowUp = 0;
        foreach (var first in firsts)
        {
            var day0 = DateOnly.FromDateTime(first.AdministeredAt.UtcDateTime);
            var scored = (await responses.ListAsync(first.PatientId, ct))
                .Where(r => r.Instrument == instrument && r.Target == first.Target && r.Scores.GetValueOrDefault(subscale) is not null)
                .ToList();
            var baseline = scored.Where(r => r.CompletedOn <= day0).OrderByDescending(r => r.CompletedOn).ThenByDescending(r => r.RecordedAt).FirstOrDefault();
            if (baseline is null) { noBaseline++; continue; }
            var planned = schedule.Generate(day0);
            var target = planned.First(v => v.Code == visit).Target;
            var followUp = scored.Where(r => r.CompletedOn > day0 && VisitAssignment.Assign(planned, r.CompletedOn, schedule.AnalysisWindowFactor.Value) == visit)
                .OrderBy(r => Math.Abs(r.CompletedOn.DayNumber - target.DayNumber)).ThenBy(r => r.CompletedOn).FirstOrDefault();
            if (followUp is null) { noFollowUp++; continue; }
            before.Add((double)baseline.Scores[subscale]!.Value);
            after.Add((double)followUp.Scores[subscale]!.Value);
        }
        var change = Descriptive.PairedChange(before, after);
        await audit.AppendAsync(actor, new AuditEvent(AuditAction.Read, "evidence_clinic_comparison", null, null,
            [$"instrument={instrument}", $"subscale={subscale}", $"visit={visit}", $"n={change.N}"]), ct);
        return new ClinicRow(EvidenceMessages.ClinicLabel, instrument, subscale, month, visit, firsts.Count, noBaseline, noFollowUp, change);
    }

    sealed record AdministrationRow
    {
        public string PatientId { get; init; } = "";
        public DateTimeOffset AdministeredAt { get; init; }
        public string Target { get; init; } = "";
        public int InjectionNumber { get; init; }
    }
}
