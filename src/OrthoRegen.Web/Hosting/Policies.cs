using OrthoRegen.Accounts;

namespace OrthoRegen.Web.Hosting;

/// <summary>
/// Named authorization policies. Every endpoint group declares one; anything that declares none still requires a
/// signed-in user (the fallback policy), and anonymous access is opted into explicitly.
/// </summary>
public static class Policies
{
    public const string Staff = "Staff";
    public const string ClinicalRead = "ClinicalRead";
    public const string ClinicalWrite = "ClinicalWrite";
    public const string CandidacyDecide = "CandidacyDecide";
    public const string Admin = "Admin";

    public static IServiceCollection AddOrthoRegenAuthorization(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Staff, p => p.RequireAuthenticatedUser())
            .AddPolicy(ClinicalRead, p => p.RequireRole(Roles.ReadClinical))
            .AddPolicy(ClinicalWrite, p => p.RequireRole(Roles.WriteClinical))
            .AddPolicy(CandidacyDecide, p => p.RequireRole(Roles.DecideCandidacy))
            .AddPolicy(Admin, p => p.RequireRole(Roles.Admin));
        return services;
    }
}
