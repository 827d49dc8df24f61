using System.CommandLine;
using System.Globalization;
using System.Text;
using OrthoRegen.Cli.Common;
using OrthoRegen.Statistics.Meta;

namespace OrthoRegen.Cli.Statistics;

/// <summary>
/// <c>orthoregen meta</c>: reads one study per CSV row, computes effect sizes (escalc) and the meta-analysis (rma and
/// companions) in Core, and writes JSON (default), a text table, or an SVG forest (or, with --funnel, funnel) plot.
/// Bad input exits with 2 and one line per problem on stderr, naming row and column; nothing goes to stdout then.
/// </summary>
public static class MetaCommand
{
    public static Command Create()
    {
        var input = CliIo.InputOption();
        var measure = new Option<string>("--measure") { Description = "SMD, MD, RR, OR or GEN (yi, vi given).", Required = true };
        var method = new Option<string>("--method") { Description = "τ² estimator: FE, DL, REML, ML, PM, HE or SJ.", DefaultValueFactory = _ => "REML" };
        var test = new Option<string>("--test") { Description = "z or knha (Knapp-Hartung).", DefaultValueFactory = _ => "z" };
        var subgroup = new Option<string?>("--subgroup") { Description = "Column naming each study's subgroup." };
        var moderator = new Option<string?>("--moderator") { Description = "Numeric column for a meta-regression." };
        var egger = new Option<bool>("--egger") { Description = "Egger's regression test (regtest)." };
        var trimfill = new Option<bool>("--trimfill") { Description = "Trim-and-fill (L0)." };
        var leave1out = new Option<bool>("--leave1out") { Description = "Leave-one-out analysis." };
        var cumulative = new Option<bool>("--cumulative") { Description = "Cumulative meta-analysis in row order." };
        var format = new Option<string>("--format") { Description = "json, text or svg.", DefaultValueFactory = _ => "json" };
        var funnel = new Option<bool>("--funnel") { Description = "With --format svg: a funnel plot instead of the forest plot." };

        var cmd = new Command("meta", "Meta-analysis of two-arm studies (= metafor escalc + rma).")
        {
            input, measure, method, test, subgroup, moderator, egger, trimfill, leave1out, cumulative, format, funnel,
        };
        cmd.SetAction(parse =>
        {
            var problems = new List<string>();
            var m = MetaCodes.ParseMeasure(parse.GetValue(measure)!);
            var t2 = MetaCodes.ParseMethod(parse.GetValue(method)!);
            var te = MetaCodes.ParseTest(parse.GetValue(test)!);
            var fmt = parse.GetValue(format)!.ToLowerInvariant();
            if (m is null) problems.Add($"--measure must be one of {string.Join(", ", MetaCodes.MeasureCodes)}");
            if (t2 is null) problems.Add($"--method must be one of {string.Join(", ", MetaCodes.MethodCodes)}");
            if (te is null) problems.Add($"--test must be one of {string.Join(", ", MetaCodes.TestCodes)}");
            if (fmt is not ("json" or "text" or "svg")) problems.Add("--format must be json, text or svg");
            if (problems.Count > 0) return CliIo.Fail(problems);

            CsvTable table;
            try { table = CsvTable.Read(parse.GetValue(input)!); }
            catch (CsvProblem e) { return CliIo.Fail(e.Message); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return CliIo.Fail($"cannot read '{parse.GetValue(input)}': {e.Message}"); }

            var options = new MetaOptions(t2!.Value, te!.Value)
            {
                Egger = parse.GetValue(egger), TrimFill = parse.GetValue(trimfill),
                LeaveOneOut = parse.GetValue(leave1out), Cumulative = parse.GetValue(cumulative),
            };
            IReadOnlyList<StudyEffect> effects = [];
            try
            {
                var outcome = ReadStudies(table, m!.Value, problems);
                if (outcome is Outcome<IReadOnlyList<StudyEffect>>.Invalid bad)
                {
                    // A cell that did not parse was read as 0; report it once, as unparsable, not again as out of range.
                    var unparsable = problems.ToList();
                    problems.AddRange(bad.Errors.Where(e => !unparsable.Any(p => p.StartsWith(e.Key + ":", StringComparison.Ordinal)))
                        .SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}")));
                }
                else effects = ((Outcome<IReadOnlyList<StudyEffect>>.Done)outcome).Value;
                if (parse.GetValue(subgroup) is { } g) options = options with { SubgroupColumn = g, Subgroups = table.Strings(g) };
                if (parse.GetValue(moderator) is { } x) options = options with { ModeratorColumn = x, Moderator = table.Numbers(x, problems) };
            }
            catch (CsvProblem e) { problems.Add(e.Message); }
            if (problems.Count > 0) return CliIo.Fail(problems);

            var result = MetaAnalysis.Analyse(effects, options);
            if (result is Outcome<MetaReport>.Invalid invalid) return CliIo.Fail(Lines(invalid.Errors));
            var report = ((Outcome<MetaReport>.Done)result).Value;

            var label = m!.Value switch
            {
                EffectMeasure.StandardizedMeanDifference => "Hedges' g",
                EffectMeasure.MeanDifference => "Mean difference",
                EffectMeasure.LogRiskRatio => "log risk ratio",
                EffectMeasure.LogOddsRatio => "log odds ratio",
                _ => "Effect size",
            };
            using var stdout = Console.OpenStandardOutput();
            switch (fmt)
            {
                case "json":
                    MetaJson.Write(stdout, report, m.Value);
                    stdout.WriteByte((byte)'\n');
                    break;
                case "svg":
                    var svg = parse.GetValue(funnel) ? FunnelPlot.Render(report.Overall, label, report.TrimFill) : ForestPlot.Render(report.Overall, label);
                    stdout.Write(Encoding.UTF8.GetBytes(svg));
                    break;
                default:
                    stdout.Write(Encoding.UTF8.GetBytes(MetaText.Format(report, m.Value, label)));
                    break;
            }
            return CliIo.Ok;
        });
        return cmd;
    }

