using System.Globalization;
using Spectre.Console;

namespace OrthoRegen.Cli.Interop;

/// <summary>
/// Long work with a Spectre progress bar on an interactive terminal, and plain "n/total unit" lines on stderr (at most
/// one per second, plus the last) when the output is redirected, so logs and tests stay readable.
/// </summary>
public static class CliProgress
{
    public static async Task RunAsync(string unit, long total, Func<Action<long>, Task> work)
    {
        if (AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected && !Console.IsErrorRedirected)
        {
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask(unit, maxValue: Math.Max(total, 1));
                    await work(done => task.Value = done);
                    task.Value = task.MaxValue;
                });
            return;
        }
        var last = DateTime.MinValue;
        long reported = -1;
        void Line(long done) => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{done:N0}/{total:N0} {unit}"));
        await work(done =>
        {
            var now = DateTime.UtcNow;
            if (now - last < TimeSpan.FromSeconds(1) && done < total) return;
            last = now;
            reported = done;
            Line(done);
        });
        if (reported != total && total > 0) Line(total);
    }
}

/// <summary>Reports on the calling thread (Progress&lt;T&gt; posts to the thread pool, which reorders lines).</summary>
public sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
