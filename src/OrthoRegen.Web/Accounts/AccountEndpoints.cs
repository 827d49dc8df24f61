using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using OrthoRegen.Accounts;
using OrthoRegen.Web.Hosting;

namespace OrthoRegen.Web.Accounts;

/// <summary>Sign-in, the signed-in user, password change, API tokens, and staff accounts (Admin).</summary>
public static class AccountEndpoints
{
    public sealed record SessionRequest(string? Username, string? Password, string? TotpCode = null);
    public sealed record CodeRequest(string? Code);
    public sealed record PasswordChange(string? CurrentPassword, string? NewPassword);
    public sealed record TokenRequest(string? Name);
    public sealed record Me(string Id, string Username, string DisplayName, IReadOnlyList<string> Roles, bool AllSites,
        IReadOnlyList<string> SiteIds, string Language, bool MustChangePassword, bool TwoFactorEnabled, bool MustEnrolTwoFactor);
    public sealed record TotpStatus(bool Enabled, int RecoveryCodesLeft);

    public static void MapAccounts(this IEndpointRouteBuilder app)
    {
        var session = app.MapGroup("/api/session").WithTags("Session");
        session.MapPost("/", SignIn).AllowAnonymous().RequireRateLimiting(WebHosting.LoginRateLimit);
        session.MapPost("/code", SecondFactor).AllowAnonymous().RequireRateLimiting(WebHosting.LoginRateLimit);
        session.MapDelete("/", SignOut).AllowAnonymous().DisableAntiforgery();

        var me = app.MapGroup("/api/me").WithTags("Session").RequireAuthorization(Policies.Staff);
        me.MapGet("/", GetMe);
        me.MapPost("/password", ChangePassword);
        me.MapGet("/totp", GetTotp);
        me.MapPost("/totp", BeginTotp);
        me.MapPost("/totp/confirm", ConfirmTotp);
        me.MapGet("/tokens", ListTokens);
        me.MapPost("/tokens", CreateToken);
        me.MapDelete("/tokens/{tokenId}", RevokeToken);

        var users = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization(Policies.Admin);
        users.MapGet("/", ListUsers);
        users.MapPost("/", CreateUser);
        users.MapPost("/{userId}/tokens", CreateTokenFor);
        users.MapDelete("/{userId}/tokens/{tokenId}", RevokeTokenOf);
    }

    /// <summary>
    /// Password sign-in. A user with two-factor sign-in sends <c>totpCode</c> (a current code or a recovery code) in the
    /// same call, or gets 401 with <c>codeRequired: true</c> and a half-session cookie for POST /api/session/code.
    /// </summary>
    static async Task<IResult> SignIn(SessionRequest body, UserStore users, HttpContext http, CancellationToken ct)
    {
        var origin = http.Connection.RemoteIpAddress?.ToString();
        var result = await users.SignInAsync(body.Username, body.Password, origin, ct);
        if (result is SignInResult.CodeRequired pending)
        {
            if (string.IsNullOrEmpty(body.TotpCode))
            {
                await Sessions.BeginSecondFactorAsync(http, pending.User);
                return TypedResults.Problem(title: "Code required", statusCode: 401,
                    detail: "Send the 6-digit code from the authenticator app (or a recovery code) as totpCode, or to POST /api/session/code.",
                    extensions: new Dictionary<string, object?> { ["codeRequired"] = true });
            }
            result = await users.CompleteSignInAsync(pending.User.Id, pending.User.SecurityStamp, body.TotpCode, origin, ct);
        }
        return await FinishAsync(result, http);
    }

    /// <summary>The second step after a 401 <c>codeRequired</c>: the code, with the half-session cookie.</summary>
    static async Task<IResult> SecondFactor(CodeRequest body, UserStore users, HttpContext http, CancellationToken ct)
    {
        if (await Sessions.PendingSecondFactorAsync(http) is not { } pending)
            return TypedResults.Problem(title: "Sign-in failed", statusCode: 401, detail: "Sign in with username and password first (the code step lasts 5 minutes).");
        var result = await users.CompleteSignInAsync(pending.UserId, pending.Stamp, body.Code, http.Connection.RemoteIpAddress?.ToString(), ct);
        return await FinishAsync(result, http);
    }

    static async Task<IResult> FinishAsync(SignInResult result, HttpContext http)
    {
        switch (result)
        {
            case SignInResult.Success s:
                await Sessions.StartAsync(http, s.User);
                return TypedResults.Ok(ToMe(s.User));
            case SignInResult.LockedOut l:
                return TypedResults.Problem(title: "Account locked", statusCode: 401,
                    detail: $"Too many failed sign-ins. Try again after {l.Until:yyyy-MM-dd HH:mm} UTC.");
            default:
                return TypedResults.Problem(title: "Sign-in failed", detail: "Wrong username, password or code.", statusCode: 401);
        }
    }

    static async Task<IResult> GetTotp(TwoFactorStore twoFactor, HttpContext http, CancellationToken ct)
    {
        var id = http.Actor().UserId;
        return TypedResults.Ok(new TotpStatus(await twoFactor.IsEnrolledAsync(id, ct), await twoFactor.RecoveryCodesLeftAsync(id, ct)));
    }

