using OrthoRegen.Candidacy;

namespace OrthoRegen.Tests.Candidacy;

public class CandidacyRulesTests
{
    static readonly CandidacyRules Rules = new(CandidacyThresholds.Default);
    static readonly DateOnly Today = new(2026, 6, 15);

    /// <summary>A knee with symptoms ≥ 3 months, follow-up possible and no other flags (DOMAIN.md 3.1 test-vector baseline).</summary>
    static CandidacyInput Knee(int? kl, params PriorTreatment[] treatments) => new()
    {
        Indication = "KNEE_OA", Target = "KNEE_R", AsOf = Today, SymptomDurationMonths = 12, KlGrade = kl, Treatments = treatments,
    };

    static PriorTreatment Failed(string type, DateOnly? lastIa = null) => new(type, "KNEE_R", "NONE", lastIa, null);

    // ---- the six test vectors of DOMAIN.md 3.1 ----------------------------------------------------------------------

    [Fact]
    public void Evaluate_Kl3WithFailedHa_IsEligible() =>
        Assert.Equal("ELIGIBLE", Rules.Evaluate(Knee(3, Failed("IA_HA", Today.AddDays(-200)))).RuleResult);

    [Fact]
    public void Evaluate_Kl4_IsNotSuitable() =>
        Assert.Equal("NOT_SUITABLE", Rules.Evaluate(Knee(4)).RuleResult);

    [Fact]
    public void Evaluate_Kl2WithActiveInfection_IsExcluded() =>
        Assert.Equal("EXCLUDED", Rules.Evaluate(Knee(2, Failed("NSAID")) with { ActiveInfection = true }).RuleResult);

    [Fact]
    public void Evaluate_Kl2WithIaSteroid30DaysAgo_IsDeferredUntilDay90()
    {
        var e = Rules.Evaluate(Knee(2, Failed("IA_CORTICOSTEROID", Today.AddDays(-30))));
        Assert.Equal("DEFER", e.RuleResult);
        Assert.Equal(Today.AddDays(60), e.DeferUntil);
    }

    [Fact]
    public void Evaluate_HipKl2WithArcoIII_IsNotSuitable()
    {
        var input = Knee(2, Failed("NSAID")) with { Indication = "HIP_OA", Target = "HIP_L", AvnStage = "ARCO_III",
            Treatments = [new PriorTreatment("NSAID", "SYSTEMIC", "NONE", null, null)] };
        var e = Rules.Evaluate(input);
        Assert.Equal("NOT_SUITABLE", e.RuleResult);
        Assert.Contains(e.Fired, f => f.RuleId == "C4");
    }

    [Fact]
    public void Evaluate_Kl1WithFailedNsaid_IsConditional() =>
        Assert.Equal("CONDITIONAL", Rules.Evaluate(Knee(1, Failed("NSAID"))).RuleResult);

    // ---- C1 at every grade ------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(0, "NOT_SUITABLE")] // no radiographic OA
    [InlineData(1, "CONDITIONAL")]  // doubtful OA, confirm on MRI
    [InlineData(2, "ELIGIBLE")]     // lower edge of the supported range
    [InlineData(3, "ELIGIBLE")]     // upper edge of the supported range
    [InlineData(4, "NOT_SUITABLE")] // end-stage
    public void Evaluate_KlGrade_GivesC1Result(int kl, string expected)
    {
        var c1 = Rules.Evaluate(Knee(kl, Failed("NSAID"))).Findings.Single(f => f.RuleId == "C1");
        Assert.Equal(expected, c1.Result);
    }

    [Fact]
    public void Evaluate_BoneOnBoneAtKl3_IsNotSuitable() =>
        Assert.Equal("NOT_SUITABLE", Rules.Evaluate(Knee(3, Failed("NSAID")) with { BoneOnBone = true }).RuleResult);

    [Fact]
    public void Evaluate_NoKlGrade_IsDeferredForRadiograph()
    {
        var c1 = Rules.Evaluate(Knee(null, Failed("NSAID"))).Findings.Single(f => f.RuleId == "C1");
        Assert.Equal(("DEFER", "C1.Missing"), (c1.Result, c1.MessageKey));
    }

    // ---- C2 ---------------------------------------------------------------------------------------------------------

