using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OrthoRegen.Accounts;
using OrthoRegen.Data;
using OrthoRegen.IntegrationTests.Api;
using OrthoRegen.Testing;

namespace OrthoRegen.IntegrationTests.Security;

/// <summary>
/// The password policy (README "Password policy") on every route that sets a password: account creation (API and CLI),
/// the user's own change (API) and an administrator's reset (CLI; the store call behind it in UserStorePasswordTests).
/// </summary>
public sealed class SecurityPasswordPolicyTests(SqliteServerFixture f) : IClassFixture<SqliteServerFixture>
{
    readonly OrthoRegenServer _server = f.Server;

    /// <summary>One password per rule (for the user "pw.rule"), and the message the rule gives.</summary>
    public static readonly (string Password, string Message)[] Breaking =
    [
        ("Short-Pass1", PasswordPolicy.Messages.TooShort),
        (new string('k', 250) + "Knee-2026", PasswordPolicy.Messages.TooLong),
        ("my-pw.rule-Secret-42", PasswordPolicy.Messages.ContainsUsername),
        ("Password1234", PasswordPolicy.Messages.Common),
        ("kneecartilagerepair", PasswordPolicy.Messages.OneClass),
        ("aaaaBBBBaaaaBBBB", PasswordPolicy.Messages.FewDistinct),
    ];

    static async Task<string[]> ErrorsAsync(HttpResponseMessage r, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        return JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").GetProperty(field)
            .EnumerateArray().Select(e => e.GetString()!).ToArray();
    }

    [Fact]
    public async Task Api_CreateAndChange_RefuseEveryRule()
    {
        var admin = await _server.AdminAsync();
        foreach (var (password, message) in Breaking)
        {
            var r = await admin.PostAsJsonAsync("/api/users", new { username = "pw.rule", displayName = "Rule", password, roles = new[] { "Rehab" }, siteCodes = new[] { "MAIN" } });
            Assert.Contains(message, await ErrorsAsync(r, "password"));
        }
        var user = await _server.SignInAsAsync("pw.rule", [Roles.Rehab]);
        foreach (var (password, message) in Breaking)
        {
            var r = await user.PostAsJsonAsync("/api/me/password", new { currentPassword = OrthoRegenServer.UserPassword, newPassword = password });
            Assert.Contains(message, await ErrorsAsync(r, "newPassword"));
        }
        var same = await user.PostAsJsonAsync("/api/me/password", new { currentPassword = OrthoRegenServer.UserPassword, newPassword = OrthoRegenServer.UserPassword });
        Assert.Contains(PasswordPolicy.Messages.SameAsCurrent, await ErrorsAsync(same, "newPassword"));
        Assert.Equal(HttpStatusCode.OK, (await user.PostAsJsonAsync("/api/me/password",
            new { currentPassword = OrthoRegenServer.UserPassword, newPassword = "Cartilage-Repair-2026" })).StatusCode);
    }

    [Fact]
    public async Task Cli_CreateAndReset_RefuseWithExit2NamingPassword()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var create = await ChildProcess.RunCliAsync(db, "users", "create", "--username", "pw.rule", "--roles", "Rehab", "--sites", "MAIN", "--password", "Password1234");
        Assert.Equal(2, create.Code);
        Assert.Equal($"--password: {PasswordPolicy.Messages.Common}", create.Stderr.Trim());
        var reset = await ChildProcess.RunCliAsync(db, "users", "reset-password", "--username", "admin", "--password", "kneecartilagerepair");
        Assert.Equal(2, reset.Code);
        Assert.Equal($"--password: {PasswordPolicy.Messages.OneClass}", reset.Stderr.Trim());
    }
}
