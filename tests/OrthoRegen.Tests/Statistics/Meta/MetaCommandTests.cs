using System.Text.Json;
using OrthoRegen.Statistics.Meta;

namespace OrthoRegen.Tests.Statistics.Meta;

/// <summary>
/// The command line gives the library's numbers (the same reference through both routes) in the issue's JSON shape,
/// and rejects bad input with exit code 2, one line per problem naming row and column, and nothing on stdout.
/// </summary>
public sealed class MetaCommandTests(MetaCliFixture cli) : IClassFixture<MetaCliFixture>
{
    static readonly string Published = Path.Combine(AppContext.BaseDirectory, "Statistics", "Meta", "ReferenceData", "published");

    public static TheoryData<int> Seeds() => new(2000, 2001, 2002, 2003, 2004, 2005, 2006, 2007);

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Meta_RandomDataset_JsonEqualsLibraryReport(int seed)
    {
        var methods = Enum.GetValues<Tau2>();
        var c = MetaDatasets.Random(seed, methods[seed % methods.Length], seed % 2 == 0 ? MetaTest.Z : MetaTest.KnappHartung);
        var (code, stdout, stderr) = cli.Meta(c.CliArguments("-"), c.ToCsv());
        Assert.True(code == 0, $"{c.Id}: exit {code}: {stderr}");
        using var json = JsonDocument.Parse(stdout);
        AssertJsonEqualsReport(json.RootElement, c.Analyse(), c);
    }

