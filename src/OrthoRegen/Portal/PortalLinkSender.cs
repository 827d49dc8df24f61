using System.Net;
using System.Net.Mail;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace OrthoRegen.Portal;

/// <summary>A link to hand to a patient: who it is for and what it opens. <see cref="Url"/> holds the secret token.</summary>
/// <param name="Email">The patient's e-mail address when the record has one (the SMTP sender needs it).</param>
/// <param name="Language">en, ko or zh: the language of the message.</param>
public sealed record PortalLinkMessage(string LinkId, string PatientId, string? Email, string Language, IReadOnlyList<string> VisitCodes,
    DateTimeOffset ExpiresAt, string Url)
{
    /// <summary>What may be written to logs and the outbox summary: visits and expiry, never the token or the patient.</summary>
    public string Summary => $"Portal link issued for visit {string.Join(", ", VisitCodes)}, expires {ExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC";

    public override string ToString() => Summary; // a record's generated ToString would print the URL
}

/// <summary>The outcome of one send, kept on the outbox entry.</summary>
public static class PortalSendStatus
{
    /// <summary>Written to the log; the coordinator hands the link over from the outbox.</summary>
    public const string ToHandOver = "TO_HAND_OVER";
    public const string Sent = "SENT", Failed = "FAILED", NoAddress = "NO_ADDRESS";
}

/// <summary>How a new link reaches the patient (<c>Portal:Sender</c>: Log or Smtp). Every message is also kept in the
/// outbox, whatever the sender did, so the coordinator can hand the link over in person.</summary>
public interface IPortalLinkSender
{
    string Channel { get; }

    /// <summary>Sends the message; returns a <see cref="PortalSendStatus"/> value. Never throws for a delivery problem.</summary>
    Task<string> SendAsync(PortalLinkMessage message, CancellationToken ct);
}

/// <summary>The default sender: one log line without the token or any patient identifier; the link waits in the outbox.</summary>
public sealed class LogPortalLinkSender(ILogger<LogPortalLinkSender> log) : IPortalLinkSender
{
    public string Channel => "LOG";

    public Task<string> SendAsync(PortalLinkMessage message, CancellationToken ct)
    {
        log.LogInformation("{Summary} (link {LinkId}; hand it over from the patient's outbox)", message.Summary, message.LinkId);
        return Task.FromResult(PortalSendStatus.ToHandOver);
    }
}

/// <summary>Sends the link by e-mail through <see cref="SmtpClient"/> (<c>Portal:Smtp:*</c>) to the address on the patient record.</summary>
public sealed class SmtpPortalLinkSender(PortalOptions options, ILogger<SmtpPortalLinkSender> log) : IPortalLinkSender
{
    public string Channel => "SMTP";

    public async Task<string> SendAsync(PortalLinkMessage message, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(message.Email))
        {
            log.LogInformation("{Summary}: no e-mail address on the record; hand it over from the outbox (link {LinkId})", message.Summary, message.LinkId);
            return PortalSendStatus.NoAddress;
        }
        var smtp = options.Smtp;
        using var client = new SmtpClient(smtp.Host, smtp.Port) { EnableSsl = smtp.EnableSsl, DeliveryMethod = SmtpDeliveryMethod.Network };
        if (!string.IsNullOrEmpty(smtp.Username)) client.Credentials = new NetworkCredential(smtp.Username, smtp.Password);
        using var mail = new MailMessage(smtp.From!, message.Email)
        {
            Subject = PortalMessages.MailSubject(message.Language),
            Body = PortalMessages.MailBody(message.Language, message.Url, message.ExpiresAt),
            BodyEncoding = Encoding.UTF8,
            SubjectEncoding = Encoding.UTF8,
        };
        try
        {
            await client.SendMailAsync(mail, ct);
            log.LogInformation("{Summary}: e-mailed (link {LinkId})", message.Summary, message.LinkId);
            return PortalSendStatus.Sent;
        }
        catch (SmtpException e)
        {
            log.LogWarning("{Summary}: e-mail failed ({Reason}); hand it over from the outbox (link {LinkId})", message.Summary, e.StatusCode, message.LinkId);
            return PortalSendStatus.Failed;
        }
    }
}

/// <summary>
/// Seals the link kept in the outbox, so the database never holds a token in clear. The web host uses its Data
/// Protection key ring (shared by all nodes, rotated); <see cref="EphemeralLinkVault"/> is the fallback for processes
/// without one, whose sealed links cannot be opened after a restart (issue a new link then).
/// </summary>
public interface IPortalLinkVault
{
    string Seal(string link);

    /// <summary>The link, or null when it cannot be opened (other key, tampered).</summary>
    string? Open(string sealedLink);
}

/// <summary>AES-GCM with a random key held in memory for the life of the process.</summary>
public sealed class EphemeralLinkVault : IPortalLinkVault
{
    readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string Seal(string link)
    {
        var plain = Encoding.UTF8.GetBytes(link);
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var cipher = new byte[plain.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using var aes = new AesGcm(_key, tag.Length);
        aes.Encrypt(nonce, plain, cipher, tag);
        return Convert.ToBase64String([.. nonce, .. tag, .. cipher]);
    }

    public string? Open(string sealedLink)
    {
        try
        {
            var all = Convert.FromBase64String(sealedLink);
            var n = AesGcm.NonceByteSizes.MaxSize;
            var t = AesGcm.TagByteSizes.MaxSize;
            if (all.Length < n + t) return null;
            var plain = new byte[all.Length - n - t];
            using var aes = new AesGcm(_key, t);
            aes.Decrypt(all.AsSpan(0, n), all.AsSpan(n + t), all.AsSpan(n, t), plain);
            return Encoding.UTF8.GetString(plain);
        }
        catch (Exception e) when (e is FormatException or CryptographicException) { return null; }
    }
}
