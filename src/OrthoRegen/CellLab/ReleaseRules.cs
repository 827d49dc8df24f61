using System.Globalization;

namespace OrthoRegen.CellLab;

/// <summary>A QC result as the release rules read it: the current version of the lot's result for one test.</summary>
/// <param name="IncubationDays">Time from sampling to the result, in days (null while pending); read by Q7.</param>
/// <param name="Method">The method as recorded; a rapid sterility method (USP &lt;1071&gt;) is not held to the 14 days.</param>
public sealed record QcReading(string Test, double? Value, string Result, string? Unit = null, double? IncubationDays = null, string? Method = null);

/// <summary>Everything rules Q1–Q10 read for one lot. Null means "not recorded".</summary>
public sealed record ReleaseInput
{
    public required string ProductType { get; init; }
    public required ProductSpec Spec { get; init; }
    /// <summary>At most one reading per test (the current version).</summary>
    public IReadOnlyList<QcReading> Qc { get; init; } = [];
    /// <summary>The intended recipient's latest weight (Q5).</summary>
    public double? RecipientWeightKg { get; init; }
    /// <summary>The intended route (Q5: K depends on it).</summary>
    public string? Route { get; init; }
    /// <summary>Volume of one dose in mL (Q5: total EU = EU/mL × volume).</summary>
    public double? DoseVolumeMl { get; init; }
    /// <summary>Q10: total nucleated cells of the concentrate, ×10^6.</summary>
    public double? TncE6 { get; init; }
    /// <summary>Q10: concentrate volume in mL.</summary>
    public double? ConcentrateVolumeMl { get; init; }
    /// <summary>Q10: a concentration step is documented (who, when).</summary>
    public bool ProcessingDocumented { get; init; }
    /// <summary>Q10: a LABELED custody event with two different verifiers exists for the lot or its collection.</summary>
    public bool IdentityChecked { get; init; }
}

/// <summary>One line of the release trace: the rule, its result, the inputs it read, the specification and its source.</summary>
public sealed record ReleaseRuleLine(
    string RuleId,
    string Result,
    IReadOnlyDictionary<string, string?> Inputs,
    string Spec,
    string Source,
    string Explanation);

/// <summary>
/// The automatic release evaluation. <see cref="RuleResult"/> is RELEASED, CONDITIONAL_RELEASE (sterility pending only;
/// needs the physician's acknowledgement), REJECTED, or PENDING (results missing or pending: nothing may be released yet).
/// </summary>
public sealed record ReleaseEvaluation(string ProductType, string RuleResult, IReadOnlyList<ReleaseRuleLine> Trace, string SpecVersion);

/// <summary>
/// Lot-release rules Q1–Q10 of DOMAIN.md 3.2 over a product type's specification. Pure: same input, same trace.
/// Bounds are inclusive (95% positive passes Q1, 2% negative passes, 70% viability passes Q2, the dose range includes both ends).
/// </summary>
public sealed class ReleaseRules(ReleaseSpecs specs)
{
    /// <summary>The rule result when nothing has failed but results are missing or pending beyond what Q8 allows.</summary>
    public const string Incomplete = "PENDING";
    /// <summary>A trace line that informs without deciding (Q9 dose tier, Q10 ISCT not applied).</summary>
    public const string Info = "INFO";

    static readonly string[] PositiveMarkers = ["CD73", "CD90", "CD105"];
    static readonly string[] NegativeMarkers = ["CD45", "CD34", "CD14_OR_CD11B", "CD79A_OR_CD19", "HLA_DR"];

    public ReleaseSpecs Specs => specs;

    /// <summary>USP &lt;85&gt; endotoxin limit for one dose: K × body weight, K = 0.2 EU/kg intrathecal, else 5 EU/kg (configurable).</summary>
    public static double EndotoxinLimitEu(ProductSpec spec, string route, double weightKg) =>
        (route == "INTRATHECAL" ? spec.EndotoxinKIntrathecalEuPerKg.Value : spec.EndotoxinKEuPerKg.Value) * weightKg;

