using System.Globalization;
using System.Text;
using OrthoRegen.Charts;
using OrthoRegen.Statistics.Meta;

namespace OrthoRegen.Evidence;

/// <summary>The texts of the clinic's row on the forest plot (the API default: <see cref="English"/>).</summary>
/// <param name="Row">{0} = n of the clinic side.</param>
/// <param name="Versus">Appended for a comparison cohort: {0} = its name, {1} = its n.</param>
/// <param name="Note">Under the row: says it is non-randomised registry data.</param>
public sealed record ClinicRowLabels(string Row, string Versus, string Note)
{
    public static ClinicRowLabels English { get; } = new("Clinic registry, n = {0}", " vs {0}, n = {1}", "non-randomised registry data");
}

/// <summary>
/// The workspace's charts and their data. The forest plot is <see cref="ForestPlot"/> with the clinic's registry result
/// (<see cref="ClinicRow.Effect"/>, on the measure's analysis scale) as its extra row under the pooled diamond.
/// </summary>
public static class EvidenceCharts
{
    public static string Forest(MetaWorkspaceResult w, ForestLabels? labels = null, ClinicRowLabels? clinicLabels = null)
    {
        var fit = w.Report?.Overall ?? throw new ArgumentException("No fitted model.", nameof(w));
        return ForestPlot.Render(fit, w.Query.EffectLabel, labels, ClinicOnPlot(w, clinicLabels ?? ClinicRowLabels.English));
    }

    public static string Funnel(MetaWorkspaceResult w, FunnelLabels? labels = null)
    {
        var report = w.Report ?? throw new ArgumentException("No fitted model.", nameof(w));
        return FunnelPlot.Render(report.Overall, w.Query.EffectLabel, report.TrimFill, labels);
    }

    /// <summary>The forest plot's numbers: one row per study, the pooled estimate, the prediction interval and the clinic.</summary>
    public static string ForestCsv(MetaWorkspaceResult w)
    {
        var fit = w.Report?.Overall ?? throw new ArgumentException("No fitted model.", nameof(w));
        var sb = new StringBuilder("series,study,basis,yi,vi,ci_lower,ci_upper,weight_percent,n\n");
        var included = w.Included;
        for (var i = 0; i < fit.Studies.Count; i++)
        {
            var r = fit.Studies[i];
            var c = included[i];
            sb.AppendJoin(',', "study", Csv(r.Study), c.Basis, G(r.Yi), G(r.Vi), G(r.CiLower), G(r.CiUpper), G(r.Weight), c.Patients?.ToString(CultureInfo.InvariantCulture) ?? "").Append('\n');
        }
        sb.AppendJoin(',', "pooled", Csv(fit.Method == Tau2.FixedEffect ? "Fixed-effect model" : "Random-effects model"), "", G(fit.Estimate),
            G(fit.StandardError * fit.StandardError), G(fit.CiLower), G(fit.CiUpper), "100", w.Patients.ToString(CultureInfo.InvariantCulture)).Append('\n');
        if (fit.PredictionInterval is { } p)
            sb.AppendJoin(',', "prediction", "Prediction interval", "", G(fit.Estimate), "", G(p.Lower), G(p.Upper), "", "").Append('\n');
        if (w.Clinic is { Effect: { } e } cl)
            sb.AppendJoin(',', "clinic", Csv(EvidenceMessages.ClinicLabel + (cl.ComparisonName is { } cn ? " vs " + cn : "")), e.Definition, G(e.Estimate),
                G(e.Variance), G(e.Lower), G(e.Upper), "", cl.Change.N.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return sb.ToString();
    }

    public static string FunnelCsv(MetaWorkspaceResult w)
    {
        var report = w.Report ?? throw new ArgumentException("No fitted model.", nameof(w));
        var sb = new StringBuilder("series,study,yi,se\n");
        foreach (var s in report.Overall.Studies) sb.AppendJoin(',', "study", Csv(s.Study), G(s.Yi), G(Math.Sqrt(s.Vi))).Append('\n');
        foreach (var f in report.TrimFill?.Filled ?? []) sb.AppendJoin(',', "filled", "", G(f.Yi), G(Math.Sqrt(f.Vi))).Append('\n');
        return sb.ToString();
    }

    /// <summary>The clinic's row when its effect could be computed on the workspace's measure.</summary>
    static ForestExtraRow? ClinicOnPlot(MetaWorkspaceResult w, ClinicRowLabels l)
    {
        if (w.Clinic is not { Effect: { } e } c) return null;
        var label = string.Format(CultureInfo.InvariantCulture, l.Row, c.Change.N)
            + (c.Comparison is { } cmp ? string.Format(CultureInfo.InvariantCulture, l.Versus, c.ComparisonName, cmp.Change.N) : "");
        return new ForestExtraRow(label, l.Note, e.Estimate, e.Lower, e.Upper);
    }

    public static bool ClinicDrawn(MetaWorkspaceResult w) => w.Clinic?.Effect is not null;

    internal static string G(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    internal static string Csv(string s) => s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
