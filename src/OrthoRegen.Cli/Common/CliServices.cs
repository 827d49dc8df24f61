using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Accounts;
using OrthoRegen.Cli.Data;
using OrthoRegen.Data;

namespace OrthoRegen.Cli.Common;

/// <summary>
/// Core's services for commands that go through the stores (exports, imports, users): the web host's configuration keys
/// from the environment (<c>Database__Provider</c>, <c>ConnectionStrings__Default</c>, clinic settings files), with
/// --connection and --provider on top, and ASP.NET Identity's password hashing, as in the web host.
/// </summary>
public static class CliServices
{
    public static IConfiguration Configuration(ParseResult parse)
    {
        var overrides = new Dictionary<string, string?>();
        if (parse.GetValue(CliDatabase.ConnectionOption) is { } c) overrides["ConnectionStrings:Default"] = c;
        if (parse.GetValue(CliDatabase.ProviderOption) is { } p) overrides["Database:Provider"] = p;
        return new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(overrides).Build();
    }

    /// <summary>
    /// The services over a database migrated to this build's schema, or null with the one-line problem already printed:
    /// a bad provider or settings file, or migrations not yet applied (the store commands never migrate on their own;
    /// <c>orthoregen migrate</c> does, and the web host on start).
    /// </summary>
    public static async Task<ServiceProvider?> TryBuildMigratedAsync(ParseResult parse, CancellationToken ct)
    {
        var services = TryBuild(parse);
        if (services is null) return null;
        if (!await NotMigratedAsync(services.GetRequiredService<Database>(), ct)) return services;
        await services.DisposeAsync();
        return null;
    }

    /// <summary>True, with the one-line problem printed, when the database lacks migrations of this build.</summary>
    public static async Task<bool> NotMigratedAsync(Database database, CancellationToken ct)
    {
        var pending = await new MigrationRunner(database).PendingAsync(ct);
        if (pending.Count == 0) return false;
        Console.Error.WriteLine($"--connection: the database lacks {pending.Count} of this build's {MigrationRunner.Scripts(database.Provider).Count} " +
                                $"migrations (first: {pending[0].Version:D4}_{pending[0].Name}); run `orthoregen migrate` first. Nothing was changed.");
        return true;
    }

    /// <summary>The services, or null with the one-line problem (a bad provider or settings file) already printed.</summary>
    static ServiceProvider? TryBuild(ParseResult parse)
    {
        try
        {
            var services = new ServiceCollection();
            services.AddOrthoRegen(Configuration(parse));
            services.AddSingleton<IPasswordHashing, CliPasswordHashing>();
            OrthoRegen.Web.Accounts.DataProtectionSetUp.AddOrthoRegenDataProtection(services); // the web host's key ring, for two-factor secrets
            var provider = services.BuildServiceProvider();
            provider.GetRequiredService<Database>();
            return provider;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or IOException)
        {
            Console.Error.WriteLine(e.Message.Split('\n')[0]);
            return null;
        }
    }

    /// <summary>The actor a command acts as: the system, named after the command so the audit trail says which.</summary>
    public static Actor Actor(string command) => OrthoRegen.Accounts.Actor.System("cli: " + command);
}

/// <summary>ASP.NET Identity's PBKDF2 hasher, the same format the web host writes and reads.</summary>
public sealed class CliPasswordHashing : IPasswordHashing
{
    static readonly Microsoft.AspNetCore.Identity.PasswordHasher<string> Hasher = new();

    public string Hash(string password) => Hasher.HashPassword("", password);

    public bool Verify(string hash, string password, out bool rehash)
    {
        var r = Hasher.VerifyHashedPassword("", hash, password);
        rehash = r == Microsoft.AspNetCore.Identity.PasswordVerificationResult.SuccessRehashNeeded;
        return r != Microsoft.AspNetCore.Identity.PasswordVerificationResult.Failed;
    }
}
