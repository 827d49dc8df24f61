using System.Text.Json;
using OrthoRegen.Assessment;
using OrthoRegen.FollowUp;
using OrthoRegen.Interop.Fhir;
using Xunit;

namespace OrthoRegen.Tests.Interop.Fhir;

/// <summary>
/// Encounter with how follow-up ended (encounter-follow-up-end), the endpoint event (encounter-endpoint) and the visit
/// findings (encounter-findings): record → JSON → record, the R4 status of a withdrawn visit, and the paths of refusals.
/// </summary>
public class FollowUpEndMapperTests
{
    const string P = "0197a1b2c3d4e5f60718293a4b5c6d7e";
    static readonly DateOnly Day0 = new(2025, 1, 1);

    static (string, string)? Relative(string reference)
    {
        var parts = reference.Split('/');
        return parts.Length == 2 ? (parts[0], parts[1]) : null;
    }

    static readonly FhirDetail Schedule = FollowUpExtensions.ScheduleOf(Day0, "KNEE_R", "dr.kim");
    static readonly FhirDetail Withdrawn = FollowUpExtensions.EndOf(FollowUpCodes.Withdrawn, new DateOnly(2025, 5, 1), "Moved abroad")!;
    static readonly FhirDetail Replaced = FollowUpExtensions.EndpointOf("TOTAL_KNEE_ARTHROPLASTY", new DateOnly(2025, 3, 20), null, "Progression")!;

    /// <summary>Everything a visit can record, stored as FollowUpStore stores it.</summary>
    static readonly string FullFindings = VisitFindingsExtension.FromStored(VisitFindingsExtension.ToStored(new VisitFindings("VISIT",
        [new InstrumentLink("KOOS", "r1"), new InstrumentLink("IKDC", null)],
        new ExamFindings(120, -5, 11, 25.5, 12.3, 12, null, 410),
        [new ImagingReadData("KNEE_R", null, "MRI", new DateOnly(2025, 2, 1), "Dr Park", 3, null, null, null, "MOAKS", "{\"MFTC\":{\"bml\":1,\"cartilage\":2}}",
            2.1, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null)],
        [new BiomarkerData("CRP", "SERUM", 3.2, "hsCRP", 0.1, new DateOnly(2025, 2, 1))],
        [new NewTreatment("IA_INJECTION", "hyaluronic acid", new DateOnly(2025, 1, 20), "KNEE_R"), new NewTreatment("ANALGESIC", "celecoxib", null, null)],
        "Walks without a cane.")));

    static readonly string PortalFindings = VisitFindingsExtension.FromStored(VisitFindingsExtension.ToStored(new VisitFindings("VISIT", [new InstrumentLink("KOOS", "r2")], null, [], [], [], null)));

    public static TheoryData<string, FhirEncounter, string, string[]> Records() => new()
    {
        { "withdrawn visit: not done, window ends after the end of follow-up",
            new FhirEncounter("v6", P, "M6", new DateOnly(2025, 7, 1), null, new DateOnly(2025, 6, 1), new DateOnly(2025, 7, 31), "plan1", Schedule, Withdrawn, Replaced),
            "cancelled",
            ["{\"url\":\"kind\",\"valueString\":\"WITHDRAWN\"}", "{\"url\":\"date\",\"valueString\":\"2025-05-01\"}", "{\"url\":\"reason\",\"valueString\":\"Moved abroad\"}",
             "{\"url\":\"type\",\"valueString\":\"TOTAL_KNEE_ARTHROPLASTY\"}"] },
        { "missed visit before the end: its window closed before follow-up ended",
            new FhirEncounter("v2", P, "M1", new DateOnly(2025, 1, 31), null, new DateOnly(2025, 1, 24), new DateOnly(2025, 2, 7), null, Schedule, Withdrawn),
            "planned", ["\"url\":\"" ] },
        { "done visit with every finding",
            new FhirEncounter("v3", P, "M3", new DateOnly(2025, 4, 1), new DateOnly(2025, 3, 30), new DateOnly(2025, 3, 15), new DateOnly(2025, 4, 15), null, Schedule, null, Replaced, FullFindings),
            "finished",
            ["{\"url\":\"responseId\",\"valueReference\":{\"reference\":\"QuestionnaireResponse/r1\"}}", "{\"url\":\"flexionDeg\",\"valueInteger\":120}",
             "{\"url\":\"fastWalk40mSeconds\",\"valueDecimal\":25.5}", "{\"url\":\"MFTC\",\"extension\":[{\"url\":\"bml\",\"valueInteger\":1}",
             "{\"url\":\"notes\",\"valueString\":\"Walks without a cane.\"}", "{\"url\":\"contact\",\"valueString\":\"VISIT\"}"] },
        { "planned visit listing an instrument completed in the patient portal",
            new FhirEncounter("v4", P, "M12", new DateOnly(2026, 1, 1), null, new DateOnly(2025, 12, 1), new DateOnly(2026, 1, 31), null, Schedule, null, null, PortalFindings),
            "planned", ["{\"url\":\"instruments\",\"extension\":[{\"url\":\"instrument\",\"valueString\":\"KOOS\"}"] },
    };

