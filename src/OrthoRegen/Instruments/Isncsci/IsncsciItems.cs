using System.Text.Json;

namespace OrthoRegen.Instruments.Isncsci;

/// <summary>A rejected item and the sentence that says what is allowed (from <see cref="IsncsciMessages"/>).</summary>
public sealed record IsncsciItemError(string Item, string Message);

/// <summary>
/// The outcome of <see cref="IsncsciItems.Parse"/>: an exam, or (never both) one error per bad item. A response with
/// any error is rejected as a whole and nothing is scored (INSTRUMENTS.md, "Common conventions").
/// </summary>
public sealed record IsncsciParse(IsncsciExam? Exam, IReadOnlyList<IsncsciItemError> Errors);

/// <summary>
/// The ISNCSCI item codes of INSTRUMENTS.md ("Item codes and request format") and the reader that turns a request's
/// <c>items</c> object into an <see cref="IsncsciExam"/>.
/// </summary>
/// <remarks>
/// Codes: <c>R_LT_C2</c> … <c>R_LT_S4_5</c>, <c>L_LT_…</c>, <c>R_PP_…</c>, <c>L_PP_…</c> (0–2 or "NT");
/// <c>R_M_C5</c> … <c>R_M_T1</c>, <c>R_M_L2</c> … <c>R_M_S1</c>, <c>L_M_…</c> (0–5 or "NT"); <c>VAC</c>, <c>DAP</c>
/// (true/false); optional <c>R_NKM</c>, <c>L_NKM</c> (myotome C5–T1 or L2–S1 of the lowest non-key muscle with motor
/// function). "NT" is accepted because issue 3 asks for a "not determinable" result rather than a rejection; the 2019
/// "*" variants (5*, 0**, NT* …) are rejected because INSTRUMENTS.md section 9 lists them as not implemented.
/// </remarks>
public static class IsncsciItems
{
    public const string Vac = "VAC", Dap = "DAP", RightNonKeyMuscle = "R_NKM", LeftNonKeyMuscle = "L_NKM";
    const string NotTestable = "NT";

    /// <summary>
    /// Every item code in form order: right side (10 key muscles, then light touch and pin prick C2 → S4_5), left side
    /// the same, then VAC, DAP, R_NKM, L_NKM. 136 codes.
    /// </summary>
    public static IReadOnlyList<string> Codes { get; } = BuildCodes();

    static readonly IReadOnlyDictionary<string, Item> ByCode = BuildItems();

    enum Kind { Sensory, Motor, YesNo, NonKeyMuscle }

    /// <param name="Side">"R" or "L" (null for VAC/DAP).</param>
    /// <param name="Modality">"LT", "PP", "M" (null otherwise).</param>
    /// <param name="Index">Dermatome or key-muscle index.</param>
    readonly record struct Item(Kind Kind, string? Side, string? Modality, int Index);

    internal static string MotorCode(string side, int muscle) => $"{side}_M_{IsncsciSegments.KeyMuscles[muscle]}";

    internal static string SensoryCode(string side, string modality, int dermatome) =>
        $"{side}_{modality}_{IsncsciSegments.Dermatomes[dermatome]}";

