using OrthoRegen.Portal;

namespace OrthoRegen.Tests.Portal;

public class PortalTokenTests
{
    [Fact]
    public void New_Is43Base64UrlCharactersAndUnique()
    {
        var tokens = Enumerable.Range(0, 200).Select(_ => PortalToken.New()).ToList();
        Assert.All(tokens, t => Assert.True(PortalToken.LooksValid(t)));
        Assert.Equal(200, tokens.Distinct().Count());
    }

    [Fact]
    public void Hash_IsSha256HexOfTheTokenText()
    {
        // printf abc | sha256sum  (FIPS 180-2 test vector)
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", PortalToken.Hash("abc"));
        var t = PortalToken.New();
        Assert.Equal(PortalToken.Hash(t), PortalToken.Hash(t));
        Assert.NotEqual(PortalToken.Hash(t), PortalToken.Hash(t[..42] + (t[42] == 'A' ? 'B' : 'A')));
    }

    [Theory]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", true)]   // 43 base64url characters
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", false)]    // 42
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", false)]  // 44
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+", false)]   // base64, not base64url
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", false)]   // padding
    [InlineData("", false)]
    [InlineData(null, false)]
    public void LooksValid_OnlyTheTokenShape(string? token, bool expected) => Assert.Equal(expected, PortalToken.LooksValid(token));
}

public class PortalLinkRulesTests
{
    static readonly DateTimeOffset Issued = new(2026, 6, 15, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-06-21", 30, "2026-06-22T00:00:00Z")] // end of the window's last day (inclusive), under the cap
    [InlineData("2026-09-30", 30, "2026-07-15T09:00:00Z")] // capped at the lifetime
    [InlineData("2026-06-15", 1, "2026-06-16T00:00:00Z")]  // window ends today: until midnight UTC
    public void DefaultExpiry_LatestWindowEndCappedByLifetime(string windowEnd, int lifetimeDays, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected), PortalStore.DefaultExpiry(Issued, [DateOnly.Parse("2026-06-10"), DateOnly.Parse(windowEnd)], lifetimeDays));

    [Theory]
    [InlineData(false, false, false, PortalLinkStatus.Active)]
    [InlineData(false, false, true, PortalLinkStatus.UsedUp)]
    [InlineData(true, false, true, PortalLinkStatus.Expired)]   // expiry wins over used up
    [InlineData(true, true, false, PortalLinkStatus.Revoked)]   // revocation wins over expiry
    public void Status_Precedence(bool expired, bool revoked, bool usedUp, string expected)
    {
        var expires = expired ? Issued.AddMinutes(-1) : Issued.AddDays(1);
        Assert.Equal(expected, PortalLinkStatus.Of(Issued, expires, revoked ? Issued.AddHours(-1) : null, usedUp));
        Assert.Equal(PortalLinkStatus.Expired, PortalLinkStatus.Of(Issued, Issued, null, false)); // the expiry instant itself is expired
    }

    [Theory]
    [InlineData("KNEE_R", "KOOS,PAIN_NRS")]
    [InlineData("HIP_L", "HOOS,PAIN_NRS")]
    [InlineData("LUMBAR", "ODI,PAIN_NRS")]
    [InlineData("SCI", "")] // clinician-scored: nothing for the portal
    public void ForTarget_PatientReportedInstruments(string target, string expected) =>
        Assert.Equal(expected, string.Join(",", PortalInstruments.ForTarget(target)));

    [Fact]
    public void Wording_WithoutLicensedText_UsesTheShortLabelsInTheLanguage()
    {
        var koos = OrthoRegen.Instruments.Koos.Definition;
        var item = PortalInstruments.Questions(koos)[0];
        var ko = PortalInstruments.Wording(koos, item, "ko", OrthoRegen.Instruments.LicensedWordingLibrary.Empty);
        Assert.Equal(item.Label.Ko, ko.Text);
        Assert.False(ko.Licensed);
        Assert.Equal(5, ko.Options.Count);
        Assert.False(PortalInstruments.FullyLicensed(koos, "ko", OrthoRegen.Instruments.LicensedWordingLibrary.Empty));
    }
}