    [Theory, MemberData(nameof(Records))]
    public void Read_WrittenEncounter_GivesTheSameRecord(string name, FhirEncounter record, string status, string[] fragments)
    {
        var json = FhirMapper.ToJson(record, FhirLinks.Relative);
        using var doc = JsonDocument.Parse(json);
        var errors = new FieldErrors();
        Assert.Equal(record, FhirMapper.Read(doc.RootElement, new FhirRead(errors, "Encounter", Relative)));
        Assert.True(errors.IsEmpty, name + ": " + string.Join("; ", errors.ToDictionary().Select(kv => kv.Key + " " + string.Join(",", kv.Value))));
        Assert.Empty(FhirValidator.ValidateResource(doc.RootElement, "Encounter", Relative));
        Assert.Equal(status, doc.RootElement.GetProperty("status").GetString());
        foreach (var f in fragments) Assert.Contains(f, json);
    }

    [Fact]
    public void FromStored_FullFindings_AreTheRequestShape()
    {
        using var doc = JsonDocument.Parse(FullFindings);
        var o = doc.RootElement;
        Assert.False(o.GetProperty("imaging")[0].TryGetProperty("target", out _)); // the schedule's target, not carried per read
        Assert.Equal(2, o.GetProperty("imaging")[0].GetProperty("semiquantitative").GetProperty("MFTC").GetProperty("cartilage").GetInt32());
        Assert.False(o.GetProperty("exam").TryGetProperty("timedUpAndGoSeconds", out _)); // nulls left out
        Assert.False(o.GetProperty("instruments")[1].TryGetProperty("responseId", out _));
        var (request, field, _) = VisitFindingsExtension.ToRequest(FullFindings, "2025-03-30");
        Assert.Null(field);
        Assert.Equal(120, request!.Exam!.FlexionDeg);
        Assert.Equal("r1", request.Instruments![0].ResponseId);
        Assert.Equal("2025-03-30", request.ActualDate);
        Assert.Equal(1, request.Version);
    }

    [Theory]
    [InlineData("cancelled", null)]      // cancelled without an end of follow-up
    [InlineData("planned", "2025-05-01")] // not done, window open at the end of follow-up: the registry reads WITHDRAWN
    public void Read_StatusDisagreeingWithTheEndOfFollowUp_FailsAtStatus(string status, string? endedOn)
    {
        var record = new FhirEncounter("v6", P, "M6", new DateOnly(2025, 7, 1), null, new DateOnly(2025, 6, 1), new DateOnly(2025, 7, 31), null, Schedule,
            endedOn is null ? null : FollowUpExtensions.EndOf(FollowUpCodes.LostToFollowUp, DateOnly.Parse(endedOn), "No contact"));
        var json = FhirMapper.ToJson(record, FhirLinks.Relative);
        json = json.Replace($"\"status\":\"{FollowUpExtensions.StatusOf(null, record.WindowEnd, FollowUpExtensions.DateOf(record.End))}\"", $"\"status\":\"{status}\"", StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json);
        var errors = new FieldErrors();
        Assert.Null(FhirMapper.Read(doc.RootElement, new FhirRead(errors, "Encounter", Relative)));
        Assert.Contains("Encounter.status", errors.ToDictionary().Keys);
    }

    [Fact]
    public void Read_FindingsWithAFieldNotOfAVisitRecord_FailsAtItsUrl()
    {
        var record = new FhirEncounter("v3", P, "M3", new DateOnly(2025, 4, 1), new DateOnly(2025, 3, 30), new DateOnly(2025, 3, 15), new DateOnly(2025, 4, 15), null, Schedule,
            null, null, PortalFindings);
        var json = FhirMapper.ToJson(record, FhirLinks.Relative).Replace("{\"url\":\"contact\"", "{\"url\":\"actualDate\"", StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json);
        var errors = new FieldErrors();
        Assert.Null(FhirMapper.Read(doc.RootElement, new FhirRead(errors, "Encounter", Relative)));
        var at = VisitFindingsExtension.PathOf(doc.RootElement, "Encounter", "");
        Assert.Contains(at + ".extension[0].url", errors.ToDictionary().Keys);
    }

    // The findings are the third extension (window, appointment, findings, then the schedule detail); inside them: contact,
    // instruments ×2, exam, imaging, biomarkers, newTreatments ×2, notes.
    [Theory]
    [InlineData("imaging[0].reader", "extension[2].extension[4].extension[2].valueString")] // modality, readOn, reader (the null level is left out)
    [InlineData("instruments[0].responseId", "extension[2].extension[1].extension[1].valueReference")]
    [InlineData("instruments[1].instrument", "extension[2].extension[2].extension[0].valueString")]
    [InlineData("exam.flexionDeg", "extension[2].extension[3].extension[0].valueInteger")]
    [InlineData("exam.sixMinuteWalkMetres", "extension[2].extension[3].extension[6].valueInteger")] // the null timed up-and-go is left out
    [InlineData("newTreatments[1].agent", "extension[2].extension[7].extension[1].valueString")]
    [InlineData("biomarkers[3].value", "extension[2]")] // no such entry: the findings extension
    [InlineData("", "extension[2]")]
    public void PathOf_FieldOfTheVisitRecord_IsTheValueOfItsSubExtension(string field, string expected)
    {
        var record = new FhirEncounter("v3", P, "M3", new DateOnly(2025, 4, 1), new DateOnly(2025, 3, 30), new DateOnly(2025, 3, 15), new DateOnly(2025, 4, 15), null, Schedule,
            null, null, FullFindings);
        using var doc = JsonDocument.Parse(FhirMapper.ToJson(record, FhirLinks.Relative));
        Assert.Equal("Encounter." + expected, VisitFindingsExtension.PathOf(doc.RootElement, "Encounter", field));
    }
}
