using System.Diagnostics;
using System.Globalization;
using System.Text;
using OrthoRegen.Statistics;

namespace OrthoRegen.Bench.Statistics;

/// <summary>
/// Survival and regression speed: <c>statistics-survival generate DIR</c> writes the three input files of the issue's
/// Speed section (Kaplan-Meier + log-rank on 1,000,000 rows in 3 groups; Cox, Efron, 100,000 × 4; logistic
/// 1,000,000 × 6), and <c>statistics-survival run DIR</c> times the in-process fits (CSV parsing excluded, best of 3
/// after a warm-up). bench/statistics/survival.sh runs both and R on the same files and prints the ratios.
/// </summary>
public sealed class SurvivalRegressionBenchmark : IBenchmark
{
    public string Name => "statistics-survival";
    public string Description => "KM + log-rank 1M, Cox 100k x 4, logistic 1M x 6 (generate DIR | run DIR)";

    public Task<int> RunAsync(string[] args)
    {
        if (args.Length != 2 || args[0] is not ("generate" or "run"))
        {
            Console.Error.WriteLine("usage: statistics-survival generate|run DIR");
            return Task.FromResult(2);
        }
        Directory.CreateDirectory(args[1]);
        if (args[0] == "generate") Generate(args[1]); else Run(args[1]);
        return Task.FromResult(0);
    }

    static void Generate(string dir)
    {
        var rng = new Random(20260101);
        var inv = CultureInfo.InvariantCulture;
        // Kaplan-Meier: follow-up in whole days up to 10 years, three injection routes.
        var sb = new StringBuilder("time,event,group\n");
        string[] groups = ["IA", "SC", "IO"];
        for (var i = 0; i < 1_000_000; i++)
        {
            var g = rng.Next(3);
            var t = -Math.Log(1 - rng.NextDouble()) * 2000 * (1 + 0.3 * g);
            var c = rng.NextDouble() * 3650;
            sb.Append(Math.Ceiling(Math.Min(t, c)).ToString(inv)).Append(',').Append(t <= c ? '1' : '0').Append(',').Append(groups[g]).Append('\n');
        }
        File.WriteAllText(Path.Combine(dir, "km.csv"), sb.ToString());
        // Cox: 100,000 × 4 (age, dose, kl grade, bmi), time in days.
        sb.Clear().Append("time,event,age,dose,kl,bmi\n");
        for (var i = 0; i < 100_000; i++)
        {
            double age = Math.Round(40 + 35 * rng.NextDouble(), 1), dose = rng.Next(1, 6), kl = rng.Next(1, 5), bmi = Math.Round(20 + 15 * rng.NextDouble(), 1);
            var lp = 0.03 * (age - 57) - 0.1 * dose + 0.4 * (kl - 2.5) + 0.02 * (bmi - 27);
            var t = -Math.Log(1 - rng.NextDouble()) * 1500 * Math.Exp(-lp);
            var c = rng.NextDouble() * 3650;
            sb.Append(Math.Ceiling(Math.Min(t, c)).ToString(inv)).Append(',').Append(t <= c ? '1' : '0').Append(',')
              .Append(age.ToString(inv)).Append(',').Append(dose.ToString(inv)).Append(',').Append(kl.ToString(inv)).Append(',').Append(bmi.ToString(inv)).Append('\n');
        }
        File.WriteAllText(Path.Combine(dir, "cox.csv"), sb.ToString());
        // Logistic: 1,000,000 × 6, outcome = clinically important improvement.
        sb.Clear().Append("mcid,age,dose,kl,bmi,female,baseline\n");
        for (var i = 0; i < 1_000_000; i++)
        {
            double age = Math.Round(40 + 35 * rng.NextDouble(), 1), dose = rng.Next(1, 6), kl = rng.Next(1, 5), bmi = Math.Round(20 + 15 * rng.NextDouble(), 1),
                female = rng.Next(2), baseline = Math.Round(30 + 50 * rng.NextDouble(), 1);
            var lp = -0.5 - 0.02 * (age - 57) + 0.2 * dose - 0.3 * (kl - 2.5) - 0.03 * (bmi - 27) + 0.1 * female + 0.02 * (baseline - 55);
            var y = rng.NextDouble() < 1 / (1 + Math.Exp(-lp)) ? 1 : 0;
            sb.Append(y).Append(',').Append(age.ToString(inv)).Append(',').Append(dose.ToString(inv)).Append(',').Append(kl.ToString(inv)).Append(',')
              .Append(bmi.ToString(inv)).Append(',').Append(female.ToString(inv)).Append(',').Append(baseline.ToString(inv)).Append('\n');
        }
        File.WriteAllText(Path.Combine(dir, "logit.csv"), sb.ToString());
        Console.WriteLine($"wrote km.csv, cox.csv, logit.csv to {dir}");
    }

    static (string[] Header, double[][] Columns, string[][] Text) Load(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        var text = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        var cols = header.Select((_, j) => text.Select(r => double.TryParse(r[j], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToArray()).ToArray();
        return (header, cols, text);
    }

    static double Best(Action action)
    {
        action(); // warm-up (JIT)
        var best = double.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var sw = Stopwatch.StartNew();
            action();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return best;
    }

    static void Run(string dir)
    {
        var (_, km, kmText) = Load(Path.Combine(dir, "km.csv"));
        var status = km[1].Select(v => v == 1).ToArray();
        var group = kmText.Select(r => r[2]).ToArray();
        var tKm = Best(() =>
        {
            KaplanMeier.FitByGroup(km[0], status, group);
            LogRank.Test(km[0], status, group);
        });
        var (coxHeader, cox, _) = Load(Path.Combine(dir, "cox.csv"));
        var (coxDesign, _) = DesignMatrix.Build(cox[0].Length, coxHeader[2..].Select((h, j) => (Covariate)new Covariate.Numeric(h, cox[j + 2])).ToList(), false);
        var coxStatus = cox[1].Select(v => v == 1).ToArray();
        var tCox = Best(() => CoxRegression.Fit(cox[0], coxStatus, coxDesign!, Ties.Efron));
        var (lHeader, logit, _) = Load(Path.Combine(dir, "logit.csv"));
        var (lDesign, _) = DesignMatrix.Build(logit[0].Length, lHeader[1..].Select((h, j) => (Covariate)new Covariate.Numeric(h, logit[j + 1])).ToList(), true);
        var tLogit = Best(() => LogisticRegression.Fit(logit[0], lDesign!));
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"km_logrank {tKm:F4}"));
        Console.WriteLine(string.Create(inv, $"cox {tCox:F4}"));
        Console.WriteLine(string.Create(inv, $"logit {tLogit:F4}"));
    }
}
