using System.Data.Common;
using Dapper;

namespace OrthoRegen.Data;

/// <summary>Common columns of every <c>*_versions</c> row: who recorded it, when, from where and why.</summary>
public sealed record RecordVersionInfo(int Version, string RecordedBy, DateTimeOffset RecordedAt, string Source, string? Reason);

/// <summary>Where a clinical record came from.</summary>
public static class RecordSource
{
    public const string Clinic = "clinic";
    public const string Patient = "patient";
    public const string Device = "device";
    public const string Import = "import";
    public static readonly IReadOnlyList<string> All = [Clinic, Patient, Device, Import];
}

/// <summary>
/// The versioning mechanics shared by every clinical record. <c>record_heads</c> holds one row per record with a pointer
/// to its current version; a correction inserts the next version and moves the pointer with a compare-and-set on the
/// version the editor saw, so a concurrent or stale edit is refused instead of silently winning.
/// </summary>
public static class VersionedRecords
{
    const string InsertHead = """
        INSERT INTO record_heads (id, kind, patient_id, current_version, created_at, created_by)
        VALUES (@id, @kind, @patientId, 1, @at, @by)
        """;
    const string MovePointer = """
        UPDATE record_heads SET current_version = current_version + 1
        WHERE id = @id AND kind = @kind AND current_version = @expected
        """;
    const string ReadHead = "SELECT current_version FROM record_heads WHERE id = @id AND kind = @kind";

    /// <summary>Creates the head of a new record at version 1; the caller inserts the version row.</summary>
    public static Task CreateAsync(DbConnection c, DbTransaction tx, string id, string kind, string? patientId, DateTimeOffset at, string by) =>
        c.ExecuteAsync(InsertHead, new { id, kind, patientId, at, by }, tx);

    /// <summary>
    /// Moves the pointer from <paramref name="expectedVersion"/> to the next version. Returns the new version number,
    /// null when the record does not exist, or -1 when the caller's version is stale.
    /// </summary>
    public static async Task<int?> NextVersionAsync(DbConnection c, DbTransaction tx, string id, string kind, int expectedVersion)
    {
        var moved = await c.ExecuteAsync(MovePointer, new { id, kind, expected = expectedVersion }, tx);
        if (moved == 1) return expectedVersion + 1;
        var current = await c.ExecuteScalarAsync<int?>(ReadHead, new { id, kind }, tx);
        return current is null ? null : -1;
    }
}
