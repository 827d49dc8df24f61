using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.FollowUp;
using OrthoRegen.Instruments;
using OrthoRegen.Outcomes.Snapshot;

namespace OrthoRegen.Outcomes;

/// <summary>What a trajectory request asks for. <see cref="GroupBy"/>: null (whole cohort), ROUTE, CELL_SOURCE, DOSE_TIER or KL_GRADE.</summary>
public sealed record TrajectoryRequest(string? Instrument, string? Score, string? Measure, string? GroupBy);

/// <summary>A cohort analysis result with the cohort it ran on (canonical form) and its size.</summary>
public sealed record CohortAnalysis<T>(string Definition, int Members, T Result);

/// <summary>The printable cohort report: members, their baseline, a trajectory per instrument score with a threshold (or the first score), and the responders.</summary>
public sealed record CohortReport(DateOnly Today, IReadOnlyList<CohortMember> Members, IReadOnlyList<Trajectory> Trajectories,
    IReadOnlyList<Trajectory> Structural, IReadOnlyList<ResponderAnalysis> Responders);

/// <summary>Two cohorts' responder shares and their difference per visit.</summary>
public sealed record ResponderComparison(ResponderAnalysis First, ResponderAnalysis Second, IReadOnlyList<(string Visit, ProportionDifference Difference)> Differences);

