using OrthoRegen.Instruments;
using static OrthoRegen.Tests.Instruments.Responses;

namespace OrthoRegen.Tests.Instruments;

// Harris Hip Score 1969 (INSTRUMENTS.md §7): pain 44 + function 47 + deformity 4 + ROM 5; higher = better.
public class HarrisHipTests
{
    static Dictionary<string, Answer> Best() => new()
    {
        ["pain"] = Answer.Of(44), ["limp"] = Answer.Of(11), ["support"] = Answer.Of(11), ["distance"] = Answer.Of(11),
        ["stairs"] = Answer.Of(4), ["shoes_socks"] = Answer.Of(4), ["sitting"] = Answer.Of(5), ["public_transport"] = Answer.Of(1),
        ["def_flexion_contracture_lt_30"] = Answer.Of(true), ["def_fixed_adduction_lt_10"] = Answer.Of(true),
        ["def_fixed_internal_rotation_lt_10"] = Answer.Of(true), ["def_leg_length_diff_lt_3_2cm"] = Answer.Of(true),
        ["rom_flexion"] = Answer.Of(120), ["rom_abduction"] = Answer.Of(45), ["rom_adduction"] = Answer.Of(30),
        ["rom_external_rotation"] = Answer.Of(45), ["rom_internal_rotation"] = Answer.Of(40),
    };

    static Dictionary<string, Answer> Worst() => Best().ToDictionary(kv => kv.Key,
        kv => kv.Value.Kind == AnswerKind.Boolean ? Answer.Of(false) : Answer.Of(0));

    static Dictionary<string, Answer> Angles(Dictionary<string, Answer> items, decimal flexion, decimal abduction, decimal adduction, decimal external, decimal internalRotation) =>
        items.With("rom_flexion", Answer.Of(flexion)).With("rom_abduction", Answer.Of(abduction)).With("rom_adduction", Answer.Of(adduction))
            .With("rom_external_rotation", Answer.Of(external)).With("rom_internal_rotation", Answer.Of(internalRotation));

    [Fact]
    public void Score_AllBest_Is100Excellent()
    {
        var r = Score("HHS", Best());
        AssertOk(r);
        Assert.Equal([44m, 47m, 4m, 5m, 100m], r.Scores.Select(s => s.Value!.Value));
        Assert.Equal("excellent", r.Band!.Code);
        Assert.Equal("harris1969", r.Options!["rom_method"]);
    }

    [Fact]
    public void Score_AllWorst_Is0Poor()
    {
        var r = Score("HHS", Worst());
        Assert.Equal([0m, 0m, 0m, 0m, 0m], r.Scores.Select(s => s.Value!.Value));
        Assert.Equal("poor", r.Band!.Code);
    }

    [Fact]
    public void Harris1969Index_FullRange_Is100Point5()
    {
        // INSTRUMENTS.md §7 worked example: a full range gives index 100.5 -> ROM points capped at 5.
        Assert.Equal(100.5m, HarrisHip.Harris1969Index(110, 20, 15, 15));
        Assert.Equal(100.5m, HarrisHip.Harris1969Index(140, 50, 40, 60)); // beyond the arcs adds nothing
    }

    [Theory]
    [InlineData(90, 10, 10, 10, 10, "harris1969", 4.3)]      // index 45 + 27 + 8 + 4 + 2 = 86 -> 4.3
    [InlineData(90, 10, 10, 10, 10, "total_arc_table", 3.0)] // total 130 degrees -> 101-160 -> 3
    [InlineData(30, 0, 0, 0, 0, "harris1969", 1.5)]          // index 30 -> 1.5
    [InlineData(30, 0, 0, 0, 0, "total_arc_table", 0.0)]     // total 30 -> 0
    [InlineData(100, 20, 15, 15, 10, "harris1969", 4.875)]   // 45 + 27 + 3 + 12 + 1.5 + 3 + 6 = 97.5 -> 4.875
    public void Score_RomMethods_GiveTheirPoints(double flexion, double abduction, double adduction, double external, double internalRotation,
        string method, double points)
    {
        var r = Score("HHS", Angles(Best(), (decimal)flexion, (decimal)abduction, (decimal)adduction, (decimal)external, (decimal)internalRotation),
            $$"""{"rom_method":"{{method}}"}""");
        AssertOk(r);
        AssertClose(points, r.Value("rom"), 1e-6);
        AssertClose(95 + points, r.Value("total"), 1e-6);
    }

