using System.Text.Json;
using OrthoRegen.Interop.Fhir;
using Xunit;

namespace OrthoRegen.Tests.Interop.Fhir;

/// <summary>A CarePlan carries its status history (careplan-status-history), and the status in force at a time is read from it.</summary>
public class PlanStatusHistoryMapperTests
{
    const string P = "0197a1b2c3d4e5f60718293a4b5c6d7e";
    static readonly DateTimeOffset Created = new(2026, 1, 2, 8, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset Cancelled = new(2026, 2, 3, 16, 45, 12, 345, TimeSpan.Zero);

    static (string, string)? Relative(string reference)
    {
        var parts = reference.Split('/');
        return parts.Length == 2 ? (parts[0], parts[1]) : null;
    }

    static FhirCarePlan Plan(string status, params FhirDetail[] history) => new("plan1", P, status, "KNEE_OA", "KNEE_R", "BM_MSC", "AUTOLOGOUS", "INTRA_ARTICULAR",
        50m, 2, 28, "c1", "a1", "MORE_THAN_MINIMAL", "ULTRASOUND", "KR_ARM_TREATMENT", StatusHistory: new(history));

    public static TheoryData<string, FhirCarePlan> Records() => new()
    {
        { "active, its start only", Plan("ACTIVE", PlanStatusImport.DetailOf("ACTIVE", Created, null)) },
        { "cancelled with its time and reason", Plan("CANCELLED", PlanStatusImport.DetailOf("ACTIVE", Created, null),
            PlanStatusImport.DetailOf("CANCELLED", Cancelled, "Patient moved abroad")) },
        { "no history (an older export)", Plan("COMPLETED") },
    };

    [Theory, MemberData(nameof(Records))]
    public void Read_WrittenStatusHistory_GivesTheSameRecordAndPassesValidation(string name, FhirCarePlan record)
    {
        var json = FhirMapper.ToJson(record, FhirLinks.Relative);
        using var doc = JsonDocument.Parse(json);
        var errors = new FieldErrors();
        Assert.Equal(record, FhirMapper.Read(doc.RootElement, new FhirRead(errors, "CarePlan", Relative)));
        Assert.True(errors.IsEmpty, name);
        Assert.Empty(FhirValidator.ValidateResource(doc.RootElement, "CarePlan", Relative));
    }

    [Fact]
    public void Write_Cancellation_CarriesTheStatusItsTimeAndReason()
    {
        var json = FhirMapper.ToJson((FhirCarePlan)Records().ElementAt(1)[1], FhirLinks.Relative);
        Assert.Contains("{\"url\":\"" + PlanStatusImport.Url + "\",\"extension\":[{\"url\":\"status\",\"valueString\":\"CANCELLED\"},"
            + "{\"url\":\"at\",\"valueDateTime\":\"2026-02-03T16:45:12.345Z\"},{\"url\":\"reason\",\"valueString\":\"Patient moved abroad\"}]}", json);
        Assert.Contains("\"status\":\"revoked\"", json);
    }

    [Theory]
    [InlineData("2026-01-01T08:00:00Z", "ACTIVE")]        // before the plan's recorded start: judged active (a plan imported without its history)
    [InlineData("2026-01-02T08:00:00Z", "ACTIVE")]        // at the start
    [InlineData("2026-02-03T16:45:12Z", "ACTIVE")]        // a fraction of a second before the cancellation
    [InlineData("2026-02-03T16:45:12.345Z", "CANCELLED")] // at the cancellation
    [InlineData("2026-03-01T00:00:00Z", "CANCELLED")]     // after it
    public void StatusAt_Time_IsTheLastStatusThatTookEffectAtOrBeforeIt(string at, string expected)
    {
        List<PlanStatusChange> history = [new("ACTIVE", Created, null), new("CANCELLED", Cancelled, "Patient moved abroad")];
        Assert.Equal(expected, PlanStatusImport.StatusAt(history, DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
