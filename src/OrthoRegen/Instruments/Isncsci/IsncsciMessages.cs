namespace OrthoRegen.Instruments.Isncsci;

/// <summary>Every sentence the ISNCSCI scorer shows a person, in one place so tests can assert on them.</summary>
public static class IsncsciMessages
{
    public static string UnknownItem(string code) => $"{code} is not an ISNCSCI item";

    public static string SensoryValue(string code) => $"{code} must be 0–2 or NT";

    public static string MotorValue(string code) => $"{code} must be 0–5 or NT";

    /// <summary>For "5*", "0**", "NT*" …: INSTRUMENTS.md section 9 lists the 2019 "*" mark as not implemented.</summary>
    public static string StarNotSupported(string code, bool motor) =>
        $"{code} must be {(motor ? "0–5" : "0–2")} or NT; the 2019 '*' mark (impairment not due to SCI) is not supported";

    public static string YesNo(string code) => $"{code} must be true or false";

    public static string NonKeyMuscle(string code) =>
        $"{code} must be one of {string.Join(", ", IsncsciSegments.KeyMuscles)}, or null when no non-key muscle was recorded";

    /// <summary>INSTRUMENTS.md section 9: "returns a null classification when any value is missing".</summary>
    public static string ClassificationMissing(IReadOnlyList<string> missing) =>
        $"Classification is not determinable: {Count(missing.Count, "exam value")} missing ({List(missing)}).";

    /// <summary>A classification field that differs between the possible values of the items marked NT.</summary>
    public static string NotDeterminable(string field, IReadOnlyList<string> possible) =>
        $"{field} is not determinable: the values marked NT allow {Or(possible)}.";

    /// <summary>A total needs every value it sums (INSTRUMENTS.md section 9; reference algorithm: "ND" on any NT).</summary>
    public static string TotalNotScored(string total, IReadOnlyList<string> notTestable, IReadOnlyList<string> missing)
    {
        var parts = new List<string>();
        if (notTestable.Count > 0) parts.Add($"not testable: {List(notTestable)}");
        if (missing.Count > 0) parts.Add($"missing: {List(missing)}");
        return $"{total} needs every value it sums; {string.Join("; ", parts)}.";
    }

    static string Count(int n, string noun) => n == 1 ? $"1 {noun} is" : $"{n} {noun}s are";

    /// <summary>Names up to eight items, then "and N more", so a blank form does not produce a page of codes.</summary>
    static string List(IReadOnlyList<string> items) =>
        items.Count <= 8 ? string.Join(", ", items) : $"{string.Join(", ", items.Take(8))} and {items.Count - 8} more";

    static string Or(IReadOnlyList<string> items) =>
        items.Count <= 1 ? string.Join("", items) : $"{string.Join(", ", items.Take(items.Count - 1))} or {items[^1]}";
}
