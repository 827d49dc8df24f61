using System.Globalization;
using System.Text;
using OrthoRegen.Statistics.Meta;

namespace OrthoRegen.Tests.Statistics.Meta;

/// <summary>
/// One dataset with the analysis to run on it, held as CSV text cells so that the library, the CLI and R all read the
/// same decimal strings.
/// </summary>
internal sealed record MetaCase(string Id, EffectMeasure Measure, Tau2 Method, MetaTest Test, string[] Header, IReadOnlyList<string[]> Rows)
{
    public bool Subgroups { get; init; }
    public bool Moderator { get; init; }
    public bool Egger { get; init; }
    public bool TrimFill { get; init; }
    public bool LeaveOneOut { get; init; }
    public bool Cumulative { get; init; }

    public string ToCsv()
    {
        var sb = new StringBuilder().AppendJoin(',', Header).Append('\n');
        foreach (var r in Rows) sb.AppendJoin(',', r).Append('\n');
        return sb.ToString();
    }

    string Cell(int row, string column) => Rows[row][Array.IndexOf(Header, column)];
    double Num(int row, string column) => double.Parse(Cell(row, column), CultureInfo.InvariantCulture);

    /// <summary>The effect sizes through the library (rows numbered as a spreadsheet counts them, header = 1).</summary>
    public IReadOnlyList<StudyEffect> Effects()
    {
        var n = Rows.Count;
        var outcome = Measure switch
        {
            EffectMeasure.StandardizedMeanDifference or EffectMeasure.MeanDifference => EffectSizes.FromMeans(
                Enumerable.Range(0, n).Select(i => new ContinuousArms(i + 2, Cell(i, "study"), Num(i, "n1"), Num(i, "m1"),
                    Num(i, "sd1"), Num(i, "n2"), Num(i, "m2"), Num(i, "sd2"))).ToList(), Measure),
            EffectMeasure.LogRiskRatio or EffectMeasure.LogOddsRatio => EffectSizes.FromCounts(
                Enumerable.Range(0, n).Select(i => new BinaryArms(i + 2, Cell(i, "study"), Num(i, "events1"), Num(i, "n1"),
                    Num(i, "events2"), Num(i, "n2"))).ToList(), Measure),
            _ => EffectSizes.FromPrecomputed(
                Enumerable.Range(0, n).Select(i => new StudyEffect(i + 2, Cell(i, "study"), Num(i, "yi"), Num(i, "vi"))).ToList()),
        };
        return outcome is Outcome<IReadOnlyList<StudyEffect>>.Done d
            ? d.Value
            : throw new InvalidOperationException($"{Id}: generated data are invalid: {string.Join("; ", ((Outcome<IReadOnlyList<StudyEffect>>.Invalid)outcome).Errors.Select(e => e.Key + ": " + string.Join(" ", e.Value)))}");
    }

    public MetaOptions Options() => new(Method, Test)
    {
        SubgroupColumn = "g",
        Subgroups = Subgroups ? Enumerable.Range(0, Rows.Count).Select(i => Cell(i, "g")).ToList() : null,
        ModeratorColumn = "x",
        Moderator = Moderator ? Enumerable.Range(0, Rows.Count).Select(i => Num(i, "x")).ToList() : null,
        Egger = Egger,
        TrimFill = TrimFill,
        LeaveOneOut = LeaveOneOut,
        Cumulative = Cumulative,
    };

    public MetaReport Analyse()
    {
        var outcome = MetaAnalysis.Analyse(Effects(), Options());
        return outcome is Outcome<MetaReport>.Done d
            ? d.Value
            : throw new InvalidOperationException($"{Id}: {string.Join("; ", ((Outcome<MetaReport>.Invalid)outcome).Errors.Select(e => e.Key + ": " + string.Join(" ", e.Value)))}");
    }

    /// <summary>CLI arguments that ask for the same analysis.</summary>
    public IEnumerable<string> CliArguments(string input)
    {
        yield return "meta"; yield return "--input"; yield return input;
        yield return "--measure"; yield return Measure.Code();
        yield return "--method"; yield return Method.Code();
        yield return "--test"; yield return Test.Code();
        if (Subgroups) { yield return "--subgroup"; yield return "g"; }
        if (Moderator) { yield return "--moderator"; yield return "x"; }
        if (Egger) yield return "--egger";
        if (TrimFill) yield return "--trimfill";
        if (LeaveOneOut) yield return "--leave1out";
        if (Cumulative) yield return "--cumulative";
    }

    public override string ToString() => Id;

    /// <summary>The cases of a manifest written by meta_reference.R (id,measure,method,test,file,sub,mod,egger,tf,l1o,cumul).</summary>
    public static IReadOnlyList<MetaCase> FromManifest(string dir)
    {
        var cases = new List<MetaCase>();
        foreach (var line in File.ReadLines(Path.Combine(dir, "manifest.csv")).Skip(1))
        {
            var f = line.Split(',');
            var lines = File.ReadAllLines(Path.Combine(dir, f[4])).Where(l => l.Length > 0).ToArray();
            cases.Add(new MetaCase(f[0], MetaCodes.ParseMeasure(f[1])!.Value, MetaCodes.ParseMethod(f[2])!.Value,
                MetaCodes.ParseTest(f[3])!.Value, lines[0].Split(','), lines.Skip(1).Select(l => l.Split(',')).ToList())
            {
                Subgroups = f[5] == "1", Moderator = f[6] == "1", Egger = f[7] == "1", TrimFill = f[8] == "1",
                LeaveOneOut = f[9] == "1", Cumulative = f[10] == "1",
            });
        }
        return cases;
    }
}

