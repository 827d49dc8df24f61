using System.Globalization;

namespace OrthoRegen.Instruments.Isncsci;

/// <summary>
/// One examined value: a sensory grade (0 absent, 1 altered, 2 normal), a motor grade (0–5), or "NT" (not testable).
/// A missing value is not an <see cref="IsncsciValue"/> at all: it is a null <c>IsncsciValue?</c>.
/// </summary>
/// <remarks>
/// The 2019 "*" mark (impairment due to a non-SCI condition) is deliberately not representable: INSTRUMENTS.md
/// section 9 lists it as not implemented, so <see cref="IsncsciItems.Parse"/> rejects it. <c>default</c> is NT.
/// </remarks>
public readonly record struct IsncsciValue
{
    readonly int _gradePlusOne;

    IsncsciValue(int gradePlusOne) => _gradePlusOne = gradePlusOne;

    /// <summary>The grade, or null for NT.</summary>
    public int? Grade => _gradePlusOne == 0 ? null : _gradePlusOne - 1;

    public bool IsNotTestable => _gradePlusOne == 0;

    public static IsncsciValue NotTestable => default;

    /// <summary>A tested grade; the range (0–2 sensory, 0–5 motor) is checked by <see cref="IsncsciSide"/>.</summary>
    public static IsncsciValue Of(int grade)
    {
        if (grade is < 0 or > 5) throw new ArgumentOutOfRangeException(nameof(grade), grade, "ISNCSCI grades are 0–5.");
        return new IsncsciValue(grade + 1);
    }

    public override string ToString() => Grade?.ToString(CultureInfo.InvariantCulture) ?? "NT";
}

/// <summary>
/// One side of the exam: light touch and pin prick at the 28 dermatomes C2 … S4-5, the 10 key muscles C5–T1 and L2–S1,
/// and the lowest non-key muscle with motor function (ISNCSCI 2019 worksheet; INSTRUMENTS.md section 9).
/// </summary>
public sealed record IsncsciSide
{
    /// <param name="lightTouch">28 values in dermatome order C2 … S4_5; null = missing.</param>
    /// <param name="pinPrick">28 values in the same order.</param>
    /// <param name="motor">10 values in key-muscle order C5, C6, C7, C8, T1, L2, L3, L4, L5, S1.</param>
    /// <param name="lowestNonKeyMuscle">
    /// Myotome (C5–T1 or L2–S1) of the lowest non-key muscle with motor function, or null if none was recorded. The 2019
    /// revision uses it only to tell AIS B from C.
    /// </param>
    public IsncsciSide(
        IReadOnlyList<IsncsciValue?> lightTouch,
        IReadOnlyList<IsncsciValue?> pinPrick,
        IReadOnlyList<IsncsciValue?> motor,
        string? lowestNonKeyMuscle)
    {
        ArgumentNullException.ThrowIfNull(lightTouch);
        ArgumentNullException.ThrowIfNull(pinPrick);
        ArgumentNullException.ThrowIfNull(motor);
        Require(lightTouch, IsncsciSegments.DermatomeCount, 2, nameof(lightTouch));
        Require(pinPrick, IsncsciSegments.DermatomeCount, 2, nameof(pinPrick));
        Require(motor, IsncsciSegments.KeyMuscleCount, 5, nameof(motor));
        if (lowestNonKeyMuscle is not null && IsncsciSegments.MyotomeSegment(lowestNonKeyMuscle) is null)
            throw new ArgumentException($"'{lowestNonKeyMuscle}' is not a key-muscle myotome (C5–T1, L2–S1).", nameof(lowestNonKeyMuscle));
        LightTouch = lightTouch.ToArray();
        PinPrick = pinPrick.ToArray();
        Motor = motor.ToArray();
        LowestNonKeyMuscle = lowestNonKeyMuscle;
    }

    public IReadOnlyList<IsncsciValue?> LightTouch { get; }
    public IReadOnlyList<IsncsciValue?> PinPrick { get; }
    public IReadOnlyList<IsncsciValue?> Motor { get; }
    public string? LowestNonKeyMuscle { get; }

    static void Require(IReadOnlyList<IsncsciValue?> values, int count, int max, string name)
    {
        if (values.Count != count) throw new ArgumentException($"Expected {count} values, got {values.Count}.", name);
        foreach (var v in values)
            if (v?.Grade > max) throw new ArgumentException($"Grades here are 0–{max}; got {v.Value.Grade}.", name);
    }
}

/// <summary>
/// A whole ISNCSCI exam as <see cref="IsncsciItems.Parse"/> reads it: both sides, voluntary anal contraction (VAC)
/// and deep anal pressure (DAP). Null VAC or DAP means missing. Score it with <see cref="IsncsciClassifier.Classify"/>.
/// </summary>
public sealed record IsncsciExam(IsncsciSide Right, IsncsciSide Left, bool? Vac, bool? Dap)
{
    /// <summary>Every value with its item code, in <see cref="IsncsciItems.Codes"/> order, NKM excluded.</summary>
    internal IEnumerable<(string Code, IsncsciValue? Value)> Values()
    {
        foreach (var (prefix, side) in new[] { ("R", Right), ("L", Left) })
        {
            for (var m = 0; m < IsncsciSegments.KeyMuscleCount; m++)
                yield return (IsncsciItems.MotorCode(prefix, m), side.Motor[m]);
            for (var d = 0; d < IsncsciSegments.DermatomeCount; d++)
                yield return (IsncsciItems.SensoryCode(prefix, "LT", d), side.LightTouch[d]);
            for (var d = 0; d < IsncsciSegments.DermatomeCount; d++)
                yield return (IsncsciItems.SensoryCode(prefix, "PP", d), side.PinPrick[d]);
        }
    }
}
