using System.Text.Json;
using OrthoRegen.Assessment;

namespace OrthoRegen.Tests.Assessment;

public class AssessmentValidationTests
{
    static readonly DateOnly Today = new(2026, 6, 15);

    static RecordAssessment Knee() => new()
    {
        Indication = "KNEE_OA", Target = "KNEE_R", AssessedOn = "2026-06-14", SymptomDurationMonths = 8,
        Imaging = [new ImagingReadInput { Modality = "XRAY", ReadOn = "2026-06-14", Reader = "Dr Lee", KlGrade = 3 }],
        ConservativeTreatments = [new ConservativeTreatmentInput { Type = "IA_HA", Response = "NONE", LastIaInjectionOn = "2026-01-02" }],
    };

    [Fact]
    public void Validate_KneeWithXrayAndTreatment_IsValid()
    {
        var (v, e) = AssessmentValidation.Validate(Knee(), Today);
        Assert.True(e.IsEmpty, string.Join("; ", e.ToDictionary().Select(kv => kv.Key)));
        Assert.Equal("KNEE_R", v!.Treatments[0].Target); // defaults to the assessed target
    }

    [Theory]
    [InlineData("target", "HIP_L")]            // a hip is not a knee-OA target
    [InlineData("indication", "SHOULDER_OA")]  // unknown indication
    [InlineData("assessedOn", "9999-12-31")]   // future
    public void Validate_BadTopLevelField_IsNamed(string field, string value)
    {
        var r = field switch
        {
            "target" => Knee() with { Target = value },
            "indication" => Knee() with { Indication = value },
            _ => Knee() with { AssessedOn = value },
        };
        Assert.Contains(field, AssessmentValidation.Validate(r, Today).Errors.ToDictionary().Keys);
    }

    [Fact]
    public void Validate_KlGradeOnMri_IsRejectedAtItsPath()
    {
        var r = Knee() with { Imaging = [new ImagingReadInput { Modality = "MRI", ReadOn = "2026-06-14", Reader = "R", KlGrade = 2 }] };
        Assert.Contains("imaging[0].klGrade", AssessmentValidation.Validate(r, Today).Errors.ToDictionary().Keys);
    }

    [Theory]
    [InlineData(-1)] // below 0
    [InlineData(5)]  // above 4
    public void Validate_KlGradeOutOfRange_IsRejected(int kl)
    {
        var r = Knee() with { Imaging = [new ImagingReadInput { Modality = "XRAY", ReadOn = "2026-06-14", Reader = "R", KlGrade = kl }] };
        Assert.Contains("imaging[0].klGrade", AssessmentValidation.Validate(r, Today).Errors.ToDictionary().Keys);
    }

    [Fact]
    public void Validate_DiscReadWithoutLevel_AsksForLevel()
    {
        var r = new RecordAssessment
        {
            Indication = "DISC_DEGENERATION", Target = "LUMBAR", AssessedOn = "2026-06-14", SymptomDurationMonths = 8,
            Imaging = [new ImagingReadInput { Modality = "MRI", ReadOn = "2026-06-14", Reader = "R", Pfirrmann = 3 }],
        };
        Assert.Contains("imaging[0].level", AssessmentValidation.Validate(r, Today).Errors.ToDictionary().Keys);
    }

    [Theory]
    [InlineData("MOAKS", """{"MFTC": {"bml_size": 2, "cart_area_grade": 1}}""", true)]
    [InlineData("MOAKS", """{"MFTC": {"bml_size": 4}}""", false)]              // MOAKS grades are 0–3
    [InlineData("WORMS", """{"MFTC": {"worms_cartilage": 2.5}}""", true)]      // WORMS allows 2.5
    [InlineData("MOAKS", """{"MFTC": {"cart_area_grade": 2.5}}""", false)]     // MOAKS does not
    [InlineData("MOAKS", """{"MFTC": {"unknown_item": 1}}""", false)]
    public void Validate_SemiquantitativeGrades_FollowTheScoringSystem(string system, string json, bool valid)
    {
        var r = Knee() with
        {
            Imaging = [new ImagingReadInput { Modality = "MRI", ReadOn = "2026-06-14", Reader = "R", ScoringSystem = system, Semiquantitative = JsonDocument.Parse(json).RootElement }],
        };
        Assert.Equal(valid, AssessmentValidation.Validate(r, Today).Errors.IsEmpty);
    }

    [Fact]
    public void Validate_LastInjectionOnNonInjectionTreatment_IsRejected()
    {
        var r = Knee() with { ConservativeTreatments = [new ConservativeTreatmentInput { Type = "NSAID", Response = "NONE", LastIaInjectionOn = "2026-01-01" }] };
        Assert.Contains("conservativeTreatments[0].lastIaInjectionOn", AssessmentValidation.Validate(r, Today).Errors.ToDictionary().Keys);
    }
}