    [Theory]
    [InlineData(30, 0)]     // top of 0-30
    [InlineData(30.5, 0)]   // between rows: lower row
    [InlineData(31, 1)]     // bottom of 31-60
    [InlineData(60, 1)]     // top
    [InlineData(61, 2)]     // bottom of 61-100
    [InlineData(100, 2)]    // top
    [InlineData(101, 3)]    // bottom of 101-160
    [InlineData(160, 3)]    // top
    [InlineData(161, 4)]    // bottom of 161-210
    [InlineData(210, 4)]    // top
    [InlineData(211, 5)]    // >= 211
    public void TotalArcPoints_TableEdges(double degrees, int points) =>
        Assert.Equal(points, HarrisHip.TotalArcPoints((decimal)degrees));

    [Theory]
    [InlineData("all_or_none", 3, 0)] // one criterion failed: no points
    [InlineData("all_or_none", 4, 4)] // all four met
    [InlineData("per_item", 3, 3)]    // one point each
    [InlineData("per_item", 0, 0)]    // none met
    public void Score_DeformityMethods(string method, int met, int points)
    {
        var items = Best();
        var criteria = items.Keys.Where(k => k.StartsWith("def_")).ToList();
        foreach (var c in criteria.Skip(met)) items[c] = Answer.Of(false);
        var r = Score("HHS", items, $$"""{"deformity_method":"{{method}}"}""");
        Assert.Equal(points, r.Value("deformity"));
    }

    [Fact]
    public void Score_RomPointsDirect_ReplacesAngles()
    {
        var items = Best().Without("rom_flexion", "rom_abduction", "rom_adduction", "rom_external_rotation", "rom_internal_rotation")
            .With("rom_points", Answer.Of(3.5m));
        var r = Score("HHS", items);
        Assert.Equal(3.5m, r.Value("rom"));
        Assert.Equal(98.5m, r.Value("total"));
        Assert.Equal("excellent", r.Band!.Code);
    }

    [Fact]
    public void Score_RomPointsAndAngles_IsRejected()
    {
        var r = Score("HHS", Best().With("rom_points", Answer.Of(5)));
        Assert.Equal(new ItemError("rom_points", InstrumentMessages.RomBothWays), Assert.Single(r.Errors));
    }

    [Theory]
    [InlineData("rom_internal_rotation", "rom")] // 4 of 5 angles
    [InlineData("sitting", "function")]          // one function item
    [InlineData("def_fixed_adduction_lt_10", "deformity")] // one deformity criterion
    [InlineData("pain", "pain")]                 // the pain item
    public void Score_OneItemMissing_PartAndTotalNull(string item, string part)
    {
        var r = Score("HHS", Best().Without(item));
        AssertOk(r);
        Assert.Null(r.Value(part));
        Assert.Null(r.Value("total"));
        Assert.Null(r.Band);
    }

    [Theory]
    [InlineData(89.5, "good")]  // below 90: lower-bound rule
    [InlineData(90, "excellent")] // bottom of excellent
    [InlineData(80, "good")]    // bottom of good
    [InlineData(79.9, "fair")]  // below 80
    [InlineData(70, "fair")]    // bottom of fair
    [InlineData(69.9, "poor")]  // below 70
    public void Bands_Edges(double total, string band) =>
        Assert.Equal(band, HarrisHip.Definition.Score("total").Bands!.Of((decimal)total)!.Code);

    [Theory]
    [InlineData("rom_flexion", "181", "Answer to item rom_flexion must be between 0 and 180 degrees.")] // beyond 180
    [InlineData("pain", "43", "Answer to item pain must be one of 0, 10, 20, 30, 40, 44.")]           // not an option
    [InlineData("def_fixed_adduction_lt_10", "1", "Answer to item def_fixed_adduction_lt_10 must be true or false, not a number.")] // 1 for true
    [InlineData("rom_points", "5.5", "Answer to item rom_points must be between 0 and 5 points.")]   // above 5
    public void Score_BadValue_IsRejected(string item, string json, string message)
    {
        var r = ScoreJson($$"""{"instrument":"HHS","items":{"{{item}}":{{json}} } }""");
        Assert.Equal(message, Assert.Single(r.Errors).Message);
    }

    [Fact]
    public void Score_BadMethodName_IsRejected()
    {
        var r = Score("HHS", Best(), """{"rom_method":"harris"}""");
        Assert.Equal("options.rom_method", Assert.Single(r.Errors).Item);
    }
}
