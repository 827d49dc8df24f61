using System.Text.Json;
using OrthoRegen.Interop.Fhir;
using Xunit;

namespace OrthoRegen.Tests.Interop.Fhir;

/// <summary>The AIS grade Observation with the rest of its ISNCSCI exam (isncsci-exam), which the import stores as the imaging read.</summary>
public class AisMapperTests
{
    const string P = "0197a1b2c3d4e5f60718293a4b5c6d7e";

    static (string, string)? Relative(string reference)
    {
        var parts = reference.Split('/');
        return parts.Length == 2 ? (parts[0], parts[1]) : null;
    }

    [Fact]
    public void Read_WrittenAisGrade_GivesTheSameRecordWithItsExam()
    {
        var record = new FhirObservation("r1-ais", P, ObservationKind.Imaging, "AIS_GRADE", new DateOnly(2026, 1, 2), null, null, "C", "SCI", null, null,
            FhirDetail.Of(IsncsciExam.Url, ("modality", "MRI"), ("reader", "Dr Lee"), ("level", "C5"), ("neurologicalLevel", "C4"), ("uems", 18), ("lems", 9),
                ("lightTouch", 60), ("pinPrick", 48)));
        var json = FhirMapper.ToJson(record, FhirLinks.Relative);
        using var doc = JsonDocument.Parse(json);
        var errors = new FieldErrors();
        Assert.Equal(record, FhirMapper.Read(doc.RootElement, new FhirRead(errors, "Observation", Relative)));
        Assert.True(errors.IsEmpty);
        Assert.Empty(FhirValidator.ValidateResource(doc.RootElement, "Observation", Relative));
        Assert.Contains("{\"url\":\"uems\",\"valueInteger\":18}", json);
    }

    [Fact]
    public void Read_ExamValueOfTheWrongType_FailsAtTheSubExtension()
    {
        var record = new FhirObservation("r1-ais", P, ObservationKind.Imaging, "AIS_GRADE", new DateOnly(2026, 1, 2), null, null, "A", "SCI", null, null,
            FhirDetail.Of(IsncsciExam.Url, ("modality", "MRI"), ("uems", 18)));
        var json = FhirMapper.ToJson(record, FhirLinks.Relative).Replace("\"valueInteger\":18", "\"valueInteger\":\"18\"", StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json);
        var errors = new FieldErrors();
        Assert.Null(FhirMapper.Read(doc.RootElement, new FhirRead(errors, "Observation", Relative)));
        Assert.Contains("Observation.extension[0].extension[1].valueInteger", errors.ToDictionary().Keys);
    }
}
