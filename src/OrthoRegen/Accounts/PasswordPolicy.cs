namespace OrthoRegen.Accounts;

/// <summary>
/// The staff password policy, applied when an account is created, when a user changes their password and when an
/// administrator resets it (API, pages and CLI alike):
/// <list type="bullet">
/// <item>at least <see cref="MinLength"/> and at most <see cref="MaxLength"/> characters;</item>
/// <item>not the username, and not containing it;</item>
/// <item>not one of a short list of common passwords (compared ignoring case, spaces and punctuation);</item>
/// <item>not all from one character class (lowercase, uppercase, digits, other) and at least 5 different characters.</item>
/// </list>
/// Lockout after <see cref="UserStore.LockoutThreshold"/> failures is what stops guessing; these rules stop the guesses
/// that come first.
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 12;
    public const int MaxLength = 256;
    public const int MinDistinct = 5;

    public static class Messages
    {
        public static readonly string TooShort = $"Must be at least {MinLength} characters.";
        public static readonly string TooLong = $"Must be at most {MaxLength} characters.";
        public const string ContainsUsername = "Must not contain the username.";
        public const string Common = "Is a commonly used password; choose another.";
        public const string OneClass = "Must mix at least two of: lowercase letters, uppercase letters, digits, other characters.";
        public static readonly string FewDistinct = $"Must use at least {MinDistinct} different characters.";
        public const string SameAsCurrent = "Must differ from the current password.";
    }

    /// <summary>
    /// Common passwords of 12 characters or more (shorter ones fail the length rule anyway), lowercased with spaces and
    /// punctuation removed; drawn from the most frequent entries of public breach lists.
    /// </summary>
    static readonly HashSet<string> CommonPasswords = new(StringComparer.Ordinal)
    {
        "123456789012", "1234567890123", "12345678901234", "123456123456", "111111111111", "000000000000",
        "123123123123", "qwertyuiop12", "qwertyuiop123", "qwertyuiop1234", "qwerty123456", "qwertyqwerty",
        "qwertyuiopasdfghjkl", "1q2w3e4r5t6y", "1qaz2wsx3edc", "1qaz2wsx3edc4rfv", "zaq12wsxcde3", "asdfghjkl123",
        "password1234", "password12345", "password123456", "passwordpassword", "password1password1", "passw0rd1234",
        "p4ssw0rd1234", "iloveyou1234", "letmein12345", "welcome12345", "welcome123456", "administrator",
        "administrator1", "admin1234567", "admin123456789", "changeme1234", "changeme12345", "changemenow1",
        "trustno112345", "football1234", "baseball1234", "superman1234", "princess1234", "sunshine1234",
        "monkey123456", "dragon123456", "master123456", "abc123456789", "abcdefghijkl", "abcdefgh1234",
        "abcd12345678", "aa1234567890", "qazwsxedcrfv", "correcthorsebatterystaple", "thequickbrownfox",
        "orthoregen123", "orthoregen1234", "hospital1234", "hospital12345", "doctor123456", "nurse1234567",
        "summer202420", "winter202420", "spring202420", "autumn202420", "january12345", "password2024",
        "password2025", "password2026", "welcome2024", "welcome2025", "welcome2026", "qwerty2024",
        // Short stems that reach 12 characters with punctuation (Password123!, P@ssw0rd1234, Welcome123!!).
        "password123", "password12", "password1", "password", "pssw0rd1234", "pssw0rd123", "passw0rd123", "qwerty123",
        "welcome123", "admin123", "letmein123", "iloveyou123", "changeme123", "qwerty12345",
    };

    /// <summary>Every rule <paramref name="password"/> breaks, as messages; empty when it is acceptable.</summary>
    public static IReadOnlyList<string> Problems(string? password, string username)
    {
        var p = new List<string>();
        if (string.IsNullOrEmpty(password) || password.Length < MinLength) { p.Add(Messages.TooShort); return p; }
        if (password.Length > MaxLength) { p.Add(Messages.TooLong); return p; }
        if (username.Length > 0 && password.Contains(username, StringComparison.OrdinalIgnoreCase)) p.Add(Messages.ContainsUsername);
        if (IsCommon(password)) p.Add(Messages.Common);
        if (Classes(password) < 2) p.Add(Messages.OneClass);
        if (password.Distinct().Count() < MinDistinct) p.Add(Messages.FewDistinct);
        return p;
    }

    /// <summary>True when the password, lowercased with spaces and punctuation dropped, is on the common list.</summary>
    public static bool IsCommon(string password) =>
        CommonPasswords.Contains(new string(password.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray()));

    static int Classes(string password) =>
        (password.Any(char.IsLower) ? 1 : 0) + (password.Any(char.IsUpper) ? 1 : 0) + (password.Any(char.IsDigit) ? 1 : 0)
        + (password.Any(ch => !char.IsLetterOrDigit(ch)) ? 1 : 0);
}
