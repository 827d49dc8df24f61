using OrthoRegen.CellLab;

namespace OrthoRegen.Tests.CellLab;

public class DonorEligibilityTests
{
    static readonly string[] Required = new CellLabOptions().RequiredDonorMarkers.ToArray();
    static readonly DateOnly On = new(2026, 6, 1);
    static ScreeningResult R(string marker, string result, string method = "SEROLOGY") => new(marker, method, result, On);

    [Fact]
    public void Derive_AllRequiredNegative_IsEligible() =>
        Assert.Equal("ELIGIBLE", DonorEligibility.Derive(Required.Select(m => R(m, "NEG")).ToList(), Required));

    [Fact]
    public void Derive_AnyPositive_IsIneligible() =>
        Assert.Equal("INELIGIBLE", DonorEligibility.Derive([.. Required.Select(m => R(m, "NEG")), R("HBV", "POS", "NAT")], Required));

    [Fact]
    public void Derive_OneRequiredMissing_IsPending() =>
        Assert.Equal("PENDING", DonorEligibility.Derive(Required.Skip(1).Select(m => R(m, "NEG")).ToList(), Required));

    [Fact]
    public void Derive_IndeterminateOnly_IsPending() =>
        Assert.Equal("PENDING", DonorEligibility.Derive([.. Required.Skip(1).Select(m => R(m, "NEG")), R(Required[0], "INDETERMINATE")], Required));

    [Fact]
    public void Derive_NoResults_IsPending() => Assert.Equal("PENDING", DonorEligibility.Derive([], Required));

    [Fact]
    public void Default_RequiredMarkers_AreTheDomainList() =>
        Assert.Equal(["HIV_1_2", "HBV", "HCV", "SYPHILIS", "HTLV_I_II"], Required);
}
