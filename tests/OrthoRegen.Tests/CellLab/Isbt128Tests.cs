using OrthoRegen.CellLab;

namespace OrthoRegen.Tests.CellLab;

public class Isbt128Tests
{
    // DOMAIN.md 3.4: verified vector, UK Red Book annex 2 (ISO 7064 mod 37-2 over the 13 DIN characters; checksum 17 → H).
    [Fact]
    public void CheckCharacter_RedBookVector_IsH() => Assert.Equal('H', Isbt128.CheckCharacter("G123498654321"));

    [Fact]
    public void Din_FromParts_HasThirteenCharactersAndCheckCharacter()
    {
        var din = Din.From("G1234", 98, 654321);
        Assert.Equal(("G123498654321", 'H', "00"), (din.Code, din.CheckCharacter, din.Flags));
        Assert.Equal("G1234 98 654321 00 [H]", din.EyeReadable);
    }

    [Theory]
    [InlineData("G123498654321", true)]    // 13 characters, flags default 00
    [InlineData("G12349865432100", true)]  // with flags
    [InlineData("G1234986543", false)]     // too short
    [InlineData("112349865432100", false)] // FIN must start with a letter
    [InlineData("G123498000000", false)]   // sequence 0 is never issued
    public void Parse_Shapes(string text, bool ok) => Assert.Equal(ok, Din.Parse(text) is not null);

    [Fact]
    public void CheckCharacter_OneCharacterChanged_Differs() =>
        Assert.NotEqual(Isbt128.CheckCharacter("G123498654321"), Isbt128.CheckCharacter("G123498654322"));

    [Fact]
    public void ProductCode_IsEightCharacters_AndDivisionReplaces()
    {
        var p = ProductCode.From("S1001", 'A', "00");
        Assert.Equal("S1001A00", p.Code);
        Assert.Equal("S1001AB0", p.WithDivision("B0").Code);
        Assert.Equal(p, ProductCode.Parse("S1001A00"));
        Assert.Null(ProductCode.Parse("S1001A0"));
    }

    [Theory]
    [InlineData("AUTOLOGOUS", null, 'A')]
    [InlineData("ALLOGENEIC", "RELATED", 'D')]
    [InlineData("ALLOGENEIC", "BIRTH_TISSUE", 'V')]
    public void CollectionTypeFor_OriginAndDonor(string origin, string? donorType, char expected) =>
        Assert.Equal(expected, Isbt128.CollectionTypeFor(origin, donorType));

    [Fact]
    public void Options_DefaultFin_IsFictitiousAndFlaggedTest()
    {
        var o = new CellLabOptions();
        Assert.True(o.IsTestFacility);
        Assert.False((o with { FacilityIdentificationNumber = "G1234" }).IsTestFacility);
    }
}
