using System.Xml.Linq;
using OrthoRegen.Evidence;
using OrthoRegen.Outcomes;
using OrthoRegen.Statistics;
using OrthoRegen.Statistics.Meta;
using OrthoRegen.Tests.Evidence;
using OrthoRegen.Tests.Outcomes;

namespace OrthoRegen.Tests.Charts;

/// <summary>
/// Charts draw the texts of the label set they are given (the web fills it from the resx in the reader's language) and
/// stay valid XML with CJK text; the forest plot's registry row is the one extra row under the diamond.
/// </summary>
public class LocalisedChartsTests
{
    static readonly XNamespace Ns = "http://www.w3.org/2000/svg";
    static List<string> Texts(string svg) => XDocument.Parse(svg).Descendants(Ns + "text").Select(t => t.Value).ToList();

    static readonly ForestLabels KoreanForest = new("연구", "가중치   추정치 [95% CI]", "고정효과 모형", "무작위효과 모형 ({0})", "예측 구간",
        "연구 {0}편의 숲 그림, {1}", "연구 {0}편의 숲 그림, {1}, 병원 레지스트리 행 포함");

    [Fact]
    public void Forest_KoreanLabelsAndRegistryRow_AreDrawnAndValidXml()
    {
        double[] before = [60, 55, 70, 64, 58], after = [30, 41, 35, 40, 22];
        var (effect, _) = ClinicEffects.Estimate("MD", before, after, null, (null, null));
        var clinic = new ClinicRow(EvidenceMessages.ClinicLabel, "PAIN_VAS", "vas_mm", 12, "M12", 5, 0, 0, Descriptive.PairedChange(before, after),
            null, null, null, effect, null);
        var w = MetaWorkspace.Analyse(new MetaQuery(new OutcomeKey("PAIN_VAS", "vas_mm", 12), "MD", Tau2.Reml, MetaTest.Z, null, null, true),
            MetaWorkspaceTests.FiveStudies(), clinic);
        var svg = EvidenceCharts.Forest(w, KoreanForest, new ClinicRowLabels("병원 레지스트리, n = {0}", " 대 {0}, n = {1}", "비무작위 레지스트리 자료"));
        var texts = Texts(svg);
        Assert.Contains("연구", texts);
        Assert.Contains("무작위효과 모형 (REML, z)", texts);
        Assert.Contains("예측 구간", texts);
        Assert.Contains("병원 레지스트리, n = 5", texts);
        Assert.Contains("비무작위 레지스트리 자료", texts);
        Assert.StartsWith("연구 4편의 숲 그림", (string)XDocument.Parse(svg).Root!.Attribute("aria-label")!);
        Assert.DoesNotContain("Study", texts);
        // the registry row: an open circle in its own colour, its CI whisker, below the diamond
        var circle = Assert.Single(XDocument.Parse(svg).Descendants(Ns + "circle"));
        Assert.Equal((ForestPlot.RegistryColour, "#fff"), ((string)circle.Attribute("stroke")!, (string)circle.Attribute("fill")!));
        var diamondY = XDocument.Parse(svg).Descendants(Ns + "polygon").Single().Attribute("points")!.Value.Split(' ')[0].Split(',')[1];
        Assert.True(double.Parse((string)circle.Attribute("cy")!, System.Globalization.CultureInfo.InvariantCulture)
                    > double.Parse(diamondY, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(effect!.Estimate, w.Clinic!.Effect!.Estimate);
    }

    [Fact]
    public void Forest_Cli_StaysEnglish()
    {
        var w = MetaWorkspace.Analyse(new MetaQuery(new OutcomeKey("PAIN_VAS", "vas_mm", 12), "MD", Tau2.Reml, MetaTest.Z, null, null, false),
            MetaWorkspaceTests.FiveStudies());
        var texts = Texts(ForestPlot.Render(w.Report!.Overall, "MD"));
        Assert.Contains("Study", texts);
        Assert.Contains("Prediction interval", texts);
        Assert.Empty(XDocument.Parse(ForestPlot.Render(w.Report!.Overall, "MD")).Descendants(Ns + "circle"));
    }

    [Fact]
    public void Survival_KoreanLabels_TitleAtRiskAndLegend()
    {
        var members = Enumerable.Range(1, 12).Select(i => SurvivalAnalysisTests.Member(i, 90 * i, endpoint: i % 3 == 0, route: i % 2 == 0 ? "INTRA_ARTICULAR" : "SUBCHONDRAL_INTRAOSSEOUS")).ToList();
        var r = SurvivalAnalysis.Analyse(members, new SurvivalOptions(SurvivalGrouping.Route));
        var labels = new SurvivalFigureLabels("인공관절 치환술 또는 척추 수술 없는 생존", "0일 이후 연수", "치환술 없음", "위험군 수", "치환술 누적발생률",
            "누적발생률", "1 − Kaplan-Meier", "{0} (n={1}, 사건={2})", k => k == "INTRA_ARTICULAR" ? "관절강 내" : "연골하골 내");
        var texts = Texts(SurvivalFigure.KaplanMeier(r.FirstResult, labels));
        Assert.Contains("인공관절 치환술 또는 척추 수술 없는 생존", texts);
        Assert.Contains("위험군 수", texts);
        Assert.Contains("관절강 내", texts);   // the number-at-risk row
        Assert.Contains(texts, t => t.StartsWith("관절강 내 (n=6, 사건=", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t.Contains("events", StringComparison.Ordinal));
    }

    [Fact]
    public void Prisma_ChineseLabels_AreDrawn()
    {
        var counts = ((Outcome<PrismaCounts>.Done)Prisma.Validate(PrismaTests.Consistent())).Value;
        var l = PrismaLabels.English with { Identification = "识别", RecordsScreened = "筛选的记录（n = {0}）", Title = "PRISMA 2020 流程图：{0}" };
        var svg = Prisma.Diagram(counts, l);
        var texts = Texts(svg);
        Assert.Contains("识别", texts);
        Assert.Contains($"筛选的记录（n = {counts.Screened}）", texts);
        Assert.Equal($"PRISMA 2020 流程图：{counts.Title}", (string)XDocument.Parse(svg).Root!.Attribute("aria-label")!);
    }

    [Theory]
    [InlineData("Intra-articular", "Intra-articular")]                                           // fits: unchanged
    [InlineData("Bone marrow aspirate concentrate (BMAC)", "Bone marrow aspi…")]                   // 0.62 em per letter: 16 × 6.82 px + "…"
    [InlineData("골수 흡인 농축물(BMAC) 연골하골 내 주사", "골수 흡인 농축물(BM…")]                    // Hangul 1 em (11 px), the rest 0.62 em
    [InlineData("骨髓抽吸浓缩物（BMAC）软骨下骨内注射", "骨髓抽吸浓缩物（BMA…")]                         // CJK and the full-width bracket 1 em
    public void Fit_CutsLabelsToTheirWidthInEveryScript(string label, string expected)
    {
        Assert.Equal(expected, OrthoRegen.Charts.Svg.Fit(label, 11, 120));
    }

    [Fact]
    public void Survival_LongGroupName_AtRiskLabelEndsBeforeTheFirstCount()
    {
        var members = Enumerable.Range(1, 12).Select(i => SurvivalAnalysisTests.Member(i, 90 * i, endpoint: i % 3 == 0, route: i % 2 == 0 ? "INTRA_ARTICULAR" : "SUBCHONDRAL_INTRAOSSEOUS")).ToList();
        var r = SurvivalAnalysis.Analyse(members, new SurvivalOptions(SurvivalGrouping.Route)).FirstResult;
        var labels = SurvivalFigureLabels.English with { GroupName = k => k == "INTRA_ARTICULAR" ? "관절강 내 주사, 초음파 유도, 2회 투여군" : "Subchondral / intraosseous" };
        var texts = Texts(SurvivalFigure.KaplanMeier(r, labels));
        Assert.Contains("관절강 내 주사, 초…", texts);            // at-risk row: cut to 120 px
        Assert.Contains("Subchondral / in…", texts);            // cut too (the legend above names it whole, same colour)
        Assert.Contains(texts, t => t.StartsWith("관절강 내 주사, 초음파 유도, 2회 투여군 (n=6", StringComparison.Ordinal));   // legend: whole
    }
}

/// <summary>The progress report's per-instrument chart: the scores, the baseline line and the MCID band, in the given language.</summary>
public class ProgressChartTests
{
    static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    [Fact]
    public void Render_ScoresBaselineAndMcidBand_KoreanLabels()
    {
        var day0 = new DateOnly(2025, 1, 10);
        var s = new ProgressSeries("PAIN_NRS", "nrs", "Pain NRS", "points", false, "knee_oa",
            [("BASE", day0.AddDays(-3), 7, null, null), ("M3", day0.AddDays(92), 5, -2, true), ("M12", day0.AddDays(370), 3, -4, true)],
            new Trajectory("PAIN_NRS.nrs", "Pain", "points", false, day0, []), 2);
        var labels = new ProgressChartLabels("{0} 시간 경과", "0일 이후 개월", "점수 ({0})", "기준값", "기준값 대비 최소 중요 변화 이내");
        var doc = XDocument.Parse(ProgressChart.Render(s, day0, s.MinimalImportantChange, labels));
        var groups = doc.Descendants(Ns + "g").ToDictionary(g => (string)g.Attribute("data-series")!);
        Assert.Equal(["mcid-band", "baseline", "scores"], groups.Keys);
        Assert.Equal(3, groups["scores"].Descendants(Ns + "circle").Count());
        Assert.Equal(["BASE", "M3", "M12"], groups["scores"].Descendants(Ns + "text").Select(t => t.Value));
        var band = groups["mcid-band"].Descendants(Ns + "rect").Single();
        var line = groups["baseline"].Descendants(Ns + "line").Single();
        // the band is centred on the baseline line: baseline ± 2 points
        var top = double.Parse((string)band.Attribute("y")!, System.Globalization.CultureInfo.InvariantCulture);
        var height = double.Parse((string)band.Attribute("height")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(top + height / 2, double.Parse((string)line.Attribute("y1")!, System.Globalization.CultureInfo.InvariantCulture), 1);
        var texts = doc.Descendants(Ns + "text").Select(t => t.Value).ToList();
        Assert.Contains("PAIN_NRS · nrs 시간 경과", texts);
        Assert.Contains("점수 (points)", texts);
        Assert.Contains("기준값", texts);
    }

    [Fact]
    public void Render_NoBaseline_NoBandNoLine()
    {
        var day0 = new DateOnly(2025, 1, 10);
        var s = new ProgressSeries("PAIN_NRS", "nrs", "Pain NRS", "points", false, null, [("M6", day0.AddDays(180), 4, null, null)],
            new Trajectory("PAIN_NRS.nrs", "Pain", "points", false, day0, []));
        var doc = XDocument.Parse(ProgressChart.Render(s, day0, 2));
        Assert.Equal(["scores"], doc.Descendants(Ns + "g").Select(g => (string)g.Attribute("data-series")!));
    }
}
