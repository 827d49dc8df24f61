using System.Globalization;
using OrthoRegen.Statistics;
using OrthoRegen.Treatment;

namespace OrthoRegen.Outcomes;

/// <summary>How the survival curves of a cohort are split (one Kaplan-Meier curve per level).</summary>
public static class SurvivalGrouping
{
    public const string None = "NONE";
    public const string Route = "ROUTE";
    public const string CellSource = "CELL_SOURCE";
    public const string KlGrade = "KL_GRADE";
    public const string DoseTier = "DOSE_TIER";
    public static readonly IReadOnlyList<string> All = [None, Route, CellSource, KlGrade, DoseTier];

    /// <summary>The level label of a member under a grouping; a missing value is its own level, never dropped.</summary>
    public static string LevelOf(string grouping, CohortMember m) => grouping switch
    {
        None => "all",
        Route => m.Route,
        CellSource => m.CellSource,
        KlGrade => m.KlGrade is { } kl ? "KL" + kl.ToString(CultureInfo.InvariantCulture) : NotRecorded,
        DoseTier => string.IsNullOrEmpty(m.DoseTier) ? NotRecorded : m.DoseTier,
        _ => throw new ArgumentException($"Unknown grouping {grouping}.", nameof(grouping)),
    };

    /// <summary>The level of members whose grouping value was not recorded (e.g. no baseline KL grade).</summary>
    public const string NotRecorded = "NOT_RECORDED";

    /// <summary>The covariate (column) name of the grouping in the Cox model, as R would name the data frame column.</summary>
    public static string ColumnOf(string grouping) => grouping switch
    {
        Route => "route",
        CellSource => "cell_source",
        KlGrade => "kl",
        DoseTier => "dose_tier",
        _ => "",
    };
}

/// <summary>Options of a survival run: grouping (default NONE). Parsed from the query string next to the cohort filters.</summary>
public sealed record SurvivalOptions(string Grouping)
{
    public static SurvivalOptions Default { get; } = new(SurvivalGrouping.None);

    /// <summary>Reads <c>groupBy</c>; an unknown value is an error naming the field.</summary>
    public static Outcome<SurvivalOptions> From(string? groupBy)
    {
        if (string.IsNullOrWhiteSpace(groupBy)) return Default;
        var g = groupBy.Trim().ToUpperInvariant();
        return SurvivalGrouping.All.Contains(g, StringComparer.Ordinal)
            ? new SurvivalOptions(g)
            : Outcome.Invalid<SurvivalOptions>(new FieldErrors().Add("groupBy", $"Must be one of {string.Join(", ", SurvivalGrouping.All)}.").ToDictionary());
    }
}

/// <summary>
/// One member's survival record: time in years from Day 0 to the endpoint (replacement of the joint, or surgery of the
/// treated spinal level), or to censoring at death (when recorded) or at the last follow-up.
/// </summary>
/// <param name="Years">Days from Day 0 divided by 365.25.</param>
/// <param name="Endpoint">true when the endpoint surgery was recorded (the event).</param>
/// <param name="Died">true when the member was censored by a recorded death (a competing event).</param>
/// <param name="EndOn">The date of the event or censoring.</param>
/// <param name="Severity">Baseline KL grade for a joint, Pfirrmann grade for a spinal level; null when not recorded.</param>
public sealed record SurvivalSubject(string PseudonymCode, string PlanId, string Group, DateOnly DayZero, DateOnly EndOn,
    double Years, bool Endpoint, bool Died, int Age, int? Severity, double? Bmi);

/// <summary>Number at risk per group at yearly times (R: <c>summary(fit, times = 0:k)$n.risk</c>, i.e. the count with time ≥ t).</summary>
public sealed record SurvivalAtRisk(IReadOnlyList<double> Times, IReadOnlyList<SurvivalAtRiskRow> Rows);

public sealed record SurvivalAtRiskRow(string Group, IReadOnlyList<int> Counts);

/// <summary>
/// The adjusted Cox model: age, baseline severity (KL grade; Pfirrmann for an all-spinal cohort) and BMI, plus the grouping
/// as a factor. Members missing a covariate are left out of the model and counted in <paramref name="Excluded"/>.
/// </summary>
/// <param name="Covariates">The covariate columns that entered the model, in order.</param>
/// <param name="Fit">The fit, or null with <paramref name="NotEstimable"/> saying why.</param>
public sealed record SurvivalCoxModel(IReadOnlyList<string> Covariates, int Used, int Excluded, CoxFit? Fit, string? NotEstimable);

