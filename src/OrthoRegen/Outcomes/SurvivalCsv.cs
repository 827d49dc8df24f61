using System.Globalization;
using System.Text;

namespace OrthoRegen.Outcomes;

/// <summary>
/// The data behind the survival figures as CSV (RFC 4180, invariant culture, full precision, empty cell = not available):
/// the Kaplan-Meier step table, the number at risk, the per-member records (pseudonym codes only), the Cox terms and the
/// competing-risks curves.
/// </summary>
public static class SurvivalCsv
{
    public const string Steps = "steps";
    public const string AtRisk = "at-risk";
    public const string Subjects = "subjects";
    public const string Cox = "cox";
    public const string Competing = "competing";
    public static readonly IReadOnlyList<string> Parts = [Steps, AtRisk, Subjects, Cox, Competing];

    public static string Write(SurvivalResult r, string part)
    {
        var sb = new StringBuilder();
        switch (part)
        {
            case Steps:
                sb.Append("group,time_years,n_risk,n_event,n_censor,surv,std_err,lower,upper\n");
                foreach (var c in r.Curves)
                    foreach (var s in c.Steps)
                        Row(sb, c.Group, F(s.Time), I(s.NRisk), I(s.NEvent), I(s.NCensor), F(s.Surv), F(s.StdErr), F(s.Lower), F(s.Upper));
                break;
            case AtRisk:
                sb.Append("group,").Append(string.Join(',', r.AtRisk.Times.Select(t => "year_" + F(t)))).Append('\n');
                foreach (var row in r.AtRisk.Rows) Row(sb, [row.Group, .. row.Counts.Select(I)]);
                break;
            case Subjects:
                sb.Append("pseudonym_code,group,day0,end_on,time_years,endpoint,died,age,severity,bmi\n");
                foreach (var s in r.Subjects)
                    Row(sb, s.PseudonymCode, s.Group, D(s.DayZero), D(s.EndOn), F(s.Years), s.Endpoint ? "1" : "0", s.Died ? "1" : "0",
                        I(s.Age), s.Severity is { } sv ? I(sv) : "", F(s.Bmi));
                break;
            case Cox:
                sb.Append("term,coef,se,z,p,hazard_ratio,hr_lower,hr_upper\n");
                foreach (var t in r.Cox.Fit?.Terms ?? [])
                    Row(sb, t.Term, F(t.Coef), F(t.Se), F(t.Z), F(t.P), F(t.HazardRatio), F(t.HrLower), F(t.HrUpper));
                break;
            case Competing:
                sb.Append("group,curve,time_years,n_risk,estimate,lower,upper\n");
                foreach (var g in r.CompetingRisks?.Groups ?? [])
                {
                    foreach (var s in g.Replacement.Steps) Row(sb, g.Group, "cumulative_incidence", F(s.Time), I(s.NRisk), F(s.Estimate), F(s.Lower), F(s.Upper));
                    foreach (var s in g.KaplanMeier.Steps)
                        Row(sb, g.Group, "one_minus_km", F(s.Time), I(s.NRisk), F(1 - s.Surv), s.Upper is { } u ? F(1 - u) : "", s.Lower is { } l ? F(1 - l) : "");
                }
                break;
            default: throw new ArgumentException($"Unknown part {part}.", nameof(part));
        }
        return sb.ToString();
    }

    internal static string F(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("R", CultureInfo.InvariantCulture) : "";
    static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
    static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static void Row(StringBuilder sb, params string[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0) sb.Append(',');
            var c = cells[i];
            // Quote when needed; a leading formula character is neutralised for spreadsheets.
            if (c.Length > 0 && "=+-@".Contains(c[0]) && !double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) c = "'" + c;
            if (c.IndexOfAny([',', '"', '\n', '\r']) >= 0) sb.Append('"').Append(c.Replace("\"", "\"\"")).Append('"');
            else sb.Append(c);
        }
        sb.Append('\n');
    }
}
