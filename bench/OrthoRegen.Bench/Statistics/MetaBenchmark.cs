using System.Diagnostics;
using System.Globalization;
using OrthoRegen.Statistics.Meta;

namespace OrthoRegen.Bench.Statistics;

/// <summary>
/// Random-effects meta-analysis with all its statistics (REML and DL, Q-profile CI for τ², prediction interval,
/// leave-one-out) on a generated CSV of k studies (study,yi,vi), timed in-process. bench/meta/run.sh runs the same files
/// through metafor and prints the ratios. Usage: <c>meta FILE [--no-leave1out]</c>; prints "method seconds" lines.
/// </summary>
public sealed class MetaBenchmark : IBenchmark
{
    public string Name => "meta";
    public string Description => "REML and DL rma with confint, predict and leave1out on a study,yi,vi CSV";

    public Task<int> RunAsync(string[] args)
    {
        if (args.Length < 1) { Console.Error.WriteLine("usage: meta FILE [--no-leave1out]"); return Task.FromResult(2); }
        var leave1out = !args.Contains("--no-leave1out");
        var studies = File.ReadLines(args[0]).Skip(1).Select((line, i) =>
        {
            var f = line.Split(',');
            return new StudyEffect(i + 2, f[0], double.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[2], CultureInfo.InvariantCulture));
        }).ToList();
        // warm-up on a small slice so JIT time is not counted
        MetaAnalysis.Analyse(studies.Take(50).ToList(), new MetaOptions(Tau2.Reml) { LeaveOneOut = true });
        foreach (var method in new[] { Tau2.Reml, Tau2.DerSimonianLaird })
        {
            var sw = Stopwatch.StartNew();
            var outcome = MetaAnalysis.Analyse(studies, new MetaOptions(method) { LeaveOneOut = leave1out });
            sw.Stop();
            if (outcome is not Outcome<MetaReport>.Done done) { Console.Error.WriteLine("analysis failed"); return Task.FromResult(1); }
            var o = done.Value.Overall;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{method.Code()} {sw.Elapsed.TotalSeconds:F4} estimate={o.Estimate:G10} tau2={o.Tau2:G10} tau2_ub={o.Tau2Interval!.Tau2Upper:G10}"));
        }
        return Task.FromResult(0);
    }
}
