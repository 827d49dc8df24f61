using System.Globalization;
using System.Text.RegularExpressions;

namespace OrthoRegen.Evidence;

/// <summary>A study as entered (form, API body or one study of a CSV import). Every field is checked by <see cref="Validate"/>.</summary>
public sealed record StudyInput
{
    public string? Title { get; init; }
    /// <summary>Authors as cited ("Ma Y, Li X, …"); optional when the source names only a journal and year.</summary>
    public string? Authors { get; init; }
    public int? Year { get; init; }
    /// <summary>A DOI such as 10.4252/wjsc.v17.i12.112778 (no resolver prefix). At least one of DOI, PMID or source URL.</summary>
    public string? Doi { get; init; }
    /// <summary>A PubMed id: 1 to 8 digits.</summary>
    public string? Pmid { get; init; }
    /// <summary>One of <see cref="EvidenceCodes.Designs"/>.</summary>
    public string? Design { get; init; }
    public string? Country { get; init; }
    /// <summary>One of <see cref="EvidenceCodes.Indications"/>.</summary>
    public string? Indication { get; init; }
    public string? CellSource { get; init; }
    public string? Route { get; init; }
    /// <summary>Dose per injection in cells × 10^6 (the treatment arm's, or the study's main dose).</summary>
    public double? DoseCellsE6 { get; init; }
    public int? Injections { get; init; }
    public double? FollowUpMonths { get; init; }
    /// <summary>Where the figures were taken from, e.g. "DOMAIN.md §5, Ma 2020".</summary>
    public string? SourceLabel { get; init; }
    public string? SourceUrl { get; init; }
    /// <summary>Reported figures that cannot be analysed (medians, effects without CI), kept verbatim.</summary>
    public string? Notes { get; init; }
    public List<ArmInput>? Arms { get; init; }
    public List<ArmOutcomeInput>? Outcomes { get; init; }
    public List<ReportedEffectInput>? ReportedEffects { get; init; }
    /// <summary>For a correction: the version the editor saw.</summary>
    public int? Version { get; init; }
    /// <summary>For a correction: why.</summary>
    public string? Reason { get; init; }
}

/// <summary>One arm of a study.</summary>
public sealed record ArmInput
{
    public string? Name { get; init; }
    /// <summary>TREATMENT or CONTROL.</summary>
    public string? Role { get; init; }
    /// <summary>Patients (or joints, when the study randomised joints) allocated; optional when not reported.</summary>
    public int? N { get; init; }
    public string? CellSource { get; init; }
    public double? DoseCellsE6 { get; init; }
}

/// <summary>
/// Arm-level result for one instrument score at one time point: continuous (mean, SD, n) or binary (events, n).
/// <see cref="Month"/> null means the source did not state the time point.
/// </summary>
public sealed record ArmOutcomeInput
{
    public string? Arm { get; init; }
    public string? Instrument { get; init; }
    public string? Subscale { get; init; }
    public double? Month { get; init; }
    public double? Mean { get; init; }
    public double? Sd { get; init; }
    public int? N { get; init; }
    public int? Events { get; init; }
}

/// <summary>
/// A between-group or pooled effect the study publishes instead of arm data: estimate and 95% CI on the natural scale
/// (ratios as ratios), n the patients it rests on.
/// </summary>
public sealed record ReportedEffectInput
{
    public string? Instrument { get; init; }
    public string? Subscale { get; init; }
    public double? Month { get; init; }
    /// <summary>MD, SMD, RR or OR.</summary>
    public string? Measure { get; init; }
    public double? Estimate { get; init; }
    public double? CiLower { get; init; }
    public double? CiUpper { get; init; }
    public int? N { get; init; }
}

public sealed record StudyArm(string Name, string Role, int? N, string? CellSource, double? DoseCellsE6);

public sealed record ArmOutcome(string Arm, string Instrument, string Subscale, double? Month, double? Mean, double? Sd, int N, int? Events)
{
    public bool IsBinary => Events is not null;
}

public sealed record ReportedEffect(string Instrument, string Subscale, double? Month, string Measure, double Estimate,
    double CiLower, double CiUpper, int? N);

/// <summary>The validated content of a study (what a version stores).</summary>
public sealed record StudyData(
    string Title, string? Authors, int Year, string? Doi, string? Pmid, string Design, string? Country, string Indication,
    string? CellSource, string? Route, double? DoseCellsE6, int? Injections, double? FollowUpMonths,
    string SourceLabel, string? SourceUrl, string? Notes,
    IReadOnlyList<StudyArm> Arms, IReadOnlyList<ArmOutcome> Outcomes, IReadOnlyList<ReportedEffect> ReportedEffects)
{
    /// <summary>"First author year", or the title when no authors are recorded: the label of forest-plot rows.</summary>
    public string Label
    {
        get
        {
            var first = Authors?.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            if (first is null) return Title.Length <= 40 ? Title : Title[..40] + "…";
            var surname = first.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            var more = Authors!.Contains(',') || Authors.Contains(';') || first.Contains("et al", StringComparison.OrdinalIgnoreCase);
            return more && !surname.Contains("et al", StringComparison.OrdinalIgnoreCase) ? $"{surname} et al. {Year}" : $"{surname} {Year}";
        }
    }
}

