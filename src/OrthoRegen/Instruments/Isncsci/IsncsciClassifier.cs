namespace OrthoRegen.Instruments.Isncsci;

/// <summary>
/// Scores an ISNCSCI exam: totals and the 2019 classification (sensory and motor levels per side, neurological level of
/// injury, completeness, ASIA Impairment Scale), as INSTRUMENTS.md section 9 states the rules.
/// </summary>
/// <remarks>
/// <para>Missing values (absent or null items): the totals that need them are null, and the whole classification is
/// null with one reason, as INSTRUMENTS.md section 9 says of the reference rules.</para>
/// <para>"NT" values: INSTRUMENTS.md section 9 notes that they make the result a set of possible values and that the
/// reference rules do not implement them; issue 3 asks for an explicit "not determinable" result instead of a guess.
/// So each classification property is computed over every value the NT items could take: if all agree, that value is
/// reported (an NT far below the injury changes nothing); if not, the property is null and the reason lists the
/// values that remain possible.</para>
/// </remarks>
public static class IsncsciClassifier
{
    /// <summary>
    /// Totals and classification of one parsed exam. Pure: no clock, no I/O; an exam with every value NT still answers
    /// in milliseconds. Throws only for a null exam.
    /// </summary>
    public static IsncsciResult Classify(IsncsciExam exam)
    {
        ArgumentNullException.ThrowIfNull(exam);
        var (scores, reasons) = Totals(exam);
        return new IsncsciResult(scores, reasons, Classification(exam));
    }

    static IsncsciClassification Classification(IsncsciExam exam)
    {
        var missing = exam.Values().Where(v => v.Value is null).Select(v => v.Code).ToList();
        if (exam.Vac is null) missing.Add(IsncsciItems.Vac);
        if (exam.Dap is null) missing.Add(IsncsciItems.Dap);
        if (missing.Count > 0)
            return new IsncsciClassification(null, null, null, null, null, null, null, [IsncsciMessages.ClassificationMissing(missing)]);

        var p = IsncsciPossibilities.Of(exam);
        var reasons = new List<string>();
        return new IsncsciClassification(
            Level("sensory_level_R", p.SensoryLevelR, reasons),
            Level("sensory_level_L", p.SensoryLevelL, reasons),
            Level("motor_level_R", p.MotorLevelR, reasons),
            Level("motor_level_L", p.MotorLevelL, reasons),
            Level("nli", p.Nli, reasons),
            One("complete", p.Complete, c => c ? "complete" : "incomplete", reasons),
            One("ais", p.Ais, g => g.ToString(), reasons) is { } ais ? ais.ToString() : null,
            reasons);
    }

    static string? Level(string field, IReadOnlySet<int> possible, List<string> reasons) =>
        One(field, possible, IsncsciSegments.LevelName, reasons) is { } level ? IsncsciSegments.LevelName(level) : null;

    static T? One<T>(string field, IReadOnlySet<T> possible, Func<T, string> name, List<string> reasons) where T : struct
    {
        if (possible.Count == 1) return possible.First();
        reasons.Add(IsncsciMessages.NotDeterminable(field, possible.Select(name).ToList()));
        return null;
    }

    // ---- totals ----------------------------------------------------------------------------------------------------

    static readonly (string Name, Func<string, bool> Includes)[] TotalItems =
    [
        (IsncsciResult.RightUems, c => IsMotor(c, "R", upper: true)),
        (IsncsciResult.LeftUems, c => IsMotor(c, "L", upper: true)),
        (IsncsciResult.RightLems, c => IsMotor(c, "R", upper: false)),
        (IsncsciResult.LeftLems, c => IsMotor(c, "L", upper: false)),
        (IsncsciResult.Uems, c => IsMotor(c, "R", upper: true) || IsMotor(c, "L", upper: true)),
        (IsncsciResult.Lems, c => IsMotor(c, "R", upper: false) || IsMotor(c, "L", upper: false)),
        (IsncsciResult.RightLt, c => c.StartsWith("R_LT_", StringComparison.Ordinal)),
        (IsncsciResult.LeftLt, c => c.StartsWith("L_LT_", StringComparison.Ordinal)),
        (IsncsciResult.RightPp, c => c.StartsWith("R_PP_", StringComparison.Ordinal)),
        (IsncsciResult.LeftPp, c => c.StartsWith("L_PP_", StringComparison.Ordinal)),
        (IsncsciResult.Lt, c => c.StartsWith("R_LT_", StringComparison.Ordinal) || c.StartsWith("L_LT_", StringComparison.Ordinal)),
        (IsncsciResult.Pp, c => c.StartsWith("R_PP_", StringComparison.Ordinal) || c.StartsWith("L_PP_", StringComparison.Ordinal)),
        (IsncsciResult.Motor, c => c.Contains("_M_", StringComparison.Ordinal)),
    ];

    static readonly HashSet<string> UpperMyotomes = ["C5", "C6", "C7", "C8", "T1"];

    static bool IsMotor(string code, string side, bool upper) =>
        code.StartsWith(side + "_M_", StringComparison.Ordinal) && UpperMyotomes.Contains(code[4..]) == upper;

    static (IReadOnlyDictionary<string, double?>, IReadOnlyDictionary<string, string>) Totals(IsncsciExam exam)
    {
        var values = exam.Values().ToList();
        var scores = new Dictionary<string, double?>(StringComparer.Ordinal);
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, includes) in TotalItems)
        {
            var sum = 0;
            List<string> notTestable = [], missing = [];
            foreach (var (code, value) in values.Where(v => includes(v.Code)))
            {
                if (value is null) missing.Add(code);
                else if (value.Value.Grade is { } g) sum += g;
                else notTestable.Add(code);
            }
            if (notTestable.Count == 0 && missing.Count == 0) scores[name] = sum;
            else
            {
                scores[name] = null;
                reasons[name] = IsncsciMessages.TotalNotScored(name, notTestable, missing);
            }
        }
        return (scores, reasons);
    }
}
