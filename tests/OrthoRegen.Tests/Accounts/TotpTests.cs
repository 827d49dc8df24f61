using System.Text;
using OrthoRegen.Accounts;

namespace OrthoRegen.Tests.Accounts;

public class TotpTests
{
    static readonly byte[] RfcSecret = Encoding.ASCII.GetBytes("12345678901234567890");

    // RFC 4226 appendix D: HOTP values for the ASCII secret "12345678901234567890", counters 0-9.
    [Theory]
    [InlineData(0, "755224")]
    [InlineData(1, "287082")]
    [InlineData(2, "359152")]
    [InlineData(3, "969429")]
    [InlineData(4, "338314")]
    [InlineData(5, "254676")]
    [InlineData(6, "287922")]
    [InlineData(7, "162583")]
    [InlineData(8, "399871")]
    [InlineData(9, "520489")]
    public void Hotp_Rfc4226AppendixD_Matches(long counter, string expected) =>
        Assert.Equal(expected, Totp.Hotp(RfcSecret, counter));

    // RFC 6238 appendix B, SHA-1 rows (8 digits, T0 = 0, X = 30 s).
    [Theory]
    [InlineData(59L, "94287082")]
    [InlineData(1111111109L, "07081804")]
    [InlineData(1111111111L, "14050471")]
    [InlineData(1234567890L, "89005924")]
    [InlineData(2000000000L, "69279037")]
    [InlineData(20000000000L, "65353130")]
    public void CodeAt_Rfc6238AppendixB_Matches(long unixSeconds, string expected) =>
        Assert.Equal(expected, Totp.CodeAt(RfcSecret, DateTimeOffset.FromUnixTimeSeconds(unixSeconds), digits: 8));

    [Theory]
    [InlineData(0L, 0L)]
    [InlineData(29L, 0L)]
    [InlineData(30L, 1L)]   // a step starts on the boundary
    [InlineData(59L, 1L)]
    [InlineData(1111111109L, 37037036L)] // RFC 6238 appendix B's T column (0x00000000023523EC)
    public void TimeStepAt_CountsThirtySecondSteps(long unixSeconds, long step) =>
        Assert.Equal(step, Totp.TimeStepAt(DateTimeOffset.FromUnixTimeSeconds(unixSeconds)));

    [Fact]
    public void MatchingStep_AcceptsOneStepEitherSide_NotTwo()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_010);
        var current = Totp.TimeStepAt(now);
        Assert.Equal(current, Totp.MatchingStep(RfcSecret, Totp.Hotp(RfcSecret, current), now));
        Assert.Equal(current - 1, Totp.MatchingStep(RfcSecret, Totp.Hotp(RfcSecret, current - 1), now));
        Assert.Equal(current + 1, Totp.MatchingStep(RfcSecret, Totp.Hotp(RfcSecret, current + 1), now));
        Assert.Null(Totp.MatchingStep(RfcSecret, Totp.Hotp(RfcSecret, current - 2), now));
        Assert.Null(Totp.MatchingStep(RfcSecret, Totp.Hotp(RfcSecret, current + 2), now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12345")]     // too short
    [InlineData("1234567")]   // too long
    [InlineData("12a456")]    // not digits
    [InlineData("１２３４５６")] // full-width digits are not ASCII digits
    public void MatchingStep_NotSixAsciiDigits_IsNoMatch(string? code) =>
        Assert.Null(Totp.MatchingStep(RfcSecret, code, DateTimeOffset.FromUnixTimeSeconds(59)));

    [Fact]
    public void MatchingStep_SpacesInside_AreIgnored()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(59);
        var code = Totp.CodeAt(RfcSecret, now);
        Assert.NotNull(Totp.MatchingStep(RfcSecret, code[..3] + " " + code[3..], now));
    }

    // RFC 4648 section 10 test vectors, without the '=' padding.
    [Theory]
    [InlineData("", "")]
    [InlineData("f", "MY")]
    [InlineData("fo", "MZXQ")]
    [InlineData("foo", "MZXW6")]
    [InlineData("foob", "MZXW6YQ")]
    [InlineData("fooba", "MZXW6YTB")]
    [InlineData("foobar", "MZXW6YTBOI")]
    public void Base32_Rfc4648Vectors_RoundTrip(string plain, string encoded)
    {
        Assert.Equal(encoded, Base32.Encode(Encoding.ASCII.GetBytes(plain)));
        Assert.Equal(plain, Encoding.ASCII.GetString(Base32.Decode(encoded)!));
        Assert.Equal(plain, Encoding.ASCII.GetString(Base32.Decode(encoded.ToLowerInvariant() + "===")!));
    }

    [Fact]
    public void Base32_Decode_RejectsCharactersOutsideTheAlphabet() => Assert.Null(Base32.Decode("MZXW1")); // '1' is not base32

    [Fact]
    public void OtpauthUri_NamesIssuerAccountAndParameters()
    {
        var uri = Totp.OtpauthUri("OrthoRegen", "qa.kim", RfcSecret);
        Assert.Equal("otpauth://totp/OrthoRegen:qa.kim?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=OrthoRegen&algorithm=SHA1&digits=6&period=30", uri);
    }
}