/// <summary>A stored study version.</summary>
public sealed record Study(string Id, int Version, StudyData Data, string RecordedBy, DateTimeOffset RecordedAt, string Source, string? Reason, string? DemoKey);

/// <summary>Validation of study input into <see cref="StudyData"/>, every problem keyed by its camelCase JSON path.</summary>
public static partial class StudyValidation
{
    [GeneratedRegex(@"^10\.\d{4,9}/\S+$")] private static partial Regex DoiPattern();
    [GeneratedRegex(@"^[1-9][0-9]{0,7}$")] private static partial Regex PmidPattern();
    [GeneratedRegex(@"^[A-Z][A-Z0-9_]{0,31}$")] private static partial Regex InstrumentPattern();
    [GeneratedRegex(@"^[a-z][a-z0-9_]{0,39}$")] private static partial Regex SubscalePattern();

    public static Outcome<StudyData> Validate(StudyInput s, int maxYear)
    {
        var e = new FieldErrors();
        var title = e.Required("title", s.Title, 500);
        var authors = e.Optional("authors", s.Authors, 1000);
        var year = e.Integer("year", s.Year, 1900, maxYear, required: true);
        var doi = e.Pattern("doi", s.Doi, DoiPattern(), "a DOI such as 10.1000/xyz123 (without https://doi.org/)", required: false);
        var pmid = e.Pattern("pmid", s.Pmid, PmidPattern(), "a PubMed id of 1 to 8 digits", required: false);
        var design = e.OneOf("design", s.Design, EvidenceCodes.Designs);
        var country = e.Optional("country", s.Country, 100);
        var indication = e.OneOf("indication", s.Indication, EvidenceCodes.Indications);
        var cellSource = e.OneOf("cellSource", s.CellSource, EvidenceCodes.CellSources, required: false);
        var route = e.OneOf("route", s.Route, EvidenceCodes.Routes, required: false);
        var dose = e.Number("doseCellsE6", s.DoseCellsE6, 0.001, 100_000, required: false, "× 10^6 cells");
        var injections = e.Integer("injections", s.Injections, 1, 100, required: false);
        var followUp = e.Number("followUpMonths", s.FollowUpMonths, 0, 600, required: false, "months");
        var sourceLabel = e.Required("sourceLabel", s.SourceLabel, 300);
        var sourceUrl = Url(e, "sourceUrl", s.SourceUrl);
        var notes = e.Optional("notes", s.Notes, 4000);
        if (string.IsNullOrWhiteSpace(s.Doi) && string.IsNullOrWhiteSpace(s.Pmid) && string.IsNullOrWhiteSpace(s.SourceUrl))
            e.Add("doi", EvidenceMessages.NeedIdentifier);

        var arms = new List<StudyArm>();
        var armNames = new Dictionary<string, StudyArm>(StringComparer.Ordinal);
        var armInputs = s.Arms ?? [];
        if (armInputs.Count > 50) e.Add("arms", "At most 50 arms.");
        for (var i = 0; i < armInputs.Count && i < 50; i++)
        {
            var a = armInputs[i] ?? new ArmInput();
            var p = $"arms[{i}].";
            var name = e.Required(p + "name", a.Name, 200);
            var role = e.OneOf(p + "role", a.Role, EvidenceCodes.ArmRoles);
            var n = e.Integer(p + "n", a.N, 1, 10_000_000, required: false);
            var cs = e.OneOf(p + "cellSource", a.CellSource, EvidenceCodes.CellSources, required: false);
            var d = e.Number(p + "doseCellsE6", a.DoseCellsE6, 0.001, 100_000, required: false, "× 10^6 cells");
            if (name is not null && armNames.ContainsKey(name)) { e.Add(p + "name", EvidenceMessages.DuplicateArm(name)); continue; }
            if (name is null || role is null) continue;
            var arm = new StudyArm(name, role, n, cs, d);
            armNames[name] = arm;
            arms.Add(arm);
        }

        var outcomes = new List<ArmOutcome>();
        var outcomeKeys = new HashSet<string>(StringComparer.Ordinal);
        var outcomeInputs = s.Outcomes ?? [];
        if (outcomeInputs.Count > 2000) e.Add("outcomes", "At most 2000 outcome rows.");
        for (var i = 0; i < outcomeInputs.Count && i < 2000; i++)
        {
            var o = outcomeInputs[i] ?? new ArmOutcomeInput();
            var p = $"outcomes[{i}].";
            var armName = e.Required(p + "arm", o.Arm, 200);
            StudyArm? arm = null;
            if (armName is not null && !armNames.TryGetValue(armName, out arm) && armInputs.All(x => x?.Name?.Trim() != armName))
                e.Add(p + "arm", EvidenceMessages.UnknownArm(armName));
            var instrument = e.Pattern(p + "instrument", o.Instrument, InstrumentPattern(), "an instrument code such as PAIN_VAS or WOMAC", required: true);
            var subscale = e.Pattern(p + "subscale", o.Subscale, SubscalePattern(), "a score name such as total or vas_mm", required: true);
            var month = e.Number(p + "month", o.Month, 0, 600, required: false, "months");
            var n = e.Integer(p + "n", o.N, 1, 10_000_000, required: true);
            if (n is not null && arm?.N is { } armN && n > armN) { e.Add(p + "n", EvidenceMessages.OutcomeNAboveArm(armN)); n = null; }
            double? mean = null, sd = null;
            int? events = null;
            var continuous = o.Mean is not null || o.Sd is not null;
            if (continuous && o.Events is not null) e.Add(p + "events", EvidenceMessages.BothKinds);
            else if (continuous)
            {
                mean = e.Number(p + "mean", o.Mean, -1e9, 1e9, required: true);
                if (o.Sd is null) e.Add(p + "sd", "Required.");
                else if (!(double.IsFinite(o.Sd.Value) && o.Sd.Value > 0)) e.Add(p + "sd", EvidenceMessages.SdPositive);
                else sd = o.Sd;
                if (n is < 2) e.Add(p + "n", EvidenceMessages.ContinuousN);
            }
            else if (o.Events is { } ev)
            {
                if (ev < 0 || n is { } nn && ev > nn) e.Add(p + "events", EvidenceMessages.EventsRange);
                else events = ev;
            }
            else e.Add(p + "mean", EvidenceMessages.NeedData);
            if (armName is null || instrument is null || subscale is null || n is null) continue;
            if (!(mean is not null && sd is not null || events is not null)) continue;
            var key = $"{armName}\u001f{instrument}\u001f{subscale}\u001f{month?.ToString(CultureInfo.InvariantCulture)}";
            if (!outcomeKeys.Add(key)) { e.Add(p + "arm", EvidenceMessages.DuplicateOutcome); continue; }
            outcomes.Add(new ArmOutcome(armName, instrument, subscale, month, mean, sd, n.Value, events));
        }

        var effects = new List<ReportedEffect>();
        var effectKeys = new HashSet<string>(StringComparer.Ordinal);
        var effectInputs = s.ReportedEffects ?? [];
        if (effectInputs.Count > 500) e.Add("reportedEffects", "At most 500 reported effects.");
        for (var i = 0; i < effectInputs.Count && i < 500; i++)
        {
            var r = effectInputs[i] ?? new ReportedEffectInput();
            var p = $"reportedEffects[{i}].";
            var instrument = e.Pattern(p + "instrument", r.Instrument, InstrumentPattern(), "an instrument code such as PAIN_VAS or WOMAC", required: true);
            var subscale = e.Pattern(p + "subscale", r.Subscale, SubscalePattern(), "a score name such as total or vas_mm", required: true);
            var month = e.Number(p + "month", r.Month, 0, 600, required: false, "months");
            var measure = e.OneOf(p + "measure", r.Measure, EvidenceCodes.Measures);
            var est = e.Number(p + "estimate", r.Estimate, -1e9, 1e9, required: true);
            var lo = e.Number(p + "ciLower", r.CiLower, -1e9, 1e9, required: true);
            var hi = e.Number(p + "ciUpper", r.CiUpper, -1e9, 1e9, required: true);
            var n = e.Integer(p + "n", r.N, 1, 10_000_000, required: false);
            if (measure is not null && EvidenceCodes.IsRatio(measure))
            {
                if (est is <= 0) { e.Add(p + "estimate", EvidenceMessages.RatioPositive); est = null; }
                if (lo is <= 0) { e.Add(p + "ciLower", EvidenceMessages.RatioPositive); lo = null; }
                if (hi is <= 0) { e.Add(p + "ciUpper", EvidenceMessages.RatioPositive); hi = null; }
            }
            if (est is not null && lo is not null && hi is not null && !(lo < est && est < hi))
            { e.Add(p + "ciLower", EvidenceMessages.CiOrder); continue; }
            if (instrument is null || subscale is null || measure is null || est is null || lo is null || hi is null) continue;
            var key = $"{instrument}\u001f{subscale}\u001f{month?.ToString(CultureInfo.InvariantCulture)}\u001f{measure}";
            if (!effectKeys.Add(key)) { e.Add(p + "measure", EvidenceMessages.DuplicateEffect); continue; }
            effects.Add(new ReportedEffect(instrument, subscale, month, measure, est.Value, lo.Value, hi.Value, n));
        }

        if (!e.IsEmpty) return Outcome.Invalid<StudyData>(e.ToDictionary());
        return new StudyData(title!, authors, year!.Value, doi, pmid, design!, country, indication!, cellSource, route, dose,
            injections, followUp, sourceLabel!, sourceUrl, notes, arms, outcomes, effects);
    }

    static string? Url(FieldErrors e, string field, string? value)
    {
        var v = e.Optional(field, value, 1000);
        if (v is null) return null;
        if (!Uri.TryCreate(v, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            e.Add(field, EvidenceMessages.UrlFormat);
            return null;
        }
        return v;
    }
}
