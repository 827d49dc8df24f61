using System.Globalization;
using OrthoRegen.Statistics.Meta;

namespace OrthoRegen.Tests.Statistics.Meta;

/// <summary>
/// Fixed reference results for metafor's own datasets (dat.bcg, dat.normand1999), committed with the script that
/// produced them (ReferenceData/meta_reference.R, R 4.2.2, metafor 3.8.1), so a failure reproduces without R.
/// </summary>
public sealed class MetaReferenceTests
{
    static readonly string Published = Path.Combine(AppContext.BaseDirectory, "Statistics", "Meta", "ReferenceData", "published");

    static readonly Lazy<Dictionary<string, Dictionary<string, string>>> Results = new(() =>
    {
        var all = new Dictionary<string, Dictionary<string, string>>();
        foreach (var line in File.ReadLines(Path.Combine(Published, "results.csv")).Skip(1))
        {
            var parts = line.Split(',', 3);
            if (!all.TryGetValue(parts[0], out var d)) all[parts[0]] = d = new(StringComparer.Ordinal);
            d[parts[1]] = parts[2];
        }
        return all;
    });

    public static TheoryData<string> CaseIds() => new(MetaCase.FromManifest(Published).Select(c => c.Id));

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Analyse_PublishedDataset_MatchesCommittedMetaforResultsWithin1e6(string id)
    {
        var c = MetaCase.FromManifest(Published).Single(x => x.Id == id);
        MetaKeys.AssertMatches(id, Results.Value[id], MetaKeys.From(c.Analyse()), relTol: 1e-6, absTol: 1e-9);
    }

    // The values metafor's documentation prints for the BCG example (4 decimals), from
    //   dat <- escalc("RR", ai=tpos, bi=tneg, ci=cpos, di=cneg, data=dat.bcg); res <- rma(yi, vi, data=dat)
    //   res; confint(res); predict(res); regtest(res); rma(yi, vi, mods = ~ ablat, data = dat)
    [Theory]
    [InlineData("estimate", -0.7145, 5e-5)]  // print(res): estimate
    [InlineData("se", 0.1798, 5e-5)]
    [InlineData("ci_lb", -1.0669, 5e-5)]
    [InlineData("ci_ub", -0.3622, 5e-5)]
    [InlineData("tau2", 0.3132, 5e-5)]      // tau^2 (estimated amount of total heterogeneity)
    [InlineData("I2", 92.22, 5e-3)]         // I^2 (total heterogeneity / total variability): 92.22%
    [InlineData("H2", 12.86, 5e-3)]
    [InlineData("Q", 152.2330, 5e-5)]       // Q(df = 12) = 152.2330
    [InlineData("tau2_lb", 0.1197, 5e-5)]   // confint(res): tau^2 0.3132 [0.1197, 1.1115]
    [InlineData("tau2_ub", 1.1115, 5e-5)]
    [InlineData("pi_lb", -1.8667, 5e-5)]    // predict(res): pi.lb -1.8667, pi.ub 0.4376
    [InlineData("pi_ub", 0.4376, 5e-5)]
    [InlineData("eg_stat", -0.8033, 5e-5)]  // regtest(res): z = -0.8033, p = 0.4218
    [InlineData("eg_p", 0.4218, 5e-5)]
    [InlineData("mr_b[2]", -0.0291, 5e-5)]  // mods = ~ ablat: ablat -0.0291, QM(df = 1) = 16.3582, R^2 = 75.63%
    [InlineData("mr_QM", 16.3582, 5e-5)]
    [InlineData("mr_R2", 75.63, 5e-3)]
    public void Analyse_BcgRiskRatioReml_ReproducesPublishedMetaforOutput(string key, double published, double absTol)
    {
        var c = MetaCase.FromManifest(Published).Single(x => x.Id == "bcg_RR_REML_z");
        var ours = MetaKeys.From(c.Analyse());
        MetaAssert.Close(published, ours[key]!.Value, 0, absTol, key);
        MetaAssert.Close(double.Parse(Results.Value[c.Id][key], CultureInfo.InvariantCulture), ours[key]!.Value, 1e-6, 1e-9, key + " vs committed file");
    }
}
