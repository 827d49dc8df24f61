using System.Diagnostics;
using OrthoRegen.Data;
using OrthoRegen.Testing;
using Xunit.Abstractions;

namespace OrthoRegen.IntegrationTests.Durability;

/// <summary>
/// The crash-trial harness: how many trials, a seeded random source per scenario and engine (so a failing trial can be
/// replayed: the seed is in every message), and the two ways of choosing the moment of the SIGKILL.
/// <c>ORTHOREGEN_CRASH_TRIALS</c> and <c>ORTHOREGEN_CRASH_SEED</c> override the defaults (bench/crash/run.sh uses them).
/// </summary>
public static class CrashTrials
{
    public static int Count => int.TryParse(Environment.GetEnvironmentVariable("ORTHOREGEN_CRASH_TRIALS"), out var n) && n > 0 ? n : 20;

    public static int Seed => int.TryParse(Environment.GetEnvironmentVariable("ORTHOREGEN_CRASH_SEED"), out var s) ? s : 20260615;

    /// <summary>A random source for one scenario on one engine, derived from <see cref="Seed"/>.</summary>
    public static Random For(string scenario, DatabaseProvider engine)
    {
        var h = Seed;
        foreach (var ch in scenario + engine) h = unchecked(h * 31 + ch);
        return new Random(h);
    }

    /// <summary>The size knob: bench/crash/run.sh sets <c>ORTHOREGEN_CRASH_SCALE</c> to run bigger inputs.</summary>
    public static int Scale => int.TryParse(Environment.GetEnvironmentVariable("ORTHOREGEN_CRASH_SCALE"), out var s) && s > 0 ? s : 1;

    /// <summary>
    /// Kills <paramref name="child"/> once <paramref name="probe"/> (polled every few milliseconds on its own connection)
    /// reaches <paramref name="target"/>, after a further <paramref name="extraDelayMs"/>. Returns false when the process
    /// finished before that (the trial then checks a completed run).
    /// </summary>
    public static async Task<bool> KillWhenAsync(ChildProcess child, Func<Task<long>> probe, long target, int extraDelayMs, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!child.HasExited)
        {
            if (watch.Elapsed > timeout) { child.Kill(); throw new TimeoutException($"the probe never reached {target}: {child.Output}"); }
            long value;
            try { value = await probe(); }
            catch (System.Data.Common.DbException) { value = -1; } // the table is not there yet
            if (value >= target)
            {
                if (extraDelayMs > 0) await Task.Delay(extraDelayMs);
                if (child.HasExited) return false;
                child.Kill();
                await child.WaitAsync(TimeSpan.FromSeconds(30));
                return true;
            }
            await Task.Delay(3);
        }
        return false;
    }

    /// <summary>Kills <paramref name="child"/> after <paramref name="delay"/>; false when it had already finished.</summary>
    public static async Task<bool> KillAfterAsync(ChildProcess child, TimeSpan delay)
    {
        using var cts = new CancellationTokenSource(delay);
        try { await WaitExitAsync(child, cts.Token); return false; }
        catch (OperationCanceledException) { }
        if (child.HasExited) return false;
        child.Kill();
        await child.WaitAsync(TimeSpan.FromSeconds(30));
        return true;
    }

    static async Task WaitExitAsync(ChildProcess child, CancellationToken ct)
    {
        while (!child.HasExited) await Task.Delay(2, ct);
    }

    /// <summary>One line for the test log: how many kills landed mid-work, and the wall time.</summary>
    public static void Report(ITestOutputHelper output, string scenario, DatabaseProvider engine, int trials, int killed, TimeSpan elapsed) =>
        output.WriteLine($"{scenario} on {engine}: {trials} trials, {killed} killed mid-run, {trials - killed} finished before the kill; {elapsed.TotalSeconds:F1} s (seed {Seed})");
}