    /// <summary>Q9 dose tier (analysis label): LOW below the first cut-off, HIGH at or above the second, else MEDIUM.</summary>
    public static string DoseTier(ProductSpec spec, double cellsE6) =>
        cellsE6 < spec.DoseTierCutoffsE6.Value[0] ? "LOW" : cellsE6 < spec.DoseTierCutoffsE6.Value[1] ? "MEDIUM" : "HIGH";

    public ReleaseEvaluation Evaluate(ReleaseInput input)
    {
        var s = input.Spec;
        var qc = input.Qc.GroupBy(r => r.Test).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var lines = new List<ReleaseRuleLine>();
        string result;
        if (s.Kind == "BMAC")
        {
            lines.Add(Line("Q10.ISCT", Info, [], "ISCT identity criteria not applied", "DOMAIN.md 3.2 Q10", "Uncultured mixture: ISCT minimal criteria (Q1) do not apply."));
            lines.Add(Range("Q10.TNC", "tncE6", input.TncE6, s.TncMinE6?.Value, null, "×10^6", s.TncMinE6?.Source ?? "DOMAIN.md 3.2 Q10", "Total nucleated cells"));
            lines.Add(Range("Q10.VOLUME", "volumeMl", input.ConcentrateVolumeMl, s.VolumeMinMl?.Value, s.VolumeMaxMl?.Value, "mL", s.VolumeMinMl?.Source ?? "DOMAIN.md 3.2 Q10", "Concentrate volume"));
            lines.Add(Line("Q10.PROCESSING", input.ProcessingDocumented ? CellLabCodes.Pass : CellLabCodes.Pending,
                new() { ["processingDocumented"] = Bool(input.ProcessingDocumented) }, "a documented concentration step", "DOMAIN.md 3.2 Q10",
                input.ProcessingDocumented ? "Concentration step documented." : "No concentration step documented yet."));
            lines.Add(Line("Q10.IDENTITY", input.IdentityChecked ? CellLabCodes.Pass : CellLabCodes.Pending,
                new() { ["identityChecked"] = Bool(input.IdentityChecked) }, "LABELED custody event with two different verifiers", "DOMAIN.md 3.2 Q10, 3.4 I3",
                input.IdentityChecked ? "Two-person identity check at labelling recorded." : "No two-person identity check at labelling recorded yet."));
            var optional = new List<ReleaseRuleLine>();
            if (qc.ContainsKey("VIABILITY") && s.ViabilityMinPct is not null) optional.Add(Viability(qc, s));
            if (qc.ContainsKey("GRAM_STAIN")) optional.Add(Qualitative("Q4", "GRAM_STAIN", qc, "no organisms seen", "USP Gram stain, rapid pre-release test (DOMAIN.md 3.2 Q4)"));
            if (qc.ContainsKey("ENDOTOXIN")) optional.Add(Endotoxin(qc, input));
            if (qc.ContainsKey("MYCOPLASMA")) optional.Add(Qualitative("Q6", "MYCOPLASMA", qc, "negative (PCR or culture)", "DOMAIN.md 3.2 Q6"));
            var sterility = qc.ContainsKey(CellLabCodes.Sterility)
                ? Qualitative("Q7", CellLabCodes.Sterility, qc, "no growth (USP <71>, ≥ 14 days)", "USP <71>; DOMAIN.md 3.2 Q7 (optional for BMAC, Q10)")
                : Line("Q7", Info, [], "sterility sample optional", "DOMAIN.md 3.2 Q10", "No sterility result recorded (optional for BMAC).");
            lines.AddRange(optional);
            lines.Add(sterility);
            var deciding = lines.Where(l => l.RuleId.StartsWith("Q10.", StringComparison.Ordinal) && l.Result != Info).Concat(optional).ToList();
            result = Decide(deciding, sterility.Result == Info ? null : sterility);
        }
        else
        {
            var q1 = Identity(qc, s);
            var q2 = Viability(qc, s);
            var q3 = Dose(qc, s);
            var q4 = Qualitative("Q4", "GRAM_STAIN", qc, "no organisms seen", "USP Gram stain, rapid pre-release test (DOMAIN.md 3.2 Q4)");
            var q5 = Endotoxin(qc, input);
            var q6 = Qualitative("Q6", "MYCOPLASMA", qc, "negative (PCR or culture)", "DOMAIN.md 3.2 Q6");
            var q7 = Sterility(qc, s);
            lines.AddRange([q1, q2, q3, q4, q5, q6, q7]);
            result = Decide([q1, q2, q3, q4, q5, q6], q7);
        }
        lines.Add(Line("Q8", result, new() { ["failed"] = Join(lines.Where(l => l.Result == CellLabCodes.Fail)), ["pending"] = Join(lines.Where(l => l.Result == CellLabCodes.Pending)) },
            "any FAIL → REJECTED; all PASS → RELEASED; only sterility pending → CONDITIONAL_RELEASE", "DOMAIN.md 3.2 Q8", Q8Explanation(result)));
        if (qc.TryGetValue("VIABLE_COUNT", out var count) && count.Value is { } cells)
            lines.Add(Line("Q9", Info, new() { ["viableCellsE6"] = Num(cells) },
                $"LOW < {Num(s.DoseTierCutoffsE6.Value[0])}; MEDIUM < {Num(s.DoseTierCutoffsE6.Value[1])}; HIGH ≥ {Num(s.DoseTierCutoffsE6.Value[1])} ×10^6",
                s.DoseTierCutoffsE6.Source, $"Dose tier {DoseTier(s, cells)} (analysis label; viable cells stand in for total cells)."));
        return new ReleaseEvaluation(input.ProductType, result, lines, specs.Version);
    }

