using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
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
        // The URL is polled rather than awaited through its load event: under load Chromium has been seen to report
        // "networkidle" for the code page and never "load", and WaitForURLAsync then waits on a lifecycle event
        // that is not coming. The code field is what the step needs; filling it waits for it to be there.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/login/code(\\?|$)"));
        await page.GetByLabel(L("TfaCode"), new() { Exact = true }).FillAsync(await server.TotpCodeAsync(username));
        await page.GetByRole(AriaRole.Button, new() { Name = L("TfaVerify") }).ClickAsync();
    }
}