    [Fact]
    public void Evaluate_NoFailedCare_IsConditional() =>
        Assert.Equal("CONDITIONAL", Rules.Evaluate(Knee(3)).RuleResult);

    [Theory]
    [InlineData("NONE", "ELIGIBLE")]              // failed
    [InlineData("PARTIAL_TRANSIENT", "ELIGIBLE")] // failed
    [InlineData("GOOD", "CONDITIONAL")]           // conservative care worked: not a failure
    public void Evaluate_CareResponse_DecidesC2(string response, string expected) =>
        Assert.Equal(expected, Rules.Evaluate(Knee(3, new PriorTreatment("PHYSIOTHERAPY", "KNEE_R", response, null, null))).RuleResult);

    [Fact]
    public void Evaluate_FailedCareOnOtherKnee_DoesNotCount() =>
        Assert.Equal("CONDITIONAL", Rules.Evaluate(Knee(3, new PriorTreatment("IA_HA", "KNEE_L", "NONE", null, null))).RuleResult);

    [Fact]
    public void Evaluate_SystemicNsaid_CountsForAnyTarget() =>
        Assert.Equal("ELIGIBLE", Rules.Evaluate(Knee(3, new PriorTreatment("NSAID", "SYSTEMIC", "NONE", null, null))).RuleResult);

    [Theory]
    [InlineData(2, "CONDITIONAL")] // one under the 3-month minimum
    [InlineData(3, "ELIGIBLE")]    // at the minimum
    [InlineData(4, "ELIGIBLE")]    // one over
    public void Evaluate_SymptomDuration_AtBoundary(int months, string expected) =>
        Assert.Equal(expected, Rules.Evaluate(Knee(3, Failed("NSAID")) with { SymptomDurationMonths = months }).RuleResult);

    // ---- C3 ---------------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("infection", "EXCLUDED")]
    [InlineData("immune", "EXCLUDED")]
    [InlineData("immunodeficiency", "EXCLUDED")]
    [InlineData("malignancy", "EXCLUDED")]
    [InlineData("pregnancy", "EXCLUDED")]
    [InlineData("anticoagulant", "CONDITIONAL")]
    public void Evaluate_Contraindication_GivesC3Result(string flag, string expected)
    {
        var i = Knee(3, Failed("NSAID"));
        i = flag switch
        {
            "infection" => i with { ActiveInfection = true },
            "immune" => i with { ImmuneDiseaseActive = true },
            "immunodeficiency" => i with { Immunodeficiency = true },
            "malignancy" => i with { MalignancyActiveOrRecent = true },
            "pregnancy" => i with { PregnantOrLactating = true },
            _ => i with { AnticoagulantOrCoagulopathy = true },
        };
        Assert.Equal(expected, Rules.Evaluate(i).RuleResult);
    }

    [Theory]
    [InlineData(34.9, "ELIGIBLE")]    // just under 35
    [InlineData(35.0, "CONDITIONAL")] // at 35: "BMI ≥ 35"
    [InlineData(41.0, "CONDITIONAL")]
    public void Evaluate_Bmi_AtBoundary(double bmi, string expected) =>
        Assert.Equal(expected, Rules.Evaluate(Knee(3, Failed("NSAID")) with { Bmi = bmi }).RuleResult);

    [Theory]
    [InlineData(8.5, "ELIGIBLE")]    // at 8.5: rule is "> 8.5"
    [InlineData(8.6, "CONDITIONAL")] // just over
    public void Evaluate_Hba1c_AtBoundary(double pct, string expected) =>
        Assert.Equal(expected, Rules.Evaluate(Knee(3, Failed("NSAID")) with { Hba1cPct = pct }).RuleResult);

    // ---- C4 ---------------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("NONE", "ELIGIBLE")]
    [InlineData("ARCO_II", "ELIGIBLE")]      // pre-collapse
    [InlineData("ARCO_III", "NOT_SUITABLE")] // collapse
    [InlineData("ARCO_IV", "NOT_SUITABLE")]
    public void Evaluate_HipAvnStage_GivesResult(string stage, string expected) =>
        Assert.Equal(expected, Rules.Evaluate(Knee(2, Failed("NSAID")) with
        {
            Indication = "HIP_OA", Target = "HIP_R", AvnStage = stage,
            Treatments = [new PriorTreatment("NSAID", "HIP_R", "NONE", null, null)],
        }).RuleResult);

