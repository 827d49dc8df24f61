using OrthoRegen.Statistics;
using OrthoRegen.Tests.Support;

namespace OrthoRegen.Tests.Statistics;

/// <summary>The committed reference results (ReferenceData/make_reference.R) for survival's aml, lung and veteran.</summary>
public class ReferenceDataTests
{
    [Theory]
    [InlineData(1e-12)] // same arithmetic as survfit: agreement to rounding
    public void FitByGroup_Aml_MatchesReferenceFile(double relTol)
    {
        var aml = ReferenceData.Aml();
        var curves = KaplanMeier.FitByGroup(aml.Time, aml.Status, aml.Group);
        ReferenceData.AssertKaplanMeier(curves, "aml_km.csv", "aml_km_median.csv", relTol);
    }

    [Theory]
    [InlineData(1e-12)] // log-log band at 90% on 227 patients
    public void FitByGroup_LungBySexLogLog90_MatchesReferenceFile(double relTol)
    {
        var lung = ReferenceData.Lung();
        var curves = KaplanMeier.FitByGroup(lung.Time, lung.Status, lung.Group, ConfidenceBand.LogLog, 0.9);
        ReferenceData.AssertKaplanMeier(curves, "lung_km_sex.csv", "lung_km_sex_median.csv", relTol);
    }

    [Theory]
    [InlineData(1e-10)]
    public void Test_AmlLogRank_MatchesReferenceFile(double relTol)
    {
        var aml = ReferenceData.Aml();
        var test = LogRank.Test(aml.Time, aml.Status, aml.Group);
        var r = ReferenceData.Table("aml_logrank.csv");
        for (var i = 0; i < r.Count; i++)
        {
            Precision.AssertClose(r.Number(i, "observed")!.Value, test.Groups[i].Observed, relTol, "observed");
            Precision.AssertClose(r.Number(i, "expected")!.Value, test.Groups[i].Expected, relTol, "expected");
        }
        Precision.AssertClose(r.Number(0, "chisq")!.Value, test.ChiSquare, relTol, "chisq");
        Precision.AssertClose(r.Number(0, "p")!.Value, test.P!.Value, relTol, "p");
    }

    [Theory]
    [InlineData("lung_cox_efron", Ties.Efron, 1e-7)]     // R's fit stops at eps = 1e-11 on the log-likelihood
    [InlineData("lung_cox_breslow", Ties.Breslow, 1e-7)] // Breslow ties
    public void Fit_LungAgeSexEcog_MatchesReferenceFile(string file, Ties ties, double relTol)
    {
        var lung = ReferenceData.Lung();
        var (design, _) = DesignMatrix.Build(lung.Time.Length, [
            new Covariate.Numeric("age", ReferenceData.Column(lung.Raw, "age")),
            new Covariate.Factor("sex", lung.Group),
            new Covariate.Numeric("ph_ecog", ReferenceData.Column(lung.Raw, "ph_ecog"))], intercept: false);
        var fit = Assert.IsType<FitOutcome<CoxFit>.Fitted>(CoxRegression.Fit(lung.Time, lung.Status, design!, ties)).Fit;
        AssertCox(fit, file, relTol);
    }

    [Theory]
    [InlineData(1e-7)] // celltype with R's reference level squamous, chosen explicitly
    public void Fit_VeteranCelltypeReferenceSquamous_MatchesReferenceFile(double relTol)
    {
        var vet = ReferenceData.Veteran();
        var (design, _) = DesignMatrix.Build(vet.Time.Length, [
            new Covariate.Numeric("trt", ReferenceData.Column(vet.Raw, "trt")),
            new Covariate.Numeric("karno", ReferenceData.Column(vet.Raw, "karno")),
            new Covariate.Factor("celltype", vet.Group, "squamous")], intercept: false);
        var fit = Assert.IsType<FitOutcome<CoxFit>.Fitted>(CoxRegression.Fit(vet.Time, vet.Status, design!)).Fit;
        Assert.Equal(["trt", "karno", "celltypeadeno", "celltypelarge", "celltypesmallcell"], fit.Terms.Select(t => t.Term));
        AssertCox(fit, "veteran_cox", relTol);
    }

