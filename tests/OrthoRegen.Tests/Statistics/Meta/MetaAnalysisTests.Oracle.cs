using OrthoRegen.Statistics.Meta;

namespace OrthoRegen.Tests.Statistics.Meta;

/// <summary>
/// Generates the random datasets once and runs them all through R in a single Rscript call (R's start-up and
/// metafor's loading dominate the time of a small fit).
/// </summary>
public sealed class MetaOracleFixture
{
    public const int CasesPerModel = 6;

    internal IReadOnlyList<MetaCase> Cases { get; }
    internal MetaCase Oscillating { get; }
    internal Dictionary<string, Dictionary<string, string>> R { get; }

    public MetaOracleFixture()
    {
        var cases = new List<MetaCase>();
        var seed = 1000;
        foreach (var method in Enum.GetValues<Tau2>())
            foreach (var test in Enum.GetValues<MetaTest>())
                for (var i = 0; i < CasesPerModel; i++) cases.Add(MetaDatasets.Random(seed++, method, test));
        Cases = cases;
        // Seed 5002 is a dataset on which metafor's plain Fisher scoring oscillates between τ² ≈ 0.007 and 0.02.
        Oscillating = MetaDatasets.Random(5002, Tau2.Reml, MetaTest.Z) with { Id = "oscillating_c5002" };
        R = MetaOracle.Run([.. cases, Oscillating]);
    }
}

public sealed partial class MetaAnalysisTests(MetaOracleFixture oracle) : IClassFixture<MetaOracleFixture>
{
    public static TheoryData<Tau2, MetaTest> Models()
    {
        var data = new TheoryData<Tau2, MetaTest>();
        foreach (var method in Enum.GetValues<Tau2>())
            foreach (var test in Enum.GetValues<MetaTest>()) data.Add(method, test);
        return data;
    }

    // Every field of every block, for random datasets (seeds 1000…; k 2–100; SMD, MD, RR, OR, GEN; zero cells;
    // subgroups of size 1; τ² = 0 and large τ²), compared with
    //   Rscript ReferenceData/meta_oracle.R DIR   (metafor 3.8.1, tightened controls)
    [Theory]
    [MemberData(nameof(Models))]
    public void Analyse_RandomDatasets_MatchMetaforWithin1e6(Tau2 method, MetaTest test)
    {
        var cases = oracle.Cases.Where(c => c.Method == method && c.Test == test).ToList();
        Assert.Equal(MetaOracleFixture.CasesPerModel, cases.Count);
        foreach (var c in cases)
        {
            Assert.True(oracle.R.ContainsKey(c.Id), $"{c.Id}: R returned nothing");
            MetaKeys.AssertMatches(c.Id, oracle.R[c.Id], MetaKeys.From(c.Analyse()), relTol: 1e-6, absTol: 1e-9);
        }
    }

    // rma() on this dataset stops with "Fisher scoring algorithm did not converge" even with default controls;
    // metafor's help suggests control = list(stepadj = 0.5), which meta_oracle.R then uses.
    [Fact]
    public void Analyse_FisherScoringOscillates_MatchesMetaforWithStepAdjustment()
    {
        var c = oracle.Oscillating;
        var report = c.Analyse();
        Assert.True(report.Overall.Tau2 > 0, "the maximum is interior");
        MetaKeys.AssertMatches(c.Id, oracle.R[c.Id], MetaKeys.From(report), relTol: 1e-6, absTol: 1e-9);
    }
}
