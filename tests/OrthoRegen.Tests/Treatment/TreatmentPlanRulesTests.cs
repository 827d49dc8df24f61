using OrthoRegen.Candidacy;
using OrthoRegen.Patients;
using OrthoRegen.Treatment;

namespace OrthoRegen.Tests.Treatment;

public class TreatmentPlanRulesTests
{
    static readonly TreatmentPlanRules Rules = new(TreatmentThresholds.Default);
    static readonly DateTimeOffset At = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    static ConsentRecord Consent(string id, string form = "TREATMENT", string pathway = "KR_ARM_TREATMENT", bool allogeneicAck = false,
        DateTimeOffset? withdrawn = null) => new()
    {
        Id = id, PatientId = "p", Version = withdrawn is null ? 1 : 2, FormCode = form, FormVersion = "1.0", Research = form == "RESEARCH",
        Language = "ko", SignedAt = At, Signer = "PATIENT", Pathway = pathway, AllogeneicSourceAck = allogeneicAck, WithdrawnAt = withdrawn,
    };

    static TargetDecision Decision(string decision, string target = "KNEE_R", string indication = "KNEE_OA", string id = "d1", int daysAgo = 1) =>
        new(target, new CandidacyDecision(id, "a-" + id, indication, "ELIGIBLE", false, decision, null,
            DateOnly.FromDateTime(At.AddDays(-daysAgo).UtcDateTime), "dr.lee", At.AddDays(-daysAgo), []));

    static PlanContext Context(params ConsentRecord[] consents) => new()
    {
        Consents = consents.Length == 0 ? [Consent("c1")] : consents,
        Decisions = [Decision(PhysicianDecision.Proceed)],
        LatestWeight = new BodyMeasurement { Id = "m", MeasuredOn = new DateOnly(2026, 5, 1), WeightKg = 62.5, RecordedAt = At },
    };

    /// <summary>A valid knee plan: autologous BM-MSC, 50 ×10^6 cells, ultrasound-guided, on a KR_ARM_TREATMENT consent.</summary>
    static PlanTreatment Knee() => new()
    {
        Indication = "KNEE_OA", Target = "KNEE_R", ConsentId = "c1", CellSource = "BM_MSC", Origin = "AUTOLOGOUS",
        Manipulation = "MORE_THAN_MINIMAL", TotalCellsE6 = 50, Route = "INTRA_ARTICULAR", Guidance = "ULTRASOUND",
        PlannedInjections = 2, IntervalDays = 28, Adjuncts = ["HA"], RehabProgramme = "Knee OA programme", RehabWeeks = 12,
        RehabSessionsPerWeek = 2, RegulatoryPathway = "KR_ARM_TREATMENT",
    };

    static IReadOnlyDictionary<string, string[]> Errors(PlanTreatment plan, PlanContext? context = null)
    {
        var e = Rules.Evaluate(plan, context ?? Context());
        Assert.Null(e.Plan);
        return e.Errors;
    }

    static ValidPlan Valid(PlanTreatment plan, PlanContext? context = null)
    {
        var e = Rules.Evaluate(plan, context ?? Context());
        Assert.True(e.Plan is not null, string.Join("; ", e.Errors.Select(kv => $"{kv.Key}: {string.Join(" ", kv.Value)}")));
        return e.Plan!;
    }

    [Fact]
    public void Evaluate_ValidKneePlan_DerivesDecisionTierAndCellsPerKg()
    {
        var p = Valid(Knee());
        Assert.Equal(("d1", "c1", "MEDIUM", 62.5, 0.8), (p.CandidacyDecisionId, p.ConsentId, p.DoseTier, p.WeightKg!.Value, p.CellsPerKgE6!.Value));
        Assert.Equal(new DateOnly(2026, 5, 1), p.WeightMeasuredOn);
        Assert.Empty(p.Warnings);
    }

    // ---- R1 (DOMAIN.md 3.5): hip IA requires ultrasound or fluoroscopy; knee IA without guidance warns ---------------

