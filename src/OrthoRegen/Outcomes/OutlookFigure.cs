using System.Globalization;
using OrthoRegen.Charts;

namespace OrthoRegen.Outcomes;

/// <summary>The calibration plot of the outlook model: observed share against mean predicted probability per decile, with the diagonal.</summary>
public static class OutlookFigure
{
    public static string Calibration(OutlookResult r, string title, string xLabel, string yLabel)
    {
        const double W = 460, H = 460, L = 70, T = 40, S = 340;
        var svg = new Svg(W, H);
        var x = new LinearScale(0, 1, L, L + S);
        var y = new LinearScale(0, 1, T + S, T);
        svg.Text(L, 24, title, 15, bold: true);
        foreach (var t in x.Ticks(5))
        {
            svg.Line(x.Map(t), T + S, x.Map(t), T + S + 4); svg.Text(x.Map(t), T + S + 18, t.ToString("0.##", CultureInfo.InvariantCulture), 11, "middle");
            svg.Line(L - 4, y.Map(t), L, y.Map(t)); svg.Text(L - 6, y.Map(t) + 4, t.ToString("0.##", CultureInfo.InvariantCulture), 11, "end");
        }
        svg.Line(L, T + S, L + S, T + S); svg.Line(L, T, L, T + S);
        svg.Line(x.Map(0), y.Map(0), x.Map(1), y.Map(1), "#999", 1, "4 3");
        svg.Path(r.Calibration.Select(b => (x.Map(b.MeanPredicted), y.Map(b.Observed))), "#1f77b4", width: 1.5);
        foreach (var b in r.Calibration) svg.Circle(x.Map(b.MeanPredicted), y.Map(b.Observed), 4, "#1f77b4");
        svg.Text(L + S / 2, H - 30, xLabel, 12, "middle");
        svg.Text(18, T + S / 2, yLabel, 12, "middle", rotate: -90);
        return svg.ToString(title);
    }
}
