using OrthoRegen.Accounts;

namespace OrthoRegen.Tests.Accounts;

public class TokenCacheTests
{
    sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    static StaffUser User(string id) => new(id, id, id, [Roles.Physician], true, [], "en", false, false, "stamp", null, false, false);

    [Fact]
    public void Entry_LivesForTheCacheTime_ThenIsGone()
    {
        var clock = new Clock(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
        var cache = new TokenCache(clock, TimeSpan.FromSeconds(5));
        cache.Store("h1", User("u1"), cache.Generation);
        clock.Now += TimeSpan.FromSeconds(4.999);
        Assert.Equal("u1", cache.Find("h1")?.Id);
        clock.Now += TimeSpan.FromMilliseconds(1);
        Assert.Null(cache.Find("h1"));
    }

    [Fact]
    public void Forget_DropsOnlyThatUsersTokens()
    {
        var cache = new TokenCache(TimeProvider.System, TimeSpan.FromSeconds(5));
        cache.Store("h1", User("u1"), cache.Generation);
        cache.Store("h2", User("u1"), cache.Generation);
        cache.Store("h3", User("u2"), cache.Generation);
        cache.Forget("u1");
        Assert.Equal((null, null, "u2"), (cache.Find("h1")?.Id, cache.Find("h2")?.Id, cache.Find("h3")?.Id));
    }

    [Fact]
    public void LookUpThatReadBeforeAForget_IsNotKept()
    {
        var cache = new TokenCache(TimeProvider.System, TimeSpan.FromSeconds(5));
        var generation = cache.Generation; // a look-up starts reading the database...
        cache.Forget("u1");                 // ...the token is revoked meanwhile...
        cache.Store("h1", User("u1"), generation);
        Assert.Null(cache.Find("h1"));      // ...so what it read is not reused
    }

    [Fact]
    public void ZeroCacheTime_KeepsNothing()
    {
        var cache = new TokenCache(TimeProvider.System, TimeSpan.Zero);
        cache.Store("h1", User("u1"), cache.Generation);
        Assert.Null(cache.Find("h1"));
    }
}