    [Theory]
    [InlineData("NONE")]        // blind injection into the hip
    [InlineData("CT")]          // CT is guidance, but not one R1 accepts
    [InlineData("ARTHROSCOPY")]
    public void Evaluate_HipIntraArticularWithoutUltrasoundOrFluoroscopy_IsErrorOnGuidance(string guidance)
    {
        var errors = Errors(Knee() with { Indication = "HIP_OA", Target = "HIP_L", Guidance = guidance },
            Context() with { Decisions = [Decision(PhysicianDecision.Proceed, "HIP_L", "HIP_OA")] });
        Assert.Equal(["guidance"], errors.Keys);
        Assert.Equal(TreatmentMessages.Format(TreatmentMessages.R1HipGuidance, "ULTRASOUND or FLUOROSCOPY", guidance), errors["guidance"].Single());
    }

    [Theory]
    [InlineData("ULTRASOUND")]
    [InlineData("FLUOROSCOPY")]
    public void Evaluate_HipIntraArticularWithImageGuidance_IsValid(string guidance) =>
        Valid(Knee() with { Indication = "HIP_OA", Target = "HIP_R", Guidance = guidance },
            Context() with { Decisions = [Decision(PhysicianDecision.Proceed, "HIP_R", "HIP_OA")] });

    [Fact]
    public void Evaluate_HipSubchondralWithoutGuidance_IsNotR1() =>
        Valid(Knee() with { Indication = "HIP_OA", Target = "HIP_L", Route = "SUBCHONDRAL_INTRAOSSEOUS", Guidance = "NONE" },
            Context() with { Decisions = [Decision(PhysicianDecision.Proceed, "HIP_L", "HIP_OA")] });

    [Fact]
    public void Evaluate_KneeIntraArticularWithoutGuidance_IsSavedWithWarning()
    {
        var p = Valid(Knee() with { Guidance = "NONE" });
        var w = Assert.Single(p.Warnings);
        Assert.Equal(("R1", "guidance", TreatmentMessages.KneeNoGuidanceKey), (w.Rule, w.Field, w.MessageKey));
        Assert.Contains("guidance is recommended", w.Message);
    }

    // ---- R2: cell source fixes origin and manipulation ----------------------------------------------------------------

    [Theory]
    [InlineData("UC_MSC", "AUTOLOGOUS", "MORE_THAN_MINIMAL", "origin")]     // cord tissue is always a donor's
    [InlineData("UCB_MSC", "AUTOLOGOUS", "MORE_THAN_MINIMAL", "origin")]    // cord blood likewise
    [InlineData("BMAC", "ALLOGENEIC", "MINIMAL", "origin")]                 // BMAC is the patient's own marrow
    [InlineData("BMAC", "AUTOLOGOUS", "MORE_THAN_MINIMAL", "manipulation")] // BMAC is only concentrated
    [InlineData("BM_MSC", "AUTOLOGOUS", "MINIMAL", "manipulation")]         // culture expansion
    [InlineData("AD_MSC", "ALLOGENEIC", "MINIMAL", "manipulation")]         // culture expansion
    [InlineData("AD_SVF", "AUTOLOGOUS", "MINIMAL", "manipulation")]         // enzymatic digestion
    public void Procedure_CellSourceContradictsOriginOrManipulation_IsErrorOnThatField(string source, string origin, string manipulation, string field)
    {
        var (errors, _) = Rules.Procedure("KNEE_R", "INTRA_ARTICULAR", "ULTRASOUND", source, origin, manipulation);
        var (f, message) = Assert.Single(errors);
        Assert.Equal(field, f);
        Assert.StartsWith("R2: ", message);
    }

    [Theory]
    [InlineData("UC_MSC", "ALLOGENEIC", "MORE_THAN_MINIMAL")]
    [InlineData("UCB_MSC", "ALLOGENEIC", "MORE_THAN_MINIMAL")]
    [InlineData("BMAC", "AUTOLOGOUS", "MINIMAL")]
    [InlineData("BM_MSC", "AUTOLOGOUS", "MORE_THAN_MINIMAL")]
    [InlineData("BM_MSC", "ALLOGENEIC", "MORE_THAN_MINIMAL")]
    [InlineData("AD_MSC", "AUTOLOGOUS", "MORE_THAN_MINIMAL")]
    [InlineData("AD_SVF", "AUTOLOGOUS", "MORE_THAN_MINIMAL")]
    public void Procedure_ConsistentCellSource_HasNoError(string source, string origin, string manipulation) =>
        Assert.Empty(Rules.Procedure("KNEE_R", "INTRA_ARTICULAR", "ULTRASOUND", source, origin, manipulation).Errors);