/// <summary>
/// Random datasets of the shapes that break meta-analysis code: k from 2 to 100, zero cells and all-zero arms, tiny
/// and huge heterogeneity (τ² = 0 included), subgroups of size 1, raw-unit scales (VAS mm) next to log ratios.
/// </summary>
internal static class MetaDatasets
{
    static readonly int[] Ks = [2, 3, 4, 5, 7, 10, 15, 25, 40, 60, 100];

    public static MetaCase Random(int seed, Tau2 method, MetaTest test)
    {
        var rng = new Random(seed);
        var measure = (EffectMeasure)rng.Next(5);
        var k = Ks[rng.Next(Ks.Length)];
        // true heterogeneity as a multiple of a typical sampling variance: none, small, large
        var hetero = new[] { 0.0, 0.3, 2.0 }[rng.Next(3)];
        var mu = rng.NextDouble() - 0.3;
        string[] header;
        var rows = new List<string[]>();
        string F(double x, int decimals) => Math.Round(x, decimals).ToString(CultureInfo.InvariantCulture);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

        switch (measure)
        {
            case EffectMeasure.StandardizedMeanDifference:
            case EffectMeasure.MeanDifference:
            {
                header = ["study", "n1", "m1", "sd1", "n2", "m2", "sd2"];
                var sd = measure == EffectMeasure.MeanDifference ? 20 : 1;
                for (var i = 0; i < k; i++)
                {
                    int n1 = rng.Next(2, 80), n2 = rng.Next(2, 80);
                    var delta = (mu + Math.Sqrt(hetero * 0.08) * Normal()) * sd;
                    var s1 = sd * (0.6 + 0.8 * rng.NextDouble());
                    var s2 = sd * (0.6 + 0.8 * rng.NextDouble());
                    var m2 = 50 + s2 * Normal() / Math.Sqrt(n2);
                    var m1 = 50 + delta + s1 * Normal() / Math.Sqrt(n1);
                    rows.Add([$"S{i + 1}", $"{n1}", F(m1, 3), F(s1, 3), $"{n2}", F(m2, 3), F(s2, 3)]);
                }
                break;
            }
            case EffectMeasure.LogRiskRatio:
            case EffectMeasure.LogOddsRatio:
            {
                header = ["study", "events1", "n1", "events2", "n2"];
                for (var i = 0; i < k; i++)
                {
                    int n1 = rng.Next(5, 150), n2 = rng.Next(5, 150);
                    var p2 = 0.02 + 0.5 * rng.NextDouble();
                    var p1 = Math.Clamp(p2 * Math.Exp(mu + Math.Sqrt(hetero * 0.1) * Normal()), 0, 1);
                    int e1 = Binomial(rng, n1, p1), e2 = Binomial(rng, n2, p2);
                    var shape = rng.Next(10);
                    if (shape == 0) e1 = 0;                      // a zero cell
                    else if (shape == 1) { e1 = 0; e2 = 0; }     // no events in either arm
                    else if (shape == 2) e2 = n2;                // every patient had the event
                    rows.Add([$"S{i + 1}", $"{e1}", $"{n1}", $"{e2}", $"{n2}"]);
                }
                break;
            }
            default:
            {
                header = ["study", "yi", "vi"];
                for (var i = 0; i < k; i++)
                {
                    var vi = 0.005 + 0.2 * rng.NextDouble();
                    var yi = mu + Math.Sqrt(vi + hetero * 0.05) * Normal();
                    rows.Add([$"S{i + 1}", F(yi, 8), F(vi, 8)]);
                }
                break;
            }
        }

        var canRegress = k >= 3;
        var subgroups = rng.Next(3) > 0;
        var moderator = canRegress && rng.Next(2) == 0;
        if (subgroups)
        {
            header = [.. header, "g"];
            var levels = rng.Next(2, Math.Max(3, Math.Min(5, k)));
            for (var i = 0; i < k; i++)
            {
                // the last study sits alone in its own level once in a while: a subgroup of size 1
                var g = i == k - 1 && rng.Next(2) == 0 ? "solo" : $"g{i % levels}";
                rows[i] = [.. rows[i], g];
            }
        }
        if (moderator)
        {
            header = [.. header, "x"];
            for (var i = 0; i < k; i++) rows[i] = [.. rows[i], F(10 * rng.NextDouble(), 4)];
        }
        var small = k <= 40;
        return new MetaCase($"c{seed}_{measure.Code()}_{method.Code()}_{test.Code()}_k{k}", measure, method, test, header, rows)
        {
            Subgroups = subgroups && rows.Select(r => r[^(moderator ? 2 : 1)]).Distinct().Count() > 1,
            Moderator = moderator,
            Egger = canRegress,
            TrimFill = canRegress,
            LeaveOneOut = small || rng.Next(4) == 0,
            Cumulative = small || rng.Next(4) == 0,
        };
    }

    static int Binomial(Random rng, int n, double p)
    {
        var x = 0;
        for (var i = 0; i < n; i++) if (rng.NextDouble() < p) x++;
        return x;
    }
}
