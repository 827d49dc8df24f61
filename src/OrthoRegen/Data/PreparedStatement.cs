using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace OrthoRegen.Data;

/// <summary>
/// One parameterised statement prepared once and executed many times inside one transaction, for bulk writers (FHIR
/// import, audit batches). Values are converted the way <see cref="TypeHandlers"/> converts them for Dapper, so the rows
/// are the same as a store's: on SQLite dates and instants become ISO text, on PostgreSQL they stay native.
/// </summary>
/// <remarks>Each parameter's type is fixed up front, so PostgreSQL prepares the statement once even when a value is null.</remarks>
public sealed class PreparedStatement : IAsyncDisposable
{
    readonly DbCommand _command;
    readonly DbParameter[] _parameters;
    readonly DbType[] _types;
    readonly bool _sqlite;
    bool _prepared;

    /// <param name="parameters">The <c>@Name</c> parameters of <paramref name="sql"/> with their types, in the order
    /// <see cref="ExecuteAsync"/> takes the values. Use <see cref="DbType.Date"/> for <see cref="DateOnly"/> and
    /// <see cref="DbType.DateTimeOffset"/> for instants.</param>
    public PreparedStatement(DbConnection connection, DbTransaction tx, string sql, params (string Name, DbType Type)[] parameters)
    {
        _command = connection.CreateCommand();
        _sqlite = _command is SqliteCommand; // also through a unit of work's shared connection
        _command.Transaction = tx;
        _command.CommandText = sql;
        _types = [.. parameters.Select(p => p.Type)];
        _parameters = new DbParameter[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = _command.CreateParameter();
            p.ParameterName = "@" + parameters[i].Name;
            p.DbType = _sqlite && parameters[i].Type is DbType.Date or DbType.DateTimeOffset ? DbType.String : parameters[i].Type;
            _command.Parameters.Add(p);
            _parameters[i] = p;
        }
    }

    /// <summary>Binds <paramref name="values"/> (null for SQL NULL) in declaration order and executes; returns rows affected.</summary>
    /// <remarks>On SQLite the statement runs synchronously (Microsoft.Data.Sqlite's async methods do so anyway): no state
    /// machine and no task per row for a bulk writer. A failure is thrown from the call, which every caller awaits at once.</remarks>
    public Task<int> ExecuteAsync(CancellationToken ct, params object?[] values)
    {
        if (values.Length != _parameters.Length) throw new ArgumentException($"Expected {_parameters.Length} values, got {values.Length}.", nameof(values));
        for (var i = 0; i < values.Length; i++) _parameters[i].Value = Convert(values[i], _types[i]);
        if (!_sqlite) return ExecuteServerAsync(ct);
        ct.ThrowIfCancellationRequested();
        if (!_prepared)
        {
            _command.Prepare();
            _prepared = true;
        }
        return Task.FromResult(_command.ExecuteNonQuery());
    }

    async Task<int> ExecuteServerAsync(CancellationToken ct)
    {
        if (!_prepared)
        {
            await _command.PrepareAsync(ct);
            _prepared = true;
        }
        return await _command.ExecuteNonQueryAsync(ct);
    }

    object Convert(object? value, DbType type) => value switch
    {
        decimal m when type == DbType.Double => (double)m,
        _ when _sqlite => TypeHandlers.ToSqliteValue(value),
        null => DBNull.Value,
        DateTimeOffset t => t.ToUniversalTime(),
        _ => value,
    };

    public ValueTask DisposeAsync() => _command.DisposeAsync();
}
