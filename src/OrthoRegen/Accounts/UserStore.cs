using System.Security.Cryptography;
using System.Text;
using Dapper;
using OrthoRegen.Audit;
using OrthoRegen.Data;

namespace OrthoRegen.Accounts;

/// <summary>
/// Password hashing is the host's (ASP.NET Identity's <c>PasswordHasher</c>); Core only stores and compares through this.
/// </summary>
public interface IPasswordHashing
{
    string Hash(string password);
    /// <summary>True when <paramref name="password"/> matches; <paramref name="rehash"/> is set when the hash should be upgraded.</summary>
    bool Verify(string hash, string password, out bool rehash);
}

/// <summary>A staff account as the rest of the system sees it (no hash).</summary>
public sealed record StaffUser(
    string Id, string Username, string DisplayName, IReadOnlyList<string> Roles, bool AllSites, IReadOnlyList<string> SiteIds,
    string Language, bool MustChangePassword, bool Disabled, string SecurityStamp, DateTimeOffset? LockedUntil,
    bool TwoFactorEnabled, bool MustEnrolTwoFactor);

/// <summary>Outcome of a sign-in attempt. Every failure looks the same to the caller except lockout.</summary>
public abstract record SignInResult
{
    public sealed record Success(StaffUser User) : SignInResult;
    public sealed record Failed : SignInResult;
    public sealed record LockedOut(DateTimeOffset Until) : SignInResult;
    /// <summary>The password was right and the user has two-factor sign-in: a code must follow (<see cref="UserStore.CompleteSignInAsync"/>).</summary>
    public sealed record CodeRequired(StaffUser User) : SignInResult;
}

/// <summary>Request to create a staff account (Admin only).</summary>
public sealed record CreateUser
{
    public string? Username { get; init; }
    public string? DisplayName { get; init; }
    public string? Password { get; init; }
    public IReadOnlyList<string>? Roles { get; init; }
    public IReadOnlyList<string>? SiteCodes { get; init; }
    public bool AllSites { get; init; }
    public string? Language { get; init; }
}

/// <summary>A personal API token: the secret is shown once, only its SHA-256 is stored.</summary>
public sealed record ApiToken(string Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);
public sealed record NewApiToken(ApiToken Token, string Secret);

