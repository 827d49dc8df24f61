using System.Text.Encodings.Web;
using System.Text.Json;
using OrthoRegen.Statistics.Meta;

namespace OrthoRegen.Cli.Statistics;

/// <summary>
/// The JSON of <c>orthoregen meta</c>, with the field names of issue 4 written explicitly (I2, QM and Q_df are not
/// snake_case, so the shared naming policy cannot produce them). Blocks not asked for are absent; values that do not
/// exist for the model (τ² limits and prediction interval of a fixed-effect model) are null.
/// </summary>
public static class MetaJson
{
    public static void Write(Stream stream, MetaReport report, EffectMeasure measure)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var o = report.Overall;
        w.WriteStartObject();
        w.WriteNumber("k", o.K);
        w.WriteString("measure", measure.Code());
        w.WriteString("method", o.Method.Code());
        w.WriteString("test", o.Test.Code());
        w.WriteNumber("estimate", o.Estimate);
        w.WriteNumber("se", o.StandardError);
        Num(w, "statistic", o.Statistic);
        Num(w, "pval", o.PValue);
        w.WriteNumber("ci_lb", o.CiLower);
        w.WriteNumber("ci_ub", o.CiUpper);
        w.WriteNumber("tau2", o.Tau2);
        Num(w, "tau2_lb", o.Tau2Interval?.Tau2Lower);
        Num(w, "tau2_ub", o.Tau2Interval?.Tau2Upper);
        w.WriteNumber("tau", o.Tau);
        w.WriteNumber("I2", o.I2);
        Num(w, "I2_lb", o.Tau2Interval?.I2Lower);
        Num(w, "I2_ub", o.Tau2Interval?.I2Upper);
        w.WriteNumber("H2", o.H2);
        w.WriteNumber("Q", o.Q);
        w.WriteNumber("Q_df", o.QDf);
        w.WriteNumber("Q_pval", o.QPValue);
        Num(w, "pi_lb", o.PredictionInterval?.Lower);
        Num(w, "pi_ub", o.PredictionInterval?.Upper);
        w.WriteStartArray("studies");
        foreach (var s in o.Studies)
        {
            w.WriteStartObject();
            w.WriteString("study", s.Study);
            w.WriteNumber("yi", s.Yi);
            w.WriteNumber("vi", s.Vi);
            w.WriteNumber("weight", s.Weight);
            w.WriteNumber("ci_lb", s.CiLower);
            w.WriteNumber("ci_ub", s.CiUpper);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        if (report.Subgroups is { } sg)
        {
            w.WriteStartObject("subgroups");
            Num(w, "QM", sg.QM);
            w.WriteNumber("QM_df", sg.QMDf);
            Num(w, "QM_pval", sg.QMPValue);
            w.WriteNumber("Q_between", sg.QBetween);
            w.WriteNumber("Q_between_df", sg.QBetweenDf);
            w.WriteNumber("Q_between_pval", sg.QBetweenPValue);
            w.WriteStartArray("groups");
            foreach (var g in sg.Groups)
            {
                w.WriteStartObject();
                w.WriteString("group", g.Group);
                w.WriteNumber("k", g.K);
                w.WriteNumber("estimate", g.Estimate);
                w.WriteNumber("se", g.StandardError);
                w.WriteNumber("ci_lb", g.CiLower);
                w.WriteNumber("ci_ub", g.CiUpper);
                w.WriteNumber("tau2", g.Tau2);
                w.WriteNumber("I2", g.I2);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        if (report.MetaRegression is { } mr)
        {
            w.WriteStartObject("meta_regression");
            w.WriteStartArray("terms");
            foreach (var t in mr.Terms)
            {
                w.WriteStartObject();
                w.WriteString("term", t.Term);
                w.WriteNumber("estimate", t.Estimate);
                w.WriteNumber("se", t.StandardError);
                Num(w, "statistic", t.Statistic);
                Num(w, "pval", t.PValue);
                w.WriteNumber("ci_lb", t.CiLower);
                w.WriteNumber("ci_ub", t.CiUpper);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("QM", mr.QM);
            w.WriteNumber("QM_pval", mr.QMPValue);
            w.WriteNumber("tau2", mr.Tau2);
            w.WriteNumber("R2", mr.R2);
            w.WriteEndObject();
        }
        if (report.Egger is { } eg)
        {
            w.WriteStartObject("egger");
            w.WriteNumber("statistic", eg.Statistic);
            w.WriteNumber("pval", eg.PValue);
            w.WriteNumber("limit_estimate", eg.LimitEstimate);
            w.WriteEndObject();
        }
        if (report.TrimFill is { } tf)
        {
            w.WriteStartObject("trimfill");
            w.WriteNumber("k0", tf.K0);
            w.WriteString("side", tf.Side.Code());
            w.WriteNumber("estimate", tf.Estimate);
            w.WriteNumber("ci_lb", tf.CiLower);
            w.WriteNumber("ci_ub", tf.CiUpper);
            w.WriteEndObject();
        }
        if (report.LeaveOneOut is { } l1)
        {
            w.WriteStartArray("leave1out");
            foreach (var r in l1)
            {
                w.WriteStartObject();
                w.WriteString("omitted", r.Omitted);
                w.WriteNumber("estimate", r.Estimate);
                w.WriteNumber("ci_lb", r.CiLower);
                w.WriteNumber("ci_ub", r.CiUpper);
                w.WriteNumber("tau2", r.Tau2);
                w.WriteNumber("I2", r.I2);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (report.Cumulative is { } cu)
        {
            w.WriteStartArray("cumulative");
            foreach (var r in cu)
            {
                w.WriteStartObject();
                w.WriteString("study", r.Study);
                w.WriteNumber("k", r.K);
                w.WriteNumber("estimate", r.Estimate);
                w.WriteNumber("se", r.StandardError);
                w.WriteNumber("ci_lb", r.CiLower);
                w.WriteNumber("ci_ub", r.CiUpper);
                Num(w, "pval", r.PValue);
                w.WriteNumber("tau2", r.Tau2);
                w.WriteNumber("I2", r.I2);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    static void Num(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v)) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }
}
