using System.Text.Json;

namespace OrthoRegen.Instruments;

/// <summary>
/// The JSON shapes of INSTRUMENTS.md "Item codes and request format": a request
/// <c>{"instrument": "KOOS", "items": {"P1": 2, …}, "options": {…}, "baseline": {…}}</c> (baseline optional: the same
/// patient's earlier items, for change and MCID/PASS) and a result
/// <c>{"instrument", "status", "scores": {NAME: number|null}, "band", "errors": [{"item", "message"}], …}</c>.
/// Used by the CLI and the batch runner, so every route writes the same shape.
/// </summary>
public static class InstrumentJson
{
    static readonly HashSet<string> RequestFields = ["instrument", "items", "options", "baseline"];

    /// <summary>
    /// Reads one request. Structural problems (not an object, no instrument, items not an object, an item given twice)
    /// come back as errors and no request; item values are left to <see cref="InstrumentCatalog.Score"/>.
    /// </summary>
    public static InstrumentRequest? ReadRequest(JsonElement json, out string instrument, out List<ItemError> errors)
    {
        errors = [];
        instrument = "";
        if (json.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ItemError("request", InstrumentMessages.NotAnObject("A request")));
            return null;
        }
        IReadOnlyDictionary<string, Answer>? items = null, baseline = null;
        Dictionary<string, JsonElement>? options = null;
        foreach (var p in json.EnumerateObject())
        {
            switch (p.Name)
            {
                case "instrument" when p.Value.ValueKind == JsonValueKind.String:
                    instrument = p.Value.GetString()!;
                    break;
                case "instrument":
                    errors.Add(new ItemError("instrument", InstrumentMessages.MissingInstrument));
                    break;
                case "items":
                    items = ReadItems(p.Value, "items", "", errors);
                    break;
                case "baseline":
                    baseline = p.Value.ValueKind == JsonValueKind.Null ? null : ReadItems(p.Value, "baseline", "baseline.", errors);
                    break;
                case "options" when p.Value.ValueKind == JsonValueKind.Null:
                    break;
                case "options" when p.Value.ValueKind == JsonValueKind.Object:
                    options = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                    foreach (var o in p.Value.EnumerateObject()) options[o.Name] = o.Value;
                    break;
                case "options":
                    errors.Add(new ItemError("options", InstrumentMessages.NotAnObject("options")));
                    break;
                default:
                    errors.Add(new ItemError(p.Name, InstrumentMessages.UnknownRequestField(p.Name)));
                    break;
            }
        }
        if (instrument.Length == 0 && errors.All(e => e.Item != "instrument"))
            errors.Add(new ItemError("instrument", InstrumentMessages.MissingInstrument));
        return errors.Count > 0 ? null : new InstrumentRequest(instrument, items ?? new Dictionary<string, Answer>(), options, baseline);
    }

    static Dictionary<string, Answer>? ReadItems(JsonElement value, string what, string prefix, List<ItemError> errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ItemError(what, InstrumentMessages.NotAnObject(what)));
            return null;
        }
        var items = new Dictionary<string, Answer>(StringComparer.Ordinal);
        foreach (var p in value.EnumerateObject())
        {
            if (!items.TryAdd(p.Name, Answer.FromJson(p.Value)))
                errors.Add(new ItemError(prefix + p.Name, InstrumentMessages.ItemTwice(p.Name)));
        }
        return items;
    }

    /// <summary>Reads and scores one request element; structural problems give a rejected result.</summary>
    public static InstrumentResult Score(InstrumentCatalog catalog, JsonElement json)
    {
        var request = ReadRequest(json, out var instrument, out var errors);
        return request is null ? InstrumentResult.Rejected(instrument, null, errors) : catalog.Score(request);
    }

    /// <summary>
    /// Writes a result. Always: instrument, status, scores (name → number or null, 4 decimals), band (code of the
    /// banded score, or null), errors. Also: version, options used, details per score (direction, band, answered,
    /// imputed, reason); responder and responder_reason for OMERACT_OARSI; classification when the instrument gives
    /// one; change when a baseline was given.
    /// </summary>
    public static void WriteResult(Utf8JsonWriter w, InstrumentResult r)
    {
        w.WriteStartObject();
        if (r.Instrument.Length > 0) w.WriteString("instrument", r.Instrument); else w.WriteNull("instrument");
        w.WriteString("status", r.Status == ResultStatus.Ok ? "ok" : "rejected");
        w.WriteStartObject("scores");
        foreach (var s in r.Scores) WriteNumber(w, s.Name, s.Value);
        w.WriteEndObject();
        if (r.Band is { } band) w.WriteString("band", band.Code); else w.WriteNull("band");
        w.WriteStartArray("errors");
        foreach (var e in r.Errors)
        {
            w.WriteStartObject();
            w.WriteString("item", e.Item);
            w.WriteString("message", e.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (r.Instrument == OmeractOarsi.Code && r.Status == ResultStatus.Ok)
        {
            if (r.Responder is { } responder) w.WriteBoolean("responder", responder); else w.WriteNull("responder");
            w.WriteString("responder_reason", r.ResponderReason);
        }
        if (r.Classification is { } classification)
        {
            w.WritePropertyName("classification");
            JsonSerializer.Serialize(w, classification);
        }
        if (r.Version is { } version) w.WriteString("version", version);
        if (r.Options is { Count: > 0 } options)
        {
            w.WritePropertyName("options");
            JsonSerializer.Serialize(w, options);
        }
        if (r.Scores.Count > 0) WriteDetails(w, r.Scores);
        if (r.Change is { } change) WriteChange(w, change);
        w.WriteEndObject();
    }

    static void WriteDetails(Utf8JsonWriter w, IReadOnlyList<ScoreValue> scores)
    {
        w.WriteStartObject("details");
        foreach (var s in scores)
        {
            w.WriteStartObject(s.Name);
            w.WriteString("direction", s.Direction == Direction.HigherIsBetter ? "higher_is_better" : "higher_is_worse");
            if (s.Band is { } b) w.WriteString("band", b.Code); else w.WriteNull("band");
            w.WriteNumber("answered", s.Answered);
            w.WriteNumber("imputed", s.Imputed);
            if (s.Reason is { } reason) w.WriteString("reason", reason); else w.WriteNull("reason");
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    static void WriteChange(Utf8JsonWriter w, IReadOnlyList<ScoreChange> changes)
    {
        w.WriteStartObject("change");
        foreach (var c in changes)
        {
            w.WriteStartObject(c.Score);
            WriteNumber(w, "baseline", c.Baseline);
            WriteNumber(w, "followup", c.Followup);
            WriteNumber(w, "change", c.Change);
            WriteNumber(w, "relative_change_pct", c.RelativeChangePercent);
            WriteNumber(w, "improvement", c.Improvement);
            WriteNumber(w, "relative_improvement_pct", c.RelativeImprovementPercent);
            if (c.Threshold is { } t)
            {
                w.WriteStartObject("threshold");
                w.WriteString("kind", t.Kind == ChangeThresholdKind.MinimalImportantChange ? "mcid" : "sdc");
                w.WriteString("population", t.Population);
                WriteNumber(w, "absolute", t.Absolute);
                WriteNumber(w, "relative_pct", t.RelativePercent);
                w.WriteString("source", t.Source);
                w.WriteEndObject();
            }
            else w.WriteNull("threshold");
            WriteBool(w, "mcid_met", c.Threshold?.Kind == ChangeThresholdKind.MinimalImportantChange ? c.ThresholdMet : null);
            WriteBool(w, "sdc_met", c.Threshold?.Kind == ChangeThresholdKind.SmallestDetectableChange ? c.ThresholdMet : null);
            if (c.Pass is { } p)
            {
                w.WriteStartObject("pass");
                w.WriteString("population", p.Population);
                w.WriteNumber("value", p.Value);
                w.WriteString("source", p.Source);
                w.WriteEndObject();
            }
            else w.WriteNull("pass");
            WriteBool(w, "pass_met", c.PassMet);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    static void WriteNumber(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v) w.WriteNumber(name, v); else w.WriteNull(name);
    }

    static void WriteBool(Utf8JsonWriter w, string name, bool? value)
    {
        if (value is { } v) w.WriteBoolean(name, v); else w.WriteNull(name);
    }
}
