using System.Globalization;
using System.Text;
using OrthoRegen.Charts;
using OrthoRegen.Statistics.Meta;

namespace OrthoRegen.Evidence;

/// <summary>
/// The workspace's charts and their data. The forest plot is <see cref="ForestPlot"/>'s layout (squares sized by weight,
/// 95% CI whiskers, the pooled diamond and the dashed prediction interval) with one more row under the diamond: the
/// clinic's registry pre-post change, drawn as an open circle with its 95% CI and labelled as non-randomised. Series:
/// a filled square per study, one polygon (the diamond), a dashed line (prediction interval), a circle (the clinic).
/// </summary>
public static class EvidenceCharts
{
    const double RowHeight = 22, Top = 40, LabelWidth = 250, PlotWidth = 400, RightWidth = 210;

    public static string Forest(MetaWorkspaceResult w)
    {
        var fit = w.Report?.Overall ?? throw new ArgumentException("No fitted model.", nameof(w));
        var clinic = ClinicOnPlot(w);
        var rows = fit.Studies;
        var extra = 1 + (fit.PredictionInterval is null ? 0 : 1) + (clinic is null ? 0 : 1);
        var height = Top + (rows.Count + extra + 1) * RowHeight + 60;
        var width = LabelWidth + PlotWidth + RightWidth;
        var svg = new Svg(width, height);
        var lo = Math.Min(0, Math.Min(rows.Min(r => r.CiLower), fit.CiLower));
        var hi = Math.Max(0, Math.Max(rows.Max(r => r.CiUpper), fit.CiUpper));
        if (fit.PredictionInterval is { } pi) { lo = Math.Min(lo, pi.Lower); hi = Math.Max(hi, pi.Upper); }
        if (clinic is { } cr) { lo = Math.Min(lo, cr.Lower); hi = Math.Max(hi, cr.Upper); }
        var pad = (hi - lo) * 0.05 + 1e-9;
        var x = new LinearScale(lo - pad, hi + pad, LabelWidth, LabelWidth + PlotWidth);
        var maxWeight = rows.Max(r => r.Weight);
        var label = w.Query.EffectLabel;

        svg.Text(10, 24, "Study", 12, bold: true);
        svg.Text(width - 10, 24, "Weight   Estimate [95% CI]", 12, "end", bold: true);
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
        var model = fit.Method == Tau2.FixedEffect ? "Fixed-effect model" : $"Random-effects model ({fit.Method.Code()}, {fit.Test.Code()})";
        svg.Text(10, yd + 4, model, 11, bold: true);
        svg.Path([(x.Map(fit.CiLower), yd), (x.Map(fit.Estimate), yd - 7), (x.Map(fit.CiUpper), yd), (x.Map(fit.Estimate), yd + 7)],
            "#000", "#000", 1, closed: true);
        svg.Text(width - 10, yd + 4, $"100%   {F(fit.Estimate)} [{F(fit.CiLower)}, {F(fit.CiUpper)}]", 11, "end", bold: true);
        var next = yd + RowHeight;
        if (fit.PredictionInterval is { } p)
        {
            svg.Line(x.Map(p.Lower), next, x.Map(p.Upper), next, "#7f7f7f", 1.5, "4 3");
            svg.Text(10, next + 4, "Prediction interval", 11);
            svg.Text(width - 10, next + 4, $"[{F(p.Lower)}, {F(p.Upper)}]", 11, "end");
            next += RowHeight;
        }
        if (clinic is { } c)
        {
            svg.Line(LabelWidth, next - RowHeight / 2, LabelWidth + PlotWidth, next - RowHeight / 2, "#ccc", 1, "1 2");
            svg.Text(10, next + 4, $"{EvidenceMessages.ClinicLabel}, n = {c.N}", 11, fill: "#7a3b00");
            svg.Line(x.Map(c.Lower), next, x.Map(c.Upper), next, "#7a3b00", 1.5);
            svg.Circle(x.Map(c.Mean), next, 5, "#fff", "#7a3b00", 2);
            svg.Text(width - 10, next + 4, $"{F(c.Mean)} [{F(c.Lower)}, {F(c.Upper)}]", 11, "end", "#7a3b00");
            next += RowHeight;
        }

        var axisY = next + 0.1 * RowHeight;
        svg.Line(x.Map(0), Top - 6, x.Map(0), axisY, "#999", 1, "2 2");
        svg.Line(LabelWidth, axisY, LabelWidth + PlotWidth, axisY);
        foreach (var t in x.Ticks(6))
        {
            svg.Line(x.Map(t), axisY, x.Map(t), axisY + 4);
            svg.Text(x.Map(t), axisY + 16, F(t), 10, "middle");
        }
        svg.Text(LabelWidth + PlotWidth / 2, axisY + 32, label, 11, "middle");
        var het = $"Q = {F(fit.Q)}, df = {fit.QDf}, p {ForestPlot.P(fit.QPValue)}; I² = {F(fit.I2)}%, τ² = {F(fit.Tau2)}";
        svg.Text(10, height - 8, het, 10, fill: "#444");
        return svg.ToString($"Forest plot of {rows.Count} studies, {label}{(clinic is null ? "" : ", with the clinic registry row")}");
    }

