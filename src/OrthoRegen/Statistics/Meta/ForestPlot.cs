using System.Globalization;
using OrthoRegen.Charts;

namespace OrthoRegen.Statistics.Meta;

/// <summary>The texts of a forest plot, supplied by the host in the reader's language (the CLI uses <see cref="English"/>).</summary>
/// <param name="RandomEffects">Format with {0} = the estimator and test codes (e.g. "REML, z").</param>
/// <param name="Title">Format with {0} = number of studies, {1} = the effect label.</param>
/// <param name="TitleWithRegistry">Format like <see cref="Title"/>, used when the registry row is drawn.</param>
public sealed record ForestLabels(string Study, string WeightEstimate, string FixedEffect, string RandomEffects, string PredictionInterval,
    string Title, string TitleWithRegistry)
{
    public static ForestLabels English { get; } = new("Study", "Weight   Estimate [95% CI]", "Fixed-effect model", "Random-effects model ({0})",
        "Prediction interval", "Forest plot of {0} studies, {1}", "Forest plot of {0} studies, {1}, with the clinic registry row");
}

/// <summary>
/// One extra row drawn under the pooled diamond (and the prediction interval), on the plot's analysis scale: the clinic's
/// own registry result. It is drawn as an open circle with its 95% CI in a distinct colour, labelled with
/// <paramref name="Label"/> (which says it is non-randomised registry data) and <paramref name="Note"/> under it.
/// </summary>
public sealed record ForestExtraRow(string Label, string Note, double Estimate, double Lower, double Upper);

/// <summary>
/// A forest plot of a fitted model, like <c>metafor::forest(fit)</c>: one row per study (square sized by weight, 95% CI
/// whisker, weight in percent), the pooled estimate as a diamond spanning its CI and, for random-effects models, the
/// prediction interval as a dashed line through the diamond; optionally one <see cref="ForestExtraRow"/> under them.
/// Effects are drawn on the analysis scale (log for RR/OR), with a reference line at 0. Series: a filled square per study
/// (<c>rect</c>), one <c>polygon</c> (the diamond), a dashed <c>line</c> (prediction interval), a <c>circle</c> (the extra row).
/// </summary>
public static class ForestPlot
{
    const double RowHeight = 22, Top = 40, LabelWidth = 250, PlotWidth = 400, RightWidth = 210;
    public const string RegistryColour = "#7a3b00";

    public static string Render(MetaFit fit, string effectLabel, ForestLabels? labels = null, ForestExtraRow? extra = null)
    {
        ArgumentNullException.ThrowIfNull(fit);
        var l = labels ?? ForestLabels.English;
        var rows = fit.Studies;
        var extraRows = 1 + (fit.PredictionInterval is null ? 0 : 1) + (extra is null ? 0 : 2);
        var height = Top + (rows.Count + extraRows + 1) * RowHeight + 60;
        var width = LabelWidth + PlotWidth + RightWidth;
        var svg = new Svg(width, height);
        var lo = Math.Min(0, Math.Min(rows.Min(r => r.CiLower), fit.CiLower));
        var hi = Math.Max(0, Math.Max(rows.Max(r => r.CiUpper), fit.CiUpper));
        if (fit.PredictionInterval is { } pi) { lo = Math.Min(lo, pi.Lower); hi = Math.Max(hi, pi.Upper); }
        if (extra is not null) { lo = Math.Min(lo, extra.Lower); hi = Math.Max(hi, extra.Upper); }
        var pad = (hi - lo) * 0.05 + 1e-9;
        var x = new LinearScale(lo - pad, hi + pad, LabelWidth, LabelWidth + PlotWidth);
        var maxWeight = rows.Max(r => r.Weight);

        svg.Text(10, 24, l.Study, 12, bold: true);
        svg.Text(width - 10, 24, l.WeightEstimate, 12, "end", bold: true);
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
        var model = fit.Method == Tau2.FixedEffect ? l.FixedEffect : string.Format(CultureInfo.InvariantCulture, l.RandomEffects, $"{fit.Method.Code()}, {fit.Test.Code()}");
        svg.Text(10, yd + 4, model, 11, bold: true);
        svg.Path([(x.Map(fit.CiLower), yd), (x.Map(fit.Estimate), yd - 7), (x.Map(fit.CiUpper), yd), (x.Map(fit.Estimate), yd + 7)],
            "#000", "#000", 1, closed: true);
        svg.Text(width - 10, yd + 4, $"100%   {F(fit.Estimate)} [{F(fit.CiLower)}, {F(fit.CiUpper)}]", 11, "end", bold: true);
        var next = yd + RowHeight;
        if (fit.PredictionInterval is { } p)
        {
            svg.Line(x.Map(p.Lower), next, x.Map(p.Upper), next, "#7f7f7f", 1.5, "4 3");
            svg.Text(10, next + 4, l.PredictionInterval, 11);
            svg.Text(width - 10, next + 4, $"[{F(p.Lower)}, {F(p.Upper)}]", 11, "end");
            next += RowHeight;
        }
        if (extra is not null)
        {
            svg.Line(LabelWidth, next - RowHeight / 2, LabelWidth + PlotWidth, next - RowHeight / 2, "#ccc", 1, "1 2");
            svg.Text(10, next + 4, extra.Label, 11, fill: RegistryColour);
            svg.Text(10, next + 4 + RowHeight * 0.7, extra.Note, 10, fill: RegistryColour);
            svg.Line(x.Map(extra.Lower), next, x.Map(extra.Upper), next, RegistryColour, 1.5);
            svg.Circle(x.Map(extra.Estimate), next, 5, "#fff", RegistryColour, 2);
            svg.Text(width - 10, next + 4, $"{F(extra.Estimate)} [{F(extra.Lower)}, {F(extra.Upper)}]", 11, "end", RegistryColour);
            next += 2 * RowHeight;
        }

        var axisY = next + 0.1 * RowHeight;
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
        var title = string.Format(CultureInfo.InvariantCulture, extra is null ? l.Title : l.TitleWithRegistry, rows.Count, effectLabel);
        return svg.ToString(title);
    }

    internal static string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
    internal static string P(double p) => p < 0.0001 ? "< 0.0001" : "= " + p.ToString("0.0000", CultureInfo.InvariantCulture);
}
