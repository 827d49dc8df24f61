using OrthoRegen.Candidacy;
using OrthoRegen.PreScreening;

namespace OrthoRegen.Tests.PreScreening;

public class PreScreenAssessmentTests
{
    static readonly DateOnly Today = new(2026, 6, 15);
    static readonly PreScreenAssessor Assessor = new(new CandidacyRules(CandidacyThresholds.Default), PreScreenInfo.Default);

    /// <summary>A typical knee self-report: 14 months of pain, HA and physiotherapy tried, no red flags.</summary>
    static SelfReport Knee(string target = "KNEE_R") => new(target, 6, 14, ["IA_HA", "PHYSIOTHERAPY"], false, false, false, false, false, false, false, false, true, true);

    static PreScreenAssessment Assess(SelfReport r, string lang = "en") => Assessor.Assess(r, Today, lang);

    [Fact]
    public void Assess_TypicalKnee_IsWorthAConsultationWithXrayStillToCome()
    {
        var a = Assess(Knee());
        Assert.Equal(PreScreenVerdict.WorthConsultation, a.Verdict);
        Assert.Equal(CandidacyResult.Eligible, a.RuleResult);
        Assert.False(a.ResearchOnly);
        var reason = Assert.Single(a.Reasons);
        Assert.Equal("C1.Missing", reason.MessageKey);
        Assert.Null(reason.RuleResult); // measured at the consultation, not held against the patient
        Assert.Null(a.ResponseRate);
    }

    [Theory]
    [InlineData("bone-on-bone", CandidacyResult.NotSuitable, "C1.BoneOnBone")]
    [InlineData("infection", CandidacyResult.Excluded, "C3.Infection")]
    [InlineData("immune", CandidacyResult.Excluded, "C3.ImmuneDisease")]
    [InlineData("immunosuppressants", CandidacyResult.Excluded, "C3.Immunodeficiency")] // read as immunodeficiency
    [InlineData("cancer", CandidacyResult.Excluded, "C3.Malignancy")]
    [InlineData("pregnant", CandidacyResult.Excluded, "C3.Pregnancy")]
    [InlineData("no-follow-up", CandidacyResult.NotSuitable, "C5.NoFollowUp")]
    public void Assess_RedFlag_IsProbablyNotSuitableWithTheRuleAsReason(string flag, string expected, string key)
    {
        var r = Knee();
        r = flag switch
        {
            "bone-on-bone" => r with { ToldBoneOnBone = true },
            "infection" => r with { ActiveInfection = true },
            "immune" => r with { ImmuneDiseaseActive = true },
            "immunosuppressants" => r with { Immunosuppressants = true },
            "cancer" => r with { CancerActiveOrRecent = true },
            "pregnant" => r with { PregnantOrLactating = true },
            "no-follow-up" => r with { CanAttendFollowup24m = false },
            _ => throw new ArgumentException(flag),
        };
        var a = Assess(r);
        Assert.Equal(PreScreenVerdict.ProbablyNotSuitable, a.Verdict);
        Assert.Equal(expected, a.RuleResult);
        Assert.Equal(key, a.Reasons[0].MessageKey);
        Assert.Equal(expected, a.Reasons[0].RuleResult);
    }

    [Fact]
    public void Assess_ShortDuration_IsConsultationWithTheWaitWording()
    {
        var a = Assess(Knee() with { SymptomDurationMonths = 2 });
        Assert.Equal(PreScreenVerdict.WorthConsultation, a.Verdict);
        Assert.Equal(CandidacyResult.Conditional, a.RuleResult);
        var reason = Assert.Single(a.Reasons, x => x.MessageKey == "C2.ShortSymptoms");
        Assert.Equal("Your symptoms started 2 months ago. Before 3 months, simpler treatments often still help, so a doctor may suggest waiting and trying them first.", reason.Text);
    }

    [Fact]
    public void Assess_NothingTried_IsConditionalSayingFirstTreatmentsComeFirst()
    {
        var a = Assess(Knee() with { TriedTreatments = ["BRACE"] }); // a brace is not failed conservative care in C2
        Assert.Equal(CandidacyResult.Conditional, a.RuleResult);
        Assert.Contains(a.Reasons, x => x.MessageKey == "C2.NoneFailed");
    }

    [Fact]
    public void Assess_Anticoagulant_IsConsultationWithPlanningReason()
    {
        var a = Assess(Knee() with { Anticoagulant = true });
        Assert.Equal(PreScreenVerdict.WorthConsultation, a.Verdict);
        Assert.Contains(a.Reasons, x => x.MessageKey == "C3.Anticoagulant" && x.RuleResult == CandidacyResult.Conditional);
    }

