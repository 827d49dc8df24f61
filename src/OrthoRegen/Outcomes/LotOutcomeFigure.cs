using System.Globalization;
using System.Text;
using OrthoRegen.Charts;

namespace OrthoRegen.Outcomes;

/// <summary>
/// The lot-to-outcome scatter as SVG: one point per member with both values, the least-squares line and its 95%
/// confidence band (series <c>points</c>, <c>band</c>, <c>line</c> as <c>g[data-series]</c>); and the data as CSV.
/// </summary>
public static class LotOutcomeFigure
{
    const double Width = 720, Height = 440, Left = 70, Right = 30, Top = 40, Bottom = 60;

    public static string Scatter(LotOutcomeResult r, string title, string xLabel, string yLabel)
    {
        var pts = r.Subjects.Where(s => s.Change is not null && s.Attribute(r.Attribute) is not null)
            .Select(s => (X: s.Attribute(r.Attribute)!.Value, Y: s.Change!.Value)).ToList();
        var xs = pts.Select(p => p.X).DefaultIfEmpty(0).ToList();
        var ys = pts.Select(p => p.Y).Concat(r.Band.SelectMany(b => new[] { b.Lower, b.Upper })).DefaultIfEmpty(0).ToList();
        var (x0, x1) = Pad(xs.Min(), xs.Max());
        var (y0, y1) = Pad(Math.Min(0, ys.Min()), Math.Max(0, ys.Max()));
        var x = new LinearScale(x0, x1, Left, Width - Right);
        var y = new LinearScale(y0, y1, Height - Bottom, Top);
        var frame = new Svg(Width, Height);
        frame.Text(Left, 24, title, 15, bold: true);
        foreach (var t in y.Ticks(6)) { frame.Line(Left, y.Map(t), Width - Right, y.Map(t), "#eee"); frame.Text(Left - 6, y.Map(t) + 4, F(t), 11, "end"); }
        foreach (var t in x.Ticks(8)) { frame.Line(x.Map(t), Height - Bottom, x.Map(t), Height - Bottom + 4); frame.Text(x.Map(t), Height - Bottom + 18, F(t), 11, "middle"); }
        frame.Line(Left, y.Map(0), Width - Right, y.Map(0), "#999", 1, "3 3");
        frame.Line(Left, Height - Bottom, Width - Right, Height - Bottom);
        frame.Line(Left, Top, Left, Height - Bottom);
        frame.Text((Left + Width - Right) / 2, Height - 20, xLabel, 12, "middle");
        frame.Text(18, (Top + Height - Bottom) / 2, yLabel, 12, "middle", rotate: -90);
        if (r.Band.Count > 0)
        {
            frame.Series("band", s => s.Path(r.Band.Select(b => (x.Map(b.X), y.Map(b.Upper))).Concat(r.Band.Reverse().Select(b => (x.Map(b.X), y.Map(b.Lower)))),
                stroke: null, fill: "#1f77b4", closed: true, fillOpacity: 0.18));
            frame.Series("line", s => s.Path(r.Band.Select(b => (x.Map(b.X), y.Map(b.Fit))), "#1f77b4", width: 2));
        }
        frame.Series("points", s => { foreach (var (px, py) in pts) s.Circle(x.Map(px), y.Map(py), 3.5, "#333"); });
        return frame.ToString(title);
    }

    static (double, double) Pad(double lo, double hi)
    {
        if (!(hi > lo)) return (lo - 1, hi + 1);
        var pad = (hi - lo) * 0.05;
        return (lo - pad, hi + pad);
    }

    static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    public static readonly IReadOnlyList<string> CsvParts = ["subjects", "band", "groups"];

    public static string Csv(LotOutcomeResult r, string part)
    {
        var sb = new StringBuilder();
        switch (part)
        {
            case "subjects":
                sb.Append("pseudonym_code,cell_source,origin,dose_tier,viable_dose_e6,cells_per_kg_e6,viability,passage,baseline,month_12,change,improvement,responder\n");
                foreach (var s in r.Subjects)
                    SurvivalCsv.Row(sb, s.PseudonymCode, s.CellSource, s.Origin, s.DoseTier, SurvivalCsv.F(s.ViableDoseE6), SurvivalCsv.F(s.CellsPerKgE6),
                        SurvivalCsv.F(s.Viability), s.Passage?.ToString(CultureInfo.InvariantCulture) ?? "", SurvivalCsv.F(s.Baseline), SurvivalCsv.F(s.AtTwelveMonths),
                        SurvivalCsv.F(s.Change), SurvivalCsv.F(s.Improvement), s.Responder is { } rsp ? (rsp ? "1" : "0") : "");
                break;
            case "band":
                sb.Append("x,fit,lower,upper\n");
                foreach (var b in r.Band) SurvivalCsv.Row(sb, SurvivalCsv.F(b.X), SurvivalCsv.F(b.Fit), SurvivalCsv.F(b.Lower), SurvivalCsv.F(b.Upper));
                break;
            case "groups":
                sb.Append("dimension,key,n,mean_change,lower,upper\n");
                foreach (var g in r.Groups)
                    SurvivalCsv.Row(sb, g.Dimension, g.Key, g.Change.N.ToString(CultureInfo.InvariantCulture), SurvivalCsv.F(g.Change.Mean), SurvivalCsv.F(g.Change.Lower), SurvivalCsv.F(g.Change.Upper));
                break;
            default: throw new ArgumentException($"Unknown part {part}.", nameof(part));
        }
        return sb.ToString();
    }
}
