using System.Globalization;
using System.Text;
using OrthoRegen.Charts;

namespace OrthoRegen.Outcomes;

/// <summary>
/// The funnel chart of one signal dimension (lots, processing runs or cell sources): events per 100 injections against
/// the number of injections, the clinic's overall rate as the centre line, and exact Poisson control limits at 95%
/// (dashed) and 99.8% (solid), 100·qpois(p, r·n)/n at every n. Units above a limit are drawn in red and named.
/// Series are <c>g</c> elements with <c>data-series</c>: centre, limit-95-upper/lower, limit-998-upper/lower, units.
/// </summary>
public static class SafetySignalFigure
{
    const double Width = 720, Height = 440, Left = 70, Right = 30, Top = 40, Bottom = 60;

    /// <summary>The control limits as rates per 100 injections at n = 1 … <paramref name="maxN"/>.</summary>
    public static IReadOnlyList<(int N, double Lower95, double Upper95, double Lower998, double Upper998)> Limits(double ratePerInjection, int maxN)
    {
        var rows = new List<(int, double, double, double, double)>();
        for (var n = 1; n <= maxN; n++)
        {
            var e = ratePerInjection * n;
            double R(double p) => 100.0 * ExactPoisson.Quantile(p, e) / n;
            rows.Add((n, R(0.025), R(0.975), R(0.001), R(0.999)));
        }
        return rows;
    }

    public static string Funnel(SafetySignalResult r, string dimension, string title, string xLabel, string yLabel)
    {
        var units = r.Units.Where(u => u.Dimension == dimension).ToList();
        var rate = r.OverallRate ?? 0;
        var maxN = Math.Max(10, units.Select(u => u.Injections).DefaultIfEmpty(10).Max() + 2);
        var limits = Limits(rate, maxN);
        var maxY = Math.Max(limits.Max(l => l.Upper998), units.Select(u => 100.0 * u.Observed / Math.Max(1, u.Injections)).DefaultIfEmpty(0).Max()) * 1.1;
        if (!(maxY > 0)) maxY = 1;
        var x = new LinearScale(0, maxN, Left, Width - Right);
        var y = new LinearScale(0, maxY, Height - Bottom, Top);
        var frame = new Svg(Width, Height);
        frame.Text(Left, 24, title, 15, bold: true);
        foreach (var t in y.Ticks(5))
        {
            frame.Line(Left, y.Map(t), Width - Right, y.Map(t), "#eee");
            frame.Text(Left - 6, y.Map(t) + 4, t.ToString("0.##", CultureInfo.InvariantCulture), 11, "end");
        }
        foreach (var t in x.Ticks(8))
        {
            frame.Line(x.Map(t), Height - Bottom, x.Map(t), Height - Bottom + 4);
            frame.Text(x.Map(t), Height - Bottom + 18, t.ToString("0.##", CultureInfo.InvariantCulture), 11, "middle");
        }
        frame.Line(Left, Height - Bottom, Width - Right, Height - Bottom);
        frame.Line(Left, Top, Left, Height - Bottom);
        frame.Text((Left + Width - Right) / 2, Height - 20, xLabel, 12, "middle");
        frame.Text(18, (Top + Height - Bottom) / 2, yLabel, 12, "middle", rotate: -90);

        frame.Series("centre", s => s.Line(x.Map(0), y.Map(100 * rate), x.Map(maxN), y.Map(100 * rate), "#333", 1.5));
        IEnumerable<(double, double)> Steps(Func<(int N, double L95, double U95, double L998, double U998), double> f) =>
            limits.SelectMany(l => new[] { (x.Map(l.N - 0.5), y.Map(f(l))), (x.Map(l.N + 0.5), y.Map(f(l))) });
        frame.Series("limit-95-upper", s => s.Path(Steps(l => l.U95), "#e08a00", width: 1.2, dash: "5 3"));
        frame.Series("limit-95-lower", s => s.Path(Steps(l => l.L95), "#e08a00", width: 1.2, dash: "5 3"));
        frame.Series("limit-998-upper", s => s.Path(Steps(l => l.U998), "#b00020", width: 1.2));
        frame.Series("limit-998-lower", s => s.Path(Steps(l => l.L998), "#b00020", width: 1.2));
        frame.Series("units", s =>
        {
            foreach (var u in units)
            {
                var cx = x.Map(u.Injections);
                var cy = y.Map(100.0 * u.Observed / u.Injections);
                s.Circle(cx, cy, 4, u.Flagged ? "#b00020" : "#1f4e79");
                if (u.Flagged) s.Text(cx + 6, cy - 6, u.Label, 10, fill: "#b00020");
            }
        });
        return frame.ToString(title);
    }

    /// <summary>Rates, then signal units, as CSV.</summary>
    public static string Csv(SafetySignalResult r, string part)
    {
        var sb = new StringBuilder();
        if (part == "rates")
        {
            sb.Append("dimension,key,events,injections,per_100,lower,upper\n");
            foreach (var x in r.Rates.Prepend(r.Total))
                SurvivalCsv.Row(sb, x.Dimension, x.Key, I(x.Events), I(x.Injections), SurvivalCsv.F(x.Per100), SurvivalCsv.F(x.Lower), SurvivalCsv.F(x.Upper));
        }
        else if (part == "signals")
        {
            sb.Append("dimension,key,label,injections,observed,expected,p_greater,lower_95,upper_95,lower_998,upper_998,level\n");
            foreach (var u in r.Units)
                SurvivalCsv.Row(sb, u.Dimension, u.Key, u.Label, I(u.Injections), I(u.Observed), SurvivalCsv.F(u.Expected), SurvivalCsv.F(u.P),
                    I(u.Lower95), I(u.Upper95), I(u.Lower998), I(u.Upper998), u.Level);
        }
        else throw new ArgumentException($"Unknown part {part}.", nameof(part));
        return sb.ToString();
    }

    public static readonly IReadOnlyList<string> CsvParts = ["rates", "signals"];

    static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
}
