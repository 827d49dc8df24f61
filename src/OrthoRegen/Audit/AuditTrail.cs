using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Data;

namespace OrthoRegen.Audit;

/// <summary>
/// The append-only, hash-chained audit trail. Each row's hash is SHA-256 over its own content and the previous row's
/// hash, so editing, inserting or deleting a row breaks the chain at that point. Writers are serialised (a transaction
/// advisory lock on PostgreSQL, the IMMEDIATE write lock on SQLite) so the chain stays linear across web nodes. With group
/// commit several writes share one transaction; each appends in turn, reading the end of the chain the previous one left.
/// </summary>
public sealed class AuditTrail(Database database, TimeProvider clock)
{
    /// <summary>The hash that the first row links to.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    const string LastHashSql = "SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1";
    internal const string InsertSql = """
        INSERT INTO audit_log (at, actor, action, entity, entity_id, patient_id, fields, origin, prev_hash, hash)
        VALUES (@At, @Actor, @Action, @Entity, @EntityId, @PatientId, @Fields, @Origin, @PrevHash, @Hash)
        """;
    const string WalkSql = """
        SELECT seq AS Seq, at AS At, actor AS Actor, action AS Action, entity AS Entity, entity_id AS EntityId,
               patient_id AS PatientId, fields AS Fields, origin AS Origin, prev_hash AS PrevHash, hash AS Hash
        FROM audit_log WHERE seq > @after ORDER BY seq LIMIT 5000
        """;

    /// <summary>Appends inside the caller's transaction, so the audit row commits or rolls back with the change.</summary>
    /// <remarks>In a write group the chain's end is kept in memory between its members' appends (see
    /// <see cref="Database.GroupChainEnd"/>): the lock and the read of the last row happen once per group.</remarks>
    public async Task AppendAsync(DbConnection connection, DbTransaction tx, Actor actor, AuditEvent e)
    {
        var row = await NextRowAsync(connection, tx, actor, e);
        await connection.ExecuteAsync(InsertSql, row, tx);
        Appended(tx, row);
    }

    /// <summary>
    /// The row an append would write next in this transaction, for a write that sends it in one statement with its own
    /// rows (<see cref="PrefixedInsertSql"/>, <see cref="PrefixedArgs"/>: one round trip instead of three): takes the
    /// chain's lock and reads its end unless the write group knows it. Call <see cref="Appended"/> once it is written.
    /// </summary>
    internal async Task<AuditRow> NextRowAsync(DbConnection connection, DbTransaction tx, Actor actor, AuditEvent e)
    {
        var prev = database.GroupChainEnd(tx) ?? await LockChainEndAsync(connection, tx, default);
        return Chain(actor, e, clock.GetUtcNow(), prev);
    }

    /// <summary>The row from <see cref="NextRowAsync"/> is written: the group's chain ends with it now.</summary>
    internal void Appended(DbTransaction tx, AuditRow row) => database.SetGroupChainEnd(tx, row.Hash);

    /// <summary><see cref="InsertSql"/> with parameter names that do not collide with a record's (<c>@AuditAt</c> …).</summary>
    internal const string PrefixedInsertSql = """
        INSERT INTO audit_log (at, actor, action, entity, entity_id, patient_id, fields, origin, prev_hash, hash)
        VALUES (@AuditAt, @AuditActor, @AuditAction, @AuditEntity, @AuditEntityId, @AuditPatientId, @AuditFields, @AuditOrigin, @AuditPrevHash, @AuditHash)
        """;

    /// <summary>The values of <see cref="PrefixedInsertSql"/>.</summary>
    internal static object PrefixedArgs(AuditRow r) => new
    {
        AuditAt = r.At, AuditActor = r.Actor, AuditAction = r.Action, AuditEntity = r.Entity, AuditEntityId = r.EntityId,
        AuditPatientId = r.PatientId, AuditFields = r.Fields, AuditOrigin = r.Origin, AuditPrevHash = r.PrevHash, AuditHash = r.Hash,
    };

