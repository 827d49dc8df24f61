using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace OrthoRegen.Portal;

/// <summary>Portal settings (configuration section <c>Portal</c>).</summary>
/// <param name="LinkLifetimeDays">Longest a link may live, in days from issue (<c>Portal:LinkLifetimeDays</c>, default 30):
/// the default expiry, the end of the latest window of its visits, is capped by it.</param>
/// <param name="AutoIssue">Issue a link automatically once per visit when its window opens (<c>Portal:AutoIssue</c>, default false).</param>
/// <param name="AutoIssueMinutes">How often the web host looks for newly opened windows (<c>Portal:AutoIssueMinutes</c>, default 60).</param>
/// <param name="Sender">Log (default) or Smtp (<c>Portal:Sender</c>).</param>
/// <param name="PublicBaseUrl">The address patients open links at (<c>Portal:PublicBaseUrl</c>); when unset, a link issued
/// from a staff page uses that page's address and an automatic link the first of <c>Urls</c>.</param>
public sealed record PortalOptions(int LinkLifetimeDays, bool AutoIssue, int AutoIssueMinutes, string Sender, string? PublicBaseUrl, SmtpSettings Smtp)
{
    public const string LogSender = "Log", SmtpSender = "Smtp";

    public static PortalOptions Default { get; } = new(30, false, 60, LogSender, null, SmtpSettings.None);

    /// <summary>Reads the <c>Portal</c> section; a value out of range stops start-up naming the key.</summary>
    public static PortalOptions FromConfiguration(IConfiguration configuration)
    {
        var s = configuration.GetSection("Portal");
        int Int(string key, int fallback, int min, int max)
        {
            var raw = s[key];
            if (string.IsNullOrWhiteSpace(raw)) return fallback;
            if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
                throw new InvalidOperationException($"Portal:{key} must be a whole number from {min} to {max}, not '{raw}'.");
            return v;
        }
        var sender = string.IsNullOrWhiteSpace(s["Sender"]) ? LogSender : s["Sender"]!.Trim();
        if (!sender.Equals(LogSender, StringComparison.OrdinalIgnoreCase) && !sender.Equals(SmtpSender, StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Portal:Sender must be Log or Smtp, not '{sender}'.");
        sender = sender.Equals(SmtpSender, StringComparison.OrdinalIgnoreCase) ? SmtpSender : LogSender;
        var auto = s["AutoIssue"];
        if (!string.IsNullOrWhiteSpace(auto) && !bool.TryParse(auto, out _))
            throw new InvalidOperationException($"Portal:AutoIssue must be true or false, not '{auto}'.");
        var smtp = new SmtpSettings(s["Smtp:Host"], Int("Smtp:Port", 25, 1, 65535), s["Smtp:From"], s["Smtp:Username"], s["Smtp:Password"],
            bool.TryParse(s["Smtp:EnableSsl"], out var ssl) && ssl);
        if (sender == SmtpSender && (string.IsNullOrWhiteSpace(smtp.Host) || string.IsNullOrWhiteSpace(smtp.From)))
            throw new InvalidOperationException("Portal:Sender is Smtp: Portal:Smtp:Host and Portal:Smtp:From are required.");
        var baseUrl = s["PublicBaseUrl"] is { Length: > 0 } b ? b.TrimEnd('/') : null;
        if (baseUrl is not null && !Uri.TryCreate(baseUrl, UriKind.Absolute, out _))
            throw new InvalidOperationException($"Portal:PublicBaseUrl must be an absolute address, not '{baseUrl}'.");
        return new PortalOptions(Int("LinkLifetimeDays", 30, 1, 365), auto is not null && bool.Parse(auto), Int("AutoIssueMinutes", 60, 1, 1440),
            sender, baseUrl ?? FirstUrl(configuration["Urls"]), smtp);
    }

    static string? FirstUrl(string? urls) =>
        urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(u => !u.Contains('*') && !u.EndsWith(":0", StringComparison.Ordinal))?.TrimEnd('/');
}

/// <summary>SMTP settings of the mail sender (<c>Portal:Smtp:Host</c>, <c>Port</c>, <c>From</c>, <c>Username</c>, <c>Password</c>, <c>EnableSsl</c>).</summary>
public sealed record SmtpSettings(string? Host, int Port, string? From, string? Username, string? Password, bool EnableSsl)
{
    public static SmtpSettings None { get; } = new(null, 25, null, null, null, false);
    public override string ToString() => $"SmtpSettings {{ Host = {Host}, Port = {Port}, From = {From} }}"; // never the password
}
