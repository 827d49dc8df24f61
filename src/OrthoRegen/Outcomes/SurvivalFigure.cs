using System.Globalization;
using OrthoRegen.Charts;
using OrthoRegen.Statistics;
using OrthoRegen.Statistics.Charts;

namespace OrthoRegen.Outcomes;

/// <summary>Texts of the survival figures, supplied by the host in the reader's language (the CLI and API default: <see cref="English"/>).</summary>
/// <param name="GroupLegend">Legend entry of a curve: {0} = group, {1} = n, {2} = events.</param>
/// <param name="GroupName">The shown name of a group key (route, cell source …); null = the key itself.</param>
public sealed record SurvivalFigureLabels(string Title, string TimeAxis, string SurvivalAxis, string AtRisk, string IncidenceAxis,
    string CumulativeIncidence, string OneMinusKm, string GroupLegend = "{0} (n={1}, events={2})", Func<string, string>? GroupName = null)
{
    public string Group(string key) => GroupName?.Invoke(key) ?? key;

    public static SurvivalFigureLabels English { get; } = new("Survival free of joint replacement", "Years since Day 0",
        "Free of replacement", "Number at risk", "Cumulative incidence of replacement", "Cumulative incidence (Aalen-Johansen)", "1 − Kaplan-Meier");
}

/// <summary>
/// The survival figures as standalone SVG: Kaplan-Meier curves with their pointwise bands (undefined limits are left
/// out, not invented), censoring ticks, and the number-at-risk table under the plot at the yearly times; and the
/// competing-risks figure (cumulative incidence beside 1 − KM). Each series is a <c>g</c> element with
/// <c>data-series</c> naming it, so tests and readers can find it.
/// </summary>
public static class SurvivalFigure
{
    const double Width = 760, Left = 150, Right = 40, Top = 44, PlotHeight = 300;

    public static string KaplanMeier(SurvivalCurves r, SurvivalFigureLabels labels)
    {
        var rows = r.AtRisk.Rows.Count;
        var height = Top + PlotHeight + 50 + 24 + 18 * rows + 16;
        var svg = new Svg(Width, height);
        var maxT = Math.Max(1, r.AtRisk.Times.Count == 0 ? 1 : Math.Max(r.AtRisk.Times[^1], r.MaxYears));
        var x = new LinearScale(0, maxT, Left, Width - Right);
        var y = new LinearScale(0, 1, Top + PlotHeight, Top);
        svg.Text(Left, 24, labels.Title, 15, bold: true);
        Axes(svg, x, y, labels.TimeAxis, labels.SurvivalAxis);
        // number at risk under the plot, one row per group, columns at the yearly times
        var tableTop = Top + PlotHeight + 50;
        svg.Text(8, tableTop, labels.AtRisk, 12, bold: true);
        for (var i = 0; i < rows; i++)
        {
            var row = r.AtRisk.Rows[i];
            var ty = tableTop + 20 + 18 * i;
            svg.Text(8, ty, Short(labels.Group(row.Group)), 11, fill: SurvivalChart.Colour(i));
            for (var j = 0; j < r.AtRisk.Times.Count; j++)
                svg.Text(x.Map(r.AtRisk.Times[j]), ty, row.Counts[j].ToString(CultureInfo.InvariantCulture), 11, "middle");
        }
        Legend(svg, r.Curves.Select((c, i) => (string.Format(CultureInfo.InvariantCulture, labels.GroupLegend, labels.Group(c.Group), c.N, c.Events), SurvivalChart.Colour(i))).ToList());
        for (var c = 0; c < r.Curves.Count; c++)
        {
            var curve = r.Curves[c];
            var colour = SurvivalChart.Colour(c);
            svg.Series($"km:{curve.Group}", g => SurvivalChart.DrawCurve(g, curve, x, y, colour, until: maxT));
        }
        return svg.ToString(labels.Title);
    }

