using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.IntegrationTests.Security;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Accounts;

public class UserStorePasswordTests
{
    [Fact]
    public async Task ResetPassword_EveryPolicyRule_IsInvalidOnPassword()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var users = db.Get<UserStore>();
        var created = await users.CreateAsync(Actor.System(), new CreateUser
        {
            Username = "pw.rule", DisplayName = "Rule", Password = "Cartilage-Repair-2026", Roles = [Roles.Rehab], SiteCodes = ["MAIN"],
        }, CancellationToken.None);
        Assert.IsType<Outcome<StaffUser>.Done>(created);
        foreach (var (password, message) in SecurityPasswordPolicyTests.Breaking)
        {
            var outcome = await users.ResetPasswordAsync(Actor.System(), "pw.rule", password, CancellationToken.None);
            var invalid = Assert.IsType<Outcome<StaffUser>.Invalid>(outcome);
            Assert.Contains(message, invalid.Errors["password"]);
        }
    }
}