/// <summary>
/// Replacement in the presence of death: per group, the Aalen-Johansen cumulative incidence of replacement (death a
/// competing event) and 1 − Kaplan-Meier (death censored), read at the same times. 1 − KM treats the dead as if they
/// could still have had the operation, so it is at least as high as the cumulative incidence.
/// </summary>
public sealed record CompetingRiskView(int Deaths, IReadOnlyList<CompetingRiskGroup> Groups);

public sealed record CompetingRiskGroup(string Group, CumulativeIncidence Replacement, CumulativeIncidence Death, KaplanMeierCurve KaplanMeier);

/// <summary>The whole survival analysis of one cohort: curves, number at risk, log-rank test, Cox model, competing risks.</summary>
/// <param name="LogRank">Null when there is only one group.</param>
/// <param name="CompetingRisks">Null when no death is recorded in the cohort.</param>
public sealed record SurvivalResult(
    string Grouping, int N, int Events, int Deaths, IReadOnlyList<SurvivalSubject> Subjects,
    IReadOnlyList<KaplanMeierCurve> Curves, SurvivalAtRisk AtRisk, LogRankTest? LogRank, SurvivalCoxModel Cox,
    CompetingRiskView? CompetingRisks)
{
    /// <summary>The parts that need no member row (what <see cref="SurvivalAnalysis.Curves"/> gives from tallies).</summary>
    public SurvivalCurves FirstResult => new(Grouping, N, Events, Deaths, Subjects.Count == 0 ? 0 : Subjects.Max(s => s.Years),
        Curves, AtRisk, LogRank, CompetingRisks);
}

/// <summary>
/// The first result of a survival run, without the per-member parts (subjects, Cox model): curves, number at risk,
/// log-rank test and competing risks. Computed from <see cref="SurvivalTally"/> rows, i.e. per group and day the count
/// of events, deaths and censorings, which is all these estimators read (exactly the same as from the members).
/// </summary>
/// <param name="MaxYears">The longest follow-up (years), the x range of the figure.</param>
public sealed record SurvivalCurves(
    string Grouping, int N, int Events, int Deaths, double MaxYears, IReadOnlyList<KaplanMeierCurve> Curves, SurvivalAtRisk AtRisk,
    LogRankTest? LogRank, CompetingRiskView? CompetingRisks);

/// <summary>
/// <paramref name="Count"/> members of <paramref name="Group"/> whose time is <paramref name="Days"/> days from Day 0 and
/// whose outcome is <paramref name="Kind"/>: 0 censored alive, 1 endpoint (the event), 2 censored by a recorded death.
/// </summary>
public readonly record struct SurvivalTally(string Group, int Days, int Kind, int Count);

/// <summary>
/// Survival free of joint replacement (or spine surgery) for a cohort, computed with the statistics engine
/// (KaplanMeier = survfit, LogRank = survdiff, CoxRegression = coxph, AalenJohansen = survfit multi-state).
/// Pure: the cohort members come from <see cref="CohortSelector"/>.
/// </summary>
public static class SurvivalAnalysis
{
    public const double DaysPerYear = 365.25;

    /// <summary>
    /// Time from Day 0 to the endpoint (event), else to death (censored, competing) or to the last follow-up (censored).
    /// An endpoint recorded after a recorded death cannot happen; the death date then wins.
    /// </summary>
    public static SurvivalSubject SubjectOf(CohortMember m, string grouping)
    {
        bool endpoint = m.EndpointOn is { } e && (m.DeathOn is not { } d0 || e <= d0);
        bool died = !endpoint && m.DeathOn is not null;
        var end = endpoint ? m.EndpointOn!.Value : died ? m.DeathOn!.Value : m.LastFollowUp;
        if (end < m.DayZero) end = m.DayZero;
        var severity = TreatmentCodes.IsSpinal(m.Target) ? m.Pfirrmann : m.KlGrade;
        return new SurvivalSubject(m.PseudonymCode, m.PlanId, SurvivalGrouping.LevelOf(grouping, m), m.DayZero, end,
            (end.DayNumber - m.DayZero.DayNumber) / DaysPerYear, endpoint, died, m.AgeAtDayZero, severity, m.Bmi);
    }

