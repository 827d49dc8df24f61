using System.Text.Json;
using OrthoRegen.Interop.Fhir;
using Xunit;

namespace OrthoRegen.Tests.Interop.Fhir;

/// <summary>AdverseEvent with what the adverse event store needs (adverse-event-detail), including a list of seriousness criteria.</summary>
public class AdverseEventMapperTests
{
    const string P = "0197a1b2c3d4e5f60718293a4b5c6d7e";

    static (string, string)? Relative(string reference)
    {
        var parts = reference.Split('/');
        return parts.Length == 2 ? (parts[0], parts[1]) : null;
    }

    public static TheoryData<string, FhirAdverseEvent> Records() => new()
    {
        { "serious, two criteria, linked to an administration and its lot", new FhirAdverseEvent("ae1", P, "Septic arthritis", "10040872", 4,
            new DateOnly(2026, 3, 5), true, "RECOVERED_WITH_SEQUELAE", "ad1", "lot1",
            AdverseEventExtensions.DetailOf("Arthritis", "5.0", new DateOnly(2026, 4, 1), ["HOSPITALIZATION", "DISABILITY"], false, "POSSIBLE", "PROBABLE",
                "HOSPITALIZED", new DateOnly(2026, 3, 6), "dr.kim", "BM_MSC", "INTRA_ARTICULAR", "KR_ARM_TREATMENT")) },
        { "non-serious, nothing optional", new FhirAdverseEvent("ae2", P, "Injection site pain", null, 1, new DateOnly(2026, 3, 5), false, "RECOVERING", null, null,
            AdverseEventExtensions.DetailOf(null, "6.0", null, [], false, "UNRELATED", "DEFINITE", "NONE", new DateOnly(2026, 3, 5), "nurse.ha", null, null, null)) },
    };

    [Theory, MemberData(nameof(Records))]
    public void Read_WrittenAdverseEvent_GivesTheSameRecordAndPassesValidation(string name, FhirAdverseEvent record)
    {
        var json = FhirMapper.ToJson(record, FhirLinks.Relative);
        using var doc = JsonDocument.Parse(json);
        var errors = new FieldErrors();
        Assert.Equal(record, FhirMapper.Read(doc.RootElement, new FhirRead(errors, "AdverseEvent", Relative)));
        Assert.True(errors.IsEmpty, name);
        Assert.Empty(FhirValidator.ValidateResource(doc.RootElement, "AdverseEvent", Relative));
    }

    [Fact]
    public void Write_SeriousnessCriteria_AreOneSubExtensionEach()
    {
        var json = FhirMapper.ToJson(Records().First()[1] as FhirAdverseEvent ?? throw new InvalidOperationException(), FhirLinks.Relative);
        Assert.Contains("{\"url\":\"seriousnessCriteria\",\"valueString\":\"HOSPITALIZATION\"},{\"url\":\"seriousnessCriteria\",\"valueString\":\"DISABILITY\"}", json);
        Assert.Contains("{\"url\":\"awareDate\",\"valueString\":\"2026-03-06\"}", json);
    }
}
