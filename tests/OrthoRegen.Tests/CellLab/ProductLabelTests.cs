using OrthoRegen.CellLab;

namespace OrthoRegen.Tests.CellLab;

public class ProductLabelTests
{
    static ProductLabel Label(bool test = true) => new()
    {
        DinEyeReadable = Din.From("Z9999", 26, 1).EyeReadable, DinCode = "Z99992600000" + "1", CheckCharacter = Din.From("Z9999", 26, 1).CheckCharacter,
        ProductCode = "S1001A00", LotNumber = "L-1", PseudonymCode = "P-23456789K", CellSource = "BM_MSC", Origin = "AUTOLOGOUS",
        ExpiresAt = new DateTimeOffset(2026, 6, 18, 9, 0, 0, TimeSpan.Zero), IsTest = test,
    };

    [Fact]
    public void Lines_CarryDinWithCheckCharacterProductCodePseudonymAndExpiry()
    {
        var text = Label().Render();
        Assert.Contains("DIN Z9999 26 000001 00 [" + Din.From("Z9999", 26, 1).CheckCharacter + "]", text);
        Assert.Contains("PRODUCT S1001A00", text);
        Assert.Contains("RECIPIENT P-23456789K", text);
        Assert.Contains("EXPIRES 2026-06-18 09:00 UTC", text);
        Assert.Contains("FOR AUTOLOGOUS USE ONLY", text);
    }

    [Fact]
    public void Lines_FictitiousFin_SayTest()
    {
        Assert.StartsWith("TEST", Label().Lines()[0]);
        Assert.DoesNotContain("TEST", Label(test: false).Render());
    }
}
