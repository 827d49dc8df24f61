using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OrthoRegen.Portal;

public static class PortalServiceCollectionExtensions
{
    /// <summary>
    /// The portal store, its options (<c>Portal:*</c>), the sender chosen by <c>Portal:Sender</c> (Log, the default, or
    /// Smtp) and a link vault for the outbox (a host with a key ring registers its own before or after; the in-memory
    /// one is the fallback).
    /// </summary>
    public static IServiceCollection AddPortal(this IServiceCollection services, IConfiguration configuration)
    {
        var options = PortalOptions.FromConfiguration(configuration);
        services.AddSingleton(options);
        services.TryAddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.TryAddSingleton<IPortalLinkVault, EphemeralLinkVault>();
        if (options.Sender == PortalOptions.SmtpSender) services.AddSingleton<IPortalLinkSender, SmtpPortalLinkSender>();
        else services.AddSingleton<IPortalLinkSender, LogPortalLinkSender>();
        return services.AddSingleton<PortalStore>();
    }
}
