using OrthoRegen.Data;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Api;

/// <summary>One real server per engine, shared by the API contract tests of that engine.</summary>
public abstract class ServerFixture(DatabaseProvider engine) : IAsyncLifetime
{
    public OrthoRegenServer Server { get; private set; } = null!;
    public async Task InitializeAsync() => Server = await OrthoRegenServer.StartAsync(engine);
    public async Task DisposeAsync() => await Server.DisposeAsync();
}

public sealed class SqliteServerFixture() : ServerFixture(DatabaseProvider.Sqlite);
public sealed class PostgresServerFixture() : ServerFixture(DatabaseProvider.Postgres);

public sealed class ApiOnSqliteTests(SqliteServerFixture f) : ApiContractTests(f.Server), IClassFixture<SqliteServerFixture>;
public sealed class ApiOnPostgresTests(PostgresServerFixture f) : ApiContractTests(f.Server), IClassFixture<PostgresServerFixture>;
