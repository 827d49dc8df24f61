using Dapper;
using OrthoRegen.Data;

namespace OrthoRegen.Accounts;

/// <summary>A clinic site of the network. Patients belong to one site; staff see the sites they are members of.</summary>
public sealed record Site(string Id, string Code, string Name);

public sealed class SiteStore(Database database, TimeProvider clock)
{
    const string ListSql = "SELECT id AS Id, code AS Code, name AS Name FROM sites ORDER BY code";
    const string InsertSql = "INSERT INTO sites (id, code, name, created_at) VALUES (@id, @code, @name, @at) ON CONFLICT (code) DO NOTHING";

    public async Task<IReadOnlyList<Site>> ListAsync(CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return (await c.QueryAsync<SiteRow>(new CommandDefinition(ListSql, cancellationToken: ct))).Select(r => r.ToSite()).ToList();
    }

    /// <summary>Creates the site if its code is new; returns the stored site either way.</summary>
    public async Task<Site> EnsureAsync(string code, string name, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await c.ExecuteAsync(InsertSql, new { id = Ids.New(clock), code, name, at = clock.GetUtcNow() });
        return (await c.QuerySingleAsync<SiteRow>("SELECT id AS Id, code AS Code, name AS Name FROM sites WHERE code = @code", new { code })).ToSite();
    }

    sealed record SiteRow
    {
        public string Id { get; init; } = "";
        public string Code { get; init; } = "";
        public string Name { get; init; } = "";
        public Site ToSite() => new(Id, Code, Name);
    }
}