    static IEnumerable<string> Lines(IReadOnlyDictionary<string, string[]> errors) =>
        errors.SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}"));

    /// <summary>Maps the CSV columns of the measure to Core's records; unparsable cells go to <paramref name="problems"/>.</summary>
    static Outcome<IReadOnlyList<StudyEffect>> ReadStudies(CsvTable table, EffectMeasure measure, List<string> problems)
    {
        var n = table.Rows.Count;
        var study = table.Has("study") ? table.Strings("study") : Enumerable.Range(1, n).Select(i => $"Study {i}").ToArray();
        int Row(int i) => i + 2; // header is row 1
        switch (measure)
        {
            case EffectMeasure.StandardizedMeanDifference:
            case EffectMeasure.MeanDifference:
            {
                var c = new[] { "n1", "m1", "sd1", "n2", "m2", "sd2" }.Select(col => table.Numbers(col, problems)).ToArray();
                return EffectSizes.FromMeans(Enumerable.Range(0, n)
                    .Select(i => new ContinuousArms(Row(i), study[i], c[0][i], c[1][i], c[2][i], c[3][i], c[4][i], c[5][i])).ToList(), measure);
            }
            case EffectMeasure.LogRiskRatio:
            case EffectMeasure.LogOddsRatio:
            {
                var c = new[] { "events1", "n1", "events2", "n2" }.Select(col => table.Numbers(col, problems)).ToArray();
                return EffectSizes.FromCounts(Enumerable.Range(0, n)
                    .Select(i => new BinaryArms(Row(i), study[i], c[0][i], c[1][i], c[2][i], c[3][i])).ToList(), measure);
            }
            default:
            {
                var yi = table.Numbers("yi", problems);
                var vi = table.Numbers("vi", problems);
                return EffectSizes.FromPrecomputed(Enumerable.Range(0, n).Select(i => new StudyEffect(Row(i), study[i], yi[i], vi[i])).ToList());
            }
        }
    }
}

