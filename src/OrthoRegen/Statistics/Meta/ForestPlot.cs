using System.Globalization;
using OrthoRegen.Charts;

namespace OrthoRegen.Statistics.Meta;

/// <summary>
/// A forest plot of a fitted model, like <c>metafor::forest(fit)</c>: one row per study (square sized by weight, 95% CI
/// whisker, weight in percent), the pooled estimate as a diamond spanning its CI and, for random-effects models, the
/// prediction interval as a dashed line through the diamond. Effects are drawn on the analysis scale (log for RR/OR),
/// with a reference line at 0.
/// </summary>
public static class ForestPlot
{
    const double RowHeight = 22, Top = 40, LabelWidth = 190, PlotWidth = 420, RightWidth = 190;

    public static string Render(MetaFit fit, string effectLabel)
    {
        var rows = fit.Studies;
        var height = Top + (rows.Count + 3) * RowHeight + 40;
        var width = LabelWidth + PlotWidth + RightWidth;
        var svg = new Svg(width, height);
        var lo = Math.Min(0, rows.Min(r => r.CiLower));
        var hi = Math.Max(0, rows.Max(r => r.CiUpper));
        if (fit.PredictionInterval is { } pi) { lo = Math.Min(lo, pi.Lower); hi = Math.Max(hi, pi.Upper); }
        var pad = (hi - lo) * 0.05 + 1e-9;
        var x = new LinearScale(lo - pad, hi + pad, LabelWidth, LabelWidth + PlotWidth);
        var maxWeight = rows.Max(r => r.Weight);

        svg.Text(10, 24, "Study", 12, bold: true);
        svg.Text(width - 10, 24, $"Weight   {effectLabel} [95% CI]", 12, "end", bold: true);
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var y = Top + (i + 0.5) * RowHeight;
            svg.Text(10, y + 4, r.Study, 11);
            svg.Line(x.Map(r.CiLower), y, x.Map(r.CiUpper), y, "#333");
            var side = 4 + 10 * Math.Sqrt(r.Weight / maxWeight);
            svg.Rect(x.Map(r.Yi) - side / 2, y - side / 2, side, side, "#1f4e79");
            svg.Text(width - 10, y + 4, $"{F(r.Weight)}%   {F(r.Yi)} [{F(r.CiLower)}, {F(r.CiUpper)}]", 11, "end");
        }

        var yd = Top + (rows.Count + 1) * RowHeight;
        var model = fit.Method == Tau2.FixedEffect ? "Fixed-effect model" : $"Random-effects model ({fit.Method.Code()})";
        svg.Text(10, yd + 4, model, 11, bold: true);
        svg.Path([(x.Map(fit.CiLower), yd), (x.Map(fit.Estimate), yd - 7), (x.Map(fit.CiUpper), yd), (x.Map(fit.Estimate), yd + 7)],
            "#000", "#000", 1, closed: true);
        svg.Text(width - 10, yd + 4, $"100%   {F(fit.Estimate)} [{F(fit.CiLower)}, {F(fit.CiUpper)}]", 11, "end", bold: true);
        if (fit.PredictionInterval is { } p)
        {
            var yp = yd + RowHeight;
            svg.Line(x.Map(p.Lower), yp, x.Map(p.Upper), yp, "#7f7f7f", 1.5, "4 3");
            svg.Text(10, yp + 4, "Prediction interval", 11);
            svg.Text(width - 10, yp + 4, $"[{F(p.Lower)}, {F(p.Upper)}]", 11, "end");
        }

        var axisY = Top + (rows.Count + 2.6) * RowHeight;
        svg.Line(x.Map(0), Top - 6, x.Map(0), axisY, "#999", 1, "2 2");
        svg.Line(LabelWidth, axisY, LabelWidth + PlotWidth, axisY);
        foreach (var t in x.Ticks(6))
        {
            svg.Line(x.Map(t), axisY, x.Map(t), axisY + 4);
            svg.Text(x.Map(t), axisY + 16, F(t), 10, "middle");
        }
        svg.Text(LabelWidth + PlotWidth / 2, axisY + 32, effectLabel, 11, "middle");
        var het = $"Q = {F(fit.Q)}, df = {fit.QDf}, p {P(fit.QPValue)}; I² = {F(fit.I2)}%, τ² = {F(fit.Tau2)}";
        svg.Text(10, height - 8, het, 10, fill: "#444");
        return svg.ToString($"Forest plot of {rows.Count} studies, {effectLabel}");
    }

    internal static string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
    internal static string P(double p) => p < 0.0001 ? "< 0.0001" : "= " + p.ToString("0.0000", CultureInfo.InvariantCulture);
}
