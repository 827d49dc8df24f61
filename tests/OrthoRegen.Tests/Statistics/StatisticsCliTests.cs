using System.Diagnostics;
using System.Text.Json;
using OrthoRegen.Statistics;
using OrthoRegen.Tests.Support;

namespace OrthoRegen.Tests.Statistics;

/// <summary>Builds the CLI once (the test project does not reference it) and runs it as a user would.</summary>
public sealed class CliFixture
{
    public string Dll { get; }
    public string Root { get; }

    public CliFixture()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OrthoRegen.slnx"))) dir = dir.Parent;
        Root = dir?.FullName ?? throw new InvalidOperationException("repository root (OrthoRegen.slnx) not found above the test binaries");
        var project = Path.Combine(Root, "src", "OrthoRegen.Cli", "OrthoRegen.Cli.csproj");
        var (code, stdout, stderr) = Exec("dotnet", ["build", project, "-v", "q", "-nologo"], null, Root);
        if (code != 0) throw new InvalidOperationException($"building the CLI failed:\n{stdout}\n{stderr}");
        Dll = Path.Combine(Root, "src", "OrthoRegen.Cli", "bin", "Debug", "net10.0", "OrthoRegen.Cli.dll");
    }

    public (int Code, string Stdout, string Stderr) Run(string? stdin, params string[] args) =>
        Exec("dotnet", [Dll, .. args], stdin, ReferenceData.Folder);

    static (int, string, string) Exec(string file, string[] args, string? stdin, string cwd)
    {
        var psi = new ProcessStartInfo(file, args)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, WorkingDirectory = cwd,
        };
        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        if (stdin is not null) p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        p.WaitForExit();
        return (p.ExitCode, o.Result, e.Result);
    }
}