    /// <summary>Takes the chain's writer lock for the rest of the transaction and reads the hash of its last row.</summary>
    async Task<string> LockChainEndAsync(DbConnection connection, DbTransaction tx, CancellationToken ct)
    {
        if (database.IsPostgres) await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@k)", new { k = Database.AuditChainLockKey }, tx, cancellationToken: ct));
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(LastHashSql, transaction: tx, cancellationToken: ct)) ?? Genesis;
    }

    /// <summary>The row that follows <paramref name="prev"/>: the one shape both this trail and <see cref="AuditBatch"/> write.</summary>
    internal static AuditRow Chain(Actor actor, AuditEvent e, DateTimeOffset at, string prev)
    {
        var row = new AuditRow
        {
            At = TypeHandlers.ToSqliteText(at),
            Actor = actor.Username,
            Action = e.Action,
            Entity = e.Entity,
            EntityId = e.EntityId,
            PatientId = e.PatientId,
            Fields = e.Fields is { Count: > 0 } f ? string.Join(",", f) : null,
            Origin = Truncate(actor.Origin, 100),
            PrevHash = prev,
        };
        return row with { Hash = HashOf(row) };
    }

    /// <summary>
    /// Starts a bulk appender inside the caller's transaction: it takes the chain's writer lock and reads the last hash
    /// once, then keeps the chain's end in memory (see <see cref="AuditBatch"/>). Nothing else may append to the trail in
    /// this transaction while the batch is in use.
    /// </summary>
    public async Task<AuditBatch> BeginBatchAsync(DbConnection connection, DbTransaction tx, CancellationToken ct)
    {
        // The batch keeps its own end of the chain: the group's (if any) is unknown from here on and read again.
        database.SetGroupChainEnd(tx, null);
        return new(connection, tx, clock, await LockChainEndAsync(connection, tx, ct));
    }

    /// <summary>Appends in a transaction of its own (reads, logins, denials).</summary>
    public Task AppendAsync(Actor actor, AuditEvent e, CancellationToken ct) =>
        database.InTransactionAsync(async (c, tx) => { await AppendAsync(c, tx, actor, e); return 0; }, ct);

    /// <summary>Walks the whole chain in order and reports the first row whose link or content does not verify.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var expectedPrev = Genesis;
        long after = 0, checkedRows = 0;
        while (true)
        {
            var batch = (await connection.QueryAsync<AuditRow>(new CommandDefinition(WalkSql, new { after }, cancellationToken: ct))).ToList();
            if (batch.Count == 0) return new AuditVerification(checkedRows, null, null);
            foreach (var row in batch)
            {
                if (row.PrevHash != expectedPrev)
                    return new AuditVerification(checkedRows, row.Seq, "previous-hash link does not match the row before it (a row was removed, inserted or altered)");
                if (HashOf(row) != row.Hash)
                    return new AuditVerification(checkedRows, row.Seq, "row content does not match its hash (the row was altered)");
                expectedPrev = row.Hash;
                checkedRows++;
                after = row.Seq;
            }
        }
    }

    /// <summary>Audit rows about one patient, newest first.</summary>
    public async Task<IReadOnlyList<AuditRow>> ForPatientAsync(string patientId, int limit, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        const string sql = """
            SELECT seq AS Seq, at AS At, actor AS Actor, action AS Action, entity AS Entity, entity_id AS EntityId,
                   patient_id AS PatientId, fields AS Fields, origin AS Origin, prev_hash AS PrevHash, hash AS Hash
            FROM audit_log WHERE patient_id = @patientId ORDER BY seq DESC LIMIT @limit
            """;
        return (await connection.QueryAsync<AuditRow>(new CommandDefinition(sql, new { patientId, limit }, cancellationToken: ct))).ToList();
    }

    /// <summary>SHA-256 (lowercase hex) over the row's fields, unit-separated, ending with the previous hash.</summary>
    public static string HashOf(AuditRow r)
    {
        var canonical = string.Join('\u001f', r.At, r.Actor, r.Action, r.Entity, r.EntityId ?? "", r.PatientId ?? "",
            r.Fields ?? "", r.Origin ?? "", r.PrevHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    static string? Truncate(string? s, int max) => s is null ? null : s.Length <= max ? s : s[..max];
}
