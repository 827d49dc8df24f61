using System.Text;
using System.Text.Json;
using OrthoRegen.Outcomes;
using OrthoRegen.Tests.Statistics;
using static OrthoRegen.Tests.Support.Precision;

namespace OrthoRegen.Tests.Outcomes;

public class OutlookAnalysisTests
{
    static List<OutlookPast> Past(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ =>
        {
            var age = 45 + rng.Next(35);
            var kl = 1 + rng.Next(4);
            var p = 1 / (1 + Math.Exp(-(2.5 - 0.03 * age - 0.35 * kl)));
            var responder = rng.NextDouble() < p;
            var b = 40.0 + rng.Next(20);
            return new OutlookPast(age, kl, b, b + (responder ? 15 : 3), responder);
        }).ToList();
    }

    const string Script = """
        d <- read.csv("past.csv")
        fit <- glm(resp ~ age + kl, family = binomial, data = d, control = glm.control(epsilon = 1e-14, maxit = 100))
        pr <- predict(fit, data.frame(age = 62, kl = 3), type = "link", se.fit = TRUE)
        z <- qnorm(0.975)
        out(data.frame(eta = pr$fit, se = pr$se.fit, p = plogis(pr$fit), lo = plogis(pr$fit - z * pr$se.fit), hi = plogis(pr$fit + z * pr$se.fit)), "r.csv")
        """;

    /// <summary>The prediction and its delta-method CI against <c>predict(glm, type = "link", se.fit = TRUE)</c> transformed by <c>plogis</c>.</summary>
    [Fact]
    public void Prediction_MatchesGlmPredictOnTheLinkScale()
    {
        var past = Past(300, 5);
        var csv = new StringBuilder("age,kl,resp\n");
        foreach (var p in past) csv.Append($"{p.Age},{p.KlGrade},{(p.Responder ? 1 : 0)}\n");
        var r = ROracle.ReadCsv(ROracle.Run(Script, new Dictionary<string, string> { ["past.csv"] = csv.ToString() }), "r.csv");
        var result = OutlookAnalysis.Analyse(new OutlookCandidate("PS-1", "KNEE_OA", "KNEE_R", 3, 62), "KOOS", "pain", 10, past, OutlookSettings.Default);
        Assert.True(result.ModelShown, result.NotShownReason);
        var pr = result.Prediction!;
        AssertClose(r.Number(0, "eta")!.Value, pr.LinearPredictor, 1e-8, "eta");
        AssertClose(r.Number(0, "se")!.Value, pr.LinearPredictorSe, 1e-7, "se");
        AssertClose(r.Number(0, "p")!.Value, pr.Probability, 1e-8, "p");
        AssertClose(r.Number(0, "lo")!.Value, pr.Lower, 1e-7, "lower");
        AssertClose(r.Number(0, "hi")!.Value, pr.Upper, 1e-7, "upper");
        Assert.Equal(10, result.Calibration.Count);
        Assert.Equal(300, result.Calibration.Sum(b => b.N));
    }

    [Fact]
    public void Analyse_TooFewPatients_SaysSoWithTheConfiguredMinimumAndItsSource()
    {
        var result = OutlookAnalysis.Analyse(new OutlookCandidate("PS-1", "KNEE_OA", "KNEE_R", 2, 60), "KOOS", "pain", 10, Past(25, 9), OutlookSettings.Default);
        Assert.False(result.ModelShown);
        Assert.Null(result.Prediction);
        Assert.Contains("25", result.NotShownReason);
        Assert.Contains(OutlookSettings.Default.MinPatients.Source, result.NotShownReason);
        Assert.True(result.SimilarN > 0);   // similar patients are still described
    }

    [Fact]
    public void Analyse_SimilarPatients_ShareIndicationBandAndAge()
    {
        var past = new List<OutlookPast> { new(60, 2, 50, 70, true), new(65, 3, 50, 52, false), new(75, 3, 50, 70, true), new(58, 4, 50, 70, true) };
        var r = OutlookAnalysis.Analyse(new OutlookCandidate("PS-1", "KNEE_OA", "KNEE_R", 3, 62), "KOOS", "pain", 10, past, OutlookSettings.Default);
        Assert.Equal(2, r.SimilarN);   // KL 2-3 band and age 52-72: the first two
        Assert.Equal(1, r.SimilarResponders.Events);
    }

    [Fact]
    public void Settings_UnknownFieldOrBadBand_StopsWithAMessage()
    {
        Assert.Throws<JsonException>(() => OutlookSettings.Parse(OutlookSettings.DefaultJson.Replace("\"ageBandYears\"", "\"ageBandYear\"")));
        Assert.Throws<InvalidOperationException>(() => OutlookSettings.Parse(OutlookSettings.DefaultJson.Replace("[[0, 1], [2, 3], [4]]", "[[0, 1], [1, 3]]")));
        Assert.Equal(40, OutlookSettings.Default.MinPatients.Value);
    }
}
