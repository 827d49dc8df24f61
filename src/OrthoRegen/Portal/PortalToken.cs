using System.Security.Cryptography;
using System.Text;

namespace OrthoRegen.Portal;

/// <summary>
/// The secret of a portal link: 32 random bytes from the OS generator, written base64url without padding (43 characters),
/// so it fits a URL path segment. Only <see cref="Hash"/> (SHA-256 of the token's ASCII text, lower-case hex) is stored:
/// a copy of the database does not open anyone's questionnaire.
/// </summary>
public static class PortalToken
{
    public const int Bytes = 32, Length = 43;

    /// <summary>A new token from <see cref="RandomNumberGenerator"/>.</summary>
    public static string New() => Base64Url(RandomNumberGenerator.GetBytes(Bytes));

    /// <summary>SHA-256 of the token text, lower-case hex (64 characters).</summary>
    public static string Hash(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(token)));
    }

    /// <summary>True when <paramref name="token"/> has the shape of a token (43 base64url characters); anything else is
    /// refused before the database is asked.</summary>
    public static bool LooksValid(string? token)
    {
        if (token is not { Length: Length }) return false;
        foreach (var ch in token)
            if (!(ch is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_')) return false;
        return true;
    }

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
