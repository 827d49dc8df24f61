using OrthoRegen.CellLab;

namespace OrthoRegen.Tests.CellLab;

public class ReleaseRulesTests
{
    static readonly ReleaseRules Rules = new(ReleaseSpecs.Default);
    static readonly ProductSpec Msc = ReleaseSpecs.Default.For("EXPANDED_MSC")!;
    static readonly ProductSpec Bmac = ReleaseSpecs.Default.For("BMAC")!;

    /// <summary>A culture-expanded MSC lot whose every test passes; 70 kg, intra-articular, 2 mL dose.</summary>
    static List<QcReading> AllPass() =>
    [
        new("CD73", 98, "PASS"), new("CD90", 97, "PASS"), new("CD105", 96, "PASS"),
        new("CD45", 1, "PASS"), new("CD34", 0.5, "PASS"), new("CD14_OR_CD11B", 1, "PASS"), new("CD79A_OR_CD19", 0.2, "PASS"), new("HLA_DR", 1.5, "PASS"),
        new("VIABILITY", 92, "PASS"), new("VIABLE_COUNT", 100, "PASS"), new("GRAM_STAIN", null, "PASS"), new("ENDOTOXIN", 0.5, "PASS"),
        new("MYCOPLASMA", null, "PASS"), new("STERILITY_USP71", null, "PASS"),
    ];

    static ReleaseInput Msc70(IEnumerable<QcReading> qc, string route = "INTRA_ARTICULAR", double weight = 70, double volume = 2) => new()
    {
        ProductType = "EXPANDED_MSC", Spec = Msc, Qc = qc.ToList(), RecipientWeightKg = weight, Route = route, DoseVolumeMl = volume,
    };

    static List<QcReading> With(params QcReading[] changes)
    {
        var list = AllPass();
        foreach (var c in changes) { list.RemoveAll(r => r.Test == c.Test); list.Add(c); }
        return list;
    }

    static string Line(ReleaseEvaluation e, string rule) => e.Trace.Single(l => l.RuleId == rule).Result;

    // Q7: a no-growth read before 14 days of incubation is interim (USP <71>), unless the method is rapid (USP <1071>).
    [Theory]
    [InlineData(14.0, null, "PASS", "RELEASED")]
    [InlineData(13.9, null, "PENDING", "CONDITIONAL_RELEASE")]
    [InlineData(0.8, "validated method", "PENDING", "CONDITIONAL_RELEASE")]
    [InlineData(7.0, "rapid microbial method (USP <1071>)", "PASS", "RELEASED")]
    [InlineData(null, null, "PASS", "RELEASED")] // incubation not known (a result typed without times): the analyst's PASS stands
    public void Q7_SterilityReadBeforeFourteenDays_IsInterim(double? days, string? method, string q7, string decision)
    {
        var e = Rules.Evaluate(Msc70(With(new QcReading("STERILITY_USP71", null, "PASS", null, days, method))));
        Assert.Equal(q7, Line(e, "Q7"));
        Assert.Equal(decision, e.RuleResult);
    }

    // ---- Q5 endotoxin limit (DOMAIN.md 3.2 test vector) ------------------------------------------------------------

    [Theory]
    [InlineData("INTRATHECAL", 70, 14)]       // K = 0.2 EU/kg
    [InlineData("INTRA_ARTICULAR", 70, 350)]  // K = 5 EU/kg
    [InlineData("INTRAVENOUS", 60, 300)]      // any route other than intrathecal
    public void EndotoxinLimit_WeightAndRoute(string route, double kg, double expectedEu) =>
        Assert.Equal(expectedEu, ReleaseRules.EndotoxinLimitEu(Msc, route, kg), 9);

    [Theory]
    [InlineData("INTRATHECAL", 7, 2, "PASS")]     // 14 EU total = limit 14 EU (inclusive)
    [InlineData("INTRATHECAL", 7.5, 2, "FAIL")]   // 15 EU > 14 EU
    [InlineData("INTRA_ARTICULAR", 175, 2, "PASS")] // 350 EU = limit
    [InlineData("INTRA_ARTICULAR", 176, 2, "FAIL")] // 352 EU > 350 EU
    public void Q5_TotalEuIsConcentrationTimesVolume(string route, double euPerMl, double volume, string expected)
    {
        var e = Rules.Evaluate(Msc70(With(new QcReading("ENDOTOXIN", euPerMl, "PASS")), route, 70, volume));
        Assert.Equal(expected, Line(e, "Q5"));
    }

    [Fact]
    public void Q5_WithoutRecipientWeight_IsPending() =>
        Assert.Equal("PENDING", Line(Rules.Evaluate(Msc70(AllPass()) with { RecipientWeightKg = null }), "Q5"));

