using System.Diagnostics;
using Microsoft.Playwright;
using OrthoRegen.Charts;

namespace OrthoRegen.BrowserTests.Consent;

/// <summary>
/// A real decode of our QR codes: Chromium renders the SVG, Playwright takes a PNG screenshot, and Debian's
/// <c>zbarimg</c> (zbar-tools, installed by ./test.sh) reads it back. Proves the whole encoder, including the mask
/// chosen by the penalty rules, against an independent decoder.
/// </summary>
public sealed class QrCodeDecodeTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    const string ZbarImg = "/usr/bin/zbarimg";

    public static TheoryData<string> Texts => new()
    {
        "A", // version 1
        "https://orthoregen.example/q/AB12", // version 3
        // 150 characters: version 8 at level M (four blocks of two lengths, version information)
        "https://clinic.orthoregen.example/portal/questionnaires/open?token=Q7vX2mK9pL4sT8wR1zY6nB3cF5hJ0dGaEuIoP-kqWxeVtrYbNm&lang=ko&visit=M12&site=SEOUL-012",
        "동의서를 읽고 이해한 내용을 확인합니다", // Korean, UTF-8 with ECI 26
        "知情同意：请阅读后签名", // Chinese
        new string('x', 300) + "-" + new string('7', 60), // version 13, several blocks
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public async Task ToSvg_RenderedInChromium_DecodesWithZbar(string text)
    {
        var svg = QrCode.ToSvg(text, module: 4, quietZone: 4);
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 800, Height = 800 } });
        var page = await context.NewPageAsync();
        await page.SetContentAsync($"<!doctype html><html><body style=\"margin:0;background:#fff\">{svg}</body></html>");
        var png = Path.Combine(Path.GetTempPath(), $"qr-{Guid.NewGuid():N}.png");
        try
        {
            await page.Locator("svg").ScreenshotAsync(new LocatorScreenshotOptions { Path = png });
            var output = await ZbarAsync(png);
            Assert.Equal(text, output);
        }
        finally
        {
            File.Delete(png);
        }
    }

    /// <summary>Decodes the one QR code in a PNG with zbarimg; fails the test when zbarimg cannot read it.</summary>
    internal static async Task<string> ZbarAsync(string png)
    {
        if (!File.Exists(ZbarImg)) throw new InvalidOperationException($"{ZbarImg} not found: install Debian's zbar-tools package (./test.sh does).");
        var psi = new ProcessStartInfo(ZbarImg) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", png }) psi.ArgumentList.Add(a);
        using var zbar = Process.Start(psi)!;
        var output = await zbar.StandardOutput.ReadToEndAsync();
        var error = await zbar.StandardError.ReadToEndAsync();
        await zbar.WaitForExitAsync();
        Assert.True(zbar.ExitCode == 0, $"zbarimg exit {zbar.ExitCode}: {error}");
        return output.TrimEnd('\n');
    }
}
