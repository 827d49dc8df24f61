using System.Text.Json;
using OrthoRegen.CellLab;
using OrthoRegen.Interop.Fhir;
using Xunit;

namespace OrthoRegen.Tests.Interop.Fhir;

/// <summary>A donor screened again after its lot first came in: the added results are found result by result, and the lot stays the same lot.</summary>
public class DonorScreeningImportTests
{
    static (string, string)? Relative(string reference) => reference.Split('/') is [var t, var id] && t.Length > 0 && id.Length > 0 ? (t, id) : null;

    static ScreeningResult R(string marker, string result, string on, string method = "NAT") => new(marker, method, result, DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture));

    public static TheoryData<string, ScreeningResult[], ScreeningResult[], ScreeningResult[]> Cases() => new()
    {
        { "nothing new", [R("HIV_1_2", "NEG", "2026-01-20"), R("HBV", "NEG", "2026-01-21")], [R("HBV", "NEG", "2026-01-21"), R("HIV_1_2", "NEG", "2026-01-20")], [] },
        { "a later test is added", [R("HIV_1_2", "NEG", "2026-01-20"), R("CMV", "POS", "2026-05-02")], [R("HIV_1_2", "NEG", "2026-01-20")], [R("CMV", "POS", "2026-05-02")] },
        { "a retest on the same day is one more result", [R("HCV", "NEG", "2026-02-01"), R("HCV", "NEG", "2026-02-01")], [R("HCV", "NEG", "2026-02-01")], [R("HCV", "NEG", "2026-02-01")] },
        { "another method is another result", [R("HBV", "NEG", "2026-02-01", "SEROLOGY")], [R("HBV", "NEG", "2026-02-01")], [R("HBV", "NEG", "2026-02-01", "SEROLOGY")] },
        { "a result the registry holds and the bundle not: kept, nothing added", [], [R("HBV", "NEG", "2026-02-01")], [] },
    };

    [Theory, MemberData(nameof(Cases))]
    public void Added_CarriedAgainstStored_AreTheResultsNotYetHeld(string name, ScreeningResult[] carried, ScreeningResult[] stored, ScreeningResult[] expected) =>
        Assert.True(expected.SequenceEqual(DonorScreenings.Added(carried, stored)), name);

    [Fact]
    public void WithoutScreening_LotWithAnAddedScreening_HashesAsTheLotFirstImported()
    {
        var first = DonorMapperTests.AllogeneicLot();
        var later = first with { Donor = first.Donor! with { Details = new([.. first.Donor.Details,
            FhirDetail.Of(ProductExtensions.DonorScreening, ("marker", "CMV"), ("method", "SEROLOGY"), ("result", "NEG"), ("testedOn", "2026-05-02"))]) } };
        Assert.NotEqual(FhirContentHash.Of(first), FhirContentHash.Of(later));
        Assert.Equal(FhirContentHash.Of(first with { Donor = DonorScreenings.WithoutScreening(first.Donor) }),
            FhirContentHash.Of(later with { Donor = DonorScreenings.WithoutScreening(later.Donor) }));
        Assert.Single(DonorScreenings.WithoutScreening(later.Donor)!.Details); // donor-detail stays

        // The later lot goes through JSON and back with the added result.
        using var doc = JsonDocument.Parse(FhirMapper.ToJson(later, FhirLinks.Relative));
        var errors = new FieldErrors();
        Assert.Equal(later, FhirMapper.Read(doc.RootElement, new FhirRead(errors, "BiologicallyDerivedProduct", Relative)));
        Assert.True(errors.IsEmpty);
    }
}