    [Theory]
    [InlineData("LUMBAR", "DISC_DEGENERATION")]
    [InlineData("CERVICAL", "DISC_DEGENERATION")]
    [InlineData("SCI", "SCI")]
    public void Assess_DiscOrSci_IsResearchOnly(string target, string indication)
    {
        var a = Assess(Knee() with { TargetSite = target });
        Assert.Equal(indication, a.Indication);
        Assert.True(a.ResearchOnly);
        Assert.Equal(PreScreenVerdict.WorthConsultation, a.Verdict);
        Assert.Contains(a.Reasons, x => x.MessageKey == "C8.ResearchOnly");
        Assert.Null(a.Cost.Configured);
        Assert.Contains("research", a.Cost.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_Hip_SaysMoreExperimentalAndAvnNoteWhenTold()
    {
        var a = Assess(Knee() with { TargetSite = "HIP_L", ToldAvn = true });
        Assert.Equal("HIP_OA", a.Indication);
        Assert.Contains("more experimental", a.EvidenceTier, StringComparison.Ordinal);
        Assert.Single(a.Notes);
        Assert.Equal(PreScreenVerdict.WorthConsultation, a.Verdict); // the stage is unknown: no guessed ARCO stage
    }

    [Theory]
    [InlineData("en", "Likely worth a consultation")]
    [InlineData("ko", "진료 상담을 받아볼 만합니다")]
    [InlineData("zh", "值得预约面诊")]
    [InlineData("fr", "Likely worth a consultation")] // unknown language falls back to English
    public void Assess_Language_IsThePatients(string lang, string title)
    {
        var a = Assess(Knee(), lang);
        Assert.Equal(title, a.VerdictTitle);
        Assert.Equal(8, a.QuestionsToAsk.Count);
        Assert.Equal(5, a.Alternatives.Count);
        Assert.Contains("2", a.TimeCourse, StringComparison.Ordinal);
        Assert.Contains("24", a.TimeCourse, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_ThresholdsFromConfiguration_AreTheRulesOwn()
    {
        // A clinic that wants 6 months of symptoms: the pre-screening follows without a copy of the threshold.
        var strict = CandidacyThresholds.Default with { MinSymptomDurationMonths = new Sourced<int>(6, "clinic") };
        var a = new PreScreenAssessor(new CandidacyRules(strict), PreScreenInfo.Default).Assess(Knee() with { SymptomDurationMonths = 4 }, Today, "en");
        Assert.Contains(a.Reasons, x => x.MessageKey == "C2.ShortSymptoms" && x.Text.Contains("Before 6 months", StringComparison.Ordinal));
    }

    [Fact]
    public void Assess_NoCostConfigured_SaysTheClinicQuotesIt()
    {
        var a = Assess(Knee());
        Assert.Null(a.Cost.Configured);
        Assert.Equal(PreScreenTexts.CostQuoted.En, a.Cost.Text);
        Assert.DoesNotMatch(@"\d", a.Cost.Text);
    }

    [Fact]
    public void Assess_CostConfigured_ShowsAmountAndCurrency()
    {
        var info = PreScreenInfo.Parse("""{ "version": "t", "selfPayCost": { "KNEE_OA": { "from": 3000000, "to": 4500000, "currency": "KRW" } } }""");
        var a = new PreScreenAssessor(new CandidacyRules(CandidacyThresholds.Default), info).Assess(Knee() with { BudgetAwareSelfPay = false }, Today, "en");
        Assert.Equal("Cell therapy is paid by the patient (self-pay). At this clinic it costs 3,000,000–4,500,000 KRW. " + PreScreenTexts.CostNotAware.En, a.Cost.Text);
    }

    [Theory]
    [InlineData("""{ "selfPayCost": { "KNEE": null } }""")] // unknown indication
    [InlineData("""{ "selfPayCost": { "KNEE_OA": { "from": 0, "currency": "KRW" } } }""")]
    [InlineData("""{ "selfPayCost": { "KNEE_OA": { "from": 10, "to": 5, "currency": "KRW" } } }""")]
    [InlineData("""{ "selfPayCost": { "KNEE_OA": { "from": 10, "currency": "won" } } }""")]
    public void ParseInfo_BadFile_Throws(string json) =>
        Assert.Throws<InvalidOperationException>(() => PreScreenInfo.Parse(json));

    [Fact]
    public void Assess_EveryReachableSelfReport_HasPatientWordingForEachReason()
    {
        // 8 targets x 2^9 flags x 3 durations x 2 tried-sets: every rule finding a self-report can produce.
        var count = 0;
        foreach (var target in PreScreenCodes.TargetSites)
            for (var flags = 0; flags < 512; flags++)
                foreach (var months in new[] { 1, 3, 40 })
                    foreach (IReadOnlyList<string> tried in new[] { Array.Empty<string>(), ["NSAID"] })
                    {
                        bool F(int bit) => (flags & (1 << bit)) != 0;
                        var r = new SelfReport(target, 5, months, tried, F(0), F(1), F(2), F(3), F(4), F(5), F(6), F(7), !F(8), true);
                        foreach (var lang in new[] { "en", "ko", "zh" })
                        {
                            var a = Assess(r, lang);
                            Assert.All(a.Reasons, x => Assert.False(string.IsNullOrWhiteSpace(x.Text)));
                            Assert.DoesNotContain(a.Reasons, x => x.Text.Contains('{'));
                        }
                        count++;
                    }
        Assert.Equal(8 * 512 * 3 * 2, count);
    }
}