    [Fact]
    public void Evaluate_BmacCalledAllogeneicAndExpanded_NamesBothFields()
    {
        var errors = Errors(Knee() with { CellSource = "BMAC", Origin = "ALLOGENEIC", Manipulation = "MORE_THAN_MINIMAL" },
            Context(Consent("c1", allogeneicAck: true)));
        Assert.Equal(TreatmentMessages.R2BmacOrigin, errors["origin"].Single());
        Assert.Equal(TreatmentMessages.R2BmacManipulation, errors["manipulation"].Single());
    }

    // ---- R3: more than minimal manipulation needs a research or approved-treatment pathway ----------------------------

    [Theory]
    [InlineData("ROUTINE_CARE")] // R3 names it
    [InlineData("US_361")]       // a 361 HCT/P is minimally manipulated by definition (21 CFR 1271.10(a))
    public void Evaluate_ExpandedCellsOnRoutineCareConsent_IsR3ErrorOnManipulation(string pathway)
    {
        var errors = Errors(Knee() with { RegulatoryPathway = pathway }, Context(Consent("c1", pathway: pathway)));
        Assert.Equal(["manipulation"], errors.Keys);
        Assert.StartsWith("R3: ", errors["manipulation"].Single());
        Assert.Contains(pathway, errors["manipulation"].Single());
    }

    [Theory]
    [InlineData("KR_ARM_TREATMENT")]
    [InlineData("KR_ARM_RESEARCH")]
    [InlineData("CN_FILED_RESEARCH")]
    [InlineData("US_IND")]
    public void Evaluate_ExpandedCellsOnResearchOrApprovedPathway_IsValid(string pathway) =>
        Valid(Knee() with { RegulatoryPathway = pathway }, Context(Consent("c1", pathway: pathway)));

    [Fact]
    public void Evaluate_MinimallyManipulatedBmacOnRoutineCare_IsValid() =>
        Valid(Knee() with { CellSource = "BMAC", Manipulation = "MINIMAL", RegulatoryPathway = "ROUTINE_CARE" },
            Context(Consent("c1", pathway: "ROUTINE_CARE")));

    [Fact]
    public void Evaluate_RoutineTreatmentConsentButResearchConsentOnResearchPathway_SatisfiesR3()
    {
        var context = Context(Consent("c1", pathway: "ROUTINE_CARE"), Consent("r1", form: "RESEARCH", pathway: "KR_ARM_RESEARCH")) with
        {
            Decisions = [Decision(PhysicianDecision.ReferToResearch)],
        };
        var p = Valid(Knee() with { ResearchConsentId = "r1", RegulatoryPathway = "KR_ARM_RESEARCH" }, context);
        Assert.Equal("r1", p.ResearchConsentId);
    }

    // ---- the gate: consent and candidacy decision ----------------------------------------------------------------

    [Fact]
    public void Evaluate_NoConsentGiven_IsErrorOnConsentId() =>
        Assert.Equal(TreatmentMessages.ConsentRequired, Errors(Knee() with { ConsentId = null })["consentId"].Single());

    [Fact]
    public void Evaluate_WithdrawnConsent_IsErrorOnConsentId()
    {
        var errors = Errors(Knee(), Context(Consent("c1", withdrawn: At.AddDays(3))));
        Assert.Equal(TreatmentMessages.Format(TreatmentMessages.ConsentWithdrawn, "2026-06-04"), errors["consentId"].Single());
    }

    [Fact]
    public void Evaluate_RegistryConsentInsteadOfTreatment_IsErrorOnConsentId() =>
        Assert.Contains("REGISTRY", Errors(Knee(), Context(Consent("c1", form: "REGISTRY")))["consentId"].Single());

