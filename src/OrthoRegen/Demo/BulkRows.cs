using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using OrthoRegen.Data;

namespace OrthoRegen.Demo;

/// <summary>
/// Rows of one batch, buffered per table in the order the tables were first declared (parents before children, so
/// foreign keys hold), then written in bulk: prepared INSERT statements reused across rows and batches on SQLite,
/// binary COPY on PostgreSQL. Values are CLR values as the stores pass them to Dapper (string, int, long, double, bool,
/// DateOnly, DateTimeOffset, null) and are stored exactly as the Dapper type handlers store them.
/// </summary>
public sealed class BulkRows
{
    readonly List<(string Table, string[] Columns, List<object?[]> Rows)> _tables = [];
    readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    /// <summary>Declares a table and its columns; call once per table, parents first.</summary>
    public void Declare(string table, params string[] columns)
    {
        _index[table] = _tables.Count;
        _tables.Add((table, columns, []));
    }

    /// <summary>Adds one row; the values follow the declared column order.</summary>
    public void Add(string table, params object?[] values)
    {
        var t = _tables[_index[table]];
        if (values.Length != t.Columns.Length)
            throw new ArgumentException($"{table}: {values.Length} values for {t.Columns.Length} columns.", nameof(values));
        t.Rows.Add(values);
    }

    /// <summary>Rows buffered so far in this batch.</summary>
    public long Count => _tables.Sum(t => (long)t.Rows.Count);

    internal IEnumerable<(string Table, string[] Columns, List<object?[]> Rows)> Tables => _tables;

    internal void Clear()
    {
        foreach (var t in _tables) t.Rows.Clear();
    }
}

/// <summary>Writes <see cref="BulkRows"/> batches on one open connection, each batch in one transaction.</summary>
public abstract class BulkWriter : IAsyncDisposable
{
    protected BulkWriter(DbConnection connection) { Connection = connection; }

    public DbConnection Connection { get; }

    public static async Task<BulkWriter> OpenAsync(Database database, CancellationToken ct)
    {
        var c = await database.OpenAsync(ct);
        return c is NpgsqlConnection pg ? new PostgresBulkWriter(pg) : new SqliteBulkWriter((SqliteConnection)c);
    }

    /// <summary>Begins the batch transaction; the caller writes its own statements (audit) inside it too.</summary>
    public abstract Task<DbTransaction> BeginAsync(CancellationToken ct);

    /// <summary>Writes every buffered row of <paramref name="rows"/> inside <paramref name="tx"/>, then clears the buffer.</summary>
    public abstract Task WriteAsync(BulkRows rows, DbTransaction tx, CancellationToken ct);

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}

sealed class SqliteBulkWriter(SqliteConnection connection) : BulkWriter(connection)
{
    readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    public override Task<DbTransaction> BeginAsync(CancellationToken ct) =>
        Task.FromResult<DbTransaction>(connection.BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: false));

    public override Task WriteAsync(BulkRows rows, DbTransaction tx, CancellationToken ct)
    {
        foreach (var (table, columns, list) in rows.Tables)
        {
            if (list.Count == 0) continue;
            if (!_commands.TryGetValue(table, out var cmd))
            {
                cmd = connection.CreateCommand();
                cmd.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
                for (var i = 0; i < columns.Length; i++) cmd.Parameters.Add(new SqliteParameter("$p" + i, null));
                cmd.Transaction = (SqliteTransaction)tx;
                cmd.Prepare();
                _commands[table] = cmd;
            }
            cmd.Transaction = (SqliteTransaction)tx;
            foreach (var row in list)
            {
                for (var i = 0; i < row.Length; i++) cmd.Parameters[i].Value = TypeHandlers.ToSqliteValue(row[i]);
                cmd.ExecuteNonQuery();
            }
        }
        rows.Clear();
        return Task.CompletedTask;
    }
}

sealed class PostgresBulkWriter(NpgsqlConnection connection) : BulkWriter(connection)
{
    readonly Dictionary<string, NpgsqlDbType[]> _types = new(StringComparer.Ordinal);

    public override async Task<DbTransaction> BeginAsync(CancellationToken ct) =>
        await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, ct);

    public override async Task WriteAsync(BulkRows rows, DbTransaction tx, CancellationToken ct)
    {
        foreach (var (table, columns, list) in rows.Tables)
        {
            if (list.Count == 0) continue;
            var types = await TypesAsync(table, columns, ct);
            await using (var importer = await connection.BeginBinaryImportAsync(
                $"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var row in list)
                {
                    await importer.StartRowAsync(ct);
                    for (var i = 0; i < row.Length; i++)
                    {
                        if (row[i] is null) await importer.WriteNullAsync(ct);
                        else await importer.WriteAsync(ToPostgres(row[i]!, types[i]), types[i], ct);
                    }
                }
                await importer.CompleteAsync(ct);
            }
        }
        rows.Clear();
    }

    static object ToPostgres(object v, NpgsqlDbType type) => (v, type) switch
    {
        (DateTimeOffset t, _) => t.ToUniversalTime().UtcDateTime,
        (int i, NpgsqlDbType.Bigint) => (long)i,
        (long l, NpgsqlDbType.Integer) => checked((int)l),
        (float f, NpgsqlDbType.Double) => (double)f,
        _ => v,
    };

    async Task<NpgsqlDbType[]> TypesAsync(string table, string[] columns, CancellationToken ct)
    {
        if (_types.TryGetValue(table, out var known)) return known;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var cmd = new NpgsqlCommand(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @t", connection))
        {
            cmd.Parameters.AddWithValue("t", table);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) map[r.GetString(0)] = r.GetString(1);
        }
        var types = columns.Select(c => map.TryGetValue(c, out var t) ? t switch
        {
            "text" => NpgsqlDbType.Text,
            "integer" => NpgsqlDbType.Integer,
            "bigint" => NpgsqlDbType.Bigint,
            "boolean" => NpgsqlDbType.Boolean,
            "date" => NpgsqlDbType.Date,
            "timestamp with time zone" => NpgsqlDbType.TimestampTz,
            "double precision" => NpgsqlDbType.Double,
            "real" => NpgsqlDbType.Real,
            _ => throw new InvalidOperationException($"{table}.{c}: column type {t} is not supported by the bulk writer."),
        } : throw new InvalidOperationException($"{table}.{c}: no such column.")).ToArray();
        _types[table] = types;
        return types;
    }
}
