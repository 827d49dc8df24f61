using Microsoft.Data.Sqlite;
using Npgsql;

namespace OrthoRegen.Data;

/// <summary>
/// Recognises a unique-key or primary-key violation on either engine. Such a violation means a concurrent writer created
/// the same thing first (two nodes, two tabs, a double-submitted form): stores that can meet it turn it into a 409
/// conflict, and the web host maps any one that escapes to the same 409 rather than a 500.
/// </summary>
public static class UniqueViolation
{
    const int SqliteConstraint = 19;              // SQLITE_CONSTRAINT
    const int SqliteConstraintPrimaryKey = 1555;  // SQLITE_CONSTRAINT_PRIMARYKEY
    const int SqliteConstraintUnique = 2067;      // SQLITE_CONSTRAINT_UNIQUE

    /// <summary>True when <paramref name="exception"/> (or an inner exception) is a unique or primary-key violation.</summary>
    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }) return true;
            if (e is SqliteException { SqliteErrorCode: SqliteConstraint } s
                && s.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey) return true;
        }
        return false;
    }
}