    /// <summary>Starts (or shows again) the set-up: the secret in base32 and as an otpauth:// URI for the QR code.</summary>
    static async Task<IResult> BeginTotp(TwoFactorStore twoFactor, HttpContext http, CancellationToken ct) =>
        (await twoFactor.PendingEnrolmentAsync(http.Actor(), ct)).ToHttp(e => TypedResults.Ok(new { secret = e.SecretBase32, otpauthUri = e.OtpauthUri }));

    /// <summary>Confirms the set-up with a current code; answers the ten recovery codes, shown this once.</summary>
    static async Task<IResult> ConfirmTotp(CodeRequest body, TwoFactorStore twoFactor, UserStore users, HttpContext http, CancellationToken ct)
    {
        var outcome = await twoFactor.ConfirmEnrolmentAsync(http.Actor(), body.Code, ct);
        if (outcome is Outcome<RecoveryCodes>.Done && http.User.Identity?.AuthenticationType == CookieAuthenticationDefaults.AuthenticationScheme
            && await users.FindAsync(http.Actor().UserId, ct) is { } u)
            await Sessions.RenewAsync(http, u);
        return outcome.ToHttp(r => TypedResults.Ok(new { recoveryCodes = r.Codes }));
    }

    static async Task<IResult> SignOut(UserStore users, HttpContext http, CancellationToken ct)
    {
        await EndSessionAsync(users, http, ct);
        return TypedResults.NoContent();
    }

    /// <summary>Ends the caller's cookie session on every node (new security stamp), then drops the cookie.</summary>
    internal static async Task EndSessionAsync(UserStore users, HttpContext http, CancellationToken ct)
    {
        if (http.User.Identity is { IsAuthenticated: true, AuthenticationType: CookieAuthenticationDefaults.AuthenticationScheme })
            await users.EndSessionsAsync(http.Actor(), ct);
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    static async Task<IResult> GetMe(UserStore users, HttpContext http, CancellationToken ct) =>
        await users.FindAsync(http.Actor().UserId, ct) is { } u ? TypedResults.Ok(ToMe(u)) : HttpOutcomes.NotFound();

    static async Task<IResult> ChangePassword(PasswordChange body, UserStore users, HttpContext http, CancellationToken ct)
    {
        var outcome = await users.ChangePasswordAsync(http.Actor(), body.CurrentPassword, body.NewPassword, ct);
        if (outcome is Outcome<StaffUser>.Done d && http.User.Identity?.AuthenticationType == CookieAuthenticationDefaults.AuthenticationScheme)
            await Sessions.RenewAsync(http, d.Value);
        return outcome.ToHttp(u => TypedResults.Ok(ToMe(u)));
    }

    static async Task<IResult> ListTokens(UserStore users, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await users.TokensAsync(http.Actor().UserId, ct));

    static async Task<IResult> CreateToken(TokenRequest body, UserStore users, HttpContext http, CancellationToken ct) =>
        (await users.CreateTokenAsync(http.Actor(), http.Actor().UserId, body.Name, ct))
            .ToHttp(t => TypedResults.Created($"/api/me/tokens/{t.Token.Id}", new { t.Token.Id, t.Token.Name, t.Token.CreatedAt, token = t.Secret }));

    static async Task<IResult> RevokeToken(string tokenId, UserStore users, HttpContext http, CancellationToken ct) =>
        await users.RevokeTokenAsync(http.Actor(), http.Actor().UserId, tokenId, ct) ? TypedResults.NoContent() : HttpOutcomes.NotFound();

    static async Task<IResult> ListUsers(UserStore users, CancellationToken ct) =>
        TypedResults.Ok((await users.ListAsync(ct)).Select(ToMe));

    static async Task<IResult> CreateUser(CreateUser body, UserStore users, HttpContext http, CancellationToken ct) =>
        (await users.CreateAsync(http.Actor(), body, ct)).ToHttp(u => TypedResults.Created($"/api/users/{u.Id}", ToMe(u)));

    static async Task<IResult> CreateTokenFor(string userId, TokenRequest body, UserStore users, HttpContext http, CancellationToken ct) =>
        (await users.CreateTokenAsync(http.Actor(), userId, body.Name, ct))
            .ToHttp(t => TypedResults.Created($"/api/users/{userId}/tokens/{t.Token.Id}", new { t.Token.Id, t.Token.Name, t.Token.CreatedAt, token = t.Secret }));

    static async Task<IResult> RevokeTokenOf(string userId, string tokenId, UserStore users, HttpContext http, CancellationToken ct) =>
        await users.RevokeTokenAsync(http.Actor(), userId, tokenId, ct) ? TypedResults.NoContent() : HttpOutcomes.NotFound();

    static Me ToMe(StaffUser u) => new(u.Id, u.Username, u.DisplayName, u.Roles, u.AllSites, u.SiteIds, u.Language, u.MustChangePassword,
        u.TwoFactorEnabled, u.MustEnrolTwoFactor);
}