    /// <summary>
    /// Q8: any FAIL → REJECTED; all PASS → RELEASED; sterility the only PENDING while every other rule passes →
    /// CONDITIONAL_RELEASE; anything else pending or missing → PENDING.
    /// </summary>
    public static string Decide(IReadOnlyList<ReleaseRuleLine> others, ReleaseRuleLine? sterility)
    {
        var all = sterility is null ? others : [.. others, sterility];
        if (all.Any(l => l.Result == CellLabCodes.Fail)) return CellLabCodes.Rejected;
        if (all.All(l => l.Result == CellLabCodes.Pass)) return CellLabCodes.Released;
        if (sterility?.Result == CellLabCodes.Pending && others.All(l => l.Result == CellLabCodes.Pass)) return CellLabCodes.ConditionalRelease;
        return Incomplete;
    }

    static string Q8Explanation(string result) => result switch
    {
        CellLabCodes.Rejected => "At least one test failed: the lot is rejected.",
        CellLabCodes.Released => "Every release test passed.",
        CellLabCodes.ConditionalRelease => "Every test passed except sterility, which is pending: conditional release only, with the treating physician's acknowledgement.",
        _ => "Results are missing or pending: the lot cannot be released yet.",
    };

    static ReleaseRuleLine Identity(Dictionary<string, QcReading> qc, ProductSpec s)
    {
        double min = s.IdentityPositiveMinPct!.Value, max = s.IdentityNegativeMaxPct!.Value;
        var inputs = new Dictionary<string, string?>();
        var results = new List<string>();
        var failed = new List<string>();
        foreach (var m in PositiveMarkers.Concat(NegativeMarkers))
        {
            var positive = PositiveMarkers.Contains(m);
            qc.TryGetValue(m, out var r);
            inputs[m] = r?.Value is { } v ? Num(v) + "%" : r?.Result;
            var res = Numeric(r, v => positive ? v >= min : v <= max);
            results.Add(res);
            if (res == CellLabCodes.Fail) failed.Add(m);
        }
        var result = Combine(results);
        return Line("Q1", result, inputs, $"CD73, CD90, CD105 ≥ {Num(min)}%; CD45, CD34, CD14/CD11b, CD79a/CD19, HLA-DR ≤ {Num(max)}%",
            s.IdentityPositiveMinPct.Source + "; " + s.IdentityNegativeMaxPct.Source,
            result switch
            {
                CellLabCodes.Pass => "Identity markers within specification.",
                CellLabCodes.Fail => $"Identity markers out of specification: {string.Join(", ", failed)}.",
                _ => "Identity marker results missing or pending.",
            });
    }

