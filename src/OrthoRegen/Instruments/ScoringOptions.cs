using System.Globalization;
using System.Text.Json;

namespace OrthoRegen.Instruments;

/// <summary>
/// A scoring option a request may set (<c>"options": {"missing_rule": "1998"}</c>). Every rule INSTRUMENTS.md marks
/// as cross-checked or a convention is an option, and its default is the rule INSTRUMENTS.md names.
/// </summary>
public abstract record OptionDefinition(string Name, string Description)
{
    /// <summary>The default as it is written in a result's <c>options</c>.</summary>
    public abstract object Default { get; }

    /// <summary>Reads a submitted value; returns null and a message for the person when it is not allowed.</summary>
    internal abstract object? Read(JsonElement value, out string? problem);

    /// <summary>One of a fixed set of names, e.g. <c>missing_rule</c> "2012" / "1998".</summary>
    public sealed record Choice(string Name, string Description, IReadOnlyList<string> Values) : OptionDefinition(Name, Description)
    {
        public override object Default => Values[0];

        internal override object? Read(JsonElement value, out string? problem)
        {
            problem = null;
            if (value.ValueKind == JsonValueKind.String && Values.Contains(value.GetString()!)) return value.GetString()!;
            problem = InstrumentMessages.OptionChoice(Name, Values);
            return null;
        }
    }

    /// <summary>A whole number in an inclusive range, e.g. ODI <c>max_missing</c> 0–9.</summary>
    public sealed record Whole(string Name, string Description, int DefaultValue, int Min, int Max) : OptionDefinition(Name, Description)
    {
        public override object Default => DefaultValue;

        internal override object? Read(JsonElement value, out string? problem)
        {
            problem = null;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n >= Min && n <= Max) return n;
            problem = InstrumentMessages.OptionWhole(Name, Min, Max);
            return null;
        }
    }

    /// <summary>
    /// Named whole numbers, e.g. WOMAC <c>max_missing</c> {pain, stiffness, function}; a field not given keeps its default.
    /// </summary>
    public sealed record WholeFields(string Name, string Description, IReadOnlyList<(string Field, int Default, int Max)> Fields)
        : OptionDefinition(Name, Description)
    {
        public override object Default => Fields.ToDictionary(f => f.Field, f => f.Default);

        internal override object? Read(JsonElement value, out string? problem)
        {
            problem = null;
            if (value.ValueKind != JsonValueKind.Object)
            {
                problem = InstrumentMessages.OptionFields(Name, Fields.Select(f => f.Field));
                return null;
            }
            var result = Fields.ToDictionary(f => f.Field, f => f.Default);
            foreach (var p in value.EnumerateObject())
            {
                var field = Fields.FirstOrDefault(f => f.Field == p.Name);
                if (field.Field is null)
                {
                    problem = InstrumentMessages.OptionFields(Name, Fields.Select(f => f.Field));
                    return null;
                }
                if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt32(out var n) || n < 0 || n > field.Max)
                {
                    problem = InstrumentMessages.OptionWhole($"{Name}.{p.Name}", 0, field.Max);
                    return null;
                }
                result[p.Name] = n;
            }
            return result;
        }
    }
}

/// <summary>The options a response was scored with, every option present (defaults filled in).</summary>
public sealed class ScoringOptions
{
    readonly IReadOnlyDictionary<string, object> _values;

    internal ScoringOptions(IReadOnlyDictionary<string, object> values) => _values = values;

    /// <summary>Every option with its value, for the result (so a stored score says which rule produced it).</summary>
    public IReadOnlyDictionary<string, object> Values => _values;

    public string Choice(string name) => (string)_values[name];

    public int Whole(string name) => (int)_values[name];

    /// <summary>The population whose MCID/PASS thresholds apply, or null when the instrument has none.</summary>
    public string? Population => _values.TryGetValue(PopulationOption, out var p) ? (string)p : null;

    public int Field(string name, string field) => ((IReadOnlyDictionary<string, int>)_values[name])[field];

    /// <summary>
    /// Reads a request's options against the definition (plus <c>population</c> when thresholds exist);
    /// adds one message per bad option to <paramref name="errors"/>.
    /// </summary>
    internal static ScoringOptions Read(InstrumentDefinition definition, IReadOnlyDictionary<string, JsonElement>? given, List<ItemError> errors) =>
        given is null or { Count: 0 } ? definition.DefaultOptions : Build(definition, given, errors);

    /// <summary>The defaults, overridden by <paramref name="given"/> where it is valid.</summary>
    internal static ScoringOptions Build(InstrumentDefinition definition, IReadOnlyDictionary<string, JsonElement>? given, List<ItemError> errors)
    {
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var o in definition.Options) values[o.Name] = o.Default is Dictionary<string, int> d ? (object)d.AsReadOnly() : o.Default;
        var populations = definition.Populations;
        if (populations.Count > 0) values[PopulationOption] = populations[0];
        if (given is null) return new ScoringOptions(values);
        foreach (var (name, value) in given)
        {
            var field = "options." + name;
            if (name == PopulationOption && populations.Count > 0)
            {
                if (value.ValueKind == JsonValueKind.String && populations.Contains(value.GetString()!)) values[name] = value.GetString()!;
                else errors.Add(new ItemError(field, InstrumentMessages.OptionChoice(name, populations)));
                continue;
            }
            var option = definition.Options.FirstOrDefault(o => o.Name == name);
            if (option is null)
            {
                errors.Add(new ItemError(field, InstrumentMessages.UnknownOption(name, definition)));
                continue;
            }
            var read = option.Read(value, out var problem);
            if (read is null) errors.Add(new ItemError(field, problem!));
            else values[name] = read is Dictionary<string, int> d ? d.AsReadOnly() : read;
        }
        return new ScoringOptions(values);
    }

    /// <summary>Selects which population's MCID/PASS thresholds apply; offered when the definition has thresholds.</summary>
    public const string PopulationOption = "population";

    public override string ToString() =>
        string.Join(", ", _values.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}={kv.Value}")));
}