/// <summary>
/// Staff accounts, roles, site membership, sign-in with lockout, and API tokens: the only code touching <c>users</c>,
/// <c>user_roles</c>, <c>user_sites</c> and <c>api_tokens</c>.
/// </summary>
public sealed class UserStore(
    Database database, AuditTrail audit, SiteStore sites, IPasswordHashing hashing, TimeProvider clock, TwoFactorStore twoFactor, AccountOptions options)
{
    /// <summary>Failed sign-ins in a row that lock the account.</summary>
    public const int LockoutThreshold = 5;
    /// <summary>How long a locked account stays locked.</summary>
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);
    const string TokenPrefix = "orr_";

    readonly TokenCache _tokens = new(clock, options.TokenCache);

    const string UserColumns = """
        SELECT id AS Id, username AS Username, display_name AS DisplayName, password_hash AS PasswordHash,
               must_change_password AS MustChangePassword, failed_logins AS FailedLogins, locked_until AS LockedUntil,
               language AS Language, all_sites AS AllSites, disabled AS Disabled, security_stamp AS SecurityStamp,
               (totp_secret IS NOT NULL) AS TwoFactorEnabled
        FROM users
        """;

    public async Task<bool> AnyAsync(CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM users", cancellationToken: ct)) > 0;
    }

    /// <summary>
    /// On an empty database: creates the default site and the <c>admin</c> user with <paramref name="password"/>, or a
    /// generated one when null. Returns the password that was set (to print once), or null when users already exist.
    /// The admin must change it at first sign-in.
    /// </summary>
    public async Task<string?> BootstrapAsync(string? password, CancellationToken ct)
    {
        await sites.EnsureAsync("MAIN", "Main clinic", ct);
        if (await AnyAsync(ct)) return null;
        var pw = string.IsNullOrEmpty(password) ? GeneratePassword() : password;
        var now = clock.GetUtcNow();
        var created = await database.InTransactionAsync(async (c, tx) =>
        {
            // Two nodes may start at once: the check inside the write transaction decides.
            if (await c.ExecuteScalarAsync<long>("SELECT count(*) FROM users", transaction: tx) > 0) return false;
            var id = Ids.New(clock);
            await c.ExecuteAsync("""
                INSERT INTO users (id, username, display_name, password_hash, must_change_password, language, all_sites, security_stamp, created_at)
                VALUES (@id, 'admin', 'Administrator', @hash, TRUE, 'en', TRUE, @stamp, @now)
                """, new { id, hash = hashing.Hash(pw), stamp = NewStamp(), now }, tx);
            await c.ExecuteAsync("INSERT INTO user_roles (user_id, role) VALUES (@id, @role)", new { id, role = Roles.Admin }, tx);
            await audit.AppendAsync(c, tx, Actor.System(), new AuditEvent(AuditAction.Create, "user", id, null, ["username", "roles"]));
            return true;
        }, ct);
        return created ? pw : null;
    }

    public async Task<SignInResult> SignInAsync(string? username, string? password, string? origin, CancellationToken ct)
    {
        var name = (username ?? "").Trim().ToLowerInvariant();
        var row = name.Length is > 0 and <= 64 ? await FindRowAsync("username = @name", new { name }, ct) : null;
        var now = clock.GetUtcNow();
        var who = new Actor(row?.Id ?? "unknown", name.Length is > 0 and <= 64 ? name : "unknown", [], false, [], origin);
        if (row is null || row.Disabled || string.IsNullOrEmpty(password) || password.Length > 1024)
        {
            await audit.AppendAsync(who, new AuditEvent(AuditAction.LoginFailed, "user", row?.Id, null), ct);
            return new SignInResult.Failed();
        }
        if (await RefuseIfLockedAsync(row, who, now, ct) is { } locked) return locked;
        if (!hashing.Verify(row.PasswordHash, password, out var rehash))
            return await RecordFailureAsync(row, who, now, "password", ct);
        if (row.TwoFactorEnabled)
        {
            // The failure count is not reset by a right password alone: wrong codes keep counting towards the lockout.
            if (rehash) await RehashAsync(row.Id, password, ct);
            return new SignInResult.CodeRequired((await FindAsync(row.Id, ct))!);
        }
        return await SucceedAsync(row, who, rehash ? hashing.Hash(password) : null, null, ct);
    }

    /// <summary>
    /// The second step of a two-factor sign-in: <paramref name="code"/> is a current TOTP code (not used before) or an
    /// unused recovery code of the user whose password was checked, identified by id and the security stamp it had then
    /// (a reset in between voids the half-finished sign-in). A wrong code counts as a failed sign-in towards the lockout.
    /// </summary>
    public async Task<SignInResult> CompleteSignInAsync(string userId, string securityStamp, string? code, string? origin, CancellationToken ct)
    {
        var row = await FindRowAsync("id = @userId", new { userId }, ct);
        var now = clock.GetUtcNow();
        var who = new Actor(row?.Id ?? "unknown", row?.Username ?? "unknown", [], false, [], origin);
        if (row is null || row.Disabled || row.SecurityStamp != securityStamp || !row.TwoFactorEnabled)
        {
            await audit.AppendAsync(who, new AuditEvent(AuditAction.LoginFailed, "user", row?.Id, null, ["second_factor"]), ct);
            return new SignInResult.Failed();
        }
        if (await RefuseIfLockedAsync(row, who, now, ct) is { } locked) return locked;
        var check = await twoFactor.CheckAsync(row.Id, code, ct);
        if (check is not (SecondFactorCheck.Accepted or SecondFactorCheck.AcceptedRecoveryCode))
            return await RecordFailureAsync(row, who, now, "second_factor", ct);
        return await SucceedAsync(row, who, null, check == SecondFactorCheck.Accepted ? ["totp"] : ["recovery_code"], ct);
    }

    /// <summary>The refusal of an account locked at <paramref name="now"/> (audited), or null when it is not locked.</summary>
    async Task<SignInResult?> RefuseIfLockedAsync(UserRow row, Actor who, DateTimeOffset now, CancellationToken ct)
    {
        if (row.LockedUntil is not { } until || until <= now) return null;
        await audit.AppendAsync(who, new AuditEvent(AuditAction.LoginFailed, "user", row.Id, null, ["locked_out"]), ct);
        return new SignInResult.LockedOut(until);
    }

    /// <summary>
    /// The last step of a sign-in that succeeded: failures and lockout cleared, the password hash replaced by
    /// <paramref name="newHash"/> when given (computed by the caller, outside the write), and LOGIN audited with <paramref name="fields"/>.
    /// </summary>
    async Task<SignInResult> SucceedAsync(UserRow row, Actor who, string? newHash, IReadOnlyList<string>? fields, CancellationToken ct)
    {
        await database.InTransactionAsync(async (c, tx) =>
        {
            await c.ExecuteAsync("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = @id", new { id = row.Id }, tx);
            if (newHash is not null) await c.ExecuteAsync("UPDATE users SET password_hash = @h WHERE id = @id", new { h = newHash, id = row.Id }, tx);
            await audit.AppendAsync(c, tx, who, new AuditEvent(AuditAction.Login, "user", row.Id, null, fields));
            return 0;
        }, ct);
        return new SignInResult.Success((await FindAsync(row.Id, ct))!);
    }

    /// <summary>One more failure in a row; the fifth locks the account for <see cref="LockoutDuration"/> (audited either way).</summary>
    async Task<SignInResult> RecordFailureAsync(UserRow row, Actor who, DateTimeOffset now, string step, CancellationToken ct)
    {
        var lockUntil = await database.InTransactionAsync(async (c, tx) =>
        {
            // Counted in the database (not from the row read before) so failures on two nodes add up.
            var failed = await c.ExecuteScalarAsync<long>("UPDATE users SET failed_logins = failed_logins + 1 WHERE id = @id RETURNING failed_logins",
                new { id = row.Id }, tx);
            DateTimeOffset? until = failed >= LockoutThreshold ? now + LockoutDuration : null;
            if (until is not null)
                await c.ExecuteAsync("UPDATE users SET failed_logins = 0, locked_until = @until WHERE id = @id", new { until, id = row.Id }, tx);
            await audit.AppendAsync(c, tx, who, new AuditEvent(AuditAction.LoginFailed, "user", row.Id, null,
                until is null ? [step, "failed_logins"] : [step, "failed_logins", "locked_until"]));
            return until;
        }, ct);
        return lockUntil is { } l ? new SignInResult.LockedOut(l) : new SignInResult.Failed();
    }

    async Task RehashAsync(string id, string password, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("UPDATE users SET password_hash = @h WHERE id = @id", new { h = hashing.Hash(password), id }, cancellationToken: ct));
    }

    public async Task<StaffUser?> FindAsync(string id, CancellationToken ct)
    {
        var row = await FindRowAsync("id = @id", new { id }, ct);
        return row is null ? null : await ToUserAsync(row, ct);
    }

    public async Task<IReadOnlyList<StaffUser>> ListAsync(CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var rows = await c.QueryAsync<UserRow>(new CommandDefinition(UserColumns + " ORDER BY username", cancellationToken: ct));
        var list = new List<StaffUser>();
        foreach (var r in rows) list.Add(await ToUserAsync(r, ct));
        return list;
    }

    /// <summary>The actor a signed-in user acts as (roles and sites read fresh).</summary>
    public static Actor ToActor(StaffUser u, string? origin) => new(u.Id, u.Username, u.Roles, u.AllSites, u.SiteIds, origin);

    public async Task<Outcome<StaffUser>> ChangePasswordAsync(Actor actor, string? currentPassword, string? newPassword, CancellationToken ct)
    {
        var row = await FindRowAsync("id = @id", new { id = actor.UserId }, ct);
        if (row is null) return Outcome.NotFound<StaffUser>();
        var e = new FieldErrors();
        if (string.IsNullOrEmpty(currentPassword) || !hashing.Verify(row.PasswordHash, currentPassword, out _))
            e.Add("currentPassword", "The current password is not correct.");
        foreach (var problem in PasswordPolicy.Problems(newPassword, row.Username)) e.Add("newPassword", problem);
        if (e.IsEmpty && newPassword == currentPassword) e.Add("newPassword", PasswordPolicy.Messages.SameAsCurrent);
        if (!e.IsEmpty) return Outcome.Invalid<StaffUser>(e.ToDictionary());
        await database.InTransactionAsync(async (c, tx) =>
        {
            await c.ExecuteAsync("""
                UPDATE users SET password_hash = @h, must_change_password = FALSE, security_stamp = @stamp, row_version = row_version + 1
                WHERE id = @id
                """, new { h = hashing.Hash(newPassword!), stamp = NewStamp(), id = row.Id }, tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Update, "user", row.Id, null, ["password_hash", "security_stamp"]));
            return 0;
        }, ct);
        _tokens.Forget(row.Id);
        return (await FindAsync(row.Id, ct))!;
    }

    /// <summary>
    /// Sign-out: a new security stamp, so every node refuses every session cookie issued to the user so far (a copy in
    /// another tab or a stolen one included), not only the cookie of the browser that signed out. Personal API tokens
    /// are not sessions and stay valid. Audited; does nothing for an unknown user.
    /// </summary>
    public async Task EndSessionsAsync(Actor actor, CancellationToken ct)
    {
        await database.InTransactionAsync(async (c, tx) =>
        {
            var changed = await c.ExecuteAsync("UPDATE users SET security_stamp = @stamp, row_version = row_version + 1 WHERE id = @id",
                new { stamp = NewStamp(), id = actor.UserId }, tx);
            if (changed == 1) await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Update, "user", actor.UserId, null, ["security_stamp", "sign_out"]));
            return changed;
        }, ct);
        _tokens.Forget(actor.UserId);
    }

    /// <summary>
    /// An administrator's reset: <paramref name="newPassword"/> becomes a one-time password (it must be changed at the next
    /// sign-in), the lockout is lifted and every session ends (new security stamp). Not found for an unknown username.
    /// </summary>
    public async Task<Outcome<StaffUser>> ResetPasswordAsync(Actor actor, string username, string? newPassword, CancellationToken ct)
    {
        var row = await FindRowAsync("username = @username", new { username = username.ToLowerInvariant() }, ct);
        if (row is null) return Outcome.NotFound<StaffUser>();
        var e = new FieldErrors();
        foreach (var problem in PasswordPolicy.Problems(newPassword, row.Username)) e.Add("password", problem);
        if (!e.IsEmpty) return Outcome.Invalid<StaffUser>(e.ToDictionary());
        await database.InTransactionAsync(async (c, tx) =>
        {
            await c.ExecuteAsync("""
                UPDATE users SET password_hash = @h, must_change_password = TRUE, failed_logins = 0, locked_until = NULL,
                                 security_stamp = @stamp, row_version = row_version + 1
                WHERE id = @id
                """, new { h = hashing.Hash(newPassword!), stamp = NewStamp(), id = row.Id }, tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Update, "user", row.Id, null, ["password_hash", "must_change_password", "security_stamp"]));
            return 0;
        }, ct);
        _tokens.Forget(row.Id);
        return (await FindAsync(row.Id, ct))!;
    }

    public async Task<Outcome<StaffUser>> CreateAsync(Actor actor, CreateUser r, CancellationToken ct)
    {
        var e = new FieldErrors();
        var username = e.Pattern("username", r.Username?.ToLowerInvariant(), UsernamePattern, "3–64 lowercase letters, digits, '.', '_' or '-'", required: true);
        var display = e.Required("displayName", r.DisplayName, 100);
        if (username is not null) foreach (var p in PasswordPolicy.Problems(r.Password, username)) e.Add("password", p);
        var roles = (r.Roles ?? []).Distinct().ToList();
        if (roles.Count == 0) e.Add("roles", $"Give at least one of {string.Join(", ", Roles.All)}.");
        foreach (var role in roles) if (!Roles.All.Contains(role)) e.Add("roles", $"Unknown role '{role}'. Roles: {string.Join(", ", Roles.All)}.");
        var lang = e.OneOf("language", r.Language ?? "en", ["en", "ko", "zh"]);
        var allSites = await sites.ListAsync(ct);
        var siteIds = new List<string>();
        foreach (var code in r.SiteCodes ?? [])
        {
            var s = allSites.FirstOrDefault(x => x.Code == code);
            if (s is null) e.Add("siteCodes", $"Unknown site '{code}'.");
            else siteIds.Add(s.Id);
        }
        if (!r.AllSites && siteIds.Count == 0 && (r.SiteCodes is null || r.SiteCodes.Count == 0)) e.Add("siteCodes", "Give at least one site, or allSites.");
        if (username is not null && await FindRowAsync("username = @username", new { username }, ct) is not null) e.Add("username", "Already taken.");
        if (!e.IsEmpty) return Outcome.Invalid<StaffUser>(e.ToDictionary());

        var id = Ids.New(clock);
        await database.InTransactionAsync(async (c, tx) =>
        {
            await c.ExecuteAsync("""
                INSERT INTO users (id, username, display_name, password_hash, must_change_password, language, all_sites, security_stamp, created_at)
                VALUES (@id, @username, @display, @hash, TRUE, @lang, @all, @stamp, @now)
                """, new { id, username, display, hash = hashing.Hash(r.Password!), lang, all = r.AllSites, stamp = NewStamp(), now = clock.GetUtcNow() }, tx);
            foreach (var role in roles) await c.ExecuteAsync("INSERT INTO user_roles (user_id, role) VALUES (@id, @role)", new { id, role }, tx);
            foreach (var sid in siteIds.Distinct()) await c.ExecuteAsync("INSERT INTO user_sites (user_id, site_id) VALUES (@id, @sid)", new { id, sid }, tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, "user", id, null, ["username", "roles", "sites"]));
            return 0;
        }, ct);
        return (await FindAsync(id, ct))!;
    }

    // ---- API tokens ------------------------------------------------------------------------------------------------

    public async Task<Outcome<NewApiToken>> CreateTokenAsync(Actor actor, string userId, string? name, CancellationToken ct)
    {
        var e = new FieldErrors();
        var n = e.Required("name", name, 100);
        if (!e.IsEmpty) return Outcome.Invalid<NewApiToken>(e.ToDictionary());
        if (await FindRowAsync("id = @userId", new { userId }, ct) is null) return Outcome.NotFound<NewApiToken>();
        var secret = TokenPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var id = Ids.New(clock);
        var now = clock.GetUtcNow();
        await database.InTransactionAsync(async (c, tx) =>
        {
            await c.ExecuteAsync("INSERT INTO api_tokens (id, user_id, name, token_hash, created_at) VALUES (@id, @userId, @n, @hash, @now)",
                new { id, userId, n, hash = TokenHash(secret), now }, tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Create, "api_token", id, null, ["name"]));
            return 0;
        }, ct);
        return new NewApiToken(new ApiToken(id, n!, now, null, null), secret);
    }

    public async Task<IReadOnlyList<ApiToken>> TokensAsync(string userId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return (await c.QueryAsync<TokenRow>(new CommandDefinition("""
            SELECT id AS Id, name AS Name, created_at AS CreatedAt, revoked_at AS RevokedAt, last_used_at AS LastUsedAt
            FROM api_tokens WHERE user_id = @userId ORDER BY created_at DESC
            """, new { userId }, cancellationToken: ct))).Select(t => new ApiToken(t.Id, t.Name, t.CreatedAt, t.RevokedAt, t.LastUsedAt)).ToList();
    }

    /// <summary>Revokes a token of <paramref name="userId"/>; false when there is no such live token.</summary>
    public async Task<bool> RevokeTokenAsync(Actor actor, string userId, string tokenId, CancellationToken ct)
    {
        var revoked = await database.InTransactionAsync(async (c, tx) =>
        {
            var n = await c.ExecuteAsync("UPDATE api_tokens SET revoked_at = @now WHERE id = @tokenId AND user_id = @userId AND revoked_at IS NULL",
                new { now = clock.GetUtcNow(), tokenId, userId }, tx);
            if (n == 0) return false;
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Update, "api_token", tokenId, null, ["revoked_at"]));
            return true;
        }, ct);
        // Committed: this node refuses the token from the next request on (other nodes within the token cache time).
        _tokens.Forget(userId);
        return revoked;
    }

    /// <summary>The user a bearer token belongs to, when the token is live and the user is enabled.</summary>
    public async Task<StaffUser?> FindByTokenAsync(string? secret, CancellationToken ct)
    {
        if (secret is null || !secret.StartsWith(TokenPrefix, StringComparison.Ordinal) || secret.Length > 100) return null;
        var hash = TokenHash(secret);
        if (_tokens.Find(hash) is { } cached) return cached;
        var generation = _tokens.Generation;
        await using var c = await database.OpenAsync(ct);
        var token = await c.QuerySingleOrDefaultAsync<TokenUse>(new CommandDefinition(
            "SELECT user_id AS UserId, last_used_at AS LastUsedAt FROM api_tokens WHERE token_hash = @hash AND revoked_at IS NULL",
            new { hash }, cancellationToken: ct));
        if (token is null) return null;
        // "Last used" to the minute: a write per request would serialise every token-authenticated read behind the
        // database's write lock (SQLite) for a figure no one reads to the second.
        var now = clock.GetUtcNow();
        if (token.LastUsedAt is not { } last || now - last >= LastUsedResolution)
            await c.ExecuteAsync(new CommandDefinition("UPDATE api_tokens SET last_used_at = @now WHERE token_hash = @hash",
                new { now, hash }, cancellationToken: ct));
        var user = await FindAsync(token.UserId, ct);
        if (user is not { Disabled: false }) return null;
        _tokens.Store(hash, user, generation);
        return user;
    }

    /// <summary>How stale a token's "last used" time may be; it is written at most once per this interval.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    static string TokenHash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>A new security stamp: writing one ends every session issued before (the cookie's stamp no longer matches).</summary>
    internal static string NewStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>A random 20-character password from an unambiguous alphabet.</summary>
    public static string GeneratePassword()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
        return new string(Enumerable.Range(0, 20).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]).ToArray());
    }

    static readonly System.Text.RegularExpressions.Regex UsernamePattern = new(@"^[a-z0-9._\-]{3,64}$");

    async Task<UserRow?> FindRowAsync(string where, object args, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(UserColumns + " WHERE " + where, args, cancellationToken: ct));
    }

    async Task<StaffUser> ToUserAsync(UserRow r, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        var roles = (await c.QueryAsync<string>(new CommandDefinition("SELECT role FROM user_roles WHERE user_id = @id ORDER BY role", new { id = r.Id }, cancellationToken: ct))).ToList();
        var siteIds = (await c.QueryAsync<string>(new CommandDefinition("SELECT site_id FROM user_sites WHERE user_id = @id ORDER BY site_id", new { id = r.Id }, cancellationToken: ct))).ToList();
        return new StaffUser(r.Id, r.Username, r.DisplayName, roles, r.AllSites, siteIds, r.Language, r.MustChangePassword, r.Disabled, r.SecurityStamp,
            r.LockedUntil, r.TwoFactorEnabled, !r.TwoFactorEnabled && options.RequiresTwoFactor(roles));
    }

    sealed record UserRow
    {
        public string Id { get; init; } = "";
        public string Username { get; init; } = "";
        public string DisplayName { get; init; } = "";
        public string PasswordHash { get; init; } = "";
        public bool MustChangePassword { get; init; }
        public int FailedLogins { get; init; }
        public DateTimeOffset? LockedUntil { get; init; }
        public string Language { get; init; } = "en";
        public bool AllSites { get; init; }
        public bool Disabled { get; init; }
        public string SecurityStamp { get; init; } = "";
        public bool TwoFactorEnabled { get; init; }
    }

    sealed record TokenUse
    {
        public string UserId { get; init; } = "";
        public DateTimeOffset? LastUsedAt { get; init; }
    }

    sealed record TokenRow
    {
        public string Id { get; init; } = "";
        public string Name { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? RevokedAt { get; init; }
        public DateTimeOffset? LastUsedAt { get; init; }
    }
}
