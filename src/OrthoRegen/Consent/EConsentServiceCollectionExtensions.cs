using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OrthoRegen.Consent;

// In the root namespace so AddOrthoRegen calls it without a using per slice.
namespace OrthoRegen;

public static class EConsentServiceCollectionExtensions
{
    /// <summary>The consent documents (<c>Consent:FormsFile</c>, else the embedded consent-forms.json) and the e-consent store.</summary>
    public static IServiceCollection AddEConsent(this IServiceCollection services, IConfiguration configuration)
    {
        var documents = SettingsFile.Load(configuration, "Consent:FormsFile", ConsentDocuments.Default, ConsentDocuments.Parse);
        return services.AddSingleton(documents).AddSingleton<EConsentStore>();
    }
}