    /// <summary>
    /// Reads item code → JSON value. Absent or JSON null = missing (allowed; it makes the totals that need it and the
    /// classification null). Unknown code, wrong JSON type, a number that is not a whole number in range, or a string
    /// other than "NT" → one <see cref="IsncsciItemError"/> per bad item and no exam. A whole number written with a
    /// decimal point (2.0) counts as that whole number.
    /// </summary>
    public static IsncsciParse Parse(IReadOnlyDictionary<string, JsonElement> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var errors = new List<IsncsciItemError>();
        var sensory = new Dictionary<string, IsncsciValue?[]>(StringComparer.Ordinal);
        var motor = new Dictionary<string, IsncsciValue?[]>(StringComparer.Ordinal);
        foreach (var side in new[] { "R", "L" })
        {
            sensory[side + "LT"] = new IsncsciValue?[IsncsciSegments.DermatomeCount];
            sensory[side + "PP"] = new IsncsciValue?[IsncsciSegments.DermatomeCount];
            motor[side] = new IsncsciValue?[IsncsciSegments.KeyMuscleCount];
        }
        bool? vac = null, dap = null;
        string? rightNkm = null, leftNkm = null;

        foreach (var code in Codes)
        {
            if (!items.TryGetValue(code, out var json) || json.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) continue;
            var item = ByCode[code];
            switch (item.Kind)
            {
                case Kind.Sensory:
                    if (ReadGrade(code, json, 2, errors) is { } s) sensory[item.Side + item.Modality][item.Index] = s;
                    break;
                case Kind.Motor:
                    if (ReadGrade(code, json, 5, errors) is { } m) motor[item.Side!][item.Index] = m;
                    break;
                case Kind.YesNo:
                    if (json.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                        errors.Add(new(code, IsncsciMessages.YesNo(code)));
                    else if (code == Vac) vac = json.GetBoolean();
                    else dap = json.GetBoolean();
                    break;
                case Kind.NonKeyMuscle:
                    if (json.ValueKind != JsonValueKind.String || IsncsciSegments.MyotomeSegment(json.GetString()!) is null)
                        errors.Add(new(code, IsncsciMessages.NonKeyMuscle(code)));
                    else if (code == RightNonKeyMuscle) rightNkm = json.GetString();
                    else leftNkm = json.GetString();
                    break;
            }
        }
        foreach (var code in items.Keys.Where(k => !ByCode.ContainsKey(k)).Order(StringComparer.Ordinal))
            errors.Add(new(code, IsncsciMessages.UnknownItem(code)));

        if (errors.Count > 0) return new IsncsciParse(null, errors);
        var exam = new IsncsciExam(
            new IsncsciSide(sensory["RLT"], sensory["RPP"], motor["R"], rightNkm),
            new IsncsciSide(sensory["LLT"], sensory["LPP"], motor["L"], leftNkm),
            vac, dap);
        return new IsncsciParse(exam, []);
    }

    static IsncsciValue? ReadGrade(string code, JsonElement json, int max, List<IsncsciItemError> errors)
    {
        var motor = max == 5;
        if (json.ValueKind == JsonValueKind.Number
            && json.TryGetDecimal(out var d) && d == decimal.Truncate(d) && d >= 0 && d <= max)
            return IsncsciValue.Of((int)d);
        if (json.ValueKind == JsonValueKind.String && json.GetString() == NotTestable)
            return IsncsciValue.NotTestable;
        var star = json.ValueKind == JsonValueKind.String && json.GetString()!.EndsWith('*');
        errors.Add(new(code, star ? IsncsciMessages.StarNotSupported(code, motor)
            : motor ? IsncsciMessages.MotorValue(code) : IsncsciMessages.SensoryValue(code)));
        return null;
    }

    static List<string> BuildCodes()
    {
        var codes = new List<string>();
        foreach (var side in new[] { "R", "L" })
        {
            for (var m = 0; m < IsncsciSegments.KeyMuscleCount; m++) codes.Add(MotorCode(side, m));
            for (var d = 0; d < IsncsciSegments.DermatomeCount; d++) codes.Add(SensoryCode(side, "LT", d));
            for (var d = 0; d < IsncsciSegments.DermatomeCount; d++) codes.Add(SensoryCode(side, "PP", d));
        }
        codes.AddRange([Vac, Dap, RightNonKeyMuscle, LeftNonKeyMuscle]);
        return codes;
    }

    static Dictionary<string, Item> BuildItems()
    {
        var items = new Dictionary<string, Item>(StringComparer.Ordinal);
        foreach (var side in new[] { "R", "L" })
        {
            for (var m = 0; m < IsncsciSegments.KeyMuscleCount; m++) items[MotorCode(side, m)] = new(Kind.Motor, side, "M", m);
            foreach (var modality in new[] { "LT", "PP" })
                for (var d = 0; d < IsncsciSegments.DermatomeCount; d++)
                    items[SensoryCode(side, modality, d)] = new(Kind.Sensory, side, modality, d);
        }
        items[Vac] = new(Kind.YesNo, null, null, 0);
        items[Dap] = new(Kind.YesNo, null, null, 0);
        items[RightNonKeyMuscle] = new(Kind.NonKeyMuscle, "R", null, 0);
        items[LeftNonKeyMuscle] = new(Kind.NonKeyMuscle, "L", null, 0);
        return items;
    }
}
