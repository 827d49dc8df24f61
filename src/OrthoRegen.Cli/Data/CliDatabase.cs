using System.CommandLine;
using Microsoft.Extensions.Configuration;
using OrthoRegen.Data;

namespace OrthoRegen.Cli.Data;

/// <summary>
/// Database settings for commands: the same configuration keys as the web host (environment variables
/// <c>ConnectionStrings__Default</c> and <c>Database__Provider</c>), overridden by --connection and --provider.
/// </summary>
public static class CliDatabase
{
    public static readonly Option<string?> ConnectionOption = new("--connection")
    {
        Description = "Connection string (default: ConnectionStrings__Default, else SQLite at data/orthoregen.db).",
        Recursive = true,
    };

    public static readonly Option<string?> ProviderOption = new("--provider")
    {
        Description = "sqlite or postgres (default: Database__Provider, else sqlite).",
        Recursive = true,
    };

    public static DatabaseOptions Options(ParseResult parse)
    {
        var overrides = new Dictionary<string, string?>();
        if (parse.GetValue(ConnectionOption) is { } c) overrides["ConnectionStrings:Default"] = c;
        if (parse.GetValue(ProviderOption) is { } p) overrides["Database:Provider"] = p;
        var config = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(overrides).Build();
        return DatabaseOptions.FromConfiguration(config);
    }
}
