using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrthoRegen.Assessment;
using OrthoRegen.Patients;
using OrthoRegen.Treatment;

namespace OrthoRegen.Outcomes;

/// <summary>
/// Which treated patient-targets make up a cohort. Every filter is optional: a null or empty list, or a null bound,
/// does not filter. Lists match any of their values; bounds are inclusive. Values are compared with what is stored
/// (the plan's codes, the baseline imaging read, the patient record at Day 0).
/// </summary>
public sealed record CohortDefinition
{
    /// <summary>KNEE_OA, HIP_OA, DISC_DEGENERATION, SCI (the plan's indication).</summary>
    public IReadOnlyList<string>? Indications { get; init; }
    /// <summary>KNEE_L … SCI, as stored on the plan.</summary>
    public IReadOnlyList<string>? Targets { get; init; }
    /// <summary>Kellgren-Lawrence grade 0-4 of the baseline read of the target.</summary>
    public IReadOnlyList<int>? KlGrades { get; init; }
    /// <summary>NONE, ARCO_I … ARCO_IV of the baseline read.</summary>
    public IReadOnlyList<string>? ArcoStages { get; init; }
    /// <summary>Pfirrmann grade 1-5 of the baseline read of the treated level.</summary>
    public IReadOnlyList<int>? PfirrmannGrades { get; init; }
    public IReadOnlyList<string>? CellSources { get; init; }
    public IReadOnlyList<string>? Origins { get; init; }
    public IReadOnlyList<string>? Routes { get; init; }
    public IReadOnlyList<string>? DoseTiers { get; init; }
    /// <summary>Planned cells per kg body weight, ×10^6/kg, inclusive bounds.</summary>
    public double? CellsPerKgMinE6 { get; init; }
    public double? CellsPerKgMaxE6 { get; init; }
    /// <summary>Planned total dose, ×10^6 cells, inclusive bounds.</summary>
    public double? TotalCellsMinE6 { get; init; }
    public double? TotalCellsMaxE6 { get; init; }
    /// <summary>Number of injections given (recorded administrations).</summary>
    public int? InjectionsMin { get; init; }
    public int? InjectionsMax { get; init; }
    /// <summary>PRP, HA, or NONE (no adjunct); a member matches when it has any of the listed adjuncts.</summary>
    public IReadOnlyList<string>? Adjuncts { get; init; }
    /// <summary>Age in whole years at Day 0.</summary>
    public int? AgeMin { get; init; }
    public int? AgeMax { get; init; }
    public IReadOnlyList<string>? Sexes { get; init; }
    /// <summary>Body-mass index at Day 0 (latest measurement with height and weight on or before Day 0).</summary>
    public double? BmiMin { get; init; }
    public double? BmiMax { get; init; }
    /// <summary>Sites (ids); always intersected with the caller's sites.</summary>
    public IReadOnlyList<string>? SiteIds { get; init; }
    /// <summary>Day 0 (the first injection) on or after this date.</summary>
    public DateOnly? TreatedFrom { get; init; }
    /// <summary>Day 0 on or before this date.</summary>
    public DateOnly? TreatedTo { get; init; }

    /// <summary>The whole treated population the caller may see.</summary>
    public static CohortDefinition Everyone { get; } = new();

    public const string NoAdjunct = "NONE";
    public static readonly IReadOnlyList<string> AdjunctChoices = [.. TreatmentCodes.Adjuncts, NoAdjunct];

