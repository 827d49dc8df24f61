using System.Text.RegularExpressions;
using OrthoRegen.Data;

namespace OrthoRegen.Patients;

/// <summary>Coded values of the patient record (DOMAIN.md section 2).</summary>
public static class PatientCodes
{
    public static readonly IReadOnlyList<string> Sexes = ["F", "M", "X"];
    public static readonly IReadOnlyList<string> Languages = ["ko", "en", "zh"];
}

/// <summary>Registration of a new patient. Height and weight, when given, become the first body measurement.</summary>
public sealed record RegisterPatient
{
    public string? FamilyName { get; init; }
    public string? GivenName { get; init; }
    /// <summary>YYYY-MM-DD.</summary>
    public string? BirthDate { get; init; }
    /// <summary>F, M or X.</summary>
    public string? Sex { get; init; }
    /// <summary>ko, en or zh: the language of the patient's forms and portal.</summary>
    public string? Language { get; init; }
    /// <summary>Hospital medical record number (MRN).</summary>
    public string? RecordNumber { get; init; }
    public string? NationalId { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
    /// <summary>Site code; defaults to the user's only site, or the network's first site.</summary>
    public string? SiteCode { get; init; }
    /// <summary>Centimetres, 50–250.</summary>
    public double? HeightCm { get; init; }
    /// <summary>Kilograms, 10–400.</summary>
    public double? WeightKg { get; init; }
}

/// <summary>A correction of the patient's demographic record: a new version, with the version the editor saw and why.</summary>
public sealed record CorrectPatient
{
    public int? Version { get; init; }
    public string? Reason { get; init; }
    public string? FamilyName { get; init; }
    public string? GivenName { get; init; }
    public string? BirthDate { get; init; }
    public string? Sex { get; init; }
    public string? Language { get; init; }
    public string? RecordNumber { get; init; }
    public string? NationalId { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
}

/// <summary>Validated demographic fields, ready to store.</summary>
public sealed record PatientDemographics(
    string FamilyName, string GivenName, DateOnly BirthDate, string Sex, string Language,
    string? RecordNumber, string? NationalId, string? Phone, string? Email);

/// <summary>Pure validation of patient input; the same dictionary feeds the API, the forms and the CLI.</summary>
public static partial class PatientValidation
{
    public static (PatientDemographics? Value, FieldErrors Errors) Validate(
        string? familyName, string? givenName, string? birthDate, string? sex, string? language,
        string? recordNumber, string? nationalId, string? phone, string? email, DateOnly today)
    {
        var e = new FieldErrors();
        var family = e.Required("familyName", familyName, 100);
        var given = e.Required("givenName", givenName, 100);
        var birth = e.Date("birthDate", birthDate, required: true, min: new DateOnly(1900, 1, 1), max: today);
        var s = e.OneOf("sex", sex, PatientCodes.Sexes);
        var lang = e.OneOf("language", language, PatientCodes.Languages);
        var mrn = e.Pattern("recordNumber", recordNumber, RecordNumberPattern(), "letters, digits and '-' (1–30 characters)", required: false);
        var nid = e.Pattern("nationalId", nationalId, NationalIdPattern(), "letters, digits and '-' (4–30 characters)", required: false);
        var tel = e.Pattern("phone", phone, PhonePattern(), "a phone number: digits, spaces, '+', '-', '(' and ')'", required: false);
        var mail = e.Pattern("email", email, EmailPattern(), "an e-mail address", required: false);
        if (!e.IsEmpty) return (null, e);
        return (new PatientDemographics(family!, given!, birth!.Value, s!, lang!, mrn, nid, tel, mail), e);
    }

    public static (PatientDemographics? Value, double? HeightCm, double? WeightKg, FieldErrors Errors) Validate(RegisterPatient r, DateOnly today)
    {
        var (value, e) = Validate(r.FamilyName, r.GivenName, r.BirthDate, r.Sex, r.Language, r.RecordNumber, r.NationalId, r.Phone, r.Email, today);
        var h = e.Number("heightCm", r.HeightCm, 50, 250, required: false, "cm");
        var w = e.Number("weightKg", r.WeightKg, 10, 400, required: false, "kg");
        e.Optional("siteCode", r.SiteCode, 20);
        return (e.IsEmpty ? value : null, h, w, e);
    }

    public static (PatientDemographics? Value, FieldErrors Errors) Validate(CorrectPatient r, DateOnly today)
    {
        var (value, e) = Validate(r.FamilyName, r.GivenName, r.BirthDate, r.Sex, r.Language, r.RecordNumber, r.NationalId, r.Phone, r.Email, today);
        e.Integer("version", r.Version, 1, int.MaxValue, required: true);
        e.Required("reason", r.Reason, 500);
        return (e.IsEmpty ? value : null, e);
    }

    [GeneratedRegex(@"^[A-Za-z0-9\-]{1,30}$")] private static partial Regex RecordNumberPattern();
    [GeneratedRegex(@"^[A-Za-z0-9\-]{4,30}$")] private static partial Regex NationalIdPattern();
    [GeneratedRegex(@"^\+?[0-9 ()\-]{6,25}$")] private static partial Regex PhonePattern();
    [GeneratedRegex(@"^[^@\s<>""']{1,64}@[^@\s<>""']{1,190}\.[A-Za-z]{2,24}$")] private static partial Regex EmailPattern();
}

/// <summary>
/// The patient as a caller may see them. For a researcher every direct identifier (name, contact, record and national
/// numbers, exact birth date) is null; the pseudonym code, sex, birth year and age remain.
/// </summary>
public sealed record PatientView(
    string Id,
    string PseudonymCode,
    string SiteId,
    string SiteCode,
    int Version,
    string? FamilyName,
    string? GivenName,
    DateOnly? BirthDate,
    int BirthYear,
    int AgeYears,
    string Sex,
    string Language,
    string? RecordNumber,
    string? NationalId,
    string? Phone,
    string? Email,
    double? HeightCm,
    double? WeightKg,
    double? Bmi,
    DateTimeOffset RecordedAt,
    string RecordedBy,
    bool IdentifiersHidden);

/// <summary>One version of the demographic record, for the history view.</summary>
public sealed record PatientVersion(
    int Version, string? FamilyName, string? GivenName, DateOnly? BirthDate, string Sex, string Language,
    string? RecordNumber, string? Phone, string? Email, string RecordedBy, DateTimeOffset RecordedAt, string Source, string? Reason);

/// <summary>A page of search results.</summary>
public sealed record PatientPage(IReadOnlyList<PatientView> Items, int Page, int PageSize, int Total);

/// <summary>Whole years between <paramref name="birth"/> and <paramref name="on"/>; a 29 February birthday is reached on 28 February in common years.</summary>
public static class Age
{
    public static int InYears(DateOnly birth, DateOnly on)
    {
        var years = on.Year - birth.Year;
        if (on < birth.AddYears(years)) years--;
        return Math.Max(0, years);
    }
}

/// <summary>Body-mass index in kg/m², rounded to one decimal; null unless both measurements are known.</summary>
public static class BodyMassIndex
{
    public static double? From(double? heightCm, double? weightKg) =>
        heightCm is > 0 and { } h && weightKg is > 0 and { } w ? Math.Round(w / (h / 100.0 * (h / 100.0)), 1) : null;
}
