namespace OrthoRegen.FollowUp;

/// <summary>A protocol window around a visit's target date.</summary>
/// <remarks>Both ends are inclusive: a visit on <see cref="End"/> is on time, one on the day after is not (V1).</remarks>
public sealed record VisitWindow
{
    public DateOnly Start { get; }
    public DateOnly End { get; }

    VisitWindow(DateOnly start, DateOnly end) => (Start, End) = (start, end);

    public static VisitWindow Between(DateOnly start, DateOnly end) =>
        end < start ? throw new ArgumentException("The window ends before it starts.", nameof(end)) : new(start, end);

    public static VisitWindow Around(DateOnly target, int toleranceDays) =>
        toleranceDays < 0 ? throw new ArgumentOutOfRangeException(nameof(toleranceDays)) : new(target.AddDays(-toleranceDays), target.AddDays(toleranceDays));

    public bool Contains(DateOnly date) => Start <= date && date <= End;
}
