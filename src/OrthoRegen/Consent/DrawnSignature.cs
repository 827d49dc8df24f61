using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OrthoRegen.Consent;

/// <summary>
/// A signature drawn with a finger or stylus on the tablet's canvas, captured by wwwroot/signature.js as SVG path data
/// in canvas pixels: one "M x y" per stroke followed by "L x y" points. The server accepts only that grammar (no other
/// commands, no markup), inside the canvas, within a size limit, and with enough ink to be a signature rather than a
/// tap. The stored form is re-serialised from the parsed numbers, so nothing the browser sent is echoed verbatim.
/// </summary>
public sealed partial record DrawnSignature
{
    public const int Width = 600;
    public const int Height = 200;
    /// <summary>Largest accepted path data, in characters (a long signature is about 5–10 k).</summary>
    public const int MaxLength = 30_000;
    public const int MaxPoints = 4_000;
    /// <summary>The least total stroke length, in canvas pixels, that counts as a drawn signature.</summary>
    public const double MinInk = 60;

    public IReadOnlyList<IReadOnlyList<(double X, double Y)>> Strokes { get; }

    DrawnSignature(IReadOnlyList<IReadOnlyList<(double X, double Y)>> strokes) => Strokes = strokes;

    [GeneratedRegex(@"\G\s*([ML])\s*(-?\d{1,4}(?:\.\d{1,2})?)[\s,]+(-?\d{1,4}(?:\.\d{1,2})?)\s*")]
    private static partial Regex Command();

    /// <summary>Parses path data into strokes; adds a message under <paramref name="field"/> and returns null when not acceptable.</summary>
    public static DrawnSignature? Parse(string? pathData, FieldErrors errors, string field = "signature")
    {
        if (string.IsNullOrWhiteSpace(pathData)) { errors.Add(field, "Draw your signature in the box."); return null; }
        if (pathData.Length > MaxLength) { errors.Add(field, $"The signature is too large (at most {MaxLength} characters of path data)."); return null; }
        var strokes = new List<List<(double, double)>>();
        var points = 0;
        var at = 0;
        while (at < pathData.Length)
        {
            var m = Command().Match(pathData, at);
            if (!m.Success || m.Length == 0)
            {
                if (pathData[at..].Trim().Length == 0) break;
                errors.Add(field, "The signature is not valid drawing data.");
                return null;
            }
            at += m.Length;
            var x = double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            var y = double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
            if (x < 0 || x > Width || y < 0 || y > Height) { errors.Add(field, "The signature goes outside the signing box."); return null; }
            var cmd = char.ToUpperInvariant(m.Groups[1].Value[0]);
            if (cmd == 'M') strokes.Add([]);
            else if (strokes.Count == 0) { errors.Add(field, "The signature is not valid drawing data."); return null; }
            strokes[^1].Add((x, y));
            if (++points > MaxPoints) { errors.Add(field, $"The signature has too many points (at most {MaxPoints})."); return null; }
        }
        var ink = strokes.Sum(s => s.Zip(s.Skip(1), (a, b) => Math.Sqrt((a.Item1 - b.Item1) * (a.Item1 - b.Item1) + (a.Item2 - b.Item2) * (a.Item2 - b.Item2))).Sum());
        if (ink < MinInk) { errors.Add(field, "Draw your signature in the box (a dot or a short line is not enough)."); return null; }
        return new DrawnSignature(strokes.Select(s => (IReadOnlyList<(double, double)>)s).ToList());
    }

    /// <summary>The normalised path data (absolute M/L, at most two decimals).</summary>
    public string PathData
    {
        get
        {
            var sb = new StringBuilder();
            foreach (var stroke in Strokes)
                for (var i = 0; i < stroke.Count; i++)
                    sb.Append(i == 0 ? (sb.Length == 0 ? "M" : " M") : " L").Append(N(stroke[i].X)).Append(' ').Append(N(stroke[i].Y));
            return sb.ToString();
        }
    }

    /// <summary>A standalone SVG of the signature (no scripts, no external references).</summary>
    public string ToSvg() => ToSvg(PathData);

    /// <summary>The SVG of stored path data (which was normalised by <see cref="Parse"/> before it was stored).</summary>
    public static string ToSvg(string normalisedPathData) =>
        $"<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\">"
        + $"<path d=\"{System.Security.SecurityElement.Escape(normalisedPathData)}\" fill=\"none\" stroke=\"#000\" stroke-width=\"2.5\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/></svg>";

    static string N(double v) => Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture);
}
