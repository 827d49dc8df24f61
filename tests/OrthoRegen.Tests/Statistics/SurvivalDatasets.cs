using System.Globalization;
using System.Text;

namespace OrthoRegen.Tests.Statistics;

/// <summary>A generated survival dataset; <see cref="Describe"/> names its shape so a failing case can be rebuilt from its seed.</summary>
public sealed record SurvivalDataset(int Seed, string Shape, double[] Time, bool[] Status, int[] Cause, string[] Group,
    double[] X1, double[] X2, string[] Factor)
{
    public int N => Time.Length;
    public string Describe => $"seed {Seed} ({Shape}, n = {N})";

    public string ToCsv()
    {
        var sb = new StringBuilder("time,status,cause,g,x1,x2,f\n");
        for (var i = 0; i < N; i++)
            sb.Append(ROracle.R(Time[i])).Append(',').Append(Status[i] ? 1 : 0).Append(',').Append(Cause[i]).Append(',')
              .Append(Group[i]).Append(',').Append(ROracle.R(X1[i])).Append(',').Append(ROracle.R(X2[i])).Append(',')
              .Append(Factor[i]).Append('\n');
        return sb.ToString();
    }
}

/// <summary>
/// Random survival datasets of many shapes: sizes from 2 to 10,000, continuous or heavily tied times, no, light
/// or heavy censoring, 1–4 groups (one of them possibly without events), two competing causes, and covariates that
/// change the hazard. Deterministic in the seed.
/// </summary>
public static class SurvivalDatasets
{
    static readonly int[] Sizes = [2, 3, 4, 5, 8, 12, 20, 35, 60, 100, 250, 600, 1500, 3000, 10000];

    public static SurvivalDataset Make(int seed, int? size = null, int? groups = null, bool forModel = false)
    {
        var rng = new Random(seed);
        var n = size ?? Sizes[rng.Next(forModel ? 5 : 0, Sizes.Length)];
        var ties = rng.Next(3);           // 0 continuous, 1 rounded to 0.5, 2 heavy ties (integers 1..6)
        var censoring = rng.Next(4);      // 0 none, 1 light, 2 heavy, 3 very heavy
        var k = groups ?? rng.Next(1, 5);
        var silentGroup = k > 1 && rng.Next(3) == 0; // one group with no events
        var levels = new[] { "IA", "SC", "UC", "BM" };
        var fLevels = new[] { "BM", "AD", "UC" };
        var time = new double[n]; var status = new bool[n]; var cause = new int[n]; var group = new string[n];
        var x1 = new double[n]; var x2 = new double[n]; var f = new string[n];
        for (var i = 0; i < n; i++)
        {
            var g = rng.Next(k);
            group[i] = levels[g];
            x1[i] = Math.Round(50 + 12 * Normal(rng), 1);
            x2[i] = rng.Next(2);
            f[i] = fLevels[rng.Next(fLevels.Length)];
            var lp = 0.03 * (x1[i] - 50) + 0.5 * x2[i] + (f[i] == "UC" ? -0.4 : f[i] == "AD" ? 0.3 : 0) + 0.3 * g;
            var t = -Math.Log(1 - rng.NextDouble()) * 10 * Math.Exp(-lp);
            var c = censoring switch
            {
                0 => double.PositiveInfinity,
                1 => -Math.Log(1 - rng.NextDouble()) * 40,
                2 => -Math.Log(1 - rng.NextDouble()) * 5,
                _ => -Math.Log(1 - rng.NextDouble()) * 1,
            };
            var obs = Math.Min(t, c);
            obs = ties switch
            {
                0 => Math.Round(obs, 3) + 0.001,
                1 => Math.Round(obs * 2) / 2 + 0.5,
                _ => Math.Min(6, Math.Floor(obs / 3) + 1),
            };
            time[i] = obs;
            status[i] = t <= c && !(silentGroup && g == k - 1);
            cause[i] = status[i] ? (rng.NextDouble() < 0.6 ? 1 : 2) : 0;
        }
        var shape = $"ties={ties}, censoring={censoring}, groups={k}{(silentGroup ? ", one group without events" : "")}";
        return new SurvivalDataset(seed, shape, time, status, cause, group, x1, x2, f);
    }

    static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    public static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
