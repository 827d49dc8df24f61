using System.Text.Json;
using OrthoRegen.Instruments;
using OrthoRegen.Interop.Fhir;
using Xunit;

namespace OrthoRegen.Tests.Interop.Fhir;

public class FhirMapperTests
{
    const string P = "0197a1b2c3d4e5f60718293a4b5c6d7e";
    const string Lot = "0197a1b2c3d4e5f60718293a4b5c6d70";
    static readonly DateTimeOffset At = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    /// <summary>Every mapper's records, the clinical pathway's richer ones (<see cref="ClinicalMapperTests.Records"/>) included.</summary>
    public static TheoryData<string, IFhirRecord> Records()
    {
        var data = new TheoryData<string, IFhirRecord>
        {
            { "patient", new FhirPatient(P, "P-ABCDEFGH2", "MAIN", "Kim", "Minji", new DateOnly(1960, 3, 2), "F", "ko", "MRN-1") },
            { "patient without MRN", new FhirPatient(P, "P-ABCDEFGH2", "MAIN", "Lee", "Jun", new DateOnly(1971, 12, 31), "X", "en", null) },
            { "consent", new FhirConsent("c1", P, "TREATMENT", "1.0", false, "en", At, "PATIENT", "KR_ARM_TREATMENT", new(["RISKS", "EVIDENCE_LEVEL", "ALTERNATIVES", "PERSONAL_DATA", "RIGHT_TO_WITHDRAW"]), null) },
            { "withdrawn research consent", new FhirConsent("c2", P, "RESEARCH", "1.0", true, "ko", At, "LEGAL_REP", "KR_ARM_RESEARCH", new(["RISKS"]), At.AddDays(30)) },
            { "condition", new FhirCondition("a1", P, "KNEE_OA", "KNEE_R", new DateOnly(2026, 1, 2)) },
            { "KL grade", new FhirObservation("r1-kl", P, ObservationKind.Imaging, "KL_GRADE", new DateOnly(2026, 1, 2), 3, null, null, "KNEE_R", null, null) },
            { "AIS grade", new FhirObservation("r1-ais", P, ObservationKind.Imaging, "AIS_GRADE", new DateOnly(2026, 1, 2), null, null, "B", "SCI", null, null) },
            { "biomarker", new FhirObservation("b1", P, ObservationKind.Biomarker, "IL1B", new DateOnly(2026, 1, 2), 12.5m, "pg/mL", null, null, "SYNOVIAL_FLUID", null) },
            { "score", new FhirObservation("q1-pain", P, ObservationKind.Score, "KOOS.pain", new DateOnly(2026, 1, 2), 61.1m, "0-100", null, "KNEE_R", null, "q1") },
            { "response", new FhirQuestionnaireResponse("q1", P, "PAIN_NRS", "1.0", "ko", "PORTAL", "M3", "KNEE_R", new DateOnly(2026, 4, 2), new([new ResponseItem("nrs", Answer.Of(4))]), "plan1") },
            { "response with codes and missing", new FhirQuestionnaireResponse("q2", P, "ISNCSCI", "2019", "en", "CLINIC_TABLET", "BASE", "SCI", new DateOnly(2026, 4, 2),
                new([new ResponseItem("a", Answer.Of("NT")), new ResponseItem("b", Answer.Of(true)), new ResponseItem("c", Answer.Missing), new ResponseItem("d", Answer.Of(2.5m))]), null) },
            { "care plan", new FhirCarePlan("plan1", P, "ACTIVE", "KNEE_OA", "KNEE_R", "BM_MSC", "AUTOLOGOUS", "INTRA_ARTICULAR", 50m, 2, 28, "c1", "a1") },
            { "harvest", new FhirProcedure("h1", P, FhirProcedure.Harvest, "BONE_MARROW_ASPIRATE", At, null, Lot, null, null, null) },
            { "administration", new FhirProcedure("ad1", P, FhirProcedure.Administration, "INTRA_ARTICULAR", At, "KNEE_R", Lot, "plan1", 50m, 2m) },
            { "product", new FhirProduct(Lot, "L-2026-001", "Z999926000001", "S1234", "BM_MSC", "AUTOLOGOUS", "RELEASED", At.AddDays(10), P) },
            { "custody", new FhirProvenance("e1", Lot, "ISSUED", At, "lab.tech", "dr.lee", "Cell lab") },
            { "release decision", new FhirProvenance("d1-1", Lot, "DECISION_RELEASED", At, "qa.person", null, null) },
            { "visit", new FhirEncounter("v1", P, "M3", new DateOnly(2026, 4, 2), new DateOnly(2026, 4, 5), new DateOnly(2026, 3, 20), new DateOnly(2026, 4, 20)) },
            { "planned visit", new FhirEncounter("v2", P, "M6", new DateOnly(2026, 7, 2), null, new DateOnly(2026, 6, 15), new DateOnly(2026, 7, 20)) },
            { "adverse event", new FhirAdverseEvent("ae1", P, "Injection site pain", "10022086", 2, new DateOnly(2026, 3, 5), false, "RECOVERED", "ad1", Lot) },
        };
        foreach (var row in ClinicalMapperTests.Records()) data.Add((string)row[0], (IFhirRecord)row[1]);
        return data;
    }

