using OrthoRegen.Statistics;
using OrthoRegen.Statistics.Meta;

namespace OrthoRegen.Evidence;

/// <summary>One study of the workspace as the API returns it: included with its effect, or excluded with the reason.</summary>
public sealed record StudyLine(string StudyId, string Label, int Year, string Design, string? CellSource, string? Route, double? DoseCellsE6,
    string? Basis, int? Patients, double? Yi, double? Vi, double? Weight, double? CiLower, double? CiUpper, string? Excluded);

/// <summary>A (lower, upper) interval with named fields (tuples do not serialise to JSON).</summary>
public sealed record Interval(double Lower, double Upper);

/// <summary>
/// The workspace result in a shape for JSON and pages: the engine's own records (MetaFit's numbers, SubgroupAnalysis,
/// MetaRegressionFit, EggerTest, leave-one-out and cumulative rows) with tuples replaced by <see cref="Interval"/>.
/// </summary>
public sealed record MetaWorkspaceView(
    MetaQuery Query, string EffectLabel, IReadOnlyList<StudyLine> Studies, int K, int Patients, string? Problem,
    double? Estimate, double? StandardError, double? CiLower, double? CiUpper, double? PValue, Interval? PredictionInterval,
    double? Tau2, double? I2, double? H2, double? Q, int? QDf, double? QPValue, HeterogeneityInterval? Tau2Interval,
    SubgroupAnalysis? Subgroups, string? SubgroupNote,
    MetaRegressionFit? MetaRegression, int MetaRegressionK, string? MetaRegressionNote,
    EggerTest? Egger, int? TrimFillK0, string? TrimFillSide, double? TrimFillEstimate, double? TrimFillCiLower, double? TrimFillCiUpper,
    string? PublicationBiasNote,
    IReadOnlyList<LeaveOneOutRow>? LeaveOneOut, IReadOnlyList<CumulativeRow>? Cumulative,
    ClinicRow? Clinic, bool ClinicDrawn, string? ClinicNote)
{
    public static MetaWorkspaceView From(MetaWorkspaceResult w)
    {
        var fit = w.Report?.Overall;
        var included = w.Included.ToList();
        var lines = w.Contributions.Select(c =>
        {
            var i = included.FindIndex(x => ReferenceEquals(x, c));
            var r = i >= 0 && fit is not null ? fit.Studies[i] : null;
            var d = c.Study.Data;
            return new StudyLine(c.Study.Id, d.Label, d.Year, d.Design, MetaWorkspace.CellSourceOf(d), d.Route, MetaWorkspace.DoseOf(d), c.Basis, c.Patients,
                c.Effect?.Yi, c.Effect?.Vi, r?.Weight, r?.CiLower, r?.CiUpper, c.Excluded ?? (fit is null && c.Effect is not null ? w.Problem : null));
        }).ToList();
        var tf = w.Report?.TrimFill;
        return new MetaWorkspaceView(w.Query, w.Query.EffectLabel, lines, included.Count, w.Patients, w.Problem,
            fit?.Estimate, fit?.StandardError, fit?.CiLower, fit?.CiUpper, fit?.PValue,
            fit?.PredictionInterval is { } pi ? new Interval(pi.Lower, pi.Upper) : null,
            fit?.Tau2, fit?.I2, fit?.H2, fit?.Q, fit?.QDf, fit?.QPValue, fit?.Tau2Interval,
            w.Report?.Subgroups, w.SubgroupNote, w.MetaRegression, w.MetaRegressionK, w.MetaRegressionNote,
            w.Report?.Egger, tf?.K0, tf?.Side.Code(), tf?.Estimate, tf?.CiLower, tf?.CiUpper, w.PublicationBiasNote,
            w.Report?.LeaveOneOut, w.Report?.Cumulative, w.Clinic, EvidenceCharts.ClinicDrawn(w), w.ClinicNote);
    }
}
