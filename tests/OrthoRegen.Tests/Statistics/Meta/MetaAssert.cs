using Xunit.Sdk;

namespace OrthoRegen.Tests.Statistics.Meta;

/// <summary>
/// Relative comparison that switches to absolute near zero: |expected − actual| ≤ max(relTol·max(|expected|, |actual|),
/// absTol). Both tolerances are passed by the caller, so each test row states its own.
/// </summary>
internal static class MetaAssert
{
    public static void Close(double expected, double actual, double relTol, double absTol, string what)
    {
        if (!IsClose(expected, actual, relTol, absTol))
            throw new XunitException($"{what}: expected {expected:R}, got {actual:R} (|diff| = {Math.Abs(expected - actual):E3}, rel {relTol:E0}, abs {absTol:E0})");
    }

    /// <summary>As <see cref="Close(double,double,double,double,string)"/>; null (R's NA) must match null.</summary>
    public static void Close(double? expected, double? actual, double relTol, double absTol, string what)
    {
        if (expected is null && actual is null) return;
        if (expected is null || actual is null)
            throw new XunitException($"{what}: expected {Show(expected)}, got {Show(actual)}");
        Close(expected.Value, actual.Value, relTol, absTol, what);
    }

    public static bool IsClose(double expected, double actual, double relTol, double absTol) =>
        double.IsFinite(expected) && double.IsFinite(actual)
        && Math.Abs(expected - actual) <= Math.Max(relTol * Math.Max(Math.Abs(expected), Math.Abs(actual)), absTol);

    static string Show(double? x) => x is null ? "NA/null" : x.Value.ToString("R");
}
