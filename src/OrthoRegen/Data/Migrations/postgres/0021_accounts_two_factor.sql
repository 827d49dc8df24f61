-- Two-factor sign-in (TOTP, RFC 6238) for staff. The secret is stored encrypted by the host's data protection key ring;
-- the pending secret is the one shown during enrolment until the user confirms it with a code. totp_last_step is the
-- last time step accepted, so the same code cannot be used twice. Recovery codes are single-use and stored as SHA-256.
ALTER TABLE users ADD COLUMN totp_secret text NULL;
ALTER TABLE users ADD COLUMN totp_pending_secret text NULL;
ALTER TABLE users ADD COLUMN totp_last_step bigint NULL;
ALTER TABLE users ADD COLUMN totp_enabled_at timestamptz NULL;

CREATE TABLE user_recovery_codes (
    user_id text NOT NULL REFERENCES users(id),
    code_hash text NOT NULL,
    created_at timestamptz NOT NULL,
    used_at timestamptz NULL,
    PRIMARY KEY (user_id, code_hash)
);
