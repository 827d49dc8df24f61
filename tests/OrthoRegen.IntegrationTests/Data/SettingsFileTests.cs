using Microsoft.Extensions.Configuration;
using OrthoRegen.Candidacy;
using OrthoRegen.Safety;
using OrthoRegen.Treatment;

namespace OrthoRegen.IntegrationTests.Data;

/// <summary>The clinic settings files share one reader: defaults when unset, and a bad file stops start-up by name.</summary>
public sealed class SettingsFileTests : IDisposable
{
    readonly string _file = Path.GetTempFileName();

    public void Dispose() => File.Delete(_file);

    static IConfiguration Config(string key, string? path) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = path }).Build();

    [Fact]
    public void Unset_GivesTheEmbeddedDefaults()
    {
        Assert.Same(SafetyRules.Default, SettingsFile.Load(Config("Safety:RulesFile", null), "Safety:RulesFile", SafetyRules.Default, SafetyRules.Parse));
    }

    [Fact]
    public void ClinicCopyOfTheDefaults_LoadsAndEqualsThem()
    {
        File.WriteAllText(_file, SettingsFile.Embedded("Treatment/treatment-rules.json"));
        var loaded = SettingsFile.Load(Config("Treatment:RulesFile", _file), "Treatment:RulesFile", TreatmentThresholds.Default, TreatmentThresholds.Parse);
        Assert.NotSame(TreatmentThresholds.Default, loaded);
        Assert.Equal((TreatmentThresholds.Default.DoseTierMediumFromE6, TreatmentThresholds.Default.DoseTierHighFromE6), (loaded.DoseTierMediumFromE6, loaded.DoseTierHighFromE6));
    }

    [Fact]
    public void MisspeltField_IsRefused_NamingKeyFileAndField()
    {
        // A threshold under a wrong name must not be silently ignored in favour of nothing.
        File.WriteAllText(_file, SettingsFile.Embedded("Candidacy/candidacy-rules.json").Replace("\"description\"", "\"descriptoin\""));
        var e = Assert.Throws<InvalidOperationException>(() =>
            SettingsFile.Load(Config("Candidacy:RulesFile", _file), "Candidacy:RulesFile", CandidacyThresholds.Default, CandidacyThresholds.Parse));
        Assert.Contains("Candidacy:RulesFile", e.Message);
        Assert.Contains(_file, e.Message);
        Assert.Contains("descriptoin", e.Message);
    }

    [Fact]
    public void MissingFile_IsRefused_NamingKeyAndPath()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            SettingsFile.Load(Config("Safety:RulesFile", "/nonexistent/safety.json"), "Safety:RulesFile", SafetyRules.Default, SafetyRules.Parse));
        Assert.Contains("Safety:RulesFile", e.Message);
        Assert.Contains("/nonexistent/safety.json", e.Message);
    }
}