    // ---- C5 ---------------------------------------------------------------------------------------------------------

    [Fact]
    public void Evaluate_CannotAttendFollowUp_IsNotSuitable() =>
        Assert.Equal("NOT_SUITABLE", Rules.Evaluate(Knee(3, Failed("NSAID")) with { CanAttendFollowUp24m = false }).RuleResult);

    [Fact]
    public void Evaluate_PoorRehabAdherence_IsNotSuitable() =>
        Assert.Equal("NOT_SUITABLE", Rules.Evaluate(Knee(3, Failed("NSAID")) with { PoorRehabAdherence = true }).RuleResult);

    // ---- C6 ---------------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(89, "DEFER")]    // one day short of the 90-day wash-out
    [InlineData(90, "ELIGIBLE")] // day 90: no longer "< 90 days ago"
    [InlineData(91, "ELIGIBLE")]
    [InlineData(0, "DEFER")]     // injected today
    public void Evaluate_DaysSinceIaInjection_AtBoundary(int daysAgo, string expected) =>
        Assert.Equal(expected, Rules.Evaluate(Knee(3, Failed("IA_HA", Today.AddDays(-daysAgo)))).RuleResult);

    [Fact]
    public void Evaluate_RecentInjectionOfOtherJoint_DoesNotDefer() =>
        Assert.Equal("ELIGIBLE", Rules.Evaluate(Knee(3, Failed("NSAID"), new PriorTreatment("IA_CORTICOSTEROID", "KNEE_L", "GOOD", Today.AddDays(-5), null))).RuleResult);

    // ---- C7, C8 -----------------------------------------------------------------------------------------------------

    static CandidacyInput Disc(params (string, int)[] levels) => new()
    {
        Indication = "DISC_DEGENERATION", Target = "LUMBAR", AsOf = Today, SymptomDurationMonths = 12, Pfirrmann = levels,
        Treatments = [new PriorTreatment("PHYSIOTHERAPY", "LUMBAR", "NONE", null, null)],
    };

    [Theory]
    [InlineData(1, "NOT_SUITABLE")] // normal disc
    [InlineData(2, "CONDITIONAL")]  // suitable, but research only (C8)
    [InlineData(4, "CONDITIONAL")]
    [InlineData(5, "NOT_SUITABLE")] // collapsed
    public void Evaluate_DiscPfirrmann_GivesResult(int grade, string expected)
    {
        var e = Rules.Evaluate(Disc(("L4-5", grade)));
        Assert.Equal(expected, e.RuleResult);
        Assert.True(e.ResearchOnly);
    }

    [Fact]
    public void Evaluate_DiscWithoutPfirrmann_IsDeferred() => Assert.Equal("DEFER", Rules.Evaluate(Disc()).RuleResult);

    [Fact]
    public void Evaluate_Sci_IsResearchOnlyAndAllowsOnlyReferralOrNo()
    {
        var e = Rules.Evaluate(new CandidacyInput { Indication = "SCI", Target = "SCI", AsOf = Today, AisGrade = "C", SymptomDurationMonths = 10 });
        Assert.Equal("CONDITIONAL", e.RuleResult);
        Assert.True(e.ResearchOnly);
        Assert.Equal(["REFER_TO_RESEARCH", "DO_NOT_PROCEED"], e.AllowedDecisions);
    }

    // ---- C9 ---------------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("ELIGIBLE", true, "ELIGIBLE")]
    [InlineData("PENDING", true, "EXCLUDED")]   // donor not (yet) eligible
    [InlineData("INELIGIBLE", true, "EXCLUDED")]
    [InlineData("ELIGIBLE", false, "EXCLUDED")] // consent does not acknowledge an allogeneic source
    [InlineData(null, true, "EXCLUDED")]        // donor unknown
    public void Evaluate_AllogeneicProduct_NeedsEligibleDonorAndConsent(string? donor, bool ack, string expected) =>
        Assert.Equal(expected, Rules.Evaluate(Knee(3, Failed("NSAID")) with
            { PlannedOrigin = "ALLOGENEIC", DonorEligibility = donor, ConsentAllogeneicAck = ack }).RuleResult);

    // ---- combination, trace and decisions ---------------------------------------------------------------------------

