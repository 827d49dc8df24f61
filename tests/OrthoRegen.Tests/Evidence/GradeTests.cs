using OrthoRegen.Evidence;

namespace OrthoRegen.Tests.Evidence;

public class GradeTests
{
    [Theory]
    [InlineData("RANDOMISED", "NO", "NO", "NO", "NO", "NO", 0, 0, 0, "HIGH")] // RCTs start high
    [InlineData("RANDOMISED", "SERIOUS", "NO", "NO", "NO", "NO", 0, 0, 0, "MODERATE")] // one serious concern: −1
    [InlineData("RANDOMISED", "SERIOUS", "NO", "NO", "SERIOUS", "NO", 0, 0, 0, "LOW")] // two serious: −2
    [InlineData("RANDOMISED", "VERY_SERIOUS", "NO", "NO", "SERIOUS", "NO", 0, 0, 0, "VERY_LOW")] // −3
    [InlineData("RANDOMISED", "VERY_SERIOUS", "VERY_SERIOUS", "SERIOUS", "SERIOUS", "SERIOUS", 0, 0, 0, "VERY_LOW")] // floor at very low
    [InlineData("OBSERVATIONAL", "NO", "NO", "NO", "NO", "NO", 0, 0, 0, "LOW")] // observational starts low
    [InlineData("OBSERVATIONAL", "NO", "NO", "NO", "NO", "SERIOUS", 0, 0, 0, "VERY_LOW")] // −1 from low
    [InlineData("OBSERVATIONAL", "NO", "NO", "NO", "NO", "NO", 2, 0, 0, "HIGH")] // very large effect: +2
    [InlineData("OBSERVATIONAL", "NO", "NO", "NO", "NO", "NO", 1, 1, 1, "HIGH")] // ceiling at high
    [InlineData("OBSERVATIONAL", "NO", "NO", "NO", "NO", "NO", 0, 1, 0, "MODERATE")] // dose-response: +1
    public void Certainty_FollowsTheHandbook(string evidence, string rob, string inc, string ind, string imp, string pub,
        int large, int dose, int conf, string expected) =>
        Assert.Equal(expected, Grade.Certainty(evidence, [rob, inc, ind, imp, pub], large, dose, conf));

    static GradeInput Input() => new()
    {
        Instrument = "PAIN_VAS", Subscale = "vas_mm", Month = 12, Measure = "MD", Method = "REML", Test = "z", Evidence = "RANDOMISED",
        RiskOfBias = "SERIOUS", Inconsistency = "NO", Indirectness = "NO", Imprecision = "VERY_SERIOUS", PublicationBias = "NO",
    };

    [Fact]
    public void Validate_Ratings_GiveCertainty()
    {
        var g = ((Outcome<GradeRating>.Done)Grade.Validate(Input())).Value;
        Assert.Equal("VERY_LOW", g.Certainty);
        Assert.Equal("REML", g.Method);
    }

    [Fact]
    public void Validate_UpgradeOfRandomisedEvidence_IsRefused()
    {
        var e = ((Outcome<GradeRating>.Invalid)Grade.Validate(Input() with { LargeEffect = 1 })).Errors;
        Assert.Equal([EvidenceMessages.UpgradeOnlyObservational], e["largeEffect"]);
    }

    [Fact]
    public void Validate_UnknownRatingAndMethod_AreNamed()
    {
        var e = ((Outcome<GradeRating>.Invalid)Grade.Validate(Input() with { Imprecision = "BAD", Method = "XYZ", Evidence = null })).Errors;
        Assert.Contains("imprecision", e.Keys);
        Assert.Contains("method", e.Keys);
        Assert.Contains("evidence", e.Keys);
    }
}
