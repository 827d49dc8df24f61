using System.Data;
using System.Data.Common;
using OrthoRegen.Accounts;
using OrthoRegen.Data;

namespace OrthoRegen.Audit;

/// <summary>
/// Appends many audit rows inside one transaction (bulk import): the chain's writer lock is taken and the last hash read
/// once (<see cref="AuditTrail.BeginBatchAsync"/>), then each row links to the previous one in memory and is written with
/// one prepared insert. The rows and hashes are exactly those <see cref="AuditTrail.AppendAsync(DbConnection, DbTransaction, Actor, AuditEvent)"/>
/// would write one by one.
/// </summary>
/// <remarks>
/// The in-memory end of the chain is only right while nothing else appends in the same transaction. A caller that rolls
/// back to a savepoint must <see cref="RewindTo"/> the hash it saw at the savepoint.
/// </remarks>
public sealed class AuditBatch : IAsyncDisposable
{
    readonly PreparedStatement _insert;
    readonly TimeProvider _clock;

    internal AuditBatch(DbConnection connection, DbTransaction tx, TimeProvider clock, string lastHash)
    {
        _clock = clock;
        LastHash = lastHash;
        var s = DbType.String;
        _insert = new PreparedStatement(connection, tx, AuditTrail.InsertSql,
            ("At", s), ("Actor", s), ("Action", s), ("Entity", s), ("EntityId", s), ("PatientId", s), ("Fields", s), ("Origin", s), ("PrevHash", s), ("Hash", s));
    }

    /// <summary>The hash of the last row of the chain as this transaction sees it.</summary>
    public string LastHash { get; private set; }

    public async Task AppendAsync(Actor actor, AuditEvent e, CancellationToken ct)
    {
        var row = AuditTrail.Chain(actor, e, _clock.GetUtcNow(), LastHash);
        await _insert.ExecuteAsync(ct, row.At, row.Actor, row.Action, row.Entity, row.EntityId, row.PatientId, row.Fields, row.Origin, row.PrevHash, row.Hash);
        LastHash = row.Hash;
    }

    /// <summary>After a rollback to a savepoint: the chain ends again where it ended at the savepoint.</summary>
    public void RewindTo(string lastHash) => LastHash = lastHash;

    public ValueTask DisposeAsync() => _insert.DisposeAsync();
}
