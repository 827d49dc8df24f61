using System.Globalization;
using System.Resources;
using Microsoft.Playwright;
using OrthoRegen.Testing;

namespace OrthoRegen.BrowserTests.Security;

/// <summary>The code step of the browser sign-in, for users whose role requires two-factor sign-in (Admin, QA by default).</summary>
public static class BrowserSignIn
{
    static readonly ResourceManager Ui = new("OrthoRegen.Web.Resources.Ui", typeof(Program).Assembly);
    static string L(string key) => Ui.GetString(key, new CultureInfo("en")) ?? throw new KeyNotFoundException(key);

    /// <summary>
    /// After the password was submitted: when <paramref name="username"/> has two-factor sign-in (set up through the
    /// server's helpers), waits for the code page and answers it with the authenticator's next code.
    /// </summary>
    public static async Task AnswerCodeIfAskedAsync(IPage page, OrthoRegenServer server, string username)
    {
        if (!server.HasTwoFactor(username)) return;
        await page.WaitForURLAsync(u => new Uri(u).AbsolutePath == "/login/code");
        await page.GetByLabel(L("TfaCode"), new() { Exact = true }).FillAsync(await server.TotpCodeAsync(username));
        await page.GetByRole(AriaRole.Button, new() { Name = L("TfaVerify") }).ClickAsync();
    }
}
