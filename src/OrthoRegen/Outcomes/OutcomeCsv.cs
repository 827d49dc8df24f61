using System.Globalization;
using System.Text;

namespace OrthoRegen.Outcomes;

/// <summary>
/// The data behind every chart and table as CSV (RFC 4180, comma-separated, invariant culture, numbers in round-trip
/// form, empty cell = not estimable). Rows carry pseudonym codes only.
/// </summary>
public static class OutcomeCsv
{
    static string N(double? v) => v is { } d && double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "";
    static string I(int? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "";

    static string Cell(string? s)
    {
        if (string.IsNullOrEmpty(s)) return "";
        // A leading =, +, - or @ would be read as a formula by spreadsheets; codes never start with one, but text might.
        if (s[0] is '=' or '+' or '@' && !double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) s = "'" + s;
        return s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
    }

    static string Rows(IEnumerable<IEnumerable<string?>> rows)
    {
        var sb = new StringBuilder();
        foreach (var r in rows) sb.Append(string.Join(",", r.Select(Cell))).Append("\r\n");
        return sb.ToString();
    }

    /// <summary>One row per group and visit: the missing-data counts and the change statistics.</summary>
    public static string Trajectory(Trajectory t) => Rows(
        new[] { new[] { "measure", "group", "visit", "target_day", "members", "not_yet_due", "after_endpoint", "due", "observed", "missing",
            "follow_up_ended", "no_baseline", "mean_value", "sd_value", "n_change", "mean_change", "ci95_lower", "ci95_upper", "median_change", "p_value" } }
        .Concat(t.Groups.SelectMany(g => g.Visits.Select(v => new[]
        {
            t.Measure, g.Key, v.Code, I(v.TargetDay), I(v.Counts.Members), I(v.Counts.NotYetDue), I(v.Counts.AfterEndpoint), I(v.Counts.Due),
            I(v.Counts.Observed), I(v.Counts.Missing), I(v.Counts.FollowUpEnded), I(v.Counts.NoBaseline), N(v.Values.Mean), N(v.Values.Sd),
            I(v.Code == Trajectories.Baseline ? null : v.Change.N), N(v.Change.Mean), N(v.Change.Lower), N(v.Change.Upper), N(v.MedianChange), N(v.Change.P),
        }))));

    /// <summary>One row per member and assigned value (the spaghetti plot's data).</summary>
    public static string Series(Trajectory t) => Rows(
        new[] { new[] { "measure", "group", "pseudonym_code", "visit", "day", "date", "value", "change" } }
        .Concat(t.Groups.SelectMany(g => g.Series.SelectMany(s => s.Points.Select(p => new[]
        {
            t.Measure, g.Key, s.PseudonymCode, p.Code, I(p.Day), p.On.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), N(p.Value), N(p.Change),
        })))));

    /// <summary>One row per analysis and visit.</summary>
    public static string Responders(IEnumerable<(string Cohort, ResponderAnalysis Analysis)> analyses) => Rows(
        new[] { new[] { "cohort", "instrument", "score", "visit", "due", "paired", "no_threshold", "missing", "responders", "n", "share", "ci95_lower", "ci95_upper", "populations" } }
        .Concat(analyses.SelectMany(a => a.Analysis.Visits.Select(v => new[]
        {
            a.Cohort, a.Analysis.Instrument, a.Analysis.Score, v.Visit, I(v.Due), I(v.Paired), I(v.NoThreshold), I(v.Missing), I(v.Share.Events), I(v.Share.N),
            N(v.Share.Estimate), N(v.Share.Lower), N(v.Share.Upper), string.Join(" ", v.Populations),
        }))));

    /// <summary>One row per member: the cohort's analysis data set (pseudonymised).</summary>
    public static string Members(IEnumerable<CohortMember> members) => Rows(
        new[] { new[] { "pseudonym_code", "day0", "indication", "target", "level", "kl_grade", "arco", "pfirrmann", "cell_source", "origin", "route",
            "dose_tier", "total_cells_e6", "viable_cells_e6", "cells_per_kg_e6", "injections", "adjuncts", "age", "sex", "bmi", "endpoint", "endpoint_on",
            "death_on", "follow_up_ended_on", "last_follow_up" } }
        .Concat(members.Select(m => new[]
        {
            m.PseudonymCode, D(m.DayZero), m.Indication, m.Target, m.Level, I(m.KlGrade), m.Arco, I(m.Pfirrmann), m.CellSource, m.Origin, m.Route,
            m.DoseTier, N(m.TotalCellsE6), N(m.ViableCellsE6), N(m.CellsPerKgE6), I(m.Injections), string.Join(" ", m.Adjuncts), I(m.AgeAtDayZero), m.Sex,
            N(m.Bmi), m.EndpointType, D(m.EndpointOn), D(m.DeathOn), D(m.FollowUpEndedOn), D(m.LastFollowUp),
        })));

    static string D(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
