using System.Diagnostics;
using System.Globalization;
using System.Text;
using OrthoRegen.Statistics.Meta;
using Xunit.Sdk;

namespace OrthoRegen.Tests.Statistics.Meta;

/// <summary>
/// Runs datasets through R (metafor) in one Rscript call with ReferenceData/meta_oracle.R and returns, per case, the
/// values R reported (null for NA). When Rscript is missing the tests fail with the install command: R is the
/// reference, and a validation that silently skips is no validation.
/// </summary>
internal static class MetaOracle
{
    public static string Rscript()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "Rscript")).FirstOrDefault(File.Exists);
        return path ?? throw new XunitException(
            "Rscript was not found on PATH. The meta-analysis tests compare with R's metafor and cannot pass without it: " +
            "install it with `apt-get install r-base-core r-cran-metafor` (Debian) and run the tests again.");
    }

    public static Dictionary<string, Dictionary<string, string>> Run(IReadOnlyList<MetaCase> cases)
    {
        var rscript = Rscript();
        var dir = Directory.CreateTempSubdirectory("orthoregen-meta-oracle-");
        try
        {
            var manifest = new StringBuilder("id,measure,method,test,file,sub,mod,egger,tf,l1o,cumul\n");
            foreach (var c in cases)
            {
                var file = c.Id + ".csv";
                File.WriteAllText(Path.Combine(dir.FullName, file), c.ToCsv());
                manifest.Append(CultureInfo.InvariantCulture,
                    $"{c.Id},{c.Measure.Code()},{c.Method.Code()},{c.Test.Code()},{file},{B(c.Subgroups)},{B(c.Moderator)},{B(c.Egger)},{B(c.TrimFill)},{B(c.LeaveOneOut)},{B(c.Cumulative)}\n");
            }
            File.WriteAllText(Path.Combine(dir.FullName, "manifest.csv"), manifest.ToString());
            var script = Path.Combine(AppContext.BaseDirectory, "Statistics", "Meta", "ReferenceData", "meta_oracle.R");
            var psi = new ProcessStartInfo(rscript) { RedirectStandardError = true, RedirectStandardOutput = true };
            psi.ArgumentList.Add("--vanilla");
            psi.ArgumentList.Add(script);
            psi.ArgumentList.Add(dir.FullName);
            using var p = Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            var results = Path.Combine(dir.FullName, "results.csv");
            if (p.ExitCode != 0 || !File.Exists(results))
                throw new XunitException($"Rscript failed (exit {p.ExitCode}); is metafor installed (r-cran-metafor)?\n{stderr.Result}");
            var all = new Dictionary<string, Dictionary<string, string>>();
            foreach (var line in File.ReadLines(results).Skip(1))
            {
                var parts = line.Split(',', 3);
                if (!all.TryGetValue(parts[0], out var d)) all[parts[0]] = d = new Dictionary<string, string>(StringComparer.Ordinal);
                d[parts[1]] = parts[2];
            }
            return all;
        }
        finally { dir.Delete(recursive: true); }
    }

    static string B(bool b) => b ? "1" : "0";

    public static double? Parse(string s) => s == "NA" ? null : double.Parse(s, CultureInfo.InvariantCulture);
}

