using System.Xml.Linq;
using OrthoRegen.Evidence;
using OrthoRegen.Statistics;
using OrthoRegen.Statistics.Meta;
using static OrthoRegen.Tests.Support.Precision;

namespace OrthoRegen.Tests.Evidence;

public class MetaWorkspaceTests
{
    internal static IReadOnlyList<Study> FiveStudies() =>
    [
        EvidenceBuilders.Stored(EvidenceBuilders.Valid(EvidenceBuilders.TwoArmInput("Kim J, Lee S", 2019, 30, 45, 12, 20, 50, "AD_MSC")), 1),
        EvidenceBuilders.Stored(EvidenceBuilders.Valid(EvidenceBuilders.TwoArmInput("Vega A, Ruiz B", 2015, 38, 41, 15, 15, 40, "BM_MSC")), 2),
        EvidenceBuilders.Stored(EvidenceBuilders.Valid(EvidenceBuilders.TwoArmInput("Lu Q", 2017, 25, 44, 10, 30, 100, "UC_MSC")), 3),
        EvidenceBuilders.Stored(EvidenceBuilders.Valid(EvidenceBuilders.TwoArmInput("Park H, Cho D", 2021, 33, 39, 11, 25, 10, "AD_MSC", "SUBCHONDRAL_INTRAOSSEOUS")), 4),
        EvidenceBuilders.Stored(EvidenceBuilders.Valid(EvidenceBuilders.TwoArmInput("Tan W", 2012, 35, 47, 13, 12, 25, "BM_MSC") with { Outcomes = [] }), 5),
    ];

    static MetaQuery Query(string measure = "MD", string? by = "cellSource", Tau2 method = Tau2.Reml, MetaTest test = MetaTest.Z) =>
        new(new OutcomeKey("PAIN_VAS", "vas_mm", 12), measure, method, test, by, null, false);

    [Theory]
    [InlineData("MD", Tau2.Reml, MetaTest.Z)]
    [InlineData("SMD", Tau2.DerSimonianLaird, MetaTest.KnappHartung)]
    public void Analyse_EqualsTheEngineOnTheSameEffects(string measure, Tau2 method, MetaTest test)
    {
        var w = MetaWorkspace.Analyse(Query(measure, method: method, test: test), FiveStudies());
        Assert.Equal(4, w.Included.Count);
        Assert.Equal(EvidenceMessages.NoReportedEffect(measure), w.Contributions.Single(c => c.Effect is null).Excluded);
        // in year order: Vega 2015, Lu 2017, Kim 2019, Park 2021
        Assert.Equal(["Vega et al. 2015", "Lu 2017", "Kim et al. 2019", "Park et al. 2021"], w.Included.Select(c => c.Study.Data.Label));
        var arms = new (double N1, double M1, double S1, double N2, double M2, double S2)[] { (15, 38, 15, 15, 41, 17), (30, 25, 10, 30, 44, 12), (20, 30, 12, 20, 45, 14), (25, 33, 11, 25, 39, 13) };
        var em = measure == "SMD" ? EffectMeasure.StandardizedMeanDifference : EffectMeasure.MeanDifference;
        var effects = ((Outcome<IReadOnlyList<StudyEffect>>.Done)EffectSizes.FromMeans(
            arms.Select((a, i) => new ContinuousArms(i + 1, $"s{i}", a.N1, a.M1, a.S1, a.N2, a.M2, a.S2)).ToList(), em)).Value;
        var expected = ((Outcome<MetaReport>.Done)MetaAnalysis.Analyse(effects, new MetaOptions(method, test)
        {
            Subgroups = ["BM_MSC", "UC_MSC", "AD_MSC", "AD_MSC"], Egger = true, TrimFill = true, LeaveOneOut = true, Cumulative = true,
        })).Value;
        var got = w.Report!;
        AssertClose(expected.Overall.Estimate, got.Overall.Estimate, 1e-12);
        AssertClose(expected.Overall.CiLower, got.Overall.CiLower, 1e-12);
        AssertClose(expected.Overall.Tau2, got.Overall.Tau2, 1e-12);
        AssertClose(expected.Overall.I2, got.Overall.I2, 1e-12);
        AssertClose(expected.Subgroups!.QBetween, got.Subgroups!.QBetween, 1e-12);
        AssertClose(expected.Egger!.Statistic, got.Egger!.Statistic, 1e-12);
        Assert.Equal(expected.TrimFill!.K0, got.TrimFill!.K0);
        AssertClose(expected.LeaveOneOut![2].Estimate, got.LeaveOneOut![2].Estimate, 1e-12);
        AssertClose(expected.Cumulative![3].Estimate, got.Cumulative![3].Estimate, 1e-12);
        AssertClose(100, got.Overall.Studies.Sum(s => s.Weight), 1e-12);

        var doses = new[] { 40.0, 100, 50, 10 };
        var reg = ((Outcome<MetaReport>.Done)MetaAnalysis.Analyse(effects, new MetaOptions(method, test) { Moderator = doses.Select(d => Math.Log(d)).ToList() })).Value.MetaRegression!;
        Assert.Equal(4, w.MetaRegressionK);
        AssertClose(reg.Terms[1].Estimate, w.MetaRegression!.Terms[1].Estimate, 1e-12);
        AssertClose(reg.QMPValue, w.MetaRegression.QMPValue, 1e-12);
    }

