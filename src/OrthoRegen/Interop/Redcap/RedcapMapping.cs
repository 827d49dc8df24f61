using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OrthoRegen.Interop.Redcap;

/// <summary>
/// Where an OrthoRegen value comes from: a REDCap <see cref="Field"/> (optionally recoded through <see cref="Codes"/>,
/// REDCap choice code → OrthoRegen code, then shifted by <see cref="Add"/>), or a constant <see cref="Value"/>. In YAML:
/// <c>last_name</c>, <c>{field: sex, codes: {"1": F, "2": M}}</c>, <c>{field: womac_p1, add: -1}</c> (a project that stores
/// 1–5 for a 0–4 item) or <c>{value: ko}</c>.
/// </summary>
public sealed record FieldSource(string? Field, string? Value, IReadOnlyDictionary<string, string>? Codes, decimal? Add = null)
{
    public string Describe => Field ?? $"(constant '{Value}')";

    /// <summary>Applies <see cref="Add"/> to a (recoded) value: the shifted number, or null with the reason it cannot be shifted.</summary>
    public (string? Value, string? Misfit) Shift(string value)
    {
        if (Add is not { } add) return (value, null);
        if (!decimal.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n))
            return (null, $"not a number, so 'add: {add}' cannot apply");
        return ((n + add).ToString(System.Globalization.CultureInfo.InvariantCulture), null);
    }
}

/// <summary>
/// Follow-up: the record's Day 0 (first injection) and treating physician start the patient's follow-up schedule for the
/// treated target (as starting it by hand does, idempotently); each mapped event's visit is then recorded on its
/// <see cref="VisitDate"/> (when absent, the earliest completion date of the event's questionnaires) with the event's
/// responses linked. A record without a Day 0 keeps its responses with their visit codes only, unless the patient already
/// has a schedule for the target.
/// </summary>
public sealed record FollowUpMapping(FieldSource Day0, FieldSource TreatingPhysician, FieldSource? VisitDate);

/// <summary>
/// The baseline assessment (DOMAIN.md 2 Assessment): the event holding it and the sources keyed by OrthoRegen field
/// (indication, assessed_on, symptom_duration_months, pain_nrs, hba1c_pct, kl_grade, xray_on, xray_reader and the
/// exclusion flags active_infection … poor_rehab_adherence, can_attend_follow_up_24m). Flags read 1/true/yes as true
/// and 0/false/no as false. A KL grade becomes an X-ray read of the treated target (read on <c>xray_on</c>, default the
/// assessment date).
/// </summary>
public sealed record AssessmentMapping(string? Event, IReadOnlyDictionary<string, FieldSource> Fields);

/// <summary>Demographics: the event that holds them (null in a classic, non-longitudinal project) and the field sources,
/// keyed by OrthoRegen field (family_name, given_name, birth_date, sex, language, record_number, national_id, phone,
/// email, height_cm, weight_kg).</summary>
public sealed record PatientMapping(string? Event, IReadOnlyDictionary<string, FieldSource> Fields);

/// <summary>
/// One REDCap form that becomes instrument responses: at each mapped event (event name → OrthoRegen visit code; in YAML
/// a map, or a list of event names whose visit codes come from the top-level <c>events</c>) a row with at least one
/// answered item is one response. <see cref="Target"/> defaults to the mapping's treated target. <see cref="Form"/> names the form when it is a repeating instrument
/// (its rows carry <c>redcap_repeat_instrument</c>). <see cref="AnswerCodes"/> recodes every item's REDCap code to the
/// OrthoRegen answer value (omit when the codes already are the answer values).
/// </summary>
public sealed record InstrumentMapping(
    string Instrument, string? Form, IReadOnlyDictionary<string, string> Events, FieldSource CompletedOn, FieldSource Target,
    FieldSource Language, FieldSource Mode, IReadOnlyDictionary<string, FieldSource> Items, IReadOnlyDictionary<string, string>? AnswerCodes);

