using System.CommandLine;
using System.Reflection;
using OrthoRegen.Cli.Common;
using OrthoRegen.Cli.Data;

namespace OrthoRegen.Cli.Hosting;

/// <summary>
/// <c>orthoregen serve [--urls URL]</c>: runs the web host, built by the web project's own Program.cs (its entry point
/// is invoked), so there is one way to build the host. Configuration is the web host's: environment variables
/// (<c>ConnectionStrings__Default</c>, <c>Database__Provider</c>, clinic settings files …), with --connection,
/// --provider and --urls on top. Runs until Ctrl+C or SIGTERM; exit 0 after a clean stop, 1 when the host fails.
/// </summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls") { Description = "Address(es) to listen on, ';'-separated (default: Urls setting, else http://127.0.0.1:5000)." };
        var cmd = new Command("serve", "Run the OrthoRegen web application (pages and API) with the same configuration as the other commands.") { urls };
        cmd.SetAction(parse =>
        {
            if (parse.GetValue(urls) is { } u && u.Split(';', StringSplitOptions.RemoveEmptyEntries)
                    .FirstOrDefault(x => !Uri.TryCreate(x.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")) is { } bad)
                return CliIo.Fail($"--urls: '{bad}' is not an http(s) address.");
            return Run(Arguments(parse, parse.GetValue(urls)));
        });
        return cmd;
    }

    /// <summary>The web host's command-line configuration for the options given (host keys, then settings).</summary>
    public static string[] Arguments(ParseResult parse, string? urls)
    {
        var args = new List<string>
        {
            // The web assembly's name finds its static-asset manifest; the tool's folder holds wwwroot and appsettings.json.
            "--applicationName=" + WebAssembly.GetName().Name, "--contentRoot=" + AppContext.BaseDirectory,
        };
        if (urls is not null) args.Add("--urls=" + urls);
        if (parse.GetValue(CliDatabase.ConnectionOption) is { } c) args.Add("--ConnectionStrings:Default=" + c);
        if (parse.GetValue(CliDatabase.ProviderOption) is { } p) args.Add("--Database:Provider=" + p);
        return [.. args];
    }

    static Assembly WebAssembly => typeof(OrthoRegen.Web.Hosting.WebHosting).Assembly;

    static int Run(string[] args)
    {
        var entry = WebAssembly.EntryPoint ?? throw new InvalidOperationException("The web assembly has no entry point.");
        try
        {
            var result = entry.Invoke(null, entry.GetParameters().Length == 0 ? [] : [args]);
            return result is int code ? code : CliIo.Ok;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            Console.Error.WriteLine("serve: " + e.InnerException.Message.Split('\n')[0]);
            return CliIo.Failure;
        }
    }
}
