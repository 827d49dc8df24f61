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
/// Until a user with a one-time password has chosen their own, every API call but sign-in, sign-out and the password
/// change answers 403, and every page redirects to the password form.
/// </summary>
public sealed class PasswordChangeGate(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated == true && context.User.MustChangePassword())
        {
            var path = context.Request.Path;
            var allowed = path.StartsWithSegments("/api/session") || path.StartsWithSegments("/api/me")
                || path.StartsWithSegments("/account/password") || path.StartsWithSegments("/logout")
                || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.Value!.EndsWith(".css", StringComparison.Ordinal);
            if (!allowed)
            {
                if (path.StartsWithSegments("/api"))
                    return Results.Problem(statusCode: 403, title: "Password change required",
                        detail: "Change the one-time password first (POST /api/me/password).").ExecuteAsync(context);
                context.Response.Redirect("/account/password");
                return Task.CompletedTask;
            }
        }
        return next(context);
    }
}
