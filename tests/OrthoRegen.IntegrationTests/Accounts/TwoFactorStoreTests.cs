using Dapper;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Accounts;

public class TwoFactorStoreTests
{
    static async Task<(TestDatabase Db, Actor Qa, byte[] Key, IReadOnlyList<string> Codes)> EnrolledAsync(DatabaseProvider engine)
    {
        var db = await TestDatabase.CreateAsync(engine);
        var users = db.Get<UserStore>();
        var created = (Outcome<StaffUser>.Done)await users.CreateAsync(Actor.System(), new CreateUser
        {
            Username = "qa.kim", DisplayName = "QA Kim", Password = "Cartilage-Repair-2026", Roles = [Roles.QA], SiteCodes = ["MAIN"],
        }, CancellationToken.None);
        Assert.True(created.Value.MustEnrolTwoFactor);
        var qa = UserStore.ToActor(created.Value, "test");
        var store = db.Get<TwoFactorStore>();
        var enrolment = ((Outcome<TotpEnrolment>.Done)await store.PendingEnrolmentAsync(qa, CancellationToken.None)).Value;
        var key = Base32.Decode(enrolment.SecretBase32)!;
        var codes = ((Outcome<RecoveryCodes>.Done)await store.ConfirmEnrolmentAsync(qa, Totp.CodeAt(key, db.Clock.GetUtcNow()), CancellationToken.None)).Value.Codes;
        return (db, qa, key, codes);
    }

    [Theory, BothEngines]
    public async Task Check_SameStepTwice_IsRefused_NextStepAccepted(DatabaseProvider engine)
    {
        var (db, qa, key, _) = await EnrolledAsync(engine);
        await using var _ = db;
        var store = db.Get<TwoFactorStore>();
        // The confirmation used the current step: its code is spent.
        Assert.Equal(SecondFactorCheck.Wrong, await store.CheckAsync(qa.UserId, Totp.CodeAt(key, db.Clock.GetUtcNow()), CancellationToken.None));
        db.Clock.Advance(Totp.Step);
        var next = Totp.CodeAt(key, db.Clock.GetUtcNow());
        Assert.Equal(SecondFactorCheck.Accepted, await store.CheckAsync(qa.UserId, next, CancellationToken.None));
        Assert.Equal(SecondFactorCheck.Wrong, await store.CheckAsync(qa.UserId, next, CancellationToken.None));
        // An older step is refused even inside the ±1 window once a later one was used.
        db.Clock.Advance(Totp.Step);
        Assert.Equal(SecondFactorCheck.Accepted, await store.CheckAsync(qa.UserId, Totp.CodeAt(key, db.Clock.GetUtcNow() + Totp.Step), CancellationToken.None));
        Assert.Equal(SecondFactorCheck.Wrong, await store.CheckAsync(qa.UserId, Totp.CodeAt(key, db.Clock.GetUtcNow()), CancellationToken.None));
    }

    [Theory, BothEngines]
    public async Task RecoveryCode_WorksOnce_AndCountsDown(DatabaseProvider engine)
    {
        var (db, qa, _, codes) = await EnrolledAsync(engine);
        await using var _ = db;
        var store = db.Get<TwoFactorStore>();
        Assert.Equal(10, await store.RecoveryCodesLeftAsync(qa.UserId, CancellationToken.None));
        Assert.Equal(SecondFactorCheck.AcceptedRecoveryCode, await store.CheckAsync(qa.UserId, codes[0].Replace("-", " "), CancellationToken.None));
        Assert.Equal(SecondFactorCheck.Wrong, await store.CheckAsync(qa.UserId, codes[0], CancellationToken.None));
        Assert.Equal(9, await store.RecoveryCodesLeftAsync(qa.UserId, CancellationToken.None));
        Assert.Equal(SecondFactorCheck.Wrong, await store.CheckAsync(qa.UserId, "abcde-fghjk", CancellationToken.None));
    }

    [Fact]
    public async Task CliTotpReset_RemovesSecretAndCodes_EndsSessions_IsAudited()
    {
        const DatabaseProvider engine = DatabaseProvider.Sqlite; // one process start; the store's SQL runs on both engines above
        var (db, qa, _, _) = await EnrolledAsync(engine);
        await using var _ = db;
        var stampBefore = (await db.Get<UserStore>().FindAsync(qa.UserId, CancellationToken.None))!.SecurityStamp;
        var reset = await ChildProcess.RunCliAsync(db, "users", "totp-reset", "QA.Kim");
        Assert.True(reset.Code == 0, reset.Stderr);
        var after = (await db.Get<UserStore>().FindAsync(qa.UserId, CancellationToken.None))!;
        Assert.False(after.TwoFactorEnabled);
        Assert.True(after.MustEnrolTwoFactor);
        Assert.NotEqual(stampBefore, after.SecurityStamp);
        Assert.Equal(0, await db.Get<TwoFactorStore>().RecoveryCodesLeftAsync(qa.UserId, CancellationToken.None));
        await using var c = await db.Database.OpenAsync(CancellationToken.None);
        Assert.Equal(1, await c.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM audit_log WHERE entity_id = @id AND origin = 'cli: users totp-reset' AND fields LIKE '%totp_secret%'", new { id = qa.UserId }));
        var unknown = await ChildProcess.RunCliAsync(db, "users", "totp-reset", "nobody");
        Assert.Equal(2, unknown.Code);
        Assert.Equal("username: no user 'nobody'", unknown.Stderr.Trim());
    }
}
