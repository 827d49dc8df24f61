namespace OrthoRegen.Web.Hosting;

/// <summary>The one place Core outcomes become HTTP: 400 validation problem, 404, 409 conflict problem, or success.</summary>
public static class HttpOutcomes
{
    public static IResult ToHttp<T>(this Outcome<T> outcome, Func<T, IResult> done) => outcome switch
    {
        Outcome<T>.Done d => done(d.Value),
        Outcome<T>.Invalid i => TypedResults.ValidationProblem(i.Errors, title: "The request is not valid"),
        Outcome<T>.NotFound => NotFound(),
        Outcome<T>.Conflict c => TypedResults.Problem(title: "Edit conflict", detail: c.Detail, statusCode: StatusCodes.Status409Conflict),
        _ => throw new InvalidOperationException("Unknown outcome."),
    };

    /// <summary>The same 404 whether the record is missing or not visible to the caller.</summary>
    public static IResult NotFound() => TypedResults.Problem(title: "Not found", statusCode: StatusCodes.Status404NotFound);
}