    [Fact]
    public void Evaluate_ConsentOfAnotherPatient_IsUnknown() =>
        Assert.Equal(TreatmentMessages.ConsentUnknown, Errors(Knee() with { ConsentId = "elsewhere" })["consentId"].Single());

    [Fact]
    public void Evaluate_NoDecisionForTheTarget_IsErrorOnTarget()
    {
        // The only decision is for the other knee.
        var errors = Errors(Knee() with { Target = "KNEE_L" });
        Assert.Equal(TreatmentMessages.Format(TreatmentMessages.NoDecision, "KNEE_L"), errors["target"].Single());
    }

    [Fact]
    public void Evaluate_LatestDecisionDoNotProceed_IsErrorOnTargetEvenAfterEarlierProceed()
    {
        var context = Context() with { Decisions = [Decision(PhysicianDecision.DoNotProceed, id: "d2", daysAgo: 1), Decision(PhysicianDecision.Proceed, daysAgo: 20)] };
        Assert.Contains("DO_NOT_PROCEED", Errors(Knee(), context)["target"].Single());
    }

    [Fact]
    public void Evaluate_LatestDecisionProceedAfterEarlierRefusal_UsesTheLatest() =>
        Assert.Equal("d2", Valid(Knee(), Context() with
        {
            Decisions = [Decision(PhysicianDecision.Proceed, id: "d2", daysAgo: 1), Decision(PhysicianDecision.DoNotProceed, daysAgo: 20)],
        }).CandidacyDecisionId);

    [Fact]
    public void Evaluate_ReferToResearchWithoutResearchConsent_IsErrorOnResearchConsentId()
    {
        var context = Context() with { Decisions = [Decision(PhysicianDecision.ReferToResearch)] };
        Assert.Equal(TreatmentMessages.Format(TreatmentMessages.ResearchConsentRequired, "KNEE_R"), Errors(Knee(), context)["researchConsentId"].Single());
    }

    [Fact]
    public void Evaluate_ReferToResearchWithTreatmentConsentGivenAsResearch_IsErrorOnResearchConsentId()
    {
        var context = Context(Consent("c1"), Consent("c2")) with { Decisions = [Decision(PhysicianDecision.ReferToResearch)] };
        Assert.Equal(TreatmentMessages.Format(TreatmentMessages.ResearchConsentNotResearch, "TREATMENT"),
            Errors(Knee() with { ResearchConsentId = "c2" }, context)["researchConsentId"].Single());
    }

    [Fact]
    public void Evaluate_ReferToResearchWithWithdrawnResearchConsent_IsErrorOnResearchConsentId()
    {
        var context = Context(Consent("c1"), Consent("r1", form: "RESEARCH", pathway: "KR_ARM_RESEARCH", withdrawn: At)) with
        {
            Decisions = [Decision(PhysicianDecision.ReferToResearch)],
        };
        Assert.StartsWith("This consent was withdrawn", Errors(Knee() with { ResearchConsentId = "r1" }, context)["researchConsentId"].Single());
    }

    [Fact]
    public void Evaluate_AllogeneicWithoutAcknowledgement_IsErrorOnConsentId()
    {
        var plan = Knee() with { CellSource = "UC_MSC", Origin = "ALLOGENEIC" };
        Assert.Equal(TreatmentMessages.AllogeneicAck, Errors(plan)["consentId"].Single());
        Valid(plan, Context(Consent("c1", allogeneicAck: true)));
    }

    [Fact]
    public void Evaluate_IndicationDifferentFromDecision_IsErrorOnIndication() =>
        Assert.Equal(TreatmentMessages.Format(TreatmentMessages.IndicationMismatch, "LUMBAR", "DISC_DEGENERATION"),
            Errors(Knee() with { Indication = "SCI", Target = "LUMBAR", TargetLevel = "L4-5", Route = "INTRATHECAL" },
                Context() with { Decisions = [Decision(PhysicianDecision.Proceed, "LUMBAR", "DISC_DEGENERATION")] })["indication"].Single());

    // ---- dose tier (DOMAIN.md 3.2 Q9: LOW < 25, MEDIUM 25 to < 75, HIGH >= 75 ×10^6 total cells) --------------------

