using OrthoRegen.Evidence;

namespace OrthoRegen.Tests.Evidence;

public class StudyValidationTests
{
    static IReadOnlyDictionary<string, string[]> Errors(StudyInput input) =>
        StudyValidation.Validate(input, 2030) is Outcome<StudyData>.Invalid i ? i.Errors : throw new Xunit.Sdk.XunitException("expected invalid");

    [Fact]
    public void Validate_CompleteTwoArmStudy_IsValid()
    {
        var d = EvidenceBuilders.Valid(EvidenceBuilders.TwoArmInput());
        Assert.Equal(2, d.Arms.Count);
        Assert.Equal(2, d.Outcomes.Count);
        Assert.Equal("Kim et al. 2019", d.Label);
    }

    [Theory]
    [InlineData("doi", "https://doi.org/10.1000/x")] // resolver prefix is not part of a DOI
    [InlineData("doi", "11.1000/x")] // DOIs start with 10.
    [InlineData("pmid", "0123")] // PMIDs have no leading zero
    [InlineData("pmid", "123456789")] // at most 8 digits
    [InlineData("sourceUrl", "ftp://example.org/x")] // only http(s)
    public void Validate_BadIdentifier_NamesTheField(string field, string value)
    {
        var input = field switch
        {
            "doi" => EvidenceBuilders.TwoArmInput() with { Doi = value },
            "pmid" => EvidenceBuilders.TwoArmInput() with { Pmid = value },
            _ => EvidenceBuilders.TwoArmInput() with { SourceUrl = value },
        };
        Assert.Contains(field, Errors(input).Keys);
    }

    [Fact]
    public void Validate_NoDoiPmidOrUrl_AsksForOne()
    {
        var e = Errors(EvidenceBuilders.TwoArmInput() with { Doi = null });
        Assert.Equal([EvidenceMessages.NeedIdentifier], e["doi"]);
    }

    [Fact]
    public void Validate_BadRows_NameEachFieldByPath()
    {
        var input = EvidenceBuilders.TwoArmInput() with
        {
            Design = "TRIAL",
            Arms = [new() { Name = "MSC", Role = "TREATMENT", N = 10 }, new() { Name = "MSC", Role = "CONTROL" }],
            Outcomes =
            [
                new() { Arm = "Placebo", Instrument = "PAIN_VAS", Subscale = "vas_mm", Month = 12, Mean = 3, Sd = 1, N = 10 },
                new() { Arm = "MSC", Instrument = "PAIN_VAS", Subscale = "vas_mm", Month = 6, Mean = 3, Sd = 0, N = 10 },
                new() { Arm = "MSC", Instrument = "PAIN_VAS", Subscale = "vas_mm", Month = 3, Mean = 3, Sd = 1, Events = 2, N = 10 },
                new() { Arm = "MSC", Instrument = "PAIN_VAS", Subscale = "vas_mm", Month = 1, Events = 3, N = 11 },
            ],
            ReportedEffects = [new() { Instrument = "PAIN_VAS", Subscale = "vas_mm", Measure = "RR", Estimate = 0.8, CiLower = 0, CiUpper = 1.2 },
                               new() { Instrument = "PAIN_VAS", Subscale = "vas_mm", Measure = "MD", Estimate = -5, CiLower = -1, CiUpper = 2 }],
        };
        var e = Errors(input);
        Assert.Contains("design", e.Keys);
        Assert.Equal([EvidenceMessages.DuplicateArm("MSC")], e["arms[1].name"]);
        Assert.Equal([EvidenceMessages.UnknownArm("Placebo")], e["outcomes[0].arm"]);
        Assert.Equal([EvidenceMessages.SdPositive], e["outcomes[1].sd"]);
        Assert.Equal([EvidenceMessages.BothKinds], e["outcomes[2].events"]);
        Assert.Equal([EvidenceMessages.OutcomeNAboveArm(10)], e["outcomes[3].n"]);
        Assert.Equal([EvidenceMessages.RatioPositive], e["reportedEffects[0].ciLower"]);
        Assert.Equal([EvidenceMessages.CiOrder], e["reportedEffects[1].ciLower"]);
    }

    [Fact]
    public void DemoLibrary_EveryStudyPassesValidationAndNamesItsSource()
    {
        foreach (var (key, data) in EvidenceDemoLibrary.Studies)
        {
            var input = new StudyInput
            {
                Title = data.Title, Authors = data.Authors, Year = data.Year, Doi = data.Doi, Pmid = data.Pmid, Design = data.Design,
                Country = data.Country, Indication = data.Indication, CellSource = data.CellSource, Route = data.Route,
                DoseCellsE6 = data.DoseCellsE6, Injections = data.Injections, FollowUpMonths = data.FollowUpMonths,
                SourceLabel = data.SourceLabel, SourceUrl = data.SourceUrl, Notes = data.Notes,
                Arms = data.Arms.Select(a => new ArmInput { Name = a.Name, Role = a.Role, N = a.N, CellSource = a.CellSource, DoseCellsE6 = a.DoseCellsE6 }).ToList(),
                ReportedEffects = data.ReportedEffects.Select(r => new ReportedEffectInput
                { Instrument = r.Instrument, Subscale = r.Subscale, Month = r.Month, Measure = r.Measure, Estimate = r.Estimate, CiLower = r.CiLower, CiUpper = r.CiUpper, N = r.N }).ToList(),
            };
            Assert.True(StudyValidation.Validate(input, 2030) is Outcome<StudyData>.Done, key);
            Assert.StartsWith("DOMAIN.md §5", data.SourceLabel);
        }
    }

    [Fact]
    public void DemoLibrary_CarriesThePublishedVasEffects()
    {
        // DOMAIN.md §5: Bone Joint Res 2020 VAS MD −13.24 (−23.28 to −3.20), 256 pts; Ma 2020 VAS MD −19.24 (−26.31 to −12.18), 335 pts.
        var effects = EvidenceDemoLibrary.Studies.SelectMany(s => s.Data.ReportedEffects).ToList();
        Assert.Contains(new ReportedEffect("PAIN_VAS", "vas_mm", null, "MD", -13.24, -23.28, -3.20, 256), effects);
        Assert.Contains(new ReportedEffect("PAIN_VAS", "vas_mm", null, "MD", -19.24, -26.31, -12.18, 335), effects);
        Assert.Equal(2, effects.Count);
    }
}
