using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using OrthoRegen.Accounts;
using OrthoRegen.Audit;
using OrthoRegen.Patients;

namespace OrthoRegen.Web.Hosting;

/// <summary>
/// Audits every denied access: a DENIED row (actor or "anonymous", method and route pattern, status; never the query
/// string or the body) for each 401 of a request that presented credentials (a bearer token or a session cookie that
/// did not hold), each 403 (a role without the right, on pages the redirect to the access-denied page), and each
/// patient of another site that a store answered as not found (<see cref="AccessDenials"/>). A 401 without any
/// credentials is only counted in a log line, so an internet scan cannot grow the audit chain.
/// </summary>
public sealed class DeniedAccessAudit(RequestDelegate next)
{
    /// <summary>The audit entity of a refused endpoint; a refused patient is audited as <see cref="PatientStore.Kind"/>.</summary>
    public const string EndpointEntity = "endpoint";
    const string RecordedKey = "orthoregen:denial-recorded";

    public async Task InvokeAsync(HttpContext context)
    {
        var denials = AccessDenials.Begin();
        await next(context);
        if (!context.Items.ContainsKey(RecordedKey) && context.Response.StatusCode == StatusCodes.Status403Forbidden)
            await RecordAsync(context, StatusCodes.Status403Forbidden); // refusals outside the authorization step (password change gate)
        var hidden = denials.HiddenPatients;
        if (hidden.Count == 0) return;
        var audit = context.RequestServices.GetRequiredService<AuditTrail>();
        var actor = ActorOf(context);
        var route = Route(context);
        var status = context.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var patientId in hidden)
            await audit.AppendAsync(actor, new AuditEvent(AuditAction.Denied, PatientStore.Kind, patientId, patientId, [route, "status " + status]), CancellationToken.None);
    }

    /// <summary>Records one refused request (401 or 403) as an audit row, or as a log line when no credentials came with it.</summary>
    public static async Task RecordAsync(HttpContext context, int status)
    {
        context.Items[RecordedKey] = true;
        var route = Route(context);
        var statusText = "status " + status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (status == StatusCodes.Status401Unauthorized && !PresentedCredentials(context.Request))
        {
            context.RequestServices.GetRequiredService<ILogger<DeniedAccessAudit>>()
                .LogInformation("Refused an anonymous request without credentials: {Route} ({Status})", route, statusText);
            return;
        }
        await context.RequestServices.GetRequiredService<AuditTrail>().AppendAsync(ActorOf(context),
            new AuditEvent(AuditAction.Denied, EndpointEntity, route, null, [statusText]), CancellationToken.None);
    }

    /// <summary>A bearer token or our session cookie came with the request (valid or not).</summary>
    public static bool PresentedCredentials(HttpRequest request) =>
        !string.IsNullOrWhiteSpace(request.Headers.Authorization.ToString()) || request.Cookies.ContainsKey(SessionCookie);

    public const string SessionCookie = "orthoregen.session";

    /// <summary>"GET /api/patients/{id}": the method and the endpoint's route pattern, never the path's values or query.</summary>
    static string Route(HttpContext context)
    {
        var pattern = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        return context.Request.Method + " " + (pattern is null ? "(no endpoint)" : "/" + pattern.Trim('/'));
    }

    static Actor ActorOf(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true
            ? context.Actor()
            : new Actor("anonymous", "anonymous", [], false, [], context.Connection.RemoteIpAddress?.ToString());
}

/// <summary>
/// The authorization step's answer (challenge or forbid) is recorded before the default handler turns it into a 401/403
/// problem (API) or a redirect to the sign-in or access-denied page (pages).
/// </summary>
public sealed class DeniedAccessAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged) await DeniedAccessAudit.RecordAsync(context, StatusCodes.Status401Unauthorized);
        else if (authorizeResult.Forbidden) await DeniedAccessAudit.RecordAsync(context, StatusCodes.Status403Forbidden);
        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}

public static class DeniedAccessAuditExtensions
{
    public static IServiceCollection AddDeniedAccessAudit(this IServiceCollection services) =>
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, DeniedAccessAuthorizationResultHandler>();
}
