using System.CommandLine;
using System.Globalization;
using System.Text;
using OrthoRegen.Cli.Common;
using OrthoRegen.Statistics;
using OrthoRegen.Statistics.Charts;

namespace OrthoRegen.Cli.Statistics;

/// <summary>
/// <c>orthoregen km</c> (Kaplan-Meier, = survfit) and <c>orthoregen logrank</c> (= survdiff): parse options, read the
/// CSV, call Core, write JSON, a text table or SVG. Bad input: exit 2 with one line per problem on stderr.
/// </summary>
public static class SurvivalCommands
{
    // JSON shapes of the issue; property names become snake_case through CliIo.Json.
    public sealed record KmJson(IReadOnlyList<KmGroupJson> Groups);
    public sealed record KmGroupJson(string Group, int N, int Events, IReadOnlyList<KmRowJson> Table, double? Median,
        double? MedianLower, double? MedianUpper, IReadOnlyList<KmAtJson> At);
    public sealed record KmRowJson(double Time, int NRisk, int NEvent, int NCensor, double Surv, double? StdErr, double? Lower, double? Upper);
    public sealed record KmAtJson(double Time, double? Surv, double? Lower, double? Upper);
    public sealed record LogRankJson(double Chisq, int Df, double? P, IReadOnlyList<LogRankGroupJson> Groups);
    public sealed record LogRankGroupJson(string Group, int N, double Observed, double Expected);

    public static KmJson ToJson(IReadOnlyList<KaplanMeierCurve> curves, IReadOnlyList<double> at) => new(curves.Select(c =>
        new KmGroupJson(c.Group, c.N, c.Events,
            c.Steps.Select(s => new KmRowJson(s.Time, s.NRisk, s.NEvent, s.NCensor, s.Surv, s.StdErr, s.Lower, s.Upper)).ToArray(),
            c.Median, c.MedianLower, c.MedianUpper,
            c.At(at).Select(a => new KmAtJson(a.Time, a.Surv, a.Lower, a.Upper)).ToArray())).ToArray());

    public static LogRankJson ToJson(LogRankTest t) =>
        new(t.ChiSquare, t.Df, t.P, t.Groups.Select(g => new LogRankGroupJson(g.Group, g.N, g.Observed, g.Expected)).ToArray());

    public static IEnumerable<Command> Create() => [Km(), LogRankCommand()];

