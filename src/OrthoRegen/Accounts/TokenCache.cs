using System.Collections.Concurrent;

namespace OrthoRegen.Accounts;

/// <summary>
/// Bearer-token look-ups of this process, kept for a short time (<c>Accounts:TokenCacheSeconds</c>, default 5; 0 turns
/// it off) so an API client's every request does not read the token, the user, its roles and its sites again. Keyed by
/// the token's SHA-256, never by the secret. Bounds: a token revoked, or a user changed (password, reset, sign-out), on
/// this node is refused from the next request on (<see cref="Forget"/> runs after the change committed, and a look-up
/// that read the database before it is not stored); on another node, or after a change written straight into the
/// database, within the cache time.
/// </summary>
public sealed class TokenCache(TimeProvider clock, TimeSpan lifetime)
{
    /// <summary>Entries above this are dropped all at once (a flood of distinct live tokens is not a memory leak).</summary>
    public const int MaxEntries = 10_000;

    readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    long _generation;

    public bool Enabled => lifetime > TimeSpan.Zero;

    /// <summary>The cached user of the token hash, when it was looked up less than the cache time ago.</summary>
    public StaffUser? Find(string tokenHash)
    {
        if (!Enabled || !_entries.TryGetValue(tokenHash, out var e)) return null;
        if (clock.GetUtcNow() < e.Until) return e.User;
        _entries.TryRemove(new KeyValuePair<string, Entry>(tokenHash, e));
        return null;
    }

    /// <summary>Taken before the database read of a look-up; <see cref="Store"/> keeps the result only if no
    /// <see cref="Forget"/> ran in between.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public void Store(string tokenHash, StaffUser user, long generation)
    {
        if (!Enabled) return;
        if (_entries.Count >= MaxEntries) _entries.Clear();
        _entries[tokenHash] = new Entry(user, clock.GetUtcNow() + lifetime);
        // A Forget that ran while this look-up read the database may have missed the entry just stored: drop it again.
        if (Generation != generation) _entries.TryRemove(tokenHash, out _);
    }

    /// <summary>Drops every cached token of <paramref name="userId"/> (after a revocation or a change of the user).</summary>
    public void Forget(string userId)
    {
        Interlocked.Increment(ref _generation);
        foreach (var (hash, e) in _entries)
            if (e.User.Id == userId) _entries.TryRemove(hash, out _);
    }

    sealed record Entry(StaffUser User, DateTimeOffset Until);
}
