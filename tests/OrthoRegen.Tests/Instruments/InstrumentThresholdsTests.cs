using OrthoRegen.Instruments;
using static OrthoRegen.Tests.Instruments.Responses;

namespace OrthoRegen.Tests.Instruments;

// A clinic's MCID/PASS threshold file (Instruments:ThresholdsFile) replacing the INSTRUMENTS.md defaults per instrument.
public class InstrumentThresholdsTests
{
    // A stricter knee MCID than Tubach's 19.9 mm / 40.8 %, and a PASS of 20 mm; no hip or low-back entries.
    const string Stricter = """
        {
          // clinic choice, 2026 protocol
          "instruments": {
            "PAIN_VAS": {
              "change": [ { "score": "vas_mm", "population": "knee_oa", "kind": "MinimalImportantChange",
                            "absolute": 30, "relativePercent": null, "source": "Clinic protocol 2026 §4" } ],
              "pass": [ { "score": "vas_mm", "population": "knee_oa", "value": 20, "source": "Clinic protocol 2026 §4" } ],
            }
          }
        }
        """;

    static InstrumentResult Vas(InstrumentCatalog catalog, decimal baseline, decimal followup, string? options = null) =>
        catalog.Score(new InstrumentRequest("PAIN_VAS",
            new Dictionary<string, Answer> { ["vas_mm"] = Answer.Of(followup) },
            options is null ? null : Options(options),
            new Dictionary<string, Answer> { ["vas_mm"] = Answer.Of(baseline) }));

    [Fact]
    public void Defaults_ExportAndParseBack_Unchanged()
    {
        var defaults = InstrumentThresholds.Of(Catalog);
        Assert.Contains(defaults, s => s.Instrument == "WOMAC");
        Assert.Empty(defaults.Single(s => s.Instrument == "KOOS").Pass); // INSTRUMENTS.md: no sourced KOOS PASS, none invented
        var parsed = InstrumentThresholds.Parse(InstrumentThresholds.ToJson(defaults), Catalog, out var problems);
        Assert.Empty(problems);
        Assert.Equal(defaults.Count, parsed!.Count);
        foreach (var (a, b) in defaults.Zip(parsed))
        {
            Assert.Equal(a.Instrument, b.Instrument);
            Assert.Equal(a.Change, b.Change);
            Assert.Equal(a.Pass, b.Pass);
        }
    }

    [Fact]
    public void ClinicFile_ReplacesTheInstrumentsThresholds_AndInterpretationUsesThem()
    {
        var sets = InstrumentThresholds.Parse(Stricter, Catalog, out var problems);
        Assert.Empty(problems);
        var clinic = Catalog.WithThresholds(sets!);

        // 60 -> 31 mm: improvement 29 passes Tubach's 19.9 but not the clinic's 30; PASS 32.3 met, clinic's 20 not.
        var byDefault = Vas(Catalog, 60, 31).Change!.Single(c => c.Score == "vas_mm");
        Assert.True(byDefault.ThresholdMet);
        Assert.True(byDefault.PassMet);
        var byClinic = Vas(clinic, 60, 31).Change!.Single(c => c.Score == "vas_mm");
        Assert.False(byClinic.ThresholdMet);
        Assert.False(byClinic.PassMet);
        Assert.Equal("Clinic protocol 2026 §4", byClinic.Threshold!.Source);

        // The file lists only knee_oa, so hip_oa is no longer a population for PAIN_VAS; other instruments are untouched.
        Assert.Equal(["knee_oa"], clinic.Find("PAIN_VAS")!.Definition.Populations);
        var hip = clinic.Score(new InstrumentRequest("PAIN_VAS", new Dictionary<string, Answer> { ["vas_mm"] = Answer.Of(10) },
            Options("""{"population":"hip_oa"}""")));
        Assert.Equal(ResultStatus.Rejected, hip.Status);
        Assert.Contains(hip.Errors, e => e.Item.Contains("population", StringComparison.Ordinal));
        Assert.Same(Catalog.Find("WOMAC"), clinic.Find("WOMAC"));
        Assert.Equal(Catalog.Find("PAIN_VAS")!.Definition.Items, clinic.Find("PAIN_VAS")!.Definition.Items);
    }

