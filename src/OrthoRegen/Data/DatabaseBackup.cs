using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace OrthoRegen.Data;

/// <summary>
/// Whole-database backup and restore. SQLite: the online backup API (a consistent copy while the app runs).
/// PostgreSQL: pg_dump and pg_restore in custom format (found on PATH or under /usr/lib/postgresql/*/bin); restore drops
/// and recreates the objects it holds (--clean --if-exists). The hash-chained audit trail travels with the data, so a
/// restored database passes <c>audit verify</c>.
/// </summary>
public static class DatabaseBackup
{
    /// <summary>Writes a backup of <paramref name="options"/>' database to <paramref name="file"/>; null when done, else the problem.</summary>
    public static async Task<string?> BackupAsync(DatabaseOptions options, string file, CancellationToken ct)
    {
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            if (File.Exists(file)) File.Delete(file);
            await using var source = new SqliteConnection(options.ConnectionString);
            await source.OpenAsync(ct);
            await using var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
            await target.OpenAsync(ct);
            source.BackupDatabase(target);
            return null;
        }
        return await RunAsync("pg_dump", ["--format=custom", "--no-owner", "--file", file], options.ConnectionString, ct);
    }

    /// <summary>Replaces the database's contents with the backup in <paramref name="file"/>; null when done, else the problem.</summary>
    public static async Task<string?> RestoreAsync(DatabaseOptions options, string file, CancellationToken ct)
    {
        if (!File.Exists(file)) return $"no such file '{file}'";
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            await using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await source.OpenAsync(ct);
            await using (var check = source.CreateCommand())
            {
                check.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'schema_migrations'";
                try { if (Convert.ToInt64(await check.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 0) return $"'{file}' is not an OrthoRegen backup"; }
                catch (SqliteException) { return $"'{file}' is not an SQLite database"; }
            }
            await using var target = new SqliteConnection(options.ConnectionString);
            await target.OpenAsync(ct);
            source.BackupDatabase(target);
            SqliteConnection.ClearAllPools();
            return null;
        }
        NpgsqlConnection.ClearAllPools();
        return await RunAsync("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", file], options.ConnectionString, ct, database: true);
    }

    static async Task<string?> RunAsync(string tool, IReadOnlyList<string> args, string connectionString, CancellationToken ct, bool database = false)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        var exe = Find(tool);
        if (exe is null) return $"{tool} not found on PATH or under /usr/lib/postgresql/*/bin";
        var psi = new ProcessStartInfo(exe) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add(database ? "--dbname=" + b.Database : b.Database ?? "");
        // libpq reads the connection from the environment, so the password never appears on a command line.
        psi.Environment["PGHOST"] = b.Host;
        psi.Environment["PGPORT"] = b.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        psi.Environment["PGUSER"] = b.Username;
        psi.Environment["PGDATABASE"] = b.Database;
        if (b.Password is { } pw) psi.Environment["PGPASSWORD"] = pw;
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync(ct);
        await p.StandardOutput.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        return p.ExitCode == 0 ? null : $"{tool} failed ({p.ExitCode}): {(await err).Trim().Split('\n')[0]}";
    }

    static string? Find(string tool)
    {
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).ToList();
        if (Directory.Exists("/usr/lib/postgresql"))
            dirs.AddRange(Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin")));
        return dirs.Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
    }
}
