using System.Security.Cryptography;

namespace OrthoRegen.Patients;

/// <summary>
/// The code printed on labels and exports instead of the patient's identity (21 CFR 1271.290(c)): "P-" followed by
/// eight random characters from an alphabet without look-alikes (no 0/O, 1/I/L, U) and one ISO 7064 mod 37-2 check
/// character over them, so a mistyped code is caught.
/// </summary>
public static class PseudonymCode
{
    const string Alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static string New()
    {
        Span<char> body = stackalloc char[8];
        for (var i = 0; i < body.Length; i++) body[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        var s = new string(body);
        return "P-" + s + Mod37_2.CheckCharacter(s);
    }

    public static bool IsWellFormed(string? code) =>
        code is { Length: 11 } && code.StartsWith("P-", StringComparison.Ordinal)
        && code[2..10].All(c => Alphabet.Contains(c)) && Mod37_2.CheckCharacter(code[2..10]) == code[10];
}

/// <summary>ISO 7064 MOD 37-2 check character over 0-9 and A-Z (values 0–35), with '*' for 36; as used by ISBT 128.</summary>
public static class Mod37_2
{
    const string Chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*";

    public static char CheckCharacter(string input)
    {
        var sum = 0;
        foreach (var ch in input)
        {
            var v = Chars.IndexOf(char.ToUpperInvariant(ch));
            if (v < 0 || v > 35) throw new ArgumentException($"'{ch}' is not a digit or letter A-Z.", nameof(input));
            sum = (sum + v) * 2 % 37;
        }
        var check = (38 - sum) % 37;
        return Chars[check];
    }
}
