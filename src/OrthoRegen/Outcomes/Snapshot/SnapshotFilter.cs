using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Data;

namespace OrthoRegen.Outcomes.Snapshot;

/// <summary>
/// A cohort definition and the caller's sites as one SQL predicate on <c>analytics_members</c>: every filter of
/// <see cref="CohortDefinition.Matches"/> (codes, grades, adjuncts, dose, injections, age, BMI, treatment dates) and the
/// site visibility rule, so the aggregated analyses read only their members' rows and never build a member object.
/// </summary>
public static class SnapshotFilter
{
    /// <summary>
    /// The WHERE clause (starting with "WHERE") over columns of <paramref name="alias"/>; null when the caller may see no
    /// site (no member). Parameters are added to <paramref name="args"/>.
    /// </summary>
    public static string? Where(Actor actor, CohortDefinition definition, DynamicParameters args, bool postgres, string alias = "m")
    {
        if (!actor.AllSites && actor.SiteIds.Count == 0) return null;
        var d = definition.Normalized();
        var p = alias + ".";
        var where = new List<string>();
        void Codes<T>(string column, IReadOnlyList<T>? values, string prefix)
        {
            if (values is { Count: > 0 }) where.Add(SqlList.In(p + column, values, args, prefix));
        }
        void Between(string column, double? min, double? max, string prefix)
        {
            if (min is null && max is null) return;
            var parts = new List<string> { $"{p}{column} IS NOT NULL" };
            if (min is { } lo) { parts.Add($"{p}{column} >= @{prefix}min"); args.Add(prefix + "min", lo); }
            if (max is { } hi) { parts.Add($"{p}{column} <= @{prefix}max"); args.Add(prefix + "max", hi); }
            where.Add("(" + string.Join(" AND ", parts) + ")");
        }
        if (!actor.AllSites) Codes("site_id", actor.SiteIds, "mysite");
        Codes("site_id", d.SiteIds, "site");
        Codes("indication", d.Indications, "ind");
        Codes("target", d.Targets, "tgt");
        Codes("arco", d.ArcoStages, "arco");
        Codes("cell_source", d.CellSources, "src");
        Codes("origin", d.Origins, "org");
        Codes("route", d.Routes, "rte");
        Codes("dose_tier", d.DoseTiers, "tier");
        Codes("sex", d.Sexes, "sex");
        Codes("kl_grade", d.KlGrades, "kl");
        Codes("pfirrmann", d.PfirrmannGrades, "pf");
        if (d.Adjuncts is { Count: > 0 } adjuncts)
        {
            // adjuncts is the comma-joined code list; a member matches when it has any of the chosen ones (NONE = no adjunct)
            var any = new List<string>();
            for (var i = 0; i < adjuncts.Count; i++)
            {
                if (adjuncts[i] == CohortDefinition.NoAdjunct) { any.Add($"{p}adjuncts = ''"); continue; }
                args.Add("adj" + i, "," + adjuncts[i] + ",");
                any.Add(postgres ? $"strpos(',' || {p}adjuncts || ',', @adj{i}) > 0" : $"instr(',' || {p}adjuncts || ',', @adj{i}) > 0");
            }
            where.Add("(" + string.Join(" OR ", any) + ")");
        }
        Between("cells_per_kg_e6", d.CellsPerKgMinE6, d.CellsPerKgMaxE6, "perkg");
        Between("total_cells_e6", d.TotalCellsMinE6, d.TotalCellsMaxE6, "total");
        Between("injections", d.InjectionsMin, d.InjectionsMax, "inj");
        Between("age_at_day_zero", d.AgeMin, d.AgeMax, "age");
        Between("bmi", d.BmiMin, d.BmiMax, "bmi");
        if (d.TreatedFrom is { } from) { where.Add($"{p}day_zero >= @from"); args.Add("from", from.DayNumber); }
        if (d.TreatedTo is { } to) { where.Add($"{p}day_zero <= @to"); args.Add("to", to.DayNumber); }
        return where.Count == 0 ? "WHERE 1 = 1" : "WHERE " + string.Join(" AND ", where);
    }
}
