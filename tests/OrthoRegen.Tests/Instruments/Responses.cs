using System.Text.Json;
using OrthoRegen.Instruments;

namespace OrthoRegen.Tests.Instruments;

/// <summary>Small builders for instrument responses, and the one tolerance helper.</summary>
static class Responses
{
    public static readonly InstrumentCatalog Catalog = InstrumentCatalog.Default;

    public static InstrumentDefinition Definition(string code) => Catalog.Find(code)!.Definition;

    /// <summary>Every item of the instrument answered with <paramref name="value"/>.</summary>
    public static Dictionary<string, Answer> All(string code, decimal value) =>
        Definition(code).Items.Where(i => i.Scale is AnswerScale.Choice).ToDictionary(i => i.Code, _ => Answer.Of(value));

    public static Dictionary<string, Answer> Items(params (string Code, decimal Value)[] items) =>
        items.ToDictionary(i => i.Code, i => Answer.Of(i.Value));

    /// <summary>The same answers with <paramref name="codes"/> set to missing (null).</summary>
    public static Dictionary<string, Answer> Without(this Dictionary<string, Answer> items, params IEnumerable<string> codes)
    {
        var copy = new Dictionary<string, Answer>(items);
        foreach (var c in codes) copy[c] = Answer.Missing;
        return copy;
    }

    /// <summary>The same answers with <paramref name="code"/> set to <paramref name="value"/>.</summary>
    public static Dictionary<string, Answer> With(this Dictionary<string, Answer> items, string code, Answer value)
    {
        var copy = new Dictionary<string, Answer>(items) { [code] = value };
        return copy;
    }

    /// <summary>Leaves only <paramref name="answered"/> of the score's items answered (the first ones).</summary>
    public static Dictionary<string, Answer> KeepAnswered(this Dictionary<string, Answer> items, InstrumentDefinition d, string score, int answered) =>
        items.Without(d.Score(score).ItemCodes.Skip(answered));

    public static Dictionary<string, JsonElement> Options(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
    }

    public static InstrumentResult Score(string code, IReadOnlyDictionary<string, Answer> items, string? optionsJson = null,
        IReadOnlyDictionary<string, Answer>? baseline = null) =>
        Catalog.Score(new InstrumentRequest(code, items, optionsJson is null ? null : Options(optionsJson), baseline));

    public static InstrumentResult ScoreJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return InstrumentJson.Score(Catalog, doc.RootElement);
    }

    public static decimal? Value(this InstrumentResult r, string score) => r.Score(score)!.Value;

    /// <summary>Relative tolerance, switching to absolute below 1 (INSTRUMENTS.md compares with 0.0001).</summary>
    public static void AssertClose(double expected, decimal? actual, double tolerance)
    {
        Assert.NotNull(actual);
        var a = (double)actual.Value;
        var scale = Math.Max(1.0, Math.Abs(expected));
        Assert.True(Math.Abs(expected - a) <= tolerance * scale, $"expected {expected} ± {tolerance * scale}, got {a}");
    }

    public static void AssertOk(InstrumentResult r) =>
        Assert.True(r.Status == ResultStatus.Ok, "rejected: " + string.Join("; ", r.Errors.Select(e => $"{e.Item}: {e.Message}")));
}
