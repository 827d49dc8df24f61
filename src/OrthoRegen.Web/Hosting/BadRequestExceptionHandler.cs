using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace OrthoRegen.Web.Hosting;

/// <summary>
/// Turns unreadable request bodies into a 400 validation problem that names the offending field, taken from the JSON
/// path of the parse error ("$.imaging[0].klGrade" → "imaging[0].klGrade"). Everything else falls through to the
/// default 500 problem.
/// </summary>
public sealed class BadRequestExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (exception is not BadHttpRequestException bad) return false;
        var json = bad.InnerException as JsonException ?? exception.InnerException?.InnerException as JsonException;
        var field = json?.Path is { Length: > 0 } p ? p.TrimStart('$').TrimStart('.') : "body";
        if (field.Length == 0) field = "body";
        var message = json is null
            ? (bad.StatusCode == 415 ? "Send the body as application/json." : "The request body could not be read.")
            : Describe(json);
        await Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] },
            statusCode: bad.StatusCode is 415 ? 415 : 400, title: "The request is not valid").ExecuteAsync(http);
        return true;
    }

    static string Describe(JsonException e) => e.Message switch
    {
        var m when m.Contains("could not be mapped", StringComparison.Ordinal) => "Unknown field.",
        var m when m.Contains("Duplicate", StringComparison.OrdinalIgnoreCase) => "Field given more than once.",
        var m when m.Contains("depth", StringComparison.OrdinalIgnoreCase) => "Nested too deeply.",
        var m when m.Contains("could not be converted", StringComparison.Ordinal) => "Wrong type of value for this field.",
        _ => "Not valid JSON here.",
    };
}

/// <summary>
/// A body of the wrong content type makes endpoint selection pick ASP.NET Core's own 415 endpoint, which carries no
/// authorization metadata: the fallback policy then answered anonymous callers of the public routes (sign-in,
/// pre-screening) with a misleading 401 "Sign-in required". This answers it as the 415 validation problem that signed-in
/// callers get, before authentication runs.
/// </summary>
public static class UnsupportedMediaType
{
    /// <summary>The display name of the endpoint that Microsoft.AspNetCore.Routing's AcceptsMatcherPolicy selects.</summary>
    public const string EndpointName = "415 HTTP Unsupported Media Type";

    public static IApplicationBuilder UseUnsupportedMediaTypeProblem(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.GetEndpoint()?.DisplayName != EndpointName) { await next(http); return; }
        await Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["Send the body as application/json."] },
            statusCode: StatusCodes.Status415UnsupportedMediaType, title: "The request is not valid").ExecuteAsync(http);
    });
}
