namespace OrthoRegen.Tests.Support;

/// <summary>Numeric assertions with an explicit, per-case tolerance (written in the test row, not hidden here).</summary>
public static class Precision
{
    /// <summary>Absolute floor used near zero: |expected − actual| ≤ 1e-9 passes whatever the relative error.</summary>
    public const double AbsoluteNearZero = 1e-9;

    /// <summary>
    /// Passes when |expected − actual| ≤ relTol·|expected|, or ≤ 1e-9 near zero; infinities and NaN must match exactly.
    /// </summary>
    public static void AssertClose(double expected, double actual, double relTol, string? what = null)
    {
        if (double.IsNaN(expected) || double.IsInfinity(expected) || double.IsNaN(actual) || double.IsInfinity(actual))
        {
            if (!expected.Equals(actual)) Assert.Fail($"{what ?? "value"}: expected {expected:R}, got {actual:R}");
            return;
        }
        var diff = Math.Abs(expected - actual);
        if (diff <= relTol * Math.Abs(expected) || diff <= AbsoluteNearZero) return;
        Assert.Fail($"{what ?? "value"}: expected {expected:R}, got {actual:R} (relative error {diff / Math.Max(Math.Abs(expected), double.Epsilon):G3} > {relTol:G3})");
    }
}
