using System.Globalization;
using OrthoRegen.Instruments;

namespace OrthoRegen.Tests.Instruments;

// INSTRUMENTS.md "Arithmetic": round half away from zero to 4 decimals.
public class ScoreMathTests
{
    [Theory]
    [InlineData("35.55555555", "35.5556")] // 16/45 x 100
    [InlineData("2.00005", "2.0001")]      // exact half: away from zero
    [InlineData("-2.00005", "-2.0001")]    // negative half: away from zero
    [InlineData("2.00004999", "2")]        // just under half; trailing zeros dropped
    [InlineData("43.50", "43.5")]          // trailing zero dropped
    [InlineData("100.0000", "100")]        // whole number printed as such
    [InlineData("0", "0")]                 // zero
    public void Round4_Value_RoundsHalfAwayAndDropsTrailingZeros(string input, string expected) =>
        Assert.Equal(expected, ScoreMath.Round4(decimal.Parse(input, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture));
}
