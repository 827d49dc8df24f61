using OrthoRegen.Statistics;
using OrthoRegen.Tests.Support;

namespace OrthoRegen.Tests.Statistics;

public class RegressionTests
{
    static DesignMatrix Design(bool intercept, params Covariate[] covs)
    {
        var n = covs[0] switch { Covariate.Numeric x => x.Values.Count, Covariate.Factor f => f.Values.Count, _ => 0 };
        var (m, errors) = DesignMatrix.Build(n, covs, intercept);
        Assert.Empty(errors);
        return m!;
    }

    [Fact]
    public void Build_FactorDefaultReference_FirstOrdinalLevelAndRNames()
    {
        var m = Design(true, new Covariate.Factor("cell_source", ["UC", "BM", "AD", "BM"]));
        Assert.Equal(["(Intercept)", "cell_sourceBM", "cell_sourceUC"], m.Terms);
        Assert.Equal(1, m[0, 2]);
        Assert.Equal(0, m[2, 1]);
    }

    [Fact]
    public void Build_UnknownReference_ErrorNamingColumn()
    {
        var (m, errors) = DesignMatrix.Build(2, [new Covariate.Factor("kl", ["2", "3"], "4")], false);
        Assert.Null(m);
        Assert.Equal(StatisticsMessages.ReferenceLevelMissing("kl", "4", ["2", "3"]), Assert.Single(errors["kl"]));
    }

    [Fact]
    public void CoxFit_LevelWithoutEvents_NotEstimableNamingTerm()
    {
        // R warns: "Loglik converged before variable 1; coefficient may be infinite."
        var time = new double[] { 1, 2, 3, 4, 5, 6, 7, 8 };
        var status = new[] { true, true, false, true, false, false, true, false };
        var arm = new[] { "A", "A", "B", "A", "B", "B", "A", "B" };
        var outcome = CoxRegression.Fit(time, status, Design(false, new Covariate.Factor("arm", arm)));
        var refusal = Assert.IsType<FitOutcome<CoxFit>.NotEstimable>(outcome);
        Assert.Equal(StatisticsMessages.Separation("armB"), refusal.Reason);
    }

    [Fact]
    public void CoxFit_CollinearTerms_NotEstimableNamingTerm()
    {
        var x = new double[] { 1, 2, 3, 4, 5 };
        var outcome = CoxRegression.Fit([1, 2, 3, 4, 5], [true, true, true, false, true],
            Design(false, new Covariate.Numeric("dose", x), new Covariate.Numeric("dose_mg", x.Select(v => v * 1000).ToArray())));
        Assert.Equal(StatisticsMessages.Collinear("dose_mg"), Assert.IsType<FitOutcome<CoxFit>.NotEstimable>(outcome).Reason);
    }

    [Fact]
    public void CoxFit_NoEvents_NotEstimable()
    {
        var outcome = CoxRegression.Fit([1, 2], [false, false], Design(false, new Covariate.Numeric("x", [0, 1])));
        Assert.Equal(StatisticsMessages.NoEventsForModel, Assert.IsType<FitOutcome<CoxFit>.NotEstimable>(outcome).Reason);
    }

    [Fact]
    public void LogisticFit_CompleteSeparation_NotEstimable()
    {
        // R: glm(y ~ x, binomial) warns "fitted probabilities numerically 0 or 1 occurred"
        double[] x = [1, 2, 3, 4, 5, 6];
        var outcome = LogisticRegression.Fit([0, 0, 0, 1, 1, 1], Design(true, new Covariate.Numeric("x", x)));
        Assert.Equal(StatisticsMessages.LogisticSeparation("x"), Assert.IsType<FitOutcome<LogisticFit>.NotEstimable>(outcome).Reason);
    }

    [Fact]
    public void LogisticFit_ConstantOutcome_NotEstimable()
    {
        var outcome = LogisticRegression.Fit([1, 1, 1], Design(true, new Covariate.Numeric("x", [1, 2, 3])));
        Assert.Equal(StatisticsMessages.OutcomeConstant, Assert.IsType<FitOutcome<LogisticFit>.NotEstimable>(outcome).Reason);
    }

    [Fact]
    public void CoxFit_RandomDatasets_HazardRatioIntervalContainsEstimate()
    {
        foreach (var seed in Enumerable.Range(700, 20))
        {
            var d = SurvivalDatasets.Make(seed, forModel: true);
            if (d.Factor.Distinct().Count() < 2) continue;
            var outcome = CoxRegression.Fit(d.Time, d.Status, Design(false, new Covariate.Numeric("x1", d.X1), new Covariate.Factor("f", d.Factor)));
            if (outcome is not FitOutcome<CoxFit>.Fitted { Fit: var fit }) continue;
            foreach (var t in fit.Terms) Assert.True(t.HrLower <= t.HazardRatio && t.HazardRatio <= t.HrUpper, $"{d.Describe} {t.Term}");
            Assert.True(fit.LogLik >= fit.LogLikNull - 1e-9, d.Describe);
            Assert.InRange(fit.Concordance!.Value, 0, 1);
        }
    }

    // Counted by hand from survival's definitions (a higher risk score should go with the shorter time).
    [Fact]
    public void Counts_SmallExample_ConcordantDiscordantTied()
    {
        // pairs with the earlier time an event: (1,2) 3>1 C, (1,3) 3>2 C, (1,4) 3>2 C, (2,3) 1<2 D, (2,4) 1<2 D
        var (c, d, t) = Concordance.Counts([1, 2, 3, 4], [true, true, false, true], [3, 1, 2, 2]);
        Assert.Equal((3.0, 2.0, 0.0), (c, d, t));
        // ties in the risk score count one half; tied event times are not comparable
        // (1,2) tied events: not comparable; (1,3) scores 1 = 1: tied; (2,3) 2 > 1: concordant
        var (c2, d2, t2) = Concordance.Counts([1, 1, 2], [true, true, true], [1, 2, 1]);
        Assert.Equal((1.0, 0.0, 1.0), (c2, d2, t2));
    }
}
