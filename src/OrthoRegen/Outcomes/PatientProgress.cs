using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.FollowUp;
using OrthoRegen.Instruments;

namespace OrthoRegen.Outcomes;

/// <summary>One instrument score of one treated target over the scheduled visits, with change and MCID per visit.</summary>
/// <param name="Points">Per assigned visit: the value, the change from baseline and whether the MCID was reached (null = no baseline or no threshold).</param>
/// <param name="MinimalImportantChange">The population's minimal important change in score units (a relative threshold times the
/// baseline); null without a threshold or, for a relative one, without a baseline.</param>
public sealed record ProgressSeries(string Instrument, string Score, string Label, string Unit, bool HigherIsBetter, string? Population,
    IReadOnlyList<(string Visit, DateOnly On, double Value, double? Change, bool? McidMet)> Points, Trajectory Trajectory,
    double? MinimalImportantChange = null);

/// <summary>One treated target of the patient and its outcomes.</summary>
public sealed record ProgressTarget(CohortMember Member, IReadOnlyList<ProgressSeries> Series);

/// <summary>
/// The one-page progress report of a patient for the clinic's file: each treated target, its plan, and every instrument
/// score recorded for it at the scheduled visits (visit assignment as in the cohort analyses, DOMAIN.md 4.2).
/// </summary>
public sealed class PatientProgress(Database database, CohortSelector selector, InstrumentCatalog catalog, ScheduleDefinition schedule, TimeProvider clock)
{
    public async Task<IReadOnlyList<ProgressTarget>> BuildAsync(Actor actor, string patientId, CancellationToken ct)
    {
        var members = await selector.SelectPatientAsync(actor, patientId, ct);
        var observations = await CohortObservations.LoadAsync(database, actor, members, ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var factor = schedule.AnalysisWindowFactor.Value;
        var targets = new List<ProgressTarget>();
        foreach (var m in members)
        {
            var series = new List<ProgressSeries>();
            foreach (var (code, scores) in observations.InstrumentsPresent())
            {
                var definition = catalog.Find(code)?.Definition;
                if (definition is null) continue;
                foreach (var score in definition.Scores.Where(s => scores.Contains(s.Name)))
                {
                    var byPlan = observations.Scores(code, score.Name);
                    if (!byPlan.TryGetValue(m.PlanId, out var obs) || obs.Count == 0) continue;
                    var visits = Trajectories.AnalysisVisits(schedule, m.DayZero);
                    var assigned = Trajectories.Assign(visits, obs, factor);
                    var population = Responders.PopulationFor(definition, m.Indication);
                    double? baseline = assigned.TryGetValue(Trajectories.Baseline, out var b) ? b.Value : null;
                    var points = visits.Where(v => assigned.ContainsKey(v.Code)).Select(v =>
                    {
                        var o = assigned[v.Code];
                        bool? met = null;
                        if (baseline is { } bv && v.Code != Trajectories.Baseline && population is not null)
                            met = Interpretation.Compare(definition, Values(definition, score.Name, bv), Values(definition, score.Name, o.Value), population)
                                .First(c => c.Score == score.Name).ThresholdMet;
                        return (v.Code, o.On, o.Value, baseline is { } bb && v.Code != Trajectories.Baseline ? o.Value - bb : (double?)null, met);
                    }).ToList();
                    var t = Trajectories.Compute($"{code}.{score.Name}", $"{definition.Title.En}: {score.Label.En}", score.Unit,
                        score.Direction == Direction.HigherIsBetter, [m], byPlan, schedule, today);
                    var threshold = population is null ? null : definition.ChangeThresholds.FirstOrDefault(x =>
                        x.Score == score.Name && x.Population == population && x.Kind == ChangeThresholdKind.MinimalImportantChange);
                    double? mic = threshold?.Absolute is { } abs ? (double)abs
                        : threshold?.RelativePercent is { } rel && baseline is { } bl ? (double)rel * Math.Abs(bl) / 100 : null;
                    series.Add(new ProgressSeries(code, score.Name, $"{definition.Title.En}: {score.Label.En}", score.Unit,
                        score.Direction == Direction.HigherIsBetter, population, points, t, mic));
                }
            }
            targets.Add(new ProgressTarget(m, series));
        }
        return targets;
    }

    static List<ScoreValue> Values(InstrumentDefinition definition, string score, double value) =>
        definition.Scores.Select(d => new ScoreValue(d.Name, d.Name == score ? (decimal)value : null, d.Direction, null, 0, 0, null)).ToList();
}
