using Microsoft.Extensions.Localization;
using OrthoRegen.Outcomes;

namespace OrthoRegen.Web.Outcomes;

/// <summary>
/// The outcome charts' texts filled from the UI resources in the request's culture (en, ko, zh-CN), shared by the pages
/// and the SVG downloads so both show the same words.
/// </summary>
public static class OutcomeChartText
{
    public static SurvivalFigureLabels Survival(IStringLocalizer<Ui> l, string grouping) => new(l["SurvTitle"], l["SurvTimeAxis"], l["SurvSurvivalAxis"],
        l["SurvAtRisk"], l["SurvIncidenceAxis"], l["SurvCif"], l["SurvOneMinusKm"], l["ChSurvLegend"], key => SurvivalGroup(l, grouping, key));

    /// <summary>The shown name of a survival group key: the whole cohort, "not recorded", or the group's name (<see cref="CohortGroup"/>).</summary>
    public static string SurvivalGroup(IStringLocalizer<Ui> l, string grouping, string key) => grouping switch
    {
        SurvivalGrouping.None => l["SurvAll"],
        _ when key == SurvivalGrouping.NotRecorded => l["SurvNotRecorded"],
        _ => CohortGroup(l, grouping, key),
    };

    /// <summary>
    /// The shown name of a group of the outcomes pages (grouped by ROUTE, CELL_SOURCE, DOSE_TIER, KL_GRADE, or not at all):
    /// the plan's own wording of a route, cell source or dose tier in the reader's language; a grade or an unknown code as is.
    /// </summary>
    public static string CohortGroup(IStringLocalizer<Ui> l, string? groupBy, string key)
    {
        var name = groupBy switch
        {
            null or "" => "OcWholeCohort",
            SurvivalGrouping.Route => "PlanRoute_" + key,
            SurvivalGrouping.CellSource => "PlanCellSource_" + key,
            SurvivalGrouping.DoseTier => "PlanDoseTier_" + key,
            _ => null,
        };
        return name is not null && l[name] is { ResourceNotFound: false } text ? text : key;
    }

    public static string Trajectory(IStringLocalizer<Ui> l, Trajectory t, bool spaghetti) =>
        TrajectoryChart.Render(t, t.Label, spaghetti, l["OcMonthsSinceDay0"], string.Format(l["OcChangeAxis"], t.Unit), l["OcIndividual"]);

    public static string LotScatter(IStringLocalizer<Ui> l, LotOutcomeResult r) =>
        LotOutcomeFigure.Scatter(r, string.Format(l["ChLotTitle"], $"{r.Instrument} {r.Score}", l[$"LotAttr_{r.Attribute}"]), l[$"LotAttr_{r.Attribute}"], l["LotChangeAxis"]);

    public static string SafetyFunnel(IStringLocalizer<Ui> l, SafetySignalResult r, string dimension) =>
        SafetySignalFigure.Funnel(r, dimension, l[$"SigFunnel_{dimension}"], l["SigInjections"], l["SigPer100"]);

    public static string Calibration(IStringLocalizer<Ui> l, OutlookResult r) =>
        OutlookFigure.Calibration(r, string.Format(l["ChCalibrationTitle"], $"{r.Instrument} {r.Score}"), l["OutlookPredicted"], l["OutlookObserved"]);
}
