namespace OrthoRegen.Tests.Support;

/// <summary>A clock that stands still until told to move (the test-side twin of <see cref="TimeProvider.System"/>).</summary>
public sealed class FakeClock(DateTimeOffset now) : TimeProvider
{
    DateTimeOffset _now = now;
    public override DateTimeOffset GetUtcNow() => _now;
    public void Advance(TimeSpan by) => _now += by;
    public void Set(DateTimeOffset to) => _now = to;
}
