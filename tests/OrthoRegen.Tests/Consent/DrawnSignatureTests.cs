using OrthoRegen.Consent;

namespace OrthoRegen.Tests.Consent;

public class DrawnSignatureTests
{
    [Fact]
    public void Parse_TwoStrokes_NormalisesPathData()
    {
        var e = new FieldErrors();
        var s = DrawnSignature.Parse("M40 120 L80.12 60 L120,140  M260 100 L360.5 110", e);
        Assert.True(e.IsEmpty);
        Assert.Equal(2, s!.Strokes.Count);
        Assert.Equal("M40 120 L80.12 60 L120 140 M260 100 L360.5 110", s.PathData);
        Assert.StartsWith("<svg", s.ToSvg());
    }

    [Theory]
    [InlineData(null, "Draw your signature")] // nothing drawn
    [InlineData("M10 10 L12 12", "not enough")] // a tap
    [InlineData("M10 10 L700 10", "outside")] // off the canvas
    [InlineData("M10 10 L100 10 Z", "not valid")] // other commands
    [InlineData("M10 10 L100 10\"/><script>alert(1)</script>", "not valid")] // markup
    [InlineData("L10 10 L100 10", "not valid")] // no move-to first
    [InlineData("m10 10 l100 10", "not valid")] // relative commands
    public void Parse_Invalid_NamesSignatureField(string? data, string message)
    {
        var e = new FieldErrors();
        Assert.Null(DrawnSignature.Parse(data, e));
        Assert.Contains(message, e.ToDictionary()["signature"].Single());
    }

    [Fact]
    public void Parse_TooLarge_IsRefused()
    {
        var e = new FieldErrors();
        var huge = "M0 0" + string.Concat(Enumerable.Repeat(" L599.99 199.99 L0 0", 1600));
        Assert.Null(DrawnSignature.Parse(huge, e));
        Assert.Contains("too large", e.ToDictionary()["signature"].Single());
        var many = "M0 0" + string.Concat(Enumerable.Repeat(" L9 9 L0 0", 2100));
        var e2 = new FieldErrors();
        Assert.Null(DrawnSignature.Parse(many, e2));
        Assert.Contains("too many points", e2.ToDictionary()["signature"].Single());
    }
}