    [Theory]
    [InlineData(1, "LOW")]
    [InlineData(24.99, "LOW")]    // just under the MEDIUM cut-off
    [InlineData(25, "MEDIUM")]    // the cut-off itself is MEDIUM
    [InlineData(74.99, "MEDIUM")] // just under the HIGH cut-off
    [InlineData(75, "HIGH")]      // the cut-off itself is HIGH
    [InlineData(400, "HIGH")]     // highest dose in the 2023 meta-analysis [S001]
    public void DoseTier_AtBoundaries(double totalE6, string tier) => Assert.Equal(tier, Rules.DoseTier(totalE6));

    [Fact]
    public void DoseTier_ConfiguredCutOffs_AreUsed()
    {
        var rules = new TreatmentPlanRules(TreatmentThresholds.Default with
        {
            DoseTierMediumFromE6 = new(10, "test"), DoseTierHighFromE6 = new(100, "test"),
        });
        Assert.Equal(["LOW", "MEDIUM", "MEDIUM", "HIGH"], new[] { 9.99, 10, 99.99, 100 }.Select(rules.DoseTier));
    }

    [Fact]
    public void Thresholds_Default_CarrySources()
    {
        var t = TreatmentThresholds.Default;
        Assert.Equal((25.0, 75.0), (t.DoseTierMediumFromE6.Value, t.DoseTierHighFromE6.Value));
        Assert.Contains("Q9", t.DoseTierMediumFromE6.Source);
        Assert.Contains("R1", t.HipIntraArticularGuidance.Source);
        Assert.Contains("R3", t.MoreThanMinimalPathways.Source);
        Assert.DoesNotContain("ROUTINE_CARE", t.MoreThanMinimalPathways.Value);
    }

    [Fact]
    public void Thresholds_TiersOutOfOrder_AreRejected() =>
        Assert.Throws<InvalidOperationException>(() => TreatmentThresholds.Parse("""
            { "version": "x", "doseTierMediumFromE6": { "value": 80, "source": "s" }, "doseTierHighFromE6": { "value": 75, "source": "s" },
              "hipIntraArticularGuidance": { "value": ["ULTRASOUND"], "source": "s" }, "kneeIntraArticularWarnWithout": { "value": ["NONE"], "source": "s" },
              "moreThanMinimalPathways": { "value": ["US_IND"], "source": "s" } }
            """));

    // ---- cells/kg ------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(50, 62.5, 0.8)]
    [InlineData(100, 80, 1.25)]   // CELLTOP-like 100 ×10^6 intrathecal dose for an 80 kg patient
    [InlineData(10, 40, 0.25)]
    public void CellsPerKg_IsTotalOverWeight(double total, double weight, double perKg) =>
        Assert.Equal(perKg, TreatmentPlanRules.CellsPerKg(total, weight)!.Value, 12);

    [Fact]
    public void CellsPerKg_NoWeight_IsNull() => Assert.Null(TreatmentPlanRules.CellsPerKg(50, null));

    [Fact]
    public void LatestWeight_TakesTheLatestMeasurementWithAWeight()
    {
        var list = new[]
        {
            new BodyMeasurement { Id = "1", MeasuredOn = new(2026, 1, 1), WeightKg = 70, RecordedAt = At },
            new BodyMeasurement { Id = "2", MeasuredOn = new(2026, 4, 1), WeightKg = 66, RecordedAt = At },
            new BodyMeasurement { Id = "3", MeasuredOn = new(2026, 5, 1), HeightCm = 160, RecordedAt = At }, // height only
            new BodyMeasurement { Id = "4", MeasuredOn = new(2026, 2, 1), WeightKg = 68, RecordedAt = At },
        };
        Assert.Equal("2", TreatmentPlanRules.LatestWeight(list)!.Id);
    }

    [Fact]
    public void Evaluate_NoWeightRecorded_SavesWithoutCellsPerKgAndWarns()
    {
        var p = Valid(Knee(), Context() with { LatestWeight = null });
        Assert.Null(p.CellsPerKgE6);
        Assert.Equal(TreatmentMessages.NoWeightKey, Assert.Single(p.Warnings).MessageKey);
    }

