using System.Globalization;
using OrthoRegen.Statistics;

namespace OrthoRegen.Tests.Statistics;

/// <summary>
/// survival's bundled datasets (aml, lung, veteran) and the results R gave for them, as committed files in
/// <c>ReferenceData/</c>; <c>ReferenceData/make_reference.R</c> produced them (R and package versions in its header).
/// </summary>
public static class ReferenceData
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Statistics", "ReferenceData");

    public static RTable Table(string file) => ROracle.ReadCsv(Folder, file);

    public sealed record Survival(double[] Time, bool[] Status, string[] Group, RTable Raw);

    /// <summary>survival::aml: weeks to relapse, maintained vs non-maintained chemotherapy.</summary>
    public static Survival Aml()
    {
        var t = Table("aml.csv");
        var idx = Enumerable.Range(0, t.Count).ToArray();
        return new Survival(idx.Select(i => t.Number(i, "time")!.Value).ToArray(), idx.Select(i => t.Number(i, "status") == 1).ToArray(),
            idx.Select(i => t.Text(i, "x")).ToArray(), t);
    }

    /// <summary>survival::lung without rows missing ph.ecog: days, status 0/1, age, sex (female/male), ph_ecog.</summary>
    public static Survival Lung()
    {
        var t = Table("lung.csv");
        var idx = Enumerable.Range(0, t.Count).ToArray();
        return new Survival(idx.Select(i => t.Number(i, "time")!.Value).ToArray(), idx.Select(i => t.Number(i, "status") == 1).ToArray(),
            idx.Select(i => t.Text(i, "sex")).ToArray(), t);
    }

    /// <summary>survival::veteran: Veterans' Administration lung cancer trial.</summary>
    public static Survival Veteran()
    {
        var t = Table("veteran.csv");
        var idx = Enumerable.Range(0, t.Count).ToArray();
        return new Survival(idx.Select(i => t.Number(i, "time")!.Value).ToArray(), idx.Select(i => t.Number(i, "status") == 1).ToArray(),
            idx.Select(i => t.Text(i, "celltype")).ToArray(), t);
    }

    public static double[] Column(RTable t, string name) => Enumerable.Range(0, t.Count).Select(i => t.Number(i, name)!.Value).ToArray();
    public static string[] Strings(RTable t, string name) => Enumerable.Range(0, t.Count).Select(i => t.Text(i, name)).ToArray();

    /// <summary>A (quantity, value) file as a dictionary.</summary>
    public static IReadOnlyDictionary<string, double> Values(string file)
    {
        var t = Table(file);
        return Enumerable.Range(0, t.Count).ToDictionary(i => t.Text(i, "quantity"), i => t.Number(i, "value")!.Value);
    }

    public static string Csv(string file) => File.ReadAllText(Path.Combine(Folder, file));

    /// <summary>Compares a KM fit with a reference step table and median file.</summary>
    public static void AssertKaplanMeier(IReadOnlyList<KaplanMeierCurve> curves, string tableFile, string medianFile, double relTol)
    {
        var km = Table(tableFile);
        var steps = curves.SelectMany(c => c.Steps.Select(s => (c.Group, s))).ToArray();
        Assert.Equal(km.Count, steps.Length);
        for (var r = 0; r < km.Count; r++)
        {
            var (g, s) = steps[r];
            var w = $"{tableFile} row {r + 1}";
            Assert.Equal(km.Text(r, "group"), g);
            Assert.Equal(km.Number(r, "time"), s.Time);
            Assert.Equal(km.Number(r, "n_risk"), s.NRisk);
            Assert.Equal(km.Number(r, "n_event"), s.NEvent);
            Assert.Equal(km.Number(r, "n_censor"), s.NCensor);
            RCompare.Close(km.Number(r, "surv"), s.Surv, relTol, w + " surv");
            RCompare.Close(km.Number(r, "std_err"), s.StdErr, relTol, w + " std_err");
            RCompare.Close(km.Number(r, "lower"), s.Lower, relTol, w + " lower");
            RCompare.Close(km.Number(r, "upper"), s.Upper, relTol, w + " upper");
        }
        var med = Table(medianFile);
        for (var r = 0; r < med.Count; r++)
        {
            Assert.Equal(med.Text(r, "group"), curves[r].Group);
            RCompare.Close(med.Number(r, "median"), curves[r].Median, relTol, "median");
            RCompare.Close(med.Number(r, "lower"), curves[r].MedianLower, relTol, "median lower");
            RCompare.Close(med.Number(r, "upper"), curves[r].MedianUpper, relTol, "median upper");
        }
    }

    public static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
