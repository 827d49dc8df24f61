using System.Text.Json;
using OrthoRegen.Instruments.Isncsci;

namespace OrthoRegen.Tests.Instruments.Isncsci;

/// <summary>
/// Builds an ISNCSCI request's <c>items</c> the way a worksheet is filled: start from an intact exam, then mark the
/// injury from a segment downwards. Values are ints, "NT", or anything else JSON can hold (to test rejections).
/// </summary>
internal sealed class ExamBuilder
{
    static readonly string[] Dermatomes =
    [
        "C2", "C3", "C4", "C5", "C6", "C7", "C8", "T1", "T2", "T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10", "T11",
        "T12", "L1", "L2", "L3", "L4", "L5", "S1", "S2", "S3", "S4_5",
    ];

    static readonly string[] Muscles = ["C5", "C6", "C7", "C8", "T1", "L2", "L3", "L4", "L5", "S1"];

    readonly Dictionary<string, object?> _items = new(StringComparer.Ordinal);

    /// <summary>Every dermatome 2/2, every key muscle 5, VAC and DAP present, no non-key muscle recorded.</summary>
    public static ExamBuilder Intact()
    {
        var b = new ExamBuilder();
        foreach (var side in new[] { "R", "L" })
        {
            foreach (var d in Dermatomes) { b._items[$"{side}_LT_{d}"] = 2; b._items[$"{side}_PP_{d}"] = 2; }
            foreach (var m in Muscles) b._items[$"{side}_M_{m}"] = 5;
        }
        b._items["VAC"] = true;
        b._items["DAP"] = true;
        return b;
    }

    /// <summary>Sets light touch and pin prick from <paramref name="from"/> down to <paramref name="to"/> (default S4_5).</summary>
    /// <param name="sides">"R", "L" or "RL".</param>
    public ExamBuilder Sensation(string sides, string from, object lt, object pp, string to = "S4_5")
    {
        foreach (var d in Range(Dermatomes, from, to))
            foreach (var side in sides.Select(c => c.ToString()))
            {
                _items[$"{side}_LT_{d}"] = lt;
                _items[$"{side}_PP_{d}"] = pp;
            }
        return this;
    }

    /// <summary>Sets key muscles from <paramref name="from"/> down to <paramref name="to"/> (default S1).</summary>
    public ExamBuilder Motor(string sides, string from, object grade, string to = "S1")
    {
        foreach (var m in Range(Muscles, from, to))
            foreach (var side in sides.Select(c => c.ToString()))
                _items[$"{side}_M_{m}"] = grade;
        return this;
    }

    public ExamBuilder Anal(bool vac, bool dap)
    {
        _items["VAC"] = vac;
        _items["DAP"] = dap;
        return this;
    }

    public ExamBuilder Set(string code, object? value)
    {
        _items[code] = value;
        return this;
    }

    public ExamBuilder Without(string code)
    {
        _items.Remove(code);
        return this;
    }

    public ExamBuilder Copy()
    {
        var copy = new ExamBuilder();
        foreach (var (code, value) in _items) copy._items[code] = value;
        return copy;
    }

    public IReadOnlyDictionary<string, JsonElement> Items() =>
        _items.ToDictionary(kv => kv.Key, kv => JsonSerializer.SerializeToElement(kv.Value), StringComparer.Ordinal);

    public IsncsciExam Exam()
    {
        var parse = IsncsciItems.Parse(Items());
        Assert.Empty(parse.Errors);
        return parse.Exam!;
    }

    public IsncsciResult Score() => IsncsciClassifier.Classify(Exam());

    public IsncsciClassification Classify() => Score().Classification;

    static IEnumerable<string> Range(string[] names, string from, string to)
    {
        var start = Array.IndexOf(names, from);
        var end = Array.IndexOf(names, to);
        if (start < 0 || end < start) throw new ArgumentException($"Bad range {from}..{to}.");
        return names[start..(end + 1)];
    }
}
