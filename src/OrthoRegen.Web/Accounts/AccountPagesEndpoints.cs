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
        app.MapPost("/account/login/code", LoginCode).AllowAnonymous().RequireRateLimiting(WebHosting.LoginRateLimit).ExcludeFromDescription();
        app.MapPost("/account/logout", Logout).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/culture/{culture}", SetCulture).AllowAnonymous().ExcludeFromDescription();
    }

    static async Task<IResult> Login([FromForm] string? username, [FromForm] string? password, [FromForm] string? returnUrl,
        UserStore users, HttpContext http, CancellationToken ct)
    {
        var result = await users.SignInAsync(username, password, http.Connection.RemoteIpAddress?.ToString(), ct);
        if (result is SignInResult.CodeRequired pending)
        {
            await Sessions.BeginSecondFactorAsync(http, pending.User);
            return Results.LocalRedirect($"/login/code?returnUrl={Uri.EscapeDataString(LocalOr(returnUrl, "/patients"))}");
        }
        return await FinishAsync(result, returnUrl, "/login", http);
    }

    /// <summary>The code step of the sign-in page, with the half-session from the password step.</summary>
    static async Task<IResult> LoginCode([FromForm] string? code, [FromForm] string? returnUrl, UserStore users, HttpContext http, CancellationToken ct)
    {
        if (await Sessions.PendingSecondFactorAsync(http) is not { } pending)
            return Results.LocalRedirect($"/login?error=expired&returnUrl={Uri.EscapeDataString(LocalOr(returnUrl, "/patients"))}");
        var result = await users.CompleteSignInAsync(pending.UserId, pending.Stamp, code, http.Connection.RemoteIpAddress?.ToString(), ct);
        // A lockout ends the half-session: the next try starts again from the password.
        if (result is SignInResult.LockedOut) await http.SignOutAsync(Sessions.SecondFactorScheme);
        return await FinishAsync(result, returnUrl, result is SignInResult.LockedOut ? "/login" : "/login/code", http);
    }

    static async Task<IResult> FinishAsync(SignInResult result, string? returnUrl, string retryPage, HttpContext http)
    {
        if (result is SignInResult.Success s)
        {
            await Sessions.StartAsync(http, s.User);
            var next = s.User.MustChangePassword ? "/account/password" : s.User.MustEnrolTwoFactor ? "/account/totp" : LocalOr(returnUrl, "/patients");
            return Results.LocalRedirect(next);
        }
        var error = result is SignInResult.LockedOut ? "locked" : "failed";
        return Results.LocalRedirect($"{retryPage}?error={error}&returnUrl={Uri.EscapeDataString(LocalOr(returnUrl, "/patients"))}");
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
