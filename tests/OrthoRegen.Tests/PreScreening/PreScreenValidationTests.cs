using OrthoRegen.PreScreening;

namespace OrthoRegen.Tests.PreScreening;

public class PreScreenValidationTests
{
    static PreScreenRequest Valid() => new()
    {
        TargetSite = "KNEE_L", PainNrs = 6, SymptomDurationMonths = 12, TriedTreatments = ["NSAID"], CanAttendFollowup24m = true, BudgetAwareSelfPay = true,
    };

    [Fact]
    public void Validate_Valid_GivesReportAndNoContact()
    {
        var (report, contact, errors) = PreScreenValidation.Validate(Valid());
        Assert.Empty(errors);
        Assert.Equal("KNEE_OA", report!.Indication);
        Assert.Null(contact);
    }

    [Fact]
    public void Validate_Empty_NamesEveryRequiredField()
    {
        var (report, _, errors) = PreScreenValidation.Validate(new PreScreenRequest());
        Assert.Null(report);
        Assert.Equal(["budgetAwareSelfPay", "canAttendFollowup24m", "painNrs", "symptomDurationMonths", "targetSite"], errors.Keys.Order().ToArray());
    }

    [Theory]
    [InlineData("targetSite")]
    [InlineData("painNrs")]
    [InlineData("symptomDurationMonths")]
    [InlineData("triedTreatments")]
    public void Validate_OutOfRange_NamesTheField(string field)
    {
        var r = field switch
        {
            "targetSite" => Valid() with { TargetSite = "ELBOW" },
            "painNrs" => Valid() with { PainNrs = 11 },
            "symptomDurationMonths" => Valid() with { SymptomDurationMonths = -1 },
            _ => Valid() with { TriedTreatments = ["STEM_CELLS"] },
        };
        Assert.Equal([field], PreScreenValidation.Validate(r).Errors.Keys);
    }

    [Fact]
    public void Validate_ContactWithoutConsent_IsIgnored()
    {
        var (report, contact, errors) = PreScreenValidation.Validate(Valid() with { ContactName = "Kim", ContactPhone = "010-1234-5678", PreferredLanguage = "ko" });
        Assert.Empty(errors);
        Assert.NotNull(report);
        Assert.Null(contact);
    }

    [Fact]
    public void Validate_ConsentWithoutWayToReach_NamesContactFields()
    {
        var errors = PreScreenValidation.Validate(Valid() with { ContactMe = true }).Errors;
        Assert.Equal(["contactName", "contactPhone", "preferredLanguage"], errors.Keys.Order().ToArray());
        errors = PreScreenValidation.Validate(Valid() with { ContactMe = true, ContactName = "Kim", ContactEmail = "not-an-address", PreferredLanguage = "ko" }).Errors;
        Assert.Equal(["contactEmail"], errors.Keys);
    }

    [Fact]
    public void Validate_ConsentWithContact_KeepsIt()
    {
        var (_, contact, errors) = PreScreenValidation.Validate(Valid() with { ContactMe = true, ContactName = "김민지", ContactEmail = "minji@example.org", PreferredLanguage = "ko" });
        Assert.Empty(errors);
        Assert.Equal(new LeadContact("김민지", null, "minji@example.org", "ko"), contact);
    }
}
