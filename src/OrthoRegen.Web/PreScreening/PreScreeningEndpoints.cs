using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using OrthoRegen.PreScreening;
using OrthoRegen.Web.Hosting;

namespace OrthoRegen.Web.PreScreening;

/// <summary>
/// The public pre-screening API (anonymous, rate-limited per client address) and the coordinators' lead API.
/// The public pages are /prescreen (form and result) and, for staff, /leads.
/// </summary>
public static class PreScreeningEndpoints
{
    /// <summary>Rate-limit policy of pre-screening submissions (<c>PreScreening:SubmissionsPerHour</c> per address, default 20).</summary>
    public const string SubmitRateLimit = "prescreen";
    public const string PagePath = "/prescreen";

    public static void MapPreScreening(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/prescreen", Submit).WithTags("PreScreening").AllowAnonymous().DisableAntiforgery().RequireRateLimiting(SubmitRateLimit);

        var leads = app.MapGroup("/api/leads").WithTags("PreScreening").RequireAuthorization(Policies.FollowUp);
        leads.MapGet("/", List);
        leads.MapPost("/{id}/status", ChangeStatus);
    }

    static async Task<IResult> Submit(PreScreenRequest body, LeadStore store, HttpContext http, CancellationToken ct) =>
        (await store.SubmitAsync(body, PatientLanguage(), http.Connection.RemoteIpAddress?.ToString(), ct)).ToHttp(s => TypedResults.Ok(s));

    static async Task<IResult> List(string? status, LeadStore store, HttpContext http, CancellationToken ct) =>
        (await store.ListAsync(http.Actor(), status, ct)).ToHttp(l => TypedResults.Ok(l));

    static async Task<IResult> ChangeStatus(string id, ChangeLeadStatus body, LeadStore store, HttpContext http, CancellationToken ct) =>
        (await store.ChangeStatusAsync(http.Actor(), id, body, ct)).ToHttp(l => TypedResults.Ok(l));

    /// <summary>The language of the current request as Core names it (ko, zh or en).</summary>
    public static string PatientLanguage() => CultureInfo.CurrentUICulture.Name switch
    {
        "ko" => "ko",
        "zh-CN" => "zh",
        _ => "en",
    };

    /// <summary>
    /// Registers the submission limit, modelled on the sign-in limit in <see cref="WebHosting"/>: a fixed window per client
    /// address on <c>POST /api/prescreen</c> (named policy) and on the form post of <c>/prescreen</c> (global limiter, since
    /// Razor pages share one endpoint). Must run after <c>AddRateLimiter</c> so the sign-in rejection stays in place.
    /// </summary>
    public static IServiceCollection AddPreScreeningLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var perHour = configuration.GetValue("PreScreening:SubmissionsPerHour", 20);
        RateLimitPartition<string> Partition(HttpContext ctx) => RateLimitPartition.GetFixedWindowLimiter(
            "prescreen:" + (ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perHour, Window = TimeSpan.FromHours(1), QueueLimit = 0 });

        services.Configure<RateLimiterOptions>(o =>
        {
            o.AddPolicy(SubmitRateLimit, Partition);
            var page = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
                IsPagePost(ctx) ? Partition(ctx) : RateLimitPartition.GetNoLimiter("none"));
            o.GlobalLimiter = o.GlobalLimiter is null ? page : PartitionedRateLimiter.CreateChained(o.GlobalLimiter, page);
            var previous = o.OnRejected;
            o.OnRejected = async (ctx, ct) =>
            {
                var http = ctx.HttpContext;
                if (IsPagePost(http) || http.Request.Path.StartsWithSegments("/api/prescreen"))
                {
                    var l = http.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Ui>>();
                    await Results.Problem(title: "Too many submissions", detail: l["PsTooMany"], statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(http);
                }
                else if (previous is not null) await previous(ctx, ct);
            };
        });
        return services;
    }

    static bool IsPagePost(HttpContext ctx) => HttpMethods.IsPost(ctx.Request.Method) && ctx.Request.Path.Equals(PagePath, StringComparison.OrdinalIgnoreCase);
}
