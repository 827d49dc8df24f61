using OrthoRegen.FollowUp;
using OrthoRegen.Instruments;
using OrthoRegen.Statistics;

namespace OrthoRegen.Outcomes;

/// <summary>
/// Responders at one visit: members whose improvement from baseline reaches the minimal important change of the
/// instrument score for their population (direction-aware, <see cref="Interpretation.Compare"/>), with the Wilson 95 % CI.
/// </summary>
/// <param name="Due">Members due at the visit (see <see cref="VisitCounts"/>).</param>
/// <param name="Paired">Due members with a baseline and a value at the visit (the denominator).</param>
/// <param name="NoThreshold">Paired members whose population has no threshold for this score (not counted).</param>
/// <param name="Missing">Due members without a baseline or a visit value.</param>
public sealed record ResponderShare(string Visit, int Due, int Paired, int NoThreshold, int Missing, Proportion Share, IReadOnlyList<string> Populations);

/// <summary>The responder analysis of one instrument score (or of the OMERACT-OARSI set).</summary>
/// <param name="Threshold">How a responder is defined, with its source(s).</param>
public sealed record ResponderAnalysis(string Instrument, string Score, string Threshold, IReadOnlyList<ResponderShare> Visits);

/// <summary>Difference of two proportions (first − second) with the Newcombe hybrid score interval (method 10, no continuity correction).</summary>
public sealed record ProportionDifference(Proportion First, Proportion Second, double? Difference, double? Lower, double? Upper, string? Message);

/// <summary>Responder shares at 6, 12 and 24 months and the comparison of two cohorts.</summary>
public static class Responders
{
    /// <summary>The visits the responder analysis reports (DOMAIN.md 4.2 codes).</summary>
    public static readonly IReadOnlyList<string> Visits = ["M6", "M12", "M24"];

    /// <summary>The threshold population for a member's indication, among those the definition has (none = no threshold).</summary>
    public static string? PopulationFor(InstrumentDefinition definition, string indication)
    {
        string[] wanted = indication switch
        {
            "KNEE_OA" => ["knee_oa", "knee_arthritis", "knee"],
            "HIP_OA" => ["hip_oa", "hip"],
            "DISC_DEGENERATION" => ["low_back_pain"],
            _ => [],
        };
        return wanted.FirstOrDefault(p => definition.Populations.Contains(p));
    }

    /// <summary>MCID responders of one score (the definition's minimal important change for each member's population).</summary>
    public static ResponderAnalysis Mcid(InstrumentDefinition definition, string score, IReadOnlyList<CohortMember> members,
        IReadOnlyDictionary<string, IReadOnlyList<Observation>> byPlan, ScheduleDefinition schedule, DateOnly today)
    {
        var shares = Share(members, byPlan, schedule, today, (m, b, f) => McidJudge(definition, score, m.Indication, b, f));
        return new ResponderAnalysis(definition.Code, score, Describe(definition, score), shares);
    }

    /// <summary>How <see cref="Mcid"/> defines a responder of <paramref name="score"/>, with the thresholds' sources.</summary>
    public static string Describe(InstrumentDefinition definition, string score)
    {
        var scoreDefinition = definition.Score(score);
        var thresholds = definition.ChangeThresholds.Where(t => t.Score == score).ToList();
        return thresholds.Count == 0 ? "no threshold defined"
            : string.Join("; ", thresholds.Select(t => $"{t.Population}: {(t.Absolute is { } a ? $"≥ {a} {scoreDefinition.Unit}" : "")}{(t.Absolute is not null && t.RelativePercent is not null ? " or " : "")}{(t.RelativePercent is { } r ? $"≥ {r} %" : "")} improvement ({t.Kind}; {t.Source})"));
    }

    /// <summary>
    /// Whether a member with <paramref name="indication"/> whose score went from <paramref name="baseline"/> to
    /// <paramref name="followUp"/> is an MCID responder, and the threshold population; (null, null) when the member's
    /// population has no threshold for the score (not counted).
    /// </summary>
    public static (bool? Met, string? Population) McidJudge(InstrumentDefinition definition, string score, string indication, double baseline, double followUp)
    {
        var population = PopulationFor(definition, indication);
        if (population is null || !definition.ChangeThresholds.Any(t => t.Score == score && t.Population == population)) return (null, null);
        var changes = Interpretation.Compare(definition, Values(definition, score, baseline), Values(definition, score, followUp), population);
        return (changes.First(c => c.Score == score).ThresholdMet, population);
    }

    /// <summary>How <see cref="Oarsi"/> defines a responder.</summary>
    public static string OarsiThreshold =>
        $"OMERACT-OARSI (WOMAC pain_100 and function_100; patient global not recorded, counted as not improved); {OarsiCriteria.Default.Source}";