    public static string Funnel(MetaWorkspaceResult w)
    {
        var report = w.Report ?? throw new ArgumentException("No fitted model.", nameof(w));
        return FunnelPlot.Render(report.Overall, w.Query.EffectLabel, report.TrimFill);
    }

    /// <summary>The forest plot's numbers: one row per study, the pooled estimate, the prediction interval and the clinic.</summary>
    public static string ForestCsv(MetaWorkspaceResult w)
    {
        var fit = w.Report?.Overall ?? throw new ArgumentException("No fitted model.", nameof(w));
        var sb = new StringBuilder("series,study,basis,yi,vi,ci_lower,ci_upper,weight_percent,n\n");
        var included = w.Included;
        for (var i = 0; i < fit.Studies.Count; i++)
        {
            var r = fit.Studies[i];
            var c = included[i];
            sb.AppendJoin(',', "study", Csv(r.Study), c.Basis, G(r.Yi), G(r.Vi), G(r.CiLower), G(r.CiUpper), G(r.Weight), c.Patients?.ToString(CultureInfo.InvariantCulture) ?? "").Append('\n');
        }
        sb.AppendJoin(',', "pooled", Csv(fit.Method == Tau2.FixedEffect ? "Fixed-effect model" : "Random-effects model"), "", G(fit.Estimate),
            G(fit.StandardError * fit.StandardError), G(fit.CiLower), G(fit.CiUpper), "100", w.Patients.ToString(CultureInfo.InvariantCulture)).Append('\n');
        if (fit.PredictionInterval is { } p)
            sb.AppendJoin(',', "prediction", "Prediction interval", "", G(fit.Estimate), "", G(p.Lower), G(p.Upper), "", "").Append('\n');
        if (w.Clinic is { Change.Mean: { } mean } cl)
            sb.AppendJoin(',', "clinic", Csv(EvidenceMessages.ClinicLabel), "registry pre-post", G(mean),
                cl.Change.Se is { } se ? G(se * se) : "", cl.Change.Lower is { } l ? G(l) : "", cl.Change.Upper is { } u ? G(u) : "", "",
                cl.Change.N.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return sb.ToString();
    }

    public static string FunnelCsv(MetaWorkspaceResult w)
    {
        var report = w.Report ?? throw new ArgumentException("No fitted model.", nameof(w));
        var sb = new StringBuilder("series,study,yi,se\n");
        foreach (var s in report.Overall.Studies) sb.AppendJoin(',', "study", Csv(s.Study), G(s.Yi), G(Math.Sqrt(s.Vi))).Append('\n');
        foreach (var f in report.TrimFill?.Filled ?? []) sb.AppendJoin(',', "filled", "", G(f.Yi), G(Math.Sqrt(f.Vi))).Append('\n');
        return sb.ToString();
    }

    /// <summary>The clinic row when it belongs on the plot's scale (MD) and has an interval.</summary>
    static (int N, double Mean, double Lower, double Upper)? ClinicOnPlot(MetaWorkspaceResult w) =>
        w.Query.Measure == "MD" && w.Clinic?.Change is { Mean: { } m, Lower: { } l, Upper: { } u, N: var n } ? (n, m, l, u) : null;

    public static bool ClinicDrawn(MetaWorkspaceResult w) => ClinicOnPlot(w) is not null;

    static string F(double v) => ForestPlot.F(v);
    internal static string G(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    internal static string Csv(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