    [Theory, MemberData(nameof(Records))]
    public void Read_WrittenRecord_GivesTheSameRecord(string name, IFhirRecord record)
    {
        var json = FhirMapper.ToJson(record, FhirLinks.Relative);
        using var doc = JsonDocument.Parse(json);
        var errors = new FieldErrors();
        var back = FhirMapper.Read(doc.RootElement, new FhirRead(errors, record.ResourceType, Relative));
        Assert.True(errors.IsEmpty, name + ": " + string.Join("; ", errors.ToDictionary().Select(kv => kv.Key + " " + string.Join(",", kv.Value))));
        Assert.Equal(record, back);
    }

    [Theory, MemberData(nameof(Records))]
    public void Write_Record_PassesStructuralValidation(string name, IFhirRecord record)
    {
        using var doc = JsonDocument.Parse(FhirMapper.ToJson(record, FhirLinks.Relative));
        var errors = FhirValidator.ValidateResource(doc.RootElement, record.ResourceType, Relative);
        Assert.True(errors.Count == 0, name + ": " + string.Join("; ", errors.Select(kv => kv.Key + " " + string.Join(",", kv.Value))));
    }

    [Fact]
    public void Write_Patient_IsTheExpectedJson()
    {
        var json = FhirMapper.ToJson(new FhirPatient(P, "P-ABCDEFGH2", "MAIN", "Kim", "Minji", new DateOnly(1960, 3, 2), "F", "ko", null), FhirLinks.Relative);
        Assert.Equal("""{"resourceType":"Patient","id":"0197a1b2c3d4e5f60718293a4b5c6d7e","identifier":[{"system":"https://orthoregen.org/fhir/sid/patient","value":"0197a1b2c3d4e5f60718293a4b5c6d7e"},{"system":"https://orthoregen.org/fhir/sid/pseudonym","value":"P-ABCDEFGH2"}],"active":true,"name":[{"use":"official","family":"Kim","given":["Minji"]}],"gender":"female","birthDate":"1960-03-02","communication":[{"language":{"coding":[{"system":"urn:ietf:bcp:47","code":"ko"}]},"preferred":true}],"managingOrganization":{"identifier":{"system":"https://orthoregen.org/fhir/sid/site","value":"MAIN"}}}""", json);
    }

    [Fact]
    public void Write_NrsScore_CarriesLoincBesideTheProjectCode()
    {
        var json = FhirMapper.ToJson(new FhirObservation("q1-nrs", P, ObservationKind.Score, "PAIN_NRS.nrs", new DateOnly(2026, 1, 2), 4, "0-10", null, null, null, "q1"), FhirLinks.Relative);
        Assert.Contains("""{"system":"http://loinc.org","code":"72514-3",""", json);
        Assert.Contains("""{"system":"https://orthoregen.org/fhir/CodeSystem/instrument-score","code":"PAIN_NRS.nrs"}""", json);
    }

    [Fact]
    public void Write_AdverseEventAndAdministration_UseTheR5NamedExtensionsForTheProduct()
    {
        var ae = FhirMapper.ToJson(new FhirAdverseEvent("ae1", P, "Effusion", null, 1, new DateOnly(2026, 3, 5), false, "UNKNOWN", null, Lot), FhirLinks.Relative);
        Assert.Contains(FhirCodes.SuspectProduct, ae);
        Assert.Contains($"BiologicallyDerivedProduct/{Lot}", ae);
        var proc = FhirMapper.ToJson(new FhirProcedure("ad1", P, FhirProcedure.Administration, "INTRA_ARTICULAR", At, "KNEE_R", Lot, null, null, null), FhirLinks.Relative);
        Assert.Contains(FhirCodes.ProcedureUsed, proc);
    }

    [Fact]
    public void Questionnaire_RoundTrip_GivesTheDefinitionShape()
    {
        foreach (var definition in InstrumentCatalog.Default.Definitions)
        {
            using var doc = JsonDocument.Parse(FhirQuestionnaire.ToJson(definition));
            var errors = new FieldErrors();
            var back = FhirMapper.Read(doc.RootElement, new FhirRead(errors, "Questionnaire", Relative));
            Assert.True(errors.IsEmpty, definition.Code);
            Assert.Equal(FhirQuestionnaireShape.From(definition), back);
        }
    }

    static (string, string)? Relative(string reference)
    {
        var parts = reference.Split('/');
        return parts.Length == 2 ? (parts[0], parts[1]) : null;
    }
}