    /// <summary>
    /// OMERACT-OARSI responders from WOMAC pain and function (0-100, higher = worse) at baseline and the visit, scored by
    /// <see cref="OmeractOarsi"/>. No patient global is recorded in the registry, so it counts as "not improved" (the
    /// instrument's convention): only criterion 1 or pain and function both moderately improved can make a responder.
    /// </summary>
    public static ResponderAnalysis Oarsi(InstrumentCatalog catalog, IReadOnlyList<CohortMember> members, IReadOnlyDictionary<string, IReadOnlyList<Observation>> pain,
        IReadOnlyDictionary<string, IReadOnlyList<Observation>> function, ScheduleDefinition schedule, DateOnly today)
    {
        var factor = schedule.AnalysisWindowFactor.Value;
        var functionAt = members.ToDictionary(m => m.PlanId,
            m => Trajectories.Assign(Trajectories.AnalysisVisits(schedule, m.DayZero), function.TryGetValue(m.PlanId, out var o) ? o : [], factor));
        var shares = Share(members, pain, schedule, today, (m, b, f) => (null, null), (m, visit, painBase, painAt) =>
        {
            var fv = functionAt[m.PlanId];
            if (!fv.TryGetValue(Trajectories.Baseline, out var fb) || !fv.TryGetValue(visit, out var ff)) return (false, null, null);
            var result = catalog.Score(new InstrumentRequest(OmeractOarsi.Code, new Dictionary<string, Answer>
            {
                ["pain_baseline"] = Answer.Of((decimal)painBase), ["pain_followup"] = Answer.Of((decimal)painAt),
                ["function_baseline"] = Answer.Of((decimal)fb.Value), ["function_followup"] = Answer.Of((decimal)ff.Value),
            }));
            return (true, result.Responder, "womac");
        });
        return new ResponderAnalysis(OmeractOarsi.Code, "responder",
            OarsiThreshold, shares);
    }

    delegate (bool? Met, string? Population) Judge(CohortMember member, double baseline, double followup);
    delegate (bool Paired, bool? Met, string? Population) PairJudge(CohortMember member, string visit, double baseline, double followup);

    static List<ResponderShare> Share(IReadOnlyList<CohortMember> members, IReadOnlyDictionary<string, IReadOnlyList<Observation>> byPlan,
        ScheduleDefinition schedule, DateOnly today, Judge judge, PairJudge? pairJudge = null)
    {
        var factor = schedule.AnalysisWindowFactor.Value;
        var shares = new List<ResponderShare>();
        var assigned = members.Select(m => (Member: m, Visits: Trajectories.AnalysisVisits(schedule, m.DayZero),
            Values: Trajectories.Assign(Trajectories.AnalysisVisits(schedule, m.DayZero), byPlan.TryGetValue(m.PlanId, out var o) ? o : [], factor))).ToList();
        foreach (var visit in Visits)
        {
            int due = 0, paired = 0, noThreshold = 0, events = 0;
            var populations = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var (m, planned, values) in assigned)
            {
                var v = planned.FirstOrDefault(p => p.Code == visit);
                if (v is null) continue;
                var has = values.TryGetValue(visit, out var at);
                if (m.EndpointOn is { } e && v.Target > e && !has) continue;
                if (!has && v.Window.End >= today) continue;
                due++;
                if (!has || !values.TryGetValue(Trajectories.Baseline, out var b)) continue;
                bool? met; string? population;
                if (pairJudge is not null)
                {
                    var (ok, m2, p2) = pairJudge(m, visit, b.Value, at!.Value);
                    if (!ok) continue;
                    (met, population) = (m2, p2);
                }
                else (met, population) = judge(m, b.Value, at!.Value);
                paired++;
                if (met is null) { noThreshold++; continue; }
                if (population is not null) populations.Add(population);
                if (met.Value) events++;
            }
            var n = paired - noThreshold;
            shares.Add(new ResponderShare(visit, due, paired, noThreshold, due - paired, Descriptive.Wilson(events, n), populations.ToList()));
        }
        return shares;
    }

    /// <summary>
    /// Whether the change from <paramref name="baseline"/> to <paramref name="followUp"/> reaches the minimal important
    /// change of the score for <paramref name="population"/> (direction-aware, as <see cref="Mcid"/> counts a responder);
    /// null when the population has no threshold for the score.
    /// </summary>
    public static bool? Reached(InstrumentDefinition definition, string score, string population, double baseline, double followUp) =>
        definition.ChangeThresholds.Any(t => t.Score == score && t.Population == population && t.Kind == ChangeThresholdKind.MinimalImportantChange)
            ? Interpretation.Compare(definition, Values(definition, score, baseline), Values(definition, score, followUp), population).First(c => c.Score == score).ThresholdMet
            : null;

    static List<ScoreValue> Values(InstrumentDefinition definition, string score, double value) =>
        definition.Scores.Select(d => new ScoreValue(d.Name, d.Name == score ? (decimal)value : null, d.Direction, null, 0, 0, null)).ToList();

    /// <summary>
    /// Difference of two proportions x1/n1 − x2/n2 with Newcombe's hybrid score interval (Newcombe 1998, method 10):
    /// from the Wilson limits (l1, u1) and (l2, u2), L = d − √((p1 − l1)² + (u2 − p2)²) and U = d + √((u1 − p1)² + (p2 − l2)²).
    /// </summary>
    public static ProportionDifference Difference(int x1, int n1, int x2, int n2, double level = 0.95)
    {
        var a = Descriptive.Wilson(x1, n1, level);
        var b = Descriptive.Wilson(x2, n2, level);
        if (a.Estimate is not { } p1 || b.Estimate is not { } p2)
            return new ProportionDifference(a, b, null, null, null, "Each cohort needs at least one member with a result.");
        var d = p1 - p2;
        var lower = d - Math.Sqrt(Math.Pow(p1 - a.Lower!.Value, 2) + Math.Pow(b.Upper!.Value - p2, 2));
        var upper = d + Math.Sqrt(Math.Pow(a.Upper!.Value - p1, 2) + Math.Pow(p2 - b.Lower!.Value, 2));
        return new ProportionDifference(a, b, d, lower, upper, null);
    }
}
