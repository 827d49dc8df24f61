using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OrthoRegen.Accounts;
using OrthoRegen.Web.Hosting;

namespace OrthoRegen.Web.Accounts;

/// <summary>Authenticates <c>Authorization: Bearer orr_…</c> personal API tokens (stored hashed).</summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, UserStore users)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var user = await users.FindByTokenAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (user is null) return AuthenticateResult.Fail("Invalid or revoked token.");
        return AuthenticateResult.Success(new AuthenticationTicket(ActorClaims.ToPrincipal(user, SchemeName), SchemeName));
    }
}
