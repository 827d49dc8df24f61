using System.Globalization;
using System.Text.RegularExpressions;
using OrthoRegen.Assessment;
using OrthoRegen.FollowUp;
using OrthoRegen.Instruments;
using OrthoRegen.Patients;
using OrthoRegen.Treatment;

namespace OrthoRegen.Research;

/// <summary>
/// The columns of an analysis dataset and how a patient becomes rows. Both shapes share the patient variables; long adds
/// the response's visit, instrument, day and one column per score of the instruments present (<c>koos_pain</c>); wide adds,
/// per instrument and visit, the day and each score (<c>koos_m3_day</c>, <c>koos_pain_m3</c>). No dates are written:
/// every date is a day offset from Day 0.
/// </summary>
public sealed partial class DatasetLayout
{
    readonly List<(InstrumentDefinition Definition, IReadOnlyList<string> Visits)> _instruments;

    public DatasetShape Shape { get; }
    public IReadOnlyList<DatasetVariable> Variables { get; }

    DatasetLayout(DatasetShape shape, List<(InstrumentDefinition, IReadOnlyList<string>)> instruments, IReadOnlyList<DatasetVariable> variables)
    {
        (Shape, _instruments, Variables) = (shape, instruments, variables);
    }

    /// <summary>
    /// The layout for the (instrument, visit) pairs present in the data. Instruments no longer in
    /// <paramref name="catalog"/> are left out: their scores have no definition to label them.
    /// </summary>
    public static DatasetLayout For(DatasetShape shape, IEnumerable<(string Instrument, string Visit)> present, InstrumentCatalog catalog)
    {
        var instruments = present.GroupBy(p => p.Instrument, StringComparer.Ordinal)
            .Select(g => (Definition: catalog.Find(g.Key)?.Definition, Visits: (IReadOnlyList<string>)OrderVisits(g.Select(p => p.Visit).Distinct())))
            .Where(x => x.Definition is not null)
            .Select(x => (x.Definition!, x.Visits))
            .OrderBy(x => x.Item1.Code, StringComparer.Ordinal).ToList();
        var v = new List<DatasetVariable>(PatientVariables);
        if (shape == DatasetShape.Long)
        {
            var visits = OrderVisits(instruments.SelectMany(i => i.Visits).Distinct());
            v.Add(new("visit", "Follow-up visit (protocol code)", VariableType.Factor, null, visits.Select(x => new FactorLevel(x, x)).ToList()));
            v.Add(new("instrument", "Outcome instrument", VariableType.Factor, null, instruments.Select(i => new FactorLevel(i.Item1.Code, i.Item1.Title.En)).ToList()));
            v.Add(new("definition_version", "Version of the instrument definition that scored the response", VariableType.String));
            v.Add(new("response_target", "Joint or region the response is about", VariableType.Factor, null, DatasetVariable.LevelsOf(AssessmentCodes.Targets)));
            v.Add(new("day", "Days from Day 0 to completion of the response", VariableType.Integer, "days"));
            foreach (var (d, _) in instruments)
                foreach (var s in d.Scores)
                    v.Add(new(Name(d.Code, s.Name), $"{d.Code} {s.Label.En}", VariableType.Number, s.Unit, null, (s.Min, s.Max)));
        }
        else
        {
            foreach (var (d, visits) in instruments)
                foreach (var visit in visits)
                {
                    v.Add(new(Name(d.Code, visit, "day"), $"{d.Code} at {visit}: days from Day 0", VariableType.Integer, "days"));
                    foreach (var s in d.Scores)
                        v.Add(new(Name(d.Code, s.Name, visit), $"{d.Code} {s.Label.En} at {visit}", VariableType.Number, s.Unit, null, (s.Min, s.Max)));
                }
        }
        var clash = v.GroupBy(x => x.Name).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null) throw new InvalidOperationException($"Two dataset variables are both named '{clash.Key}'.");
        return new DatasetLayout(shape, instruments, v);
    }

    /// <summary>The variables every row carries, in order.</summary>
    public static readonly IReadOnlyList<DatasetVariable> PatientVariables =
    [
        new("pseudonym_code", "Pseudonym code of the patient (only patients with a current, not withdrawn consent to personal data processing are exported)", VariableType.String),
        new("site", "Site code", VariableType.String),
        new("sex", "Sex", VariableType.Factor, null, [new("F", "Female"), new("M", "Male"), new("X", "Other or not stated")]),
        new("age_at_baseline", "Age at baseline (Day 0, else first assessment)", VariableType.Integer, "years"),
        new("indication", "Indication", VariableType.Factor, null, DatasetVariable.LevelsOf(AssessmentCodes.Indications)),
        new("target", "Treated (or assessed) joint or region", VariableType.Factor, null, DatasetVariable.LevelsOf(AssessmentCodes.Targets)),
        new("kl_grade", "Kellgren-Lawrence grade of the target at baseline (last read on or before Day 0)", VariableType.Integer, "grade", null, (0, 4)),
        new("cell_source", "Cell source", VariableType.Factor, null, DatasetVariable.LevelsOf(TreatmentCodes.CellSources)),
        new("origin", "Origin of the cells", VariableType.Factor, null, DatasetVariable.LevelsOf(TreatmentCodes.Origins)),
        new("route", "Route of administration", VariableType.Factor, null, DatasetVariable.LevelsOf(TreatmentCodes.Routes)),
        new("total_cells_e6", "Planned total cells per injection", VariableType.Number, "x10^6 cells"),
        new("cells_per_kg_e6", "Planned cells per kg body weight", VariableType.Number, "x10^6 cells/kg"),
        new("dose_tier", "Dose tier", VariableType.Factor, null, DatasetVariable.LevelsOf(TreatmentCodes.DoseTiers)),
        new("planned_injections", "Planned injections", VariableType.Integer, "injections"),
        new("injections", "Injections given", VariableType.Integer, "injections"),
        new("endpoint_event", "Endpoint reached: replacement of the treated joint or surgery of the treated level (1 yes, 0 censored)", VariableType.Integer, null, null, (0, 1)),
        new("endpoint_type", "Endpoint procedure", VariableType.Factor, null, DatasetVariable.LevelsOf(FollowUpCodes.Endpoints)),
        new("endpoint_days", "Days from Day 0 to the endpoint, or to the last contact when censored", VariableType.Integer, "days"),
        new("ae_count", "Adverse events recorded", VariableType.Integer, "events"),
        new("serious_ae_count", "Serious adverse events recorded", VariableType.Integer, "events"),
    ];

    /// <summary>Rows for one patient: one per response (long; none when the patient has no response, so the patient
    /// still appears once with empty response columns), or exactly one (wide).</summary>
    internal IEnumerable<string?[]> RowsOf(PatientFacts p, IReadOnlyList<ResponseFacts> responses)
    {
        var head = PatientValues(p);
        if (Shape == DatasetShape.Long)
        {
            var known = responses.Where(r => _instruments.Any(i => i.Definition.Code == r.Instrument))
                .OrderBy(r => r.CompletedOn).ThenBy(r => r.Instrument, StringComparer.Ordinal).ToList();
            if (known.Count == 0)
            {
                var row = new string?[Variables.Count];
                head.CopyTo(row, 0);
                yield return row;
                yield break;
            }
            foreach (var r in known)
            {
                var row = new string?[Variables.Count];
                head.CopyTo(row, 0);
                var i = head.Length;
                row[i++] = r.Visit;
                row[i++] = r.Instrument;
                row[i++] = r.DefinitionVersion;
                row[i++] = r.Target;
                row[i++] = Day(p.Day0, r.CompletedOn);
                foreach (var (d, _) in _instruments)
                    foreach (var s in d.Scores)
                    {
                        row[i++] = d.Code == r.Instrument && r.Scores.TryGetValue(s.Name, out var value) ? Num(value) : null;
                    }
                yield return row;
            }
        }
        else
        {
            var row = new string?[Variables.Count];
            head.CopyTo(row, 0);
            var i = head.Length;
            // Wide rows describe the analysed target: responses about the other knee are in the long shape only.
            var latest = responses.Where(r => p.Target is null || r.Target == p.Target)
                .GroupBy(r => (r.Instrument, r.Visit))
                .ToDictionary(g => g.Key, g => g.OrderBy(r => r.CompletedOn).Last());
            foreach (var (d, visits) in _instruments)
                foreach (var visit in visits)
                {
                    var r = latest.GetValueOrDefault((d.Code, visit));
                    row[i++] = r is null ? null : Day(p.Day0, r.CompletedOn);
                    foreach (var s in d.Scores)
                        row[i++] = r is not null && r.Scores.TryGetValue(s.Name, out var value) ? Num(value) : null;
                }
            yield return row;
        }
    }

    static string?[] PatientValues(PatientFacts p) =>
    [
        p.Code, p.Site, p.Sex, Int(p.AgeAtBaseline), p.Indication, p.Target, Int(p.KlGrade), p.CellSource, p.Origin, p.Route,
        Dbl(p.TotalCellsE6), Dbl(p.CellsPerKgE6), p.DoseTier, Int(p.PlannedInjections), Int(p.Injections), Int(p.EndpointEvent),
        p.EndpointType, Int(p.EndpointDays), Int(p.AdverseEvents), Int(p.SeriousAdverseEvents),
    ];

    static string? Day(DateOnly? day0, DateOnly on) => day0 is { } d ? Int(on.DayNumber - d.DayNumber) : null;
    static string? Int(int? v) => v?.ToString(CultureInfo.InvariantCulture);
    static string? Dbl(double? v) => v?.ToString("R", CultureInfo.InvariantCulture);
    static string? Num(decimal? v) => v?.ToString(CultureInfo.InvariantCulture);

    /// <summary>A variable name valid in R and SPSS: lowercase letters, digits and '_', joined by '_'.</summary>
    public static string Name(params string[] parts) =>
        NotNameCharacter().Replace(string.Join("_", parts).ToLowerInvariant(), "_");

    /// <summary>Visits in protocol order (BASE, D1_7, M1, M3, M6, M12, M24, then yearly Y3, Y4 …), unknown codes last.</summary>
    public static List<string> OrderVisits(IEnumerable<string> visits) =>
        visits.OrderBy(VisitRank).ThenBy(v => v, StringComparer.Ordinal).ToList();

    static int VisitRank(string v) => v switch
    {
        "BASE" => 0,
        "D1_7" => 1,
        _ when v.Length > 1 && v[0] == 'M' && int.TryParse(v[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var m) => 10 + m,
        _ when v.Length > 1 && v[0] == 'Y' && int.TryParse(v[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var y) => 10 + 12 * y,
        _ => int.MaxValue,
    };

    [GeneratedRegex("[^a-z0-9_]")] private static partial Regex NotNameCharacter();
}
