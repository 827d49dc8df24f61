using OrthoRegen.Evidence;

namespace OrthoRegen.Tests.Evidence;

/// <summary>Small valid studies for the evidence tests.</summary>
public static class EvidenceBuilders
{
    public static StudyInput TwoArmInput(string author = "Kim J, Lee S", int year = 2019, double tMean = 30, double cMean = 45,
        double sd = 12, int n = 20, double? dose = 50, string cellSource = "AD_MSC", string route = "INTRA_ARTICULAR") => new()
    {
        Title = $"Trial by {author} {year}", Authors = author, Year = year, Doi = $"10.1000/test.{year}.{n}", Design = "RCT",
        Indication = "KNEE_OA", CellSource = cellSource, Route = route, DoseCellsE6 = dose, Injections = 1, FollowUpMonths = 12,
        SourceLabel = "test fixture", Country = "KR",
        Arms = [new() { Name = "MSC", Role = "TREATMENT", N = n, CellSource = cellSource, DoseCellsE6 = dose }, new() { Name = "Saline", Role = "CONTROL", N = n }],
        Outcomes =
        [
            new() { Arm = "MSC", Instrument = "PAIN_VAS", Subscale = "vas_mm", Month = 12, Mean = tMean, Sd = sd, N = n },
            new() { Arm = "Saline", Instrument = "PAIN_VAS", Subscale = "vas_mm", Month = 12, Mean = cMean, Sd = sd + 2, N = n },
        ],
        ReportedEffects = [],
    };

    public static StudyData Valid(StudyInput input) =>
        ((Outcome<StudyData>.Done)StudyValidation.Validate(input, 2030)).Value;

    public static Study Stored(StudyData data, int i) =>
        new($"{i:D32}", 1, data, "tester", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), "clinic", null, null);
}
