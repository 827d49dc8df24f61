using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.FollowUp;
using OrthoRegen.Instruments;
using OrthoRegen.Outcomes.Snapshot;

namespace OrthoRegen.Outcomes;

/// <summary>What a trajectory request asks for. <see cref="GroupBy"/>: null (whole cohort), ROUTE, CELL_SOURCE, DOSE_TIER or KL_GRADE.</summary>
/// <param name="Series">Include every member's points (spaghetti plot, members CSV); false leaves <see cref="TrajectoryGroup.Series"/> empty.</param>
public sealed record TrajectoryRequest(string? Instrument, string? Score, string? Measure, string? GroupBy, bool Series = true);

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

        Trajectory t; int count;
        if (measure is not null)
        {
            var members = (await snapshot.MembersAsync(actor, definition, ct)).Members;
            t = Trajectories.Compute(measure.Code, measure.Label, measure.Unit, measure.HigherIsBetter, members,
                (await CohortObservations.LoadAsync(database, actor, members, ct)).Structural(measure), schedule, Today, Grouping(r.GroupBy));
            count = members.Count;
        }
        else
        {
            // Instrument scores: aggregated on the snapshot (per visit counts and histograms), no member objects.
            (t, count) = await snapshot.TrajectoryAsync(actor, definition, $"{instrument!.Code}.{score!.Name}", $"{instrument.Title.En}: {score.Label.En}",
                score.Unit, score.Direction == Direction.HigherIsBetter, instrument.Code, score.Name, r.GroupBy is { Length: > 0 } ? r.GroupBy : null,
                r.Series, schedule, Today, ct);
        }
        await log.RecordAsync(actor, measure is null ? "trajectory" : "structural", definition,
            $"measure={t.Measure};groupBy={r.GroupBy ?? ""};members={count}", ct);
        return new CohortAnalysis<Trajectory>(definition.ToCanonicalJson(), count, t);
    }

    /// <summary>MCID responders for every instrument score that has thresholds and values in the cohort, plus OMERACT-OARSI.</summary>
    public async Task<Outcome<CohortAnalysis<IReadOnlyList<ResponderAnalysis>>>> RespondersAsync(Actor actor, CohortDefinition definition, CancellationToken ct)
    {
        if (definition.Validate() is { Count: > 0 } problems) return Outcome.Invalid<CohortAnalysis<IReadOnlyList<ResponderAnalysis>>>(problems);
        var count = await snapshot.CountAsync(actor, definition, ct);
        var result = await ResponderSetAsync(actor, definition, ct);
        await log.RecordAsync(actor, "responders", definition, $"members={count}", ct);
        return new CohortAnalysis<IReadOnlyList<ResponderAnalysis>>(definition.ToCanonicalJson(), count, result);
    }

    /// <summary>Every MCID responder analysis of the instrument scores present among the members, then OMERACT-OARSI when WOMAC is present: counted on the snapshot.</summary>
    async Task<IReadOnlyList<ResponderAnalysis>> ResponderSetAsync(Actor actor, CohortDefinition cohort, CancellationToken ct)
    {
        var present = await snapshot.MeasuresPresentAsync(actor, cohort, ct);
        var specs = new List<ResponderSpec>();
        foreach (var (code, scores) in present)
        {
            var definition = catalog.Find(code)?.Definition;
            if (definition is null) continue;
            foreach (var s in definition.ChangeThresholds.Where(t => t.Kind == ChangeThresholdKind.MinimalImportantChange).Select(t => t.Score).Distinct())
                if (scores.Contains(s)) specs.Add(ResponderSpec.Mcid(definition, s));
        }
        if (present.Any(i => i.Instrument == "WOMAC")) specs.Add(ResponderSpec.OmeractOarsi);
        return specs.Count == 0 ? [] : await snapshot.RespondersAsync(actor, cohort, specs, catalog, schedule, Today, ct);
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
        var responders = await ResponderSetAsync(actor, definition, ct);
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

        async Task<ResponderAnalysis> One(CohortDefinition d) =>
            (await snapshot.RespondersAsync(actor, d, [isOarsi ? ResponderSpec.OmeractOarsi : ResponderSpec.Mcid(def!, score!)], catalog, schedule, Today, ct))[0];
        var a = await One(first);
        var b = await One(second);
        var diffs = a.Visits.Zip(b.Visits, (x, y) => (x.Visit, Responders.Difference(x.Share.Events, x.Share.N, y.Share.Events, y.Share.N))).ToList();
        await log.RecordAsync(actor, "responders-compare", first, $"second={second.ToCanonicalJson()};instrument={instrument};score={score}", ct);
        return new ResponderComparison(a, b, diffs);
    }
}