    // ---- Q1 identity boundaries ------------------------------------------------------------------------------------

    [Theory]
    [InlineData("CD73", 95, "PASS")]    // at the positive threshold
    [InlineData("CD73", 94.9, "FAIL")]  // just below
    [InlineData("CD105", 100, "PASS")]
    [InlineData("CD45", 2, "PASS")]     // at the negative threshold
    [InlineData("CD45", 2.1, "FAIL")]   // just above
    [InlineData("HLA_DR", 2.01, "FAIL")]
    [InlineData("CD79A_OR_CD19", 0, "PASS")]
    public void Q1_Boundaries(string marker, double pct, string expected) =>
        Assert.Equal(expected, Line(Rules.Evaluate(Msc70(With(new QcReading(marker, pct, "PASS")))), "Q1"));

    [Fact]
    public void Q1_MarkerMissing_IsPending()
    {
        var qc = AllPass().Where(r => r.Test != "CD90").ToList();
        Assert.Equal("PENDING", Line(Rules.Evaluate(Msc70(qc)), "Q1"));
    }

    // ---- Q2 viability, Q3 dose -------------------------------------------------------------------------------------

    [Theory]
    [InlineData(70, "PASS")]     // inclusive
    [InlineData(69.9, "FAIL")]
    [InlineData(99, "PASS")]
    public void Q2_Viability(double pct, string expected) =>
        Assert.Equal(expected, Line(Rules.Evaluate(Msc70(With(new QcReading("VIABILITY", pct, "PASS")))), "Q2"));

    [Theory]
    [InlineData(75, "PASS")]     // lower bound of 75–150 ×10^6
    [InlineData(150, "PASS")]    // upper bound
    [InlineData(74.9, "FAIL")]
    [InlineData(150.1, "FAIL")]
    public void Q3_DoseRange(double cellsE6, string expected) =>
        Assert.Equal(expected, Line(Rules.Evaluate(Msc70(With(new QcReading("VIABLE_COUNT", cellsE6, "PASS")))), "Q3"));

    [Fact]
    public void Q4Q6_AnalystFail_Fails()
    {
        var e = Rules.Evaluate(Msc70(With(new QcReading("GRAM_STAIN", null, "FAIL"), new QcReading("MYCOPLASMA", null, "FAIL"))));
        Assert.Equal(("FAIL", "FAIL"), (Line(e, "Q4"), Line(e, "Q6")));
    }

    [Fact]
    public void NumericTest_AnalystSaysPassButValueOutOfSpec_Fails() =>
        Assert.Equal("FAIL", Line(Rules.Evaluate(Msc70(With(new QcReading("VIABILITY", 50, "PASS")))), "Q2"));

    // ---- Q8 decision -----------------------------------------------------------------------------------------------

    [Fact]
    public void Q8_AllPass_Released() => Assert.Equal("RELEASED", Rules.Evaluate(Msc70(AllPass())).RuleResult);

    [Fact]
    public void Q8_AnyFail_Rejected() =>
        Assert.Equal("REJECTED", Rules.Evaluate(Msc70(With(new QcReading("VIABILITY", 60, "PASS")))).RuleResult);

    [Fact]
    public void Q8_OnlySterilityPending_ConditionalRelease() =>
        Assert.Equal("CONDITIONAL_RELEASE", Rules.Evaluate(Msc70(With(new QcReading("STERILITY_USP71", null, "PENDING")))).RuleResult);

    [Fact]
    public void Q8_SterilityMissing_ConditionalRelease() =>
        Assert.Equal("CONDITIONAL_RELEASE", Rules.Evaluate(Msc70(AllPass().Where(r => r.Test != "STERILITY_USP71"))).RuleResult);

    [Fact]
    public void Q8_SterilityAndMycoplasmaPending_NotReleasable() =>
        Assert.Equal("PENDING", Rules.Evaluate(Msc70(With(new QcReading("STERILITY_USP71", null, "PENDING"), new QcReading("MYCOPLASMA", null, "PENDING")))).RuleResult);

    [Fact]
    public void Q8_SterilityPendingAndEndotoxinFail_Rejected() =>
        Assert.Equal("REJECTED", Rules.Evaluate(Msc70(With(new QcReading("STERILITY_USP71", null, "PENDING"), new QcReading("ENDOTOXIN", 10, "PASS")), "INTRATHECAL")).RuleResult);

    [Fact]
    public void Q8_SterilityFail_Rejected() =>
        Assert.Equal("REJECTED", Rules.Evaluate(Msc70(With(new QcReading("STERILITY_USP71", null, "FAIL")))).RuleResult);

