namespace OrthoRegen.Evidence;

/// <summary>The reviewer's GRADE rating of one outcome, with the analysis settings the summary of findings uses.</summary>
public sealed record GradeInput
{
    public string? Instrument { get; init; }
    public string? Subscale { get; init; }
    public double? Month { get; init; }
    public string? Measure { get; init; } = "MD";
    public string? Method { get; init; } = "REML";
    public string? Test { get; init; } = "z";
    /// <summary>RANDOMISED (starts HIGH) or OBSERVATIONAL (starts LOW).</summary>
    public string? Evidence { get; init; }
    /// <summary>Each NO, SERIOUS or VERY_SERIOUS.</summary>
    public string? RiskOfBias { get; init; }
    public string? Inconsistency { get; init; }
    public string? Indirectness { get; init; }
    public string? Imprecision { get; init; }
    public string? PublicationBias { get; init; }
    /// <summary>Upgrades for observational evidence: large effect 0–2, dose-response 0–1, plausible confounding 0–1.</summary>
    public int? LargeEffect { get; init; }
    public int? DoseResponse { get; init; }
    public int? PlausibleConfounding { get; init; }
    public string? Footnotes { get; init; }
    public int? Version { get; init; }
    public string? Reason { get; init; }
}

/// <summary>A validated GRADE rating and the certainty it gives.</summary>
public sealed record GradeRating(
    OutcomeKey Outcome, string Measure, string Method, string Test, string Evidence,
    string RiskOfBias, string Inconsistency, string Indirectness, string Imprecision, string PublicationBias,
    int LargeEffect, int DoseResponse, int PlausibleConfounding, string? Footnotes, string Certainty);

/// <summary>
/// GRADE certainty of a body of evidence (GRADE handbook, Schünemann et al. 2013, sections 5 and 5.2): randomised
/// trials start HIGH and observational studies LOW; each domain rated SERIOUS lowers one level and VERY_SERIOUS two;
/// observational evidence may be raised for a large effect (one or two levels), a dose-response gradient and plausible
/// confounding that would reduce the effect (one each). The result is bounded to VERY LOW … HIGH.
/// </summary>
public static class Grade
{
    public const string Randomised = "RANDOMISED", Observational = "OBSERVATIONAL";
    public static readonly IReadOnlyList<string> EvidenceTypes = [Randomised, Observational];
    public const string No = "NO", Serious = "SERIOUS", VerySerious = "VERY_SERIOUS";
    public static readonly IReadOnlyList<string> Ratings = [No, Serious, VerySerious];
    public const string High = "HIGH", Moderate = "MODERATE", Low = "LOW", VeryLow = "VERY_LOW";
    /// <summary>Certainty levels from lowest (index 0) to highest.</summary>
    public static readonly IReadOnlyList<string> Levels = [VeryLow, Low, Moderate, High];
    public static readonly IReadOnlyList<string> Domains = ["riskOfBias", "inconsistency", "indirectness", "imprecision", "publicationBias"];

    public static string Certainty(string evidence, IReadOnlyList<string> domains, int largeEffect = 0, int doseResponse = 0, int confounding = 0)
    {
        var level = evidence == Randomised ? 3 : 1;
        foreach (var d in domains) level -= d switch { Serious => 1, VerySerious => 2, _ => 0 };
        level += largeEffect + doseResponse + confounding;
        return Levels[Math.Clamp(level, 0, 3)];
    }

    public static Outcome<GradeRating> Validate(GradeInput g)
    {
        var e = new FieldErrors();
        var query = MetaWorkspace.Validate(new MetaRequest
        {
            Instrument = g.Instrument, Subscale = g.Subscale, Month = g.Month, Measure = g.Measure, Method = g.Method, Test = g.Test,
        });
        if (query is Outcome<MetaQuery>.Invalid qi) foreach (var (k, v) in qi.Errors) foreach (var m in v) e.Add(k, m);
        var evidence = e.OneOf("evidence", g.Evidence, EvidenceTypes);
        var rob = e.OneOf("riskOfBias", g.RiskOfBias, Ratings);
        var inc = e.OneOf("inconsistency", g.Inconsistency, Ratings);
        var ind = e.OneOf("indirectness", g.Indirectness, Ratings);
        var imp = e.OneOf("imprecision", g.Imprecision, Ratings);
        var pub = e.OneOf("publicationBias", g.PublicationBias, Ratings);
        var large = e.Integer("largeEffect", g.LargeEffect, 0, 2, required: false) ?? 0;
        var dose = e.Integer("doseResponse", g.DoseResponse, 0, 1, required: false) ?? 0;
        var conf = e.Integer("plausibleConfounding", g.PlausibleConfounding, 0, 1, required: false) ?? 0;
        var notes = e.Optional("footnotes", g.Footnotes, 4000);
        if (evidence == Randomised)
        {
            if (large > 0) e.Add("largeEffect", EvidenceMessages.UpgradeOnlyObservational);
            if (dose > 0) e.Add("doseResponse", EvidenceMessages.UpgradeOnlyObservational);
            if (conf > 0) e.Add("plausibleConfounding", EvidenceMessages.UpgradeOnlyObservational);
        }
        if (!e.IsEmpty) return Outcome.Invalid<GradeRating>(e.ToDictionary());
        var q = ((Outcome<MetaQuery>.Done)query).Value;
        return new GradeRating(q.Outcome, q.Measure, Statistics.Meta.MetaCodes.Code(q.Method), Statistics.Meta.MetaCodes.Code(q.Test), evidence!,
            rob!, inc!, ind!, imp!, pub!, large, dose, conf, notes, Certainty(evidence!, [rob!, inc!, ind!, imp!, pub!], large, dose, conf));
    }
}
