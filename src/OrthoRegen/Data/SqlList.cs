using Dapper;

namespace OrthoRegen.Data;

/// <summary>
/// An <c>IN (…)</c> list with one named parameter per value. Dapper expands <c>IN @list</c> on SQLite but passes an
/// array on PostgreSQL, so lists are spelled out here to keep one SQL text for both engines.
/// </summary>
public static class SqlList
{
    public static string In<T>(string column, IReadOnlyList<T> values, DynamicParameters parameters, string prefix)
    {
        if (values.Count == 0) return "1 = 0";
        var names = new string[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            names[i] = "@" + prefix + i;
            parameters.Add(prefix + i, values[i]);
        }
        return column + " IN (" + string.Join(", ", names) + ")";
    }
}