    [Fact]
    public void Q8_SterilityPendingButIdentityPending_NotConditional() =>
        Assert.Equal("PENDING", Rules.Evaluate(Msc70(With(new QcReading("STERILITY_USP71", null, "PENDING"), new QcReading("CD73", null, "PENDING")))).RuleResult);

    [Fact]
    public void Trace_OneLinePerRuleWithSpecAndSource()
    {
        var e = Rules.Evaluate(Msc70(AllPass()));
        Assert.Equal(["Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q8", "Q9"], e.Trace.Select(l => l.RuleId));
        Assert.All(e.Trace, l => { Assert.False(string.IsNullOrWhiteSpace(l.Spec)); Assert.False(string.IsNullOrWhiteSpace(l.Source)); });
        Assert.Contains("Dominici 2006", e.Trace[0].Source);
        Assert.Equal("350", e.Trace.Single(l => l.RuleId == "Q5").Inputs["limitEu"]);
    }

    // ---- Q9 dose tier ----------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(24.9, "LOW")]
    [InlineData(25, "MEDIUM")]   // 2.5×10^7 starts MEDIUM
    [InlineData(74.9, "MEDIUM")]
    [InlineData(75, "HIGH")]     // 7.5×10^7 starts HIGH
    public void DoseTier_Cutoffs(double cellsE6, string tier) => Assert.Equal(tier, ReleaseRules.DoseTier(Msc, cellsE6));

    // ---- Q10 BMAC --------------------------------------------------------------------------------------------------

    static ReleaseInput BmacInput(bool identity = true, double? tnc = 800, double? volume = 20, bool processing = true, params QcReading[] qc) => new()
    {
        ProductType = "BMAC", Spec = Bmac, Qc = qc, TncE6 = tnc, ConcentrateVolumeMl = volume, ProcessingDocumented = processing, IdentityChecked = identity,
        RecipientWeightKg = 70, Route = "INTRA_ARTICULAR", DoseVolumeMl = 20,
    };

    [Fact]
    public void Q10_DocumentedBmacWithIdentityCheck_ReleasedWithoutIsctOrSterility()
    {
        var e = Rules.Evaluate(BmacInput());
        Assert.Equal("RELEASED", e.RuleResult);
        Assert.DoesNotContain(e.Trace, l => l.RuleId == "Q1");
        Assert.Equal("INFO", Line(e, "Q10.ISCT"));
    }

    [Fact]
    public void Q10_NoIdentityCheck_Pending() => Assert.Equal("PENDING", Rules.Evaluate(BmacInput(identity: false)).RuleResult);

    [Fact]
    public void Q10_TncNotRecorded_Pending() => Assert.Equal("PENDING", Rules.Evaluate(BmacInput(tnc: null)).RuleResult);

    [Fact]
    public void Q10_VolumeOutOfRange_Rejected() => Assert.Equal("REJECTED", Rules.Evaluate(BmacInput(volume: 80)).RuleResult);

    [Fact]
    public void Q10_OptionalSterilityPending_Conditional() =>
        Assert.Equal("CONDITIONAL_RELEASE", Rules.Evaluate(BmacInput(qc: new QcReading("STERILITY_USP71", null, "PENDING"))).RuleResult);

    [Fact]
    public void Specs_Default_HasSourcesAndPerProductDoseRange()
    {
        Assert.Equal((75.0, 150.0), (Msc.DoseViableCellsMinE6!.Value, Msc.DoseViableCellsMaxE6!.Value));
        Assert.Equal((5.0, 0.2), (Msc.EndotoxinKEuPerKg.Value, Msc.EndotoxinKIntrathecalEuPerKg.Value));
        Assert.Contains("USP <85>", Msc.EndotoxinKEuPerKg.Source);
    }

    [Fact]
    public void Specs_ClinicFile_OverridesThreshold()
    {
        using var stream = typeof(ReleaseSpecs).Assembly.GetManifestResourceStream("CellLab/release-specs.json")!;
        var json = System.Text.Json.Nodes.JsonNode.Parse(stream)!;
        json["productTypes"]!["EXPANDED_MSC"]!["viabilityMinPct"]!["value"] = 85;
        var rules = new ReleaseRules(ReleaseSpecs.Parse(json.ToJsonString()));
        var spec = rules.Specs.For("EXPANDED_MSC")!;
        var e = rules.Evaluate(new ReleaseInput { ProductType = "EXPANDED_MSC", Spec = spec, Qc = With(new QcReading("VIABILITY", 80, "PASS")), RecipientWeightKg = 70, Route = "INTRA_ARTICULAR", DoseVolumeMl = 2 });
        Assert.Equal("FAIL", Line(e, "Q2"));
    }
}
