using System.Runtime.InteropServices;
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
    /// <summary>
    /// Reads one request. Structural problems (not an object, no instrument, items not an object, an item given twice,
    /// an unknown field) come back as errors and no request; item values are left to <see cref="InstrumentCatalog.Score"/>.
    /// </summary>
    public static InstrumentRequest? ReadRequest(JsonElement json, out string instrument, out List<ItemError> errors) =>
        ReadRequest(JsonMarshal.GetRawUtf8Value(json), null, out instrument, out errors);

    /// <summary>
    /// Reads one request from UTF-8 JSON in a single pass (the batch path: no intermediate document). Item codes known
    /// to <paramref name="catalog"/> are shared strings, so a typical request allocates no key strings.
    /// </summary>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    public static InstrumentRequest? ReadRequest(ReadOnlySpan<byte> utf8, InstrumentCatalog? catalog, out string instrument, out List<ItemError> errors)
    {
        errors = [];
        instrument = "";
        var reader = new Utf8JsonReader(utf8);
        if (!reader.Read()) throw new JsonException("Empty input.");
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            EnsureEnd(ref reader);
            errors.Add(new ItemError("request", InstrumentMessages.NotAnObject("A request")));
            return null;
        }
        Dictionary<string, Answer>? items = null, baseline = null;
        Dictionary<string, JsonElement>? options = null;
        var instrumentGiven = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Name(ref reader, catalog);
            reader.Read();
            switch (field)
            {
                case "instrument":
                    instrumentGiven = true;
                    if (reader.TokenType == JsonTokenType.String) instrument = catalog?.InternCode(ref reader) ?? reader.GetString()!;
                    else { reader.Skip(); errors.Add(new ItemError("instrument", InstrumentMessages.MissingInstrument)); }
                    break;
                case "items":
                    items = ReadItems(ref reader, catalog, "items", "", errors);
                    break;
                case "baseline" when reader.TokenType == JsonTokenType.Null:
                    break;
                case "baseline":
                    baseline = ReadItems(ref reader, catalog, "baseline", "baseline.", errors);
                    break;
                case "options" when reader.TokenType == JsonTokenType.Null:
                    break;
                case "options" when reader.TokenType == JsonTokenType.StartObject:
                    options = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                    foreach (var o in JsonElement.ParseValue(ref reader).EnumerateObject()) options[o.Name] = o.Value;
                    break;
                case "options":
                    reader.Skip();
                    errors.Add(new ItemError("options", InstrumentMessages.NotAnObject("options")));
                    break;
                default:
                    reader.Skip();
                    errors.Add(new ItemError(field, InstrumentMessages.UnknownRequestField(field)));
                    break;
            }
        }
        EnsureEnd(ref reader);
        if (!instrumentGiven || instrument.Length == 0 && errors.All(e => e.Item != "instrument"))
            errors.Add(new ItemError("instrument", InstrumentMessages.MissingInstrument));
        return errors.Count > 0 ? null : new InstrumentRequest(instrument, items ?? new Dictionary<string, Answer>(0), options, baseline);
    }

    /// <summary>Anything after the request (other than whitespace) makes the text not JSON, as a parser would say.</summary>
    static void EnsureEnd(ref Utf8JsonReader reader)
    {
        if (reader.Read()) throw new JsonException($"Unexpected {reader.TokenType} after the request.");
    }

    static string Name(ref Utf8JsonReader reader, InstrumentCatalog? catalog) =>
        catalog?.InternCode(ref reader) ?? reader.GetString()!;

    static Dictionary<string, Answer>? ReadItems(ref Utf8JsonReader reader, InstrumentCatalog? catalog, string what, string prefix, List<ItemError> errors)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            errors.Add(new ItemError(what, InstrumentMessages.NotAnObject(what)));
            return null;
        }
        var items = new Dictionary<string, Answer>(48, StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var code = Name(ref reader, catalog);
            reader.Read();
            var answer = ReadAnswer(ref reader, catalog);
            if (!items.TryAdd(code, answer)) errors.Add(new ItemError(prefix + code, InstrumentMessages.ItemTwice(code)));
        }
        return items;
    }

    static Answer ReadAnswer(ref Utf8JsonReader reader, InstrumentCatalog? catalog)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetInt32(out var i)) return Answer.Of(i);
                return reader.TryGetDecimal(out var d) ? Answer.Of(d) : new Answer(AnswerKind.Other);
            case JsonTokenType.Null: return Answer.Missing;
            case JsonTokenType.True: return Answer.Of(true);
            case JsonTokenType.False: return Answer.Of(false);
            case JsonTokenType.String: return Answer.Of(catalog?.InternCode(ref reader) ?? reader.GetString()!);
            default:
                reader.Skip();
                return new Answer(AnswerKind.Other);
        }
    }

    /// <summary>The raw items as a JSON object, in the order given (how a stored response keeps what was answered).</summary>
    public static string WriteItems(IReadOnlyDictionary<string, Answer> items)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            foreach (var (code, answer) in items) answer.WriteTo(w, code);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads raw items written by <see cref="WriteItems"/>.</summary>
    public static Dictionary<string, Answer> ReadItems(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => Answer.FromJson(p.Value), StringComparer.Ordinal);
    }

    /// <summary>The result as the JSON text <see cref="WriteResult"/> writes (what a stored response keeps as its scores).</summary>
    public static string ToJson(InstrumentResult result)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            WriteResult(w, result);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads and scores one request element; structural problems give a rejected result.</summary>
    public static InstrumentResult Score(InstrumentCatalog catalog, JsonElement json) =>
        Score(catalog, JsonMarshal.GetRawUtf8Value(json));

    /// <summary>Reads and scores one request given as UTF-8 JSON.</summary>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    public static InstrumentResult Score(InstrumentCatalog catalog, ReadOnlySpan<byte> utf8)
    {
        var request = ReadRequest(utf8, catalog, out var instrument, out var errors);
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
        if (r.Options is { Count: > 0 } options) WriteOptions(w, options);
        if (r.Scores.Count > 0) WriteDetails(w, r.Scores);
        if (r.Change is { } change) WriteChange(w, change);
        w.WriteEndObject();
    }

    internal static void WriteOptions(Utf8JsonWriter w, IReadOnlyDictionary<string, object> options)
    {
        w.WriteStartObject("options");
        foreach (var (name, value) in options)
        {
            switch (value)
            {
                case string s: w.WriteString(name, s); break;
                case int n: w.WriteNumber(name, n); break;
                case IReadOnlyDictionary<string, int> fields:
                    w.WriteStartObject(name);
                    foreach (var (f, n) in fields) w.WriteNumber(f, n);
                    w.WriteEndObject();
                    break;
                default: throw new ArgumentException($"Option {name} has an unexpected type {value.GetType().Name}.", nameof(options));
            }
        }
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
