using System.Buffers;
using System.Text;
using System.Text.Json;

namespace OrthoRegen.Instruments;

/// <summary>
/// The batch runner's shortcut for the request that dominates large files: KOOS or HOOS with every given answer a
/// valid whole number (or null), no options and no baseline. One <see cref="Utf8JsonReader"/> pass fills answers
/// indexed by item position, subscales are scored with integer arithmetic, and the result is written from UTF-8
/// pieces prepared once. Every other request (another instrument, options, a baseline, anything the general path
/// rejects, text that is not JSON) is declined and goes through <see cref="InstrumentJson.Score(InstrumentCatalog, ReadOnlySpan{byte})"/>
/// and <see cref="InstrumentJson.WriteResult"/>. Both routes write the same bytes (ScoreBatchEquivalenceTests).
/// </summary>
internal sealed class BatchShortcut
{
    /// <summary>Instruments that have a compiled form, built once when the batch runner is first used.</summary>
    static readonly SubscaleShortcut[] Compiled = [Koos.BatchShortcut(), Hoos.BatchShortcut()];

    readonly SubscaleShortcut[] _shortcuts;

    BatchShortcut(SubscaleShortcut[] shortcuts) => _shortcuts = shortcuts;

    /// <summary>
    /// The shortcut for <paramref name="catalog"/>: only instruments that the catalog scores with exactly the compiled
    /// instrument (same object) are taken, so a catalog that replaces KOOS never gets the built-in KOOS shortcut.
    /// </summary>
    public static BatchShortcut For(InstrumentCatalog catalog)
    {
        var usable = new List<SubscaleShortcut>();
        foreach (var s in Compiled)
            if (ReferenceEquals(catalog.Find(s.Instrument.Definition.Code), s.Instrument)) usable.Add(s);
        return new BatchShortcut([.. usable]);
    }

    /// <summary>
    /// Scores <paramref name="utf8"/> and appends the result and a newline to <paramref name="output"/> when the request
    /// is one the shortcut handles; otherwise writes nothing and returns false.
    /// </summary>
    public bool TryScore(ReadOnlySpan<byte> utf8, IBufferWriter<byte> output)
    {
        Span<sbyte> answers = stackalloc sbyte[SubscaleShortcut.MaxItems];
        try
        {
            var reader = new Utf8JsonReader(utf8);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            SubscaleShortcut? instrument = null;
            var itemsRead = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueIsEscaped) return false;
                var field = reader.ValueSpan;
                reader.Read();
                if (field.SequenceEqual("instrument"u8))
                {
                    // Given twice, or after the items: left to the general path, which knows what that means.
                    if (instrument is not null || itemsRead || reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped) return false;
                    instrument = Find(reader.ValueSpan);
                    if (instrument is null) return false;
                }
                else if (field.SequenceEqual("items"u8))
                {
                    if (instrument is null || itemsRead || reader.TokenType != JsonTokenType.StartObject) return false;
                    if (!instrument.ReadItems(ref reader, answers)) return false;
                    itemsRead = true;
                }
                else if (field.SequenceEqual("options"u8) || field.SequenceEqual("baseline"u8))
                {
                    if (reader.TokenType != JsonTokenType.Null) return false; // null means "not given" on both routes
                }
                else return false;
            }
            if (reader.Read()) return false; // text after the request: the general path reports it as not JSON
            if (instrument is null) return false;
            if (!itemsRead) answers[..instrument.ItemCount].Fill(SubscaleShortcut.Missing);
            instrument.Write(answers, output);
            return true;
        }
        catch (JsonException)
        {
            return false; // not JSON: the general path reads it again and reports it with its own message
        }
    }

    SubscaleShortcut? Find(ReadOnlySpan<byte> code)
    {
        foreach (var s in _shortcuts)
            if (code.SequenceEqual(s.Code)) return s;
        return null;
    }
}

/// <summary>
/// <see cref="Koos.ScoreSubscales"/> compiled for one definition under one missing rule: each subscale is
/// <c>100 − 25 × mean of answered items</c>, or null when fewer than the rule's minimum are answered.
/// </summary>
/// <remarks>
/// The value is computed as the exact fraction <c>(100·a − 25·s) / a</c> (a answered, s their sum) and rounded half
/// away from zero to 4 decimals in integers. The general path computes it in <see cref="decimal"/>, whose quotient is
/// within 1e-25 of the fraction. A fraction with denominator a is never on a rounding midpoint unless 32 divides a
/// (2·10⁴·25·k / a must be odd), so for a ≤ 17 it is at least 1/(2a)·1e-4 from one and both round to the same
/// number. The equivalence tests check every (answered, sum) pair of every KOOS and HOOS subscale.
/// </remarks>
internal sealed class SubscaleShortcut
{
    /// <summary>Items are tracked in one 64-bit mask.</summary>
    public const int MaxItems = 64;

    /// <summary>An unanswered item (null or absent) in the answer array.</summary>
    public const sbyte Missing = -1;

    const int MaxCodeBytes = 7; // item codes are looked up packed in a ulong, the length in the top byte