    /// <summary>Cumulative incidence of replacement (solid) beside 1 − KM (dashed) per group; null when no death was recorded.</summary>
    public static string? CompetingRisks(SurvivalCurves r, SurvivalFigureLabels labels)
    {
        if (r.CompetingRisks is not { } cr) return null;
        var height = Top + PlotHeight + 60;
        var svg = new Svg(Width, height);
        var maxT = Math.Max(1, r.MaxYears);
        var x = new LinearScale(0, maxT, Left, Width - Right);
        var top = Math.Min(1, Math.Max(0.1, cr.Groups.Max(g => 1 - g.KaplanMeier.Steps.Select(s => s.Surv).DefaultIfEmpty(1).Min()) * 1.2));
        var y = new LinearScale(0, top, Top + PlotHeight, Top);
        svg.Text(Left, 24, labels.IncidenceAxis, 15, bold: true);
        Axes(svg, x, y, labels.TimeAxis, labels.IncidenceAxis);
        Legend(svg, cr.Groups.SelectMany((grp, c) => new[]
        {
            ($"{labels.Group(grp.Group)}: {labels.CumulativeIncidence}", SurvivalChart.Colour(c)),
            ($"{labels.Group(grp.Group)}: {labels.OneMinusKm} (- -)", SurvivalChart.Colour(c)),
        }).ToList());
        for (var c = 0; c < cr.Groups.Count; c++)
        {
            var grp = cr.Groups[c];
            var colour = SurvivalChart.Colour(c);
            svg.Series($"cif:{grp.Group}", g => g.Path(StepsUp(grp.Replacement.Steps.Select(s => (s.Time, s.Estimate)), x, y, maxT), colour, width: 2));
            svg.Series($"one-minus-km:{grp.Group}",
                g => g.Path(StepsUp(grp.KaplanMeier.Steps.Select(s => (s.Time, 1 - s.Surv)), x, y, maxT), colour, width: 2, dash: "6 4"));
        }
        return svg.ToString(labels.IncidenceAxis);
    }

    static IEnumerable<(double, double)> StepsUp(IEnumerable<(double T, double V)> steps, LinearScale x, LinearScale y, double maxT)
    {
        var prev = 0.0;
        yield return (x.Map(0), y.Map(0));
        foreach (var (t, v) in steps) { yield return (x.Map(t), y.Map(prev)); yield return (x.Map(t), y.Map(v)); prev = v; }
        yield return (x.Map(maxT), y.Map(prev));
    }

    static void Axes(Svg svg, LinearScale x, LinearScale y, string xLabel, string yLabel)
    {
        foreach (var t in y.Ticks(5))
        {
            svg.Line(Left, y.Map(t), Width - Right, y.Map(t), "#e6e6e6");
            svg.Text(Left - 8, y.Map(t) + 4, t.ToString("0.##", CultureInfo.InvariantCulture), 11, "end");
        }
        foreach (var t in x.Ticks(8))
        {
            svg.Line(x.Map(t), Top + PlotHeight, x.Map(t), Top + PlotHeight + 5);
            svg.Text(x.Map(t), Top + PlotHeight + 18, t.ToString("0.##", CultureInfo.InvariantCulture), 11, "middle");
        }
        svg.Line(Left, Top + PlotHeight, Width - Right, Top + PlotHeight);
        svg.Line(Left, Top, Left, Top + PlotHeight);
        svg.Text((Left + Width - Right) / 2, Top + PlotHeight + 36, xLabel, 12, "middle");
        svg.Text(Left - 44, Top + PlotHeight / 2, yLabel, 12, "middle", rotate: -90);
    }

    static void Legend(Svg svg, IReadOnlyList<(string Text, string Colour)> items)
    {
        for (var i = 0; i < items.Count; i++)
        {
            var ly = Top + 12 + 16 * i;
            svg.Line(Width - Right - 250, ly - 4, Width - Right - 230, ly - 4, items[i].Colour, 3);
            svg.Text(Width - Right - 225, ly, items[i].Text, 11);
        }
    }

    /// <summary>An at-risk row's label, cut to end clear of the first count (centred on the plot's left edge).</summary>
    static string Short(string s) => Svg.Fit(s, 11, Left - 8 - 22);
}