    // ---- plan fields ---------------------------------------------------------------------------------------------

    [Fact]
    public void Evaluate_BadCodesAndNumbers_NameEachField()
    {
        var errors = Errors(new PlanTreatment
        {
            Indication = "KNEE_OA", Target = "KNEE_R", ConsentId = "c1", CellSource = "STEM", Origin = "X", Manipulation = "SOME",
            TotalCellsE6 = 0, Route = "ORAL", Guidance = "MRI", PlannedInjections = 0, Adjuncts = ["NONE"], RegulatoryPathway = "EU",
        });
        Assert.Equal(new[] { "adjuncts", "cellSource", "guidance", "manipulation", "origin", "plannedInjections", "regulatoryPathway", "route", "totalCellsE6" },
            errors.Keys.Order());
    }

    [Theory]
    [InlineData("LUMBAR", null, "targetLevel")]     // the spine needs a level
    [InlineData("LUMBAR", "disc 4", "targetLevel")] // not a level
    [InlineData("KNEE_R", "L4-5", "targetLevel")]   // a joint takes no level
    public void Evaluate_TargetLevel_MatchesTheTarget(string target, string? level, string field)
    {
        var indication = target == "LUMBAR" ? "DISC_DEGENERATION" : "KNEE_OA";
        var context = Context() with { Decisions = [Decision(PhysicianDecision.Proceed, target, indication)] };
        Assert.Contains(field, Errors(Knee() with { Indication = indication, Target = target, TargetLevel = level, Route = "INTRADISCAL" }, context).Keys);
    }

    [Theory]
    [InlineData("L4-5")]
    [InlineData("l5-s1")] // stored upper-case
    public void Evaluate_SpinalLevel_IsStoredUpperCase(string level)
    {
        var context = Context() with { Decisions = [Decision(PhysicianDecision.Proceed, "LUMBAR", "DISC_DEGENERATION")] };
        var p = Valid(Knee() with { Indication = "DISC_DEGENERATION", Target = "LUMBAR", TargetLevel = level, Route = "INTRADISCAL", Guidance = "FLUOROSCOPY" }, context);
        Assert.Equal(level.ToUpperInvariant(), p.TargetLevel);
    }

    [Fact]
    public void Evaluate_SeveralInjectionsWithoutInterval_IsErrorOnIntervalDays() =>
        Assert.Equal(TreatmentMessages.IntervalRequired, Errors(Knee() with { IntervalDays = null })["intervalDays"].Single());

    [Fact]
    public void Evaluate_OneInjectionWithInterval_IsErrorOnIntervalDays() =>
        Assert.Equal(TreatmentMessages.IntervalSingle, Errors(Knee() with { PlannedInjections = 1 })["intervalDays"].Single());

    [Fact]
    public void Evaluate_RehabWeeksWithoutProgramme_IsErrorOnRehabProgramme() =>
        Assert.Equal(TreatmentMessages.RehabProgrammeRequired, Errors(Knee() with { RehabProgramme = null })["rehabProgramme"].Single());

    [Fact]
    public void Evaluate_NoAdjunctsAndNoRehab_IsValidWithEmptySet()
    {
        var p = Valid(Knee() with { Adjuncts = null, RehabProgramme = null, RehabWeeks = null, RehabSessionsPerWeek = null });
        Assert.Empty(p.Adjuncts);
        Assert.Null(p.RehabProgramme);
    }

    [Fact]
    public void Evaluate_AdjunctsInAnyOrder_AreStoredInCodeOrder() =>
        Assert.Equal(["PRP", "HA"], Valid(Knee() with { Adjuncts = ["HA", "PRP"] }).Adjuncts);

    [Fact]
    public void Evaluate_PathwayDifferentFromConsent_IsSavedWithWarning()
    {
        var p = Valid(Knee() with { RegulatoryPathway = "US_IND" });
        Assert.Equal(TreatmentMessages.PathwayDiffersKey, Assert.Single(p.Warnings).MessageKey);
    }
}
