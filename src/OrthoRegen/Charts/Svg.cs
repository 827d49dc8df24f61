using System.Globalization;
using System.Security;
using System.Text;

namespace OrthoRegen.Charts;

/// <summary>
/// A minimal SVG writer shared by every chart (survival curves, forest and funnel plots, trajectories). It writes
/// standalone SVG 1.1 with no scripts and no external references; text is XML-escaped and numbers use the invariant
/// culture with at most 2 decimals, so the output is byte-stable for tests.
/// </summary>
public sealed class Svg
{
    readonly StringBuilder _body = new();

    public double Width { get; }
    public double Height { get; }

    public Svg(double width, double height)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), "Chart size must be positive.");
        (Width, Height) = (width, height);
    }

    public static string N(double v) => double.IsFinite(v) ? Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture) : "0";

    static string Esc(string s) => SecurityElement.Escape(s) ?? "";

    /// <summary>
    /// <paramref name="text"/> cut (with "…") to about <paramref name="maxWidth"/> pixels at font size <paramref name="size"/>:
    /// an estimate without font metrics, 0.62 em per narrow character and 1 em per wide one (Hangul, CJK, full-width
    /// forms), so a label beside a number does not run into it in any of the UI languages.
    /// </summary>
    public static string Fit(string text, double size, double maxWidth)
    {
        double Em(char c) => c is >= '\u1100' and <= '\u115F' or >= '\u2E80' and <= '\uA4CF' or >= '\uAC00' and <= '\uD7A3'
            or >= '\uF900' and <= '\uFAFF' or >= '\uFE30' and <= '\uFE4F' or >= '\uFF00' and <= '\uFF60' or >= '\uFFE0' and <= '\uFFE6' ? 1.0 : 0.62;
        var width = 0.0;
        foreach (var c in text) width += Em(c) * size;
        if (width <= maxWidth) return text;
        var budget = maxWidth - Em('…') * size;
        var used = 0.0;
        var i = 0;
        while (i < text.Length && used + Em(text[i]) * size <= budget) used += Em(text[i++]) * size;
        return text[..i].TrimEnd() + "…";
    }

    static string Attrs(string? stroke, string? fill, double strokeWidth, string? dash, string? extra)
    {
        var sb = new StringBuilder();
        sb.Append(" stroke=\"").Append(Esc(stroke ?? "none")).Append('"');
        sb.Append(" fill=\"").Append(Esc(fill ?? "none")).Append('"');
        if (strokeWidth > 0) sb.Append(" stroke-width=\"").Append(N(strokeWidth)).Append('"');
        if (dash is not null) sb.Append(" stroke-dasharray=\"").Append(Esc(dash)).Append('"');
        if (extra is not null) sb.Append(' ').Append(extra);
        return sb.ToString();
    }

    public Svg Line(double x1, double y1, double x2, double y2, string stroke = "#000", double width = 1, string? dash = null)
    {
        _body.Append($"<line x1=\"{N(x1)}\" y1=\"{N(y1)}\" x2=\"{N(x2)}\" y2=\"{N(y2)}\"{Attrs(stroke, null, width, dash, null)}/>\n");
        return this;
    }

    public Svg Rect(double x, double y, double w, double h, string? fill = "#000", string? stroke = null, double strokeWidth = 0, double opacity = 1)
    {
        var op = opacity < 1 ? $"fill-opacity=\"{N(opacity)}\"" : null;
        _body.Append($"<rect x=\"{N(x)}\" y=\"{N(y)}\" width=\"{N(Math.Max(0, w))}\" height=\"{N(Math.Max(0, h))}\"{Attrs(stroke, fill, strokeWidth, null, op)}/>\n");
        return this;
    }

    public Svg Circle(double cx, double cy, double r, string? fill = "#000", string? stroke = null, double strokeWidth = 0)
    {
        _body.Append($"<circle cx=\"{N(cx)}\" cy=\"{N(cy)}\" r=\"{N(r)}\"{Attrs(stroke, fill, strokeWidth, null, null)}/>\n");
        return this;
    }

    /// <summary>A polyline (<paramref name="closed"/> = polygon) through the points.</summary>
    public Svg Path(IEnumerable<(double X, double Y)> points, string? stroke = "#000", string? fill = null, double width = 1,
        string? dash = null, bool closed = false, double fillOpacity = 1)
    {
        var pts = string.Join(" ", points.Select(p => N(p.X) + "," + N(p.Y)));
        if (pts.Length == 0) return this;
        var tag = closed ? "polygon" : "polyline";
        var op = fillOpacity < 1 ? $"fill-opacity=\"{N(fillOpacity)}\"" : null;
        _body.Append($"<{tag} points=\"{pts}\"{Attrs(stroke, fill, width, dash, op)}/>\n");
        return this;
    }

    /// <summary>Text; <paramref name="anchor"/> is start, middle or end.</summary>
    public Svg Text(double x, double y, string text, double size = 12, string anchor = "start", string fill = "#000",
        bool bold = false, double rotate = 0)
    {
        var weight = bold ? " font-weight=\"bold\"" : "";
        var rot = rotate != 0 ? $" transform=\"rotate({N(rotate)} {N(x)} {N(y)})\"" : "";
        _body.Append($"<text x=\"{N(x)}\" y=\"{N(y)}\" font-size=\"{N(size)}\" text-anchor=\"{Esc(anchor)}\" fill=\"{Esc(fill)}\"{weight}{rot}>{Esc(text)}</text>\n");
        return this;
    }

    /// <summary>
    /// Draws one named series inside <c>&lt;g data-series="name"&gt;</c>, so tests and readers can find it. Drawn
    /// after the frame (axes, legend), a series lies on top of it.
    /// </summary>
    public Svg Series(string name, Action<Svg> draw)
    {
        _body.Append("<g data-series=\"").Append(Esc(name)).Append("\">\n");
        draw(this);
        _body.Append("</g>\n");
        return this;
    }

    /// <summary>The document; <paramref name="title"/> becomes the accessible name.</summary>
    public string ToString(string title) =>
        $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{N(Width)}\" height=\"{N(Height)}\" viewBox=\"0 0 {N(Width)} {N(Height)}\" role=\"img\" aria-label=\"{Esc(title)}\" font-family=\"'Noto Sans', 'Noto Sans CJK KR', 'Noto Sans CJK SC', sans-serif\">\n<title>{Esc(title)}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n{_body}</svg>\n";

    public override string ToString() => ToString("chart");
}

/// <summary>A linear map from data values to pixels.</summary>
public readonly record struct LinearScale(double DomainMin, double DomainMax, double PixelMin, double PixelMax)
{
    public double Map(double v) => DomainMax == DomainMin
        ? (PixelMin + PixelMax) / 2
        : PixelMin + (v - DomainMin) / (DomainMax - DomainMin) * (PixelMax - PixelMin);

    /// <summary>About <paramref name="count"/> round tick values (1, 2, 5 × 10^k steps) covering the domain.</summary>
    public IReadOnlyList<double> Ticks(int count = 5)
    {
        var lo = Math.Min(DomainMin, DomainMax); var hi = Math.Max(DomainMin, DomainMax);
        if (!(hi > lo)) return [lo];
        var raw = (hi - lo) / Math.Max(1, count);
        var mag = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1.0, 2, 5, 10 }.Select(m => m * mag).First(s => s >= raw);
        var list = new List<double>();
        for (var t = Math.Ceiling(lo / step) * step; t <= hi + step * 1e-9; t += step) list.Add(Math.Round(t, 10));
        return list;
    }
}
