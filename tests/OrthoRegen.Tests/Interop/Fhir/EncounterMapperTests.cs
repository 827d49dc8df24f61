using System.Text.Json;
using OrthoRegen.Interop.Fhir;
using Xunit;

namespace OrthoRegen.Tests.Interop.Fhir;

/// <summary>Encounter with what the follow-up store needs: the schedule (Day 0, target, physician) and the plan (R5 basedOn).</summary>
public class EncounterMapperTests
{
    const string P = "0197a1b2c3d4e5f60718293a4b5c6d7e";

    static (string, string)? Relative(string reference)
    {
        var parts = reference.Split('/');
        return parts.Length == 2 ? (parts[0], parts[1]) : null;
    }

    public static TheoryData<string, FhirEncounter> Records() => new()
    {
        { "done visit of a planned schedule", new FhirEncounter("v1", P, "M3", new DateOnly(2026, 4, 2), new DateOnly(2026, 4, 5), new DateOnly(2026, 3, 18),
            new DateOnly(2026, 4, 15), "plan1", FollowUpExtensions.ScheduleOf(new DateOnly(2026, 1, 1), "KNEE_R", "dr.kim")) },
        { "missed visit of a schedule started by hand", new FhirEncounter("v2", P, "D1_7", new DateOnly(2026, 1, 3), null, new DateOnly(2026, 1, 3),
            new DateOnly(2026, 1, 8), null, FollowUpExtensions.ScheduleOf(new DateOnly(2026, 1, 1), "SCI", "dr.lee")) },
    };

    [Theory, MemberData(nameof(Records))]
    public void Read_WrittenEncounter_GivesTheSameRecordAndPassesValidation(string name, FhirEncounter record)
    {
        var json = FhirMapper.ToJson(record, FhirLinks.Relative);
        using var doc = JsonDocument.Parse(json);
        var errors = new FieldErrors();
        Assert.Equal(record, FhirMapper.Read(doc.RootElement, new FhirRead(errors, "Encounter", Relative)));
        Assert.True(errors.IsEmpty, name);
        Assert.Empty(FhirValidator.ValidateResource(doc.RootElement, "Encounter", Relative));
        Assert.Equal(record.PlanId is not null, json.Contains("\"url\":\"" + FollowUpExtensions.BasedOn + "\",\"valueReference\":{\"reference\":\"CarePlan/plan1\"}", StringComparison.Ordinal));
        Assert.Contains("{\"url\":\"day0\",\"valueString\":\"2026-01-01\"}", json);
    }

    [Fact]
    public void Read_PlanReferenceToAnotherType_FailsAtTheExtension()
    {
        var json = FhirMapper.ToJson(Records().First()[1] as FhirEncounter ?? throw new InvalidOperationException(), FhirLinks.Relative)
            .Replace("CarePlan/plan1", "Consent/plan1", StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json);
        var errors = new FieldErrors();
        Assert.Null(FhirMapper.Read(doc.RootElement, new FhirRead(errors, "Encounter", Relative)));
        Assert.Contains("Encounter.extension[2].valueReference.reference", errors.ToDictionary().Keys);
    }
}