    [Theory]
    [InlineData(1e-8)]
    public void Fit_LungLogistic_MatchesReferenceFile(double relTol)
    {
        var lung = ReferenceData.Lung();
        var (design, _) = DesignMatrix.Build(lung.Time.Length, [
            new Covariate.Numeric("age", ReferenceData.Column(lung.Raw, "age")),
            new Covariate.Factor("sex", lung.Group),
            new Covariate.Numeric("ph_ecog", ReferenceData.Column(lung.Raw, "ph_ecog"))], intercept: true);
        var y = lung.Status.Select(s => s ? 1.0 : 0.0).ToArray();
        var fit = Assert.IsType<FitOutcome<LogisticFit>.Fitted>(LogisticRegression.Fit(y, design!)).Fit;
        var terms = ReferenceData.Table("lung_logit_terms.csv");
        Assert.Equal(ReferenceData.Strings(terms, "term"), fit.Terms.Select(t => t.Term));
        for (var i = 0; i < terms.Count; i++)
        {
            var t = fit.Terms[i];
            Precision.AssertClose(terms.Number(i, "coef")!.Value, t.Coef, relTol, t.Term + " coef");
            Precision.AssertClose(terms.Number(i, "se")!.Value, t.Se, relTol, t.Term + " se");
            Precision.AssertClose(terms.Number(i, "z")!.Value, t.Z, relTol, t.Term + " z");
            Precision.AssertClose(terms.Number(i, "p")!.Value, t.P, relTol, t.Term + " p");
            Precision.AssertClose(terms.Number(i, "or_lower")!.Value, t.OrLower, relTol, t.Term + " or lower");
            Precision.AssertClose(terms.Number(i, "or_upper")!.Value, t.OrUpper, relTol, t.Term + " or upper");
        }
        var v = ReferenceData.Values("lung_logit_fit.csv");
        Precision.AssertClose(v["deviance"], fit.Deviance, relTol, "deviance");
        Precision.AssertClose(v["null_deviance"], fit.NullDeviance, relTol, "null deviance");
        Precision.AssertClose(v["aic"], fit.Aic, relTol, "aic");
        Assert.Equal(v["df_residual"], fit.DfResidual);
    }

    internal static void AssertCox(CoxFit fit, string file, double relTol)
    {
        var terms = ReferenceData.Table(file + "_terms.csv");
        Assert.Equal(ReferenceData.Strings(terms, "term"), fit.Terms.Select(t => t.Term));
        for (var i = 0; i < terms.Count; i++)
        {
            var t = fit.Terms[i];
            Precision.AssertClose(terms.Number(i, "coef")!.Value, t.Coef, relTol, t.Term + " coef");
            Precision.AssertClose(terms.Number(i, "se")!.Value, t.Se, relTol, t.Term + " se");
            Precision.AssertClose(terms.Number(i, "z")!.Value, t.Z, relTol, t.Term + " z");
            Precision.AssertClose(terms.Number(i, "p")!.Value, t.P, relTol, t.Term + " p");
            Precision.AssertClose(terms.Number(i, "hr")!.Value, t.HazardRatio, relTol, t.Term + " hr");
            Precision.AssertClose(terms.Number(i, "hr_lower")!.Value, t.HrLower, relTol, t.Term + " hr lower");
            Precision.AssertClose(terms.Number(i, "hr_upper")!.Value, t.HrUpper, relTol, t.Term + " hr upper");
        }
        var v = ReferenceData.Values(file + "_fit.csv");
        Assert.Equal(v["n"], fit.N);
        Assert.Equal(v["events"], fit.Events);
        Precision.AssertClose(v["loglik_null"], fit.LogLikNull, relTol, "loglik null");
        Precision.AssertClose(v["loglik"], fit.LogLik, relTol, "loglik");
        Precision.AssertClose(v["lr"], fit.LikelihoodRatio.ChiSquare, relTol, "lr");
        Precision.AssertClose(v["lr_p"], fit.LikelihoodRatio.P, relTol, "lr p");
        Precision.AssertClose(v["wald"], fit.Wald.ChiSquare, relTol, "wald");
        Precision.AssertClose(v["wald_p"], fit.Wald.P, relTol, "wald p");
        Precision.AssertClose(v["score"], fit.Score.ChiSquare, relTol, "score");
        Precision.AssertClose(v["score_p"], fit.Score.P, relTol, "score p");
        Precision.AssertClose(v["concordance"], fit.Concordance!.Value, relTol, "concordance");
    }
}
