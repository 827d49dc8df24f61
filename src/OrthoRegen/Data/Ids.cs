namespace OrthoRegen.Data;

/// <summary>Opaque, time-ordered record ids (UUID version 7, 32 lowercase hex digits).</summary>
public static class Ids
{
    public static string New(TimeProvider clock) => Guid.CreateVersion7(clock.GetUtcNow()).ToString("N");

    /// <summary>True when <paramref name="id"/> has the shape of an id we issue; used to reject junk before a query.</summary>
    public static bool LooksValid(string? id) =>
        id is { Length: 32 } && id.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