    readonly Dictionary<ulong, int> _positions = [];
    readonly byte[][] _itemCodes;
    readonly ulong[] _allowed; // bit v set when v is an answer option of the item (v ≤ 4)
    readonly int[][] _scoreItems;
    readonly int[] _minAnswered;

    // Result pieces, JSON-escaped as the general writer escapes them.
    readonly byte[] _head;            // {"instrument":"KOOS","status":"ok","scores":{
    readonly byte[][] _scoreNames;    // "symptoms":   ,"pain":   …
    readonly byte[] _middle;          // },"band":null,"errors":[],"version":"1.0","options":{…},"details":{
    readonly byte[][] _detailHeads;   // "symptoms":{"direction":"higher_is_better","band":null,"answered":
    readonly byte[][][] _reasons;     // per score, per answered count under the minimum: ,"reason":"Only …"}
    readonly int _maxLength;

    static readonly byte[] Imputed = ",\"imputed\":"u8.ToArray();
    static readonly byte[] NoReason = ",\"reason\":null}"u8.ToArray();

    public SubscaleShortcut(Instrument instrument, int[] minAnswered)
    {
        var definition = instrument.Definition;
        var items = definition.Items.ToList();
        if (items.Count > MaxItems) throw new ArgumentException($"{definition.Code} has more than {MaxItems} items.", nameof(instrument));
        if (instrument.CrossCheck is not null) throw new ArgumentException($"{definition.Code} has cross-item checks.", nameof(instrument));
        if (minAnswered.Length != definition.Scores.Count) throw new ArgumentException("One minimum per score is needed.", nameof(minAnswered));
        Instrument = instrument;
        Code = Encoding.UTF8.GetBytes(definition.Code);
        _itemCodes = new byte[items.Count][];
        _allowed = new ulong[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var code = Encoding.UTF8.GetBytes(items[i].Code);
            if (code.Length > MaxCodeBytes) throw new ArgumentException($"Item code {items[i].Code} is too long for the shortcut.", nameof(instrument));
            _itemCodes[i] = code;
            _positions.Add(Pack(code), i);
            // 0–4 keeps 100 − 25 × mean within 0–100, which the integer rounding below relies on.
            if (items[i].Scale is not AnswerScale.Choice { WholeNumbers: true } choice || choice.Min < 0 || choice.Max > 4)
                throw new ArgumentException($"Item {items[i].Code} is not a choice of whole numbers 0-4.", nameof(instrument));
            foreach (var o in choice.Options) _allowed[i] |= 1UL << (int)o.Value;
        }

        var encoder = ScoreBatch.WriterOptions.Encoder!;
        string Json(string text) => "\"" + JsonEncodedText.Encode(text, encoder) + "\"";
        byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

        var scores = definition.Scores;
        _scoreItems = new int[scores.Count][];
        _minAnswered = minAnswered;
        _scoreNames = new byte[scores.Count][];
        _detailHeads = new byte[scores.Count][];
        _reasons = new byte[scores.Count][][];
        var maxReason = 0;
        for (var i = 0; i < scores.Count; i++)
        {
            var s = scores[i];
            if (s.Bands is not null) throw new ArgumentException($"Score {s.Name} has bands.", nameof(instrument));
            _scoreItems[i] = s.ItemCodes.Select(c => items.FindIndex(item => item.Code == c)).ToArray();
            var comma = i == 0 ? "" : ",";
            _scoreNames[i] = Utf8(comma + Json(s.Name) + ":");
            var direction = s.Direction == Direction.HigherIsBetter ? "higher_is_better" : "higher_is_worse";
            _detailHeads[i] = Utf8(comma + Json(s.Name) + ":{\"direction\":" + Json(direction) + ",\"band\":null,\"answered\":");
            var of = s.ItemCodes.Count;
            var needed = Math.Max(minAnswered[i], 1);
            _reasons[i] = new byte[needed][];
            for (var answered = 0; answered < needed; answered++)
            {
                _reasons[i][answered] = Utf8(",\"reason\":" + Json(InstrumentMessages.TooFewAnswered(answered, needed, of)) + "}");
                maxReason = Math.Max(maxReason, _reasons[i][answered].Length);
            }
        }

        _head = Utf8("{\"instrument\":" + Json(definition.Code) + ",\"status\":\"ok\",\"scores\":{");
        var options = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(options, ScoreBatch.WriterOptions))
        {
            w.WriteStartObject();
            InstrumentJson.WriteOptions(w, definition.DefaultOptions.Values);
            w.WriteEndObject();
        }
        var optionsProperty = Encoding.UTF8.GetString(options.WrittenSpan[1..^1]); // "options":{…} without the braces around it
        _middle = Utf8("},\"band\":null,\"errors\":[],\"version\":" + Json(definition.Version) + "," + optionsProperty + ",\"details\":{");

