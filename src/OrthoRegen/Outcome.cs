namespace OrthoRegen;

/// <summary>
/// The expected results of a command: done, invalid input (errors keyed by field), not found (or not visible to the
/// caller, which must look the same), or refused because the caller's copy is stale. Hosts map these in one place.
/// </summary>
public abstract record Outcome<T>
{
    public sealed record Done(T Value) : Outcome<T>;
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : Outcome<T>;
    public sealed record NotFound : Outcome<T>;
    public sealed record Conflict(string Detail) : Outcome<T>;

    public static implicit operator Outcome<T>(T value) => new Done(value);
}

/// <summary>Shorthand constructors so call sites read as <c>Outcome.Invalid&lt;T&gt;(errors)</c>.</summary>
public static class Outcome
{
    public static Outcome<T> Invalid<T>(IReadOnlyDictionary<string, string[]> errors) => new Outcome<T>.Invalid(errors);
    public static Outcome<T> NotFound<T>() => new Outcome<T>.NotFound();
    public static Outcome<T> Conflict<T>(string detail) => new Outcome<T>.Conflict(detail);
}
