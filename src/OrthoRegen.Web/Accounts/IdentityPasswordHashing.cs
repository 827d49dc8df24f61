using Microsoft.AspNetCore.Identity;
using OrthoRegen.Accounts;

namespace OrthoRegen.Web.Accounts;

/// <summary>Core's password hashing through ASP.NET Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2, versioned format).</summary>
public sealed class IdentityPasswordHashing : IPasswordHashing
{
    static readonly PasswordHasher<string> Hasher = new();

    public string Hash(string password) => Hasher.HashPassword("", password);

    public bool Verify(string hash, string password, out bool rehash)
    {
        var r = Hasher.VerifyHashedPassword("", hash, password);
        rehash = r == PasswordVerificationResult.SuccessRehashNeeded;
        return r != PasswordVerificationResult.Failed;
    }
}
