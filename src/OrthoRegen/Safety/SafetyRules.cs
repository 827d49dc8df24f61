using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrthoRegen.Safety;

/// <summary>An entry of the reference safety list: an event the clinic expects (rule A4), up to a grade, optionally only after some routes.</summary>
/// <param name="Terms">Phrases matched as whole words, case-insensitively, against the reported term and the CTCAE term.</param>
/// <param name="MaxGrade">Highest CTCAE grade that is still expected; a more severe event is unexpected by severity.</param>
/// <param name="Routes">When set, the event is expected only after one of these administration routes.</param>
public sealed record ExpectedEvent(string Code, string Label, string[] Terms, int MaxGrade, string[]? Routes, string Source);

/// <summary>A listed risk that is never "expected as usual" (rule A4): a match makes the event unexpected whatever else matches.</summary>
public sealed record NeverExpectedEvent(string Code, string Label, string[] Terms, string Source);

/// <summary>Expedited reporting clocks of rule A5, counted in calendar days from the awareness date (Day 0).</summary>
public sealed record ReportingClocks(Sourced<int> FatalOrLifeThreateningInitialDays, Sourced<int> CompletionAdditionalDays, Sourced<int> OtherSusarDays);

/// <summary>The authorities that receive expedited reports for one regulatory pathway.</summary>
public sealed record AuthorityRoute(string Pathway, string[] Authorities, string Source);

/// <summary>
/// The configurable parts of rules A4 and A5, loaded from <c>safety-rules.json</c> (embedded default, or a clinic's own
/// file named by <c>Safety:RulesFile</c>). Every entry carries its source so the derivation can cite it.
/// </summary>
public sealed record SafetyRules
{
    /// <summary>What the file is, in the file's own words (read, not used by the rules).</summary>
    public string? Description { get; init; }

    public string Version { get; init; } = "";
    public required ExpectedEvent[] ExpectedEvents { get; init; }
    public required NeverExpectedEvent[] NeverExpected { get; init; }
    public required ReportingClocks Clocks { get; init; }
    public required AuthorityRoute[] Routing { get; init; }
    /// <summary>The authorities used when the pathway is unknown.</summary>
    public required Sourced<string[]> DefaultAuthorities { get; init; }

    /// <summary>The rules shipped with OrthoRegen.</summary>
    public static SafetyRules Default { get; } = LoadEmbedded();

    /// <summary>Parses and checks a rules file; a bad file stops start-up with a message naming the problem.</summary>
    public static SafetyRules Parse(string json)
    {
        var r = JsonSerializer.Deserialize<SafetyRules>(json, SettingsFile.Json) ?? throw new InvalidOperationException("Safety rules file is empty.");
        foreach (var e in r.ExpectedEvents)
        {
            if (e.Terms is not { Length: > 0 }) throw new InvalidOperationException($"Expected event {e.Code} has no terms.");
            if (e.MaxGrade is < 1 or > 5) throw new InvalidOperationException($"Expected event {e.Code}: maxGrade must be 1-5.");
            foreach (var route in e.Routes ?? [])
                if (!AdverseEventCodes.Routes.Contains(route)) throw new InvalidOperationException($"Expected event {e.Code}: unknown route {route}.");
        }
        foreach (var e in r.NeverExpected)
            if (e.Terms is not { Length: > 0 }) throw new InvalidOperationException($"Never-expected event {e.Code} has no terms.");
        foreach (var a in r.Routing.SelectMany(x => x.Authorities).Concat(r.DefaultAuthorities.Value))
            if (!ReportCodes.Authorities.Contains(a)) throw new InvalidOperationException($"Unknown authority {a} in routing.");
        var c = r.Clocks;
        if (c.FatalOrLifeThreateningInitialDays.Value < 0 || c.CompletionAdditionalDays.Value < 0 || c.OtherSusarDays.Value < 0)
            throw new InvalidOperationException("Reporting clocks must not be negative.");
        return r;
    }

    /// <summary>The authorities for <paramref name="pathway"/>, or the default ones when the pathway is unknown or not routed.</summary>
    public AuthorityRoute RouteFor(string? pathway) =>
        Routing.FirstOrDefault(r => r.Pathway == pathway)
        ?? new AuthorityRoute(pathway ?? "", DefaultAuthorities.Value, DefaultAuthorities.Source);

    static SafetyRules LoadEmbedded() => Parse(SettingsFile.Embedded("Safety/safety-rules.json"));
}
