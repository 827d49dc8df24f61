using OrthoRegen.Charts;

namespace OrthoRegen.Statistics.Meta;

/// <summary>The texts of a funnel plot in the reader's language (the CLI uses <see cref="English"/>).</summary>
/// <param name="Title">Format with {0} = number of studies.</param>
/// <param name="TitleFilled">Format with {0} = number of studies, {1} = number filled by trim-and-fill.</param>
public sealed record FunnelLabels(string StandardError, string Title, string TitleFilled)
{
    public static FunnelLabels English { get; } = new("Standard error", "Funnel plot of {0} studies", "Funnel plot of {0} studies with {1} filled");
}

/// <summary>
/// A funnel plot like <c>metafor::funnel(fit)</c>: effect against standard error (0 at the top), the pooled estimate as
/// a vertical line and the pseudo 95% region estimate ± 1.96·SE. Studies imputed by trim-and-fill, when given, are
/// drawn as open circles.
/// </summary>
public static class FunnelPlot
{
    const double Left = 70, Top = 30, PlotWidth = 460, PlotHeight = 340;

    public static string Render(MetaFit fit, string effectLabel, TrimAndFill? filled = null, FunnelLabels? labels = null)
    {
        var l = labels ?? FunnelLabels.English;
        var svg = new Svg(Left + PlotWidth + 30, Top + PlotHeight + 60);
        var points = fit.Studies.Select(s => (s.Yi, Se: Math.Sqrt(s.Vi))).ToList();
        var extra = filled?.Filled.Select(f => (f.Yi, Se: Math.Sqrt(f.Vi))).ToList() ?? [];
        var maxSe = points.Concat(extra).Max(p => p.Se) * 1.05;
        var z = Distributions.NormalQuantile(0.975);
        var lo = Math.Min(points.Concat(extra).Min(p => p.Yi), fit.Estimate - z * maxSe);
        var hi = Math.Max(points.Concat(extra).Max(p => p.Yi), fit.Estimate + z * maxSe);
        var x = new LinearScale(lo, hi, Left, Left + PlotWidth);
        var y = new LinearScale(0, maxSe, Top, Top + PlotHeight);

        svg.Path([(x.Map(fit.Estimate - z * maxSe), y.Map(maxSe)), (x.Map(fit.Estimate), y.Map(0)),
            (x.Map(fit.Estimate + z * maxSe), y.Map(maxSe))], "#999", "#f2f2f2", 1, "4 3", closed: true);
        svg.Line(x.Map(fit.Estimate), y.Map(0), x.Map(fit.Estimate), y.Map(maxSe), "#000");
        foreach (var (yi, se) in points) svg.Circle(x.Map(yi), y.Map(se), 3.5, "#1f4e79");
        foreach (var (yi, se) in extra) svg.Circle(x.Map(yi), y.Map(se), 3.5, "#fff", "#1f4e79", 1);

        svg.Line(Left, Top + PlotHeight, Left + PlotWidth, Top + PlotHeight);
        foreach (var t in x.Ticks(6))
        {
            svg.Line(x.Map(t), Top + PlotHeight, x.Map(t), Top + PlotHeight + 4);
            svg.Text(x.Map(t), Top + PlotHeight + 16, ForestPlot.F(t), 10, "middle");
        }
        svg.Line(Left, Top, Left, Top + PlotHeight);
        foreach (var t in y.Ticks(5))
        {
            svg.Line(Left - 4, y.Map(t), Left, y.Map(t));
            svg.Text(Left - 6, y.Map(t) + 3, ForestPlot.F(t), 10, "end");
        }
        svg.Text(Left + PlotWidth / 2, Top + PlotHeight + 36, effectLabel, 11, "middle");
        svg.Text(18, Top + PlotHeight / 2, l.StandardError, 11, "middle", rotate: -90);
        return svg.ToString(extra.Count > 0
            ? string.Format(System.Globalization.CultureInfo.InvariantCulture, l.TitleFilled, points.Count, extra.Count)
            : string.Format(System.Globalization.CultureInfo.InvariantCulture, l.Title, points.Count));
    }
}