/// <summary>
/// The mapping file (YAML) of a REDCap import. Read strictly: an unknown key, a missing required key or a wrong shape is
/// an error naming its path (<c>instruments[0].items.P1</c>). See tests/…/Interop/Redcap/sample/mapping.yaml.
/// </summary>
/// <param name="Project">Names the REDCap project in the import's idempotency keys (default: the site), so a record id
/// of one project is never taken for another project's.</param>
/// <param name="Events">Every event of the records (event name → visit code); a record with a row of another event is
/// refused. Null in a classic project, or an older mapping that lists events per instrument only.</param>
/// <param name="Target">The treated target of a record (KNEE_L …), read at the demographics event.</param>
public sealed record RedcapMapping(string RecordId, string? Site, PatientMapping Patient, IReadOnlyList<InstrumentMapping> Instruments,
    string? Project = null, IReadOnlyDictionary<string, string>? Events = null, FieldSource? Target = null,
    FollowUpMapping? FollowUp = null, AssessmentMapping? Assessment = null)
{
    public static readonly IReadOnlyList<string> AssessmentFlags =
    [
        "active_infection", "immune_disease_active", "immunodeficiency", "malignancy_active_or_recent", "pregnant_or_lactating",
        "anticoagulant_or_coagulopathy", "can_attend_follow_up_24m", "poor_rehab_adherence",
    ];
    public static readonly IReadOnlyList<string> AssessmentFields =
        ["indication", "assessed_on", "symptom_duration_months", "pain_nrs", "hba1c_pct", "kl_grade", "xray_on", "xray_reader", .. AssessmentFlags];
    public static readonly IReadOnlyList<string> RequiredAssessmentFields = ["indication", "assessed_on", "symptom_duration_months"];

    public static readonly IReadOnlyList<string> PatientFields =
        ["family_name", "given_name", "birth_date", "sex", "language", "record_number", "national_id", "phone", "email", "height_cm", "weight_kg"];
    public static readonly IReadOnlyList<string> RequiredPatientFields = ["family_name", "given_name", "birth_date", "sex", "language"];

    /// <summary>The mapping, or null with every problem (path: message).</summary>
    public static RedcapMapping? Parse(string yaml, out IReadOnlyList<string> problems)
    {
        var p = new List<string>();
        problems = p;
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode m) { p.Add("(root): the file must be one YAML mapping"); return null; }
            root = m;
        }
        catch (YamlException e)
        {
            p.Add($"line {e.Start.Line}: {e.Message}");
            return null;
        }
        var r = new Reader(p);
        r.Keys(root, "", ["record_id", "site", "project", "events", "target", "patient", "follow_up", "assessment", "instruments"]);
        var recordId = r.Scalar(root, "record_id", "") ?? "record_id";
        var site = r.Scalar(root, "site", "");
        var project = r.Scalar(root, "project", "");
        var topEvents = r.Map(root, "events", "");
        if (topEvents is not null)
            foreach (var (evt, visit) in topEvents.Where(kv => !VisitCodeShape(kv.Value)))
                p.Add($"events.{evt}: '{visit}' is not a visit code (1–16 capital letters, digits or _: BASE, M3, M12)");
        var target = r.Source(root, "target", "", required: false);
        FollowUpMapping? followUp = null;
        if (r.Child(root, "follow_up", "", required: false) is { } fu)
        {
            if (fu is not YamlMappingNode fm) p.Add("follow_up: must be a mapping");
            else
            {
                r.Keys(fm, "follow_up", ["day0", "treating_physician", "visit_date"]);
                var day0 = r.Source(fm, "day0", "follow_up", required: true);
                var physician = r.Source(fm, "treating_physician", "follow_up", required: true);
                var visitDate = r.Source(fm, "visit_date", "follow_up", required: false);
                if (target is null) p.Add("target: required with follow_up (the schedule is per treated target)");
                if (topEvents is null) p.Add("events: required with follow_up (event → visit code)");
                if (day0 is not null && physician is not null) followUp = new FollowUpMapping(day0, physician, visitDate);
            }
        }
        AssessmentMapping? assessment = null;
        if (r.Child(root, "assessment", "", required: false) is { } an)
        {
            if (an is not YamlMappingNode am) p.Add("assessment: must be a mapping");
            else
            {
                r.Keys(am, "assessment", ["event", .. AssessmentFields]);
                var fields = new Dictionary<string, FieldSource>(StringComparer.Ordinal);
                foreach (var f in AssessmentFields)
                    if (r.Source(am, f, "assessment", required: RequiredAssessmentFields.Contains(f)) is { } s) fields[f] = s;
                if (target is null) p.Add("target: required with assessment (the assessment is of the treated target)");
                if (fields.ContainsKey("kl_grade") && !fields.ContainsKey("xray_reader")) p.Add("assessment.xray_reader: required with kl_grade");
                assessment = new AssessmentMapping(r.Scalar(am, "event", "assessment"), fields);
            }
        }
        PatientMapping? patient = null;
        if (r.Child(root, "patient", "", required: true) is YamlMappingNode pn)
        {
            r.Keys(pn, "patient", ["event", .. PatientFields]);
            var fields = new Dictionary<string, FieldSource>(StringComparer.Ordinal);
            foreach (var f in PatientFields)
                if (r.Source(pn, f, "patient", required: RequiredPatientFields.Contains(f)) is { } s) fields[f] = s;
            patient = new PatientMapping(r.Scalar(pn, "event", "patient"), fields);
        }
        var instruments = new List<InstrumentMapping>();
        if (r.Child(root, "instruments", "", required: false) is { } node)
        {
            if (node is not YamlSequenceNode seq) p.Add("instruments: must be a list");
            else
                for (var i = 0; i < seq.Children.Count; i++)
                {
                    var path = $"instruments[{i}]";
                    if (seq.Children[i] is not YamlMappingNode im) { p.Add($"{path}: must be a mapping"); continue; }
                    r.Keys(im, path, ["instrument", "form", "events", "completed_on", "target", "language", "mode", "items", "answer_codes"]);
                    var code = r.Scalar(im, "instrument", path, required: true);
                    var events = r.Events(im, path, topEvents);
                    var items = new Dictionary<string, FieldSource>(StringComparer.Ordinal);
                    if (r.Child(im, "items", path, required: true) is YamlMappingNode itemsNode)
                        foreach (var (k, _) in itemsNode.Children)
                            if (r.Source(itemsNode, ((YamlScalarNode)k).Value!, path + ".items", required: true) is { } s) items[((YamlScalarNode)k).Value!] = s;
                    var completed = r.Source(im, "completed_on", path, required: true);
                    var instrumentTarget = r.Source(im, "target", path, required: false) ?? target;
                    if (instrumentTarget is null) p.Add($"{path}.target: required (or give the top-level target)");
                    var language = r.Source(im, "language", path, required: true);
                    var mode = r.Source(im, "mode", path, required: true);
                    if (code is null || events is null || completed is null || instrumentTarget is null || language is null || mode is null) continue;
                    instruments.Add(new InstrumentMapping(code, r.Scalar(im, "form", path), events, completed, instrumentTarget, language, mode, items, r.Map(im, "answer_codes", path)));
                }
        }
        if (p.Count > 0 || patient is null) return null;
        return new RedcapMapping(recordId, site, patient, instruments, project, topEvents, target, followUp, assessment);
    }

    static bool VisitCodeShape(string code) => code.Length is >= 1 and <= 16 && code.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_');

    /// <summary>The event → visit code of every event the records may hold (the top-level events, else the instruments' own).</summary>
    public IReadOnlyDictionary<string, string> AllEvents()
    {
        if (Events is not null) return Events;
        var all = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var m in Instruments)
            foreach (var (e, v) in m.Events) all.TryAdd(e, v);
        return all;
    }

    /// <summary>Every REDCap field the mapping reads.</summary>
    public IEnumerable<(string Path, FieldSource Source)> Sources()
    {
        foreach (var (k, s) in Patient.Fields) yield return ($"patient.{k}", s);
        if (Target is not null) yield return ("target", Target);
        if (FollowUp is not null)
        {
            yield return ("follow_up.day0", FollowUp.Day0);
            yield return ("follow_up.treating_physician", FollowUp.TreatingPhysician);
            if (FollowUp.VisitDate is not null) yield return ("follow_up.visit_date", FollowUp.VisitDate);
        }
        if (Assessment is not null)
            foreach (var (k, s) in Assessment.Fields) yield return ($"assessment.{k}", s);
        for (var i = 0; i < Instruments.Count; i++)
        {
            var m = Instruments[i];
            yield return ($"instruments[{i}].completed_on", m.CompletedOn);
            yield return ($"instruments[{i}].target", m.Target);
            yield return ($"instruments[{i}].language", m.Language);
            yield return ($"instruments[{i}].mode", m.Mode);
            foreach (var (k, s) in m.Items) yield return ($"instruments[{i}].items.{k}", s);
        }
    }

    sealed class Reader(List<string> problems)
    {
        public void Keys(YamlMappingNode node, string path, IReadOnlyList<string> allowed)
        {
            foreach (var (k, _) in node.Children)
                if (k is not YamlScalarNode { Value: { } key } || !allowed.Contains(key))
                    problems.Add($"{Join(path, k.ToString())}: unknown key (allowed: {string.Join(", ", allowed)})");
        }

        public YamlNode? Child(YamlMappingNode node, string key, string path, bool required)
        {
            if (node.Children.TryGetValue(new YamlScalarNode(key), out var child)) return child;
            if (required) problems.Add($"{Join(path, key)}: required");
            return null;
        }

        public string? Scalar(YamlMappingNode node, string key, string path, bool required = false)
        {
            var child = Child(node, key, path, required);
            if (child is null) return null;
            if (child is YamlScalarNode { Value: { Length: > 0 } v }) return v;
            problems.Add($"{Join(path, key)}: must be a single value");
            return null;
        }

        public IReadOnlyDictionary<string, string>? Map(YamlMappingNode node, string key, string path, bool required = false)
        {
            var child = Child(node, key, path, required);
            if (child is null) return null;
            if (child is not YamlMappingNode m) { problems.Add($"{Join(path, key)}: must be a mapping of code: value"); return null; }
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (k, v) in m.Children)
            {
                if (k is YamlScalarNode { Value: { } kk } && v is YamlScalarNode { Value: { } vv }) map[kk] = vv;
                else problems.Add($"{Join(path, key)}.{k}: must be a single value");
            }
            return map;
        }

        /// <summary>An instrument's events: a map event → visit code, or a list of event names looked up in the top-level events.</summary>
        public IReadOnlyDictionary<string, string>? Events(YamlMappingNode node, string path, IReadOnlyDictionary<string, string>? top)
        {
            var child = Child(node, "events", path, required: true);
            if (child is YamlSequenceNode seq)
            {
                if (top is null) { problems.Add($"{Join(path, "events")}: a list of event names needs the top-level events (event → visit code)"); return null; }
                var map = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var i = 0; i < seq.Children.Count; i++)
                {
                    if (seq.Children[i] is not YamlScalarNode { Value: { Length: > 0 } evt }) { problems.Add($"{Join(path, "events")}[{i}]: must be an event name"); continue; }
                    if (!top.TryGetValue(evt, out var visit)) { problems.Add($"{Join(path, "events")}[{i}]: '{evt}' is not one of the top-level events ({string.Join(", ", top.Keys)})"); continue; }
                    map[evt] = visit;
                }
                return map;
            }
            if (child is null) return null;
            var m = Map(node, "events", path);
            if (m is not null && top is not null)
                foreach (var (evt, visit) in m)
                    if (top.TryGetValue(evt, out var v) ? v != visit : true)
                        problems.Add($"{Join(path, "events")}.{evt}: does not match the top-level events ({(v is null ? "not listed" : $"listed as {v}")})");
            return m;
        }

        public FieldSource? Source(YamlMappingNode node, string key, string path, bool required)
        {
            var child = Child(node, key, path, required);
            var at = Join(path, key);
            switch (child)
            {
                case null: return null;
                case YamlScalarNode { Value: { Length: > 0 } field }: return new FieldSource(field, null, null);
                case YamlMappingNode m:
                    Keys(m, at, ["field", "value", "codes", "add"]);
                    var f = Scalar(m, "field", at);
                    var v = Scalar(m, "value", at);
                    if ((f is null) == (v is null)) { problems.Add($"{at}: give either field or value"); return null; }
                    var codes = Map(m, "codes", at);
                    if (codes is not null && f is null) { problems.Add($"{at}.codes: only with field"); return null; }
                    decimal? add = null;
                    if (Scalar(m, "add", at) is { } a)
                    {
                        if (!decimal.TryParse(a, System.Globalization.NumberStyles.AllowLeadingSign | System.Globalization.NumberStyles.AllowDecimalPoint,
                                System.Globalization.CultureInfo.InvariantCulture, out var n) || n == 0)
                        { problems.Add($"{at}.add: must be a non-zero number (e.g. -1 for a 1–5 item scored 0–4)"); return null; }
                        if (f is null) { problems.Add($"{at}.add: only with field"); return null; }
                        add = n;
                    }
                    return new FieldSource(f, v, codes, add);
                default:
                    problems.Add($"{at}: must be a REDCap field name or {{field, codes, add}} or {{value}}");
                    return null;
            }
        }

        static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;
    }
}
