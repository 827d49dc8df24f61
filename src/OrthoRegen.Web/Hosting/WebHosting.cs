using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.Web.Accounts;
using OrthoRegen.Web.PreScreening;

namespace OrthoRegen.Web.Hosting;

/// <summary>The web host's composition: everything Program.cs names in one line each.</summary>
public static class WebHosting
{
    public const string SmartScheme = "CookieOrBearer";
    public const string LoginRateLimit = "login";
    public static readonly string[] Cultures = ["en", "ko", "zh-CN"];

    public static WebApplicationBuilder AddOrthoRegenWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<IPasswordHashing, IdentityPasswordHashing>();

        services.AddAuthentication(SmartScheme)
            .AddPolicyScheme(SmartScheme, "Cookie or bearer token", o =>
                o.ForwardDefaultSelector = ctx => ctx.Request.Headers.Authorization.ToString()
                    .StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? BearerTokenHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = DeniedAccessAudit.SessionCookie;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.SlidingExpiration = true;
                o.LoginPath = "/login";
                o.AccessDeniedPath = "/denied";
                o.Events.OnRedirectToLogin = ctx => ApiOr(ctx, StatusCodes.Status401Unauthorized, () => ctx.Response.Redirect(ctx.RedirectUri));
                o.Events.OnRedirectToAccessDenied = ctx => ApiOr(ctx, StatusCodes.Status403Forbidden, () => ctx.Response.Redirect(ctx.RedirectUri));
                o.Events.OnValidatePrincipal = ValidateSessionAsync;
            })
            .AddCookie(Sessions.SecondFactorScheme, o =>
            {
                // Half a sign-in: only the code step reads it. Never sliding, never an identity for anything else.
                o.Cookie.Name = "orthoregen.2fa";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = Sessions.SecondFactorWindow;
                o.SlidingExpiration = false;
            });
        // Sessions end after Accounts:SessionIdleMinutes without a request (here) and Accounts:SessionAbsoluteHours after
        // sign-in (ValidateSessionAsync), both from Core's AccountOptions.
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<AccountOptions>((o, accounts) => o.ExpireTimeSpan = accounts.SessionIdle);
        services.AddOrthoRegenAuthorization().AddDeniedAccessAudit();
        services.AddCascadingAuthenticationState();

        // Stateless nodes: the key ring lives in the database.
        services.AddOrthoRegenDataProtection();
        // Behind a TLS-terminating proxy on the same machine, X-Forwarded-Proto makes the request (and so the cookies) secure.
        // Only loopback proxies are trusted (the default KnownProxies), so a client reaching Kestrel directly cannot claim it.
        services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedProto);

        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<UniqueViolationExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        services.AddOpenApi();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "orthoregen.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        // Sign-in attempts per client address per minute (Security:LoginAttemptsPerMinute, default 20).
        var loginLimit = builder.Configuration.GetValue("Security:LoginAttemptsPerMinute", 20);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(LoginRateLimit, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = loginLimit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = async (ctx, ct) =>
            {
                await Results.Problem(title: "Too many attempts", detail: "Too many sign-in attempts from this address; wait a minute and try again.",
                    statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(ctx.HttpContext);
            };
        });

        services.AddPreScreeningLimits(builder.Configuration); // after AddRateLimiter: adds its own policy and rejection

        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Cultures.Select(c => new CultureInfo(c)).ToList();
            o.DefaultRequestCulture = new RequestCulture("en");
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.FallBackToParentUICultures = true;
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider(),
                new CookieRequestCultureProvider(),
                new CustomRequestCultureProvider(ctx => Task.FromResult(UserLanguage(ctx.User))),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        services.AddRazorComponents();
        // Korean and Chinese pages are written as text, not as numeric character references (&, <, > and quotes are
        // still escaped), which keeps them readable and a third of the size.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        return builder;
    }

    public static void ConfigureJson(JsonSerializerOptions o)
    {
        o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        o.AllowDuplicateProperties = false;
        o.MaxDepth = 32;
        o.NumberHandling = JsonNumberHandling.Strict;
    }

    /// <summary>Applies migrations (unless switched off) and creates the first admin on an empty database.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<DatabaseOptions>();
        var clock = app.Services.GetRequiredService<TimeProvider>();
        if (options.ApplyMigrationsAtStartup)
            await app.Services.GetRequiredService<MigrationRunner>().MigrateAsync(clock, CancellationToken.None);
        var password = await app.Services.GetRequiredService<UserStore>()
            .BootstrapAsync(app.Configuration["ORTHOREGEN_ADMIN_PASSWORD"], CancellationToken.None);
        if (password is not null && string.IsNullOrEmpty(app.Configuration["ORTHOREGEN_ADMIN_PASSWORD"]))
        {
            // Printed once, to the console only (not to the log): it must be changed at first sign-in.
            Console.WriteLine("==============================================================");
            Console.WriteLine(" OrthoRegen first start: user 'admin' was created.");
            Console.WriteLine($" One-time password: {password}");
            Console.WriteLine(" You will be asked to change it when you sign in.");
            Console.WriteLine("==============================================================");
        }
    }

    public static WebApplication UseOrthoRegenPipeline(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), a => a.UseStatusCodePages());
        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<DeniedAccessAudit>();
        app.UseRequestLocalization();
        app.UseRateLimiter();
        app.UseUnsupportedMediaTypeProblem();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<AccountGate>();
        app.UseAntiforgery();
        return app;
    }

    public static void MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
    }

    static Task ApiOr(RedirectContext<CookieAuthenticationOptions> ctx, int status, Action redirect)
    {
        if (!ctx.Request.Path.StartsWithSegments("/api")) { redirect(); return Task.CompletedTask; }
        return Results.Problem(statusCode: status,
            title: status == 401 ? "Sign-in required" : "Not allowed",
            detail: status == 401 ? "Sign in (POST /api/session) or send a personal API token." : "Your role does not allow this.")
            .ExecuteAsync(ctx.HttpContext);
    }

    /// <summary>
    /// Each request re-reads the user: a disabled account or a changed password or second factor (new stamp) ends the
    /// session, and so does reaching the absolute lifetime since sign-in (the idle limit is the cookie's sliding expiry).
    /// </summary>
    static async Task ValidateSessionAsync(CookieValidatePrincipalContext ctx)
    {
        var services = ctx.HttpContext.RequestServices;
        var id = ctx.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var authTime = ctx.Principal?.AuthTime();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var expired = authTime is null || now - authTime.Value > services.GetRequiredService<AccountOptions>().SessionAbsolute;
        var user = id is null || expired ? null : await services.GetRequiredService<UserStore>().FindAsync(id, ctx.HttpContext.RequestAborted);
        if (user is null || user.Disabled || user.SecurityStamp != ctx.Principal!.FindFirstValue(ActorClaims.StampClaim))
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }
        ctx.ReplacePrincipal(ActorClaims.ToSessionPrincipal(user, CookieAuthenticationDefaults.AuthenticationScheme, authTime!.Value));
    }

    static ProviderCultureResult? UserLanguage(ClaimsPrincipal user) =>
        user.FindFirstValue(ActorClaims.LanguageClaim) switch
        {
            "ko" => new ProviderCultureResult("ko"),
            "zh" => new ProviderCultureResult("zh-CN"),
            "en" => new ProviderCultureResult("en"),
            _ => null,
        };
}

/// <summary><c>/readyz</c>: the database answers a trivial query.</summary>
public sealed class DatabaseHealthCheck(Database database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var c = await database.OpenAsync(ct);
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT 1";
            await cmd.ExecuteScalarAsync(ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("database unreachable");
        }
    }
}
