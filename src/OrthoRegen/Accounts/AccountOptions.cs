using Microsoft.Extensions.Configuration;

namespace OrthoRegen.Accounts;

/// <summary>
/// Account settings from configuration: which roles must sign in with a second factor (<c>Accounts:RequireTwoFactorRoles</c>,
/// default Admin and QA), and how long a browser session lasts (<c>Accounts:SessionIdleMinutes</c>, default 30, and
/// <c>Accounts:SessionAbsoluteHours</c>, default 12), and how long a bearer-token look-up is reused
/// (<c>Accounts:TokenCacheSeconds</c>, default 5, 0 = read every request; see <see cref="Accounts.TokenCache"/>).
/// </summary>
public sealed record AccountOptions(IReadOnlyList<string> RequireTwoFactorRoles, TimeSpan SessionIdle, TimeSpan SessionAbsolute)
{
    public static readonly IReadOnlyList<string> DefaultTwoFactorRoles = [Roles.Admin, Roles.QA];

    /// <summary>How long this node reuses a bearer token's user look-up: the bound within which a token revoked (or a
    /// user changed) on another node is refused here.</summary>
    public TimeSpan TokenCache { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Reads and checks the keys; an unknown role or a non-positive duration is a start-up error naming the key.</summary>
    public static AccountOptions FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection("Accounts:RequireTwoFactorRoles");
        IReadOnlyList<string> roles = section.Exists()
            ? section.GetChildren().Select(c => c.Value ?? "").Where(v => v.Length > 0).ToList()
            : DefaultTwoFactorRoles;
        // A plain string ("Admin,QA" from an environment variable) is accepted as well as an array.
        if (section.Value is { Length: > 0 } csv) roles = csv.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var r in roles)
            if (!Roles.All.Contains(r))
                throw new InvalidOperationException($"Accounts:RequireTwoFactorRoles: unknown role '{r}'. Roles: {string.Join(", ", Roles.All)}.");
        var idle = configuration.GetValue("Accounts:SessionIdleMinutes", 30.0);
        var absolute = configuration.GetValue("Accounts:SessionAbsoluteHours", 12.0);
        if (!(idle > 0)) throw new InvalidOperationException("Accounts:SessionIdleMinutes must be a positive number of minutes.");
        if (!(absolute > 0)) throw new InvalidOperationException("Accounts:SessionAbsoluteHours must be a positive number of hours.");
        var tokenCache = configuration.GetValue("Accounts:TokenCacheSeconds", 5.0);
        if (!(tokenCache >= 0 && tokenCache <= 300))
            throw new InvalidOperationException("Accounts:TokenCacheSeconds must be between 0 (off) and 300 seconds.");
        return new AccountOptions(roles, TimeSpan.FromMinutes(idle), TimeSpan.FromHours(absolute)) { TokenCache = TimeSpan.FromSeconds(tokenCache) };
    }

    /// <summary>True when a user with <paramref name="roles"/> must use a second factor.</summary>
    public bool RequiresTwoFactor(IEnumerable<string> roles) => roles.Any(r => RequireTwoFactorRoles.Contains(r, StringComparer.Ordinal));
}
