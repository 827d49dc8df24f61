using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using OrthoRegen.Accounts;

namespace OrthoRegen.Web.Accounts;

/// <summary>
/// Core's <see cref="ISecretProtection"/> through ASP.NET data protection (authenticated encryption with the key ring
/// kept in the database), under its own purpose string so a TOTP secret can never be read as a cookie or vice versa.
/// </summary>
public sealed class DataProtectionSecrets(IDataProtectionProvider provider) : ISecretProtection
{
    readonly IDataProtector _protector = provider.CreateProtector("OrthoRegen.Accounts.TotpSecret.v1");

    public string Protect(string plaintext) => _protector.Protect(plaintext);

    public string? Unprotect(string ciphertext)
    {
        try { return _protector.Unprotect(ciphertext); }
        catch (CryptographicException) { return null; }
    }
}

public static class DataProtectionSetUp
{
    /// <summary>
    /// Data protection with the key ring in the database (stateless nodes; the CLI reads the same keys) and Core's secret
    /// protection on top. Used by the web host and the CLI.
    /// </summary>
    public static IServiceCollection AddOrthoRegenDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("OrthoRegen");
        services.AddOptions<KeyManagementOptions>().Configure<DataProtectionKeyStore>((o, store) => o.XmlRepository = new DatabaseXmlRepository(store));
        services.AddSingleton<ISecretProtection, DataProtectionSecrets>();
        return services;
    }
}
