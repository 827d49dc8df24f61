using System.Globalization;
using OrthoRegen.Charts;

namespace OrthoRegen.Outcomes;

/// <summary>The texts of a patient's score-over-time chart, in the reader's language (default: <see cref="English"/>).</summary>
/// <param name="Title">{0} = the instrument and score.</param>
/// <param name="ValueAxis">{0} = the unit.</param>
public sealed record ProgressChartLabels(string Title, string TimeAxis, string ValueAxis, string Baseline, string McidBand)
{
    public static ProgressChartLabels English { get; } = new("{0} over time", "Months since Day 0", "Score ({0})", "Baseline",
        "Within the minimal important change of baseline");
}

/// <summary>
/// One patient's instrument score over time as SVG, for the one-page progress report: the value at each assigned visit
/// (x = months since Day 0 of the actual date, labelled with the visit code) joined by a line, the baseline as a dashed
/// horizontal line, and the band baseline ± the minimal important change shaded, so a point outside the band on the
/// better side is a change the patient would notice. Series: <c>g data-series="scores"</c>, <c>"baseline"</c>, <c>"mcid-band"</c>.
/// </summary>
public static class ProgressChart
{
    const double Width = 560, Height = 260, Left = 56, Right = 20, Top = 36, Bottom = 44;
    const string Colour = "#1f4e79";

    /// <param name="minimalImportantChange">In score units (a relative threshold already turned into units); null = no band.</param>
    public static string Render(ProgressSeries s, DateOnly dayZero, double? minimalImportantChange, ProgressChartLabels? labels = null)
    {
        ArgumentNullException.ThrowIfNull(s);
        var l = labels ?? ProgressChartLabels.English;
        double? baseline = s.Points.FirstOrDefault(p => p.Visit == Trajectories.Baseline) is { Visit: not null } b ? b.Value : null;
        var values = s.Points.Select(p => p.Value).ToList();
        if (baseline is { } bv && minimalImportantChange is { } mic) { values.Add(bv + mic); values.Add(bv - mic); }
        var lo = values.DefaultIfEmpty(0).Min(); var hi = values.DefaultIfEmpty(1).Max();
        if (hi - lo < 1e-9) { lo -= 1; hi += 1; }
        var pad = (hi - lo) * 0.1;
        var months = s.Points.Select(p => (p.On.DayNumber - dayZero.DayNumber) / TrajectoryChart.DaysPerMonth).ToList();
        var x = new LinearScale(Math.Min(-1, months.DefaultIfEmpty(0).Min()), Math.Max(12, months.DefaultIfEmpty(12).Max()), Left, Width - Right);
        var y = new LinearScale(lo - pad, hi + pad, Height - Bottom, Top);

        var frame = new Svg(Width, Height);
        frame.Text(Left, 22, string.Format(CultureInfo.InvariantCulture, l.Title, $"{s.Instrument} · {s.Score}"), 13, bold: true);
        foreach (var t in y.Ticks(5)) { frame.Line(Left, y.Map(t), Width - Right, y.Map(t), "#eee"); frame.Text(Left - 6, y.Map(t) + 4, F(t), 10, "end"); }
        foreach (var t in x.Ticks(8)) { frame.Line(x.Map(t), Height - Bottom, x.Map(t), Height - Bottom + 4); frame.Text(x.Map(t), Height - Bottom + 16, F(t), 10, "middle"); }
        frame.Line(Left, Height - Bottom, Width - Right, Height - Bottom);
        frame.Line(Left, Top, Left, Height - Bottom);
        frame.Text((Left + Width - Right) / 2, Height - 8, l.TimeAxis, 11, "middle");
        frame.Text(14, (Top + Height - Bottom) / 2, string.Format(CultureInfo.InvariantCulture, l.ValueAxis, s.Unit), 11, "middle", rotate: -90);

        if (baseline is { } bl)
        {
            if (minimalImportantChange is { } m)
                frame.Series("mcid-band", band =>
                {
                    band.Rect(Left, y.Map(bl + m), Width - Right - Left, y.Map(bl - m) - y.Map(bl + m), "#f0c36d", opacity: 0.25);
                    band.Text(Width - Right - 4, y.Map(bl + m) - 3, l.McidBand, 9, "end", "#8a6100");
                });
            frame.Series("baseline", line =>
            {
                line.Line(Left, y.Map(bl), Width - Right, y.Map(bl), "#555", 1.2, "5 4");
                line.Text(Left + 4, y.Map(bl) - 4, l.Baseline, 9, fill: "#555");
            });
        }
        var xy = s.Points.Select((p, i) => (X: x.Map(months[i]), Y: y.Map(p.Value), p.Visit)).ToList();
        frame.Series("scores", pts =>
        {
            pts.Path(xy.Select(p => (p.X, p.Y)), Colour, width: 2);
            foreach (var p in xy)
            {
                pts.Circle(p.X, p.Y, 4, Colour);
                pts.Text(p.X, p.Y - 8, p.Visit, 9, "middle", "#333");
            }
        });
        return frame.ToString(string.Format(CultureInfo.InvariantCulture, l.Title, $"{s.Instrument} · {s.Score}"));
    }

    static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
