using OrthoRegen.Charts;

namespace OrthoRegen.Evidence;

/// <summary>Records found in one source (a database, register, website, citation search …).</summary>
public sealed record SourceCountInput { public string? Source { get; init; } public int? Count { get; init; } }

/// <summary>Reports excluded for one reason.</summary>
public sealed record ReasonCountInput { public string? Reason { get; init; } public int? Count { get; init; } }

/// <summary>The counts of a PRISMA 2020 flow diagram (new systematic review), as the reviewer enters them.</summary>
public sealed record PrismaInput
{
    public string? Title { get; init; }
    public List<SourceCountInput>? IdentifiedSources { get; init; }
    public int? DuplicatesRemoved { get; init; }
    public int? AutomationRemoved { get; init; }
    public int? OtherRemoved { get; init; }
    public int? Screened { get; init; }
    public int? ExcludedScreening { get; init; }
    public int? ReportsSought { get; init; }
    public int? ReportsNotRetrieved { get; init; }
    public int? ReportsAssessed { get; init; }
    public List<ReasonCountInput>? ReportsExcluded { get; init; }
    public int? StudiesIncluded { get; init; }
    public int? ReportsIncluded { get; init; }
    public int? Version { get; init; }
    public string? Reason { get; init; }
}

public sealed record SourceCount(string Source, int Count);
public sealed record ReasonCount(string Reason, int Count);

/// <summary>Validated PRISMA 2020 counts; every box of the diagram follows from the box above it.</summary>
public sealed record PrismaCounts(
    string Title, IReadOnlyList<SourceCount> IdentifiedSources, int DuplicatesRemoved, int AutomationRemoved, int OtherRemoved,
    int Screened, int ExcludedScreening, int ReportsSought, int ReportsNotRetrieved, int ReportsAssessed,
    IReadOnlyList<ReasonCount> ReportsExcluded, int StudiesIncluded, int ReportsIncluded)
{
    public int Identified => IdentifiedSources.Sum(s => s.Count);
    public int RemovedBeforeScreening => DuplicatesRemoved + AutomationRemoved + OtherRemoved;
}

