using Dapper;
using OrthoRegen.Data;

namespace OrthoRegen.Accounts;

/// <summary>
/// Storage for the web host's Data Protection key ring, so cookies issued by one web node are valid on every other.
/// Keys are XML elements stored by name; they are written once and never changed.
/// </summary>
public sealed class DataProtectionKeyStore(Database database, TimeProvider clock)
{
    public IReadOnlyList<string> All()
    {
        using var c = database.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        return c.Query<string>("SELECT xml FROM data_protection_keys ORDER BY created_at").ToList();
    }

    public void Store(string name, string xml)
    {
        using var c = database.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        c.Execute("INSERT INTO data_protection_keys (name, xml, created_at) VALUES (@name, @xml, @at) ON CONFLICT (name) DO NOTHING",
            new { name, xml, at = clock.GetUtcNow() });
    }
}