    /// <summary>Checks codes and ranges; errors are keyed by the camelCase field name.</summary>
    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var e = new FieldErrors();
        Codes(e, "indications", Indications, AssessmentCodes.Indications);
        Codes(e, "targets", Targets, AssessmentCodes.Targets);
        Ints(e, "klGrades", KlGrades, 0, 4);
        Codes(e, "arcoStages", ArcoStages, AssessmentCodes.AvnStages);
        Ints(e, "pfirrmannGrades", PfirrmannGrades, 1, 5);
        Codes(e, "cellSources", CellSources, TreatmentCodes.CellSources);
        Codes(e, "origins", Origins, TreatmentCodes.Origins);
        Codes(e, "routes", Routes, TreatmentCodes.Routes);
        Codes(e, "doseTiers", DoseTiers, TreatmentCodes.DoseTiers);
        Codes(e, "adjuncts", Adjuncts, AdjunctChoices);
        Codes(e, "sexes", Sexes, PatientCodes.Sexes);
        if (SiteIds is { } sites)
            foreach (var s in sites)
                if (string.IsNullOrWhiteSpace(s) || s.Length > 64) { e.Add("siteIds", "Each site must be a site id."); break; }
        Range(e, "cellsPerKgMinE6", "cellsPerKgMaxE6", CellsPerKgMinE6, CellsPerKgMaxE6, 0, 10_000);
        Range(e, "totalCellsMinE6", "totalCellsMaxE6", TotalCellsMinE6, TotalCellsMaxE6, 0, 1_000_000);
        Range(e, "injectionsMin", "injectionsMax", InjectionsMin, InjectionsMax, 0, 100);
        Range(e, "ageMin", "ageMax", AgeMin, AgeMax, 0, 130);
        Range(e, "bmiMin", "bmiMax", BmiMin, BmiMax, 5, 100);
        if (TreatedFrom is { } f && TreatedTo is { } t && f > t) e.Add("treatedTo", "Must be on or after treatedFrom.");
        return e.ToDictionary();
    }

    static void Codes(FieldErrors e, string field, IReadOnlyList<string>? values, IReadOnlyList<string> allowed)
    {
        if (values is null) return;
        foreach (var v in values)
            if (!allowed.Contains(v, StringComparer.Ordinal)) { e.Add(field, $"Each value must be one of {string.Join(", ", allowed)}."); return; }
    }

    static void Ints(FieldErrors e, string field, IReadOnlyList<int>? values, int min, int max)
    {
        if (values is null) return;
        if (values.Any(v => v < min || v > max)) e.Add(field, $"Each value must be a whole number from {min} to {max}.");
    }

    static void Range(FieldErrors e, string minField, string maxField, double? min, double? max, double lo, double hi)
    {
        if (min is { } a && (double.IsNaN(a) || a < lo || a > hi)) e.Add(minField, $"Must be from {lo.ToString(CultureInfo.InvariantCulture)} to {hi.ToString(CultureInfo.InvariantCulture)}.");
        if (max is { } b && (double.IsNaN(b) || b < lo || b > hi)) e.Add(maxField, $"Must be from {lo.ToString(CultureInfo.InvariantCulture)} to {hi.ToString(CultureInfo.InvariantCulture)}.");
        if (min is { } x && max is { } y && x > y) e.Add(maxField, $"Must not be less than {minField}.");
    }

    /// <summary>The same definition with lists sorted, de-duplicated and empty lists dropped, so equal cohorts look equal.</summary>
    public CohortDefinition Normalized() => this with
    {
        Indications = Norm(Indications), Targets = Norm(Targets), KlGrades = Norm(KlGrades), ArcoStages = Norm(ArcoStages),
        PfirrmannGrades = Norm(PfirrmannGrades), CellSources = Norm(CellSources), Origins = Norm(Origins), Routes = Norm(Routes),
        DoseTiers = Norm(DoseTiers), Adjuncts = Norm(Adjuncts), Sexes = Norm(Sexes), SiteIds = Norm(SiteIds),
    };

    static IReadOnlyList<string>? Norm(IReadOnlyList<string>? v)
    {
        if (v is null) return null;
        var list = v.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? null : list;
    }

    static IReadOnlyList<int>? Norm(IReadOnlyList<int>? v)
    {
        if (v is null || v.Count == 0) return null;
        return v.Distinct().Order().ToList();
    }

    // ---- canonical JSON ----------------------------------------------------------------------------------------------

    /// <summary>
    /// The canonical JSON form: camelCase, fixed property order, lists sorted and de-duplicated, unset filters left out,
    /// dates as YYYY-MM-DD, numbers in invariant round-trip form. Equal cohorts give byte-equal text (saving, audit).
    /// </summary>
    public string ToCanonicalJson()
    {
        var n = Normalized();
        var o = new JsonObject();
        void L(string k, IReadOnlyList<string>? v) { if (v is not null) o[k] = new JsonArray([.. v.Select(x => (JsonNode?)JsonValue.Create(x))]); }
        void I(string k, IReadOnlyList<int>? v) { if (v is not null) o[k] = new JsonArray([.. v.Select(x => (JsonNode?)JsonValue.Create(x))]); }
        void D(string k, double? v) { if (v is { } x) o[k] = JsonValue.Create(x); }
        void N(string k, int? v) { if (v is { } x) o[k] = JsonValue.Create(x); }
        void T(string k, DateOnly? v) { if (v is { } x) o[k] = x.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture); }
        L("indications", n.Indications); L("targets", n.Targets); I("klGrades", n.KlGrades); L("arcoStages", n.ArcoStages);
        I("pfirrmannGrades", n.PfirrmannGrades); L("cellSources", n.CellSources); L("origins", n.Origins); L("routes", n.Routes);
        L("doseTiers", n.DoseTiers); D("cellsPerKgMinE6", n.CellsPerKgMinE6); D("cellsPerKgMaxE6", n.CellsPerKgMaxE6);
        D("totalCellsMinE6", n.TotalCellsMinE6); D("totalCellsMaxE6", n.TotalCellsMaxE6); N("injectionsMin", n.InjectionsMin);
        N("injectionsMax", n.InjectionsMax); L("adjuncts", n.Adjuncts); N("ageMin", n.AgeMin); N("ageMax", n.AgeMax); L("sexes", n.Sexes);
        D("bmiMin", n.BmiMin); D("bmiMax", n.BmiMax); L("siteIds", n.SiteIds); T("treatedFrom", n.TreatedFrom); T("treatedTo", n.TreatedTo);
        return o.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    /// <summary>Reads the canonical (or any camelCase) JSON form; an unknown or ill-typed field is an error naming it.</summary>
    public static Outcome<CohortDefinition> FromJson(string? json)
    {
        var e = new FieldErrors();
        if (string.IsNullOrWhiteSpace(json)) return new CohortDefinition();
        JsonObject? root;
        try { root = JsonNode.Parse(json) as JsonObject; }
        catch (JsonException) { root = null; }
        if (root is null) return Outcome.Invalid<CohortDefinition>(e.Add("definition", "Must be a JSON object.").ToDictionary());
        var pairs = new List<KeyValuePair<string, string?>>();
        foreach (var (key, node) in root)
        {
            if (node is null) continue;
            if (node is JsonArray arr)
            {
                foreach (var item in arr)
                    pairs.Add(new(key, item is JsonValue v ? ScalarText(v) : "\u0000"));
                if (arr.Count == 0) pairs.Add(new(key, null));
            }
            else if (node is JsonValue v) pairs.Add(new(key, ScalarText(v)));
            else pairs.Add(new(key, "\u0000"));
        }
        return FromPairs(pairs);
    }

    static string ScalarText(JsonValue v) => v.GetValueKind() switch
    {
        JsonValueKind.String => v.GetValue<string>(),
        JsonValueKind.Number => v.ToJsonString(),
        _ => "\u0000",
    };

    // ---- query-string form -------------------------------------------------------------------------------------------

    static readonly string[] ListKeys =
        ["indications", "targets", "klGrades", "arcoStages", "pfirrmannGrades", "cellSources", "origins", "routes", "doseTiers", "adjuncts", "sexes", "siteIds"];
    static readonly string[] ScalarKeys =
        ["cellsPerKgMinE6", "cellsPerKgMaxE6", "totalCellsMinE6", "totalCellsMaxE6", "injectionsMin", "injectionsMax", "ageMin", "ageMax",
         "bmiMin", "bmiMax", "treatedFrom", "treatedTo"];

    /// <summary>Every parameter name of the query-string form (lists repeat their key).</summary>
    public static IReadOnlyList<string> QueryKeys { get; } = [.. ListKeys, .. ScalarKeys];

    /// <summary>The query-string form for links between pages, e.g. <c>indications=KNEE_OA&amp;klGrades=2&amp;ageMin=50</c> (no leading '?').</summary>
    public string ToQueryString()
    {
        var sb = new StringBuilder();
        foreach (var (key, value) in ToPairs())
        {
            if (sb.Length > 0) sb.Append('&');
            sb.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
        }
        return sb.ToString();
    }

    /// <summary>The definition as (key, value) pairs in canonical order; lists give one pair per value.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ToPairs()
    {
        var root = (JsonObject)JsonNode.Parse(ToCanonicalJson())!;
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var (key, node) in root)
        {
            if (node is JsonArray arr) foreach (var item in arr) pairs.Add(new(key, ScalarText((JsonValue)item!)));
            else pairs.Add(new(key, ScalarText((JsonValue)node!)));
        }
        return pairs;
    }

    /// <summary>Parses a raw query string (with or without '?'); unknown keys are ignored so pages may add their own.</summary>
    public static Outcome<CohortDefinition> FromQueryString(string? query)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        foreach (var part in (query ?? "").TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            var key = Uri.UnescapeDataString((eq < 0 ? part : part[..eq]).Replace('+', ' '));
            var value = eq < 0 ? "" : Uri.UnescapeDataString(part[(eq + 1)..].Replace('+', ' '));
            if (QueryKeys.Contains(key, StringComparer.Ordinal)) pairs.Add(new(key, value));
        }
        return FromPairs(pairs);
    }

    /// <summary>
    /// Builds a definition from (key, value) pairs as the query-string and form hosts hold them; a list key may repeat
    /// or carry comma-separated values. Empty values are ignored. An unknown key or an unreadable value is an error
    /// naming the field; the result is validated.
    /// </summary>
    public static Outcome<CohortDefinition> FromPairs(IEnumerable<KeyValuePair<string, string?>> pairs)
    {
        var e = new FieldErrors();
        var lists = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var scalars = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, raw) in pairs)
        {
            if (ListKeys.Contains(key, StringComparer.Ordinal))
            {
                if (!lists.TryGetValue(key, out var l)) lists[key] = l = [];
                foreach (var v in (raw ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) l.Add(v);
            }
            else if (ScalarKeys.Contains(key, StringComparer.Ordinal))
            {
                if (string.IsNullOrWhiteSpace(raw)) continue;
                if (scalars.ContainsKey(key)) { e.Add(key, "Given more than once."); continue; }
                scalars[key] = raw.Trim();
            }
            else e.Add(key, "Not a cohort filter.");
        }

        IReadOnlyList<string>? S(string k) => lists.TryGetValue(k, out var l) && l.Count > 0 ? l : null;
        IReadOnlyList<int>? I(string k)
        {
            if (S(k) is not { } l) return null;
            var r = new List<int>();
            foreach (var v in l)
                if (int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)) r.Add(i);
                else { e.Add(k, "Each value must be a whole number."); return null; }
            return r;
        }
        double? D(string k)
        {
            if (!scalars.TryGetValue(k, out var v)) return null;
            if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return d;
            e.Add(k, "Must be a number."); return null;
        }
        int? N(string k)
        {
            if (!scalars.TryGetValue(k, out var v)) return null;
            if (int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)) return i;
            e.Add(k, "Must be a whole number."); return null;
        }
        DateOnly? T(string k)
        {
            if (!scalars.TryGetValue(k, out var v)) return null;
            if (DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
            e.Add(k, "Must be a date as YYYY-MM-DD."); return null;
        }

        var definition = new CohortDefinition
        {
            Indications = S("indications"), Targets = S("targets"), KlGrades = I("klGrades"), ArcoStages = S("arcoStages"),
            PfirrmannGrades = I("pfirrmannGrades"), CellSources = S("cellSources"), Origins = S("origins"), Routes = S("routes"),
            DoseTiers = S("doseTiers"), CellsPerKgMinE6 = D("cellsPerKgMinE6"), CellsPerKgMaxE6 = D("cellsPerKgMaxE6"),
            TotalCellsMinE6 = D("totalCellsMinE6"), TotalCellsMaxE6 = D("totalCellsMaxE6"), InjectionsMin = N("injectionsMin"),
            InjectionsMax = N("injectionsMax"), Adjuncts = S("adjuncts"), AgeMin = N("ageMin"), AgeMax = N("ageMax"), Sexes = S("sexes"),
            BmiMin = D("bmiMin"), BmiMax = D("bmiMax"), SiteIds = S("siteIds"), TreatedFrom = T("treatedFrom"), TreatedTo = T("treatedTo"),
        }.Normalized();
        if (!e.IsEmpty) return Outcome.Invalid<CohortDefinition>(e.ToDictionary());
        var problems = definition.Validate();
        return problems.Count > 0 ? Outcome.Invalid<CohortDefinition>(problems) : definition;
    }

    /// <summary>True when the member passes every filter except the site filter (applied in SQL with the caller's sites).</summary>
    public bool Matches(CohortMember m)
    {
        static bool In<T>(IReadOnlyList<T>? allowed, T? value) => allowed is not { Count: > 0 } || (value is not null && allowed.Contains(value));
        static bool Between(double? min, double? max, double? value) =>
            (min is null && max is null) || (value is { } v && (min is null || v >= min) && (max is null || v <= max));
        if (!In(Indications, m.Indication) || !In(Targets, m.Target) || !In(ArcoStages, m.Arco) || !In(CellSources, m.CellSource)
            || !In(Origins, m.Origin) || !In(Routes, m.Route) || !In(DoseTiers, m.DoseTier) || !In(Sexes, m.Sex)
            || !In(SiteIds, m.SiteId)) return false;
        if (KlGrades is { Count: > 0 } && (m.KlGrade is not { } kl || !KlGrades.Contains(kl))) return false;
        if (PfirrmannGrades is { Count: > 0 } && (m.Pfirrmann is not { } pf || !PfirrmannGrades.Contains(pf))) return false;
        if (Adjuncts is { Count: > 0 } && !Adjuncts.Any(a => a == NoAdjunct ? m.Adjuncts.Count == 0 : m.Adjuncts.Contains(a))) return false;
        if (!Between(CellsPerKgMinE6, CellsPerKgMaxE6, m.CellsPerKgE6)) return false;
        if (!Between(TotalCellsMinE6, TotalCellsMaxE6, m.TotalCellsE6)) return false;
        if (!Between(InjectionsMin, InjectionsMax, m.Injections)) return false;
        if (!Between(AgeMin, AgeMax, m.AgeAtDayZero)) return false;
        if (!Between(BmiMin, BmiMax, m.Bmi)) return false;
        if (TreatedFrom is { } from && m.DayZero < from) return false;
        if (TreatedTo is { } to && m.DayZero > to) return false;
        return true;
    }
}