    [Theory]
    [InlineData("""{"instruments":{"KOOSS":{}}}""", "instruments.KOOSS: ")]
    [InlineData("""{"instruments":{"WOMAC":{"change":[{"score":"pain_1000","population":"knee_oa","absolute":5,"source":"x"}]}}}""", "instruments.WOMAC.change[0].score: WOMAC has no score 'pain_1000'")]
    [InlineData("""{"instruments":{"WOMAC":{"change":[{"score":"pain_100","population":"knee_oa","absolute":5}]}}}""", "instruments.WOMAC.change[0].source: required")]
    [InlineData("""{"instruments":{"WOMAC":{"change":[{"score":"pain_100","population":"knee_oa","source":"x"}]}}}""", "instruments.WOMAC.change[0]: give \"absolute\"")]
    [InlineData("""{"instruments":{"WOMAC":{"change":[{"score":"pain_100","population":"knee_oa","absolute":-5,"source":"x"}]}}}""", "instruments.WOMAC.change[0].absolute: an improvement threshold must be positive")]
    [InlineData("""{"instruments":{"WOMAC":{"change":[{"score":"pain_100","population":"knee_oa","absolute":"5","source":"x"}]}}}""", "instruments.WOMAC.change[0].absolute: expected a number")]
    [InlineData("""{"instruments":{"WOMAC":{"change":[{"score":"pain_100","population":"knee_oa","kind":"Big","absolute":5,"source":"x"}]}}}""", "instruments.WOMAC.change[0].kind: expected MinimalImportantChange or SmallestDetectableChange")]
    [InlineData("""{"instruments":{"WOMAC":{"pass":[{"score":"pain_100","population":"knee_oa","value":140,"source":"x"}]}}}""", "instruments.WOMAC.pass[0].value: 140 is outside pain_100's range 0–100")]
    [InlineData("""{"instruments":{"WOMAC":{"pass":[{"score":"pain_100","population":"knee_oa","value":30,"source":"x","note":"y"}]}}}""", "instruments.WOMAC.pass[0].note: unknown field")]
    [InlineData("""{"instruments":{"WOMAC":{"pass":[{"score":"pain_100","population":"a","value":30,"source":"x"},{"score":"pain_100","population":"a","value":31,"source":"y"}]}}}""", "instruments.WOMAC.pass: pain_100 for population a is given 2 times")]
    [InlineData("""{"instruments":{"WOMAC":{"mcid":[]}}}""", "instruments.WOMAC.mcid: unknown field")]
    [InlineData("""{"thresholds":{}}""", "instruments: expected an object")]
    [InlineData("""{"instruments":""", "Input is not JSON")]
    public void BadFile_IsRefusedWholly_WithTheJsonPathOfEachProblem(string json, string expected)
    {
        Assert.Null(InstrumentThresholds.Parse(json, Catalog, out var problems));
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void FromFile_MissingOrBadFile_StopsStartUpWithEveryProblem()
    {
        var missing = Assert.Throws<InvalidOperationException>(() => InstrumentThresholds.FromFile("/nonexistent/thresholds.json", Catalog));
        Assert.Contains("Instruments:ThresholdsFile", missing.Message);
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """{"instruments":{"WOMAC":{"pass":[{"score":"x","population":"a","value":1}]}}}""");
            var bad = Assert.Throws<InvalidOperationException>(() => InstrumentThresholds.FromFile(path, Catalog));
            Assert.Contains("pass[0].score", bad.Message);
            Assert.Contains("pass[0].source", bad.Message);
        }
        finally { File.Delete(path); }
    }
}
