using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using OrthoRegen.Portal;

namespace OrthoRegen.Tests.Portal;

/// <summary>The SMTP sender against a tiny SMTP listener on 127.0.0.1 that records one message (RFC 5321 happy path).</summary>
public class PortalLinkSenderTests
{
    static async Task<string> ReceiveOneAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 test ESMTP");
        var data = new StringBuilder();
        while (await reader.ReadLineAsync() is { } line)
        {
            var cmd = line.ToUpperInvariant();
            if (cmd.StartsWith("EHLO", StringComparison.Ordinal) || cmd.StartsWith("HELO", StringComparison.Ordinal)) await writer.WriteLineAsync("250 test");
            else if (cmd.StartsWith("MAIL", StringComparison.Ordinal) || cmd.StartsWith("RCPT", StringComparison.Ordinal)) { data.AppendLine(line); await writer.WriteLineAsync("250 OK"); }
            else if (cmd == "DATA")
            {
                await writer.WriteLineAsync("354 end with .");
                while (await reader.ReadLineAsync() is { } body && body != ".") data.AppendLine(body);
                await writer.WriteLineAsync("250 queued");
            }
            else if (cmd == "QUIT") { await writer.WriteLineAsync("221 bye"); break; }
            else await writer.WriteLineAsync("250 OK");
        }
        return data.ToString();
    }

    [Fact]
    public async Task Smtp_SendsTheLinkToThePatientAddress()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var received = ReceiveOneAsync(listener);
        var options = PortalOptions.Default with { Sender = PortalOptions.SmtpSender, Smtp = new SmtpSettings("127.0.0.1", port, "clinic@example.org", null, null, false) };
        var sender = new SmtpPortalLinkSender(options, NullLogger<SmtpPortalLinkSender>.Instance);
        var url = "http://clinic.test/portal/" + PortalToken.New();

        var status = await sender.SendAsync(new PortalLinkMessage("l1", "p1", "minji@example.org", "en", ["M3"], new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero), url), default);

        var mail = await received.WaitAsync(TimeSpan.FromSeconds(20));
        listener.Stop();
        Assert.Equal(PortalSendStatus.Sent, status);
        Assert.Contains("<minji@example.org>", mail);
        // The UTF-8 body travels base64-encoded (System.Net.Mail's choice for UTF-8): decode what follows the headers.
        var lines = mail.Replace("\r", "").Split('\n');
        var encoded = string.Concat(lines.SkipWhile(l => l.Length > 0).Skip(1).TakeWhile(l => l.Length > 0));
        Assert.Contains("Content-Transfer-Encoding: base64", mail);
        Assert.Contains(url, Encoding.UTF8.GetString(Convert.FromBase64String(encoded)));
    }

    [Fact]
    public async Task Smtp_NoAddressOnRecord_LeavesItToTheOutbox()
    {
        var options = PortalOptions.Default with { Sender = PortalOptions.SmtpSender, Smtp = new SmtpSettings("127.0.0.1", 1, "clinic@example.org", null, null, false) };
        var status = await new SmtpPortalLinkSender(options, NullLogger<SmtpPortalLinkSender>.Instance)
            .SendAsync(new PortalLinkMessage("l1", "p1", null, "ko", ["M3"], DateTimeOffset.UnixEpoch, "http://x/portal/t"), default);
        Assert.Equal(PortalSendStatus.NoAddress, status);
    }

    [Fact]
    public void Message_ToStringAndSummary_NeverHoldTheToken()
    {
        var token = PortalToken.New();
        var m = new PortalLinkMessage("l1", "p1", "a@b.c", "en", ["M1", "M3"], new DateTimeOffset(2026, 6, 22, 0, 0, 0, TimeSpan.Zero), "http://x/portal/" + token);
        Assert.Equal("Portal link issued for visit M1, M3, expires 2026-06-22 00:00 UTC", m.Summary);
        Assert.DoesNotContain(token, m.ToString());
        Assert.DoesNotContain("a@b.c", m.Summary);
    }

    [Fact]
    public void Vault_SealsAndOpens_AndRefusesTampering()
    {
        var vault = new EphemeralLinkVault();
        var sealedLink = vault.Seal("http://x/portal/abc");
        Assert.DoesNotContain("abc", sealedLink);
        Assert.Equal("http://x/portal/abc", vault.Open(sealedLink));
        Assert.Null(new EphemeralLinkVault().Open(sealedLink)); // another key
        Assert.Null(vault.Open("not base64!"));
    }
}
