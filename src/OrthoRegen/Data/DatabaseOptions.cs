using Microsoft.Extensions.Configuration;

namespace OrthoRegen.Data;

/// <summary>The database engines OrthoRegen runs on.</summary>
public enum DatabaseProvider
{
    /// <summary>Embedded SQLite file: the single-machine default.</summary>
    Sqlite,
    /// <summary>PostgreSQL server: several stateless web nodes share one database.</summary>
    Postgres,
}

/// <summary>
/// Where the data lives. Read from standard configuration: <c>ConnectionStrings:Default</c>,
/// <c>Database:Provider</c> (<c>sqlite</c> | <c>postgres</c>) and <c>Database:ApplyMigrationsAtStartup</c>.
/// </summary>
public sealed record DatabaseOptions(DatabaseProvider Provider, string ConnectionString, bool ApplyMigrationsAtStartup)
{
    /// <summary>The embedded default: <c>data/orthoregen.db</c> relative to the working directory.</summary>
    public const string DefaultSqliteConnectionString = "Data Source=data/orthoregen.db";

    /// <summary>Reads the options; a bad provider name is a configuration error, reported by name.</summary>
    public static DatabaseOptions FromConfiguration(IConfiguration configuration)
    {
        var providerText = configuration["Database:Provider"];
        var provider = ParseProvider(providerText);
        var connection = configuration.GetConnectionString("Default");
        if (string.IsNullOrWhiteSpace(connection))
        {
            if (provider == DatabaseProvider.Postgres)
                throw new InvalidOperationException("Database:Provider is 'postgres' but ConnectionStrings:Default is empty.");
            connection = DefaultSqliteConnectionString;
        }
        var migrate = configuration.GetValue("Database:ApplyMigrationsAtStartup", true);
        return new DatabaseOptions(provider, connection, migrate);
    }

    public static DatabaseProvider ParseProvider(string? text) => (text ?? "sqlite").Trim().ToLowerInvariant() switch
    {
        "" or "sqlite" => DatabaseProvider.Sqlite,
        "postgres" or "postgresql" or "npgsql" => DatabaseProvider.Postgres,
        _ => throw new InvalidOperationException($"Database:Provider must be 'sqlite' or 'postgres', not '{text}'."),
    };
}
