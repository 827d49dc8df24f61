using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OrthoRegen.Interop.Redcap;

/// <summary>
/// Where an OrthoRegen value comes from: a REDCap <see cref="Field"/> (optionally recoded through <see cref="Codes"/>,
/// REDCap choice code → OrthoRegen code), or a constant <see cref="Value"/>. In YAML: <c>last_name</c>,
/// <c>{field: sex, codes: {"1": F, "2": M}}</c> or <c>{value: ko}</c>.
/// </summary>
public sealed record FieldSource(string? Field, string? Value, IReadOnlyDictionary<string, string>? Codes)
{
    public string Describe => Field ?? $"(constant '{Value}')";
}

/// <summary>Demographics: the event that holds them (null in a classic, non-longitudinal project) and the field sources,
/// keyed by OrthoRegen field (family_name, given_name, birth_date, sex, language, record_number, national_id, phone,
/// email, height_cm, weight_kg).</summary>
public sealed record PatientMapping(string? Event, IReadOnlyDictionary<string, FieldSource> Fields);

/// <summary>
/// One REDCap form that becomes instrument responses: at each mapped event (event name → OrthoRegen visit code) a row
/// with at least one answered item is one response. <see cref="Form"/> names the form when it is a repeating instrument
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
public sealed record RedcapMapping(string RecordId, string? Site, PatientMapping Patient, IReadOnlyList<InstrumentMapping> Instruments)
{
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
        r.Keys(root, "", ["record_id", "site", "patient", "instruments"]);
        var recordId = r.Scalar(root, "record_id", "") ?? "record_id";
        var site = r.Scalar(root, "site", "");
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
                    var events = r.Map(im, "events", path, required: true);
                    var items = new Dictionary<string, FieldSource>(StringComparer.Ordinal);
                    if (r.Child(im, "items", path, required: true) is YamlMappingNode itemsNode)
                        foreach (var (k, _) in itemsNode.Children)
                            if (r.Source(itemsNode, ((YamlScalarNode)k).Value!, path + ".items", required: true) is { } s) items[((YamlScalarNode)k).Value!] = s;
                    var completed = r.Source(im, "completed_on", path, required: true);
                    var target = r.Source(im, "target", path, required: true);
                    var language = r.Source(im, "language", path, required: true);
                    var mode = r.Source(im, "mode", path, required: true);
                    if (code is null || events is null || completed is null || target is null || language is null || mode is null) continue;
                    instruments.Add(new InstrumentMapping(code, r.Scalar(im, "form", path), events, completed, target, language, mode, items, r.Map(im, "answer_codes", path)));
                }
        }
        if (p.Count > 0 || patient is null) return null;
        return new RedcapMapping(recordId, site, patient, instruments);
    }

    /// <summary>Every REDCap field the mapping reads.</summary>
    public IEnumerable<(string Path, FieldSource Source)> Sources()
    {
        foreach (var (k, s) in Patient.Fields) yield return ($"patient.{k}", s);
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

        public FieldSource? Source(YamlMappingNode node, string key, string path, bool required)
        {
            var child = Child(node, key, path, required);
            var at = Join(path, key);
            switch (child)
            {
                case null: return null;
                case YamlScalarNode { Value: { Length: > 0 } field }: return new FieldSource(field, null, null);
                case YamlMappingNode m:
                    Keys(m, at, ["field", "value", "codes"]);
                    var f = Scalar(m, "field", at);
                    var v = Scalar(m, "value", at);
                    if ((f is null) == (v is null)) { problems.Add($"{at}: give either field or value"); return null; }
                    var codes = Map(m, "codes", at);
                    if (codes is not null && f is null) { problems.Add($"{at}.codes: only with field"); return null; }
                    return new FieldSource(f, v, codes);
                default:
                    problems.Add($"{at}: must be a REDCap field name or {{field, codes}} or {{value}}");
                    return null;
            }
        }

        static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;
    }
}
