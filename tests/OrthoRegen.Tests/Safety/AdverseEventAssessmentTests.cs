using OrthoRegen.Safety;

namespace OrthoRegen.Tests.Safety;

public class AdverseEventAssessmentTests
{
    static readonly AdverseEventAssessment Rules = new(SafetyRules.Default);
    static readonly DateOnly Today = new(2026, 6, 15);
    static readonly DateOnly Consent = new(2026, 5, 1);

    /// <summary>A grade 1 injection-site pain after an intra-articular injection, unrelated to anything serious.</summary>
    static RecordAdverseEvent Event(params string[] criteria) => new()
    {
        Term = "Injection site pain", CtcaeTerm = "Injection site reaction", CtcaeVersion = "5.0", Grade = 1, Onset = "2026-06-01",
        Outcome = "RECOVERING", SeriousnessCriteria = criteria, RelatedToProduct = "POSSIBLE", RelatedToProcedure = "PROBABLE",
        Action = "NONE", AwareDate = "2026-06-02", Route = "INTRA_ARTICULAR",
    };

    static (AdverseEventData? Data, IReadOnlyDictionary<string, string[]> Errors) Validate(RecordAdverseEvent r, DateOnly? consent = null)
    {
        var (data, errors) = AdverseEventAssessment.Validate(r, Today, consent ?? Consent, "nurse.kim");
        return (data, errors.ToDictionary());
    }