    public static SurvivalResult Analyse(IReadOnlyList<CohortMember> members, SurvivalOptions options)
    {
        ArgumentNullException.ThrowIfNull(members); ArgumentNullException.ThrowIfNull(options);
        var subjects = members.Select(m => SubjectOf(m, options.Grouping)).ToList();
        return Analyse(subjects, options, members.Count > 0 && members.All(m => TreatmentCodes.IsSpinal(m.Target)));
    }

    /// <summary>The analysis of subjects already made from members (<see cref="SubjectOf"/>), in member order.</summary>
    /// <param name="allSpinal">Every member's target is a spinal level (the Cox model then adjusts for Pfirrmann, not KL).</param>
    public static SurvivalResult Analyse(IReadOnlyList<SurvivalSubject> subjects, SurvivalOptions options, bool allSpinal)
    {
        ArgumentNullException.ThrowIfNull(subjects); ArgumentNullException.ThrowIfNull(options);
        var time = subjects.Select(s => s.Years).ToArray();
        var status = subjects.Select(s => s.Endpoint).ToArray();
        var group = subjects.Select(s => s.Group).ToArray();
        var curves = subjects.Count == 0 ? [] : KaplanMeier.FitByGroup(time, status, group);
        var groups = curves.Select(c => c.Group).ToList();
        LogRankTest? logRank = groups.Count >= 2 ? Statistics.LogRank.Test(time, status, group) : null;
        return new SurvivalResult(options.Grouping, subjects.Count, status.Count(s => s), subjects.Count(s => s.Died), subjects,
            curves, AtRiskOf(subjects, groups), logRank, CoxOf(subjects, options.Grouping, allSpinal), CompetingOf(subjects));
    }

    /// <summary>The tally of one member (the aggregated paths count these per group, day and kind).</summary>
    public static SurvivalTally TallyOf(CohortMember m, string grouping)
    {
        var s = SubjectOf(m, grouping);
        return new SurvivalTally(s.Group, s.EndOn.DayNumber - s.DayZero.DayNumber, s.Endpoint ? 1 : s.Died ? 2 : 0, 1);
    }

    /// <summary>
    /// Curves, number at risk, log-rank and competing risks from tallies (in any order): each tally stands for
    /// <see cref="SurvivalTally.Count"/> rows of time Days / 365.25, fed to the same estimators as <see cref="Analyse"/>.
    /// </summary>
    public static SurvivalCurves Curves(IReadOnlyList<SurvivalTally> tallies, string grouping)
    {
        ArgumentNullException.ThrowIfNull(tallies);
        var n = 0;
        foreach (var t in tallies) n = checked(n + t.Count);
        var time = new double[n];
        var status = new bool[n];
        var cause = new int[n];
        var group = new string[n];
        var i = 0;
        int events = 0, deaths = 0, maxDays = 0;
        foreach (var t in tallies)
        {
            if (t.Count <= 0 || t.Days < 0 || t.Kind is < 0 or > 2) throw new ArgumentException("A tally needs a positive count, days ≥ 0 and kind 0, 1 or 2.", nameof(tallies));
            var years = t.Days / DaysPerYear;
            for (var k = 0; k < t.Count; k++, i++) { time[i] = years; status[i] = t.Kind == 1; cause[i] = t.Kind; group[i] = t.Group; }
            if (t.Kind == 1) events += t.Count; else if (t.Kind == 2) deaths += t.Count;
            maxDays = Math.Max(maxDays, t.Days);
        }
        var curves = n == 0 ? [] : KaplanMeier.FitByGroup(time, status, group);
        var groups = curves.Select(c => c.Group).ToList();
        LogRankTest? logRank = groups.Count >= 2 ? Statistics.LogRank.Test(time, status, group) : null;
        var maxT = n == 0 ? 0 : maxDays / DaysPerYear;
        var times = Enumerable.Range(0, (int)Math.Floor(maxT) + 1).Select(x => (double)x).ToList();
        var atRisk = new SurvivalAtRisk(times, groups.Select(g => new SurvivalAtRiskRow(g, times.Select(x =>
        {
            var c = 0;
            foreach (var t in tallies) if (t.Group == g && t.Days / DaysPerYear >= x) c += t.Count;
            return c;
        }).ToList())).ToList());
        CompetingRiskView? competing = null;
        if (deaths > 0)
        {
            var fits = AalenJohansen.Fit(time, cause, ["replacement", "death"], group);
            competing = new CompetingRiskView(deaths, fits.Select((f, j) => new CompetingRiskGroup(f.Group, f.Causes[0], f.Causes[1], curves[j])).ToList());
        }
        return new SurvivalCurves(grouping, n, events, deaths, maxT, curves, atRisk, logRank, competing);
    }