    static ReleaseRuleLine Viability(Dictionary<string, QcReading> qc, ProductSpec s)
    {
        var min = s.ViabilityMinPct!.Value;
        qc.TryGetValue("VIABILITY", out var r);
        var result = Numeric(r, v => v >= min);
        return Line("Q2", result, new() { ["VIABILITY"] = r?.Value is { } v ? Num(v) + "%" : r?.Result }, $"≥ {Num(min)}%", s.ViabilityMinPct.Source,
            Explain(result, "Viability", r));
    }

    static ReleaseRuleLine Dose(Dictionary<string, QcReading> qc, ProductSpec s)
    {
        double min = s.DoseViableCellsMinE6!.Value, max = s.DoseViableCellsMaxE6!.Value;
        qc.TryGetValue("VIABLE_COUNT", out var r);
        var result = Numeric(r, v => min <= v && v <= max);
        return Line("Q3", result, new() { ["VIABLE_COUNT"] = r?.Value is { } v ? Num(v) + " ×10^6" : r?.Result }, $"{Num(min)}–{Num(max)} ×10^6 viable cells",
            s.DoseViableCellsMinE6.Source, Explain(result, "Viable cells in the dose", r));
    }

    static ReleaseRuleLine Endotoxin(Dictionary<string, QcReading> qc, ReleaseInput input)
    {
        var s = input.Spec;
        qc.TryGetValue("ENDOTOXIN", out var r);
        var inputs = new Dictionary<string, string?>
        {
            ["ENDOTOXIN"] = r?.Value is { } v ? Num(v) + " EU/mL" : r?.Result,
            ["doseVolumeMl"] = input.DoseVolumeMl is { } vol ? Num(vol) : null,
            ["recipientWeightKg"] = input.RecipientWeightKg is { } w ? Num(w) : null,
            ["route"] = input.Route,
        };
        var source = $"{s.EndotoxinKEuPerKg.Source}; {s.EndotoxinKIntrathecalEuPerKg.Source}";
        const string spec = "total EU in the dose ≤ K × body weight (K = 5 EU/kg, 0.2 EU/kg intrathecal)";
        if (r is null || r.Result == CellLabCodes.Pending)
            return Line("Q5", CellLabCodes.Pending, inputs, spec, source, r is null ? "No endotoxin result recorded." : "Endotoxin result pending.");
        if (r.Result == CellLabCodes.Fail)
            return Line("Q5", CellLabCodes.Fail, inputs, spec, source, "The analyst recorded the endotoxin test as failed.");
        if (r.Value is not { } euPerMl || input.DoseVolumeMl is not { } volume || input.RecipientWeightKg is not { } weight || input.Route is not { } route)
            return Line("Q5", CellLabCodes.Pending, inputs, spec, source, "The limit needs the endotoxin value, the dose volume, the recipient's weight and the route.");
        var total = euPerMl * volume;
        var limit = EndotoxinLimitEu(s, route, weight);
        inputs["totalEu"] = Num(total);
        inputs["limitEu"] = Num(limit);
        var ok = total <= limit;
        return Line("Q5", ok ? CellLabCodes.Pass : CellLabCodes.Fail, inputs, spec, source,
            $"{Num(euPerMl)} EU/mL × {Num(volume)} mL = {Num(total)} EU {(ok ? "≤" : ">")} limit {Num(limit)} EU ({route}, {Num(weight)} kg).");
    }

