using OrthoRegen.Safety;

namespace OrthoRegen.Tests.Safety;

public class SafetyRulesTests
{
    [Fact]
    public void Default_EveryItemNamesItsSource()
    {
        var r = SafetyRules.Default;
        Assert.NotEmpty(r.Version);
        Assert.All(r.ExpectedEvents, e => Assert.False(string.IsNullOrWhiteSpace(e.Source), e.Code));
        Assert.All(r.NeverExpected, e => Assert.False(string.IsNullOrWhiteSpace(e.Source), e.Code));
        Assert.All(r.Routing, e => Assert.False(string.IsNullOrWhiteSpace(e.Source), e.Pathway));
        Assert.All(new[] { r.Clocks.FatalOrLifeThreateningInitialDays, r.Clocks.CompletionAdditionalDays, r.Clocks.OtherSusarDays },
            c => Assert.False(string.IsNullOrWhiteSpace(c.Source)));
        Assert.Equal((7, 8, 15), (r.Clocks.FatalOrLifeThreateningInitialDays.Value, r.Clocks.CompletionAdditionalDays.Value, r.Clocks.OtherSusarDays.Value));
    }

    [Fact]
    public void Default_RoutesEveryConsentPathway() =>
        Assert.Equal(OrthoRegen.Patients.ConsentCodes.Pathways.Order(), SafetyRules.Default.Routing.Select(x => x.Pathway).Order());

    [Fact]
    public void Default_ListsTheA4DefaultsAndNeverExpectedRisks()
    {
        Assert.Equal(["INJECTION_SITE_PAIN", "SWELLING_EFFUSION", "TRANSIENT_FLARE", "HARVEST_SITE_PAIN_BRUISING", "HEADACHE_INTRATHECAL"],
            SafetyRules.Default.ExpectedEvents.Select(e => e.Code));
        Assert.Equal(["INFECTION", "ALLERGIC_IMMUNE", "ECTOPIC_TISSUE", "TUMOUR"], SafetyRules.Default.NeverExpected.Select(e => e.Code));
    }

    [Fact]
    public void Parse_UnknownAuthority_IsRefusedNamingIt()
    {
        var json = File.ReadAllText(Path.Combine(FindRepo(), "src/OrthoRegen/Safety/safety-rules.json")).Replace("\"CN_NHC\", \"IRB\"", "\"CN_NMPA\", \"IRB\"");
        Assert.Contains("CN_NMPA", Assert.Throws<InvalidOperationException>(() => SafetyRules.Parse(json)).Message);
    }

    [Fact]
    public void Parse_ClinicFile_OverridesTheClock()
    {
        var json = File.ReadAllText(Path.Combine(FindRepo(), "src/OrthoRegen/Safety/safety-rules.json"))
            .Replace("\"value\": 15,", "\"value\": 10,");
        Assert.Equal(10, SafetyRules.Parse(json).Clocks.OtherSusarDays.Value);
    }

    static string FindRepo()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OrthoRegen.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}