/// <summary>
/// PRISMA 2020 (Page et al., BMJ 2021;372:n71, figure 1, "new systematic reviews which included searches of databases
/// and registers only"). The consistency checks are the diagram's arithmetic:
/// screened = identified − removed before screening; sought = screened − excluded at screening;
/// assessed = sought − not retrieved; reports included = assessed − Σ excluded with reasons; studies ≤ reports included.
/// </summary>
public static class Prisma
{
    public static Outcome<PrismaCounts> Validate(PrismaInput p)
    {
        var e = new FieldErrors();
        var title = e.Required("title", p.Title, 300);
        var sources = new List<SourceCount>();
        var sourceInputs = p.IdentifiedSources ?? [];
        if (sourceInputs.Count == 0) e.Add("identifiedSources", "Required: at least one source with its number of records.");
        for (var i = 0; i < sourceInputs.Count && i < 50; i++)
        {
            var name = e.Required($"identifiedSources[{i}].source", sourceInputs[i]?.Source, 200);
            var count = e.Integer($"identifiedSources[{i}].count", sourceInputs[i]?.Count, 0, 100_000_000, required: true);
            if (name is not null && count is not null) sources.Add(new SourceCount(name, count.Value));
        }
        int? N(string field, int? v) => e.Integer(field, v, 0, 100_000_000, required: true);
        var duplicates = N("duplicatesRemoved", p.DuplicatesRemoved);
        var automation = e.Integer("automationRemoved", p.AutomationRemoved, 0, 100_000_000, required: false) ?? 0;
        var other = e.Integer("otherRemoved", p.OtherRemoved, 0, 100_000_000, required: false) ?? 0;
        var screened = N("screened", p.Screened);
        var excludedScreening = N("excludedScreening", p.ExcludedScreening);
        var sought = N("reportsSought", p.ReportsSought);
        var notRetrieved = N("reportsNotRetrieved", p.ReportsNotRetrieved);
        var assessed = N("reportsAssessed", p.ReportsAssessed);
        var reasons = new List<ReasonCount>();
        var reasonInputs = p.ReportsExcluded ?? [];
        for (var i = 0; i < reasonInputs.Count && i < 50; i++)
        {
            var reason = e.Required($"reportsExcluded[{i}].reason", reasonInputs[i]?.Reason, 300);
            var count = e.Integer($"reportsExcluded[{i}].count", reasonInputs[i]?.Count, 0, 100_000_000, required: true);
            if (reason is not null && count is not null) reasons.Add(new ReasonCount(reason, count.Value));
        }
        var studies = N("studiesIncluded", p.StudiesIncluded);
        var reportsIncluded = N("reportsIncluded", p.ReportsIncluded);
        if (!e.IsEmpty) return Outcome.Invalid<PrismaCounts>(e.ToDictionary());

        var identified = sources.Sum(s => s.Count);
        var removed = duplicates!.Value + automation + other;
        if (removed > identified) e.Add("duplicatesRemoved", EvidenceMessages.AtMost("records identified", identified));
        else if (screened != identified - removed)
            e.Add("screened", EvidenceMessages.MustEqual($"records identified ({identified}) − removed before screening ({removed})", identified - removed));
        if (excludedScreening > screened) e.Add("excludedScreening", EvidenceMessages.AtMost("records screened", screened!.Value));
        else if (sought != screened - excludedScreening)
            e.Add("reportsSought", EvidenceMessages.MustEqual($"records screened ({screened}) − excluded ({excludedScreening})", screened!.Value - excludedScreening!.Value));
        if (notRetrieved > sought) e.Add("reportsNotRetrieved", EvidenceMessages.AtMost("reports sought", sought!.Value));
        else if (assessed != sought - notRetrieved)
            e.Add("reportsAssessed", EvidenceMessages.MustEqual($"reports sought ({sought}) − not retrieved ({notRetrieved})", sought!.Value - notRetrieved!.Value));
        var excludedReports = reasons.Sum(r => r.Count);
        if (excludedReports > assessed) e.Add("reportsExcluded", EvidenceMessages.AtMost("reports assessed", assessed!.Value));
        else if (reportsIncluded != assessed - excludedReports)
            e.Add("reportsIncluded", EvidenceMessages.MustEqual($"reports assessed ({assessed}) − excluded with reasons ({excludedReports})", assessed!.Value - excludedReports));
        if (studies > reportsIncluded) e.Add("studiesIncluded", EvidenceMessages.AtMost("reports of included studies", reportsIncluded!.Value));
        if (studies == 0 && reportsIncluded > 0) e.Add("studiesIncluded", "Reports were included, so at least one study is.");
        if (!e.IsEmpty) return Outcome.Invalid<PrismaCounts>(e.ToDictionary());
        return new PrismaCounts(title!, sources, duplicates.Value, automation, other, screened!.Value, excludedScreening!.Value,
            sought!.Value, notRetrieved!.Value, assessed!.Value, reasons, studies!.Value, reportsIncluded!.Value);
    }

    /// <summary>The flow diagram as SVG: identification, screening and included boxes with the exclusions to the right.</summary>
    public static string Diagram(PrismaCounts c, PrismaLabels? labels = null)
    {
        var l = labels ?? PrismaLabels.English;
        string T(string format, params object[] args) => string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args);
        const double left = 150, boxW = 300, sideX = 500, sideW = 300, gap = 30;
        static double Height(int lines) => 16 * lines + 14;
        var identLines = new List<string> { T(l.RecordsIdentified, c.Identified) };
        identLines.AddRange(c.IdentifiedSources.Select(s => $"  {s.Source} (n = {s.Count})"));
        var removedLines = new List<string> { l.RemovedBeforeScreening, "  " + T(l.Duplicates, c.DuplicatesRemoved),
            "  " + T(l.Automation, c.AutomationRemoved), "  " + T(l.OtherReasons, c.OtherRemoved) };
        var exclusionLines = new List<string> { l.ReportsExcluded };
        exclusionLines.AddRange(c.ReportsExcluded.Count == 0 ? ["  " + l.None] : c.ReportsExcluded.Select(r => $"  {r.Reason} (n = {r.Count})"));
        var total = 20 + Math.Max(Height(identLines.Count), Height(removedLines.Count)) + gap + 2 * (Height(1) + gap)
            + Math.Max(Height(1), Height(exclusionLines.Count)) + gap + Height(2) + 20;
        var svg = new Svg(830, total);
        var y = 20.0;
        void Stage(string name, double top, double h) => svg.Text(20, top + h / 2, name, 12, bold: true);
        void Box(double x, double top, double w, IReadOnlyList<string> lines)
        {
            svg.Rect(x, top, w, Height(lines.Count), "#fff", "#1f4e79", 1.5);
            for (var i = 0; i < lines.Count; i++) svg.Text(x + 10, top + 20 + 16 * i, lines[i], 11);
        }

