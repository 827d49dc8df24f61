using System.Globalization;
using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.RateLimiting;
using OrthoRegen.Portal;
using OrthoRegen.Web.Hosting;

namespace OrthoRegen.Web.Portal;

/// <summary>
/// The staff API of portal links (FollowUp policy; a patient of another site is 404) and the web side of the public
/// portal pages: their rate limit, the patient's language, the outbox key ring and the automatic rule's timer.
/// The pages are /portal/{token}, /portal/{token}/{visit}/{instrument}[/{item}] and /portal/{token}/results.
/// </summary>
public static class PortalEndpoints
{
    /// <summary>Rate-limit policy of every public portal page (<c>Portal:RequestsPerMinute</c> per client address, default 60).</summary>
    public const string RateLimit = "portal";

    public static void MapPortal(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Portal").RequireAuthorization(Policies.FollowUp);
        api.MapGet("/patients/{id}/portal-links", List);
        api.MapPost("/patients/{id}/portal-links", Issue);
        api.MapGet("/patients/{id}/portal-links/due", Due);
        api.MapGet("/patients/{id}/portal-outbox", Outbox);
        api.MapPost("/portal-links/{linkId}/revoke", Revoke);
    }

    static async Task<IResult> List(string id, PortalStore store, HttpContext http, CancellationToken ct) =>
        await store.ListAsync(http.Actor(), id, ct) is { } list ? TypedResults.Ok(list) : HttpOutcomes.NotFound();

    static async Task<IResult> Due(string id, PortalStore store, HttpContext http, CancellationToken ct) =>
        await store.DueVisitsAsync(http.Actor(), id, ct) is { } list ? TypedResults.Ok(list) : HttpOutcomes.NotFound();

    static async Task<IResult> Outbox(string id, PortalStore store, HttpContext http, CancellationToken ct) =>
        await store.OutboxAsync(http.Actor(), id, ct) is { } list ? TypedResults.Ok(list) : HttpOutcomes.NotFound();

    static async Task<IResult> Issue(string id, IssuePortalLink body, PortalStore store, HttpContext http, CancellationToken ct) =>
        (await store.IssueAsync(http.Actor(), id, body, BaseUrl(http), ct))
            .ToHttp(l => TypedResults.Created($"/api/patients/{id}/portal-links", l));

    static async Task<IResult> Revoke(string linkId, PortalStore store, HttpContext http, CancellationToken ct) =>
        (await store.RevokeAsync(http.Actor(), linkId, ct)).ToHttp(l => TypedResults.Ok(l));

    /// <summary>The address of this request's site, where a link issued from here is opened.</summary>
    public static string BaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";

    /// <summary>The language of the current request as Core names it (ko, zh or en).</summary>
    public static string Language() => CultureInfo.CurrentUICulture.Name switch
    {
        "ko" => "ko",
        "zh-CN" => "zh",
        _ => "en",
    };

    /// <summary>
    /// Web services of the portal: the outbox vault on the Data Protection key ring (shared by all nodes), the public
    /// pages' rate limit, the patient's preferred language on portal pages (after an explicit switch, before the
    /// browser's Accept-Language), and the automatic rule's timer (<c>Portal:AutoIssue</c>).
    /// </summary>
    public static IServiceCollection AddPortalWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IPortalLinkVault, DataProtectionLinkVault>();
        services.AddHostedService<PortalAutoIssue>();
        var perMinute = configuration.GetValue("Portal:RequestsPerMinute", 60);
        services.Configure<RateLimiterOptions>(o =>
        {
            o.AddPolicy(RateLimit, ctx => RateLimitPartition.GetFixedWindowLimiter(
                "portal:" + (ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            var previous = o.OnRejected;
            o.OnRejected = async (ctx, ct) =>
            {
                var http = ctx.HttpContext;
                if (http.Request.Path.StartsWithSegments("/portal"))
                {
                    var l = http.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Ui>>();
                    http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    http.Response.ContentType = "text/plain; charset=utf-8";
                    await http.Response.WriteAsync(l["PoTooMany"], ct);
                }
                else if (previous is not null) await previous(ctx, ct);
            };
        });
        services.PostConfigure<RequestLocalizationOptions>(o =>
        {
            var at = o.RequestCultureProviders.ToList().FindIndex(p => p is CookieRequestCultureProvider);
            o.RequestCultureProviders.Insert(at + 1, new CustomRequestCultureProvider(PatientLanguageAsync));
        });
        return services;
    }

    /// <summary>On /portal/{token}/…: the preferred language on the record of the link's patient (nothing for a refused token).</summary>
    static async Task<ProviderCultureResult?> PatientLanguageAsync(HttpContext http)
    {
        var segments = http.Request.Path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (segments.Length < 2 || segments[0] != "portal") return null;
        var session = await http.RequestServices.GetRequiredService<PortalStore>().ResolveAsync(segments[1], http.RequestAborted);
        return session?.Language switch
        {
            "ko" => new ProviderCultureResult("ko"),
            "zh" => new ProviderCultureResult("zh-CN"),
            "en" => new ProviderCultureResult("en"),
            _ => null,
        };
    }
}

/// <summary>Seals outbox links with the application's Data Protection key ring (kept in the database, shared by all nodes).</summary>
public sealed class DataProtectionLinkVault(IDataProtectionProvider provider) : IPortalLinkVault
{
    readonly IDataProtector _protector = provider.CreateProtector("OrthoRegen.Portal.OutboxLink");

    public string Seal(string link) => _protector.Protect(link);

    public string? Open(string sealedLink)
    {
        try { return _protector.Unprotect(sealedLink); }
        catch (CryptographicException) { return null; }
    }
}

/// <summary>Runs the automatic rule (<see cref="PortalStore.IssueForOpenWindowsAsync"/>) every <c>Portal:AutoIssueMinutes</c>
/// when <c>Portal:AutoIssue</c> is true; does nothing otherwise.</summary>
public sealed class PortalAutoIssue(PortalStore store, PortalOptions options, TimeProvider clock, ILogger<PortalAutoIssue> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.AutoIssue) return;
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.AutoIssueMinutes), clock);
        do
        {
            try
            {
                var n = await store.IssueForOpenWindowsAsync(clock.GetUtcNow(), stoppingToken);
                if (n > 0) log.LogInformation("Portal: {Count} link(s) issued for newly opened visit windows", n);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The next tick tries again; a failed run issues nothing (each link is one transaction).
                log.LogError(e, "Portal: the automatic issue of links failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
