using System.Globalization;
using System.Text;

namespace OrthoRegen.Evidence;

/// <summary>
/// One row of the GRADE summary of findings: the outcome, the pooled effect from the workspace (ratios also back-
/// transformed), the number of studies and patients, and the certainty the reviewer's ratings give.
/// </summary>
public sealed record FindingRow(string GradeId, int Version, string Outcome, string Measure, int Studies, int Patients,
    double? Estimate, double? CiLower, double? CiUpper, bool RatioScale, string? Problem, GradeRating Rating);

/// <summary>Builds the summary-of-findings table: every GRADE record analysed on the current library.</summary>
public sealed class SummaryOfFindings(ReviewStore reviews, EvidenceStore studies)
{
    public async Task<IReadOnlyList<FindingRow>> BuildAsync(CancellationToken ct)
    {
        var library = await studies.ListAsync(new StudyFilter(), ct);
        var rows = new List<FindingRow>();
        foreach (var g in await reviews.GradesAsync(ct))
        {
            var r = g.Body;
            var query = MetaWorkspace.Validate(new MetaRequest
            {
                Instrument = r.Outcome.Instrument, Subscale = r.Outcome.Subscale, Month = r.Outcome.Month, Measure = r.Measure,
                Method = r.Method, Test = r.Test, Clinic = false,
            });
            var q = ((Outcome<MetaQuery>.Done)query).Value;
            var w = MetaWorkspace.Analyse(q, library);
            var fit = w.Report?.Overall;
            var ratio = EvidenceCodes.IsRatio(r.Measure);
            double? T(double? v) => v is { } x && ratio ? Math.Exp(x) : v;
            rows.Add(new FindingRow(g.Id, g.Version, g.Title, r.Measure, w.Included.Count, w.Patients,
                T(fit?.Estimate), T(fit?.CiLower), T(fit?.CiUpper), ratio, w.Problem, r));
        }
        return rows;
    }

    public static string ToCsv(IReadOnlyList<FindingRow> rows)
    {
        var sb = new StringBuilder("outcome,measure,studies,patients,estimate,ci_lower,ci_upper,evidence,risk_of_bias,inconsistency,indirectness,imprecision,publication_bias,certainty\n");
        static string N(double? v) => v?.ToString("R", CultureInfo.InvariantCulture) ?? "";
        foreach (var r in rows)
            sb.AppendJoin(',', EvidenceCharts.Csv(r.Outcome), r.Measure, r.Studies, r.Patients, N(r.Estimate), N(r.CiLower), N(r.CiUpper),
                r.Rating.Evidence, r.Rating.RiskOfBias, r.Rating.Inconsistency, r.Rating.Indirectness, r.Rating.Imprecision,
                r.Rating.PublicationBias, r.Rating.Certainty).Append('\n');
        return sb.ToString();
    }
}
