using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using OrthoRegen.Data;

namespace OrthoRegen.Testing;

/// <summary>
/// One web node as a separate OS process (<c>orthoregen serve</c>) on a free 127.0.0.1 port over a given database, as a
/// deployment with several nodes behind a load balancer runs it. <see cref="StartAsync"/> returns once <c>/readyz</c>
/// answers 200; <see cref="Kill"/> is SIGKILL (no shutdown, no flush), <see cref="DisposeAsync"/> stops it with SIGTERM.
/// The node's settings come from environment variables, exactly as an operator would give them.
/// </summary>
public sealed class WebNodeProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly StringBuilder _output = new();

    public string Name { get; }
    public Uri BaseAddress { get; }
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>Everything the node wrote to stdout and stderr so far (for failure messages).</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    WebNodeProcess(string name, Process process, Uri baseAddress)
    {
        (Name, _process, BaseAddress) = (name, process, baseAddress);
    }

    /// <summary>
    /// Starts a node. The CLI (<c>OrthoRegen.Cli.dll</c>) must sit next to the test assembly (the integration tests
    /// reference it). The sign-in rate limit is raised for tests that sign many users in from one address.
    /// </summary>
    public static async Task<WebNodeProcess> StartAsync(string name, DatabaseProvider provider, string connectionString,
        IReadOnlyDictionary<string, string?>? settings = null, TimeSpan? timeout = null)
    {
        var cli = ChildProcess.CliDll;
        if (!File.Exists(cli)) throw new InvalidOperationException($"{cli} is missing: the test project must reference src/OrthoRegen.Cli.");
        var url = new Uri($"http://127.0.0.1:{ChildProcess.FreePort()}");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var a in new[] { cli, "--connection", connectionString, "--provider", provider == DatabaseProvider.Postgres ? "postgres" : "sqlite",
                     "serve", "--urls", url.ToString().TrimEnd('/') })
            psi.ArgumentList.Add(a);
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["Security__LoginAttemptsPerMinute"] = "10000";
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) psi.Environment[k.Replace(":", "__", StringComparison.Ordinal)] = v;

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var node = new WebNodeProcess(name, process, url);
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await node.WaitReadyAsync(timeout ?? TimeSpan.FromSeconds(90));
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
        return node;
    }

    void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited) throw new InvalidOperationException($"Node {Name} exited with {_process.ExitCode} before it was ready:\n{Output}");
            try
            {
                using var r = await http.GetAsync("/readyz");
                if (r.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"Node {Name} at {BaseAddress} was not ready within {timeout}:\n{Output}");
    }

    /// <summary>An HTTP client for this node. Clients of several nodes may share one cookie jar: cookies ignore the port,
    /// so a session cookie set by one node is sent to the other, as a browser behind a load balancer would.</summary>
    public HttpClient Client(CookieContainer? cookies = null, string? bearer = null)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false, UseCookies = cookies is not null, CookieContainer = cookies ?? new CookieContainer(),
            PooledConnectionLifetime = TimeSpan.FromMinutes(1), MaxConnectionsPerServer = 64,
        };
        var c = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (bearer is not null) c.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        return c;
    }

    /// <summary>SIGKILL: the process ends at once, mid-request, without running any shutdown code.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    /// <summary>Stops the node with SIGTERM (graceful), and SIGKILL if it has not ended after 15 seconds.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])) await term.WaitForExitAsync();
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                try { await _process.WaitForExitAsync(cts.Token); }
                catch (OperationCanceledException) { _process.Kill(); await _process.WaitForExitAsync(); }
            }
        }
        catch (InvalidOperationException) { } // never started
        _process.Dispose();
    }
}
