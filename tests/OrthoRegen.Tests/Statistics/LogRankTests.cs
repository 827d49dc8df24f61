using System.Text;
using OrthoRegen.Statistics;

namespace OrthoRegen.Tests.Statistics;

public class LogRankTests
{
    const string Script = """
        man <- read.csv("manifest.csv", stringsAsFactors = FALSE)
        for (r in seq_len(nrow(man))) {
          d <- read.csv(man$file[r], stringsAsFactors = FALSE)
          d$g <- clevels(d$g)
          s <- survdiff(Surv(time, status) ~ g, data = d)
          out(data.frame(group = levels(d$g), n = as.vector(s$n), observed = as.vector(s$obs), expected = as.vector(s$exp),
                         chisq = s$chisq, df = length(s$n) - 1, etmp = sum(s$exp > 0) - 1,
                         p = pchisq(s$chisq, sum(s$exp > 0) - 1, lower.tail = FALSE)), sprintf("lr_%d.csv", r))
        }
        """;

    [Fact]
    public void Test_RandomDatasets_MatchesSurvdiff()
    {
        const double relTol = 1e-6;
        var cases = Enumerable.Range(2000, 60).Select(seed => SurvivalDatasets.Make(seed, groups: 2 + seed % 3))
            .Where(d => d.Group.Distinct().Count() >= 2).ToArray();
        var inputs = new Dictionary<string, string>();
        var manifest = new StringBuilder("file\n");
        for (var c = 0; c < cases.Length; c++) { inputs[$"d{c + 1}.csv"] = cases[c].ToCsv(); manifest.Append($"d{c + 1}.csv\n"); }
        inputs["manifest.csv"] = manifest.ToString();
        var dir = ROracle.Run(Script, inputs);
        for (var c = 0; c < cases.Length; c++)
        {
            var data = cases[c];
            var test = LogRank.Test(data.Time, data.Status, data.Group);
            var r = ROracle.ReadCsv(dir, $"lr_{c + 1}.csv");
            Assert.Equal(r.Count, test.Groups.Count);
            for (var i = 0; i < r.Count; i++)
            {
                Assert.Equal(r.Text(i, "group"), test.Groups[i].Group);
                Assert.Equal(r.Number(i, "n"), test.Groups[i].N);
                RCompare.Close(r.Number(i, "observed"), test.Groups[i].Observed, relTol, $"{data.Describe} observed");
                RCompare.Close(r.Number(i, "expected"), test.Groups[i].Expected, relTol, $"{data.Describe} expected");
            }
            RCompare.Close(r.Number(0, "chisq"), test.ChiSquare, relTol, $"{data.Describe} chisq");
            Assert.Equal(Math.Max(0, (int)r.Number(0, "etmp")!.Value), test.Df); // survdiff says -1 when nobody has an event
            if (test.Df > 0) RCompare.Close(r.Number(0, "p"), test.P, relTol, $"{data.Describe} p");
            else Assert.Null(test.P);
        }
    }

    // R: library(survival); survdiff(Surv(time, status) ~ x, data = aml)
    //    chisq 3.396 on 1 df, p = 0.0653; obs 7, 11; exp 10.69, 7.31 (Maintained, Nonmaintained)
    [Fact]
    public void Test_AmlMaintenance_MatchesPublishedSurvdiff()
    {
        var aml = ReferenceData.Aml();
        var test = LogRank.Test(aml.Time, aml.Status, aml.Group);
        Assert.Equal(["Maintained", "Nonmaintained"], test.Groups.Select(g => g.Group));
        Support.Precision.AssertClose(3.3963, test.ChiSquare, 1e-4, "chisq");
        Support.Precision.AssertClose(10.689, test.Groups[0].Expected, 1e-4, "expected maintained");
        Assert.Equal(7, test.Groups[0].Observed);
        Support.Precision.AssertClose(0.0653, test.P!.Value, 1e-3, "p");
    }

    [Fact]
    public void Test_OnlyOneGroupHasAtRisk_ReturnsNoTestWithMessage()
    {
        // Group B's only subject is censored before any event: B has expected 0 → df 0, no p-value (survdiff gives chisq 0).
        var test = LogRank.Test([0.5, 1, 2, 3], [false, true, true, false], ["B", "A", "A", "A"]);
        Assert.Equal(0, test.Df);
        Assert.Null(test.P);
        Assert.Equal(StatisticsMessages.FewerThanTwoGroupsWithExpected, test.Message);
    }

    [Fact]
    public void Test_SingleGroup_Throws()
    {
        Assert.Throws<ArgumentException>(() => LogRank.Test([1, 2], [true, true], ["A", "A"]));
    }
}
