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
    /// <summary>On a browser or API session of a user whose role needs a second factor that is not set up yet.</summary>
    public const string EnrolTwoFactorClaim = "orthoregen:enrol_2fa";
    /// <summary>When the session's sign-in happened (Unix seconds): the absolute session lifetime counts from it.</summary>
    public const string AuthTimeClaim = "orthoregen:auth_time";

    /// <summary>
    /// The principal of an interactive session (cookie): the user's claims, the time of sign-in, and the two-factor
    /// enrolment mark. Bearer tokens use <see cref="ToPrincipal"/> and are not subject to enrolment.
    /// </summary>
    public static ClaimsPrincipal ToSessionPrincipal(StaffUser u, string scheme, DateTimeOffset authTime)
    {
        var p = ToPrincipal(u, scheme);
        var id = (ClaimsIdentity)p.Identity!;
        id.AddClaim(new Claim(AuthTimeClaim, authTime.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (u.MustEnrolTwoFactor) id.AddClaim(new Claim(EnrolTwoFactorClaim, "true"));
        return p;
    }

    /// <summary>The sign-in time of a session principal, or null when it has none.</summary>
    public static DateTimeOffset? AuthTime(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(AuthTimeClaim), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s)
            ? DateTimeOffset.FromUnixTimeSeconds(s) : null;

    public static bool MustEnrolTwoFactor(this ClaimsPrincipal user) => user.HasClaim(EnrolTwoFactorClaim, "true");

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