        var h1 = Math.Max(Height(identLines.Count), Height(removedLines.Count));
        Stage(l.Identification, y, h1);
        Box(left, y, boxW, identLines);
        Box(sideX, y, sideW, removedLines);
        svg.Line(left + boxW, y + h1 / 2, sideX, y + h1 / 2, "#1f4e79");
        y += h1 + gap;

        var screeningTop = y;
        void Step(string main, string side)
        {
            Box(left, y, boxW, [main]);
            Box(sideX, y, sideW, [side]);
            svg.Line(left + boxW / 2, y - gap, left + boxW / 2, y, "#1f4e79");
            svg.Line(left + boxW, y + 15, sideX, y + 15, "#1f4e79");
            y += Height(1) + gap;
        }
        Step(T(l.RecordsScreened, c.Screened), T(l.RecordsExcluded, c.ExcludedScreening));
        Step(T(l.ReportsSought, c.ReportsSought), T(l.ReportsNotRetrieved, c.ReportsNotRetrieved));
        Box(left, y, boxW, [T(l.ReportsAssessed, c.ReportsAssessed)]);
        Box(sideX, y, sideW, exclusionLines);
        svg.Line(left + boxW / 2, y - gap, left + boxW / 2, y, "#1f4e79");
        svg.Line(left + boxW, y + 15, sideX, y + 15, "#1f4e79");
        Stage(l.Screening, screeningTop, y + Height(1) - screeningTop);
        y += Math.Max(Height(1), Height(exclusionLines.Count)) + gap;

        Stage(l.Included, y, Height(2));
        svg.Line(left + boxW / 2, y - gap, left + boxW / 2, y, "#1f4e79");
        Box(left, y, boxW, [T(l.StudiesIncluded, c.StudiesIncluded), T(l.ReportsOfIncluded, c.ReportsIncluded)]);
        return svg.ToString(T(l.Title, c.Title));
    }
}

/// <summary>
/// The texts of the PRISMA 2020 flow diagram in the reader's language (the CLI and the API default use <see cref="English"/>,
/// the wording of the PRISMA 2020 template). Formats take {0} = the count (or the review title for <see cref="Title"/>).
/// </summary>
public sealed record PrismaLabels(string Identification, string Screening, string Included, string RecordsIdentified, string RemovedBeforeScreening,
    string Duplicates, string Automation, string OtherReasons, string RecordsScreened, string RecordsExcluded, string ReportsSought,
    string ReportsNotRetrieved, string ReportsAssessed, string ReportsExcluded, string None, string StudiesIncluded, string ReportsOfIncluded, string Title)
{
    public static PrismaLabels English { get; } = new("Identification", "Screening", "Included", "Records identified (n = {0}):",
        "Records removed before screening:", "Duplicates (n = {0})", "Marked ineligible by automation (n = {0})", "Removed for other reasons (n = {0})",
        "Records screened (n = {0})", "Records excluded (n = {0})", "Reports sought for retrieval (n = {0})", "Reports not retrieved (n = {0})",
        "Reports assessed for eligibility (n = {0})", "Reports excluded:", "none", "Studies included in review (n = {0})",
        "Reports of included studies (n = {0})", "PRISMA 2020 flow diagram: {0}");
}