public class StatisticsCliTests(CliFixture cli) : IClassFixture<CliFixture>
{
    static double? D(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetDouble();

    [Fact]
    public void Km_AmlByGroupWithTimes_SameAsLibrary()
    {
        var (code, stdout, stderr) = cli.Run(null, "km", "--input", "aml.csv", "--time", "time", "--event", "status", "--group", "x",
            "--conf-type", "log-log", "--conf-level", "0.9", "--at", "0,12,40,200");
        Assert.True(code == 0, stderr);
        var aml = ReferenceData.Aml();
        var curves = KaplanMeier.FitByGroup(aml.Time, aml.Status, aml.Group, ConfidenceBand.LogLog, 0.9);
        var groups = JsonDocument.Parse(stdout).RootElement.GetProperty("groups").EnumerateArray().ToArray();
        Assert.Equal(curves.Count, groups.Length);
        for (var g = 0; g < groups.Length; g++)
        {
            var j = groups[g]; var c = curves[g];
            Assert.Equal(c.Group, j.GetProperty("group").GetString());
            Assert.Equal(c.N, j.GetProperty("n").GetInt32());
            Assert.Equal(c.Events, j.GetProperty("events").GetInt32());
            Assert.Equal(c.Median, D(j.GetProperty("median")));
            Assert.Equal(c.MedianLower, D(j.GetProperty("median_lower")));
            Assert.Equal(c.MedianUpper, D(j.GetProperty("median_upper")));
            var rows = j.GetProperty("table").EnumerateArray().ToArray();
            Assert.Equal(c.Steps.Count, rows.Length);
            for (var i = 0; i < rows.Length; i++)
            {
                var s = c.Steps[i];
                Assert.Equal(s.Time, rows[i].GetProperty("time").GetDouble());
                Assert.Equal(s.NRisk, rows[i].GetProperty("n_risk").GetInt32());
                Assert.Equal(s.NEvent, rows[i].GetProperty("n_event").GetInt32());
                Assert.Equal(s.NCensor, rows[i].GetProperty("n_censor").GetInt32());
                Assert.Equal(s.Surv, rows[i].GetProperty("surv").GetDouble());
                Assert.Equal(s.StdErr, D(rows[i].GetProperty("std_err")));
                Assert.Equal(s.Lower, D(rows[i].GetProperty("lower")));
                Assert.Equal(s.Upper, D(rows[i].GetProperty("upper")));
            }
            var at = j.GetProperty("at").EnumerateArray().ToArray();
            var ours = c.At([0, 12, 40, 200]);
            Assert.Equal(4, at.Length);
            for (var i = 0; i < 4; i++)
            {
                Assert.Equal(ours[i].Time, at[i].GetProperty("time").GetDouble());
                Assert.Equal(ours[i].Surv, D(at[i].GetProperty("surv")));
                Assert.Equal(ours[i].Lower, D(at[i].GetProperty("lower")));
                Assert.Equal(ours[i].Upper, D(at[i].GetProperty("upper")));
            }
        }
    }

    [Fact]
    public void Km_Ungrouped_OneGroupNamedAll()
    {
        var (code, stdout, _) = cli.Run("time,status\n1,1\n2,0\n3,1\n", "km", "--input", "-", "--time", "time", "--event", "status");
        Assert.Equal(0, code);
        var g = JsonDocument.Parse(stdout).RootElement.GetProperty("groups").EnumerateArray().Single();
        Assert.Equal("all", g.GetProperty("group").GetString());
    }

    [Theory]
    [InlineData(1e-12)] // the CLI must print the same numbers as survdiff in aml_logrank.csv
    public void Logrank_Aml_MatchesReferenceFile(double relTol)
    {
        var (code, stdout, stderr) = cli.Run(null, "logrank", "-i", "aml.csv", "--time", "time", "--event", "status", "--group", "x");
        Assert.True(code == 0, stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        var r = ReferenceData.Table("aml_logrank.csv");
        Precision.AssertClose(r.Number(0, "chisq")!.Value, root.GetProperty("chisq").GetDouble(), relTol, "chisq");
        Precision.AssertClose(r.Number(0, "p")!.Value, root.GetProperty("p").GetDouble(), relTol, "p");
        Assert.Equal(1, root.GetProperty("df").GetInt32());
        var groups = root.GetProperty("groups").EnumerateArray().ToArray();
        for (var i = 0; i < r.Count; i++)
        {
            Assert.Equal(r.Text(i, "group"), groups[i].GetProperty("group").GetString());
            Assert.Equal(r.Number(i, "n"), groups[i].GetProperty("n").GetInt32());
            Precision.AssertClose(r.Number(i, "observed")!.Value, groups[i].GetProperty("observed").GetDouble(), relTol, "observed");
            Precision.AssertClose(r.Number(i, "expected")!.Value, groups[i].GetProperty("expected").GetDouble(), relTol, "expected");
        }
    }

    [Theory]
    [InlineData(1e-7)] // coxph converged at eps = 1e-11
    public void Cox_VeteranWithReference_MatchesReferenceFile(double relTol)
    {
        var (code, stdout, stderr) = cli.Run(null, "cox", "-i", "veteran.csv", "--time", "time", "--event", "status",
            "--covariates", "trt,karno,celltype", "--factors", "celltype", "--reference", "celltype=squamous");
        Assert.True(code == 0, stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        var terms = ReferenceData.Table("veteran_cox_terms.csv");
        var jt = root.GetProperty("terms").EnumerateArray().ToArray();
        Assert.Equal(terms.Count, jt.Length);
        string[] fields = ["coef", "se", "z", "p", "hr", "hr_lower", "hr_upper"];
        for (var i = 0; i < terms.Count; i++)
        {
            Assert.Equal(terms.Text(i, "term"), jt[i].GetProperty("term").GetString());
            foreach (var f in fields) Precision.AssertClose(terms.Number(i, f)!.Value, jt[i].GetProperty(f).GetDouble(), relTol, $"{terms.Text(i, "term")} {f}");
        }
        var v = ReferenceData.Values("veteran_cox_fit.csv");
        Assert.Equal(v["n"], root.GetProperty("n").GetInt32());
        Assert.Equal(v["events"], root.GetProperty("events").GetInt32());
        Precision.AssertClose(v["loglik_null"], root.GetProperty("loglik_null").GetDouble(), relTol, "loglik_null");
        Precision.AssertClose(v["loglik"], root.GetProperty("loglik").GetDouble(), relTol, "loglik");
        Precision.AssertClose(v["lr"], root.GetProperty("lr_test").GetProperty("chisq").GetDouble(), relTol, "lr");
        Precision.AssertClose(v["wald"], root.GetProperty("wald_test").GetProperty("chisq").GetDouble(), relTol, "wald");
        Precision.AssertClose(v["score_p"], root.GetProperty("score_test").GetProperty("p").GetDouble(), relTol, "score p");
        Assert.Equal(5, root.GetProperty("score_test").GetProperty("df").GetInt32());
        Precision.AssertClose(v["concordance"], root.GetProperty("concordance").GetDouble(), relTol, "concordance");
    }

    [Theory]
    [InlineData(1e-8)]
    public void Logit_Lung_MatchesReferenceFile(double relTol)
    {
        var (code, stdout, stderr) = cli.Run(null, "logit", "-i", "lung.csv", "--outcome", "status", "--covariates", "age,sex,ph_ecog", "--factors", "sex");
        Assert.True(code == 0, stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        var terms = ReferenceData.Table("lung_logit_terms.csv");
        var jt = root.GetProperty("terms").EnumerateArray().ToArray();
        string[] fields = ["coef", "se", "z", "p", "or", "or_lower", "or_upper"];
        for (var i = 0; i < terms.Count; i++)
        {
            Assert.Equal(terms.Text(i, "term"), jt[i].GetProperty("term").GetString());
            foreach (var f in fields) Precision.AssertClose(terms.Number(i, f)!.Value, jt[i].GetProperty(f).GetDouble(), relTol, $"{terms.Text(i, "term")} {f}");
        }
        var v = ReferenceData.Values("lung_logit_fit.csv");
        Precision.AssertClose(v["deviance"], root.GetProperty("deviance").GetDouble(), relTol, "deviance");
        Precision.AssertClose(v["null_deviance"], root.GetProperty("null_deviance").GetDouble(), relTol, "null_deviance");
        Precision.AssertClose(v["aic"], root.GetProperty("aic").GetDouble(), relTol, "aic");
        Assert.Equal(v["df_residual"], root.GetProperty("df_residual").GetInt32());
    }

    [Theory]
    [InlineData("time,status\n1,1\nx,0\n", "row 3, column 'time': 'x' is not a number")]            // non-numeric cell
    [InlineData("time,status\n1,1\n2,2\n", "row 3, column 'status': '2' must be 0 (censored) or 1 (event)")] // bad event code
    [InlineData("time,status\n-1,1\n2,0\n", "row 2, column 'time': time -1 is negative")]           // negative time
    [InlineData("time,status\n", "The input has a header but no data rows.")]                       // header only
    [InlineData("", "The input is empty: expected a header row.")]                                   // empty file
    [InlineData("t,status\n1,1\n", "Column 'time' is not in the header (t, status).")]              // missing column
    public void Km_BadInput_ExitsTwoWithOneLinePerProblemAndNothingOnStdout(string csv, string expected)
    {
        var (code, stdout, stderr) = cli.Run(csv, "km", "--input", "-", "--time", "time", "--event", "status");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains(expected, stderr.Split('\n', StringSplitOptions.TrimEntries));
    }

    [Fact]
    public void Km_TwoBadCells_ReportsBothRows()
    {
        var (code, stdout, stderr) = cli.Run("time,status\nx,1\n2,7\n", "km", "--input", "-", "--time", "time", "--event", "status");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("row 2, column 'time'", lines[0]);
        Assert.StartsWith("row 3, column 'status'", lines[1]);
    }

    [Fact]
    public void Cox_UnknownReferenceLevel_ExitsTwoNamingColumn()
    {
        var (code, stdout, stderr) = cli.Run(null, "cox", "-i", "veteran.csv", "--time", "time", "--event", "status",
            "--covariates", "karno,celltype", "--factors", "celltype", "--reference", "celltype=bogus");
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains("Reference level 'bogus' is not a level of 'celltype'", stderr);
    }

    [Fact]
    public void Cox_GroupWithoutEvents_ExitsOneWithSeparationMessage()
    {
        var csv = "time,event,arm\n1,1,A\n2,1,A\n3,0,B\n4,1,A\n5,0,B\n6,0,B\n7,1,A\n8,0,B\n";
        var (code, stdout, stderr) = cli.Run(csv, "cox", "-i", "-", "--time", "time", "--event", "event", "--covariates", "arm", "--factors", "arm");
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Contains("armB", stderr);
    }

    [Fact]
    public void Km_SvgFormat_DrawsCurvesCensorMarksAndBands()
    {
        var (code, stdout, _) = cli.Run(null, "km", "-i", "aml.csv", "--time", "time", "--event", "status", "--group", "x", "--format", "svg");
        Assert.Equal(0, code);
        Assert.StartsWith("<svg", stdout);
        Assert.Equal(2, stdout.Split("<polyline").Length - 1);      // one step line per group
        Assert.Contains("fill-opacity=\"0.15\"", stdout);             // a shaded band
        Assert.Contains("Maintained", stdout);
        Assert.Contains("Nonmaintained", stdout);
    }
}
