using System.Text.Json;
using OrthoRegen.Interop.Fhir;
using Xunit;

namespace OrthoRegen.Tests.Interop.Fhir;

/// <summary>An AdverseEvent carries its regulatory reports (adverse-event-report) in their current version: open, submitted, no longer required.</summary>
public class RegulatoryReportMapperTests
{
    const string P = "0197a1b2c3d4e5f60718293a4b5c6d7e";

    static (string, string)? Relative(string reference)
    {
        var parts = reference.Split('/');
        return parts.Length == 2 ? (parts[0], parts[1]) : null;
    }

    static FhirAdverseEvent Susar(params FhirDetail[] reports) => new("ae1", P, "Septic arthritis", null, 4, new DateOnly(2026, 3, 5), true, "RECOVERING", null, null,
        AdverseEventExtensions.DetailOf(null, "5.0", null, ["LIFE_THREATENING"], false, "PROBABLE", "POSSIBLE", "HOSPITALIZED", new DateOnly(2026, 3, 6), "dr.kim",
            null, "INTRA_ARTICULAR", "KR_ARM_TREATMENT"), new(reports));

    static readonly DateTimeOffset Submitted = new(2026, 3, 10, 9, 30, 0, TimeSpan.Zero);

    public static TheoryData<string, FhirAdverseEvent> Records() => new()
    {
        { "initial submitted, follow-up open", Susar(
            RegulatoryReportImport.DetailOf("KR_MFDS", "INITIAL", new DateOnly(2026, 3, 13), Submitted, "MFDS-2026-0042", "safety.lee", null),
            RegulatoryReportImport.DetailOf("KR_MFDS", "FOLLOW_UP", new DateOnly(2026, 3, 21), null, null, null, null)) },
        { "no longer required after a re-grading", Susar(
            RegulatoryReportImport.DetailOf("IRB", "INITIAL", new DateOnly(2026, 3, 21), null, null, null, new DateTimeOffset(2026, 3, 8, 14, 0, 0, TimeSpan.Zero))) },
        { "no reports (an older export, or not a SUSAR)", Susar() },
    };

    [Theory, MemberData(nameof(Records))]
    public void Read_WrittenReports_GiveTheSameRecordAndPassValidation(string name, FhirAdverseEvent record)
    {
        var json = FhirMapper.ToJson(record, FhirLinks.Relative);
        using var doc = JsonDocument.Parse(json);
        var errors = new FieldErrors();
        Assert.Equal(record, FhirMapper.Read(doc.RootElement, new FhirRead(errors, "AdverseEvent", Relative)));
        Assert.True(errors.IsEmpty, name);
        Assert.Empty(FhirValidator.ValidateResource(doc.RootElement, "AdverseEvent", Relative));
    }

    [Fact]
    public void Write_SubmittedReport_CarriesWhenByWhomAndTheReference()
    {
        var json = FhirMapper.ToJson((FhirAdverseEvent)Records().First()[1], FhirLinks.Relative);
        Assert.Contains("{\"url\":\"" + RegulatoryReportImport.Url + "\",\"extension\":[{\"url\":\"authority\",\"valueString\":\"KR_MFDS\"},"
            + "{\"url\":\"reportType\",\"valueString\":\"INITIAL\"},{\"url\":\"dueDate\",\"valueString\":\"2026-03-13\"},"
            + "{\"url\":\"submittedAt\",\"valueDateTime\":\"2026-03-10T09:30:00.000Z\"},{\"url\":\"referenceNumber\",\"valueString\":\"MFDS-2026-0042\"},"
            + "{\"url\":\"submittedBy\",\"valueString\":\"safety.lee\"}]}", json);
    }
}
