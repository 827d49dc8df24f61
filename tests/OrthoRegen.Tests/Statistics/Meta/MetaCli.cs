using System.Diagnostics;
using Xunit.Sdk;

namespace OrthoRegen.Tests.Statistics.Meta;

/// <summary>
/// Runs the real <c>orthoregen</c> executable. The unit-test project references Core only, so the fixture builds the
/// CLI project once (incrementally, in the test's own configuration) and then starts it as a process per call.
/// </summary>
public sealed class MetaCliFixture
{
    internal string CliDll { get; }

    public MetaCliFixture()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OrthoRegen.slnx"))) dir = dir.Parent;
        if (dir is null) throw new XunitException("Cannot find the repository root (OrthoRegen.slnx) above " + AppContext.BaseDirectory);
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Parent!.Name; // bin/<Configuration>/net10.0
        var project = Path.Combine(dir.FullName, "src", "OrthoRegen.Cli", "OrthoRegen.Cli.csproj");
        var build = Run("dotnet", ["build", project, "-c", configuration, "-nologo", "-v", "q"], null);
        if (build.ExitCode != 0) throw new XunitException($"Building the CLI failed:\n{build.Stdout}\n{build.Stderr}");
        CliDll = Path.Combine(dir.FullName, "src", "OrthoRegen.Cli", "bin", configuration, "net10.0", "OrthoRegen.Cli.dll");
    }

    internal (int ExitCode, string Stdout, string Stderr) Meta(IEnumerable<string> args, string? stdin = null) =>
        Run("dotnet", [CliDll, .. args], stdin);

    static (int ExitCode, string Stdout, string Stderr) Run(string file, IEnumerable<string> args, string? stdin)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        if (stdin is not null) { p.StandardInput.Write(stdin); p.StandardInput.Close(); }
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, err.Result);
    }
}
