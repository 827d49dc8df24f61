using Microsoft.AspNetCore.Diagnostics;
using OrthoRegen.Data;

namespace OrthoRegen.Web.Hosting;

/// <summary>
/// The last line against a race the store did not foresee: a unique-key violation means someone else created the same
/// record a moment earlier (another node, another tab), so the caller gets a 409 problem and nothing was written (the
/// transaction rolled back), never a 500. Stores that expect such races return <c>Outcome.Conflict</c> themselves.
/// </summary>
public sealed class UniqueViolationExceptionHandler(ILogger<UniqueViolationExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (!UniqueViolation.Is(exception) || http.Response.HasStarted) return false;
        log.LogWarning("Concurrent duplicate refused with 409 on {Method} {Path}", http.Request.Method, http.Request.Path);
        await Results.Problem(title: "Edit conflict", statusCode: StatusCodes.Status409Conflict,
            detail: "The same record was just created or changed by someone else. Reload to see it.").ExecuteAsync(http);
        return true;
    }
}
