using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using OrthoRegen.Accounts;
using OrthoRegen.Web.Hosting;
using SignInResult = OrthoRegen.Accounts.SignInResult;

namespace OrthoRegen.Web.Accounts;

/// <summary>
/// Form posts behind the sign-in page and the header: sign in (rate limited, antiforgery checked), sign out, and the
/// language choice (a cookie read by request localization).
/// </summary>
public static class AccountPagesEndpoints
{
    public static void MapAccountPages(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/login", Login).AllowAnonymous().RequireRateLimiting(WebHosting.LoginRateLimit).ExcludeFromDescription();
        app.MapPost("/account/logout", Logout).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/culture/{culture}", SetCulture).AllowAnonymous().ExcludeFromDescription();
    }

    static async Task<IResult> Login([FromForm] string? username, [FromForm] string? password, [FromForm] string? returnUrl,
        UserStore users, HttpContext http, CancellationToken ct)
    {
        var result = await users.SignInAsync(username, password, http.Connection.RemoteIpAddress?.ToString(), ct);
        if (result is SignInResult.Success s)
        {
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                ActorClaims.ToPrincipal(s.User, CookieAuthenticationDefaults.AuthenticationScheme));
            return Results.LocalRedirect(s.User.MustChangePassword ? "/account/password" : LocalOr(returnUrl, "/patients"));
        }
        var error = result is SignInResult.LockedOut ? "locked" : "failed";
        return Results.LocalRedirect($"/login?error={error}&returnUrl={Uri.EscapeDataString(LocalOr(returnUrl, "/patients"))}");
    }

    static async Task<IResult> Logout([FromForm] string? unused, UserStore users, HttpContext http, CancellationToken ct)
    {
        await AccountEndpoints.EndSessionAsync(users, http, ct);
        return Results.LocalRedirect("/login");
    }

    static IResult SetCulture(string culture, string? returnUrl, HttpContext http)
    {
        if (!WebHosting.Cultures.Contains(culture)) culture = "en";
        http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365), IsEssential = true });
        return Results.LocalRedirect(LocalOr(returnUrl, "/"));
    }

    /// <summary>Only same-site paths are followed after sign-in or a language switch (no open redirect).</summary>
    static string LocalOr(string? url, string fallback) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url : fallback;
}