    static AdverseEventDerivation Derive(RecordAdverseEvent r)
    {
        var (data, errors) = Validate(r);
        Assert.True(data is not null, string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        return Rules.Derive(data);
    }

    // ---- A1: serious iff any ICH E2A criterion ----------------------------------------------------------------------

    [Theory]
    [InlineData("DEATH")]                               // with grade 5 and outcome FATAL below
    [InlineData("LIFE_THREATENING")]
    [InlineData("HOSPITALIZATION")]
    [InlineData("PERSISTENT_OR_SIGNIFICANT_DISABILITY")]
    [InlineData("CONGENITAL_ANOMALY")]
    [InlineData("IMPORTANT_MEDICAL_EVENT")]
    public void Derive_AnyOneCriterion_IsSerious(string criterion)
    {
        var r = Event(criterion) with { Grade = 3 };
        if (criterion == "DEATH") r = r with { Grade = 5, Outcome = "FATAL", Resolved = "2026-06-03" };
        Assert.True(Derive(r).Serious);
    }

    [Fact]
    public void Derive_NoCriteria_IsNotSerious() => Assert.False(Derive(Event()).Serious);

    [Fact]
    public void Validate_UnknownCriterion_NamesTheField() =>
        Assert.Contains("seriousnessCriteria", Validate(Event("SCARY")).Errors.Keys);

    [Fact]
    public void Validate_HospitalizedActionWithoutCriterion_IsRejected() =>
        Assert.Contains("seriousnessCriteria", Validate(Event() with { Grade = 3, Action = "HOSPITALIZED" }).Errors.Keys);

    // ---- A2: severity is not seriousness, but grade 5 and grade 4 are tied to it ------------------------------------

    [Fact]
    public void Validate_Grade5WithoutDeath_IsRejectedOnCriteria()
    {
        var (data, errors) = Validate(Event("HOSPITALIZATION") with { Grade = 5, Outcome = "FATAL", Resolved = "2026-06-03" });
        Assert.Null(data);
        Assert.Equal([SafetyMessages.Grade5NeedsDeath], errors["seriousnessCriteria"]);
    }

    [Fact]
    public void Validate_Grade5NotFatal_IsRejectedOnOutcome()
    {
        var (_, errors) = Validate(Event("DEATH") with { Grade = 5, Outcome = "NOT_RECOVERED" });
        Assert.Equal([SafetyMessages.Grade5NeedsFatal], errors["outcome"]);
    }

    [Fact]
    public void Validate_Grade5WithDeathAndFatal_IsSeriousFatal()
    {
        var d = Derive(Event("DEATH") with { Grade = 5, Outcome = "FATAL", Resolved = "2026-06-03" });
        Assert.True(d.Serious);
        Assert.True(d.FatalOrLifeThreatening);
    }

    [Fact]
    public void Validate_Grade4NotSeriousWithoutConfirmation_NamesSeriousnessAssessed()
    {
        var (data, errors) = Validate(Event() with { Grade = 4 });
        Assert.Null(data);
        Assert.Equal([SafetyMessages.Grade4NeedsAssessment], errors["seriousnessAssessed"]);
    }

    [Fact]
    public void Validate_Grade4NotSeriousConfirmed_IsAcceptedWithWarning()
    {
        var d = Derive(Event() with { Grade = 4, SeriousnessAssessed = true });
        Assert.False(d.Serious);
        Assert.Equal([SafetyMessages.Grade4NotSeriousWarning], d.Warnings);
    }

    [Fact]
    public void Validate_Grade4WithCriterion_NeedsNoConfirmation() =>
        Assert.NotNull(Validate(Event("LIFE_THREATENING") with { Grade = 4 }).Data);

    [Fact]
    public void Validate_Grade3HeadacheNotSerious_IsAccepted()
    {
        var d = Derive(Event() with { Term = "Headache", CtcaeTerm = "Headache", Grade = 3, Route = "INTRATHECAL" });
        Assert.False(d.Serious);
        Assert.Empty(d.Warnings);
    }

    [Fact]
    public void Validate_FatalOutcomeWithoutDeath_IsRejected() =>
        Assert.Equal([SafetyMessages.FatalNeedsDeath], Validate(Event("HOSPITALIZATION") with { Grade = 4, Outcome = "FATAL" }).Errors["seriousnessCriteria"]);

    // ---- A3: POSSIBLE, PROBABLE, DEFINITE are related; product and procedure separately -----------------------------

    [Theory]
    [InlineData("UNRELATED", false)]
    [InlineData("UNLIKELY", false)]
    [InlineData("POSSIBLE", true)]
    [InlineData("PROBABLE", true)]
    [InlineData("DEFINITE", true)]
    public void Derive_Relatedness_FollowsTheScale(string level, bool related)
    {
        var product = Derive(Event() with { RelatedToProduct = level, RelatedToProcedure = "UNRELATED" });
        var procedure = Derive(Event() with { RelatedToProduct = "UNRELATED", RelatedToProcedure = level });
        Assert.Equal((related, false, related), (product.RelatedToProduct, product.RelatedToProcedure, product.Related));
        Assert.Equal((false, related, related), (procedure.RelatedToProduct, procedure.RelatedToProcedure, procedure.Related));
    }

    [Fact]
    public void Validate_RelatednessOutsideTheScale_NamesBothFields()
    {
        var errors = Validate(Event() with { RelatedToProduct = "MAYBE", RelatedToProcedure = null }).Errors;
        Assert.Contains("relatedToProduct", errors.Keys);
        Assert.Contains("relatedToProcedure", errors.Keys);
    }

    // ---- A4: expectedness against the reference safety list ---------------------------------------------------------

    [Theory]
    [InlineData("Injection site pain", null, 1, "INTRA_ARTICULAR", "INJECTION_SITE_PAIN")]
    [InlineData("Knee swelling after injection", null, 2, "INTRA_ARTICULAR", "SWELLING_EFFUSION")]
    [InlineData("Pain", "Joint effusion", 1, "INTRA_ARTICULAR", "SWELLING_EFFUSION")] // matched on the CTCAE term
    [InlineData("Transient flare", null, 2, "INTRA_ARTICULAR", "TRANSIENT_FLARE")]
    [InlineData("Donor site pain", null, 1, null, "HARVEST_SITE_PAIN_BRUISING")] // harvest: no administration route
    [InlineData("Bruising at the iliac crest", null, 1, null, "HARVEST_SITE_PAIN_BRUISING")]
    [InlineData("Headache", "Headache", 2, "INTRATHECAL", "HEADACHE_INTRATHECAL")]
    public void AssessExpectedness_ListedTerm_IsExpected(string term, string? ctcae, int grade, string? route, string code)
    {
        var e = Rules.AssessExpectedness(term, ctcae, grade, route);
        Assert.Equal((true, ExpectednessBasis.Listed, code), (e.Expected, e.Basis, e.ReferenceCode));
        Assert.False(string.IsNullOrWhiteSpace(e.Source));
    }

    [Theory]
    [InlineData("Joint infection", "Joint infection", "INFECTION")]
    [InlineData("Injection site pain with abscess", "Injection site reaction", "INFECTION")] // listed pain, but infection wins
    [InlineData("Septic arthritis", null, "INFECTION")]
    [InlineData("Anaphylaxis", "Anaphylaxis", "ALLERGIC_IMMUNE")]
    [InlineData("Heterotopic ossification", null, "ECTOPIC_TISSUE")]
    [InlineData("Tumour at the injection site", null, "TUMOUR")]
    public void AssessExpectedness_NeverExpectedRisk_IsUnexpected(string term, string? ctcae, string code)
    {
        var e = Rules.AssessExpectedness(term, ctcae, 1, "INTRA_ARTICULAR");
        Assert.Equal((false, ExpectednessBasis.NeverExpected, code), (e.Expected, e.Basis, e.ReferenceCode));
    }

    [Theory]
    [InlineData("INTRATHECAL", true)]
    [InlineData("INTRA_ARTICULAR", false)]
    [InlineData("INTRADISCAL", false)]
    [InlineData(null, false)] // route unknown
    public void AssessExpectedness_Headache_ExpectedOnlyAfterIntrathecalRoute(string? route, bool expected)
    {
        var e = Rules.AssessExpectedness("Headache", "Headache", 1, route);
        Assert.Equal(expected, e.Expected);
        if (!expected) Assert.Equal(ExpectednessBasis.Route, e.Basis);
    }

    [Fact]
    public void AssessExpectedness_ListedTermAboveMaxGrade_IsUnexpectedBySeverity()
    {
        var e = Rules.AssessExpectedness("Injection site pain", null, 3, "INTRA_ARTICULAR");
        Assert.Equal((false, ExpectednessBasis.Severity, "INJECTION_SITE_PAIN", 2), (e.Expected, e.Basis, e.ReferenceCode, e.MaxGrade));
    }

    [Theory]
    [InlineData("Pleural effusion")] // "effusion" alone is not listed: only joint effusion is
    [InlineData("Deep vein thrombosis")]
    [InlineData("Painful")]          // whole words only: "pain" inside "painful" is not "injection site pain"
    public void AssessExpectedness_NotListed_IsUnexpected(string term) =>
        Assert.Equal((false, ExpectednessBasis.NotListed), (Rules.AssessExpectedness(term, null, 1, "INTRA_ARTICULAR") is var e ? (e.Expected, e.Basis) : default));

    // ---- A5: SUSAR = serious AND related AND unexpected -------------------------------------------------------------

    [Theory]
    [InlineData(true, true, false, true)]    // serious, related, unexpected
    [InlineData(false, true, false, false)]  // not serious
    [InlineData(true, false, false, false)]  // not related
    [InlineData(true, true, true, false)]    // expected
    [InlineData(false, false, true, false)]
    public void IsSusar_Combinations(bool serious, bool related, bool expected, bool susar) =>
        Assert.Equal(susar, AdverseEventAssessment.IsSusar(serious, related, expected));

    [Fact]
    public void Derive_HospitalisedJointInfectionPossiblyRelatedToProcedure_IsSusar()
    {
        var d = Derive(Event("HOSPITALIZATION") with
        {
            Term = "Septic arthritis", CtcaeTerm = "Joint infection", Grade = 3, RelatedToProduct = "UNLIKELY", RelatedToProcedure = "POSSIBLE", Action = "HOSPITALIZED",
        });
        Assert.Equal((true, true, false, true, false), (d.Serious, d.Related, d.Expected, d.Susar, d.FatalOrLifeThreatening));
    }

    [Fact]
    public void Derive_SeriousUnexpectedButUnrelated_IsNotSusar()
    {
        var d = Derive(Event("HOSPITALIZATION") with { Term = "Fractured wrist", CtcaeTerm = "Fracture", Grade = 3, RelatedToProduct = "UNRELATED", RelatedToProcedure = "UNLIKELY" });
        Assert.Equal((true, false, false, false), (d.Serious, d.Related, d.Expected, d.Susar));
    }

    [Fact]
    public void Derive_SeriousRelatedButExpected_IsNotSusar()
    {
        // A severe flare within the listed grade is expected even when serious (hospitalised for pain control).
        var d = Derive(Event("HOSPITALIZATION") with { Term = "Transient flare", Grade = 2, Action = "HOSPITALIZED" });
        Assert.Equal((true, true, true, false), (d.Serious, d.Related, d.Expected, d.Susar));
    }

    [Fact]
    public void Derive_LifeThreateningAnaphylaxis_IsFatalOrLifeThreateningSusar()
    {
        var d = Derive(Event("LIFE_THREATENING") with { Term = "Anaphylaxis", CtcaeTerm = "Anaphylaxis", Grade = 4, RelatedToProduct = "PROBABLE" });
        Assert.Equal((true, true), (d.Susar, d.FatalOrLifeThreatening));
    }

    // ---- A6 and dates ----------------------------------------------------------------------------------------------

    [Fact]
    public void Validate_OnsetBeforeFirstConsent_IsRejectedOnOnset()
    {
        var errors = Validate(Event() with { Onset = "2026-04-30", AwareDate = "2026-05-02" }).Errors;
        Assert.Contains("2026-05-01", Assert.Single(errors["onset"]));
    }

    [Fact]
    public void Validate_OnsetOnConsentDay_IsAccepted() =>
        Assert.NotNull(Validate(Event() with { Onset = "2026-05-01", AwareDate = "2026-05-01" }).Data);

    [Fact]
    public void Validate_NoConsentAtAll_IsRejectedOnOnset()
    {
        var (data, errors) = AdverseEventAssessment.Validate(Event(), Today, null, "nurse.kim");
        Assert.Null(data);
        Assert.Equal([SafetyMessages.NoConsent], errors.ToDictionary()["onset"]);
    }

    [Theory]
    [InlineData("2026-06-16", null, "onset")]               // future onset
    [InlineData("2026-06-01", "2026-05-31", "awareDate")]   // aware before onset
    [InlineData("2026-06-01", "2026-06-16", "awareDate")]   // aware in the future
    public void Validate_ImpossibleDates_NameTheField(string onset, string? aware, string field) =>
        Assert.Contains(field, Validate(Event() with { Onset = onset, AwareDate = aware ?? "2026-06-02" }).Errors.Keys);

    [Fact]
    public void Validate_ResolvedBeforeOnset_And_RecoveredWithoutDate_AreRejected()
    {
        Assert.Equal([SafetyMessages.ResolvedBeforeOnset], Validate(Event() with { Outcome = "RECOVERED", Resolved = "2026-05-31" }).Errors["resolved"]);
        Assert.Equal([SafetyMessages.OutcomeNeedsResolved], Validate(Event() with { Outcome = "RECOVERED" }).Errors["resolved"]);
        Assert.Equal([SafetyMessages.ResolvedNeedsOutcome], Validate(Event() with { Resolved = "2026-06-05" }).Errors["outcome"]);
    }

    [Fact]
    public void Validate_MissingRequiredFields_NamesEachInCamelCase()
    {
        var errors = Validate(new RecordAdverseEvent()).Errors;
        foreach (var f in new[] { "term", "ctcaeVersion", "grade", "onset", "outcome", "relatedToProduct", "relatedToProcedure", "action", "awareDate" })
            Assert.Contains(f, errors.Keys);
    }

    [Theory]
    [InlineData("1002208", true)]    // 7 digits
    [InlineData("10022086", false)]  // 8 digits
    [InlineData("1002208X", true)]
    public void Validate_MeddraCode_MustBeEightDigits(string code, bool rejected) =>
        Assert.Equal(rejected, Validate(Event() with { MeddraPt = code }).Errors.ContainsKey("meddraPt"));

    [Fact]
    public void Validate_ReporterMissing_IsTheRecordingUser() =>
        Assert.Equal("nurse.kim", Validate(Event()).Data!.Reporter);
}
