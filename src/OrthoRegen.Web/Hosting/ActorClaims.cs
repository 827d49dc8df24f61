using System.Security.Claims;
using OrthoRegen.Accounts;

namespace OrthoRegen.Web.Hosting;

/// <summary>Translates between a signed-in principal and Core's <see cref="Actor"/>.</summary>
public static class ActorClaims
{
    public const string SiteClaim = "orthoregen:site";
    public const string AllSitesClaim = "orthoregen:all_sites";
    public const string StampClaim = "orthoregen:stamp";
    public const string MustChangePasswordClaim = "orthoregen:must_change_password";
    public const string LanguageClaim = "orthoregen:lang";

    public static ClaimsPrincipal ToPrincipal(StaffUser u, string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, u.Id),
            new(ClaimTypes.Name, u.Username),
            new(StampClaim, u.SecurityStamp),
            new(LanguageClaim, u.Language),
        };
        claims.AddRange(u.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        claims.AddRange(u.SiteIds.Select(s => new Claim(SiteClaim, s)));
        if (u.AllSites) claims.Add(new Claim(AllSitesClaim, "true"));
        if (u.MustChangePassword) claims.Add(new Claim(MustChangePasswordClaim, "true"));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The actor of this request; only called on authorized endpoints.</summary>
    public static Actor Actor(this HttpContext http)
    {
        var u = http.User;
        return new Actor(
            u.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("No signed-in user."),
            u.Identity?.Name ?? "",
            u.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList(),
            u.HasClaim(AllSitesClaim, "true"),
            u.FindAll(SiteClaim).Select(c => c.Value).ToList(),
            http.Connection.RemoteIpAddress?.ToString());
    }

    public static bool MustChangePassword(this ClaimsPrincipal user) => user.HasClaim(MustChangePasswordClaim, "true");
}
