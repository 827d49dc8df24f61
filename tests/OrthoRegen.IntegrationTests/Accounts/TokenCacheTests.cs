using Dapper;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Accounts;

/// <summary>
/// Bearer-token look-ups are reused for <c>Accounts:TokenCacheSeconds</c> (<see cref="TokenCache"/>). Two "nodes" are two
/// service providers over one database, each with its own clock: a revocation is refused at once on the node that
/// revoked, and on the other node once its cache time has passed, not before and not later.
/// </summary>
public class TokenCacheTests
{
    static T Done<T>(Outcome<T> o) => Assert.IsType<Outcome<T>.Done>(o).Value;

    static async Task<(StaffUser User, string Secret)> UserWithTokenAsync(TestDatabase db)
    {
        var users = db.Get<UserStore>();
        var user = Done(await users.CreateAsync(Actor.System(), new CreateUser
        {
            Username = "api.client", DisplayName = "API client", Password = "Token-Cache-Pass-77", Roles = [Roles.Physician], AllSites = true,
        }, default));
        return (user, Done(await users.CreateTokenAsync(Actor.System(), user.Id, "integration", default)).Secret);
    }

    [Theory, BothEngines]
    public async Task RevokedOnOneNode_RefusedThereAtOnce_AndOnTheOtherWithinItsCacheTime(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var (user, secret) = await UserWithTokenAsync(db);
        var otherClock = new FakeClock(db.Clock.GetUtcNow());
        await using var other = TestDatabase.BuildServices(engine, db.ConnectionString, otherClock);
        var nodeA = db.Get<UserStore>();
        var nodeB = other.GetRequiredService<UserStore>();
        Assert.Equal(user.Id, (await nodeA.FindByTokenAsync(secret, default))?.Id);
        Assert.Equal(user.Id, (await nodeB.FindByTokenAsync(secret, default))?.Id); // B caches the look-up now

        var tokenId = Assert.Single(await nodeA.TokensAsync(user.Id, default)).Id;
        Assert.True(await nodeA.RevokeTokenAsync(Actor.System(), user.Id, tokenId, default));

        Assert.Null(await nodeA.FindByTokenAsync(secret, default));                   // the revoking node: at once
        otherClock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Equal(user.Id, (await nodeB.FindByTokenAsync(secret, default))?.Id); // the other node: within the bound...
        otherClock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Null(await nodeB.FindByTokenAsync(secret, default));                   // ...and refused when 5 s have passed
    }

    [Theory, BothEngines]
    public async Task UserDisabledInTheDatabase_RefusedWhenTheCacheTimeHasPassed_AndAtOnceWithTheCacheOff(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var (user, secret) = await UserWithTokenAsync(db);
        var users = db.Get<UserStore>();
        Assert.NotNull(await users.FindByTokenAsync(secret, default));
        await using (var c = await db.Database.OpenAsync(default))
            await c.ExecuteAsync("UPDATE users SET disabled = TRUE WHERE id = @id", new { id = user.Id });

        var uncached = new UserStore(db.Database, db.Get<OrthoRegen.Audit.AuditTrail>(), db.Get<SiteStore>(), db.Get<IPasswordHashing>(), db.Clock,
            db.Get<TwoFactorStore>(), db.Get<AccountOptions>() with { TokenCache = TimeSpan.Zero });
        Assert.Null(await uncached.FindByTokenAsync(secret, default));
        db.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Null(await users.FindByTokenAsync(secret, default));
    }

    [Theory, BothEngines]
    public async Task PasswordReset_DropsTheUsersCachedTokens_OnThisNode(DatabaseProvider engine)
    {
        await using var db = await TestDatabase.CreateAsync(engine);
        var (user, secret) = await UserWithTokenAsync(db);
        var users = db.Get<UserStore>();
        Assert.NotNull(await users.FindByTokenAsync(secret, default));
        // A direct change the store does not know about stays hidden by the cache until the store changes the user itself.
        await using (var c = await db.Database.OpenAsync(default))
            await c.ExecuteAsync("UPDATE users SET disabled = TRUE WHERE id = @id", new { id = user.Id });
        Assert.NotNull(await users.FindByTokenAsync(secret, default));
        Done(await users.ResetPasswordAsync(Actor.System(), "api.client", "Another-Reset-Pass-88", default));
        Assert.Null(await users.FindByTokenAsync(secret, default));
    }
}
