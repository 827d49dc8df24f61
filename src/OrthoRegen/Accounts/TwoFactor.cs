using System.Security.Cryptography;
using System.Text;
using Dapper;
using OrthoRegen.Audit;
using OrthoRegen.Data;

namespace OrthoRegen.Accounts;

/// <summary>
/// Encrypts secrets at rest (the host's ASP.NET data protection key ring, kept in the database so every node can read
/// them). Core never sees the key.
/// </summary>
public interface ISecretProtection
{
    string Protect(string plaintext);
    /// <summary>The plaintext, or null when the ciphertext cannot be read (a lost or revoked key).</summary>
    string? Unprotect(string ciphertext);
}

/// <summary>An enrolment in progress: the secret as base32 for typing and as the otpauth URI for the QR code.</summary>
public sealed record TotpEnrolment(string SecretBase32, string OtpauthUri);

/// <summary>Recovery codes shown once when two-factor sign-in is set up; each signs in once instead of a TOTP code.</summary>
public sealed record RecoveryCodes(IReadOnlyList<string> Codes);

/// <summary>How a second-factor code was judged.</summary>
public enum SecondFactorCheck { Accepted, AcceptedRecoveryCode, Wrong, NotEnrolled }

/// <summary>
/// TOTP enrolment, verification and reset: the only code touching the <c>totp_*</c> columns of <c>users</c> and
/// <c>user_recovery_codes</c>. Secrets never reach logs or the audit trail; the audit names only the fields written.
/// </summary>
public sealed class TwoFactorStore(Database database, AuditTrail audit, ISecretProtection protection, TimeProvider clock)
{
    public const string Issuer = "OrthoRegen";
    public const int RecoveryCodeCount = 10;

    public static class Messages
    {
        public const string WrongCode = "The code is not correct or has already been used. Enter the current 6-digit code from the authenticator app.";
        public const string NoEnrolment = "Start the set-up first: no secret is waiting for confirmation.";
        public const string AlreadyEnrolled = "Two-factor sign-in is already set up; an administrator can reset it.";
    }

    sealed record Row
    {
        public string Id { get; init; } = "";
        public string Username { get; init; } = "";
        public string? TotpSecret { get; init; }
        public string? TotpPendingSecret { get; init; }
        public long? TotpLastStep { get; init; }
    }