/// <summary>
/// The cohort analyses behind the pages, the API and the reports: select the members, load what they need, compute with
/// the statistics engine, and record the run in the <see cref="AnalysisLog"/>. Bad requests come back as field errors.
/// </summary>
public sealed class CohortAnalytics(Database database, CohortSelector selector, AnalyticsSnapshot snapshot, AnalysisLog log, InstrumentCatalog catalog,
    ScheduleDefinition schedule, TimeProvider clock)
{
    public static readonly IReadOnlyList<string> Groupings = ["ROUTE", "CELL_SOURCE", "DOSE_TIER", "KL_GRADE"];

    DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public InstrumentCatalog Catalog => catalog;

    public static Func<CohortMember, string>? Grouping(string? groupBy) => groupBy switch
    {
        "ROUTE" => m => m.Route,
        "CELL_SOURCE" => m => m.CellSource,
        "DOSE_TIER" => m => m.DoseTier,
        "KL_GRADE" => m => m.KlGrade is { } k ? "KL" + k : "KL?",
        _ => null,
    };

    /// <summary>Selects the cohort, records the run, returns the members.</summary>
    public async Task<Outcome<CohortAnalysis<IReadOnlyList<CohortMember>>>> MembersAsync(Actor actor, CohortDefinition definition, CancellationToken ct)
    {
        if (definition.Validate() is { Count: > 0 } problems) return Outcome.Invalid<CohortAnalysis<IReadOnlyList<CohortMember>>>(problems);
        var members = await selector.SelectAsync(actor, definition, ct);
        await log.RecordAsync(actor, "cohort", definition, $"members={members.Count}", ct);
        return new CohortAnalysis<IReadOnlyList<CohortMember>>(definition.ToCanonicalJson(), members.Count, members);
    }

    /// <summary>
    /// A trajectory: an instrument score (instrument + score) or a structural / performance measure (measure), optionally
    /// by group. Errors name <c>instrument</c>, <c>score</c>, <c>measure</c> or <c>groupBy</c>.
    /// </summary>
    public async Task<Outcome<CohortAnalysis<Trajectory>>> TrajectoryAsync(Actor actor, CohortDefinition definition, TrajectoryRequest r, CancellationToken ct)
    {
        var e = new FieldErrors();
        if (definition.Validate() is { Count: > 0 } problems) return Outcome.Invalid<CohortAnalysis<Trajectory>>(problems);
        if (r.GroupBy is { Length: > 0 } g && !Groupings.Contains(g)) e.Add("groupBy", $"Must be one of {string.Join(", ", Groupings)}.");
        InstrumentDefinition? instrument = null; ScoreDefinition? score = null; StructuralMeasure? measure = null;
        if (!string.IsNullOrWhiteSpace(r.Measure))
        {
            measure = StructuralMeasure.Find(r.Measure);
            if (measure is null) e.Add("measure", $"Must be one of {string.Join(", ", StructuralMeasure.All.Select(m => m.Code))}.");
        }
        else
        {
            instrument = string.IsNullOrWhiteSpace(r.Instrument) ? null : catalog.Find(r.Instrument.Trim())?.Definition;
            if (instrument is null) e.Add("instrument", $"Required unless a measure is given; one of {string.Join(", ", catalog.Definitions.Select(d => d.Code).Order())}.");
            else
            {
                score = instrument.Scores.FirstOrDefault(s => s.Name == r.Score) ?? (string.IsNullOrWhiteSpace(r.Score) ? instrument.Scores[0] : null);
                if (score is null) e.Add("score", $"Must be one of {string.Join(", ", instrument.Scores.Select(s => s.Name))}.");
            }
        }
        if (!e.IsEmpty) return Outcome.Invalid<CohortAnalysis<Trajectory>>(e.ToDictionary());

        var cohort = await snapshot.MembersAsync(actor, definition, ct);
        var members = cohort.Members;
        Trajectory t = measure is not null
            ? Trajectories.Compute(measure.Code, measure.Label, measure.Unit, measure.HigherIsBetter, members,
                (await CohortObservations.LoadAsync(database, actor, members, ct)).Structural(measure), schedule, Today, Grouping(r.GroupBy))
            : Trajectories.Compute($"{instrument!.Code}.{score!.Name}", $"{instrument.Title.En}: {score.Label.En}", score.Unit,
                score.Direction == Direction.HigherIsBetter, members, await snapshot.ScoresAsync(cohort, instrument.Code, score.Name, ct), schedule, Today, Grouping(r.GroupBy));
        await log.RecordAsync(actor, measure is null ? "trajectory" : "structural", definition,
            $"measure={t.Measure};groupBy={r.GroupBy ?? ""};members={members.Count}", ct);
        return new CohortAnalysis<Trajectory>(definition.ToCanonicalJson(), members.Count, t);
    }

    /// <summary>MCID responders for every instrument score that has thresholds and values in the cohort, plus OMERACT-OARSI.</summary>
    public async Task<Outcome<CohortAnalysis<IReadOnlyList<ResponderAnalysis>>>> RespondersAsync(Actor actor, CohortDefinition definition, CancellationToken ct)
    {
        if (definition.Validate() is { Count: > 0 } problems) return Outcome.Invalid<CohortAnalysis<IReadOnlyList<ResponderAnalysis>>>(problems);
        var cohort = await snapshot.MembersAsync(actor, definition, ct);
        var members = cohort.Members;
        var result = await ResponderSetAsync(cohort, ct);
        await log.RecordAsync(actor, "responders", definition, $"members={members.Count}", ct);
        return new CohortAnalysis<IReadOnlyList<ResponderAnalysis>>(definition.ToCanonicalJson(), members.Count, result);
    }

    async Task<IReadOnlyList<ResponderAnalysis>> ResponderSetAsync(SnapshotCohort cohort, CancellationToken ct)
    {
        var members = cohort.Members;
        var present = await snapshot.InstrumentsPresentAsync(cohort, ct);
        var list = new List<ResponderAnalysis>();
        foreach (var (code, scores) in present)
        {
            var definition = catalog.Find(code)?.Definition;
            if (definition is null) continue;
            foreach (var s in definition.ChangeThresholds.Where(t => t.Kind == ChangeThresholdKind.MinimalImportantChange).Select(t => t.Score).Distinct())
                if (scores.Contains(s))
                    list.Add(Responders.Mcid(definition, s, members, await snapshot.ScoresAsync(cohort, code, s, ct), schedule, Today));
        }
        if (present.Any(i => i.Instrument == "WOMAC"))
            list.Add(Responders.Oarsi(catalog, members, await snapshot.ScoresAsync(cohort, "WOMAC", "pain_100", ct),
                await snapshot.ScoresAsync(cohort, "WOMAC", "function_100", ct), schedule, Today));
        return list;
    }

    /// <summary>Everything the printable cohort report shows, computed once and recorded as one run.</summary>
    public async Task<Outcome<CohortAnalysis<CohortReport>>> ReportAsync(Actor actor, CohortDefinition definition, CancellationToken ct)
    {
        if (definition.Validate() is { Count: > 0 } problems) return Outcome.Invalid<CohortAnalysis<CohortReport>>(problems);
        var cohort = await snapshot.MembersAsync(actor, definition, ct);
        var members = cohort.Members;
        var observations = await CohortObservations.LoadAsync(database, actor, members, ct);
        var trajectories = new List<Trajectory>();
        foreach (var (code, scores) in observations.InstrumentsPresent())
        {
            if (catalog.Find(code)?.Definition is not { } def) continue;
            var chosen = def.Scores.Where(s => scores.Contains(s.Name) && def.ChangeThresholds.Any(t => t.Score == s.Name)).ToList();
            if (chosen.Count == 0) chosen = def.Scores.Where(s => scores.Contains(s.Name)).Take(1).ToList();
            foreach (var s in chosen)
                trajectories.Add(Trajectories.Compute($"{code}.{s.Name}", $"{def.Title.En}: {s.Label.En}", s.Unit, s.Direction == Direction.HigherIsBetter,
                    members, observations.Scores(code, s.Name), schedule, Today));
        }
        var structural = StructuralMeasure.All
            .Select(m => (Measure: m, Data: observations.Structural(m)))
            .Where(x => x.Data.Values.Any(v => v.Count > 0))
            .Select(x => Trajectories.Compute(x.Measure.Code, x.Measure.Label, x.Measure.Unit, x.Measure.HigherIsBetter, members, x.Data, schedule, Today, Grouping("ROUTE")))
            .ToList();
        var responders = await ResponderSetAsync(cohort, ct);
        await log.RecordAsync(actor, "report", definition, $"members={members.Count}", ct);
        return new CohortAnalysis<CohortReport>(definition.ToCanonicalJson(), members.Count, new CohortReport(Today, members, trajectories, structural, responders));
    }

    /// <summary>Responders of one score in two cohorts and the difference (first − second) with Newcombe's interval per visit.</summary>
    public async Task<Outcome<ResponderComparison>> CompareAsync(Actor actor, CohortDefinition first, CohortDefinition second,
        string? instrument, string? score, CancellationToken ct)
    {
        var e = new FieldErrors();
        foreach (var (k, v) in first.Validate()) e.Add("first." + k, v[0]);
        foreach (var (k, v) in second.Validate()) e.Add("second." + k, v[0]);
        var isOarsi = instrument == OmeractOarsi.Code;
        var def = isOarsi ? null : string.IsNullOrWhiteSpace(instrument) ? null : catalog.Find(instrument)?.Definition;
        if (!isOarsi && def is null) e.Add("instrument", $"Required; {OmeractOarsi.Code} or an instrument with a minimal important change.");
        if (def is not null && !def.ChangeThresholds.Any(t => t.Score == score && t.Kind == ChangeThresholdKind.MinimalImportantChange))
            e.Add("score", $"Must be a score with a minimal important change: {string.Join(", ", def.ChangeThresholds.Where(t => t.Kind == ChangeThresholdKind.MinimalImportantChange).Select(t => t.Score).Distinct())}.");
        if (!e.IsEmpty) return Outcome.Invalid<ResponderComparison>(e.ToDictionary());

        async Task<ResponderAnalysis> One(CohortDefinition d)
        {
            var cohort = await snapshot.MembersAsync(actor, d, ct);
            return isOarsi
                ? Responders.Oarsi(catalog, cohort.Members, await snapshot.ScoresAsync(cohort, "WOMAC", "pain_100", ct),
                    await snapshot.ScoresAsync(cohort, "WOMAC", "function_100", ct), schedule, Today)
                : Responders.Mcid(def!, score!, cohort.Members, await snapshot.ScoresAsync(cohort, def!.Code, score!, ct), schedule, Today);
        }
        var a = await One(first);
        var b = await One(second);
        var diffs = a.Visits.Zip(b.Visits, (x, y) => (x.Visit, Responders.Difference(x.Share.Events, x.Share.N, y.Share.Events, y.Share.N))).ToList();
        await log.RecordAsync(actor, "responders-compare", first, $"second={second.ToCanonicalJson()};instrument={instrument};score={score}", ct);
        return new ResponderComparison(a, b, diffs);
    }
}
