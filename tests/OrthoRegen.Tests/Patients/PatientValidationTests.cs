using OrthoRegen.Patients;

namespace OrthoRegen.Tests.Patients;

public class PatientValidationTests
{
    static readonly DateOnly Today = new(2026, 6, 15);

    static RegisterPatient Valid() => new()
    {
        FamilyName = "Kim", GivenName = "Minji", BirthDate = "1960-03-02", Sex = "F", Language = "ko", RecordNumber = "MRN-1",
        Phone = "+82 10-1234-5678", Email = "minji@example.org", HeightCm = 160, WeightKg = 60,
    };

    [Fact]
    public void Validate_CompleteRegistration_HasNoErrors()
    {
        var (value, _, _, errors) = PatientValidation.Validate(Valid(), Today);
        Assert.True(errors.IsEmpty);
        Assert.Equal(new DateOnly(1960, 3, 2), value!.BirthDate);
    }

    [Theory]
    [InlineData("familyName", "")]            // required
    [InlineData("birthDate", "1960-13-02")]   // month 13
    [InlineData("birthDate", "0000-00-00")]   // impossible date
    [InlineData("birthDate", "2026-06-16")]   // tomorrow
    [InlineData("birthDate", "1899-12-31")]   // before 1900
    [InlineData("sex", "Q")]                  // not F/M/X
    [InlineData("language", "fr")]            // not a portal language
    [InlineData("recordNumber", "MRN 1; DROP TABLE")] // characters outside the MRN pattern
    [InlineData("email", "not-an-email")]
    [InlineData("phone", "<script>")]
    public void Validate_BadField_NamesThatField(string field, string value)
    {
        var r = field switch
        {
            "familyName" => Valid() with { FamilyName = value },
            "birthDate" => Valid() with { BirthDate = value },
            "sex" => Valid() with { Sex = value },
            "language" => Valid() with { Language = value },
            "recordNumber" => Valid() with { RecordNumber = value },
            "email" => Valid() with { Email = value },
            _ => Valid() with { Phone = value },
        };
        var (value2, _, _, errors) = PatientValidation.Validate(r, Today);
        Assert.Null(value2);
        Assert.Equal([field], errors.ToDictionary().Keys);
    }

    [Theory]
    [InlineData(49.9, "heightCm")]  // under 50 cm
    [InlineData(250.1, "heightCm")] // over 250 cm
    [InlineData(double.NaN, "heightCm")]
    [InlineData(double.PositiveInfinity, "heightCm")]
    public void Validate_HeightOutOfRange_IsRejected(double height, string field)
    {
        var (_, _, _, errors) = PatientValidation.Validate(Valid() with { HeightCm = height }, Today);
        Assert.Contains(field, errors.ToDictionary().Keys);
    }

    [Fact]
    public void Validate_ControlCharactersInName_AreRejected()
    {
        var (_, _, _, errors) = PatientValidation.Validate(Valid() with { GivenName = "Min\u0000ji" }, Today);
        Assert.Contains("givenName", errors.ToDictionary().Keys);
    }

    [Fact]
    public void Validate_LoneSurrogateInName_IsRejected()
    {
        var (_, _, _, errors) = PatientValidation.Validate(Valid() with { FamilyName = "Kim\uD800" }, Today);
        Assert.Contains("familyName", errors.ToDictionary().Keys);
    }

    [Fact]
    public void Validate_KoreanAndChineseNames_AreAccepted()
    {
        var (value, _, _, errors) = PatientValidation.Validate(Valid() with { FamilyName = "김", GivenName = "민지" }, Today);
        Assert.True(errors.IsEmpty);
        Assert.Equal("김", value!.FamilyName);
        (_, _, _, errors) = PatientValidation.Validate(Valid() with { FamilyName = "王", GivenName = "小明" }, Today);
        Assert.True(errors.IsEmpty);
    }

    [Theory]
    [InlineData("1960-03-02", "2026-03-01", 65)] // day before the birthday
    [InlineData("1960-03-02", "2026-03-02", 66)] // on the birthday
    [InlineData("2000-02-29", "2026-02-28", 26)] // leap-day birthday counts on 28 February in common years
    [InlineData("2000-02-29", "2026-02-27", 25)] // the day before that
    public void Age_InYears_CountsCompletedYears(string birth, string on, int expected) =>
        Assert.Equal(expected, Age.InYears(DateOnly.Parse(birth), DateOnly.Parse(on)));

    [Theory]
    [InlineData(170.0, 70.0, 24.2)]
    [InlineData(160.0, 90.0, 35.2)]
    public void Bmi_From_RoundsToOneDecimal(double h, double w, double expected) =>
        Assert.Equal(expected, BodyMassIndex.From(h, w));

    [Fact]
    public void Bmi_WithoutWeight_IsNull() => Assert.Null(BodyMassIndex.From(170, null));
}
