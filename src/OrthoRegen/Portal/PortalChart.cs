using OrthoRegen.Charts;
using OrthoRegen.Instruments;

namespace OrthoRegen.Portal;

/// <summary>
/// The patient's chart of one instrument: each charted score over time (x = completion dates, evenly spaced in order,
/// so close visits stay readable on a phone; y = the score's full range, with its direction written on the axis).
/// </summary>
public static class PortalChart
{
    public const double Width = 360, Height = 250;
    static readonly string[] Colours = ["#1f5fa8", "#b3541e", "#2e7d32", "#6a1b9a", "#00838f"];

    /// <summary>Scores with a minimal important change for <paramref name="population"/> (at most five), else the first score.</summary>
    public static IReadOnlyList<string> ScoresToChart(InstrumentDefinition definition, string? population)
    {
        var withMic = definition.Scores.Where(s => definition.ChangeThresholds.Any(t => t.Score == s.Name && t.Population == population))
            .Select(s => s.Name).Take(Colours.Length).ToList();
        return withMic.Count > 0 ? withMic : [definition.Scores[0].Name];
    }

    /// <summary>The SVG (accessible name: the instrument's title in <paramref name="language"/>).</summary>
    public static string Draw(InstrumentDefinition definition, ScoreHistory history, IReadOnlyList<string> scores, string language)
    {
        var svg = new Svg(Width, Height);
        const double left = 40, right = 12, top = 14, bottom = 60;
        var first = definition.Score(scores[0]);
        var y = new LinearScale((double)first.Min, (double)first.Max, Height - bottom, top);
        var n = history.Points.Count;
        var x = new LinearScale(0, Math.Max(1, n - 1), left + 14, Width - right - 14);
        foreach (var t in y.Ticks(5))
        {
            svg.Line(left, y.Map(t), Width - right, y.Map(t), "#e3e3e3");
            svg.Text(left - 4, y.Map(t) + 4, Svg.N(t), 10, "end", "#555");
        }
        svg.Line(left, top, left, Height - bottom, "#777").Line(left, Height - bottom, Width - right, Height - bottom, "#777");
        for (var i = 0; i < n; i++)
            svg.Text(x.Map(n == 1 ? 0.5 : i), Height - bottom + 14, history.Points[i].CompletedOn.ToString("yy-MM-dd"), 10, "middle", "#333");
        for (var k = 0; k < scores.Count; k++)
        {
            var name = scores[k];
            var colour = Colours[k];
            var pts = history.Points.Select((p, i) => (i, v: p.Scores.GetValueOrDefault(name)))
                .Where(p => p.v is not null).Select(p => (X: x.Map(n == 1 ? 0.5 : p.i), Y: y.Map((double)p.v!.Value))).ToList();
            svg.Path(pts, colour, null, 2);
            foreach (var p in pts) svg.Circle(p.X, p.Y, 3.5, colour);
            var row = k / 2;
            var lx = left + (k % 2) * 160;
            var ly = Height - bottom + 30 + row * 14;
            svg.Line(lx, ly - 4, lx + 14, ly - 4, colour, 3);
            svg.Text(lx + 18, ly, definition.Score(name).Label.In(language), 10, "start", "#222");
        }
        var direction = first.Direction == Direction.HigherIsBetter
            ? language switch { "ko" => "↑ 높을수록 좋음", "zh" => "↑ 越高越好", _ => "↑ higher is better" }
            : language switch { "ko" => "↑ 높을수록 나쁨", "zh" => "↑ 越高越差", _ => "↑ higher is worse" };
        svg.Text(left + 4, top - 2, direction, 10, "start", "#555");
        return svg.ToString(definition.Title.In(language));
    }
}
