using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using OrthoRegen.Data;

namespace OrthoRegen.Testing;

/// <summary>
/// An <c>orthoregen</c> command (the CLI dll the test project builds) running as a real child process over a given
/// database, so a test can kill it with SIGKILL at a chosen moment and then look at what it left behind. Output lines
/// (stdout and stderr) are collected as they arrive.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    /// <summary>The CLI entry point copied next to the test assembly.</summary>
    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "OrthoRegen.Cli.dll");

    readonly Process _process;
    readonly ConcurrentQueue<string> _lines = new();
    readonly TaskCompletionSource _stdoutDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly TaskCompletionSource _stderrDone = new(TaskCreationOptions.RunContinuationsAsynchronously);

    ChildProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is null) _stdoutDone.TrySetResult(); else _lines.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is null) _stderrDone.TrySetResult(); else _lines.Enqueue(e.Data); };
    }

    /// <summary>The standard configuration keys that point <c>orthoregen</c> at a database, as environment variables.</summary>
    public static Dictionary<string, string?> DatabaseEnvironment(DatabaseProvider provider, string connectionString) => new()
    {
        ["Database__Provider"] = provider == DatabaseProvider.Postgres ? "postgres" : "sqlite",
        ["ConnectionStrings__Default"] = connectionString,
    };

    /// <summary>Starts <c>dotnet OrthoRegen.Cli.dll ARGS</c> with the database given through the standard configuration keys.</summary>
    public static ChildProcess StartCli(DatabaseProvider provider, string connectionString, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetTempPath(),
        };
        psi.ArgumentList.Add(CliDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in DatabaseEnvironment(provider, connectionString)) psi.Environment[k] = v;
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        var process = new Process { StartInfo = psi };
        var child = new ChildProcess(process);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs <c>dotnet OrthoRegen.Cli.dll ARGS</c> to its end over <paramref name="db"/> (or no database) and returns what it answered.</summary>
    public static Task<(int Code, string Stdout, string Stderr)> RunCliAsync(TestDatabase? db, params string[] args) =>
        RunAsync("dotnet", [CliDll, .. args], env: db is null ? null : DatabaseEnvironment(db.Provider, db.ConnectionString));

    /// <summary>Runs a program to its end and returns its exit code, stdout and stderr.</summary>
    public static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string exe, IEnumerable<string> args, string? workingDirectory = null,
        IDictionary<string, string?>? env = null)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? "" };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string?>()) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout, await stderr);
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Every line written so far (stdout and stderr interleaved as they arrived).</summary>
    public IReadOnlyList<string> Lines => _lines.ToArray();

    public string Output => string.Join('\n', _lines);

    /// <summary>SIGKILL: no shutdown handlers, no flushes, no finally blocks; what is not committed is lost.</summary>
    public void Kill()
    {
        try { _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { } // already exited
    }

    /// <summary>Waits for the process to end (killing it after <paramref name="timeout"/>) and returns its exit code.</summary>
    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            Kill();
            await _process.WaitForExitAsync();
            throw new TimeoutException($"orthoregen did not finish within {timeout}: {Output}");
        }
        await Task.WhenAny(Task.WhenAll(_stdoutDone.Task, _stderrDone.Task), Task.Delay(2000));
        return _process.ExitCode;
    }

    /// <summary>A free TCP port on the loopback interface (for <c>orthoregen serve --urls</c>).</summary>
    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
