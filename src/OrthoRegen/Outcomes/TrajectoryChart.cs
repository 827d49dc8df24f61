using System.Globalization;
using OrthoRegen.Charts;

namespace OrthoRegen.Outcomes;

/// <summary>
/// Change from baseline over time as SVG: per group, the mean change at each visit with its 95 % CI as error bars joined
/// by a line, and optionally each member's own changes as thin grey lines (spaghetti plot). The x axis is months since
/// Day 0; a dashed line marks no change. Series are labelled in the legend (group key and n at baseline).
/// </summary>
public static class TrajectoryChart
{
    static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];
    public const double DaysPerMonth = 30.4375;

    public static string Render(Trajectory t, string title, bool spaghetti, string xLabel = "Months since Day 0", string? yLabel = null,
        string individualLabel = "Individual patients", Func<string, string>? groupLabel = null)
    {
        const double width = 760, height = 440, left = 70, right = 190, top = 44, bottom = 56;
        var svg = new Svg(width, height);
        var points = t.Groups.SelectMany(g => g.Visits.Where(v => v.Code != Trajectories.Baseline))
            .SelectMany(v => new[] { v.Change.Lower, v.Change.Upper, v.Change.Mean }).OfType<double>().ToList();
        if (spaghetti) points.AddRange(t.Groups.SelectMany(g => g.Series).SelectMany(s => s.Points).Select(p => p.Change).OfType<double>());
        points.Add(0);
        var maxDay = t.Groups.SelectMany(g => g.Visits).Select(v => (double)v.TargetDay)
            .Concat(spaghetti ? t.Groups.SelectMany(g => g.Series).SelectMany(s => s.Points).Select(p => (double)p.Day) : [])
            .DefaultIfEmpty(365).Max();
        var x = new LinearScale(0, Math.Max(1, maxDay / DaysPerMonth), left, width - right);
        var lo = points.Min(); var hi = points.Max();
        if (hi - lo < 1e-9) { lo -= 1; hi += 1; }
        var pad = (hi - lo) * 0.08;
        var y = new LinearScale(lo - pad, hi + pad, height - bottom, top);

        svg.Text(left, 26, title, 15, bold: true);
        foreach (var v in y.Ticks(6))
        {
            svg.Line(left, y.Map(v), width - right, y.Map(v), "#e6e6e6");
            svg.Text(left - 8, y.Map(v) + 4, v.ToString("0.##", CultureInfo.InvariantCulture), 11, "end");
        }
        foreach (var m in x.Ticks(8))
        {
            svg.Line(x.Map(m), height - bottom, x.Map(m), height - bottom + 5);
            svg.Text(x.Map(m), height - bottom + 18, m.ToString("0.##", CultureInfo.InvariantCulture), 11, "middle");
        }
        svg.Line(left, height - bottom, width - right, height - bottom);
        svg.Line(left, top, left, height - bottom);
        svg.Line(left, y.Map(0), width - right, y.Map(0), "#555", 1, "4 3");
        svg.Text((left + width - right) / 2, height - 14, xLabel, 12, "middle");
        svg.Text(20, (top + height - bottom) / 2, yLabel ?? $"Change from baseline ({t.Unit})", 12, "middle", rotate: -90);

        if (spaghetti)
            foreach (var s in t.Groups.SelectMany(g => g.Series))
            {
                var pts = s.Points.Where(p => p.Change is not null).Select(p => (x.Map(p.Day / DaysPerMonth), y.Map(p.Change!.Value))).ToList();
                if (pts.Count > 1) svg.Path(pts, "#b0b0b0", width: 1);
                foreach (var (px, py) in pts) svg.Circle(px, py, 1.8, "#b0b0b0");
            }

        var legendY = top + 6.0;
        for (var i = 0; i < t.Groups.Count; i++)
        {
            var g = t.Groups[i];
            var colour = Palette[i % Palette.Length];
            var visits = g.Visits.Where(v => v.Change.Mean is not null || v.Code == Trajectories.Baseline).ToList();
            var line = visits.Select(v => (x.Map(v.TargetDay / DaysPerMonth), y.Map(v.Code == Trajectories.Baseline ? 0 : v.Change.Mean!.Value))).ToList();
            svg.Path(line, colour, width: 2);
            foreach (var v in visits)
            {
                var px = x.Map(v.TargetDay / DaysPerMonth);
                if (v.Change is { Lower: { } l, Upper: { } u })
                {
                    svg.Line(px, y.Map(l), px, y.Map(u), colour, 1.5);
                    svg.Line(px - 4, y.Map(l), px + 4, y.Map(l), colour, 1.5);
                    svg.Line(px - 4, y.Map(u), px + 4, y.Map(u), colour, 1.5);
                }
                svg.Circle(px, y.Map(v.Code == Trajectories.Baseline ? 0 : v.Change.Mean!.Value), 3.5, colour);
            }
            var n = g.Visits.FirstOrDefault(v => v.Code == Trajectories.Baseline)?.Counts.Observed ?? 0;
            svg.Line(width - right + 14, legendY, width - right + 36, legendY, colour, 2);
            svg.Text(width - right + 42, legendY + 4, $"{groupLabel?.Invoke(g.Key) ?? g.Key} (n = {n})", 11);
            legendY += 18;
        }
        if (spaghetti)
        {
            svg.Line(width - right + 14, legendY, width - right + 36, legendY, "#b0b0b0", 1);
            svg.Text(width - right + 42, legendY + 4, individualLabel, 11);
        }
        return svg.ToString(title);
    }
}