    async Task<Row?> RowAsync(string where, object args, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"""
            SELECT id AS Id, username AS Username, totp_secret AS TotpSecret, totp_pending_secret AS TotpPendingSecret,
                   totp_last_step AS TotpLastStep
            FROM users WHERE {where}
            """, args, cancellationToken: ct));
    }

    /// <summary>
    /// The secret waiting for the signed-in user's confirmation, created (and audited) when there is none. Conflict when
    /// two-factor sign-in is already set up.
    /// </summary>
    public async Task<Outcome<TotpEnrolment>> PendingEnrolmentAsync(Actor actor, CancellationToken ct)
    {
        var row = await RowAsync("id = @id", new { id = actor.UserId }, ct);
        if (row is null) return Outcome.NotFound<TotpEnrolment>();
        if (row.TotpSecret is not null) return Outcome.Conflict<TotpEnrolment>(Messages.AlreadyEnrolled);
        if (row.TotpPendingSecret is not null && protection.Unprotect(row.TotpPendingSecret) is { } existing && Base32.Decode(existing) is { Length: Totp.SecretBytes } key)
            return Enrolment(row.Username, key);
        var secret = Totp.NewSecret();
        // Encrypt before the transaction: the first use of the key ring writes a new key to the database, which on
        // SQLite would wait for this very transaction's write lock.
        var protectedSecret = protection.Protect(Base32.Encode(secret));
        await database.InTransactionAsync(async (c, tx) =>
        {
            await c.ExecuteAsync("UPDATE users SET totp_pending_secret = @p WHERE id = @id AND totp_secret IS NULL",
                new { p = protectedSecret, id = row.Id }, tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Update, "user", row.Id, null, ["totp_pending_secret"]));
            return 0;
        }, ct);
        return Enrolment(row.Username, secret);
    }

    static TotpEnrolment Enrolment(string username, byte[] secret) =>
        new(Base32.Encode(secret), Totp.OtpauthUri(Issuer, username, secret));

    /// <summary>
    /// Confirms the pending secret with a current code: two-factor sign-in is on from now, and ten fresh recovery codes
    /// are returned (shown once; only their hashes are kept). The code's time step counts as used.
    /// </summary>
    public async Task<Outcome<RecoveryCodes>> ConfirmEnrolmentAsync(Actor actor, string? code, CancellationToken ct)
    {
        var row = await RowAsync("id = @id", new { id = actor.UserId }, ct);
        if (row is null) return Outcome.NotFound<RecoveryCodes>();
        if (row.TotpSecret is not null) return Outcome.Conflict<RecoveryCodes>(Messages.AlreadyEnrolled);
        var e = new FieldErrors();
        var key = row.TotpPendingSecret is null ? null : protection.Unprotect(row.TotpPendingSecret) is { } b32 ? Base32.Decode(b32) : null;
        if (key is null) { e.Add("code", Messages.NoEnrolment); return Outcome.Invalid<RecoveryCodes>(e.ToDictionary()); }
        if (Totp.Normalise(code) is null) { e.Add("code", "Enter the 6-digit code shown by the authenticator app."); return Outcome.Invalid<RecoveryCodes>(e.ToDictionary()); }
        var step = Totp.MatchingStep(key, code, clock.GetUtcNow());
        if (step is null) { e.Add("code", Messages.WrongCode); return Outcome.Invalid<RecoveryCodes>(e.ToDictionary()); }
        var codes = Enumerable.Range(0, RecoveryCodeCount).Select(_ => NewRecoveryCode()).ToList();
        var now = clock.GetUtcNow();
        var done = await database.InTransactionAsync(async (c, tx) =>
        {
            var n = await c.ExecuteAsync("""
                UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_last_step = @step, totp_enabled_at = @now,
                                 row_version = row_version + 1
                WHERE id = @id AND totp_secret IS NULL AND totp_pending_secret = @pending
                """, new { step, now, id = row.Id, pending = row.TotpPendingSecret }, tx);
            if (n == 0) return false;
            await c.ExecuteAsync("DELETE FROM user_recovery_codes WHERE user_id = @id", new { id = row.Id }, tx);
            foreach (var rc in codes)
                await c.ExecuteAsync("INSERT INTO user_recovery_codes (user_id, code_hash, created_at) VALUES (@id, @h, @now)",
                    new { id = row.Id, h = RecoveryHash(rc), now }, tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Update, "user", row.Id, null,
                ["totp_secret", "totp_enabled_at", "recovery_codes"]));
            return true;
        }, ct);
        // A second confirmation racing this one lost: the secret it confirmed is the same, but its codes were not kept.
        return done ? new RecoveryCodes(codes) : Outcome.Conflict<RecoveryCodes>(Messages.AlreadyEnrolled);
    }

    /// <summary>True when the user has confirmed a TOTP secret.</summary>
    public async Task<bool> IsEnrolledAsync(string userId, CancellationToken ct) =>
        (await RowAsync("id = @id", new { id = userId }, ct))?.TotpSecret is not null;

    /// <summary>Recovery codes not yet used.</summary>
    public async Task<int> RecoveryCodesLeftAsync(string userId, CancellationToken ct)
    {
        await using var c = await database.OpenAsync(ct);
        return (int)await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM user_recovery_codes WHERE user_id = @userId AND used_at IS NULL", new { userId }, cancellationToken: ct));
    }

    /// <summary>
    /// Checks a second factor: a TOTP code within ±1 step whose step is later than the last one accepted (the step is
    /// then recorded, atomically, so two nodes cannot both accept it), or an unused recovery code (then spent).
    /// Writes nothing to the audit trail; the sign-in that called this does.
    /// </summary>
    public async Task<SecondFactorCheck> CheckAsync(string userId, string? code, CancellationToken ct)
    {
        var row = await RowAsync("id = @id", new { id = userId }, ct);
        if (row?.TotpSecret is null) return SecondFactorCheck.NotEnrolled;
        if (code is null || code.Length > 64) return SecondFactorCheck.Wrong;
        if (Totp.Normalise(code) is not null)
        {
            var key = protection.Unprotect(row.TotpSecret) is { } b32 ? Base32.Decode(b32) : null;
            if (key is null) return SecondFactorCheck.Wrong;
            var step = Totp.MatchingStep(key, code, clock.GetUtcNow());
            if (step is null || step <= row.TotpLastStep) return SecondFactorCheck.Wrong;
            await using var c = await database.OpenAsync(ct);
            var n = await c.ExecuteAsync(new CommandDefinition(
                "UPDATE users SET totp_last_step = @step WHERE id = @id AND (totp_last_step IS NULL OR totp_last_step < @step)",
                new { step, id = userId }, cancellationToken: ct));
            return n == 1 ? SecondFactorCheck.Accepted : SecondFactorCheck.Wrong;
        }
        var normal = NormaliseRecovery(code);
        if (normal is null) return SecondFactorCheck.Wrong;
        await using (var c = await database.OpenAsync(ct))
        {
            var n = await c.ExecuteAsync(new CommandDefinition(
                "UPDATE user_recovery_codes SET used_at = @now WHERE user_id = @id AND code_hash = @h AND used_at IS NULL",
                new { now = clock.GetUtcNow(), id = userId, h = RecoveryHash(normal) }, cancellationToken: ct));
            return n == 1 ? SecondFactorCheck.AcceptedRecoveryCode : SecondFactorCheck.Wrong;
        }
    }

    /// <summary>
    /// An administrator's recovery for a user who lost their authenticator: the secret and recovery codes are removed
    /// and every session ends (new security stamp). If the user's role requires a second factor they enrol again at
    /// their next sign-in. Not found for an unknown username.
    /// </summary>
    public async Task<Outcome<string>> ResetAsync(Actor actor, string username, CancellationToken ct)
    {
        var row = await RowAsync("username = @username", new { username = username.Trim().ToLowerInvariant() }, ct);
        if (row is null) return Outcome.NotFound<string>();
        await database.InTransactionAsync(async (c, tx) =>
        {
            await c.ExecuteAsync("""
                UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_last_step = NULL, totp_enabled_at = NULL,
                                 security_stamp = @stamp, row_version = row_version + 1
                WHERE id = @id
                """, new { stamp = UserStore.NewStamp(), id = row.Id }, tx);
            await c.ExecuteAsync("DELETE FROM user_recovery_codes WHERE user_id = @id", new { id = row.Id }, tx);
            await audit.AppendAsync(c, tx, actor, new AuditEvent(AuditAction.Update, "user", row.Id, null,
                ["totp_secret", "totp_pending_secret", "recovery_codes", "security_stamp"]));
            return 0;
        }, ct);
        return row.Username;
    }

    const string RecoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    /// <summary>A recovery code as shown: two groups of five from an unambiguous alphabet (about 49 bits).</summary>
    static string NewRecoveryCode()
    {
        var chars = Enumerable.Range(0, 10).Select(_ => RecoveryAlphabet[RandomNumberGenerator.GetInt32(RecoveryAlphabet.Length)]).ToArray();
        return new string(chars, 0, 5) + "-" + new string(chars, 5, 5);
    }

    /// <summary>Ten recovery-alphabet characters, case and dashes or spaces ignored; null otherwise.</summary>
    static string? NormaliseRecovery(string code)
    {
        var c = new string(code.Where(ch => ch is not ('-' or ' ')).ToArray()).ToLowerInvariant();
        return c.Length == 10 && c.All(ch => RecoveryAlphabet.Contains(ch)) ? c : null;
    }

    static string RecoveryHash(string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(NormaliseRecovery(code) ?? code)));
}