/// <summary>
/// The library's report flattened to the oracle's keys (meta_oracle.R), so that every reported field is compared.
/// </summary>
internal static class MetaKeys
{
    public static Dictionary<string, double?> From(MetaReport r)
    {
        var d = new Dictionary<string, double?>(StringComparer.Ordinal);
        var o = r.Overall;
        void Vec(string key, IReadOnlyList<double?> xs) { for (var i = 0; i < xs.Count; i++) d[$"{key}[{i + 1}]"] = xs[i]; }
        Vec("yi", o.Studies.Select(s => (double?)s.Yi).ToList());
        Vec("vi", o.Studies.Select(s => (double?)s.Vi).ToList());
        Vec("weight", o.Studies.Select(s => (double?)s.Weight).ToList());
        Vec("study_lb", o.Studies.Select(s => (double?)s.CiLower).ToList());
        Vec("study_ub", o.Studies.Select(s => (double?)s.CiUpper).ToList());
        d["estimate"] = o.Estimate; d["se"] = o.StandardError; d["statistic"] = o.Statistic; d["pval"] = o.PValue;
        d["ci_lb"] = o.CiLower; d["ci_ub"] = o.CiUpper; d["tau2"] = o.Tau2; d["I2"] = o.I2; d["H2"] = o.H2;
        d["Q"] = o.Q; d["Q_pval"] = o.QPValue;
        if (o.Tau2Interval is { } ci)
        {
            d["tau2_lb"] = ci.Tau2Lower; d["tau2_ub"] = ci.Tau2Upper; d["I2_lb"] = ci.I2Lower; d["I2_ub"] = ci.I2Upper;
            d["H2_lb"] = ci.H2Lower; d["H2_ub"] = ci.H2Upper;
        }
        if (o.PredictionInterval is { } pi) { d["pi_lb"] = pi.Lower; d["pi_ub"] = pi.Upper; }
        if (r.Subgroups is { } sg)
        {
            foreach (var g in sg.Groups)
            {
                d[$"sg_est[{g.Group}]"] = g.Estimate; d[$"sg_se[{g.Group}]"] = g.StandardError;
                d[$"sg_lb[{g.Group}]"] = g.CiLower; d[$"sg_ub[{g.Group}]"] = g.CiUpper;
                d[$"sg_tau2[{g.Group}]"] = g.Tau2; d[$"sg_I2[{g.Group}]"] = g.I2;
            }
            d["sg_Qb"] = sg.QBetween; d["sg_Qb_pval"] = sg.QBetweenPValue; d["sg_QM"] = sg.QM; d["sg_QM_pval"] = sg.QMPValue;
        }
        if (r.MetaRegression is { } mr)
        {
            Vec("mr_b", mr.Terms.Select(t => (double?)t.Estimate).ToList());
            Vec("mr_se", mr.Terms.Select(t => (double?)t.StandardError).ToList());
            Vec("mr_stat", mr.Terms.Select(t => t.Statistic).ToList());
            Vec("mr_p", mr.Terms.Select(t => t.PValue).ToList());
            Vec("mr_lb", mr.Terms.Select(t => (double?)t.CiLower).ToList());
            Vec("mr_ub", mr.Terms.Select(t => (double?)t.CiUpper).ToList());
            d["mr_QM"] = mr.QM; d["mr_QM_pval"] = mr.QMPValue; d["mr_tau2"] = mr.Tau2; d["mr_R2"] = mr.R2;
            d["mr_tau2_re"] = o.Tau2;
        }
        if (r.Egger is { } eg)
        {
            d["eg_stat"] = eg.Statistic; d["eg_p"] = eg.PValue; d["eg_est"] = eg.LimitEstimate;
            d["eg_lb"] = eg.LimitCiLower; d["eg_ub"] = eg.LimitCiUpper;
        }
        if (r.TrimFill is { } tf)
        {
            d["tf_k0"] = tf.K0; d["tf_side"] = tf.Side == FunnelSide.Left ? 1 : -1; d["tf_est"] = tf.Estimate;
            d["tf_lb"] = tf.CiLower; d["tf_ub"] = tf.CiUpper; d["tf_tau2"] = tf.Tau2;
        }
        if (r.LeaveOneOut is { } l1)
        {
            Vec("l1o_est", l1.Select(x => (double?)x.Estimate).ToList());
            Vec("l1o_se", l1.Select(x => (double?)x.StandardError).ToList());
            Vec("l1o_p", l1.Select(x => x.PValue).ToList());
            Vec("l1o_lb", l1.Select(x => (double?)x.CiLower).ToList());
            Vec("l1o_ub", l1.Select(x => (double?)x.CiUpper).ToList());
            Vec("l1o_Q", l1.Select(x => (double?)x.Q).ToList());
            Vec("l1o_tau2", l1.Select(x => (double?)x.Tau2).ToList());
            Vec("l1o_I2", l1.Select(x => (double?)x.I2).ToList());
        }
        if (r.Cumulative is { } cu)
        {
            Vec("cu_est", cu.Select(x => (double?)x.Estimate).ToList());
            Vec("cu_se", cu.Select(x => (double?)x.StandardError).ToList());
            Vec("cu_p", cu.Select(x => x.PValue).ToList());
            Vec("cu_lb", cu.Select(x => (double?)x.CiLower).ToList());
            Vec("cu_ub", cu.Select(x => (double?)x.CiUpper).ToList());
            Vec("cu_tau2", cu.Select(x => (double?)x.Tau2).ToList());
            Vec("cu_I2", cu.Select(x => (double?)x.I2).ToList());
        }
        return d;
    }

    /// <summary>
    /// Compares every key R reported. Relative 1e-6 with absolute 1e-9 near zero, except: percentages (I², R²) are
    /// compared with absolute 1e-7, i.e. 1e-9 on the proportion scale; and R² is only compared when R's τ² without the
    /// moderator is clearly positive, because metafor's Fisher scoring stops at τ² ≈ 1e-13 instead of 0 at the boundary,
    /// which makes its R² = (τ²_RE − τ²)/τ²_RE an arbitrary ratio of two round-off values.
    /// </summary>
    public static void AssertMatches(string id, Dictionary<string, string> r, Dictionary<string, double?> ours, double relTol, double absTol)
    {
        if (r.TryGetValue("error", out var err)) throw new XunitException($"{id}: R failed: {err}");
        var failures = new List<string>();
        foreach (var (key, value) in r)
        {
            if (!ours.TryGetValue(key, out var mine)) { failures.Add($"{key}: R has {value}, OrthoRegen has no such field"); continue; }
            var expected = MetaOracle.Parse(value);
            if (key == "mr_R2" && !(MetaOracle.Parse(r["mr_tau2_re"]) > 1e-8)) continue;
            var percent = key.Contains("I2") || key == "mr_R2";
            var abs = percent ? 100 * absTol : absTol;
            if (expected is null && mine is null) continue;
            if (expected is null || mine is null || !MetaAssert.IsClose(expected.Value, mine.Value, relTol, abs))
                failures.Add($"{key}: R {value}, OrthoRegen {mine?.ToString("R") ?? "null"}");
        }
        if (failures.Count > 0) throw new XunitException($"{id}: {failures.Count} field(s) differ from metafor:\n  " + string.Join("\n  ", failures.Take(25)));
    }
}