    static Command Km()
    {
        var input = CliIo.InputOption();
        var time = StatisticsInput.Required("--time", "Column with follow-up time (≥ 0).");
        var evt = StatisticsInput.Required("--event", "Column with 1 = event, 0 = censored.");
        var group = StatisticsInput.Optional("--group", "Column with the group label (one curve per group).");
        var confType = new Option<string>("--conf-type") { Description = "log (default, as survfit), log-log or plain.", DefaultValueFactory = _ => "log" };
        var confLevel = StatisticsInput.Optional("--conf-level", "Confidence level, default 0.95.");
        var at = StatisticsInput.Optional("--at", "Comma-separated times at which to report survival, e.g. 12,24,60.");
        var format = StatisticsInput.Format();
        var cmd = new Command("km", "Kaplan-Meier survival curves with confidence bands and median (= survival::survfit).");
        foreach (var o in new Option[] { input, time, evt, group, confType, confLevel, at, format }) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            var problems = new List<string>();
            var fmt = parse.GetValue(format)!;
            StatisticsInput.IsFormat(fmt, true, problems);
            var band = ConfidenceBandNames.FromR(parse.GetValue(confType)!);
            if (band is null) problems.Add($"--conf-type must be log, log-log or plain, not '{parse.GetValue(confType)}'.");
            var level = StatisticsInput.Level(parse.GetValue(confLevel), problems);
            var times = new List<double>();
            foreach (var s in StatisticsInput.List(parse.GetValue(at)))
                if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v >= 0) times.Add(v);
                else problems.Add($"--at: '{s}' is not a time ≥ 0.");
            if (problems.Count > 0) return CliIo.Fail(problems);
            var table = StatisticsInput.Read(parse.GetValue(input)!, problems);
            if (table is null || problems.Count > 0) return CliIo.Fail(problems);
            var t = StatisticsInput.Times(table, parse.GetValue(time)!, problems);
            var e = StatisticsInput.Binary(table, parse.GetValue(evt)!, "0 (censored) or 1 (event)", problems);
            var groupCol = parse.GetValue(group);
            var g = groupCol is null ? null : StatisticsInput.Labels(table, groupCol, problems);
            if (problems.Count > 0) return CliIo.Fail(problems);
            var status = e!.Select(v => v == 1).ToArray();
            var curves = g is null
                ? [KaplanMeier.Fit(t!, status, band!.Value, level!.Value)]
                : KaplanMeier.FitByGroup(t!, status, g, band!.Value, level!.Value);
            switch (fmt)
            {
                case "json": CliIo.WriteJson(ToJson(curves, times)); break;
                case "svg": Console.Out.Write(SurvivalChart.Render(curves, "Kaplan-Meier survival", $"Time ({parse.GetValue(time)})")); break;
                default: Console.Out.Write(KmText(curves, times)); break;
            }
            return CliIo.Ok;
        });
        return cmd;
    }

    static Command LogRankCommand()
    {
        var input = CliIo.InputOption();
        var time = StatisticsInput.Required("--time", "Column with follow-up time (≥ 0).");
        var evt = StatisticsInput.Required("--event", "Column with 1 = event, 0 = censored.");
        var group = StatisticsInput.Required("--group", "Column with the group label (2 or more groups).");
        var format = StatisticsInput.Format();
        var cmd = new Command("logrank", "Log-rank test for 2..k groups (= survival::survdiff, rho = 0).");
        foreach (var o in new Option[] { input, time, evt, group, format }) cmd.Options.Add(o);
        cmd.SetAction(parse =>
        {
            var problems = new List<string>();
            var fmt = parse.GetValue(format)!;
            StatisticsInput.IsFormat(fmt, true, problems);
            if (problems.Count > 0) return CliIo.Fail(problems);
            var table = StatisticsInput.Read(parse.GetValue(input)!, problems);
            if (table is null || problems.Count > 0) return CliIo.Fail(problems);
            var t = StatisticsInput.Times(table, parse.GetValue(time)!, problems);
            var e = StatisticsInput.Binary(table, parse.GetValue(evt)!, "0 (censored) or 1 (event)", problems);
            var g = StatisticsInput.Labels(table, parse.GetValue(group)!, problems);
            if (problems.Count == 0 && g!.Distinct().Count() < 2)
                problems.Add($"Column '{parse.GetValue(group)}' has only one group ('{g![0]}'): the log-rank test needs at least two.");
            if (problems.Count > 0) return CliIo.Fail(problems);
            var status = e!.Select(v => v == 1).ToArray();
            var test = LogRank.Test(t!, status, g!);
            switch (fmt)
            {
                case "json": CliIo.WriteJson(ToJson(test)); break;
                case "svg":
                    var curves = KaplanMeier.FitByGroup(t!, status, g!);
                    Console.Out.Write(SurvivalChart.Render(curves, $"Kaplan-Meier by {parse.GetValue(group)}: log-rank χ² = {StatisticsInput.N(test.ChiSquare)}, df = {test.Df}, p = {StatisticsInput.N(test.P)}", $"Time ({parse.GetValue(time)})"));
                    break;
                default: Console.Out.Write(LogRankText(test)); break;
            }
            return CliIo.Ok;
        });
        return cmd;
    }

    static string KmText(IReadOnlyList<KaplanMeierCurve> curves, IReadOnlyList<double> at)
    {
        var sb = new StringBuilder();
        foreach (var c in curves)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"group {c.Group}: n = {c.N}, events = {c.Events}, median = {StatisticsInput.N(c.Median)} ({c.Level:P0} CI {StatisticsInput.N(c.MedianLower)} to {StatisticsInput.N(c.MedianUpper)}), band {c.Band}");
            sb.AppendLine($"{"time",10} {"n.risk",7} {"n.event",7} {"n.censor",8} {"surv",9} {"std.err",9} {"lower",9} {"upper",9}");
            foreach (var s in c.Steps)
                sb.AppendLine($"{StatisticsInput.N(s.Time),10} {s.NRisk,7} {s.NEvent,7} {s.NCensor,8} {StatisticsInput.N(s.Surv),9} {StatisticsInput.N(s.StdErr),9} {StatisticsInput.N(s.Lower),9} {StatisticsInput.N(s.Upper),9}");
            foreach (var a in c.At(at))
                sb.AppendLine($"  S({StatisticsInput.N(a.Time)}) = {StatisticsInput.N(a.Surv)} [{StatisticsInput.N(a.Lower)}, {StatisticsInput.N(a.Upper)}]{(a.Message is null ? "" : "  " + a.Message)}");
            foreach (var m in c.Messages) sb.AppendLine("  note: " + m);
            sb.AppendLine();
        }
        return sb.ToString();
    }

    static string LogRankText(LogRankTest t)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{"group",-16} {"N",6} {"Observed",10} {"Expected",10}");
        foreach (var g in t.Groups) sb.AppendLine($"{g.Group,-16} {g.N,6} {StatisticsInput.N(g.Observed),10} {StatisticsInput.N(g.Expected),10}");
        sb.AppendLine($"Chisq = {StatisticsInput.N(t.ChiSquare)} on {t.Df} degrees of freedom, p = {StatisticsInput.N(t.P)}");
        if (t.Message is not null) sb.AppendLine("note: " + t.Message);
        return sb.ToString();
    }
}
