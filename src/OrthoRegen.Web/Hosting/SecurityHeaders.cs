namespace OrthoRegen.Web.Hosting;

/// <summary>
/// Security headers on every response: a Content-Security-Policy without inline scripts (the UI's only script is the same-origin
/// fast-entry enhancement of transcription forms; every page works without it),
/// no framing, no MIME sniffing, no referrer, and no caching of pages that show patient data.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var h = context.Response.Headers;
            h.ContentSecurityPolicy = ContentSecurityPolicy;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "no-referrer";
            h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            h["Cross-Origin-Opener-Policy"] = "same-origin";
            if (!context.Request.Path.StartsWithSegments("/_content") && !context.Request.Path.Value!.EndsWith(".css", StringComparison.Ordinal))
                h.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        return next(context);
    }
}

/// <summary>
/// Until a signed-in user has finished setting up their account, the session is good for that alone. A user with a
/// one-time password must change it first; then a user whose role requires two-factor sign-in
/// (<c>Accounts:RequireTwoFactorRoles</c>) must set it up. Meanwhile every other API call answers 403 and every page
/// redirects to the form. API tokens are not subject to the two-factor set-up.
/// </summary>
public sealed class AccountGate(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true) return next(context);
        var path = context.Request.Path;
        var always = path.StartsWithSegments("/api/session") || path.StartsWithSegments("/account/logout") || path.StartsWithSegments("/logout")
            || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.Value!.EndsWith(".css", StringComparison.Ordinal);
        if (always) return next(context);
        if (user.MustChangePassword())
        {
            if (path.StartsWithSegments("/api/me") || path.StartsWithSegments("/account/password")) return next(context);
            return Refuse(context, "Password change required", "Change the one-time password first (POST /api/me/password).", "/account/password");
        }
        if (user.MustEnrolTwoFactor())
        {
            // Not /api/me/tokens: an API token made now would sign in without the second factor.
            var meOnly = path.Equals("/api/me", StringComparison.OrdinalIgnoreCase) || path.Equals("/api/me/", StringComparison.OrdinalIgnoreCase);
            if (meOnly || path.StartsWithSegments("/api/me/totp") || path.StartsWithSegments("/api/me/password") || path.StartsWithSegments("/account/totp"))
                return next(context);
            return Refuse(context, "Two-factor set-up required",
                "Set up two-factor sign-in first (POST /api/me/totp, then POST /api/me/totp/confirm with a code).", "/account/totp");
        }
        return next(context);
    }

    static Task Refuse(HttpContext context, string title, string detail, string page)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
            return Results.Problem(statusCode: 403, title: title, detail: detail).ExecuteAsync(context);
        context.Response.Redirect(page);
        return Task.CompletedTask;
    }
}