    [Fact]
    public void Meta_Bcg_JsonHasTheIssueFieldsAndNoUnrequestedBlocks()
    {
        var (code, stdout, _) = cli.Meta(["meta", "--input", Path.Combine(Published, "bcg.csv"), "--measure", "RR", "--method", "REML"]);
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(stdout);
        var names = json.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["k", "measure", "method", "test", "estimate", "se", "statistic", "pval", "ci_lb", "ci_ub", "tau2",
            "tau2_lb", "tau2_ub", "tau", "I2", "I2_lb", "I2_ub", "H2", "Q", "Q_df", "Q_pval", "pi_lb", "pi_ub", "studies"], names);
        Assert.Equal(["study", "yi", "vi", "weight", "ci_lb", "ci_ub"],
            json.RootElement.GetProperty("studies")[0].EnumerateObject().Select(p => p.Name).ToArray());
        // rma(yi, vi, data = escalc("RR", …, data = dat.bcg)): estimate -0.7145
        Assert.Equal(-0.7145, json.RootElement.GetProperty("estimate").GetDouble(), 4);
    }

    [Fact]
    public void Meta_FixedEffect_HasNullTau2LimitsAndPredictionInterval()
    {
        var (code, stdout, _) = cli.Meta(["meta", "--input", Path.Combine(Published, "bcg.csv"), "--measure", "OR", "--method", "FE"]);
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(stdout);
        foreach (var key in new[] { "tau2_lb", "tau2_ub", "I2_lb", "I2_ub", "pi_lb", "pi_ub" })
            Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty(key).ValueKind);
        Assert.Equal(0, json.RootElement.GetProperty("tau2").GetDouble());
    }

    [Theory]
    [InlineData("study,yi,vi\nA,0.1,0.02\nB,abc,0.03\nC,0.3,0\n", "GEN",
        "row 3, column 'yi': 'abc' is not a number|row 4, column 'vi': sampling variance must be positive")] // non-numeric cell, zero variance
    [InlineData("study,n1,m1,sd1,n2,m2,sd2\nA,20,5,0,20,4,1\nB,20,5,1,20,4,-2\n", "SMD",
        "row 2, column 'sd1': standard deviation must be positive|row 3, column 'sd2': standard deviation must be positive")] // non-positive SDs
    [InlineData("study,events1,n1,events2,n2\nA,12,10,3,10\nB,1,10,2,10\n", "RR",
        "row 2, column 'events1': events must be a whole number from 0 to the sample size")] // more events than patients
    [InlineData("study,yi,vi\nOnly,0.2,0.01\n", "GEN", "input: only one study, row 2 (study 'Only')")] // k = 1
    [InlineData("study,yi,vi\n", "GEN", "input: no studies")] // header only
    [InlineData("", "GEN", "The input is empty")] // empty file
    [InlineData("study,yi\nA,1\nB,2\n", "GEN", "Column 'vi' is not in the header")] // missing column
    public void Meta_BadInput_ExitsTwoWithOneLinePerProblemAndNothingOnStdout(string csv, string measure, string expected)
    {
        var (code, stdout, stderr) = cli.Meta(["meta", "--input", "-", "--measure", measure, "--method", "REML"], csv);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var wanted = expected.Split('|');
        Assert.Equal(wanted.Length, lines.Length);
        for (var i = 0; i < wanted.Length; i++) Assert.StartsWith(wanted[i], lines[i]);
    }

    [Fact]
    public void Meta_SvgForest_HasStudyRowsDiamondAndPredictionInterval()
    {
        var (code, stdout, _) = cli.Meta(["meta", "--input", Path.Combine(Published, "bcg.csv"), "--measure", "RR", "--method", "DL", "--format", "svg"]);
        Assert.Equal(0, code);
        Assert.StartsWith("<svg", stdout);
        Assert.Contains("Aronson 1948", stdout);
        Assert.Contains("<polygon", stdout);             // pooled diamond
        Assert.Contains("Prediction interval", stdout);
        Assert.Equal(13, stdout.Split("<rect x=").Length - 1); // one weighted square per study
    }

    [Fact]
    public void Meta_SvgFunnelWithTrimFill_DrawsFilledStudiesOpen()
    {
        var (code, stdout, _) = cli.Meta(["meta", "--input", Path.Combine(Published, "bcg.csv"), "--measure", "RR", "--method", "REML",
            "--format", "svg", "--funnel", "--trimfill"]);
        Assert.Equal(0, code);
        Assert.Contains("Funnel plot of 13 studies with 1 filled", stdout); // trimfill(res) on dat.bcg: k0 = 1
        Assert.Equal(14, stdout.Split("<circle").Length - 1);
    }

    [Fact]
    public void Meta_TextFormat_PrintsModelAndHeterogeneity()
    {
        var (code, stdout, _) = cli.Meta(["meta", "--input", Path.Combine(Published, "normand1999.csv"), "--measure", "SMD", "--method", "REML", "--format", "text"]);
        Assert.Equal(0, code);
        Assert.Contains("Random-effects model (REML), k = 9", stdout);
        Assert.Contains("Q(df = 8) = 123.7293", stdout);
    }

    static void AssertJsonEqualsReport(JsonElement j, MetaReport r, MetaCase c)
    {
        var o = r.Overall;
        void Eq(double? expected, JsonElement parent, string name)
        {
            var e = parent.GetProperty(name);
            if (expected is null) { Assert.True(e.ValueKind == JsonValueKind.Null, $"{c.Id}: {name} should be null"); return; }
            MetaAssert.Close(expected.Value, e.GetDouble(), 1e-15, 0, $"{c.Id}: {name}");
        }
        Assert.Equal(c.Measure.Code(), j.GetProperty("measure").GetString());
        Assert.Equal(o.K, j.GetProperty("k").GetInt32());
        Eq(o.Estimate, j, "estimate"); Eq(o.StandardError, j, "se"); Eq(o.Statistic, j, "statistic"); Eq(o.PValue, j, "pval");
        Eq(o.CiLower, j, "ci_lb"); Eq(o.CiUpper, j, "ci_ub"); Eq(o.Tau2, j, "tau2"); Eq(o.Tau, j, "tau");
        Eq(o.Tau2Interval?.Tau2Lower, j, "tau2_lb"); Eq(o.Tau2Interval?.Tau2Upper, j, "tau2_ub");
        Eq(o.I2, j, "I2"); Eq(o.Tau2Interval?.I2Lower, j, "I2_lb"); Eq(o.Tau2Interval?.I2Upper, j, "I2_ub"); Eq(o.H2, j, "H2");
        Eq(o.Q, j, "Q"); Eq(o.QDf, j, "Q_df"); Eq(o.QPValue, j, "Q_pval");
        Eq(o.PredictionInterval?.Lower, j, "pi_lb"); Eq(o.PredictionInterval?.Upper, j, "pi_ub");
        var studies = j.GetProperty("studies");
        Assert.Equal(o.Studies.Count, studies.GetArrayLength());
        for (var i = 0; i < o.Studies.Count; i++)
        {
            var s = studies[i];
            Assert.Equal(o.Studies[i].Study, s.GetProperty("study").GetString());
            Eq(o.Studies[i].Yi, s, "yi"); Eq(o.Studies[i].Vi, s, "vi"); Eq(o.Studies[i].Weight, s, "weight");
            Eq(o.Studies[i].CiLower, s, "ci_lb"); Eq(o.Studies[i].CiUpper, s, "ci_ub");
        }
        Assert.Equal(r.Subgroups is not null, j.TryGetProperty("subgroups", out var sg));
        if (r.Subgroups is { } g)
        {
            Eq(g.QM, sg, "QM"); Eq(g.QMDf, sg, "QM_df"); Eq(g.QMPValue, sg, "QM_pval");
            Eq(g.QBetween, sg, "Q_between"); Eq(g.QBetweenDf, sg, "Q_between_df"); Eq(g.QBetweenPValue, sg, "Q_between_pval");
            var groups = sg.GetProperty("groups");
            for (var i = 0; i < g.Groups.Count; i++)
            {
                var x = groups[i];
                Assert.Equal(g.Groups[i].Group, x.GetProperty("group").GetString());
                Eq(g.Groups[i].K, x, "k"); Eq(g.Groups[i].Estimate, x, "estimate"); Eq(g.Groups[i].StandardError, x, "se");
                Eq(g.Groups[i].CiLower, x, "ci_lb"); Eq(g.Groups[i].CiUpper, x, "ci_ub"); Eq(g.Groups[i].Tau2, x, "tau2"); Eq(g.Groups[i].I2, x, "I2");
            }
        }
        Assert.Equal(r.MetaRegression is not null, j.TryGetProperty("meta_regression", out var mr));
        if (r.MetaRegression is { } m)
        {
            Eq(m.QM, mr, "QM"); Eq(m.QMPValue, mr, "QM_pval"); Eq(m.Tau2, mr, "tau2"); Eq(m.R2, mr, "R2");
            var terms = mr.GetProperty("terms");
            for (var i = 0; i < m.Terms.Count; i++)
            {
                Assert.Equal(m.Terms[i].Term, terms[i].GetProperty("term").GetString());
                Eq(m.Terms[i].Estimate, terms[i], "estimate"); Eq(m.Terms[i].StandardError, terms[i], "se");
                Eq(m.Terms[i].Statistic, terms[i], "statistic"); Eq(m.Terms[i].PValue, terms[i], "pval");
                Eq(m.Terms[i].CiLower, terms[i], "ci_lb"); Eq(m.Terms[i].CiUpper, terms[i], "ci_ub");
            }
        }
        Assert.Equal(r.Egger is not null, j.TryGetProperty("egger", out var eg));
        if (r.Egger is { } e) { Eq(e.Statistic, eg, "statistic"); Eq(e.PValue, eg, "pval"); Eq(e.LimitEstimate, eg, "limit_estimate"); }
        Assert.Equal(r.TrimFill is not null, j.TryGetProperty("trimfill", out var tf));
        if (r.TrimFill is { } t)
        {
            Eq(t.K0, tf, "k0"); Assert.Equal(t.Side.Code(), tf.GetProperty("side").GetString());
            Eq(t.Estimate, tf, "estimate"); Eq(t.CiLower, tf, "ci_lb"); Eq(t.CiUpper, tf, "ci_ub");
        }
        Assert.Equal(r.LeaveOneOut is not null, j.TryGetProperty("leave1out", out var l1));
        if (r.LeaveOneOut is { } l)
            for (var i = 0; i < l.Count; i++)
            {
                Assert.Equal(l[i].Omitted, l1[i].GetProperty("omitted").GetString());
                Eq(l[i].Estimate, l1[i], "estimate"); Eq(l[i].CiLower, l1[i], "ci_lb"); Eq(l[i].CiUpper, l1[i], "ci_ub");
                Eq(l[i].Tau2, l1[i], "tau2"); Eq(l[i].I2, l1[i], "I2");
            }
        Assert.Equal(r.Cumulative is not null, j.TryGetProperty("cumulative", out var cu));
        if (r.Cumulative is { } cc)
            for (var i = 0; i < cc.Count; i++)
            {
                Assert.Equal(cc[i].Study, cu[i].GetProperty("study").GetString());
                Eq(cc[i].K, cu[i], "k"); Eq(cc[i].Estimate, cu[i], "estimate"); Eq(cc[i].StandardError, cu[i], "se");
                Eq(cc[i].CiLower, cu[i], "ci_lb"); Eq(cc[i].CiUpper, cu[i], "ci_ub"); Eq(cc[i].PValue, cu[i], "pval");
                Eq(cc[i].Tau2, cu[i], "tau2"); Eq(cc[i].I2, cu[i], "I2");
            }
    }
}