        const int number = 12; // "100" or "12.3456" and the like; counts have at most 2 digits
        _maxLength = _head.Length + _middle.Length + 3 + 1;
        for (var i = 0; i < scores.Count; i++)
            _maxLength += _scoreNames[i].Length + number + _detailHeads[i].Length + 2 + Imputed.Length + 2 + Math.Max(maxReason, NoReason.Length);
    }

    public Instrument Instrument { get; }

    /// <summary>The instrument code as UTF-8.</summary>
    public byte[] Code { get; }

    public int ItemCount => _itemCodes.Length;

    static ulong Pack(ReadOnlySpan<byte> code)
    {
        ulong key = (ulong)code.Length << 56;
        for (var i = 0; i < code.Length; i++) key |= (ulong)code[i] << (8 * i);
        return key;
    }

    /// <summary>
    /// Reads the <c>items</c> object at the reader into <paramref name="answers"/> (by item position, <see cref="Missing"/>
    /// when null or absent). False, with the reader left anywhere, when an item is unknown, given twice, escaped, or
    /// its answer is not one of the item's options: the general path then rejects it with the right message.
    /// </summary>
    public bool ReadItems(ref Utf8JsonReader reader, scoped Span<sbyte> answers)
    {
        answers[..ItemCount].Fill(Missing);
        ulong seen = 0;
        var next = 0; // requests usually list items in form order: try the next one before the lookup
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueIsEscaped) return false;
            var name = reader.ValueSpan;
            int position;
            if (next < _itemCodes.Length && name.SequenceEqual(_itemCodes[next])) position = next;
            else if (name.Length > MaxCodeBytes || !_positions.TryGetValue(Pack(name), out position)) return false;
            var bit = 1UL << position;
            if ((seen & bit) != 0) return false;
            seen |= bit;
            next = position + 1;

            reader.Read();
            if (reader.TokenType == JsonTokenType.Null) continue;
            if (reader.TokenType != JsonTokenType.Number) return false;
            var digits = reader.ValueSpan;
            int value;
            if (digits.Length == 1) value = digits[0] - '0'; // a one-byte JSON number is a digit
            else if (!reader.TryGetInt32(out value)) return false;
            if (value < 0 || value > 4 || (_allowed[position] & (1UL << value)) == 0) return false;
            answers[position] = (sbyte)value;
        }
        return true;
    }

    /// <summary>Appends the result of <paramref name="answers"/> and a newline, exactly as the general writer would.</summary>
    public void Write(ReadOnlySpan<sbyte> answers, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(_maxLength);
        var at = Put(span, 0, _head);
        Span<int> answeredBy = stackalloc int[_scoreItems.Length];
        for (var i = 0; i < _scoreItems.Length; i++)
        {
            int sum = 0, answered = 0;
            foreach (var position in _scoreItems[i])
            {
                var a = answers[position];
                if (a >= 0) { sum += a; answered++; }
            }
            answeredBy[i] = answered;
            at = Put(span, at, _scoreNames[i]);
            if (answered < _minAnswered[i] || answered == 0) at = Put(span, at, "null"u8);
            else at = PutScore(span, at, sum, answered);
        }
        at = Put(span, at, _middle);
        for (var i = 0; i < _scoreItems.Length; i++)
        {
            var answered = answeredBy[i];
            var valid = answered >= _minAnswered[i] && answered > 0;
            at = Put(span, at, _detailHeads[i]);
            at = PutCount(span, at, answered);
            at = Put(span, at, Imputed);
            at = PutCount(span, at, valid ? _scoreItems[i].Length - answered : 0);
            at = Put(span, at, valid ? NoReason : _reasons[i][answered]);
        }
        at = Put(span, at, "}}\n"u8);
        output.Advance(at);
    }

    static int Put(Span<byte> span, int at, ReadOnlySpan<byte> piece)
    {
        piece.CopyTo(span[at..]);
        return at + piece.Length;
    }

    static int PutCount(Span<byte> span, int at, int n)
    {
        if (n >= 10) span[at++] = (byte)('0' + n / 10);
        span[at++] = (byte)('0' + n % 10);
        return at;
    }

    /// <summary>
    /// <c>100 − 25·sum/answered</c> rounded half away from zero to 4 decimals, written as the general path writes
    /// <see cref="ScoreMath.Round4"/>'s decimal: no trailing zeros, no decimal point for whole numbers.
    /// </summary>
    static int PutScore(Span<byte> span, int at, int sum, int answered)
    {
        long tenThousandths = (100L * answered - 25L * sum) * 10_000; // ≥ 0: every answer is at most 4
        var q = (2 * tenThousandths + answered) / (2L * answered); // half away from zero, for q ≥ 0
        var whole = (int)(q / 10_000);
        var fraction = (int)(q % 10_000);
        if (whole >= 100) span[at++] = (byte)('0' + whole / 100);
        if (whole >= 10) span[at++] = (byte)('0' + whole / 10 % 10);
        span[at++] = (byte)('0' + whole % 10);
        if (fraction == 0) return at;
        span[at++] = (byte)'.';
        for (var divisor = 1000; fraction != 0; divisor /= 10)
        {
            span[at++] = (byte)('0' + fraction / divisor);
            fraction %= divisor;
        }
        return at;
    }
}