/// <summary>The readable table of <c>orthoregen meta --format text</c>, laid out like metafor's print methods.</summary>
public static class MetaText
{
    public static string Format(MetaReport report, EffectMeasure measure, string label)
    {
        var o = report.Overall;
        var sb = new StringBuilder();
        string F(double? v, int d = 4) => v is { } x ? x.ToString("F" + d, CultureInfo.InvariantCulture) : "NA";
        string P(double? p) => p is { } x ? (x < 0.0001 ? "<.0001" : x.ToString("F4", CultureInfo.InvariantCulture)) : "NA";
        var model = o.Method == Tau2.FixedEffect ? "Fixed-effect model" : $"Random-effects model ({o.Method.Code()})";
        sb.AppendLine($"{model}, k = {o.K}, measure {measure.Code()} ({label}), test {o.Test.Code()}");
        sb.AppendLine();
        if (o.Method != Tau2.FixedEffect)
        {
            sb.AppendLine($"tau^2 = {F(o.Tau2)} [{F(o.Tau2Interval?.Tau2Lower)}, {F(o.Tau2Interval?.Tau2Upper)}]   tau = {F(o.Tau)}");
            sb.AppendLine($"I^2   = {F(o.I2, 2)}% [{F(o.Tau2Interval?.I2Lower, 2)}, {F(o.Tau2Interval?.I2Upper, 2)}]   H^2 = {F(o.H2)}");
        }
        else sb.AppendLine($"I^2 = {F(o.I2, 2)}%   H^2 = {F(o.H2)}");
        sb.AppendLine($"Q(df = {o.QDf}) = {F(o.Q)}, p = {P(o.QPValue)}");
        sb.AppendLine();
        var stat = o.Test == MetaTest.Z ? "z" : $"t({o.Df})";
        sb.AppendLine($"estimate = {F(o.Estimate)}  se = {F(o.StandardError)}  {stat} = {F(o.Statistic)}  p = {P(o.PValue)}  95% CI [{F(o.CiLower)}, {F(o.CiUpper)}]");
        if (o.PredictionInterval is { } pi) sb.AppendLine($"95% prediction interval [{F(pi.Lower)}, {F(pi.Upper)}]");
        sb.AppendLine();
        var w = Math.Max(5, o.Studies.Max(s => s.Study.Length));
        sb.AppendLine($"{"study".PadRight(w)}  {"yi",10} {"vi",10} {"weight%",8} {"ci_lb",10} {"ci_ub",10}");
        foreach (var s in o.Studies)
            sb.AppendLine($"{s.Study.PadRight(w)}  {F(s.Yi),10} {F(s.Vi),10} {F(s.Weight, 2),8} {F(s.CiLower),10} {F(s.CiUpper),10}");
        if (report.Subgroups is { } sg)
        {
            sb.AppendLine().AppendLine("Subgroups");
            foreach (var g in sg.Groups)
                sb.AppendLine($"  {g.Group}: k = {g.K}, estimate = {F(g.Estimate)} [{F(g.CiLower)}, {F(g.CiUpper)}], tau^2 = {F(g.Tau2)}, I^2 = {F(g.I2, 2)}%");
            sb.AppendLine($"  test of subgroup differences: Q(df = {sg.QBetweenDf}) = {F(sg.QBetween)}, p = {P(sg.QBetweenPValue)}");
            sb.AppendLine(sg.QM is null
                ? $"  moderator test: not estimable ({sg.QMNotEstimable})"
                : $"  moderator test (mixed-effects model): QM(df = {sg.QMDf}) = {F(sg.QM)}, p = {P(sg.QMPValue)}");
        }
        if (report.MetaRegression is { } mr)
        {
            sb.AppendLine().AppendLine($"Meta-regression: QM = {F(mr.QM)}, p = {P(mr.QMPValue)}, tau^2 = {F(mr.Tau2)}, R^2 = {F(mr.R2, 2)}%");
            foreach (var t in mr.Terms)
                sb.AppendLine($"  {t.Term,-12} {F(t.Estimate),10} se {F(t.StandardError)}  p {P(t.PValue)}  [{F(t.CiLower)}, {F(t.CiUpper)}]");
        }
        if (report.Egger is { } eg)
            sb.AppendLine().AppendLine($"Egger's test: statistic = {F(eg.Statistic)}, p = {P(eg.PValue)}; limit estimate = {F(eg.LimitEstimate)} [{F(eg.LimitCiLower)}, {F(eg.LimitCiUpper)}]");
        if (report.TrimFill is { } tf)
            sb.AppendLine().AppendLine($"Trim-and-fill: {tf.K0} studies filled on the {tf.Side.Code()} side; estimate = {F(tf.Estimate)} [{F(tf.CiLower)}, {F(tf.CiUpper)}]");
        if (report.LeaveOneOut is { } l1)
        {
            sb.AppendLine().AppendLine("Leave-one-out");
            foreach (var r in l1) sb.AppendLine($"  without {r.Omitted.PadRight(w)} {F(r.Estimate),10} [{F(r.CiLower)}, {F(r.CiUpper)}]  tau^2 {F(r.Tau2)}  I^2 {F(r.I2, 2)}%");
        }
        if (report.Cumulative is { } cu)
        {
            sb.AppendLine().AppendLine("Cumulative");
            foreach (var r in cu) sb.AppendLine($"  + {r.Study.PadRight(w)} k = {r.K,3} {F(r.Estimate),10} [{F(r.CiLower)}, {F(r.CiUpper)}]  tau^2 {F(r.Tau2)}  I^2 {F(r.I2, 2)}%");
        }
        return sb.ToString();
    }
}