    [Fact]
    public void Analyse_OneStudyWithData_SaysThereIsNothingToPool()
    {
        var w = MetaWorkspace.Analyse(Query(), FiveStudies().Take(1).ToList());
        Assert.Null(w.Report);
        Assert.Equal(EvidenceMessages.TooFewStudies, w.Problem);
    }

    [Fact]
    public void Analyse_DemoLibraryVas_PoolsTheTwoPublishedMeanDifferences()
    {
        var studies = EvidenceDemoLibrary.Studies.Select((s, i) => EvidenceBuilders.Stored(s.Data, i + 1)).ToList();
        var q = new MetaQuery(new OutcomeKey("PAIN_VAS", "vas_mm", null), "MD", Tau2.Reml, MetaTest.Z, null, null, false);
        var w = MetaWorkspace.Analyse(q, studies);
        Assert.Equal(2, w.Included.Count);
        Assert.All(w.Included, c => Assert.Equal("reported", c.Basis));
        Assert.Equal(256 + 335, w.Patients);
        var z = Probability.NormalQuantile(0.975);
        var expected = ((Outcome<MetaFit>.Done)MetaAnalysis.Fit(
            [new StudyEffect(1, "a", -13.24, Math.Pow(20.08 / (2 * z), 2)), new StudyEffect(2, "b", -19.24, Math.Pow(14.13 / (2 * z), 2))], Tau2.Reml)).Value;
        AssertClose(expected.Estimate, w.Report!.Overall.Estimate, 1e-12);
        Assert.Equal(EvidenceMessages.NeedThreeStudies, w.PublicationBiasNote);
    }

    static ClinicRow Clinic(string measure)
    {
        double[] before = [60, 55, 70, 64, 58], after = [30, 41, 35, 40, 22];
        var (effect, note) = ClinicEffects.Estimate(measure, before, after, null, (null, null));
        return new ClinicRow(EvidenceMessages.ClinicLabel, "PAIN_VAS", "vas_mm", 12, "M12", 30, 2, 3, Descriptive.PairedChange(before, after),
            null, null, null, effect, note);
    }

    [Fact]
    public void Forest_IsXmlWithStudySquaresDiamondPredictionAndClinicRow()
    {
        var w = MetaWorkspace.Analyse(Query(by: null), FiveStudies(), Clinic("MD"));
        var svg = XDocument.Parse(EvidenceCharts.Forest(w));
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(4, svg.Descendants(ns + "rect").Count(r => (string?)r.Attribute("fill") == "#1f4e79"));
        Assert.Single(svg.Descendants(ns + "polygon"));
        Assert.Single(svg.Descendants(ns + "line"), l => (string?)l.Attribute("stroke-dasharray") == "4 3");
        Assert.Single(svg.Descendants(ns + "circle"));
        Assert.Contains(svg.Descendants(ns + "text"), t => t.Value == "Clinic registry, n = 5");
        Assert.Contains(svg.Descendants(ns + "text"), t => t.Value == "non-randomised registry data");

        var csv = EvidenceCharts.ForestCsv(w).TrimEnd('\n').Split('\n');
        Assert.Equal(1 + 4 + 1 + 1 + 1, csv.Length);
        Assert.StartsWith("clinic,", csv[^1]);
        Assert.Contains($",{ClinicEffects.PrePostMd},", csv[^1]);
    }

    [Fact]
    public void Forest_ClinicRowBesideSmdIsTheStandardisedMeanChange_RatiosNeedAComparison()
    {
        var smd = MetaWorkspace.Analyse(Query("SMD", by: null), FiveStudies(), Clinic("SMD"));
        Assert.True(EvidenceCharts.ClinicDrawn(smd));
        Assert.Equal(ClinicEffects.PrePostSmcc, smd.Clinic!.Effect!.Definition);
        Assert.Single(XDocument.Parse(EvidenceCharts.Forest(smd)).Descendants(XName.Get("circle", "http://www.w3.org/2000/svg")));

        var rr = MetaWorkspace.Analyse(Query("RR", by: null), FiveStudies(), Clinic("RR"));
        Assert.False(EvidenceCharts.ClinicDrawn(rr));
        Assert.Equal(EvidenceMessages.ClinicNeedsComparison, rr.Clinic!.EffectNote);
    }
}
