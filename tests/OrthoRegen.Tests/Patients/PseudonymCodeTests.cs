using OrthoRegen.Patients;

namespace OrthoRegen.Tests.Patients;

public class PseudonymCodeTests
{
    [Fact]
    public void CheckCharacter_IsbtReferenceVector_IsH() =>
        // DOMAIN.md 3.4: DIN G123498654321 → checksum 17 → 'H' (ISBT 128 annex 2, ISO 7064 mod 37-2).
        Assert.Equal('H', Mod37_2.CheckCharacter("G123498654321"));

    [Fact]
    public void New_Codes_AreWellFormedAndDistinct()
    {
        var codes = Enumerable.Range(0, 500).Select(_ => PseudonymCode.New()).ToList();
        Assert.All(codes, c => Assert.True(PseudonymCode.IsWellFormed(c), c));
        Assert.Equal(codes.Count, codes.Distinct().Count());
    }

    [Fact]
    public void IsWellFormed_OneCharacterChanged_IsDetected()
    {
        var code = PseudonymCode.New();
        var changed = code[..5] + (code[5] == 'A' ? 'B' : 'A') + code[6..];
        Assert.False(PseudonymCode.IsWellFormed(changed));
    }
}
