using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace OrthoRegen.Accounts;

public static class AccountsServiceCollectionExtensions
{
    /// <summary>
    /// Account settings and two-factor sign-in. The host registers <see cref="ISecretProtection"/> (data protection)
    /// and <see cref="IPasswordHashing"/>.
    /// </summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton(AccountOptions.FromConfiguration(configuration)).AddSingleton<TwoFactorStore>();
}
