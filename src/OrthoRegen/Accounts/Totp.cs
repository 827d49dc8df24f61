using System.Security.Cryptography;
using System.Text;

namespace OrthoRegen.Accounts;

/// <summary>
/// Time-based one-time passwords as authenticator apps compute them: RFC 6238 TOTP over RFC 4226 HOTP with HMAC-SHA-1,
/// 6 digits and a 30-second step counted from the Unix epoch. A code is accepted for the current step and one step
/// either side (clock drift of up to 30 s); the caller refuses a step at or before the last one used (no replay).
/// </summary>
/// <remarks>Checked against RFC 4226 appendix D and RFC 6238 appendix B (SHA-1 rows).</remarks>
public static class Totp
{
    public const int Digits = 6;
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(30);
    /// <summary>Steps accepted either side of the current one.</summary>
    public const int Window = 1;
    /// <summary>Secret length in bytes (160 bits, RFC 4226 section 4's recommendation).</summary>
    public const int SecretBytes = 20;

    /// <summary>RFC 4226 HOTP: dynamic truncation of HMAC-SHA-1(key, counter) to <paramref name="digits"/> decimal digits.</summary>
    public static string Hotp(ReadOnlySpan<byte> key, long counter, int digits = Digits)
    {
        if (digits is < 6 or > 9) throw new ArgumentOutOfRangeException(nameof(digits), "6 to 9 digits.");
        Span<byte> message = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(message, counter);
        Span<byte> mac = stackalloc byte[20];
        HMACSHA1.HashData(key, message, mac);
        var offset = mac[^1] & 0x0f;
        var binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
        var modulo = 1;
        for (var i = 0; i < digits; i++) modulo *= 10;
        return (binary % modulo).ToString(new string('0', digits), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The RFC 6238 time step containing <paramref name="at"/>: floor(Unix seconds / 30).</summary>
    public static long TimeStepAt(DateTimeOffset at) => Math.DivRem(at.ToUnixTimeSeconds(), (long)Step.TotalSeconds, out var r) - (r < 0 ? 1 : 0);

    /// <summary>The code an authenticator shows at <paramref name="at"/>.</summary>
    public static string CodeAt(ReadOnlySpan<byte> key, DateTimeOffset at, int digits = Digits) => Hotp(key, TimeStepAt(at), digits);

    /// <summary>
    /// The time step whose code equals <paramref name="code"/> within ±<see cref="Window"/> steps of <paramref name="now"/>,
    /// or null. Spaces in the code are ignored; anything but six digits is not a code.
    /// </summary>
    public static long? MatchingStep(ReadOnlySpan<byte> key, string? code, DateTimeOffset now)
    {
        var c = Normalise(code);
        if (c is null) return null;
        var current = TimeStepAt(now);
        long? found = null;
        // Every candidate is computed and compared in constant time, so timing does not tell which step matched.
        for (var step = current - Window; step <= current + Window; step++)
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hotp(key, step)), Encoding.ASCII.GetBytes(c)) && found is null)
                found = step;
        return found;
    }

    /// <summary>Six ASCII digits with spaces removed, or null.</summary>
    public static string? Normalise(string? code)
    {
        if (code is null) return null;
        var c = code.Replace(" ", "", StringComparison.Ordinal);
        return c.Length == Digits && c.All(char.IsAsciiDigit) ? c : null;
    }

    /// <summary>A new random secret.</summary>
    public static byte[] NewSecret() => RandomNumberGenerator.GetBytes(SecretBytes);

    /// <summary>
    /// The <c>otpauth://totp/</c> URI authenticator apps read from a QR code (Google Authenticator "Key Uri Format"):
    /// label <c>issuer:account</c>, base32 secret without padding, SHA1, 6 digits, 30 s.
    /// </summary>
    public static string OtpauthUri(string issuer, string account, ReadOnlySpan<byte> secret) =>
        $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(account)}?secret={Base32.Encode(secret)}" +
        $"&issuer={Uri.EscapeDataString(issuer)}&algorithm=SHA1&digits={Digits}&period={(int)Step.TotalSeconds}";
}

/// <summary>RFC 4648 base32 (alphabet A–Z, 2–7) without padding, as authenticator apps expect secrets.</summary>
public static class Base32
{
    const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var sb = new StringBuilder((data.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                sb.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) sb.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        return sb.ToString();
    }

    /// <summary>Decodes base32, ignoring case, spaces, dashes and '=' padding; null when a character is not base32.</summary>
    public static byte[]? Decode(string text)
    {
        var bytes = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var ch in text)
        {
            if (ch is ' ' or '-' or '=') continue;
            var v = Alphabet.IndexOf(char.ToUpperInvariant(ch));
            if (v < 0) return null;
            buffer = ((buffer << 5) | v) & 0xffff;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)((buffer >> (bits - 8)) & 0xff));
                bits -= 8;
            }
        }
        return bytes.ToArray();
    }
}
