using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using OrthoRegen.Accounts;
using OrthoRegen.Web.Hosting;

namespace OrthoRegen.Web.Accounts;

/// <summary>
/// Browser and API sessions (the <c>orthoregen.session</c> cookie) and the short-lived half-session between the
/// password and the second factor (the <c>orthoregen.2fa</c> cookie, which authenticates nothing but the code step).
/// </summary>
public static class Sessions
{
    public const string SecondFactorScheme = "OrthoRegen.SecondFactor";
    /// <summary>How long the code step waits after a right password.</summary>
    public static readonly TimeSpan SecondFactorWindow = TimeSpan.FromMinutes(5);

    /// <summary>Starts a session now (the absolute lifetime counts from here) and drops any half-session.</summary>
    public static async Task StartAsync(HttpContext http, StaffUser user)
    {
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            ActorClaims.ToSessionPrincipal(user, CookieAuthenticationDefaults.AuthenticationScheme, now));
        await http.SignOutAsync(SecondFactorScheme);
    }

    /// <summary>Re-issues the session after the user changed (password, two-factor set-up), keeping its sign-in time.</summary>
    public static Task RenewAsync(HttpContext http, StaffUser user)
    {
        var authTime = http.User.AuthTime() ?? http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        return http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            ActorClaims.ToSessionPrincipal(user, CookieAuthenticationDefaults.AuthenticationScheme, authTime));
    }

    /// <summary>After a right password of a user with two-factor sign-in: remembers who, for the code step only.</summary>
    public static Task BeginSecondFactorAsync(HttpContext http, StaffUser user) =>
        http.SignInAsync(SecondFactorScheme, new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user.Id), new Claim(ActorClaims.StampClaim, user.SecurityStamp)], SecondFactorScheme)));

    /// <summary>The user id and security stamp waiting for a code, or null when there is no live half-session.</summary>
    public static async Task<(string UserId, string Stamp)?> PendingSecondFactorAsync(HttpContext http)
    {
        var r = await http.AuthenticateAsync(SecondFactorScheme);
        if (!r.Succeeded) return null;
        var id = r.Principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = r.Principal.FindFirstValue(ActorClaims.StampClaim);
        return id is null || stamp is null ? null : (id, stamp);
    }
}