    /// <summary>
    /// Q7: a no-growth read counts as PASS only after the specification's minimum incubation (USP &lt;71&gt;: 14 days) unless
    /// the method is a rapid one (USP &lt;1071&gt;, recorded with "1071" or "rapid" in the method); an earlier read is an
    /// interim result, so the rule stays PENDING (which Q8 allows only as a conditional release).
    /// </summary>
    static ReleaseRuleLine Sterility(Dictionary<string, QcReading> qc, ProductSpec s)
    {
        var line = Qualitative("Q7", CellLabCodes.Sterility, qc, "no growth (USP <71>, ≥ 14 days)", "USP <71>, rapid methods USP <1071> (DOMAIN.md 3.2 Q7)");
        if (line.Result != CellLabCodes.Pass || s.SterilityMinIncubationDays is not { } min || !qc.TryGetValue(CellLabCodes.Sterility, out var r)) return line;
        var rapid = r.Method is { } m && (m.Contains("1071", StringComparison.Ordinal) || m.Contains("rapid", StringComparison.OrdinalIgnoreCase));
        if (rapid || r.IncubationDays is not { } days || days >= min.Value) return line;
        return line with
        {
            Result = CellLabCodes.Pending,
            Spec = $"no growth after ≥ {Num(min.Value)} days of incubation (rapid methods per USP <1071> exempt)",
            Source = min.Source,
            Inputs = new Dictionary<string, string?> { [CellLabCodes.Sterility] = r.Result, ["incubationDays"] = Num(Math.Round(days, 1)) },
            Explanation = $"No growth after {Num(Math.Round(days, 1))} days is an interim read: USP <71> needs {Num(min.Value)} days (or a validated rapid method). Record the final read.",
        };
    }

    static ReleaseRuleLine Qualitative(string id, string test, Dictionary<string, QcReading> qc, string spec, string source)
    {
        qc.TryGetValue(test, out var r);
        var result = r?.Result ?? CellLabCodes.Pending;
        return Line(id, result, new() { [test] = r?.Result }, spec, source, Explain(result, test, r));
    }

    static ReleaseRuleLine Range(string id, string name, double? value, double? min, double? max, string unit, string source, string what)
    {
        var result = value is not { } v ? CellLabCodes.Pending : (min is null || v >= min) && (max is null || v <= max) ? CellLabCodes.Pass : CellLabCodes.Fail;
        var spec = (min, max) switch
        {
            ({ } a, { } b) => $"{Num(a)}–{Num(b)} {unit}",
            ({ } a, null) => $"recorded, ≥ {Num(a)} {unit}",
            _ => "recorded",
        };
        return Line(id, result, new() { [name] = value is { } x ? Num(x) : null }, spec, source,
            result switch { CellLabCodes.Pass => $"{what} recorded within specification.", CellLabCodes.Fail => $"{what} out of specification.", _ => $"{what} not recorded yet." });
    }

    /// <summary>A numeric test: missing or PENDING → PENDING; analyst FAIL → FAIL; no value → PENDING; else the spec decides.</summary>
    static string Numeric(QcReading? r, Func<double, bool> withinSpec) => r switch
    {
        null => CellLabCodes.Pending,
        { Result: CellLabCodes.Pending } => CellLabCodes.Pending,
        { Result: CellLabCodes.Fail } => CellLabCodes.Fail,
        { Value: null } => CellLabCodes.Pending,
        { Value: { } v } => withinSpec(v) ? CellLabCodes.Pass : CellLabCodes.Fail,
    };

    static string Combine(IEnumerable<string> results)
    {
        var list = results.ToList();
        return list.Contains(CellLabCodes.Fail) ? CellLabCodes.Fail : list.All(r => r == CellLabCodes.Pass) ? CellLabCodes.Pass : CellLabCodes.Pending;
    }

    static string Explain(string result, string what, QcReading? r) => result switch
    {
        CellLabCodes.Pass => $"{what}: within specification.",
        CellLabCodes.Fail => $"{what}: out of specification.",
        _ => r is null ? $"{what}: no result recorded." : $"{what}: result pending.",
    };

    static ReleaseRuleLine Line(string id, string result, Dictionary<string, string?> inputs, string spec, string source, string explanation) =>
        new(id, result, inputs, spec, source, explanation);

    static string Join(IEnumerable<ReleaseRuleLine> lines) => string.Join(",", lines.Select(l => l.RuleId));
    static string Bool(bool b) => b ? "true" : "false";
    static string Num(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
