using System.Text.Json;
using OrthoRegen.Interop.Fhir;
using Xunit;

namespace OrthoRegen.Tests.Interop.Fhir;

/// <summary>
/// The clinical pathway resources the import creates: their records join <see cref="FhirMapperTests.Records"/> (round trip and
/// structural validation); here the symptom-duration conversion and the decision extension's paths.
/// </summary>
public class ClinicalMapperTests
{
    const string P = "0197a1b2c3d4e5f60718293a4b5c6d7e";

    static (string, string)? Relative(string reference)
    {
        var parts = reference.Split('/');
        return parts.Length == 2 ? (parts[0], parts[1]) : null;
    }

    public static TheoryData<string, IFhirRecord> Records() => new()
    {
        { "condition with every assessment field", new FhirCondition("a1", P, "KNEE_OA", "KNEE_R", new DateOnly(2026, 1, 2), 14, 7,
            new([FhirClinicalCodes.ActiveInfection, FhirClinicalCodes.Anticoagulation, FhirClinicalCodes.CannotAttend, FhirClinicalCodes.PoorRehab]),
            6.4m, "ALLOGENEIC", "PENDING", "Pain on stairs.",
            new([new FhirCandidacyDecision("PROCEED", "ELIGIBLE", false, null, new DateOnly(2026, 1, 2)),
                 new FhirCandidacyDecision("DO_NOT_PROCEED", "ELIGIBLE", false, "Patient changed mind.", new DateOnly(2026, 1, 9))])) },
        { "condition, symptoms this month, no extras", new FhirCondition("a2", P, "DISC_DEGENERATION", "LUMBAR", new DateOnly(2026, 3, 31), 0) },
        { "research-only referral", new FhirCondition("a3", P, "SCI", "SCI", new DateOnly(2025, 12, 1), 600, 0, null, null, null, null, null,
            new([new FhirCandidacyDecision("REFER_TO_RESEARCH", "CONDITIONAL", true, null, new DateOnly(2025, 12, 1))])) },
        { "care plan with everything the plan store needs", new FhirCarePlan("plan1", P, "ACTIVE", "DISC_DEGENERATION", "LUMBAR", "BM_MSC", "ALLOGENEIC",
            "INTRADISCAL", 10m, 1, null, "c1", "a1", "MORE_THAN_MINIMAL", "FLUOROSCOPY", "KR_ARM_RESEARCH", "L4-5", new(["PRP", "HA"]),
            "Core stability", 12, 2, "c2") },
        { "cancelled plan, no rehabilitation", new FhirCarePlan("plan2", P, "CANCELLED", "KNEE_OA", "KNEE_L", "AD_MSC", "AUTOLOGOUS",
            "INTRA_ARTICULAR", 50m, 2, 28, "c1", null, "MINIMAL", "ULTRASOUND", "KR_ARM_TREATMENT") },
    };

    [Theory]
    [InlineData("2026-01-02", 14, "2024-11")] // across a year
    [InlineData("2026-03-31", 1, "2026-02")]  // month end: the month, not the day, carries the duration
    [InlineData("2026-03-31", 0, "2026-03")]
    public void Write_SymptomDuration_IsTheMonthSymptomsBegan(string assessedOn, int months, string onset)
    {
        var json = FhirMapper.ToJson(new FhirCondition("a1", P, "KNEE_OA", "KNEE_L", DateOnly.Parse(assessedOn), months), FhirLinks.Relative);
        Assert.Contains($"\"onsetDateTime\":\"{onset}\"", json);
    }

    [Fact]
    public void Read_DecisionWithoutItsDecisionCode_FailsAtTheSubExtension()
    {
        var json = FhirMapper.ToJson(new FhirCondition("a1", P, "KNEE_OA", "KNEE_L", new DateOnly(2026, 1, 2), 3, null, null, null, null, null, null,
            new([new FhirCandidacyDecision("PROCEED", "ELIGIBLE", false, null, new DateOnly(2026, 1, 2))])), FhirLinks.Relative);
        json = json.Replace("{\"url\":\"decision\",\"valueCode\":\"PROCEED\"},", "");
        using var doc = JsonDocument.Parse(json);
        var errors = new FieldErrors();
        Assert.Null(FhirMapper.Read(doc.RootElement, new FhirRead(errors, "Condition", Relative)));
        Assert.Contains("Condition.extension[0].extension", errors.ToDictionary().Keys);
    }
}