    [Fact]
    public void Evaluate_SeveralFired_TakesTheWorstAndListsEach()
    {
        var e = Rules.Evaluate(Knee(1, Failed("IA_HA", Today.AddDays(-10))) with { Bmi = 36, PregnantOrLactating = true });
        Assert.Equal("EXCLUDED", e.RuleResult);
        Assert.Equal(["C1:CONDITIONAL", "C3:EXCLUDED", "C3:CONDITIONAL", "C6:DEFER"], e.Fired.Select(f => $"{f.RuleId}:{f.Result}"));
    }

    [Fact]
    public void Evaluate_EveryFinding_HasExplanationSourceAndInputs()
    {
        var e = Rules.Evaluate(Knee(3, Failed("NSAID")) with { PlannedOrigin = "ALLOGENEIC", DonorEligibility = "ELIGIBLE", ConsentAllogeneicAck = true, Bmi = 22 });
        Assert.All(e.Findings, f =>
        {
            Assert.False(string.IsNullOrWhiteSpace(f.Explanation));
            Assert.False(string.IsNullOrWhiteSpace(f.Source));
            Assert.NotEmpty(f.Inputs);
            Assert.DoesNotContain("{", f.Explanation);
        });
        Assert.Equal(["C1", "C2", "C3", "C5", "C6", "C9"], e.Findings.Select(f => f.RuleId).Distinct());
    }

    [Theory]
    [InlineData("PROCEED", "ELIGIBLE", false)]
    [InlineData("PROCEED", "CONDITIONAL", false)]      // conditions are the physician's to weigh
    [InlineData("PROCEED", "DEFER", true)]
    [InlineData("PROCEED", "NOT_SUITABLE", true)]
    [InlineData("PROCEED", "EXCLUDED", true)]
    [InlineData("DO_NOT_PROCEED", "ELIGIBLE", true)]
    [InlineData("DO_NOT_PROCEED", "NOT_SUITABLE", false)]
    [InlineData("REFER_TO_RESEARCH", "CONDITIONAL", false)]
    [InlineData("REFER_TO_RESEARCH", "EXCLUDED", true)]
    public void Contradicts_DecisionAgainstResult_NeedsOverrideReason(string decision, string result, bool expected) =>
        Assert.Equal(expected, CandidacyRules.Contradicts(decision, result));

    [Fact]
    public void Worst_FollowsConfiguredSeverityOrder()
    {
        var reordered = CandidacyThresholds.Default with
        {
            SeverityOrder = new Sourced<string[]>(["EXCLUDED", "DEFER", "NOT_SUITABLE", "CONDITIONAL", "ELIGIBLE"], "test"),
        };
        Assert.Equal("DEFER", new CandidacyRules(reordered).Worst(["NOT_SUITABLE", "DEFER"]));
        Assert.Equal("NOT_SUITABLE", Rules.Worst(["NOT_SUITABLE", "DEFER"]));
    }

    [Fact]
    public void Parse_SeverityOrderMissingAResult_IsRejected()
    {
        var json = File.ReadAllText(Path.Combine(RepoRoot(), "src/OrthoRegen/Candidacy/candidacy-rules.json"))
            .Replace("\"EXCLUDED\", \"NOT_SUITABLE\"", "\"EXCLUDED\", \"EXCLUDED\"");
        Assert.Throws<InvalidOperationException>(() => CandidacyThresholds.Parse(json));
    }

    [Fact]
    public void Default_EveryThresholdNamesItsSource()
    {
        var t = CandidacyThresholds.Default;
        var sources = new[]
        {
            t.SeverityOrder.Source, t.KlEligibleGrades.Source, t.KlConditionalGrades.Source, t.KlNotSuitableGrades.Source,
            t.FailedCareTypes.Source, t.FailedCareResponses.Source, t.MinSymptomDurationMonths.Source, t.BmiConditionalAtOrAbove.Source,
            t.Hba1cConditionalAbovePct.Source, t.IaWashoutDays.Source, t.AvnNotSuitableStages.Source, t.PfirrmannPassGrades.Source,
            t.ResearchOnlyIndications.Source,
        };
        Assert.All(sources, s => Assert.False(string.IsNullOrWhiteSpace(s)));
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OrthoRegen.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}
