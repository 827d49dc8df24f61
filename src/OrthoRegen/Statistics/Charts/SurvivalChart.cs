using System.Globalization;
using OrthoRegen.Charts;

namespace OrthoRegen.Statistics.Charts;

/// <summary>
/// Kaplan-Meier curves as SVG (the picture of <c>plot(survfit(...), conf.int = TRUE, mark.time = TRUE)</c>): one step
/// line per group, its pointwise confidence band shaded, censoring marked with a short vertical tick on the curve.
/// Where survfit's band is undefined (NA) the shading is left out rather than drawn at a made-up value.
/// </summary>
public static class SurvivalChart
{
    static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];

    /// <param name="curves">Curves to draw, in legend order.</param>
    /// <param name="title">Chart title and accessible name.</param>
    /// <param name="timeLabel">Label of the time axis, with its unit (e.g. "Months since injection").</param>
    public static string Render(IReadOnlyList<KaplanMeierCurve> curves, string title, string timeLabel = "Time")
    {
        ArgumentNullException.ThrowIfNull(curves);
        const double width = 720, height = 440, left = 64, right = 170, top = 40, bottom = 56;
        var svg = new Svg(width, height);
        var maxT = curves.SelectMany(c => c.Steps).Select(s => s.Time).DefaultIfEmpty(1).Max();
        if (!(maxT > 0)) maxT = 1;
        var x = new LinearScale(0, maxT, left, width - right);
        var y = new LinearScale(0, 1, height - bottom, top);
        svg.Text(left, 24, title, 15, bold: true);
        // axes and grid
        foreach (var t in y.Ticks(5))
        {
            svg.Line(left, y.Map(t), width - right, y.Map(t), "#e6e6e6");
            svg.Text(left - 8, y.Map(t) + 4, t.ToString("0.##", CultureInfo.InvariantCulture), 11, "end");
        }
        foreach (var t in x.Ticks(6))
        {
            svg.Line(x.Map(t), height - bottom, x.Map(t), height - bottom + 5);
            svg.Text(x.Map(t), height - bottom + 18, t.ToString("0.##", CultureInfo.InvariantCulture), 11, "middle");
        }
        svg.Line(left, height - bottom, width - right, height - bottom);
        svg.Line(left, top, left, height - bottom);
        svg.Text((left + width - right) / 2, height - 14, timeLabel, 12, "middle");
        svg.Text(18, (top + height - bottom) / 2, "Survival probability", 12, "middle", rotate: -90);

        for (var c = 0; c < curves.Count; c++)
        {
            var curve = curves[c];
            var colour = Colour(c);
            DrawCurve(svg, curve, x, y, colour);
            // legend
            var ly = top + 10 + 40 * c;
            svg.Line(width - right + 16, ly, width - right + 40, ly, colour, 3);
            svg.Text(width - right + 46, ly + 4, curve.Group, 12);
            var median = curve.Median is { } m ? m.ToString("0.##", CultureInfo.InvariantCulture) : "not reached";
            svg.Text(width - right + 46, ly + 19, $"n={curve.N}, events={curve.Events}, median {median}", 10, fill: "#555");
        }
        return svg.ToString(title);
    }

    /// <summary>The colour of the <paramref name="index"/>-th curve (the palette repeats after eight).</summary>
    public static string Colour(int index) => Palette[index % Palette.Length];

    /// <summary>
    /// One curve: its confidence band (a polygon per run of defined limits, following the steps), the step line from
    /// S(0) = 1, and the censoring ticks. With <paramref name="until"/> the line runs on flat from the last step to
    /// that time (the follow-up's end), as the registry's survival figure draws it.
    /// </summary>
    public static void DrawCurve(Svg svg, KaplanMeierCurve curve, LinearScale x, LinearScale y, string colour, double? until = null)
    {
        var run = new List<(double T0, double T1, double Lo, double Up)>();
        var prevT = 0.0; double prevLo = 1, prevUp = 1; var defined = true;
        void Flush()
        {
            if (run.Count == 0) return;
            var upper = run.SelectMany(r => new[] { (x.Map(r.T0), y.Map(r.Up)), (x.Map(r.T1), y.Map(r.Up)) });
            var lower = run.AsEnumerable().Reverse().SelectMany(r => new[] { (x.Map(r.T1), y.Map(r.Lo)), (x.Map(r.T0), y.Map(r.Lo)) });
            svg.Path(upper.Concat(lower), stroke: null, fill: colour, closed: true, fillOpacity: 0.15);
            run.Clear();
        }
        foreach (var s in curve.Steps)
        {
            if (defined) run.Add((prevT, s.Time, prevLo, prevUp));
            else Flush();
            defined = s.Lower is not null && s.Upper is not null;
            if (defined) { prevLo = s.Lower!.Value; prevUp = s.Upper!.Value; }
            prevT = s.Time;
        }
        Flush();
        var pts = new List<(double, double)> { (x.Map(0), y.Map(1)) };
        var sPrev = 1.0;
        foreach (var s in curve.Steps)
        {
            pts.Add((x.Map(s.Time), y.Map(sPrev)));
            pts.Add((x.Map(s.Time), y.Map(s.Surv)));
            sPrev = s.Surv;
        }
        if (until is { } end) pts.Add((x.Map(end), y.Map(sPrev)));
        svg.Path(pts, stroke: colour, width: 2);
        foreach (var s in curve.Steps.Where(s => s.NCensor > 0))
            svg.Line(x.Map(s.Time), y.Map(s.Surv) - 5, x.Map(s.Time), y.Map(s.Surv) + 5, colour, 1.5);
    }
}