    /// <summary>Counts with time ≥ t at t = 0, 1, 2 … whole years up to the longest follow-up.</summary>
    public static SurvivalAtRisk AtRiskOf(IReadOnlyList<SurvivalSubject> subjects, IReadOnlyList<string> groups)
    {
        var maxT = subjects.Count == 0 ? 0 : subjects.Max(s => s.Years);
        var times = Enumerable.Range(0, (int)Math.Floor(maxT) + 1).Select(t => (double)t).ToList();
        var rows = groups.Select(g => new SurvivalAtRiskRow(g,
            times.Select(t => subjects.Count(s => s.Group == g && s.Years >= t)).ToList())).ToList();
        return new SurvivalAtRisk(times, rows);
    }

    static SurvivalCoxModel CoxOf(IReadOnlyList<SurvivalSubject> subjects, string grouping, bool allSpinal)
    {
        var severity = allSpinal ? "pfirrmann" : "kl";
        var groupByKl = grouping == SurvivalGrouping.KlGrade;
        var used = subjects.Where(s => s.Severity is not null && s.Bmi is not null).ToList();
        var columns = new List<string> { "age" };
        if (!groupByKl) columns.Add(severity);
        columns.Add("bmi");
        if (grouping != SurvivalGrouping.None) columns.Add(SurvivalGrouping.ColumnOf(grouping));
        var excluded = subjects.Count - used.Count;
        var covariates = new List<Covariate>
        {
            new Covariate.Numeric("age", used.Select(s => (double)s.Age).ToList()),
        };
        if (!groupByKl) covariates.Add(new Covariate.Numeric(severity, used.Select(s => (double)s.Severity!.Value).ToList()));
        covariates.Add(new Covariate.Numeric("bmi", used.Select(s => s.Bmi!.Value).ToList()));
        if (grouping != SurvivalGrouping.None)
            covariates.Add(new Covariate.Factor(SurvivalGrouping.ColumnOf(grouping), used.Select(s => s.Group).ToList()));
        if (used.Count == 0) return new SurvivalCoxModel(columns, 0, excluded, null, StatisticsMessages.NoObservations);
        var (design, errors) = DesignMatrix.Build(used.Count, covariates, intercept: false);
        if (design is null) return new SurvivalCoxModel(columns, used.Count, excluded, null, string.Join(" ", errors.SelectMany(e => e.Value)));
        var fit = CoxRegression.Fit(used.Select(s => s.Years).ToList(), used.Select(s => s.Endpoint).ToList(), design);
        return fit switch
        {
            FitOutcome<CoxFit>.Fitted f => new SurvivalCoxModel(columns, used.Count, excluded, f.Fit, null),
            FitOutcome<CoxFit>.NotEstimable n => new SurvivalCoxModel(columns, used.Count, excluded, null, n.Reason),
            _ => throw new InvalidOperationException("Unknown fit outcome."),
        };
    }

    /// <summary>Cause 1 = endpoint (replacement/surgery), 2 = death before it, 0 = censored alive.</summary>
    static CompetingRiskView? CompetingOf(IReadOnlyList<SurvivalSubject> subjects)
    {
        var deaths = subjects.Count(s => s.Died);
        if (deaths == 0) return null;
        var time = subjects.Select(s => s.Years).ToArray();
        var cause = subjects.Select(s => s.Endpoint ? 1 : s.Died ? 2 : 0).ToArray();
        var group = subjects.Select(s => s.Group).ToArray();
        var fits = AalenJohansen.Fit(time, cause, ["replacement", "death"], group);
        var km = KaplanMeier.FitByGroup(time, subjects.Select(s => s.Endpoint).ToArray(), group);
        return new CompetingRiskView(deaths, fits.Select((f, i) => new CompetingRiskGroup(f.Group, f.Causes[0], f.Causes[1], km[i])).ToList());
    }
}
