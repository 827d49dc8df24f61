using System.Diagnostics;
using System.Net;
using OrthoRegen.Data;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Cli;

/// <summary>`orthoregen serve` as a process: the web host answers on the given address with the database given, and stops cleanly.</summary>
public class ServeCommandTests
{
    [Theory, BothEngines]
    public async Task Serve_AnswersHealthAndPagesAndApi_ThenStopsOnSigterm(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var port = ChildProcess.FreePort();
        var url = $"http://127.0.0.1:{port}";
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (var a in new[] { ChildProcess.CliDll, "--connection", db.ConnectionString, "--provider", engine == DatabaseProvider.Postgres ? "postgres" : "sqlite", "serve", "--urls", url })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(5) };
            HttpResponseMessage? health = null;
            for (var i = 0; i < 120 && health is null && !p.HasExited; i++)
            {
                try { health = await http.GetAsync("/healthz"); }
                catch (HttpRequestException) { await Task.Delay(250); }
            }
            Assert.True(health is not null, $"serve did not answer: {(p.HasExited ? await stderr : "still starting")}");
            Assert.Equal(HttpStatusCode.OK, health!.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/app.css")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/login")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/patients")).StatusCode);
        }
        finally
        {
            if (!p.HasExited) using (var kill = Process.Start("kill", ["-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try { await p.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { p.Kill(); throw; }
        }
        Assert.True(p.ExitCode == 0, await stdout + await stderr);
        Assert.Contains("Application is shutting down", await stdout);
    }

    [Fact]
    public async Task Serve_BadUrls_Exits2NamingTheOption()
    {
        var r = await ChildProcess.RunCliAsync(null, "serve", "--urls", "ftp://x");
        Assert.Equal((2, "--urls:"), (r.Code, r.Stderr[..7]));
        var help = await ChildProcess.RunCliAsync(null, "serve", "--help");
        Assert.Equal(0, help.Code);
        Assert.Contains("--urls", help.Stdout);
    }
}
