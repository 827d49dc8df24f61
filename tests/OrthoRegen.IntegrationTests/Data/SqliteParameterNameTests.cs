using Dapper;
using OrthoRegen.Data;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Data;

/// <summary>
/// The SQLite connections <see cref="Database"/> opens name Dapper's parameters "@Name" (one look-up per statement
/// instead of four), and still bind every way the stores pass values: an object's properties, DynamicParameters, list
/// expansion, several statements in one command, a command made while a transaction is pending.
/// </summary>
public class SqliteParameterNameTests
{
    [Fact]
    public async Task Dapper_parameters_are_named_with_the_at_sign_and_bind_in_every_statement()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var c = await db.Database.OpenAsync(default);
        await c.ExecuteAsync("CREATE TABLE probe (id TEXT PRIMARY KEY, n INTEGER NOT NULL, note TEXT)");

        // Two statements, one parameter shared and one each: every statement binds only its own.
        await c.ExecuteAsync("INSERT INTO probe VALUES (@A, @N, NULL); INSERT INTO probe VALUES (@B, @N, @Note)",
            new { A = "a", B = "b", N = 7, Note = "ü 한국어" });
        var args = new DynamicParameters(new { N = 7 });
        args.Add("Ids", new[] { "a", "b", "c" });
        var rows = (await c.QueryAsync<(string Id, long N, string? Note)>(
            "SELECT id, n, note FROM probe WHERE n = @N AND id IN @Ids ORDER BY id", args)).ToList();
        Assert.Equal([("a", 7L, null), ("b", 7L, "ü 한국어")], rows);

        using var command = c.CreateCommand();
        var p = command.CreateParameter();
        p.ParameterName = "Id";
        Assert.Equal("@Id", p.ParameterName);
        p.ParameterName = "$Id";
        Assert.Equal("$Id", p.ParameterName);
        p.ParameterName = "";
        Assert.Equal("", p.ParameterName);
    }

    [Fact]
    public async Task Sql_written_with_another_prefix_binds_a_name_given_with_it()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var c = await db.Database.OpenAsync(default);
        var args = new DynamicParameters();
        args.Add("$x", 2);
        Assert.Equal(2, await c.ExecuteScalarAsync<long>("SELECT $x", args));
        // The stores write "@" only. An unprefixed name that SQL writes with $ is not found under "@": SQLite's own
        // error naming the parameter, not a wrong value.
        var wrong = await Assert.ThrowsAsync<InvalidOperationException>(() => c.ExecuteScalarAsync<long>("SELECT $x", new { x = 2 }));
        Assert.Contains("$x", wrong.Message);
    }

    [Fact]
    public async Task A_command_made_inside_a_transaction_carries_it()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var c = await db.Database.OpenAsync(default);
        await c.ExecuteAsync("CREATE TABLE probe (id TEXT PRIMARY KEY)");
        await using (var tx = await c.BeginTransactionAsync())
        {
            using var insert = c.CreateCommand();
            Assert.Same(tx, insert.Transaction);
            insert.CommandText = "INSERT INTO probe VALUES ('in-tx')";
            await insert.ExecuteNonQueryAsync();
            await tx.RollbackAsync();
        }
        Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM probe"));
    }
}
